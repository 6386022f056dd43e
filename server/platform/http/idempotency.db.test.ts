import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';
import { isDatabaseUnavailable, toAppError } from './plugin.js';

let t: TestEnv;
let regionCode: string;
let phoneSeq = 0;

beforeAll(async () => {
  t = await setupTestEnv({ TRUST_PROXY: '127.0.0.1' });
  regionCode = (
    await t.c.db
      .selectFrom('orgs')
      .select('region_code')
      .where('level', '=', 'community')
      .where('type_code', '=', 'women')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).region_code;
});
afterAll(async () => t?.close());

const intake = () => ({
  categoryCode: 'child_care',
  description: '小区附近缺少托育点',
  regionCode,
  contactName: '王女士',
  contactPhone: `1390000${String(1000 + ++phoneSeq).slice(-4)}`,
  fields: { child_age: 2 },
  consent: true,
});
const requestCount = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM requests`.execute(t.c.db)).rows[0]!.n);
// Each simulated citizen comes from an address of its own, so the portal's per-address limit stays out of the way.
let ipSeq = 0;
const portal = (body: unknown, key: string) =>
  t.anonymous.post('/api/portal/requests', body, { headers: { 'idempotency-key': key, 'x-forwarded-for': `10.9.0.${++ipSeq % 250}` } });

describe('Idempotency-Key on the citizen portal', () => {
  it('answers the same key twice with one request and the same answer; another body with that key is refused', async () => {
    const body = intake();
    const key = randomUUID();
    const before = await requestCount();
    const a = await portal(body, key);
    const b = await portal(body, key);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await requestCount()).toBe(before + 1);

    const other = await portal({ ...body, description: '另一件事' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    const bad = await portal(body, 'short');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('Idempotency-Key');
  });

  it('lets two simultaneous sends of one key create one request', async () => {
    const body = intake();
    const key = randomUUID();
    const before = await requestCount();
    const [a, b] = await Promise.all([portal(body, key), portal(body, key)]);
    const statuses = [a.status, b.status].sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const late = [a, b].find((r) => r.status === 409);
    if (late) expect(late.headers['retry-after']).toBeDefined();
    const again = await portal(body, key);
    expect(again.status).toBe(201);
    expect(again.body.number).toBe((a.status === 201 ? a : b).body.number);
    expect(await requestCount()).toBe(before + 1);
  });

  it('frees a key whose request died with its connection, and the retry writes once', async () => {
    const body = intake();
    const key = randomUUID();
    const before = await requestCount();
    // A request that took the key and then lost its connection mid-write: its transaction holds the key row.
    const dying = new pg.Client({ connectionString: t.dbUrl });
    dying.on('error', () => {});
    await dying.connect();
    await dying.query('BEGIN');
    await dying.query(`INSERT INTO idempotency_keys (owner, key, route, fingerprint) VALUES ('p', $1, 'POST /api/portal/requests', 'x')`, [key]);
    const pid = (await dying.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const retry = portal(body, key);
    await new Promise((r) => setTimeout(r, 300));
    await sql`SELECT pg_terminate_backend(${pid})`.execute(t.c.db);
    const r = await retry;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await requestCount()).toBe(before + 1);
    await dying.end().catch(() => {});
  });

  it('expires keys after 24 hours, and answers a key whose answer was lost from the write it committed', async () => {
    const body = intake();
    const old = randomUUID();
    const first = await portal(body, old);
    expect(first.status).toBe(201);
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ${old}`.execute(t.c.db);
    const fresh = await portal(body, old);
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body.number).not.toBe(first.body.number);

    // The answer cannot be stored after the commit (as when the process dies in between): the retry is answered
    // from what the write's transaction returned, the same answer as the first.
    // As the owner role: the application's role may not create triggers.
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    await owner.query(`CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.status_code IS NOT NULL THEN RAISE EXCEPTION 'answer refused'; END IF; RETURN NEW; END $$`);
    await owner.query('CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION refuse_answer()');
    try {
      const lost = randomUUID();
      const lostBody = intake();
      const before = await requestCount();
      const written = await portal(lostBody, lost);
      expect(written.status).toBe(201);
      const row = await t.c.db.selectFrom('idempotency_keys').select(['status_code', 'committed_at']).where('key', '=', lost).executeTakeFirstOrThrow();
      expect(row.status_code).toBeNull();
      expect(row.committed_at).not.toBeNull();
      await sql`UPDATE idempotency_keys SET committed_at = committed_at - interval '10 seconds' WHERE key = ${lost}`.execute(t.c.db);
      const recovered = await portal(lostBody, lost);
      expect(recovered.status, JSON.stringify(recovered.body)).toBe(201);
      expect(recovered.body).toEqual(written.body);
      expect(await requestCount()).toBe(before + 1);
    } finally {
      await owner.query('DROP TRIGGER refuse_answer ON idempotency_keys');
      await owner.end();
    }
  });

  it('keeps the keys of staff accounts apart: a neighbouring unit with the same key gets its own answer', async () => {
    const street = await t.as('union.street');
    const neighbour = await t.as('union.street2');
    const key = `staff-${randomUUID()}`;
    const mine = (await street.get('/api/auth/me')).body;
    const theirs = (await neighbour.get('/api/auth/me')).body;
    const org = (id: number) => t.c.db.selectFrom('orgs').select(['region_code']).where('id', '=', id).executeTakeFirstOrThrow();
    const a = await street.post(
      '/api/orgs',
      { parentId: mine.orgId, name: '幂等测试社区工会', regionCode: await childRegion((await org(mine.orgId)).region_code) },
      { headers: { 'idempotency-key': key } },
    );
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await neighbour.post(
      '/api/orgs',
      { parentId: theirs.orgId, name: '幂等测试社区工会', regionCode: await childRegion((await org(theirs.orgId)).region_code) },
      { headers: { 'idempotency-key': key } },
    );
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    // The neighbour cannot reach the first unit's record either.
    expect((await neighbour.get(`/api/orgs/${a.body.id}`)).status).toBe(404);
  });
});

