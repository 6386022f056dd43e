import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen, type CitizenClient } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let district: Client;
let viewer: Client;
let streetOrg: { id: number; name: string; regionCode: string };
let communityCode: string;
let seq = 0;
const nextPhone = () => `135${String(40_000_000 + ++seq * 7919).slice(-8)}`;
const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; name: string; regionCode: string };
}

async function volunteer(name = '志愿者甲'): Promise<{ c: CitizenClient; id: number }> {
  const c = await signInCitizen(t, nextPhone(), { name, regionCode: communityCode });
  const r = await c.put('/api/portal/volunteers/me', { skills: ['first_aid', 'teaching'], availability: '周末全天' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { c, id: r.body.volunteer.id };
}

async function need(over: Record<string, unknown> = {}) {
  const r = await street.post('/api/volunteer-needs', {
    orgId: streetOrg.id,
    role: '活动引导员',
    headcount: 2,
    startsAt: at(-48 * hour),
    endsAt: at(48 * hour),
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, district, viewer] = await Promise.all([t.as('union.street'), t.as('union.street2'), t.as('union.district'), t.as('viewer.district')]);
  streetOrg = await orgOf(street);
  communityCode = (await orgOf(await t.as('union.community'))).regionCode;
});
afterAll(async () => t.close());

describe('volunteers: sign-up, needs, applications, hours, certificates', () => {
  it('runs the whole path from sign-up to a certificate whose text carries what the rules require', async () => {
    const v = await volunteer('志愿者甲');
    const n = await need();
    const app = await v.c.post(`/api/portal/volunteer-needs/${n.id}/apply`);
    expect(app.status).toBe(201);
    expect(app.body.status).toBe('applied');
    expect((await v.c.post(`/api/portal/volunteer-needs/${n.id}/apply`)).status).toBe(409);
    const apps = (await street.get(`/api/volunteer-needs/${n.id}/applications`)).body.items;
    expect(apps).toHaveLength(1);
    // Hours for an unconfirmed volunteer are refused.
    expect(
      (await street.post('/api/volunteer-hours', { volunteerId: v.id, needId: n.id, serviceDate: today(), hours: 2, content: '引导' })).body.error.code,
    ).toBe('INVALID_STATE');
    expect((await street.post(`/api/volunteer-applications/${app.body.id}/decision`, { decision: 'confirm' })).body.status).toBe('confirmed');
    const h1 = await street.post('/api/volunteer-hours', { volunteerId: v.id, needId: n.id, serviceDate: today(), hours: 3.5, content: '活动现场引导' });
    expect(h1.status, JSON.stringify(h1.body)).toBe(201);
    expect(h1.body.status).toBe('recorded');
    const h2 = await street.post('/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 2, content: '社区清洁' });
    expect(h2.status).toBe(201);
    // The recorder cannot confirm their own record; a second staff member of the tree does.
    const self = await street.post(`/api/volunteer-hours/${h1.body.id}/decision`, { decision: 'confirm' });
    expect(self.status).toBe(403);
    expect((await district.post(`/api/volunteer-hours/${h1.body.id}/decision`, { decision: 'confirm' })).body.status).toBe('confirmed');
    expect((await district.post(`/api/volunteer-hours/${h2.body.id}/decision`, { decision: 'confirm' })).body.status).toBe('confirmed');
    expect((await district.post(`/api/volunteer-hours/${h2.body.id}/decision`, { decision: 'confirm' })).body.error.code).toBe('INVALID_STATE');

    const ledger = await v.c.get('/api/portal/volunteers/me');
    expect(ledger.body.volunteer.confirmedHours).toBe(5.5);
    expect(ledger.body.hours.map((h: { hours: number; status: string }) => [h.hours, h.status]).sort()).toEqual([
      [2, 'confirmed'],
      [3.5, 'confirmed'],
    ]);
    expect(ledger.body.certifiers).toEqual([{ orgId: streetOrg.id, orgName: streetOrg.name }]);

    const pdf = await v.c.get(`/api/portal/volunteers/me/certificate?orgId=${streetOrg.id}`);
    expect(pdf.status).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text.replace(/\s+/g, '');
    const number = String(pdf.headers['content-disposition']).match(/QH-VC-\d{4}-\d{8}/)![0];
    expect(text).toContain('志愿服务记录证明');
    expect(text).toContain('志愿者姓名：志愿者甲');
    expect(text).toContain('公民身份号码：未登记');
    expect(text).toContain(`记录单位：${streetOrg.name}`.replace(/\s+/g, ''));
    expect(text).toContain(`证明出具单位：${streetOrg.name}`.replace(/\s+/g, ''));
    expect(text).toContain('累计志愿服务时长：5.5小时');
    expect(text).toContain(`服务时间：${today()}至${today()}`);
    expect(text).toContain(`出具日期：${today()}`);
    expect(text).toContain(number);
    // Each certificate has its own registered number.
    const staffPdf = await district.get(`/api/volunteers/${v.id}/certificate?orgId=${streetOrg.id}`);
    expect(staffPdf.status).toBe(200);
    expect(String(staffPdf.headers['content-disposition'])).not.toContain(number);
    // Volunteers known to the street, with hours computed from the confirmed records.
    const listed = (await street.get('/api/volunteers?pageSize=200')).body.items.find((x: { id: number }) => x.id === v.id);
    expect(listed.confirmedHours).toBe(5.5);
    expect(listed.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('shows a masked ID number on the certificate when the person has one', async () => {
    const v = await volunteer('志愿者乙');
    await t.c.people.update(await t.c.citizens.portalContext({ ip: '127.0.0.1', requestId: 't' }), v.c.personId, { idNumber: '11010519491231002X' });
    const h = await street.post('/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 1, content: '文明劝导' });
    await district.post(`/api/volunteer-hours/${h.body.id}/decision`, { decision: 'confirm' });
    const pdf = await v.c.get(`/api/portal/volunteers/me/certificate?orgId=${streetOrg.id}`);
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text.replace(/\s+/g, '');
    expect(text).toContain('公民身份号码：1101**********002X');
    expect(text).not.toContain('11010519491231002X');
  });

  it('the neighbouring street is refused every read and write with 404', async () => {
    const v = await volunteer('志愿者丙');
    const n = await need();
    const app = await v.c.post(`/api/portal/volunteer-needs/${n.id}/apply`);
    const h = await street.post('/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 1, content: '值守' });
    expect((await street2.get(`/api/volunteers/${v.id}`)).status).toBe(404);
    expect(((await street2.get('/api/volunteers?pageSize=200')).body.items as Array<{ id: number }>).some((x) => x.id === v.id)).toBe(false);
    expect((await street2.get(`/api/volunteer-needs/${n.id}/applications`)).status).toBe(404);
    expect(((await street2.get('/api/volunteer-needs?pageSize=200')).body.items as Array<{ id: number }>).some((x) => x.id === n.id)).toBe(false);
    expect((await street2.post(`/api/volunteer-needs/${n.id}/close`)).status).toBe(404);
    expect((await street2.post(`/api/volunteer-applications/${app.body.id}/decision`, { decision: 'confirm' })).status).toBe(404);
    expect((await street2.post(`/api/volunteer-hours/${h.body.id}/decision`, { decision: 'confirm' })).status).toBe(404);
    expect(((await street2.get('/api/volunteer-hours')).body.items as Array<{ id: number }>).some((x) => x.id === h.body.id)).toBe(false);
    expect(
      (await street2.post('/api/volunteer-hours', { volunteerId: v.id, orgId: (await orgOf(street2)).id, serviceDate: today(), hours: 1, content: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await street2.post('/api/volunteer-needs', { orgId: streetOrg.id, role: 'x', headcount: 1, startsAt: at(hour), endsAt: at(2 * hour) })).status,
    ).toBe(404);
    expect((await street2.get(`/api/volunteers/${v.id}/certificate?orgId=${streetOrg.id}`)).status).toBe(404);
    expect((await viewer.post(`/api/volunteer-needs/${n.id}/close`)).status).toBe(403);
  });

  it('refuses bad input on every endpoint with a field-naming 4xx and writes nothing', async () => {
    const v = await volunteer('志愿者丁');
    const before = (await street.get('/api/volunteer-hours')).body.items.length;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 0, content: 'x' }, 'hours'],
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 25, content: 'x' }, 'hours'],
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 1.1, content: 'x' }, 'body.hours'],
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: '2999-01-01', hours: 1, content: 'x' }, 'body.serviceDate'],
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: '2026-02-30', hours: 1, content: 'x' }, 'serviceDate'],
      ['/api/volunteer-hours', { volunteerId: v.id, serviceDate: today(), hours: 1, content: 'x' }, 'body.orgId'],
      ['/api/volunteer-hours', { volunteerId: v.id, orgId: streetOrg.id, serviceDate: today(), hours: 1, content: '' }, 'content'],
      ['/api/volunteer-needs', { orgId: streetOrg.id, role: 'x', headcount: 0, startsAt: at(hour), endsAt: at(2 * hour) }, 'headcount'],
      ['/api/volunteer-needs', { orgId: streetOrg.id, role: 'x', headcount: 1, startsAt: at(2 * hour), endsAt: at(hour) }, 'body.endsAt'],
      [
        '/api/volunteer-needs',
        { orgId: streetOrg.id, role: 'x', headcount: 1, startsAt: at(hour), endsAt: at(2 * hour), activityId: 99999999 },
        'body.activityId',
      ],
      ['/api/volunteer-needs', { orgId: streetOrg.id, role: 'x', headcount: 1, startsAt: at(hour), endsAt: at(2 * hour), extra: 1 }, 'extra'],
    ];
    for (const [url, body, field] of cases) {
      const r = await street.post(url, body);
      expect(r.status, `${url} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.field).toContain(field);
    }
    expect((await street.get('/api/volunteer-hours')).body.items.length).toBe(before);
    expect((await street.post('/api/volunteer-applications/1/decision', { decision: 'maybe' })).status).toBe(400);
    expect((await street.get('/api/volunteers/abc')).status).toBe(400);
    expect((await street.get(`/api/volunteers/${v.id}/certificate`)).status).toBe(400);
    expect((await street.get(`/api/volunteers/${v.id}/certificate?orgId=${streetOrg.id}`)).body.error.code).toBe('INVALID_STATE');
    expect((await v.c.put('/api/portal/volunteers/me', { skills: Array.from({ length: 13 }, (_, i) => `s${i}`), availability: '' })).status).toBe(400);
    expect((await v.c.put('/api/portal/volunteers/me', { skills: [], availability: 'x', regionCode: '99' })).body.error.field).toBe('body.regionCode');
    expect((await v.c.get('/api/portal/volunteers/me/certificate?orgId=abc')).status).toBe(400);
    expect((await v.c.get(`/api/portal/volunteers/me/certificate?orgId=${streetOrg.id}`)).body.error.code).toBe('INVALID_STATE');
    expect((await t.anonymous.get('/api/portal/volunteers/me')).status).toBe(401);
    const other = await signInCitizen(t, nextPhone(), { name: '非志愿者', regionCode: communityCode });
    const n = await need();
    expect((await other.post(`/api/portal/volunteer-needs/${n.id}/apply`)).body.error.code).toBe('INVALID_STATE');
  });

  it('confirms no more volunteers than the headcount, and closed needs take no applications', async () => {
    const n = await need({ headcount: 1 });
    const [a, b, c] = [await volunteer('甲'), await volunteer('乙'), await volunteer('丙')];
    const ra = await a.c.post(`/api/portal/volunteer-needs/${n.id}/apply`);
    const rb = await b.c.post(`/api/portal/volunteer-needs/${n.id}/apply`);
    expect((await street.post(`/api/volunteer-applications/${ra.body.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    expect((await street.post(`/api/volunteer-applications/${rb.body.id}/decision`, { decision: 'confirm' })).body.error.code).toBe('INVALID_STATE');
    expect((await street.post(`/api/volunteer-needs/${n.id}/close`)).body.status).toBe('closed');
    expect((await c.c.post(`/api/portal/volunteer-needs/${n.id}/apply`)).status).toBe(404);
    const open = (await t.anonymous.get('/api/portal/volunteer-needs?pageSize=200')).body.items as Array<{ id: number }>;
    expect(open.some((x) => x.id === n.id)).toBe(false);
  });
});
