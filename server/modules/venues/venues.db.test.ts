import { sql } from 'kysely';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, nextChinaWeekday } from '../../db/seed/demo-venues.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let street: Client;
let neighbour: Client;
let youthManager: Client;
let womenStreet: Client;
let unionCommunity: Client;
let youthHome: { id: number; rooms: Array<{ id: number; name: string }>; managingOrgId: number; regionCode: string };
let streetVenueId: number;

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** A Tuesday far enough ahead that no demo booking touches it. */
const tuesday = (weeks: number) => plusDays(nextChinaWeekday(2), 7 * weeks);
const slot = (day: string, from: string, to: string) => ({ start: chinaTime(day, from).toISOString(), end: chinaTime(day, to).toISOString() });

beforeAll(async () => {
  t = await setupTestEnv();
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
  youthManager = await t.as('league.street');
  womenStreet = await t.as('women.street');
  unionCommunity = await t.as('union.community');
  const list = await youthManager.get('/api/venues?type=youth_home&pageSize=200');
  const mine = (await youthManager.get('/api/auth/me')).body.orgId as number;
  const home = list.body.items.find((v: { managingOrgId: number }) => v.managingOrgId === mine);
  youthHome = (await youthManager.get(`/api/venues/${home.id}`)).body;
  const sv = await street.get('/api/venues?type=workers_home&pageSize=50');
  streetVenueId = sv.body.items[0].id;
});
afterAll(async () => t.close());

