import { sql } from 'kysely';
import zxing from '@zxing/library';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let district: Client;
let street: Client;
let street2: Client;
let streetMe = { orgId: 0, regionCode: '' };
let street2Me = { orgId: 0, regionCode: '' };
let phoneSeq = 0;

async function me(c: Client) {
  const b = (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
  return { orgId: b.orgId, regionCode: b.scope.regionPath.split('.').pop()! };
}

async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}

const iso = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();
const yearsAgo = (y: number) => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCFullYear(d.getUTCFullYear() - y);
  return d.toISOString().slice(0, 10);
};

async function person(c: Client, regionCode: string, o: { gender?: 'male' | 'female'; birthDate?: string; name?: string } = {}) {
  phoneSeq++;
  const r = await c.post('/api/people', {
    name: o.name ?? `学员${phoneSeq}`,
    phone: `1350000${String(2000 + phoneSeq).slice(-4)}`,
    gender: o.gender ?? 'female',
    birthDate: o.birthDate ?? yearsAgo(30),
    regionCode,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; phone?: string };
}

async function programme(c: Client, orgId: number, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/talent-programmes', {
    orgId,
    name: '蓉城巾帼学院·电商直播班',
    kind: 'women',
    eligibility: 'women',
    requiredSessions: 2,
    capacity: 30,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; version: number; districtCode: string | null };
}

