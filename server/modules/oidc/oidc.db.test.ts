import { createServer } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { RedirectBrowser, startTestProvider, type TestProvider } from '../../test/oidc-provider.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';

// The platform and a real OpenID Connect provider, both on loopback ports, talking real HTTP; the test is the browser.
let t: TestEnv;
let op: TestProvider;
let app: string;
let secadmin: Client;
let accountId = 0;
let communityCode = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function lastAudit(action: string) {
  await t.c.audit.flush();
  return (
    await sql<{
      result: string;
      detail: Record<string, unknown>;
      object_id: string;
    }>`SELECT result, detail, object_id FROM audit_log WHERE action = ${action} ORDER BY seq DESC LIMIT 1`.execute(t.c.db)
  ).rows[0];
}

/** Starts a sign-in at the platform and follows the browser through the provider up to the platform's callback URL. */
async function toCallback(b: RedirectBrowser, path = '/api/auth/oidc/start'): Promise<string> {
  const r = await b.follow(`${app}${path}`, (next) => next.startsWith(`${app}/api/`));
  expect(r.location, r.text).toMatch(/\/oidc\/callback\?/);
  return r.location!;
}

/** Hands the callback URL to the platform; answers where it sends the browser. */
async function callback(b: RedirectBrowser, url: string): Promise<string> {
  const r = await b.get(url);
  expect(r.status).toBe(302);
  return r.location!;
}

