import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';
import { nextIp, signInCitizen } from './citizens.test-helpers.js';

let t: TestEnv;
let communityCode: string;
let seq = 0;
const nextPhone = () => `136${String(30_000_000 + ++seq * 7919).slice(-8)}`;

const post = (url: string, payload: Record<string, unknown>, ip: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, remoteAddress: ip, headers });

beforeAll(async () => {
  t = await setupTestEnv();
  const c = await t.as('union.community');
  const me = await c.get('/api/auth/me');
  communityCode = (await c.get(`/api/orgs/${me.body.orgId}`)).body.regionCode;
});
afterAll(async () => t.close());

describe('citizen sign-in by phone and one-time code', () => {
  it('creates the person at first sign-in (name and community required), finds it again by phone afterwards', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const code = JSON.parse((await post('/api/portal/auth/code', { phone }, ip)).body).demoCode as string;
    expect(code).toMatch(/^\d{6}$/);
    const noName = await post('/api/portal/auth/verify', { phone, code }, ip);
    expect(noName.statusCode).toBe(400);
    expect(JSON.parse(noName.body).error.field).toBe('body.name');
    const street = await post('/api/portal/auth/verify', { phone, code, name: '张三', regionCode: communityCode.slice(0, 9) }, ip);
    expect(JSON.parse(street.body).error.field).toBe('body.regionCode');
    const ok = await post('/api/portal/auth/verify', { phone, code, name: '张三', regionCode: communityCode }, ip);
    expect(ok.statusCode).toBe(200);
    const me = JSON.parse(ok.body);
    expect(me).toMatchObject({ name: '张三', regionCode: communityCode });
    expect(me.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(String(ok.headers['set-cookie'])).toMatch(/qh_csid=.*HttpOnly.*SameSite=Strict/i);
    // The code is spent.
    expect((await post('/api/portal/auth/verify', { phone, code }, ip)).statusCode).toBe(401);
    // The same phone signs in again (after the one-a-minute limit) as the same person, no name needed.
    await t.c.db
      .updateTable('citizen_otps')
      .set({ created_at: new Date(Date.now() - 120_000) })
      .execute();
    const again = await signInCitizen(t, phone, { name: '忽略', regionCode: communityCode });
    expect(again.personId).toBe(me.personId);
    // Only the hash of a code is stored.
    const stored = await t.c.db.selectFrom('citizen_otps').select(['code_hash']).execute();
    expect(stored.every((r) => !Buffer.from(r.code_hash).toString('utf8').includes(code))).toBe(true);
  });

  it('burns a code after five wrong attempts and refuses expired codes', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    const code = JSON.parse((await post('/api/portal/auth/code', { phone }, ip)).body).demoCode as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/portal/auth/verify', { phone, code: wrong, name: 'x', regionCode: communityCode }, ip);
      expect(r.statusCode).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('INVALID_CREDENTIALS');
    }
    expect((await post('/api/portal/auth/verify', { phone, code, name: 'x', regionCode: communityCode }, ip)).statusCode).toBe(401);

    const phone2 = nextPhone();
    const code2 = JSON.parse((await post('/api/portal/auth/code', { phone: phone2 }, ip)).body).demoCode as string;
    await t.c.db
      .updateTable('citizen_otps')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('consumed_at', 'is', null)
      .execute();
    expect((await post('/api/portal/auth/verify', { phone: phone2, code: code2, name: 'x', regionCode: communityCode }, ip)).statusCode).toBe(401);
  });

  it('limits sending: one code a minute per phone, thirty an hour per address', async () => {
    const phone = nextPhone();
    const ip = nextIp();
    expect((await post('/api/portal/auth/code', { phone }, ip)).statusCode).toBe(200);
    const again = await post('/api/portal/auth/code', { phone }, ip);
    expect(again.statusCode).toBe(429);
    expect(JSON.parse(again.body).error.code).toBe('RATE_LIMITED');
    const ip2 = nextIp();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await post('/api/portal/auth/code', { phone: nextPhone() }, ip2)).statusCode;
    expect(last).toBe(429);
  });

  it('refuses bad input on every endpoint without a 500', async () => {
    const ip = nextIp();
    for (const [url, body, field] of [
      ['/api/portal/auth/code', { phone: '12345678901' }, 'body.phone'],
      ['/api/portal/auth/code', {}, 'phone'],
      ['/api/portal/auth/code', { phone: '13800000000', extra: 1 }, 'extra'],
      ['/api/portal/auth/verify', { phone: '13800000000', code: '12ab56' }, 'code'],
      ['/api/portal/auth/verify', { phone: '13800000000', code: '123456', regionCode: 'x' }, 'regionCode'],
    ] as const) {
      const r = await post(url, body, ip);
      expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.parse(r.body).error.field).toContain(field);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/portal/auth/me' })).statusCode).toBe(401);
  });

  it('keeps citizen and staff sessions apart, checks CSRF, and signs out', async () => {
    const c = await signInCitizen(t, nextPhone(), { name: '李四', regionCode: communityCode });
    expect((await c.get('/api/portal/auth/me')).status).toBe(200);
    // A citizen cookie is no staff session.
    expect((await c.get('/api/auth/me')).status).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/people', headers: { cookie: c.cookie } })).statusCode).toBe(401);
    const staff = await t.as('union.street');
    expect((await staff.get('/api/portal/auth/me')).status).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/auth/logout', payload: {}, headers: { cookie: c.cookie } })).statusCode).toBe(403);
    expect((await c.post('/api/portal/auth/logout')).status).toBe(200);
    expect((await c.get('/api/portal/auth/me')).status).toBe(401);
  });

  it('says who is signed in on the portal without an error when nobody is', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/portal/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(JSON.parse(anonymous.body)).toEqual({ citizen: null });
    const c = await signInCitizen(t, nextPhone(), { name: '赵六', regionCode: communityCode });
    const signedIn = await c.get('/api/portal/auth/session');
    expect(signedIn.status).toBe(200);
    const { citizen } = signedIn.body as { citizen: { name: string; phoneMasked: string; csrfToken: string } };
    expect(citizen.name).toBe('赵六');
    expect(citizen.phoneMasked).toMatch(/\*{4}/);
    expect(citizen.csrfToken).toBeTruthy();
    // A staff session is nobody on the portal.
    const staff = await t.as('union.street');
    expect((await staff.get('/api/portal/auth/session')).body).toEqual({ citizen: null });
    expect((await c.post('/api/portal/auth/logout')).status).toBe(200);
    expect((await c.get('/api/portal/auth/session')).body).toEqual({ citizen: null });
  });

  it('expires idle sessions', async () => {
    const c = await signInCitizen(t, nextPhone(), { name: '王五', regionCode: communityCode });
    await t.c.db
      .updateTable('citizen_sessions')
      .set({ last_seen_at: new Date(Date.now() - 3 * 3600_000) })
      .where('person_id', '=', c.personId)
      .execute();
    expect((await c.get('/api/portal/auth/me')).status).toBe(401);
  });
});
