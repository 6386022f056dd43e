import { afterEach, describe, expect, it, vi } from 'vitest';
import { chinaTime, nextChinaWeekday } from '../../db/seed/demo-venues.js';
import { chinaToday } from '../../platform/time.js';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';
import { officialArrangements } from './official.js';

/**
 * The platform works on any date: a first start (migrations, reference data, the demo dataset) and the main flows,
 * with the server's clock set to the end of a year whose successor has no official holiday arrangement, and to the
 * middle of a year that has none at all. Only Date is faked; timers run as usual.
 */
const CLOCKS = ['2030-12-20T02:00:00Z', '2031-06-30T02:00:00Z'];

let t: TestEnv | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.useRealTimers();
});

describe.each(CLOCKS)('a first start and the main flows on %s', (now) => {
  it('loads the demo, gives provisional deadlines, books a room and lists what is overdue', { timeout: 180_000 }, async () => {
    // The shipped arrangements must not reach the clocks' years, or this would not test a provisional year.
    expect(Math.max(...officialArrangements().years)).toBeLessThan(2031);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(now) });
    const today = chinaToday();
    expect(today).toBe(now.slice(0, 10));

    t = await setupTestEnv({}, { fresh: true });
    const street = await t.as('union.street');
    const inbox = await street.get('/api/requests?pageSize=50');
    expect(inbox.status).toBe(200);
    expect(inbox.body.total).toBeGreaterThan(0);

    // A citizen's request: deadlines counted into 2031, which has no official arrangement, are provisional.
    const me = (await street.get('/api/auth/me')).body;
    const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
    const phone = '13912345678';
    const r = await t.anonymous.post('/api/portal/requests', {
      categoryCode: 'wages_owed',
      description: '工资未按时发放',
      regionCode: org.regionCode,
      contactName: '李先生',
      contactPhone: phone,
      consent: true,
      fields: { employer: '某公司', amount: 3000, months: '3to6' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number.slice(3, 7)).toBe(today.slice(0, 4));
    expect(r.body.resolveDue > today).toBe(true);
    expect(r.body.resolveDue.startsWith('2031-')).toBe(true);
    expect(r.body.dueProvisional).toBe(true);
    const view = await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=${phone}`);
    expect(view.body).toMatchObject({ dueProvisional: true, resolveDue: r.body.resolveDue });

    // Staff of the street see it with its provisional deadline; the SLA lists answer.
    const seen = (await street.get(`/api/requests?number=${r.body.number}`)).body.items[0];
    expect(seen).toMatchObject({ resolveDue: r.body.resolveDue, dueProvisional: true });
    expect((await street.get('/api/requests?overdue=true')).status).toBe(200);
    expect((await street.get('/api/requests?dueSoon=true')).status).toBe(200);

    // A room booking next week, under the exclusion constraint and the venue's opening days.
    const youth = await t.as('league.street');
    const list = await youth.get('/api/venues?type=youth_home&pageSize=200');
    const mine = (await youth.get('/api/auth/me')).body.orgId as number;
    const home = list.body.items.find((v: { managingOrgId: number }) => v.managingOrgId === mine);
    const venue = (await youth.get(`/api/venues/${home.id}`)).body;
    const day = nextChinaWeekday(3);
    expect(day > today).toBe(true);
    const booking = await youth.post('/api/venue-bookings', {
      roomId: venue.rooms[0].id,
      start: chinaTime(day, '15:00').toISOString(),
      end: chinaTime(day, '16:00').toISOString(),
      purpose: '跨年青年沙龙',
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);

    // The demo's activities and bookings are placed relative to the clock, not to the year the code was written in.
    const activities = await street.get('/api/activities?pageSize=50');
    expect(activities.status).toBe(200);
    const starts: string[] = activities.body.items.map((a: { startsAt: string }) => a.startsAt);
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) expect(Math.abs(Date.parse(s) - Date.parse(now))).toBeLessThan(400 * 86_400_000);
  });
});
