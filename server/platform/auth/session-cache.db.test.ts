import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.js';
import { createContainer, type Container } from '../../container.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

/**
 * Two server instances over one database, each with its own pool and its own listening connection: a change made
 * through one (or straight in the database) is refused or reflected by the other on its very next request.
 */
describe('actors of sessions held in memory, kept fresh by notifications', () => {
  let t: TestEnv;
  let b: { c: Container; app: App };
  let coordinator: Client;
  let accountId: number;

  const waitListening = async (c: Container) => {
    for (let i = 0; i < 100 && !c.sessions.cache.active; i++) await new Promise((r) => setTimeout(r, 50));
    expect(c.sessions.cache.active).toBe(true);
  };
  const meIn = async (app: App, cl: Client) => (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cl.cookie } })).statusCode;
  const token = (cl: Client) => decodeURIComponent(cl.cookie.slice(cl.cookie.indexOf('=') + 1));
  // A notification is delivered after the commit; give it the time a round trip takes on a loaded machine.
  const settle = () => new Promise((r) => setTimeout(r, 300));

  beforeAll(async () => {
    t = await setupTestEnv();
    const c = createContainer(t.c.config, t.dbUrl, t.c.keyring);
    const app = await buildApp(c);
    await app.ready();
    b = { c, app };
    await Promise.all([waitListening(t.c), waitListening(c)]);
    accountId = Number((await t.owner.selectFrom('accounts').select('id').where('username', '=', 'coordinator').executeTakeFirstOrThrow()).id);
  }, 120_000);
  afterAll(async () => {
    await b?.app.close();
    await b?.c.close();
    await t?.close();
  });

  it('holds the actor: a second read within the touch interval runs no query of the session', async () => {
    coordinator = await t.as('coordinator');
    expect(await meIn(b.app, coordinator)).toBe(200);
    const gen = b.c.sessions.cache.generation;
    const first = await b.c.sessions.resolve(token(coordinator));
    const second = await b.c.sessions.resolve(token(coordinator));
    if (!first || first === 'expired' || !second || second === 'expired') throw new Error('not signed in');
    // The very same actor object: answered from memory, not read and built again.
    expect(second.actor).toBe(first.actor);
    expect(b.c.sessions.cache.generation).toBe(gen);
  });

  it('a role losing a permission is reflected in the other process on its next request', async () => {
    const before = await b.c.sessions.resolve(token(coordinator));
    if (!before || before === 'expired') throw new Error('not signed in');
    const role = (await t.owner.selectFrom('account_roles').select('role_code').where('account_id', '=', accountId).executeTakeFirstOrThrow()).role_code;
    const perms = (await t.owner.selectFrom('roles').select('permissions').where('code', '=', role).executeTakeFirstOrThrow()).permissions;
    const dropped = [...before.actor.permissions][0]!;
    expect(perms).toContain(dropped);
    await t.owner.updateTable('roles').set({ permissions: perms.filter((p) => p !== dropped) }).where('code', '=', role).execute();
    await settle();
    const after = await b.c.sessions.resolve(token(coordinator));
    if (!after || after === 'expired') throw new Error('signed out');
    // Unless another role of the account grants it too.
    const others = await t.owner.selectFrom('account_roles').innerJoin('roles', 'roles.code', 'account_roles.role_code').select('roles.permissions')
      .where('account_id', '=', accountId).where('role_code', '<>', role).execute();
    expect(after.actor.permissions.has(dropped as never)).toBe(others.some((o) => o.permissions.includes(dropped)));
    await t.owner.updateTable('roles').set({ permissions: perms }).where('code', '=', role).execute();
  });

  it('a role grant revoked and the scope moved are reflected in the other process', async () => {
    const before = await b.c.sessions.resolve(token(coordinator));
    if (!before || before === 'expired') throw new Error('not signed in');
    const grants = await t.owner.selectFrom('account_roles').selectAll().where('account_id', '=', accountId).execute();
    await t.owner.deleteFrom('account_roles').where('account_id', '=', accountId).execute();
    const other = (await t.owner.selectFrom('orgs').select(['id', 'name']).where('id', '<>', before.actor.orgId).orderBy('id').limit(1).executeTakeFirstOrThrow());
    await t.owner.updateTable('accounts').set({ org_id: other.id }).where('id', '=', accountId).execute();
    await settle();
    const after = await b.c.sessions.resolve(token(coordinator));
    if (!after || after === 'expired') throw new Error('signed out');
    expect(after.actor.roles).toEqual([]);
    expect(after.actor.permissions.size).toBe(0);
    expect(after.actor.orgId).toBe(Number(other.id));
    await t.owner.updateTable('accounts').set({ org_id: before.actor.orgId }).where('id', '=', accountId).execute();
    await t.owner.insertInto('account_roles').values(grants.map((g) => ({ account_id: g.account_id, role_code: g.role_code, granted_by: g.granted_by }))).execute();
  });

  it('an account disabled in one process is refused by the other on its next request', async () => {
    const sysadmin = await t.as('sysadmin');
    const cl = await t.as('coordinator');
    expect(await meIn(b.app, cl)).toBe(200);
    expect(await meIn(b.app, cl)).toBe(200);
    const r = await sysadmin.post(`/api/accounts/${accountId}/disable`);
    expect(r.status).toBe(200);
    await settle();
    expect(await meIn(b.app, cl)).toBe(401);
    await t.owner.updateTable('accounts').set({ status: 'active' }).where('id', '=', accountId).execute();
  });

  it('a sign-out in one process ends the session in the other', async () => {
    const cl = await t.as('coordinator');
    expect(await meIn(b.app, cl)).toBe(200);
    expect((await cl.post('/api/auth/logout')).status).toBeLessThan(300);
    await settle();
    expect(await meIn(b.app, cl)).toBe(401);
  });

  it('with its listening connection killed, a process holds nothing until it listens again, and misses no change', async () => {
    const cl = await t.as('coordinator');
    expect(await meIn(b.app, cl)).toBe(200);
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qunhub-actor-listener' AND datname = current_database()`.execute(t.owner);
    for (let i = 0; i < 50 && b.c.sessions.cache.active; i++) await new Promise((r) => setTimeout(r, 20));
    expect(b.c.sessions.cache.active).toBe(false);
    // Changed while nobody listens: no notification reaches the process, yet it is not served from memory.
    await t.owner.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', accountId).execute();
    expect(await meIn(b.app, cl)).toBe(401);
    await t.owner.updateTable('accounts').set({ status: 'active' }).where('id', '=', accountId).execute();
    await waitListening(b.c);
    const again = await t.as('coordinator');
    expect(await meIn(b.app, again)).toBe(200);
  });
});