beforeAll(async () => {
  const port = await freePort();
  app = `http://127.0.0.1:${port}`;
  op = await startTestProvider([
    { clientId: 'qunhub', clientSecret: 'staff-secret', redirectUri: `${app}/api/auth/oidc/callback` },
    { clientId: 'qunhub-portal', clientSecret: 'portal-secret', redirectUri: `${app}/api/portal/auth/oidc/callback` },
  ]);
  t = await setupTestEnv({
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: 'qunhub',
    OIDC_CLIENT_SECRET: 'staff-secret',
    OIDC_REDIRECT_URL: `${app}/api/auth/oidc/callback`,
    OIDC_CITIZEN_ISSUER: op.issuer,
    OIDC_CITIZEN_CLIENT_ID: 'qunhub-portal',
    OIDC_CITIZEN_CLIENT_SECRET: 'portal-secret',
    OIDC_CITIZEN_REDIRECT_URL: `${app}/api/portal/auth/oidc/callback`,
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  const sysadmin = await t.as('sysadmin');
  secadmin = await t.as('secadmin');
  const orgId = (await sysadmin.get('/api/auth/me')).body.orgId as number;
  const created = await sysadmin.post('/api/accounts', { username: 'sso.worker', displayName: '统一认证测试', orgId, password: 'Xq7!long-enough-pass' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  accountId = created.body.id;
  const c = await t.as('union.community');
  communityCode = (await c.get(`/api/orgs/${(await c.get('/api/auth/me')).body.orgId}`)).body.regionCode;
});
afterAll(async () => {
  await t?.close();
  await op?.close();
});

describe('binding an account to a provider subject (security administrator)', () => {
  it('binds, lists and unbinds, audited; 409 for a subject bound twice; refused without the permission', async () => {
    expect((await t.anonymous.get('/api/auth/oidc')).body).toEqual({ enabled: true });
    const b = await secadmin.post(`/api/accounts/${accountId}/oidc`, { subject: 'staff-1' });
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(b.body).toMatchObject({ issuer: op.issuer, subject: 'staff-1', lastUsedAt: null });
    expect(await lastAudit('account.oidc_bind')).toMatchObject({ result: 'ok', object_id: String(accountId) });
    const again = await secadmin.post(`/api/accounts/${accountId}/oidc`, { subject: 'staff-1' });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('body.subject');
    const list = await secadmin.get(`/api/accounts/${accountId}/oidc`);
    expect(list.body).toMatchObject({ issuer: op.issuer, bindings: [{ subject: 'staff-1' }] });

    // Others may not see or change bindings: no permission (403), an account that does not exist (404).
    const street = await t.as('union.street');
    expect((await street.get(`/api/accounts/${accountId}/oidc`)).status).toBe(403);
    expect((await street.post(`/api/accounts/${accountId}/oidc`, { subject: 'mine' })).status).toBe(403);
    const sysadmin = await t.as('sysadmin');
    expect((await sysadmin.post(`/api/accounts/${accountId}/oidc`, { subject: 'mine' })).status).toBe(403);
    expect((await secadmin.get('/api/accounts/987654321/oidc')).status).toBe(404);

    const tmp = await secadmin.post(`/api/accounts/${accountId}/oidc`, { subject: 'x' });
    expect(tmp.status).toBe(409); // one binding per account and issuer
    const other = await t.as('union.street');
    const otherId = (await other.get('/api/auth/me')).body.id as number;
    const second = await secadmin.post(`/api/accounts/${otherId}/oidc`, { subject: 'staff-2' });
    expect(second.status).toBe(200);
    const del = await secadmin.del(`/api/accounts/${otherId}/oidc/${second.body.id}`);
    expect(del.status).toBe(200);
    expect(await lastAudit('account.oidc_unbind')).toMatchObject({ result: 'ok', object_id: String(otherId) });
    expect((await secadmin.del(`/api/accounts/${otherId}/oidc/${second.body.id}`)).status).toBe(404);
    expect((await secadmin.del(`/api/accounts/${accountId}/oidc/${second.body.id}`)).status).toBe(404);
  });
});

describe('staff sign-in through the provider', () => {
  it('signs a bound subject in with the normal staff session', async () => {
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    const start = await b.get(`${app}/api/auth/oidc/start`);
    expect(start.status).toBe(302);
    const auth = new URL(start.location!);
    expect(auth.origin).toBe(op.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('client_id')).toBe('qunhub');
    const cb = await toCallback(b);
    expect(await callback(b, cb)).toBe(`${app}/`);
    const me = await b.get(`${app}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ id: accountId, username: 'sso.worker' });
    expect(await lastAudit('auth.login')).toMatchObject({ result: 'ok', object_id: String(accountId), detail: { via: 'oidc' } });
    const list = await secadmin.get(`/api/accounts/${accountId}/oidc`);
    expect(list.body.bindings[0].lastUsedAt).not.toBeNull();
    // The password still works for the same account: a binding adds a way in, it takes none away.
    expect((await t.login('sso.worker', 'Xq7!long-enough-pass')).username).toBe('sso.worker');
  });

  it('refuses a replayed code: the same callback again (state spent), and the code under a fresh state', async () => {
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    const cb = await toCallback(b);
    expect(await callback(b, cb)).toBe(`${app}/`);
    // The same redirect again: its state was used.
    expect(await callback(b, cb)).toBe(`${app}/login?oidc_error=state`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'state' } });
    // The old code under a state this browser just started: the provider refuses the spent code.
    const fresh = new URL(await toCallback(b));
    const replay = new URL(cb);
    replay.searchParams.set('state', fresh.searchParams.get('state')!);
    expect(await callback(b, replay.href)).toBe(`${app}/login?oidc_error=code_rejected`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'code_rejected' } });
  });

  it('refuses a bad state, and a state started by another browser', async () => {
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    const cb = new URL(await toCallback(b));
    const forged = new URL(cb);
    forged.searchParams.set('state', 'not-a-state-we-sent');
    expect(await callback(b, forged.href)).toBe(`${app}/login?oidc_error=state`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'state' } });
    // A victim's browser handed the attacker's callback URL (login CSRF): no binding cookie for that state.
    const victim = new RedirectBrowser();
    const cb2 = await toCallback(b);
    expect(await callback(victim, cb2)).toBe(`${app}/login?oidc_error=state`);
    expect((await victim.get(`${app}/api/auth/me`)).status).toBe(401);
  });

  it('refuses an ID token for another audience', async () => {
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    const cb = await toCallback(b);
    op.tamperNextIdToken({ aud: 'another-client' });
    expect(await callback(b, cb)).toBe(`${app}/login?oidc_error=audience`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'audience' } });
    expect((await b.get(`${app}/api/auth/me`)).status).toBe(401);
  });

  it('refuses an expired ID token', async () => {
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    const cb = await toCallback(b);
    op.tamperNextIdToken({ expiredSecondsAgo: 3600 });
    expect(await callback(b, cb)).toBe(`${app}/login?oidc_error=token_expired`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'token_expired' } });
  });

  it('refuses a subject bound to no account: sign-in never creates one', async () => {
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(t.c.db)).rows[0]!.n;
    op.signInAs({ sub: 'stranger' });
    const b = new RedirectBrowser();
    expect(await callback(b, await toCallback(b))).toBe(`${app}/login?oidc_error=unbound`);
    expect(await lastAudit('auth.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'unbound' } });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(t.c.db)).rows[0]!.n).toBe(before);
    expect((await b.get(`${app}/api/auth/me`)).status).toBe(401);
  });

  it('refuses a bound subject whose account is disabled', async () => {
    const sysadmin = await t.as('sysadmin');
    expect((await sysadmin.post(`/api/accounts/${accountId}/disable`)).status).toBe(200);
    op.signInAs({ sub: 'staff-1' });
    const b = new RedirectBrowser();
    expect(await callback(b, await toCallback(b))).toBe(`${app}/login?oidc_error=account_unusable`);
    expect(await lastAudit('auth.login')).toMatchObject({ result: 'failed', object_id: String(accountId), detail: { via: 'oidc', reason: 'disabled' } });
    expect((await sysadmin.post(`/api/accounts/${accountId}/enable`)).status).toBe(200);
  });
});

describe('citizen sign-in on the portal through the provider', () => {
  it("signs in the person with the provider's verified phone; refuses an unverified or unknown phone", async () => {
    expect((await t.anonymous.get('/api/portal/auth/oidc')).body).toEqual({ enabled: true });
    const known = await signInCitizen(t, '13912340001', { name: '王五', regionCode: communityCode });
    op.signInAs({ sub: 'citizen-1', phone_number: '+8613912340001', phone_number_verified: true });
    const b = new RedirectBrowser();
    const cb = await toCallback(b, '/api/portal/auth/oidc/start');
    expect(await callback(b, cb)).toBe(`${app}/portal/activities`);
    const me = await b.get(`${app}/api/portal/auth/me`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ personId: known.personId, phoneMasked: '139****0001' });
    expect(await lastAudit('citizen.sign_in')).toMatchObject({ result: 'ok', detail: { via: 'oidc' } });

    op.signInAs({ sub: 'citizen-2', phone_number: '+8613912340001', phone_number_verified: false });
    const b2 = new RedirectBrowser();
    expect(await callback(b2, await toCallback(b2, '/api/portal/auth/oidc/start'))).toBe(`${app}/portal/sign-in?oidc_error=phone_unverified`);
    expect(await lastAudit('citizen.oidc')).toMatchObject({ result: 'failed', detail: { reason: 'phone_unverified' } });

    op.signInAs({ sub: 'citizen-3', phone_number: '13912349999', phone_number_verified: true });
    const b3 = new RedirectBrowser();
    expect(await callback(b3, await toCallback(b3, '/api/portal/auth/oidc/start'))).toBe(`${app}/portal/sign-in?oidc_error=no_person`);
    expect(await lastAudit('citizen.sign_in')).toMatchObject({ result: 'failed', detail: { via: 'oidc', reason: 'no_person' } });
    expect((await b3.get(`${app}/api/portal/auth/me`)).status).toBe(401);
  });
});
