import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed/demo.js';
import { factories } from '../../test/factories.js';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

const login = (username: string, password: unknown) => t.anonymous.post('/api/auth/login', { username, password });

describe('sign-in', () => {
  it('sets an HttpOnly SameSite session cookie and returns the account with its scope', async () => {
    const r = await login('union.street', DEMO_PASSWORD);
    expect(r.status).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/qh_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(r.body.permissions).toContain('org.write');
    expect(r.body.scope.crossType).toBe(false);
  });

  it('answers a wrong password, an unknown user and a malformed password with the same 401', async () => {
    const wrong = await login('union.city', 'Wrong-password-1');
    const unknown = await login('nobody.here', 'Wrong-password-1');
    const arrayPw = await login('union.city', ['x']);
    const missing = await t.anonymous.post('/api/auth/login', { username: 'union.city' });
    for (const r of [wrong, unknown, arrayPw, missing]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(r.body.error.message).toBe(wrong.body.error.message);
    }
  });

  it('locks after five failures: the sixth try with the right password gets the same refusal, and it is audited', async () => {
    for (let i = 0; i < 5; i++) expect((await login('women.city', `Bad-password-${i}`)).status).toBe(401);
    const right = await login('women.city', DEMO_PASSWORD);
    expect(right.status).toBe(401);
    expect(right.body.error.code).toBe('INVALID_CREDENTIALS');
    const locked = await t.c.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.login_locked').execute();
    expect(locked.length).toBeGreaterThanOrEqual(1);
    // Case and full-width variants of the username count against the same account.
    expect((await login('ＷＯＭＥＮ.CITY', DEMO_PASSWORD)).status).toBe(401);
    await sql`UPDATE accounts SET locked_until = now() - interval '1 second' WHERE username = 'women.city'`.execute(t.c.db);
    expect((await login('women.city', DEMO_PASSWORD)).status).toBe(200);
  });

  it('rejects a session past its idle timeout and deletes it', async () => {
    const u = await t.as('union.district');
    expect((await u.get('/api/auth/me')).status).toBe(200);
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`.execute(t.c.db);
    const r = await u.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('rejects a session past its absolute lifetime even when active', async () => {
    const u = await t.as('union.district');
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second'`.execute(t.c.db);
    expect((await u.get('/api/auth/me')).status).toBe(401);
  });

  it('ends the session on logout: the old cookie is refused', async () => {
    const u = await t.as('union.community');
    const out = await u.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(String(out.headers['clear-site-data'])).toContain('storage');
    expect((await u.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token or from a foreign origin', async () => {
    const u = await t.as('union.street');
    const noToken = await u.post('/api/orgs', { parentId: 1, name: 'x', regionCode: '5101' }, { headers: { 'x-csrf-token': '' } });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF');
    const foreign = await u.post('/api/orgs', { parentId: 1, name: 'x', regionCode: '5101' }, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const garbage = await u.post('/api/orgs', { parentId: 1, name: 'x', regionCode: '5101' }, { headers: { origin: 'not a url' } });
    expect(garbage.status).toBe(403);
  });

  it('sends security headers and no-store on API responses', async () => {
    const u = await t.as('union.street');
    const r = await u.get('/api/auth/me');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('same-origin');
  });

  it('answers in English when the caller prefers it', async () => {
    const r = await t.anonymous.post('/api/auth/login', { username: 'x', password: 'y' }, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(r.body.error.message).toMatch(/Wrong username or password/);
  });
});

describe('login hardening', () => {
  it('rate-limits sign-in attempts per address with 429 and Retry-After', async () => {
    const limited = await setupTestEnv({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.anonymous.post('/api/auth/login', { username: 'x', password: 'y' })).status);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const r = await limited.anonymous.post('/api/auth/login', { username: 'x', password: 'y' });
      expect(r.headers['retry-after']).toBeTruthy();
    } finally {
      await limited.close();
    }
  });

  it('ends the live sessions of an account the administrator disables', async () => {
    const victim = await t.as('viewer.district');
    expect((await victim.get('/api/auth/me')).status).toBe(200);
    const sys = await t.as('sysadmin');
    const id = (await sys.get('/api/accounts?q=viewer.district')).body.items[0].id;
    expect((await sys.post(`/api/accounts/${id}/disable`)).status).toBe(200);
    expect((await victim.get('/api/auth/me')).status).toBe(401);
    expect((await t.anonymous.post('/api/auth/login', { username: 'viewer.district', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await sys.post(`/api/accounts/${id}/enable`)).status).toBe(200);
  });

  it('takes similar time for an unknown user and a wrong password', async () => {
    const time = async (username: string) => {
      const xs: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await t.anonymous.post('/api/auth/login', { username, password: `Nope-${i}-password` });
        xs.push(performance.now() - t0);
      }
      return xs.sort((a, b) => a - b)[Math.floor(xs.length * 0.5)]!;
    };
    const unknown = await time('nobody.at.all');
    const known = await time('union.city');
    expect(Math.abs(unknown - known)).toBeLessThan(50);
    await sql`UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE username = 'union.city'`.execute(t.c.db);
  });
});

describe('password policy', () => {
  it('refuses weak new passwords and reuse of a recent one, and accepts a strong one', async () => {
    const u = await t.as('league.city');
    for (const weak of ['', 'aaaaaaaa', 'Password1', 'short1A!']) {
      const r = await u.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: weak });
      expect(r.status).toBe(400);
    }
    const ok = await u.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Tianfu#Square2026' });
    expect(ok.status).toBe(200);
    const back = await u.post('/api/auth/password', { currentPassword: 'Tianfu#Square2026', newPassword: DEMO_PASSWORD });
    expect(back.status).toBe(400);
    expect(back.body.error.code).toBe('PASSWORD_REUSED');
  });

  it('refuses guessable passwords that pass the composition rules, naming the field in both languages', async () => {
    const u = await t.as('women.district');
    for (const weak of ['Welcome@2026', 'P@ssw0rd2026', 'password123!', '12345678Aa', 'Aa1' + ' '.repeat(8)]) {
      const r = await u.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: weak });
      expect(r.status, weak).toBe(400);
      expect(r.body.error.code).toBe('PASSWORD_POLICY');
      expect(r.body.error.field).toBe('newPassword');
      expect(r.body.error.message).toMatch(/newPassword/);
    }
    const en = await u.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Welcome@2026' }, { headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toMatch(/easy to guess/);
    const zh = await u.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Welcome@2026' });
    expect(zh.body.error.message).toMatch(/容易被猜出/);
  });

  it('ends every other session of the account and says how many', async () => {
    const here = await t.as('union.district');
    const phone = await t.as('union.district');
    const laptop = await t.as('union.district');
    const other = await t.as('union.street');
    const r = await here.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Jinjiang#River2026' });
    expect(r.status).toBe(200);
    expect(r.body.endedSessions).toBe(2);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(200);
    const again = await here.post('/api/auth/password', { currentPassword: 'Jinjiang#River2026', newPassword: 'Tianfu#Square2026' });
    expect(again.body.endedSessions).toBe(0);
  });

  it('forces a change when the password is older than the maximum age', async () => {
    await sql`UPDATE accounts SET password_changed_at = now() - interval '400 days' WHERE username = 'league.district'`.execute(t.c.db);
    const u = await t.as('league.district');
    const me = await u.get('/api/auth/me');
    expect(me.body.mustChangePassword).toBe(true);
    const blocked = await u.get('/api/orgs');
    expect(blocked.status).toBe(403);
  });
});