async function childRegion(code: string): Promise<string> {
  return (await t.c.db.selectFrom('regions').select('code').where('parent_code', '=', code).orderBy('code').executeTakeFirstOrThrow()).code;
}

describe('a database connection lost under a request', () => {
  it('answers the victim of a deadlock as "unavailable" (a retry), not as a fault', async () => {
    const [a, b] = (await t.c.db.selectFrom('orgs').select('id').orderBy('id').limit(2).execute()).map((o) => o.id);
    // Two transactions lock the same two rows in opposite orders: PostgreSQL rolls one of them back.
    const lock = (first: number, second: number) =>
      t.c.db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM orgs WHERE id = ${first} FOR UPDATE`.execute(trx);
        await sql`SELECT pg_sleep(0.3)`.execute(trx);
        await sql`SELECT 1 FROM orgs WHERE id = ${second} FOR UPDATE`.execute(trx);
      });
    const results = await Promise.allSettled([lock(a!, b!), lock(b!, a!)]);
    const victims = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(victims).toHaveLength(1);
    expect((victims[0]!.reason as { code?: string }).code).toBe('40P01');
    expect(toAppError(victims[0]!.reason)?.code).toBe('UNAVAILABLE');
  });

  it('fails the transaction as "unavailable", keeps the process alive and serves the next request', async () => {
    let caught: unknown = null;
    try {
      await t.c.db.transaction().execute(async (trx) => {
        const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!.pid;
        const admin = new pg.Client({ connectionString: t.dbUrl });
        await admin.connect();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await admin.end();
        // The checked-out client receives the server's termination while the transaction is idle.
        await new Promise((r) => setTimeout(r, 200));
        await sql`SELECT 1`.execute(trx);
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).not.toBeNull();
    expect(isDatabaseUnavailable(caught)).toBe(true);
    const h = await t.anonymous.get('/api/health');
    expect(h.status).toBe(200);
    expect(h.body.database.ok).toBe(true);
    // No version of anything in the public health check.
    expect(h.body.database).not.toHaveProperty('version');
    expect(h.text).not.toMatch(/PostgreSQL|version/i);
  });
});
