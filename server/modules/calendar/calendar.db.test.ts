import ical from 'ical-generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { officialArrangements } from './official.js';
import { statutoryHolidays } from './working-days.js';

let t: TestEnv;
let sys: Client;
let street: Client;
let last: number;
let next: number;

const DAY_MS = 86_400_000;
const plus = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

beforeAll(async () => {
  t = await setupTestEnv();
  [sys, street] = await Promise.all([t.as('sysadmin'), t.as('union.street')]);
  last = Math.max(...(await sys.get('/api/calendar/status')).body.officialYears);
  next = last + 1;
});
afterAll(async () => {
  await t?.close();
});

/** An arrangement for the provisional year as the State Council would publish it: the statutory days, a 调休 bridge after 元旦 and its make-up Saturday. */
function arrangementOf(year: number) {
  const days = [...statutoryHolidays(year)].map(([date, name]) => ({ date, kind: 'holiday' as const, name }));
  let bridge = `${year}-01-02`;
  while (weekend(bridge) || days.some((d) => d.date === bridge)) bridge = plus(bridge, 1);
  let makeUp = `${year}-03-01`;
  while (new Date(`${makeUp}T00:00:00Z`).getUTCDay() !== 6) makeUp = plus(makeUp, 1);
  days.push({ date: bridge, kind: 'holiday', name: '元旦' }, { date: makeUp, kind: 'workday' as never, name: '元旦' });
  return { days: days.sort((a, b) => (a.date < b.date ? -1 : 1)), bridge, makeUp };
}

/** An independent oracle: the n-th day after `from` that is worked, by the official days of `last` and the arrangement of `next`. */
function oracle(from: string, n: number, arrangement: Array<{ date: string; kind: string }>): string {
  const kinds = new Map([...officialArrangements().days, ...arrangement].map((d) => [d.date, d.kind]));
  let d = from;
  for (let left = n; left > 0;) {
    d = plus(d, 1);
    const k = kinds.get(d);
    if (k ? k === 'workday' : !weekend(d)) left--;
  }
  return d;
}