describe('three administrators (三员分立)', () => {
  it('keeps the system administrator out of the audit trail and out of role grants', async () => {
    const sys = await t.as('sysadmin');
    expect((await sys.get('/api/audit')).status).toBe(403);
    const acc = await sys.get('/api/accounts?q=union.street');
    const id = acc.body.items.find((a: { username: string }) => a.username === 'union.street').id;
    expect((await sys.put(`/api/accounts/${id}/roles`, { roles: ['viewer'] })).status).toBe(403);
  });

  it('lets the audit administrator read and verify the trail and change nothing', async () => {
    const aud = await t.as('auditadmin');
    const list = await aud.get('/api/audit?pageSize=5');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect((await aud.post('/api/audit/verify')).body.ok).toBe(true);
    expect((await aud.post('/api/orgs', { parentId: 1, name: 'x', regionCode: '5101' })).status).toBe(403);
    expect((await aud.post('/api/accounts', { username: 'newbie', displayName: 'n', orgId: 1, password: 'Tianfu#Square2026' })).status).toBe(403);
  });

  it('refuses combining an administrator role with another, in the service and in the database', async () => {
    const sec = await t.as('secadmin');
    const acc = await sec.get('/api/accounts?q=viewer.district');
    const id = acc.body.items[0].id;
    const r = await sec.put(`/api/accounts/${id}/roles`, { roles: ['sys_admin', 'viewer'] });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('roles');
    await expect(
      sql`INSERT INTO account_roles (account_id, role_code, admin_kind) SELECT id, 'audit_admin', 'audit' FROM accounts WHERE username = 'sysadmin'`.execute(
        t.c.db,
      ),
    ).rejects.toThrow();
    const ok = await sec.put(`/api/accounts/${id}/roles`, { roles: ['viewer', 'worker'] });
    expect(ok.status).toBe(200);
    expect(ok.body.roles).toEqual(['viewer', 'worker']);
  });

  it('lets the system administrator create an account that must change its password at first sign-in', async () => {
    const sys = await t.as('sysadmin');
    const orgs = await sys.get('/api/orgs?type=union&level=district&pageSize=1');
    const r = await sys.post('/api/accounts', { username: 'Zhang.Wei', displayName: '张伟', orgId: orgs.body.items[0].id, password: 'Jinjiang#River2026' });
    expect(r.status).toBe(201);
    const dup = await sys.post('/api/accounts', { username: 'zhang.wei', displayName: '张伟', orgId: orgs.body.items[0].id, password: 'Jinjiang#River2026' });
    expect(dup.status).toBe(409);
    const first = await t.anonymous.post('/api/auth/login', { username: 'zhang.wei', password: 'Jinjiang#River2026' });
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
  });
});

