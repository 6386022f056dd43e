import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';
import { AuditTrail } from './audit.js';

let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

/**
 * Tampering as a superuser would (the owner in these tests): with every trigger, the append-only ones and the foreign keys,
 * switched off. The application role can do none of this (see 'what the application role may do').
 */
async function tamper(env: TestEnv, stmt: ReturnType<typeof sql>): Promise<void> {
  await env.owner.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await stmt.execute(trx);
  });
}

const who = (requestId: string) => ({ actorId: null, actorName: 'test', actorRoles: '', scope: '', ip: null, requestId });

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

  it('refuses UPDATE, DELETE and TRUNCATE on the entries and on the chain, to the owner by trigger', async () => {
    await t.c.audit.flush();
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log CASCADE`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_chain SET hash = prev_hash WHERE link = 1`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_chain WHERE link = 1`.execute(t.owner)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_chain`.execute(t.owner)).rejects.toThrow(/append-only/);
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
    const links = await t.c.db
      .selectFrom('audit_chain')
      .select('entry_seq')
      .where('entry_seq', 'in', [firstSeq, second as number])
      .execute();
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
    await tamper(t, sql`UPDATE audit_log SET object_id = '999' WHERE seq = ${target}`);
    const r = await t.c.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenAt: target, problem: 'edited' });
  });

  it('names the first broken link after a deletion, a reordering, a removed link and an entry written around the trail', async () => {
    const cases: { name: string; damage: (env: TestEnv) => Promise<number>; problem: string }[] = [
      {
        name: 'deleted entry',
        problem: 'missing',
        damage: async (env) => {
          const del = await maxSeq(env.owner, 1);
          await tamper(env, sql`DELETE FROM audit_log WHERE seq = ${del}`);
          return del;
        },
      },
      {
        name: 'swapped contents',
        problem: 'edited',
        damage: async (env) => {
          const s = await maxSeq(env.owner, 3);
          await tamper(env, sql`UPDATE audit_log SET seq = -seq WHERE seq IN (${s}, ${s + 1})`);
          await tamper(
            env,
            sql`UPDATE audit_log SET seq = CASE WHEN seq = ${-s}::bigint THEN ${s + 1}::bigint ELSE ${s}::bigint END WHERE seq IN (${-s}::bigint, ${-(s + 1)}::bigint)`,
          );
          return s;
        },
      },
      {
        name: 'removed link',
        problem: 'missing',
        damage: async (env) => {
          const link = (
            await sql<{ link: number; entry_seq: number }>`SELECT link, entry_seq FROM audit_chain ORDER BY link DESC OFFSET 1 LIMIT 1`.execute(env.owner)
          ).rows[0]!;
          const before = (await sql<{ entry_seq: number }>`SELECT entry_seq FROM audit_chain WHERE link = ${link.link}::bigint - 1`.execute(env.owner))
            .rows[0]!;
          await tamper(env, sql`DELETE FROM audit_chain WHERE link = ${link.link}`);
          return Number(before.entry_seq) + 1;
        },
      },
      {
        name: 'entry written around the trail by the application role (no queue row, no MAC)',
        problem: 'forged',
        damage: async (env) => {
          const r = await sql<{ seq: number }>`INSERT INTO audit_log (action, result) VALUES ('forged', 'ok') RETURNING seq`.execute(env.c.db);
          return Number(r.rows[0]!.seq);
        },
      },
      {
        name: 'genuine entry taken off the queue through the linker function by the application role',
        problem: 'unlinked',
        damage: async (env) => {
          // In the writing transaction, so no linker sees the queue row first.
          return env.c.db.transaction().execute(async (trx) => {
            const seq = await env.c.audit.append(trx, who('taken-off'), { action: 'test.genuine' });
            await sql`SELECT audit_link(ARRAY[${seq}]::bigint[], '{}'::bigint[], '{}'::bigint[], '{}'::bytea[], '{}'::bytea[])`.execute(trx);
            return seq;
          });
        },
      },
    ];
    for (const k of cases) {
      const fresh = await setupTestEnv();
      try {
        const u = await fresh.as('union.street');
        await u.get('/api/auth/me');
        await fresh.c.audit.flush();
        const at = await k.damage(fresh);
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
      await sql`ALTER TABLE audit_log ADD CONSTRAINT audit_fault CHECK (action <> 'org.create') NOT VALID`.execute(fresh.owner);
      const r = await u.post('/api/orgs', { parentId: me.body.orgId, name: '不应写入的工会', regionCode: region });
      expect(r.status).toBeGreaterThanOrEqual(400);
      const n = await fresh.c.db.selectFrom('orgs').select('id').where('name', '=', '不应写入的工会').execute();
      expect(n).toHaveLength(0);
    } finally {
      await fresh.close();
    }
  });
});