describe('a year without an official arrangement', () => {
  it('gives requests provisional deadlines that the requester and staff see as such', async () => {
    const me = (await street.get('/api/auth/me')).body;
    const org = (await street.get(`/api/orgs/${me.orgId}`)).body;
    const phone = '13912340001';
    const r = await t.anonymous.post('/api/portal/requests', {
      categoryCode: 'wages_owed',
      description: '年底工资未发',
      regionCode: org.regionCode,
      contactName: '年女士',
      contactPhone: phone,
      consent: true,
      fields: { employer: '某公司', amount: 5000, months: '3to6' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const from = `${last}-12-22`;
    const due = {
      accept: await t.c.calendar.deadline(from, 1),
      response: await t.c.calendar.deadline(from, 3),
      resolve: await t.c.calendar.deadline(from, 15),
    };
    expect(due.resolve.provisional).toBe(true);
    await t.c.db
      .updateTable('requests')
      .set({ submitted_on: from, accept_due: due.accept.due, response_due: due.response.due, resolve_due: due.resolve.due, due_provisional: true })
      .where('number', '=', r.body.number)
      .execute();
    const view = await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=${phone}`);
    expect(view.body).toMatchObject({ resolveDue: due.resolve.due, dueProvisional: true });
    const open311 = (await t.anonymous.get(`/open311/v2/requests/${r.body.number}.json`)).body[0];
    expect(open311.expected_datetime).toBe(`${due.resolve.due}T23:59:59+08:00`);
    expect(open311.service_notice).toMatch(/预计/);
  });

  it('shows administrators the difference from the provisional year, then moves every open provisional deadline with its audit entries', async () => {
    const { days, bridge, makeUp } = arrangementOf(next);
    const open = await t.c.db
      .selectFrom('requests')
      .select(['id', 'number', 'submitted_on', 'resolve_due'])
      .where('due_provisional', '=', true)
      .where('status', '<>', 'closed')
      .execute();
    expect(open.length).toBeGreaterThan(0);
    const source = `国务院办公厅关于${next}年部分节假日安排的通知`;

    // Anyone without the calendar permission is refused; bad input names its field.
    expect((await street.post(`/api/calendar/years/${next}/arrangement`, { source, days })).status).toBe(403);
    const wrongYear = await sys.post(`/api/calendar/years/${next}/arrangement`, { source, days: [{ date: `${last}-05-01`, kind: 'holiday', name: 'x' }] });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.error.field).toBe('days.0.date');
    expect((await sys.post(`/api/calendar/years/${next}/arrangement`, { source })).body.error.field).toBe('days');

    const preview = await sys.post(`/api/calendar/years/${next}/arrangement`, { source, days, dryRun: true });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.applied).toBe(false);
    expect(preview.body.changes).toEqual([
      { date: bridge, kind: 'holiday', name: '元旦', was: 'workday' },
      { date: makeUp, kind: 'workday', name: '元旦', was: 'holiday' },
    ]);
    const movable = open.filter((o) => o.resolve_due >= bridge && String(o.submitted_on) < bridge).length;
    expect(preview.body.moved.find((m: { kind: string }) => m.kind === 'request').moved).toBeGreaterThanOrEqual(movable);
    // Nothing was kept by the preview.
    expect((await sys.get('/api/calendar/status')).body.officialYears).not.toContain(next);
    expect((await t.c.db.selectFrom('requests').select('resolve_due').where('id', '=', open[0]!.id).executeTakeFirstOrThrow()).resolve_due).toBe(
      open[0]!.resolve_due,
    );

    const applied = await sys.post(`/api/calendar/years/${next}/arrangement`, { source, days });
    expect(applied.body.applied).toBe(true);
    expect((await sys.get('/api/calendar/status')).body.officialYears).toContain(next);
    expect((await sys.get(`/api/calendar/${next}`)).body).toMatchObject({ provisional: false });

    const moved = await t.c.db
      .selectFrom('requests')
      .select(['id', 'number', 'submitted_on', 'resolve_due', 'due_provisional', 'version'])
      .where(
        'id',
        'in',
        open.map((o) => o.id),
      )
      .execute();
    let movedCount = 0;
    for (const m of moved) {
      const before = open.find((o) => o.id === m.id)!;
      expect(m.due_provisional).toBe(Number(m.resolve_due.slice(0, 4)) > next);
      if (before.resolve_due >= bridge && m.submitted_on.toString() < bridge) {
        expect(m.resolve_due > before.resolve_due).toBe(true);
        movedCount++;
      }
    }
    expect(movedCount).toBe(movable);

    // The request from the first test: 15 working days from 12-22, counted by the oracle over the arrangement.
    const mine = moved.find((m) => String(m.submitted_on) === `${last}-12-22`)!;
    expect(mine.resolve_due).toBe(oracle(`${last}-12-22`, 15, days));
    const events = await t.c.db
      .selectFrom('request_events')
      .select(['kind', 'public', 'note'])
      .where('request_id', '=', mine.id)
      .where('kind', '=', 'deadline')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.public).toBe(true);
    const audit = await t.c.db
      .selectFrom('audit_log')
      .select(['action', 'object_id'])
      .where('action', 'in', ['request.deadline_move', 'calendar.enter_arrangement'])
      .execute();
    expect(audit.filter((a) => a.action === 'request.deadline_move').map((a) => String(a.object_id))).toContain(String(mine.id));
    expect(audit.filter((a) => a.action === 'calendar.enter_arrangement')).toHaveLength(1);
  });

  it('takes the arrangement as an .ics file in the format chinese-days ships', async () => {
    const year = next + 1;
    const cal = ical({ name: '中国节假日' });
    for (const [date, name] of statutoryHolidays(year)) cal.createEvent({ start: new Date(`${date}T00:00:00`), allDay: true, summary: `${name}(休)` });
    let sat = `${year}-09-01`;
    while (new Date(`${sat}T00:00:00Z`).getUTCDay() !== 6) sat = plus(sat, 1);
    cal.createEvent({ start: new Date(`${sat}T00:00:00`), allDay: true, summary: '国庆节(班)' });
    const r = await sys.post(`/api/calendar/years/${year}/arrangement`, { source: 'ics', ics: cal.toString(), dryRun: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.days).toHaveLength(statutoryHolidays(year).size + 1);
    expect(r.body.changes).toEqual([{ date: sat, kind: 'workday', name: '国庆节', was: 'holiday' }]);
    const bad = await sys.post(`/api/calendar/years/${year}/arrangement`, {
      source: 'ics',
      ics: 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:会议\nDTSTART;VALUE=DATE:20300101\nEND:VEVENT\nEND:VCALENDAR',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('ics');
  });
});