describe('venue registry', () => {
  it('lists venues of my region subtree only, filtered and paged', async () => {
    const r = await street.get('/api/venues?pageSize=200');
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(3);
    const me = (await street.get('/api/auth/me')).body;
    const myOrg = (await street.get(`/api/orgs/${me.orgId}`)).body;
    for (const v of r.body.items) expect(v.regionCode.startsWith(myOrg.regionCode)).toBe(true);
    const other = await neighbour.get('/api/venues?pageSize=200');
    const ids = new Set(other.body.items.map((v: { id: number }) => v.id));
    expect(ids.has(streetVenueId)).toBe(false);
    const filtered = await street.get('/api/venues?type=party_mass_centre&pageSize=5&sort=name&order=desc');
    expect(filtered.body.items.every((v: { typeCode: string }) => v.typeCode === 'party_mass_centre')).toBe(true);
    expect(filtered.body.items.length).toBeLessThanOrEqual(5);
    const q = await street.get(`/api/venues?q=${encodeURIComponent('模范职工之家')}`);
    expect(q.body.items.map((v: { id: number }) => v.id)).toContain(streetVenueId);
  });

  it('shows a venue with rooms, co-builders, hosted projects and hours; a neighbour gets 404', async () => {
    expect(youthHome.rooms.length).toBe(2);
    const d = (await youthManager.get(`/api/venues/${youthHome.id}`)).body;
    expect(d.cobuilders.map((c: { typeCode: string }) => c.typeCode)).toEqual(['women']);
    expect(d.projects.length).toBe(2);
    expect(d.weekly.length).toBe(6);
    expect(d.canWrite).toBe(true);
    expect((await neighbour.get(`/api/venues/${streetVenueId}`)).status).toBe(404);
    expect((await neighbour.get(`/api/venues/${youthHome.id}`)).status).toBe(404);
    expect((await street.get('/api/venues/99999999')).status).toBe(404);
  });

  it('registers a venue with co-builders from another tree; refuses bad input, a neighbour and a stale version', async () => {
    const me = (await street.get('/api/auth/me')).body;
    const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
    const women = (await womenStreet.get('/api/auth/me')).body.orgId;
    const base = {
      typeCode: 'workers_home',
      modelLevel: 'city',
      name: '测试职工之家',
      regionCode: org.regionCode,
      managingOrgId: org.id,
      cobuilderOrgIds: [women],
      accessibility: ['无障碍通道'],
    };
    const unknownType = await street.post('/api/venues', { ...base, typeCode: 'castle' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.field).toBe('typeCode');
    const badLevel = await street.post('/api/venues', { ...base, typeCode: 'youth_home' });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.error.field).toBe('modelLevel');
    const badRegion = await street.post('/api/venues', { ...base, regionCode: '510105' });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error.field).toBe('regionCode');
    const extra = await street.post('/api/venues', { ...base, colour: 'red' });
    expect(extra.status).toBe(400);
    const longName = await street.post('/api/venues', { ...base, name: 'x'.repeat(121) }, { headers: { 'accept-language': 'en' } });
    expect(longName.status).toBe(400);
    expect(longName.body.error.message).toContain('name');
    const notMine = await neighbour.post('/api/venues', base);
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.field).toBe('managingOrgId');
    const before = (await street.get('/api/venues?pageSize=1')).body.total;
    const ok = await street.post('/api/venues', base);
    expect(ok.status).toBe(201);
    expect(ok.body.cobuilders.map((c: { orgId: number }) => c.orgId)).toEqual([women]);
    expect((await street.get('/api/venues?pageSize=1')).body.total).toBe(before + 1);
    // The co-builder sees the venue although it is of another tree.
    expect((await womenStreet.get(`/api/venues/${ok.body.id}`)).status).toBe(200);
    expect((await neighbour.patch(`/api/venues/${ok.body.id}`, { version: 1, name: '改名' })).status).toBe(404);
    // Readable but not managed: forbidden, not hidden.
    expect((await womenStreet.patch(`/api/venues/${ok.body.id}`, { version: 1, name: '改名' })).status).toBe(403);
    const renamed = await street.patch(`/api/venues/${ok.body.id}`, { version: 1, name: '改名职工之家' });
    expect(renamed.status).toBe(200);
    expect((await street.patch(`/api/venues/${ok.body.id}`, { version: 1, name: '再改' })).status).toBe(409);
    expect((await neighbour.post(`/api/venues/${ok.body.id}/archive`)).status).toBe(404);
    expect((await street.post(`/api/venues/${ok.body.id}/archive`)).status).toBe(200);
  });

  it('adds rooms and hosted projects, replaces hours; refuses a neighbour and bad input', async () => {
    expect((await neighbour.post(`/api/venues/${streetVenueId}/rooms`, { name: '新会议室', capacity: 10 })).status).toBe(404);
    expect((await street.post(`/api/venues/${streetVenueId}/rooms`, { name: '新会议室', capacity: 0 })).status).toBe(400);
    const room = await street.post(`/api/venues/${streetVenueId}/rooms`, { name: '新会议室', capacity: 10, facilities: ['投影'] });
    expect(room.status).toBe(201);
    expect((await street.post(`/api/venues/${streetVenueId}/rooms`, { name: '新会议室', capacity: 10 })).status).toBe(409);
    expect((await neighbour.patch(`/api/venue-rooms/${room.body.id}`, { capacity: 12 })).status).toBe(404);
    expect((await street.patch(`/api/venue-rooms/${room.body.id}`, { capacity: 12 })).body.capacity).toBe(12);
    const me = (await street.get('/api/auth/me')).body.orgId;
    const bad = await street.post(`/api/venues/${streetVenueId}/projects`, { orgId: me, service: '法律咨询', startsOn: '2026-05-01', endsOn: '2026-04-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('endsOn');
    expect((await neighbour.post(`/api/venues/${streetVenueId}/projects`, { orgId: me, service: '法律咨询', startsOn: '2026-05-01' })).status).toBe(404);
    const p = await street.post(`/api/venues/${streetVenueId}/projects`, { orgId: me, service: '法律咨询', schedule: '每周二上午', startsOn: '2026-05-01' });
    expect(p.status).toBe(201);
    expect((await neighbour.del(`/api/venue-projects/${p.body.id}`)).status).toBe(404);
    expect((await street.del(`/api/venue-projects/${p.body.id}`)).status).toBe(200);
    expect((await street.put(`/api/venues/${streetVenueId}/hours`, { weekly: [{ weekday: 1, opens: '18:00', closes: '09:00' }], exceptions: [] })).status).toBe(
      400,
    );
    expect((await street.put(`/api/venues/${streetVenueId}/hours`, { weekly: [{ weekday: 8, opens: '09:00', closes: '18:00' }], exceptions: [] })).status).toBe(
      400,
    );
    expect((await neighbour.put(`/api/venues/${streetVenueId}/hours`, { weekly: [], exceptions: [] })).status).toBe(404);
    const h = await street.put(`/api/venues/${streetVenueId}/hours`, {
      weekly: [{ weekday: 1, opens: '09:00', closes: '18:00' }],
      exceptions: [{ day: '2027-01-04', closed: true, note: '设备检修' }],
    });
    expect(h.status).toBe(200);
    expect(h.body.weekly).toEqual([{ weekday: 1, opens: '09:00', closes: '18:00' }]);
  });

  it('stores photos checked by magic bytes under the data directory; refuses other files and a neighbour', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5b8a60000000049454e44ae426082',
      'hex',
    );
    const form = (name: string, data: Buffer) => {
      const boundary = 'qhboundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    const ok = form('front.png', png);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${streetVenueId}/photos`,
      payload: ok.body,
      headers: { ...ok.headers, cookie: street.cookie, 'x-csrf-token': street.csrf },
    });
    expect(up.statusCode).toBe(201);
    const photo = JSON.parse(up.body);
    expect(photo.mime).toBe('image/png');
    const fake = form('fake.png', Buffer.from('not really a picture'));
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${streetVenueId}/photos`,
      payload: fake.body,
      headers: { ...fake.headers, cookie: street.cookie, 'x-csrf-token': street.csrf },
    });
    expect(bad.statusCode).toBe(415);
    const nb = await t.app.inject({
      method: 'POST',
      url: `/api/venues/${streetVenueId}/photos`,
      payload: ok.body,
      headers: { ...ok.headers, cookie: neighbour.cookie, 'x-csrf-token': neighbour.csrf },
    });
    expect(nb.statusCode).toBe(404);
    const get = await street.get(`/api/venues/${streetVenueId}/photos/${photo.id}`);
    expect(get.status).toBe(200);
    expect(get.raw.equals(png)).toBe(true);
    expect((await neighbour.get(`/api/venues/${streetVenueId}/photos/${photo.id}`)).status).toBe(404);
  });
});

describe('booking', () => {
  it('100 concurrent bookings of the same slot: exactly 1 confirmed, 99 refused naming the holder and time', async () => {
    const day = tuesday(3);
    const room = youthHome.rooms[0]!.id;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        womenStreet.post(
          '/api/venue-bookings',
          { roomId: room, ...slot(day, '10:00', '11:00'), purpose: `并发预订 ${i}` },
          { headers: { 'accept-language': 'zh-CN' } },
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const other = results.filter((r) => r.status !== 201 && r.status !== 409);
    expect(other.map((r) => `${r.status} ${r.text}`).slice(0, 3)).toEqual([]);
    const refused = results.filter((r) => r.status === 409);
    expect(ok.length).toBe(1);
    expect(refused.length).toBe(99);
    expect(ok[0]!.body.booking.status).toBe('confirmed');
    const holder = ok[0]!.body.booking.orgName as string;
    for (const r of refused) {
      expect(r.body.error.code).toBe('CONFLICT');
      expect(r.body.error.message).toContain(holder);
      expect(r.body.error.message).toContain(`${day} 10:00`);
    }
    const rows = await t.c.db
      .selectFrom('venue_bookings')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('room_id', '=', room)
      .where('status', '=', 'confirmed')
      .where('purpose', 'like', '并发预订%')
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(1);
  });

  it('another organization sees the conflict in English too, with the holder and time', async () => {
    const day = tuesday(3);
    const r = await youthManager.post(
      '/api/venue-bookings',
      { roomId: youthHome.rooms[0]!.id, ...slot(day, '10:30', '11:30'), purpose: '青年沙龙' },
      { headers: { 'accept-language': 'en' } },
    );
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/overlaps the confirmed booking of .+ \(\d{4}-\d\d-\d\d 10:00 to \d{4}-\d\d-\d\d 11:00\)/);
  });

  it('a weekly series creates every free occurrence and reports the conflicting ones', async () => {
    const room = youthHome.rooms[1]!.id;
    const first = tuesday(5);
    const blocked = plusDays(first, 14);
    const hold = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(blocked, '15:00', '16:00'), purpose: '占用' });
    expect(hold.status).toBe(201);
    const r = await youthManager.post('/api/venue-bookings', {
      roomId: room,
      ...slot(first, '14:30', '16:30'),
      purpose: '每周青年夜校',
      repeatWeeklyUntil: plusDays(first, 28),
    });
    expect(r.status).toBe(201);
    expect(r.body.occurrences.length).toBe(5);
    const conflicts = r.body.occurrences.filter((o: { status: string }) => o.status === 'conflict');
    expect(conflicts.length).toBe(1);
    expect(conflicts[0].start).toBe(chinaTime(blocked, '14:30').toISOString());
    expect(conflicts[0].holder).toContain(hold.body.booking.orgName);
    expect(r.body.occurrences.filter((o: { status: string }) => o.status === 'confirmed').length).toBe(4);
    const cal = await youthManager.get(`/api/venues/${youthHome.id}/bookings`, {
      query: { from: chinaTime(first, '00:00').toISOString(), to: chinaTime(plusDays(first, 29), '00:00').toISOString(), roomId: String(room) },
    });
    expect(cal.body.items.filter((b: { seriesId: number | null }) => b.seriesId === r.body.seriesId).length).toBe(4);
  });

  it('refuses a booking outside opening hours, on a closed exception day, on a public holiday, in the past, across days', async () => {
    const room = youthHome.rooms[0]!.id;
    const day = tuesday(6);
    const late = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '17:00', '18:30'), purpose: '晚间' });
    expect(late.status).toBe(400);
    expect(late.body.error.field).toBe('start');
    const sunday = plusDays(day, 5);
    expect((await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(sunday, '10:00', '11:00'), purpose: '周日' })).status).toBe(400);
    const sys = await t.as('sysadmin');
    const holiday = plusDays(day, 1);
    expect((await sys.put(`/api/calendar/overrides/${holiday}`, { kind: 'holiday', reason: '测试假日' })).status).toBe(200);
    const h = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(holiday, '10:00', '11:00'), purpose: '假日' });
    expect(h.status).toBe(400);
    expect(h.body.error.message).toContain(holiday);
    // Marked open on that date: the exception wins over the holiday.
    const hours = (await youthManager.get(`/api/venues/${youthHome.id}`)).body;
    await youthManager.put(`/api/venues/${youthHome.id}/hours`, {
      weekly: hours.weekly,
      exceptions: [{ day: holiday, closed: false, opens: '09:00', closes: '12:00', note: '假日开放' }],
    });
    expect((await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(holiday, '10:00', '11:00'), purpose: '假日开放' })).status).toBe(201);
    expect(
      (await womenStreet.post('/api/venue-bookings', { roomId: room, start: '2020-01-07T02:00:00.000Z', end: '2020-01-07T03:00:00.000Z', purpose: '过去' }))
        .status,
    ).toBe(400);
    expect((await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '11:00', '10:00'), purpose: '倒序' })).body.error.field).toBe('end');
    expect(
      (
        await womenStreet.post('/api/venue-bookings', {
          roomId: room,
          start: chinaTime(day, '10:00').toISOString(),
          end: chinaTime(plusDays(day, 1), '10:00').toISOString(),
          purpose: '跨天',
        })
      ).status,
    ).toBe(400);
    expect((await womenStreet.post('/api/venue-bookings', { roomId: room, start: 'tomorrow', end: 'later', purpose: 'x' })).status).toBe(400);
    expect((await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '10:00', '11:00'), purpose: '' })).status).toBe(400);
  });

  it('another organization requests; the manager approves from the inbox; a neighbour cannot see or decide', async () => {
    const room = youthHome.rooms[1]!.id;
    const day = tuesday(7);
    const req = await unionCommunity.post('/api/venue-bookings', { roomId: room, ...slot(day, '09:00', '10:00'), purpose: '职工议事' });
    expect(req.status).toBe(201);
    expect(req.body.booking.status).toBe('pending');
    const id = req.body.booking.id as number;
    const inbox = await youthManager.get('/api/venue-bookings/inbox');
    expect(inbox.body.items.map((b: { id: number }) => b.id)).toContain(id);
    expect((await neighbour.get('/api/venue-bookings/inbox')).body.items.map((b: { id: number }) => b.id)).not.toContain(id);
    expect((await neighbour.post(`/api/venue-bookings/${id}/approve`, {})).status).toBe(404);
    expect((await unionCommunity.post(`/api/venue-bookings/${id}/approve`, {})).status).toBe(403);
    // A co-builder takes the slot first: approving the request then conflicts.
    const taken = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '09:30', '10:30'), purpose: '抢先' });
    expect(taken.status).toBe(201);
    const clash = await youthManager.post(`/api/venue-bookings/${id}/approve`, {});
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain(taken.body.booking.orgName);
    expect((await womenStreet.post(`/api/venue-bookings/${taken.body.booking.id}/cancel`, {})).status).toBe(200);
    const ok = await youthManager.post(`/api/venue-bookings/${id}/approve`, { note: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    expect((await youthManager.post(`/api/venue-bookings/${id}/approve`, {})).status).toBe(409);
    const mine = await unionCommunity.get('/api/venue-bookings/mine', {
      query: { from: chinaTime(day, '00:00').toISOString(), to: chinaTime(plusDays(day, 1), '00:00').toISOString() },
    });
    expect(mine.body.items.map((b: { id: number }) => b.id)).toContain(id);
    const reject = await unionCommunity.post('/api/venue-bookings', { roomId: room, ...slot(day, '11:00', '12:00'), purpose: '再议' });
    const rj = await youthManager.post(`/api/venue-bookings/${reject.body.booking.id}/reject`, { note: '时间已满' });
    expect(rj.body.status).toBe('rejected');
  });

  it('enforces the monthly quota of a non-managing organization', async () => {
    const room = youthHome.rooms[0]!.id;
    const day = tuesday(9);
    const row = await t.c.db.selectFrom('venues').select('monthly_quota_hours').where('id', '=', youthHome.id).executeTakeFirstOrThrow();
    expect(row.monthly_quota_hours).toBe(40);
    const womenOrg = (await womenStreet.get('/api/auth/me')).body.orgId as number;
    const monthStart = chinaTime(`${day.slice(0, 7)}-01`, '00:00');
    const used = await sql<{ h: number }>`SELECT coalesce(sum(extract(epoch FROM upper(during) - lower(during))) / 3600, 0)::float8 AS h FROM venue_bookings
      WHERE venue_id = ${youthHome.id} AND org_id = ${womenOrg} AND status IN ('pending', 'confirmed')
        AND during && tstzrange(${monthStart}, ${monthStart}::timestamptz + interval '1 month')`.execute(t.c.db);
    const quota = Math.ceil(Number(used.rows[0]!.h)) + 3;
    await t.c.db.updateTable('venues').set({ monthly_quota_hours: quota }).where('id', '=', youthHome.id).execute();
    const fill = quota - Number(used.rows[0]!.h);
    const a = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '09:00', fill >= 3 ? '12:00' : '11:00'), purpose: '额度内' });
    expect(a.status).toBe(201);
    const b = await womenStreet.post(
      '/api/venue-bookings',
      { roomId: room, ...slot(day, '14:00', '15:00'), purpose: '超额' },
      { headers: { 'accept-language': 'en' } },
    );
    expect(b.status).toBe(400);
    expect(b.body.error.field).toBe('orgId');
    expect(b.body.error.message).toContain(`${quota} hours`);
    // The manager is not bound by the quota.
    expect((await youthManager.post('/api/venue-bookings', { roomId: room, ...slot(day, '14:00', '17:00'), purpose: '管理方' })).status).toBe(201);
    await t.c.db.updateTable('venues').set({ monthly_quota_hours: 40 }).where('id', '=', youthHome.id).execute();
  });

  it('cancels by the holder or the manager only; a neighbour gets 404; bookings of a hidden venue are hidden', async () => {
    const room = youthHome.rooms[0]!.id;
    const day = tuesday(10);
    const b = await womenStreet.post('/api/venue-bookings', { roomId: room, ...slot(day, '09:00', '10:00'), purpose: '可取消' });
    const id = b.body.booking.id;
    expect((await neighbour.post(`/api/venue-bookings/${id}/cancel`, {})).status).toBe(404);
    expect((await unionCommunity.post(`/api/venue-bookings/${id}/cancel`, {})).status).toBe(403);
    expect((await womenStreet.post(`/api/venue-bookings/${id}/cancel`, { reason: '改期' })).body.status).toBe('cancelled');
    expect((await womenStreet.post(`/api/venue-bookings/${id}/cancel`, {})).status).toBe(409);
    // The freed slot can be booked again.
    expect((await youthManager.post('/api/venue-bookings', { roomId: room, ...slot(day, '09:00', '10:00'), purpose: '补位' })).status).toBe(201);
    expect((await neighbour.post('/api/venue-bookings', { roomId: room, ...slot(day, '11:00', '12:00'), purpose: '越界' })).status).toBe(404);
    const from = chinaTime(day, '00:00').toISOString();
    const to = chinaTime(plusDays(day, 1), '00:00').toISOString();
    expect((await neighbour.get(`/api/venues/${youthHome.id}/bookings`, { query: { from, to } })).status).toBe(404);
    expect((await womenStreet.get(`/api/venues/${youthHome.id}/bookings`, { query: { from: to, to: from } })).status).toBe(400);
  });

  it('lets another module book inside its own transaction (rolled back with it)', async () => {
    const day = tuesday(11);
    const s = await t.c.sessions.resolve(youthManager.cookie.split('=')[1]!);
    if (!s || s === 'expired') throw new Error('no session');
    const x = { actor: s.actor, ip: '127.0.0.1', requestId: 'test' };
    const made = await t.c.db
      .transaction()
      .execute(async (trx) => {
        const r = await t.c.venues.bookIn(trx, x, { roomId: youthHome.rooms[0]!.id, ...slot(day, '09:00', '10:00'), purpose: '活动场地', activityId: 12345 });
        expect(r.booking?.activityId).toBe(12345);
        throw new Error('rollback');
      })
      .catch((e: Error) => e.message);
    expect(made).toBe('rollback');
    const left = await t.c.db.selectFrom('venue_bookings').select('id').where('activity_id', '=', 12345).execute();
    expect(left.length).toBe(0);
  });
});

describe('iCalendar feeds', () => {
  it('serves a venue feed and an organization feed behind an unguessable token, parsed by a real iCalendar parser', async () => {
    const f = await youthManager.post('/api/venue-feeds', { kind: 'venue', venueId: youthHome.id });
    expect(f.status).toBe(200);
    expect(f.body.token.length).toBeGreaterThanOrEqual(32);
    expect((await youthManager.post('/api/venue-feeds', { kind: 'venue', venueId: youthHome.id })).body.token).toBe(f.body.token);
    const text = await t.anonymous.get(f.body.path);
    expect(text.status).toBe(200);
    expect(String(text.headers['content-type'])).toContain('text/calendar');
    const parsed = ical.sync.parseICS(text.text);
    const events = Object.values(parsed).filter((e) => e?.type === 'VEVENT') as Array<{ start: Date; end: Date; summary: string; location: string }>;
    const from = new Date(Date.now() - 30 * 86_400_000);
    const expected = await t.c.db
      .selectFrom('venue_bookings')
      .select('id')
      .where('venue_id', '=', youthHome.id)
      .where('status', 'in', ['pending', 'confirmed'])
      .where(({ eb, fn }) => eb(fn('upper', ['during']), '>=', from))
      .execute();
    expect(events.length).toBe(expected.length);
    const lecture = events.find((e) => e.summary.includes('巾帼心理健康讲座'))!;
    expect(lecture.location).toContain('青年议事厅');
    expect(lecture.end.getTime() - lecture.start.getTime()).toBe(2 * 3_600_000);
    const org = await womenStreet.post('/api/venue-feeds', { kind: 'org' });
    const orgEvents = Object.values(ical.sync.parseICS((await t.anonymous.get(org.body.path)).text)).filter((e) => e?.type === 'VEVENT') as Array<{
      summary: string;
    }>;
    expect(orgEvents.length).toBeGreaterThan(0);
    expect(orgEvents.every((e) => e.summary.includes('妇'))).toBe(true);
    expect((await t.anonymous.get(`/api/venue-feeds/${'A'.repeat(32)}.ics`)).status).toBe(404);
    expect((await t.anonymous.get('/api/venue-feeds/short.ics')).status).toBe(400);
    expect((await neighbour.post('/api/venue-feeds', { kind: 'venue', venueId: youthHome.id })).status).toBe(404);
    const rotated = await youthManager.post('/api/venue-feeds', { kind: 'venue', venueId: youthHome.id, rotate: true });
    expect(rotated.body.token).not.toBe(f.body.token);
    expect((await t.anonymous.get(f.body.path)).status).toBe(404);
  });
});

describe('coverage', () => {
  it('computes the community × type matrix of my region, with gaps, filters and one community in detail', async () => {
    const me = (await street.get('/api/auth/me')).body;
    const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
    const communities = (await street.get(`/api/regions?parent=${org.regionCode}`)).body.items;
    const all = await street.get('/api/venue-coverage?pageSize=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(communities.length);
    const first = communities[0].code as string;
    const row = all.body.items.find((r: { code: string }) => r.code === first);
    // The first community has no children's home (demo) and the youth home of its street serves it (configured area).
    expect(row.missing).toContain('children_home');
    expect(row.types.youth_home).toBeGreaterThanOrEqual(1);
    const detail = await street.get(`/api/venue-coverage/${first}`);
    expect(detail.body.venues.filter((v: { typeCode: string }) => v.typeCode === 'youth_home').length).toBe(row.types.youth_home);
    const direct = await t.c.db.selectFrom('venues').select('id').where('region_code', '=', first).where('status', '=', 'active').execute();
    expect(detail.body.venues.length).toBeGreaterThanOrEqual(direct.length);
    const gaps = await street.get('/api/venue-coverage?gapsOnly=true&pageSize=200');
    expect(gaps.body.items.every((r: { missing: string[] }) => r.missing.length > 0)).toBe(true);
    expect(gaps.body.items.map((r: { code: string }) => r.code)).toContain(first);
    const typed = await street.get('/api/venue-coverage?gapsOnly=true&type=children_home&pageSize=200');
    expect(typed.body.items.every((r: { types: Record<string, number> }) => !r.types.children_home)).toBe(true);
    const summary = await street.get('/api/venue-coverage/summary');
    expect(summary.body.communities).toBe(communities.length);
    const ch = summary.body.types.find((x: { code: string }) => x.code === 'children_home');
    expect(ch.missing).toBe(all.body.items.filter((r: { types: Record<string, number> }) => !r.types.children_home).length);
    const xlsx = await street.get('/api/venue-coverage/gaps/export');
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
    // A neighbour sees neither this street's communities nor one of them in detail.
    expect((await neighbour.get(`/api/venue-coverage?regionCode=${org.regionCode}`)).status).toBe(404);
    expect((await neighbour.get(`/api/venue-coverage/${first}`)).status).toBe(404);
    expect((await neighbour.get(`/api/venue-coverage/summary?regionCode=${org.regionCode}`)).status).toBe(404);
    expect((await neighbour.get(`/api/venue-coverage/gaps/export?regionCode=${org.regionCode}`)).status).toBe(404);
    expect((await street.get('/api/venue-coverage?type=Castle')).status).toBe(400);
    expect((await street.get('/api/venue-coverage?regionCode=abc')).status).toBe(400);
  });

  it('exports the venue list as Excel, scoped', async () => {
    const x = await street.get('/api/venues/export?type=party_mass_centre');
    expect(x.status).toBe(200);
    expect(x.raw.subarray(0, 2).toString()).toBe('PK');
    expect((await street.get('/api/venues/export?sort=colour')).status).toBe(400);
  });
});

describe('portal', () => {
  it('lists venues near me without signing in, with opening hours', async () => {
    const r = await t.anonymous.get('/api/portal/venues?regionCode=510104&type=women_home&pageSize=5');
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(0);
    expect(r.body.items[0].weekly.length).toBeGreaterThan(0);
    expect(r.body.items.every((v: { regionCode: string; typeCode: string }) => v.regionCode.startsWith('510104') && v.typeCode === 'women_home')).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain('managingOrg');
    expect((await t.anonymous.get('/api/portal/venues?regionCode=x')).status).toBe(400);
    expect((await t.anonymous.get('/api/venues')).status).toBe(401);
  });
});
