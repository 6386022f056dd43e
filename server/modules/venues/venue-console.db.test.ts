import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, nextChinaWeekday } from '../../db/seed/demo-venues.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let admin: Client;
let street: Client;
let neighbour: Client;
let youth: Client;
let venueId: number;
let roomId: number;
let youthOrgId: number;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const wednesday = (weeks: number) => plusDays(nextChinaWeekday(3), 7 * weeks);
const slot = (day: string, from: string, to: string) => ({ start: chinaTime(day, from).toISOString(), end: chinaTime(day, to).toISOString() });
const audited = async (action: string, objectId?: number) =>
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} ${objectId ? sql`AND object_id = ${String(objectId)}` : sql``}`.execute(t.c.db)
  ).rows[0]!.n;

beforeAll(async () => {
  t = await setupTestEnv();
  admin = await t.as('sysadmin');
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
  youth = await t.as('league.street');
  youthOrgId = (await youth.get('/api/auth/me')).body.orgId;
  const me = (await street.get('/api/auth/me')).body;
  const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
  const v = await street.post('/api/venues', { typeCode: 'workers_home', name: '控制台测试职工之家', regionCode: org.regionCode, managingOrgId: org.id });
  expect(v.status).toBe(201);
  venueId = v.body.id;
  roomId = (await street.post(`/api/venues/${venueId}/rooms`, { name: '多功能厅', capacity: 40 })).body.id;
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '20:00' }));
  expect((await street.put(`/api/venues/${venueId}/hours`, { weekly, exceptions: [] })).status).toBe(200);
});
afterAll(async () => t.close());

describe('venue type catalogue', () => {
  it('the system administrator adds, renames and retires a type; staff may not; venues use the new type', async () => {
    const body = { code: 'worker_service_centre', nameZh: '职工服务中心', nameEn: "Workers' service centre", expected: false };
    expect((await street.post('/api/venue-types', body)).status).toBe(403);
    const r = await admin.post('/api/venue-types', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: 'worker_service_centre', active: true, venues: 0 });
    expect(await audited('venue.type.create')).toBe(1);
    expect((await admin.post('/api/venue-types', body)).status).toBe(409);
    expect((await admin.post('/api/venue-types', { ...body, code: 'other_code' })).body.error.field).toBe('nameZh');
    expect((await admin.post('/api/venue-types', { ...body, code: 'Bad Code' })).status).toBe(400);

    const types = (await street.get('/api/venue-types')).body.items.map((x: { code: string }) => x.code);
    expect(types).toContain('worker_service_centre');
    const me = (await street.get('/api/auth/me')).body;
    const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
    const v = await street.post('/api/venues', {
      typeCode: 'worker_service_centre',
      name: '街道职工服务中心',
      regionCode: org.regionCode,
      managingOrgId: org.id,
    });
    expect(v.status).toBe(201);

    const renamed = await admin.patch('/api/venue-types/worker_service_centre', { nameZh: '职工服务中心（站）', active: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ nameZh: '职工服务中心（站）', active: false, venues: 1 });
    expect(await audited('venue.type.update')).toBe(1);
    expect((await admin.patch('/api/venue-types/no_such_type', { nameZh: 'x' })).status).toBe(404);
    expect((await street.patch('/api/venue-types/worker_service_centre', { active: true })).status).toBe(403);
    // A retired type takes no new venue, and leaves the active list; the catalogue still shows it.
    const refused = await street.post('/api/venues', {
      typeCode: 'worker_service_centre',
      name: '另一个中心',
      regionCode: org.regionCode,
      managingOrgId: org.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('typeCode');
    expect((await street.get('/api/venue-types')).body.items.map((x: { code: string }) => x.code)).not.toContain('worker_service_centre');
    const cat = (await street.get('/api/venue-types/catalogue')).body.items;
    expect(cat.find((x: { code: string }) => x.code === 'worker_service_centre').active).toBe(false);
  });
});

describe('booking rules', () => {
  it('per-organization quotas replace the general figure; a neighbouring street is refused', async () => {
    expect((await neighbour.put(`/api/venues/${venueId}/quotas`, { orgs: [{ orgId: youthOrgId, monthlyHours: 1 }] })).status).toBe(404);
    expect((await neighbour.get(`/api/venues/${venueId}/quotas`)).status).toBe(404);
    expect(
      (
        await street.put(`/api/venues/${venueId}/quotas`, {
          orgs: [
            { orgId: youthOrgId, monthlyHours: 1 },
            { orgId: youthOrgId, monthlyHours: 2 },
          ],
        })
      ).status,
    ).toBe(400);
    const set = await street.put(`/api/venues/${venueId}/quotas`, { orgs: [{ orgId: youthOrgId, monthlyHours: 1 }] });
    expect(set.status).toBe(200);
    expect(set.body.orgs).toEqual([expect.objectContaining({ orgId: youthOrgId, monthlyHours: 1 })]);
    expect(await audited('venue.quotas.set', venueId)).toBe(1);
    // The general figure is generous; the league's own quota of one hour still applies to it.
    const ver = (await street.get(`/api/venues/${venueId}`)).body.version;
    expect((await street.patch(`/api/venues/${venueId}`, { version: ver, monthlyQuotaHours: 100 })).status).toBe(200);
    const day = wednesday(7);
    const tooLong = await youth.post('/api/venue-bookings', { roomId, ...slot(day, '09:00', '11:00'), purpose: '青年沙龙' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('orgId');
    const ok = await youth.post('/api/venue-bookings', { roomId, ...slot(day, '09:00', '10:00'), purpose: '青年沙龙' });
    expect(ok.status).toBe(201);
    expect(ok.body.booking.status).toBe('pending');
  });

  it('without approval needed, another organization is confirmed at once', async () => {
    const v = (await street.get(`/api/venues/${venueId}`)).body;
    expect(v.approvalRequired).toBe(true);
    const p = await street.patch(`/api/venues/${venueId}`, { version: v.version, approvalRequired: false });
    expect(p.status).toBe(200);
    expect(p.body.approvalRequired).toBe(false);
    await street.put(`/api/venues/${venueId}/quotas`, { orgs: [] });
    const r = await youth.post('/api/venue-bookings', { roomId, ...slot(wednesday(8), '14:00', '15:00'), purpose: '团课' });
    expect(r.status).toBe(201);
    expect(r.body.booking.status).toBe('confirmed');
  });
});

describe('cancelling from the console', () => {
  it("the venue's staff cancel with a reason the booker sees; a neighbour and the booker is not the venue", async () => {
    const day = wednesday(9);
    const b = (await youth.post('/api/venue-bookings', { roomId, ...slot(day, '16:00', '17:00'), purpose: '青年读书会' })).body.booking;
    expect((await neighbour.post(`/api/venue-bookings/${b.id}/cancel-by-venue`, { reason: '场地维修' })).status).toBe(404);
    // The booker does not manage the venue: for this route the booking is not there.
    expect((await youth.post(`/api/venue-bookings/${b.id}/cancel-by-venue`, { reason: '场地维修' })).status).toBe(404);
    expect((await street.post(`/api/venue-bookings/${b.id}/cancel-by-venue`, { reason: '  ' })).status).toBe(400);
    const r = await street.post(`/api/venue-bookings/${b.id}/cancel-by-venue`, { reason: '场地临时维修，请改约' });
    expect(r.status).toBe(200);
    expect(await audited('venue.booking.cancel', b.id)).toBe(1);
    expect((await street.post(`/api/venue-bookings/${b.id}/cancel-by-venue`, { reason: '再次' })).status).toBe(409);
    const mine = await youth.get(
      `/api/venue-bookings/mine?from=${chinaTime(day, '00:00').toISOString()}&to=${chinaTime(plusDays(day, 1), '00:00').toISOString()}`,
    );
    const seen = mine.body.items.find((x: { id: number }) => x.id === b.id);
    expect(seen).toMatchObject({ status: 'cancelled', decisionNote: '场地临时维修，请改约' });
  });
});
