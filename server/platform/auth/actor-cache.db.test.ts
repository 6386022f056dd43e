import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

// The actor cache of one process (ADR 0025): what it serves, and that every change to what a session resolves to,
// made by any connection (here plain SQL, as another server process or an operator would), reaches the next request.
let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
  await t.c.sessions.listen();
});
afterAll(async () => t.close());

const stats = () => t.c.sessions.cacheStats();
const generation = async () => Number((await sql<{ gen: string }>`SELECT gen FROM auth_generation`.execute(t.owner)).rows[0]!.gen);

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Signs in and makes the session a cache hit. */
async function warm(username: string): Promise<Client> {
  const u = await t.as(username);
  const before = stats().hits;
  expect((await u.get('/api/auth/me')).status).toBe(200);
  expect(stats().hits).toBe(before + 1);
  return u;
}

describe('actor cache', () => {
  it('reads a session from the database once, at sign-in, and serves the requests after it from the cache', async () => {
    const s0 = stats();
    const u = await t.as('union.street');
    expect(stats().misses).toBe(s0.misses + 1);
    const first = await u.get('/api/auth/me');
    const second = await u.get('/api/auth/me');
    expect(stats().hits).toBe(s0.hits + 2);
    expect(stats().misses).toBe(s0.misses + 1);
    expect(second.body).toEqual(first.body);
  });

  it('does not bump the generation for a new session, the last-seen touch or a failed sign-in', async () => {
    const g0 = await generation();
    const u = await warm('union.district');
    await sql`UPDATE sessions SET last_seen_at = now()`.execute(t.owner);
    expect((await t.anonymous.post('/api/auth/login', { username: 'union.city', password: 'Wrong-password-1' })).status).toBe(401);
    expect(await generation()).toBe(g0);
    const before = stats().hits;
    expect((await u.get('/api/auth/me')).status).toBe(200);
    expect(stats().hits).toBe(before + 1);
  });

  it('keeps serving when a change rolls back', async () => {
    const u = await warm('women.street');
    const g0 = await generation();
    await t.owner
      .transaction()
      .execute(async (trx) => {
        await sql`UPDATE accounts SET status = 'disabled' WHERE username = 'women.street'`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await generation()).toBe(g0);
    const before = stats().hits;
    expect((await u.get('/api/auth/me')).status).toBe(200);
    expect(stats().hits).toBe(before + 1);
  });

  it('drops a signed-out session: the next request is refused', async () => {
    const u = await warm('league.street');
    const token = decodeURIComponent(u.cookie.split('=')[1]!);
    await sql`DELETE FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE username = 'league.street')`.execute(t.owner);
    expect(token.length).toBeGreaterThan(0);
    expect((await u.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a disabled account on the next request', async () => {
    const u = await warm('women.district');
    await sql`UPDATE accounts SET status = 'disabled' WHERE username = 'women.district'`.execute(t.owner);
    expect((await u.get('/api/auth/me')).status).toBe(401);
    await sql`UPDATE accounts SET status = 'active' WHERE username = 'women.district'`.execute(t.owner);
  });

  it('answers with the new name, organization name and password age on the next request', async () => {
    const u = await warm('league.district');
    await sql`UPDATE accounts SET display_name = 'Renamed' WHERE username = 'league.district'`.execute(t.owner);
    expect((await u.get('/api/auth/me')).body.displayName).toBe('Renamed');
    await sql`UPDATE orgs SET name = 'Renamed unit' WHERE id = (SELECT org_id FROM accounts WHERE username = 'league.district')`.execute(t.owner);
    expect((await u.get('/api/auth/me')).body.orgName).toBe('Renamed unit');
    await sql`UPDATE accounts SET password_changed_at = now() - interval '400 days' WHERE username = 'league.district'`.execute(t.owner);
    const r = await u.get('/api/orgs/roots?type=union');
    expect(r.status).toBe(403);
    expect(r.body.error.field).toBe('password');
  });

  it('refuses a permission as soon as the account loses its role, or the role loses the permission', async () => {
    const viewer = await warm('viewer.district');
    expect((await viewer.get('/api/orgs/roots?type=union')).status).toBe(200);
    await sql`UPDATE roles SET permissions = array_remove(permissions, 'org.read') WHERE code = 'viewer'`.execute(t.owner);
    expect((await viewer.get('/api/orgs/roots?type=union')).status).toBe(403);
    await sql`UPDATE roles SET permissions = permissions || '{org.read}' WHERE code = 'viewer'`.execute(t.owner);
    expect((await viewer.get('/api/orgs/roots?type=union')).status).toBe(200);

    const worker = await warm('union.community');
    expect((await worker.get('/api/orgs/roots?type=union')).status).toBe(200);
    await sql`DELETE FROM account_roles WHERE account_id = (SELECT id FROM accounts WHERE username = 'union.community')`.execute(t.owner);
    expect((await worker.get('/api/orgs/roots?type=union')).status).toBe(403);
  });

  it('empties itself on the notification of a change made elsewhere', async () => {
    await warm('union.street2');
    expect(stats().size).toBeGreaterThan(0);
    await sql`UPDATE accounts SET display_name = display_name || '.' WHERE username = 'union.city'`.execute(t.owner);
    await until('the notification', () => stats().size === 0);
  });

  it('bypasses the cache while its listening connection is lost, and uses it again once listening', async () => {
    const u = await warm('union.street');
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'qunhub-auth'`.execute(t.owner);
    await until('the loss to be seen', () => !stats().listening);
    expect(stats().size).toBe(0);
    const s0 = stats();
    expect((await u.get('/api/auth/me')).status).toBe(200);
    expect((await u.get('/api/auth/me')).status).toBe(200);
    expect(stats().hits).toBe(s0.hits);
    expect(stats().bypasses).toBeGreaterThanOrEqual(s0.bypasses + 1);
    // A change made while nobody listens still reaches the next request.
    await sql`UPDATE accounts SET display_name = 'While deaf' WHERE username = 'union.street'`.execute(t.owner);
    expect((await u.get('/api/auth/me')).body.displayName).toBe('While deaf');
    await until('listening again', () => stats().listening);
    expect((await u.get('/api/auth/me')).status).toBe(200);
    const s1 = stats();
    expect((await u.get('/api/auth/me')).body.displayName).toBe('While deaf');
    expect(stats().hits).toBe(s1.hits + 1);
  });

  it('does not serve a session past its idle limit, whatever the cache holds', async () => {
    const u = await warm('women.city');
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
      WHERE account_id = (SELECT id FROM accounts WHERE username = 'women.city')`.execute(t.owner);
    const r = await u.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('SESSION_EXPIRED');
  });
});
