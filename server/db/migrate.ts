import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The SHA-256 of a migration's text (line endings normalised, so a checkout's CRLF does not count as a change). */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** An applied migration whose file no longer matches what was applied: the schema and the files disagree. */
export class MigrationChangedError extends Error {
  constructor(readonly files: string[]) {
    super(
      `Migration ${files.join(', ')} changed after it was applied to this database. Migrations are forward-only: ` +
        'restore the file as it was and put the change in a new migration.',
    );
    this.name = 'MigrationChangedError';
  }
}

/**
 * Applies pending forward-only SQL migrations in file-name order, each in its own transaction, under an advisory lock
 * so concurrent servers agree. Each is recorded with its checksum; an applied file that changed since refuses the
 * start (`MigrationChangedError`). Rows recorded before checksums existed take the file's checksum once.
 */
export async function migrate(pool: pg.Pool, log: (m: string) => void = () => {}, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(824100001)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    const done = new Map(
      (await client.query<{ name: string; checksum: string | null }>('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [r.name, r.checksum]),
    );
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const texts = new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const changed: string[] = [];
    for (const file of files) {
      if (!done.has(file)) continue;
      const sum = migrationChecksum(texts.get(file)!);
      const recorded = done.get(file);
      if (recorded == null) await client.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [file, sum]);
      else if (recorded !== sum) changed.push(file);
    }
    if (changed.length) throw new MigrationChangedError(changed);
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = texts.get(file)!;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, migrationChecksum(sql)]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      log(`migrated ${file}`);
      applied.push(file);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(824100001)').catch(() => {});
    client.release();
  }
  return applied;
}

/** The audit tables: the application role reads them and writes only through the grants and functions below. */
const AUDIT_TABLES = ['audit_log', 'audit_chain', 'audit_head', 'audit_queue', 'audit_alarm', 'audit_integrity'];
/** The columns of an audit entry the application writes; its number and time are the database's (ADR 0010). */
const AUDIT_ENTRY_COLUMNS = [
  'actor_id',
  'actor_name',
  'actor_roles',
  'scope',
  'action',
  'object_type',
  'object_id',
  'result',
  'ip',
  'request_id',
  'detail',
  'nonce',
  'mac',
];

/**
 * Gives the application role what serving needs and nothing more (ADR 0010): DML on the business tables and their
 * sequences; on the audit trail SELECT, INSERT of an entry's own columns and a queue row, an alarm row, and the
 * linker's two functions; no UPDATE, DELETE or TRUNCATE of audit rows, no DDL. Run by the owner after every migration,
 * so tables added later are covered; idempotent.
 */
export async function grantApplicationRole(pool: pg.Pool, role: string): Promise<void> {
  const client = await pool.connect();
  try {
    const r = client.escapeIdentifier(role);
    const db = client.escapeIdentifier((await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db);
    await client.query('BEGIN');
    const statements = [
      `GRANT CONNECT ON DATABASE ${db} TO ${r}`,
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `REVOKE CREATE ON SCHEMA public FROM ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `REVOKE ALL ON SEQUENCE audit_log_seq FROM ${r}`,
      `REVOKE ALL ON TABLE schema_migrations, ${AUDIT_TABLES.join(', ')} FROM ${r}`,
      `GRANT SELECT ON TABLE schema_migrations, ${AUDIT_TABLES.join(', ')} TO ${r}`,
      `GRANT INSERT (${AUDIT_ENTRY_COLUMNS.join(', ')}) ON TABLE audit_log TO ${r}`,
      `GRANT INSERT ON TABLE audit_queue TO ${r}`,
      `GRANT INSERT (kind, entry_seq, detail) ON TABLE audit_alarm TO ${r}`,
      `GRANT EXECUTE ON FUNCTION audit_head_lock(boolean), audit_link(bigint[], bigint[], bigint[], bytea[], bytea[]) TO ${r}`,
    ];
    for (const s of statements) await client.query(s);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`Granting the application role ${role} its privileges failed: ${(err as Error).message}`, { cause: err });
  } finally {
    client.release();
  }
}