/** `qunhub audit verify` run as the server would be, as the application role, with the server's data directory. */
/**
 * Runs `qunhub audit verify` in a child process without blocking this one: the test's own server keeps linking while
 * the command runs, and a linker frozen half-way by a synchronous spawn would hold the chain head the command waits for.
 */
function cliVerify(fresh: TestEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const keys = inject('keySpec');
  const env = {
    ...process.env,
    QUNHUB_MODE: 'production',
    DATABASE_URL: fresh.dbUrl,
    QUNHUB_DATA_KEYS: keys.dataKeys,
    QUNHUB_ACTIVE_KEY_ID: String(keys.activeKeyId),
    QUNHUB_BLIND_INDEX_KEY: keys.blindIndexKey,
    QUNHUB_AUDIT_KEY: keys.auditKey,
    DATA_DIR: fresh.c.config.dataDir,
    LOG_LEVEL: 'silent',
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'audit', 'verify'], { env, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

describe('qunhub audit verify (CLI)', { timeout: 120_000 }, () => {
  it('prints OK on an intact chain and names the first broken link after tampering, with a failing exit code', async () => {
    const fresh = await setupTestEnv();
    try {
      const run = () => cliVerify(fresh);
      const ok = await run();
      expect(ok.stdout, ok.stderr).toMatch(/audit chain OK/);
      expect(ok.status).toBe(0);
      const target = Number((await sql<{ s: number }>`SELECT max(seq) - 1 AS s FROM audit_log`.execute(fresh.c.db)).rows[0]!.s);
      await tamper(fresh, sql`UPDATE audit_log SET result = 'denied' WHERE seq = ${target}`);
      const broken = await run();
      expect(broken.status, broken.stderr).toBe(1);
      expect(broken.stdout, broken.stderr).toContain(`first broken link at seq ${target} (edited)`);
    } finally {
      await fresh.close();
    }
  });

  it('reports a tail cut below the anchor, and a forged entry with its alarm', async () => {
    await onFresh(async (env) => {
      const head = (await sql<{ seq: number }>`SELECT seq FROM audit_head`.execute(env.owner)).rows[0]!;
      const keep = (await sql<{ link: number; hash: Buffer }>`SELECT link, hash FROM audit_chain WHERE link = ${head.seq - 1}`.execute(env.owner)).rows[0]!;
      await tamper(env, sql`DELETE FROM audit_log WHERE seq IN (SELECT entry_seq FROM audit_chain WHERE link > ${keep.link})`);
      await tamper(env, sql`DELETE FROM audit_chain WHERE link > ${keep.link}`);
      await tamper(env, sql`UPDATE audit_head SET seq = ${keep.link}, hash = ${keep.hash}`);
      const cut = await cliVerify(env);
      expect(cut.status, cut.stderr).toBe(1);
      expect(cut.stdout, cut.stderr).toMatch(new RegExp(`\\(truncated\\).*anchored up to link ${head.seq}`));
    });
    await onFresh(async (env) => {
      const forged = (
        await sql<{ seq: number }>`WITH e AS (INSERT INTO audit_log (action, result) VALUES ('account.delete', 'ok') RETURNING seq)
        , q AS (INSERT INTO audit_queue (seq) SELECT seq FROM e) SELECT seq FROM e`.execute(env.c.db)
      ).rows[0]!.seq;
      const r = await cliVerify(env);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout, r.stderr).toContain(`first broken link at seq ${forged} (forged)`);
      expect(r.stdout, r.stderr).toMatch(new RegExp(`ALARMS: 1 .*\\n.* bad_mac entry ${forged} `));
    });
  });
});

/** Runs `fn` on a database of its own: these tests leave the trail damaged on purpose. */
async function onFresh(fn: (env: TestEnv) => Promise<void>): Promise<void> {
  const fresh = await setupTestEnv();
  try {
    const u = await fresh.as('union.street');
    await u.get('/api/auth/me');
    await fresh.c.audit.flush();
    await fn(fresh);
  } finally {
    await fresh.close();
  }
}

const denied = /permission denied|must be owner/;

describe('what the application role may do (ADR 0010)', () => {
  it('is no superuser and owns nothing: it cannot switch triggers off, drop them or run DDL', async () => {
    const role = (
      await sql<{ name: string; superuser: boolean }>`SELECT rolname AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`.execute(t.c.db)
    ).rows[0]!;
    expect(role.superuser).toBe(false);
    const owned = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user`.execute(
      t.c.db,
    );
    expect(owned.rows[0]!.n).toBe(0);
    await expect(sql`SET session_replication_role = replica`.execute(t.c.db)).rejects.toThrow(denied);
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(t.c.db)).rejects.toThrow(denied);
    await expect(sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(t.c.db)).rejects.toThrow(denied);
    await expect(sql`CREATE TABLE scratch (a int)`.execute(t.c.db)).rejects.toThrow(denied);
    await expect(sql`ALTER TABLE orgs ADD COLUMN x int`.execute(t.c.db)).rejects.toThrow(denied);
  });

  it('may not edit, delete or truncate audit rows, move the chain head, write links, or name an entry number or time', async () => {
    await t.c.audit.flush();
    const statements = [
      sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`,
      sql`DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)`,
      sql`TRUNCATE audit_log CASCADE`,
      sql`UPDATE audit_head SET seq = seq - 1`,
      sql`INSERT INTO audit_chain (link, entry_seq, prev_hash, hash) VALUES (999999, 1, ${Buffer.alloc(32)}, ${Buffer.alloc(32)})`,
      sql`DELETE FROM audit_chain WHERE link = (SELECT max(link) FROM audit_chain)`,
      sql`DELETE FROM audit_queue`,
      sql`DELETE FROM audit_alarm`,
      sql`UPDATE audit_integrity SET mac_from_seq = 999999999`,
      sql`INSERT INTO audit_log (at, action, result) VALUES ('2020-01-01T08:00:00Z', 'forged', 'ok')`,
      sql`INSERT INTO audit_log (seq, action, result) VALUES (1000000, 'forged', 'ok')`,
      sql`SELECT setval('audit_log_seq', 1)`,
    ];
    for (const stmt of statements) await expect(stmt.execute(t.c.db), stmt.compile(t.c.db).sql).rejects.toThrow(denied);
  });

  it('cannot make the linker function rewrite, skip or reorder links', async () => {
    await t.c.audit.flush();
    const head = (await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head`.execute(t.c.db)).rows[0]!;
    const seq = Number((await sql<{ s: number }>`SELECT min(seq) AS s FROM audit_log`.execute(t.c.db)).rows[0]!.s);
    const fake = randomBytes(32);
    // Behind the head (a rewrite), beyond it (a gap), and from a hash that is not the head's.
    for (const [link, prev] of [
      [head.seq, head.hash],
      [head.seq + 2, head.hash],
      [head.seq + 1, fake],
    ] as const) {
      await expect(
        sql`SELECT audit_link('{}'::bigint[], ARRAY[${link}]::bigint[], ARRAY[${seq}]::bigint[], ARRAY[${prev}]::bytea[], ARRAY[${fake}]::bytea[])`.execute(
          t.c.db,
        ),
      ).rejects.toThrow(/does not extend the chain head/);
    }
  });
});

describe('an audit trail a database user cannot forge (ADR 0010)', () => {
  it('refuses a back-dated entry, and does not chain a forged one with a queue row: it raises an alarm that verify and the console report', async () => {
    await onFresh(async (env) => {
      // The server's own linker stops, so the linker below is the one that meets the forgery.
      await env.c.audit.stop();
      // The forger names the time: refused by privileges.
      await expect(
        sql`WITH e AS (INSERT INTO audit_log (at, actor_name, action, object_type, object_id, result) VALUES ('2026-01-05T09:00:00+08', 'union.city', 'account.delete', 'account', '3', 'ok') RETURNING seq)
            INSERT INTO audit_queue (seq) SELECT seq FROM e`.execute(env.c.db),
      ).rejects.toThrow(denied);
      // Without the time, with a made-up MAC: the database stamps it now, and the linker refuses it.
      const forged = (
        await sql<{ seq: number; at: Date }>`WITH e AS (INSERT INTO audit_log (actor_name, action, object_type, object_id, result, nonce, mac)
            VALUES ('union.city', 'account.delete', 'account', '3', 'ok', ${randomBytes(16)}, ${randomBytes(32)}) RETURNING seq, at)
          , q AS (INSERT INTO audit_queue (seq) SELECT seq FROM e)
          SELECT seq, at FROM e`.execute(env.c.db)
      ).rows[0]!;
      expect(Date.now() - new Date(forged.at).getTime()).toBeLessThan(60_000);

      const errors: string[] = [];
      const linker = new AuditTrail(env.c.db, env.c.keyring.auditKey, (e) => errors.push(String(e)));
      await linker.flush();
      expect(await env.c.db.selectFrom('audit_chain').select('link').where('entry_seq', '=', forged.seq).execute()).toHaveLength(0);
      expect(await env.c.db.selectFrom('audit_queue').select('seq').where('seq', '=', forged.seq).execute()).toHaveLength(0);
      expect(errors.join('\n')).toContain(`refused to chain audit entry ${forged.seq}`);
      const alarm = await env.c.db.selectFrom('audit_alarm').selectAll().where('entry_seq', '=', forged.seq).execute();
      expect(alarm.map((a) => a.kind)).toEqual(['bad_mac']);

      // Genuine entries written after it are still chained.
      const genuine = await env.c.db.transaction().execute((trx) => env.c.audit.append(trx, who('after-forgery'), { action: 'test.after' }));
      await env.c.audit.flush();
      expect(await env.c.db.selectFrom('audit_chain').select('link').where('entry_seq', '=', genuine).execute()).toHaveLength(1);

      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'forged', brokenAt: forged.seq, alarms: 1 });
      const aud = await env.as('auditadmin');
      const alarms = await aud.get('/api/audit/alarms');
      expect(alarms.status).toBe(200);
      expect(alarms.body.items).toEqual([expect.objectContaining({ kind: 'bad_mac', entrySeq: forged.seq })]);
      expect((await aud.post('/api/audit/verify')).body).toMatchObject({ ok: false, problem: 'forged', brokenAt: forged.seq });
      for (const other of ['union.street', 'sysadmin', 'secadmin']) expect((await (await env.as(other)).get('/api/audit/alarms')).status, other).toBe(403);
    });
  });

  it('refuses a replayed copy of a genuine entry, and reports a copy with a new nonce and MAC as forged', async () => {
    await onFresh(async (env) => {
      const cols = sql`actor_id, actor_name, actor_roles, scope, action, object_type, object_id, result, ip, request_id, detail`;
      const genuine = Number((await sql<{ s: number }>`SELECT max(seq) AS s FROM audit_log WHERE mac IS NOT NULL`.execute(env.c.db)).rows[0]!.s);
      await expect(
        sql`INSERT INTO audit_log (${cols}, nonce, mac) SELECT ${cols}, nonce, mac FROM audit_log WHERE seq = ${genuine}`.execute(env.c.db),
      ).rejects.toThrow(/duplicate key/);
      const copy = (
        await sql<{
          seq: number;
        }>`WITH e AS (INSERT INTO audit_log (${cols}, nonce, mac) SELECT ${cols}, ${randomBytes(16)}, ${randomBytes(32)} FROM audit_log WHERE seq = ${genuine} RETURNING seq)
          , q AS (INSERT INTO audit_queue (seq) SELECT seq FROM e) SELECT seq FROM e`.execute(env.c.db)
      ).rows[0]!.seq;
      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'forged', brokenAt: copy });
    });
  });

  it('detects a forged entry chained by hand through the linker function', async () => {
    await onFresh(async (env) => {
      const forged = (await sql<{ seq: number }>`INSERT INTO audit_log (action, result) VALUES ('account.delete', 'ok') RETURNING seq`.execute(env.c.db))
        .rows[0]!.seq;
      const head = (await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head`.execute(env.c.db)).rows[0]!;
      await sql`SELECT audit_link('{}'::bigint[], ARRAY[${head.seq + 1}]::bigint[], ARRAY[${forged}]::bigint[], ARRAY[${head.hash}]::bytea[], ARRAY[${randomBytes(32)}]::bytea[])`.execute(
        env.c.db,
      );
      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'edited', brokenAt: forged });
    });
  });

  it('stamps the time of an entry in the database even for the owner', async () => {
    await onFresh(async (env) => {
      const r = (await sql<{ at: Date }>`INSERT INTO audit_log (at, action, result) VALUES ('2020-01-01T00:00:00Z', 'x', 'ok') RETURNING at`.execute(env.owner))
        .rows[0]!;
      expect(Date.now() - new Date(r.at).getTime()).toBeLessThan(60_000);
    });
  });

  it('detects the last entries deleted and audit_head rewound (by the owner) against the anchor outside the database', async () => {
    await onFresh(async (env) => {
      const anchor = JSON.parse(readFileSync(path.join(env.c.config.dataDir, 'audit-anchors', `${env.dbName}.json`), 'utf8')) as {
        link: number;
        entrySeq: number;
      };
      const head = (await sql<{ seq: number }>`SELECT seq FROM audit_head`.execute(env.owner)).rows[0]!;
      expect(anchor.link).toBe(head.seq);
      const keep = (await sql<{ link: number; hash: Buffer }>`SELECT link, hash FROM audit_chain WHERE link = ${head.seq - 2}`.execute(env.owner)).rows[0]!;
      await tamper(env, sql`DELETE FROM audit_log WHERE seq IN (SELECT entry_seq FROM audit_chain WHERE link > ${keep.link})`);
      await tamper(env, sql`DELETE FROM audit_chain WHERE link > ${keep.link}`);
      await tamper(env, sql`UPDATE audit_head SET seq = ${keep.link}, hash = ${keep.hash}`);
      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'truncated', brokenAt: anchor.entrySeq, anchoredLink: anchor.link });

      // The chain grown again past the cut: the linker leaves the anchor alone and raises an alarm; verify still fails.
      for (let i = 0; i < 4; i++) await env.c.db.transaction().execute((trx) => env.c.audit.append(trx, who(`regrown-${i}`), { action: 'test.regrown' }));
      await env.c.audit.flush();
      expect((await env.c.audit.alarms()).map((a) => a.kind)).toContain('anchor_mismatch');
      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'anchor_mismatch', anchoredLink: anchor.link });
    });
  });

  it('refuses an anchor file edited without the audit key', async () => {
    await onFresh(async (env) => {
      const file = path.join(env.c.config.dataDir, 'audit-anchors', `${env.dbName}.json`);
      const a = JSON.parse(readFileSync(file, 'utf8')) as { link: number };
      writeFileSync(file, JSON.stringify({ ...a, link: a.link - 1 }));
      expect(await env.c.audit.verify()).toMatchObject({ ok: false, problem: 'anchor_invalid' });
    });
  });
});
