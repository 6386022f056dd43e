import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies pending forward-only SQL migrations in file-name order, each in its own transaction, under an advisory lock so concurrent servers agree. */
export async function migrate(pool: pg.Pool, log: (m: string) => void = () => {}): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(824100001)');
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
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
const AUDIT_ENTRY_COLUMNS = ['actor_id', 'actor_name', 'actor_roles', 'scope', 'action', 'object_type', 'object_id', 'result', 'ip', 'request_id', 'detail', 'nonce', 'mac'];

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
