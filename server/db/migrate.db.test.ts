import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../test/harness.js';
import { migrate, MigrationChangedError, migrationChecksum } from './migrate.js';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

let t: TestEnv;
let dir: string;
beforeAll(async () => {
  t = await setupTestEnv();
  dir = mkdtempSync(path.join(tmpdir(), 'qunhub-migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const recorded = async (name: string) =>
  (await t.ownerPool.query<{ checksum: string | null }>('SELECT checksum FROM schema_migrations WHERE name = $1', [name])).rows[0]?.checksum;

describe('migrations are recorded with their checksum', () => {
  it('records every applied file with the checksum of its text, and applies nothing twice', async () => {
    expect(await migrate(t.ownerPool, () => {}, dir)).toEqual([]);
    const first = '0001_foundation.sql';
    expect(await recorded(first)).toBe(migrationChecksum(readFileSync(path.join(MIGRATIONS, first), 'utf8')));
  });

  it('refuses to start when an applied migration changed, naming it, and applies no pending one', async () => {
    const edited = '0020_disputes.sql';
    const original = readFileSync(path.join(dir, edited), 'utf8');
    writeFileSync(path.join(dir, edited), `${original}\n-- edited after it was applied\n`);
    writeFileSync(path.join(dir, '9999_pending.sql'), 'CREATE TABLE migration_probe (id int);');
    try {
      const err = await migrate(t.ownerPool, () => {}, dir).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MigrationChangedError);
      expect((err as MigrationChangedError).files).toEqual([edited]);
      expect((err as Error).message).toContain(edited);
      const probe = await t.ownerPool.query(`SELECT to_regclass('migration_probe') AS t`);
      expect(probe.rows[0].t).toBeNull();
      // A CRLF checkout of the same text is not a change.
      writeFileSync(path.join(dir, edited), original.replace(/\n/g, '\r\n'));
      expect(await migrate(t.ownerPool, () => {}, dir)).toEqual(['9999_pending.sql']);
    } finally {
      writeFileSync(path.join(dir, edited), original);
    }
  });

  it('gives rows recorded before checksums existed the checksum of their file once', async () => {
    const name = '0010_requests.sql';
    await t.ownerPool.query('UPDATE schema_migrations SET checksum = NULL WHERE name = $1', [name]);
    await migrate(t.ownerPool, () => {}, dir);
    expect(await recorded(name)).toBe(migrationChecksum(readFileSync(path.join(MIGRATIONS, name), 'utf8')));
  });
});