async function session(c: Client, id: number, course: string, offsetHours: number) {
  const r = await c.post(`/api/talent-programmes/${id}/sessions`, {
    course,
    startsAt: iso(offsetHours),
    endsAt: iso(offsetHours + 2),
    venueName: '街道职工服务中心',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; activityId: number };
}

/** The QR code on the certificate's first page, read as a pure barcode (see honours.db.test.ts). */
async function qrOf(pdf: Buffer): Promise<string> {
  const images = await new PDFParse({ data: new Uint8Array(pdf) }).getImage({ imageBuffer: true });
  const { data, width, height } = PNG.sync.read(Buffer.from(images.pages[0]!.images[0]!.data));
  const lum = new Uint8ClampedArray(width * height);
  for (let i = 0; i < width * height; i++) lum[i] = (data[i * 4]! * 299 + data[i * 4 + 1]! * 587 + data[i * 4 + 2]! * 114) / 1000;
  const hints = new Map<zxing.DecodeHintType, unknown>([[zxing.DecodeHintType.PURE_BARCODE, true]]);
  return new zxing.QRCodeReader().decode(new zxing.BinaryBitmap(new zxing.HybridBinarizer(new zxing.RGBLuminanceSource(lum, width, height))), hints).getText();
}

beforeAll(async () => {
  t = await setupTestEnv();
  [district, street, street2] = (await Promise.all(['union.district', 'union.street', 'union.street2'].map((u) => t.as(u)))) as [Client, Client, Client];
  streetMe = await me(street);
  street2Me = await me(street2);
});
afterAll(async () => {
  await t?.close();
});

describe('talent programmes: enrolment → attendance → completion → certificate', () => {
  it('runs one programme end to end, each write audited', async () => {
    const p = await programme(street, streetMe.orgId);
    expect(await audited('talent.programme.create', p.id)).toBe(1);
    expect(p.districtCode).toMatch(/^5101\d\d$/);
    const s1 = await session(street, p.id, '直播选品', -48);
    const s2 = await session(street, p.id, '短视频剪辑', -24);
    await session(street, p.id, '店铺运营', 48);
    expect(await audited('talent.session.add', p.id)).toBe(3);
    // Each session is a published training activity of the programme's organization.
    const act = await street.get(`/api/activities/${s1.activityId}`);
    expect(act.status).toBe(200);
    expect(act.body.type).toBe('training');
    expect(act.body.status).toBe('published');

    const woman = await person(street, streetMe.regionCode, { gender: 'female', name: '李秀英' });
    const man = await person(street, streetMe.regionCode, { gender: 'male' });
    const refused = await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: man.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('personId');
    const en = await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: woman.id });
    expect(en.status, JSON.stringify(en.body)).toBe(201);
    const enrolmentId = en.body.id as number;
    expect(await audited('talent.enrol', enrolmentId)).toBe(1);
    expect((await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: woman.id })).status).toBe(409);

    // Too few sessions: a pass is refused.
    const a1 = await street.post(`/api/talent-enrolments/${enrolmentId}/attendance`, { sessionId: s1.id });
    expect(a1.status, JSON.stringify(a1.body)).toBe(200);
    expect(a1.body.attendedSessionIds).toEqual([s1.id]);
    const early = await street.post(`/api/talent-enrolments/${enrolmentId}/assessment`, { score: 90, passed: true, version: a1.body.version });
    expect(early.status).toBe(409);
    // Attendance is the activity's check-in: a walk-in at the second session through the activities console counts too.
    const walk = await street.post(`/api/activities/${s2.activityId}/walk-ins`, { phone: `1350000${String(2000 + phoneSeq - 1).slice(-4)}` });
    expect(walk.status, JSON.stringify(walk.body)).toBeLessThan(300);
    const list = await street.get(`/api/talent-programmes/${p.id}/enrolments`);
    expect(list.body.items[0].attendedSessionIds.sort()).toEqual([s1.id, s2.id].sort());
    expect(await audited('talent.attend', enrolmentId)).toBe(1);
    const done = await street.post(`/api/talent-enrolments/${enrolmentId}/assessment`, { score: 92, passed: true, version: a1.body.version });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(await audited('talent.assess', enrolmentId)).toBe(1);

    const pdf = await street.get(`/api/talent-enrolments/${enrolmentId}/certificate`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text;
    expect(text).toContain('李秀英');
    expect(text).toContain('结');
    const number = /QH-TC-\d{4}-\d{8}/.exec(text)![0];
    // The same number again on a second download.
    const again = await street.get(`/api/talent-enrolments/${enrolmentId}/certificate`);
    expect((await new PDFParse({ data: new Uint8Array(again.raw) }).getText()).text).toContain(number);
    const url = new URL(await qrOf(pdf.raw));
    expect(url.pathname).toBe('/portal/talent/verify');
    const v = await t.app.inject({ method: 'GET', url: `/api${url.pathname}${url.search}` });
    expect(JSON.parse(v.body)).toMatchObject({ valid: true, number, name: '李秀英' });
    const forged = await t.app.inject({ method: 'GET', url: `/api/portal/talent/verify?no=${number}&t=${'x'.repeat(24)}` });
    expect(JSON.parse(forged.body)).toEqual({ valid: false });

    // Figures: the district sees the street's programme, enrolled and completed.
    const sum = await district.get('/api/talent-programmes/summary');
    const row = sum.body.byProgramme.find((x: { key: string }) => x.key === String(p.id));
    expect(row).toMatchObject({ enrolled: 1, completed: 1 });
    expect(sum.body.byDistrict.find((x: { key: string }) => x.key === p.districtCode)?.completed).toBeGreaterThanOrEqual(1);
  });

  it('refuses every write and read from a neighbouring street (404)', async () => {
    const p = await programme(street, streetMe.orgId, { eligibility: 'open', kind: 'craftsman', name: '成都工匠学院·数控班', requiredSessions: 0 });
    const s = await session(street, p.id, '数控编程', -5);
    const x = await person(street, streetMe.regionCode);
    const e = (await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: x.id })).body as { id: number; version: number };
    expect(
      (await street2.post('/api/talent-programmes', { orgId: streetMe.orgId, name: '越权', kind: 'other', eligibility: 'open', requiredSessions: 0 })).status,
    ).toBe(404);
    expect((await street2.get(`/api/talent-programmes/${p.id}`)).status).toBe(404);
    expect((await street2.get(`/api/talent-programmes/${p.id}/enrolments`)).status).toBe(404);
    expect((await street2.post(`/api/talent-programmes/${p.id}/status`, { status: 'closed', version: p.version })).status).toBe(404);
    expect((await street2.post(`/api/talent-programmes/${p.id}/sessions`, { course: 'x', startsAt: iso(1), endsAt: iso(2), venueName: 'x' })).status).toBe(404);
    const y = await person(street2, street2Me.regionCode);
    expect((await street2.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: y.id })).status).toBe(404);
    expect((await street2.post(`/api/talent-enrolments/${e.id}/attendance`, { sessionId: s.id })).status).toBe(404);
    expect((await street2.post(`/api/talent-enrolments/${e.id}/assessment`, { score: 60, passed: true, version: e.version })).status).toBe(404);
    expect((await street2.get(`/api/talent-enrolments/${e.id}/certificate`)).status).toBe(404);
    // A person outside the street's region cannot be enrolled by it.
    expect((await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: y.id })).status).toBe(404);
    expect((await street2.get('/api/talent-programmes')).body.items.some((i: { id: number }) => i.id === p.id)).toBe(false);
    // Closed enrolment refuses new people.
    const closed = await street.post(`/api/talent-programmes/${p.id}/status`, { status: 'closed', version: p.version });
    expect(closed.status).toBe(200);
    expect(await audited('talent.programme.status', p.id)).toBe(1);
    const z = await person(street, streetMe.regionCode);
    expect((await street.post(`/api/talent-programmes/${p.id}/enrolments`, { personId: z.id })).status).toBe(409);
  });

  it('a citizen enrols on the portal (youth eligibility) and downloads their certificate', async () => {
    const p = await programme(street, streetMe.orgId, { eligibility: 'youth', kind: 'youth', name: '青年人才驿站·创业训练营', requiredSessions: 1 });
    const s = await session(street, p.id, '创业计划书', -3);
    const older = await person(street, streetMe.regionCode, { birthDate: yearsAgo(50), name: '王建国' });
    const young = await person(street, streetMe.regionCode, { birthDate: yearsAgo(24), name: '张小雨' });
    const phoneOf = (seq: number) => `1350000${String(2000 + seq).slice(-4)}`;
    const oldCitizen = await signInCitizen(t, phoneOf(phoneSeq - 1), { name: '王建国', regionCode: streetMe.regionCode });
    expect(oldCitizen.personId).toBe(older.id);
    const refused = await oldCitizen.post(`/api/portal/talent-programmes/${p.id}/enrolments`);
    expect(refused.status).toBe(400);
    const citizen = await signInCitizen(t, phoneOf(phoneSeq), { name: '张小雨', regionCode: streetMe.regionCode });
    expect(citizen.personId).toBe(young.id);
    const listed = await t.app.inject({ method: 'GET', url: '/api/portal/talent-programmes' });
    expect(JSON.parse(listed.body).items.some((i: { id: number }) => i.id === p.id)).toBe(true);
    const mine = await citizen.post(`/api/portal/talent-programmes/${p.id}/enrolments`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(await audited('talent.enrol', mine.body.id)).toBe(1);
    expect((await citizen.get(`/api/portal/talent/enrolments/${mine.body.id}/certificate`)).status).toBe(409);
    const e = (await street.get(`/api/talent-programmes/${p.id}/enrolments`)).body.items[0] as { id: number; version: number; source: string };
    expect(e.source).toBe('portal');
    await street.post(`/api/talent-enrolments/${e.id}/attendance`, { sessionId: s.id });
    expect((await street.post(`/api/talent-enrolments/${e.id}/assessment`, { score: 80, passed: true, version: e.version })).status).toBe(200);
    const me2 = await citizen.get('/api/portal/talent/me');
    expect(me2.body.items[0]).toMatchObject({ status: 'completed', attended: 1, score: 80 });
    const cert = await citizen.get(`/api/portal/talent/enrolments/${mine.body.id}/certificate`);
    expect(cert.status).toBe(200);
    expect((await new PDFParse({ data: new Uint8Array(cert.raw!) }).getText()).text).toContain('张小雨');
    expect(
      await audited(
        'talent.certificate',
        (await sql<{ id: number }>`SELECT id::int AS id FROM talent_certificates WHERE enrolment_id = ${e.id}`.execute(t.c.db)).rows[0]!.id,
      ),
    ).toBe(1);
    // Someone else's certificate is not found.
    expect((await oldCitizen.get(`/api/portal/talent/enrolments/${mine.body.id}/certificate`)).status).toBe(404);
  });
});
