import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

/** Tampering as a superuser would: with every trigger, the append-only ones and the foreign keys, switched off. */
async function tamper(db: TestEnv['c']['db'], stmt: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await stmt.execute(trx);
  });
}

const maxSeq = async (db: TestEnv['c']['db'], minus: number) =>
  Number((await sql<{ s: number }>`SELECT max(seq) - ${minus}::int AS s FROM audit_log`.execute(db)).rows[0]!.s);

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

  it('refuses UPDATE, DELETE and TRUNCATE on the entries and on the chain', async () => {
    await t.c.audit.flush();
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log CASCADE`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_chain SET hash = prev_hash WHERE link = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_chain WHERE link = 1`.execute(t.c.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_chain`.execute(t.c.db)).rejects.toThrow(/append-only/);
  });

  it('links every committed entry shortly after it is written, without a call to flush', async () => {
    const seq = await maxSeq(t.c.db, 0);
    await expect
      .poll(async () => (await t.c.db.selectFrom('audit_chain').select('link').where('entry_seq', '=', seq).execute()).length, { timeout: 5000 })
      .toBe(1);
  });

  it('verifies an intact chain', async () => {
    const r = await t.c.audit.verify();
    expect(r.ok).toBe(true);
  });

  it('lets audited transactions commit while another audited transaction is still open, and chains both', async () => {
    const who = { actorId: null, actorName: 'test', actorRoles: '', scope: '', ip: null, requestId: 'concurrent' };
    let releaseFirst!: () => void;
    const held = new Promise<void>((r) => (releaseFirst = r));
    let firstSeq = 0;
    const first = t.c.db.transaction().execute(async (trx) => {
      firstSeq = await t.c.audit.append(trx, who, { action: 'test.first' });
      await held;
    });
    await expect.poll(() => firstSeq).toBeGreaterThan(0);
    // Before the chain was linked after commit, this append waited for the first transaction's head lock.
    const second = await Promise.race([
      t.c.db.transaction().execute((trx) => t.c.audit.append(trx, who, { action: 'test.second' })),
      new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 3000)),
    ]);
    expect(second).toBeGreaterThan(firstSeq);
    releaseFirst();
    await first;
    const r = await t.c.audit.verify();
    expect(r.ok).toBe(true);
    const links = await t.c.db.selectFrom('audit_chain').select('entry_seq').where('entry_seq', 'in', [firstSeq, second as number]).execute();
    expect(links).toHaveLength(2);
  });

  it('leaves no entry and no gap in the chain when the business transaction rolls back', async () => {
    const who = { actorId: null, actorName: 'test', actorRoles: '', scope: '', ip: null, requestId: 'rollback' };
    let seq = 0;
    await expect(
      t.c.db.transaction().execute(async (trx) => {
        seq = await t.c.audit.append(trx, who, { action: 'test.rolled_back' });
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    expect(await t.c.db.selectFrom('audit_log').select('seq').where('seq', '=', seq).execute()).toHaveLength(0);
    const r = await t.c.audit.verify();
    expect(r.ok).toBe(true);
  });

  it('names the first broken link after an edit', async () => {
    await t.c.audit.flush();
    const target = await maxSeq(t.c.db, 2);
    await tamper(t.c.db, sql`UPDATE audit_log SET object_id = '999' WHERE seq = ${target}`);
    const r = await t.c.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenAt: target, problem: 'edited' });
  });

  it('names the first broken link after a deletion, a reordering, a removed link and an entry written around the trail', async () => {
    const cases: { name: string; damage: (db: TestEnv['c']['db']) => Promise<number>; problem: string }[] = [
      {
        name: 'deleted entry',
        problem: 'missing',
        damage: async (db) => {
          const del = await maxSeq(db, 1);
          await tamper(db, sql`DELETE FROM audit_log WHERE seq = ${del}`);
          return del;
        },
      },
      {
        name: 'swapped contents',
        problem: 'edited',
        damage: async (db) => {
          const s = await maxSeq(db, 3);
          await tamper(db, sql`UPDATE audit_log SET seq = -seq WHERE seq IN (${s}, ${s + 1})`);
          await tamper(db, sql`UPDATE audit_log SET seq = CASE WHEN seq = ${-s}::bigint THEN ${s + 1}::bigint ELSE ${s}::bigint END WHERE seq IN (${-s}::bigint, ${-(s + 1)}::bigint)`);
          return s;
        },
      },
      {
        name: 'removed link',
        problem: 'missing',
        damage: async (db) => {
          const link = (await sql<{ link: number; entry_seq: number }>`SELECT link, entry_seq FROM audit_chain ORDER BY link DESC OFFSET 1 LIMIT 1`.execute(db)).rows[0]!;
          const before = (await sql<{ entry_seq: number }>`SELECT entry_seq FROM audit_chain WHERE link = ${link.link}::bigint - 1`.execute(db)).rows[0]!;
          await tamper(db, sql`DELETE FROM audit_chain WHERE link = ${link.link}`);
          return Number(before.entry_seq) + 1;
        },
      },
      {
        name: 'entry written around the trail',
        problem: 'unlinked',
        damage: async (db) => {
          const r = await sql<{ seq: number }>`INSERT INTO audit_log (at, action, result) VALUES (now(), 'forged', 'ok') RETURNING seq`.execute(db);
          return Number(r.rows[0]!.seq);
        },
      },
    ];
    for (const k of cases) {
      const fresh = await setupTestEnv();
      try {
        const u = await fresh.as('union.street');
        await u.get('/api/auth/me');
        await fresh.c.audit.flush();
        const at = await k.damage(fresh.c.db);
        expect(await fresh.c.audit.verify(), k.name).toMatchObject({ ok: false, brokenAt: at, problem: k.problem });
      } finally {
        await fresh.close();
      }
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
      await tamper(fresh.c.db, sql`UPDATE audit_log SET result = 'denied' WHERE seq = ${target}`);
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`first broken link at seq ${target} (edited)`);
    } finally {
      await fresh.close();
    }
  });
});
