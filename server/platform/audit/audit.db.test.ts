import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

/** Tampering as a superuser would: with the append-only trigger switched off. */
async function tamper(stmt: ReturnType<typeof sql>): Promise<void> {
  await t.c.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
    await stmt.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
  });
}

describe('audit trail', () => {
  beforeEach(async () => {
    const u = await t.as('union.street');
    const me = await u.get('/api/auth/me');
    const region = (await u.get(`/api/orgs/${me.body.orgId}`)).body.regionCode;
    for (let i = 0; i < 3; i++) await u.post('/api/orgs', { parentId: me.body.orgId, name: `审计测试${i}`, regionCode: region });
  });

  it('appends one row per write with actor, role, scope, action, object, result, ip and request id', async () => {
    const row = await t.c.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.create').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row.actor_name).toBe('union.street');
    expect(row.actor_roles).toBe('org_admin');
    expect(row.scope).toMatch(/^org:/);
    expect(row.object_type).toBe('org');
    expect(row.result).toBe('ok');
    expect(row.ip).toBeTruthy();
    expect(row.request_id).toBeTruthy();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.c.db)).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain', async () => {
    const r = await t.c.audit.verify();
    expect(r.ok).toBe(true);
  });

  it('names the first broken link after an edit', async () => {
    const target = Number((await sql<{ s: number }>`SELECT max(seq) - 2 AS s FROM audit_log`.execute(t.c.db)).rows[0]!.s);
    await tamper(sql`UPDATE audit_log SET object_id = '999' WHERE seq = ${target}`);
    const r = await t.c.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenAt: target, problem: 'edited' });
  });

  it('names the first broken link after a deletion and after a reordering', async () => {
    const fresh = await setupTestEnv();
    try {
      const u = await fresh.as('union.street');
      await u.get('/api/auth/me');
      const del = Number((await sql<{ s: number }>`SELECT max(seq) - 1 AS s FROM audit_log`.execute(fresh.c.db)).rows[0]!.s);
      await fresh.c.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
        await sql`DELETE FROM audit_log WHERE seq = ${del}`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
      });
      expect(await fresh.c.audit.verify()).toMatchObject({ ok: false, brokenAt: del, problem: 'missing' });
    } finally {
      await fresh.close();
    }
    const again = await setupTestEnv();
    try {
      const s = Number((await sql<{ s: number }>`SELECT max(seq) - 3 AS s FROM audit_log`.execute(again.c.db)).rows[0]!.s);
      // Swap the contents of two neighbouring rows, keeping their sequence numbers.
      await again.c.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
        await sql`UPDATE audit_log SET seq = -seq WHERE seq IN (${s}, ${s + 1})`.execute(trx);
        await sql`UPDATE audit_log SET seq = CASE WHEN seq = ${-s}::bigint THEN ${s + 1}::bigint ELSE ${s}::bigint END WHERE seq IN (${-s}::bigint, ${-(s + 1)}::bigint)`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
      });
      const r = await again.c.audit.verify();
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.brokenAt).toBe(s);
    } finally {
      await again.close();
    }
  });

  it('fails the business write when the audit write fails', async () => {
    const fresh = await setupTestEnv();
    try {
      const u = await fresh.as('union.street');
      const me = await u.get('/api/auth/me');
      const region = (await u.get(`/api/orgs/${me.body.orgId}`)).body.regionCode;
      await sql`ALTER TABLE audit_log ADD CONSTRAINT audit_fault CHECK (action <> 'org.create') NOT VALID`.execute(fresh.c.db);
      const r = await u.post('/api/orgs', { parentId: me.body.orgId, name: '不应写入的工会', regionCode: region });
      expect(r.status).toBeGreaterThanOrEqual(400);
      const n = await fresh.c.db.selectFrom('orgs').select('id').where('name', '=', '不应写入的工会').execute();
      expect(n).toHaveLength(0);
    } finally {
      await fresh.close();
    }
  });
});

describe('qunhub audit verify (CLI)', () => {
  it('prints OK on an intact chain and names the first broken link after tampering, with a failing exit code', async () => {
    const { spawnSync } = await import('node:child_process');
    const { inject } = await import('vitest');
    const fresh = await setupTestEnv();
    try {
      const keys = inject('keySpec');
      const env = {
        ...process.env,
        QUNHUB_MODE: 'production',
        DATABASE_URL: fresh.dbUrl,
        QUNHUB_DATA_KEYS: keys.dataKeys,
        QUNHUB_ACTIVE_KEY_ID: String(keys.activeKeyId),
        QUNHUB_BLIND_INDEX_KEY: keys.blindIndexKey,
        QUNHUB_AUDIT_KEY: keys.auditKey,
        LOG_LEVEL: 'silent',
      };
      const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'audit', 'verify'], { env, encoding: 'utf8' });
      const ok = run();
      expect(ok.stdout).toMatch(/audit chain OK/);
      expect(ok.status).toBe(0);
      const target = Number((await sql<{ s: number }>`SELECT max(seq) - 1 AS s FROM audit_log`.execute(fresh.c.db)).rows[0]!.s);
      await fresh.c.db.transaction().execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
        await sql`UPDATE audit_log SET result = 'denied' WHERE seq = ${target}`.execute(trx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
      });
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`first broken link at seq ${target} (edited)`);
    } finally {
      await fresh.close();
    }
  });
});