describe('display preferences', () => {
  it('saves my elder and contrast choices and returns them with /auth/me and at the next sign-in', async () => {
    const u = await t.as('union.community');
    expect((await u.get('/api/auth/me')).body.uiPrefs).toEqual({});
    const put = await u.put('/api/auth/me/prefs', { elder: true, contrast: false });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ elder: true, contrast: false });
    expect((await u.get('/api/auth/me')).body.uiPrefs).toEqual({ elder: true, contrast: false });
    // One key at a time, as the switches save it, keeps the others.
    expect((await u.put('/api/auth/me/prefs', { contrast: true })).body).toEqual({ elder: true, contrast: true });
    await u.put('/api/auth/me/prefs', { contrast: false });
    expect((await login('union.community', DEMO_PASSWORD)).body.uiPrefs).toEqual({ elder: true, contrast: false });
    // Another account's preferences are its own.
    expect((await (await t.as('union.street')).get('/api/auth/me')).body.uiPrefs).toEqual({});
  });

  it('refuses an unknown key or a value that is not a boolean with a 400 naming the field', async () => {
    const u = await t.as('union.street');
    await u.put('/api/auth/me/prefs', { elder: false });
    const extra = await u.put('/api/auth/me/prefs', { elder: true, theme: 'dark' });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body.error)).toContain('theme');
    // The refused body saved nothing, not even its known key.
    expect((await u.get('/api/auth/me')).body.uiPrefs).toEqual({ elder: false });
    const wrong = await u.put('/api/auth/me/prefs', { contrast: 'yes' }, { headers: { 'accept-language': 'en' } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.error)).toContain('contrast');
    expect((await t.anonymous.put('/api/auth/me/prefs', { elder: true })).status).toBe(401);
  });
});

describe('own email address', () => {
  it("returns my own address with /auth/me, never another account's, and null once cleared", async () => {
    const f = factories(t);
    const [a] = await f.neighbours();
    const [unit] = await f.tree('union', [a]);
    const me = await f.staff(unit!.community.id, ['worker']);
    const colleague = await f.staff(unit!.community.id, ['worker']);
    expect((await me.get('/api/auth/me')).body.email).toBeNull();
    expect((await me.put('/api/auth/me/email', { email: 'Chen.Ba@Example.ORG' })).body).toEqual({ email: 'Chen.Ba@example.org' });
    expect((await colleague.put('/api/auth/me/email', { email: 'lin.jiu@example.org' })).status).toBe(200);
    const mine = await me.get('/api/auth/me');
    expect(mine.status).toBe(200);
    expect(mine.body.email).toBe('Chen.Ba@example.org');
    expect((await colleague.get('/api/auth/me')).body.email).toBe('lin.jiu@example.org');
    // The preferences come from the same lookup and stay right beside it.
    expect((await me.put('/api/auth/me/prefs', { elder: true })).status).toBe(200);
    expect((await me.get('/api/auth/me')).body).toMatchObject({ email: 'Chen.Ba@example.org', uiPrefs: { elder: true } });
    expect((await me.put('/api/auth/me/email', { email: null })).body).toEqual({ email: null });
    expect((await me.get('/api/auth/me')).body.email).toBeNull();
    expect((await colleague.get('/api/auth/me')).body.email).toBe('lin.jiu@example.org');
  });

  it("lists each account's address to the administrator of its scope, and not to a neighbouring unit's administrator", async () => {
    const f = factories(t);
    const [a, b] = await f.neighbours();
    const [mine, theirs] = await f.tree('union', [a, b]);
    const adminA = await f.staff(mine!.street.id, ['sys_admin']);
    const adminB = await f.staff(theirs!.street.id, ['sys_admin']);
    const member = await f.staff(mine!.community.id, ['worker']);
    const memberId = (await member.get('/api/auth/me')).body.id as number;
    expect((await adminA.put(`/api/accounts/${memberId}/email`, { email: 'he.shi@example.org' })).status).toBe(200);
    const listA = await adminA.get(`/api/accounts?orgId=${mine!.community.id}`);
    expect(listA.status).toBe(200);
    const row = (listA.body.items as Array<{ id: number; email: string | null }>).find((x) => x.id === memberId);
    expect(row?.email).toBe('he.shi@example.org');
    expect((await adminA.get(`/api/accounts/${memberId}`)).body.email).toBe('he.shi@example.org');
    const listB = await adminB.get('/api/accounts?pageSize=100');
    expect(listB.status).toBe(200);
    expect(JSON.stringify(listB.body)).not.toContain('he.shi@example.org');
    expect((await adminB.get(`/api/accounts/${memberId}`)).status).toBe(404);
  });
});
