import { sql } from 'kysely';
import ical from 'node-ical';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { chinaDay, meetingFixtures } from '../../test/meeting-fixtures.js';

// What the meetings module hands out: the meeting pack (PDF), an organization's iCalendar feed, and the figures.
let t: TestEnv;
let office: Client;
let edu: Client;
let fin: Client;
let jjOffice: Client;
let qyOffice: Client;
let qyEdu: Client;
const ids = { edu: 0, fin: 0, qyEdu: 0, jjEdu: 0 };

const day = chinaDay;

let { insertOrg, accountAt, audited } = {} as ReturnType<typeof meetingFixtures>;

let seriesSeq = 0;
async function series(c: Client, members: number[], over: Record<string, unknown> = {}) {
  const r = await c.post('/api/meeting-series', {
    title: `材料测试例会${++seriesSeq}`,
    cadence: 'monthly',
    convenor: '市政府主要领导',
    memberOrgIds: members,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; title: string };
}

async function occurrenceOn(c: Client, seriesId: number, d: string) {
  const r = await c.post(`/api/meeting-series/${seriesId}/occurrences`, { day: d });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body[0] as { id: number; plannedDay: string };
}

async function decide(c: Client, occurrenceId: number, text: string, items: Array<Record<string, unknown>>) {
  const r = await c.post(`/api/meeting-occurrences/${occurrenceId}/decisions`, { text, items });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.decisions.at(-1).items as Array<{ id: number }>;
}

type VEvent = { type: string; summary: string; start: Date; end: Date; uid: string };
const events = (text: string) => Object.values(ical.sync.parseICS(text)).filter((e) => e?.type === 'VEVENT') as unknown as VEvent[];

beforeAll(async () => {
  t = await setupTestEnv();
  ({ insertOrg, accountAt, audited } = meetingFixtures(t));
  [office, edu, fin] = (await Promise.all(['coordinator', 'dept.edu', 'dept.finance'].map((u) => t.as(u)))) as [Client, Client, Client];
  ids.edu = ((await edu.get('/api/auth/me')).body as { orgId: number }).orgId;
  ids.fin = ((await fin.get('/api/auth/me')).body as { orgId: number }).orgId;
  const cityOffice = ((await office.get('/api/auth/me')).body as { orgId: number }).orgId;
  const jj = await insertOrg('coordination', '锦江区群团工作联席办', 'district', '510104', cityOffice);
  const qy = await insertOrg('coordination', '青羊区群团工作联席办', 'district', '510105', cityOffice);
  ids.qyEdu = await insertOrg('education', '青羊区教育局', 'district', '510105', null);
  ids.jjEdu = await insertOrg('education', '锦江区教育局', 'district', '510104', null);
  jjOffice = await accountAt(jj, 'pack.jj', 'coordinator');
  qyOffice = await accountAt(qy, 'pack.qy', 'coordinator');
  qyEdu = await accountAt(ids.qyEdu, 'pack.qy.edu', 'meeting_partner');
});
afterAll(async () => {
  await t?.close();
});

describe('meeting pack (会议材料)', () => {
  it('prints the agenda, the carried and overdue items, the previous decisions and attendance; a neighbouring district is refused; audited', async () => {
    const s = await series(office, [ids.edu, ids.fin]);
    const past = await occurrenceOn(office, s.id, day(-30));
    const next = await occurrenceOn(office, s.id, day(20));
    await decide(office, past.id, '推进校园科技创新大赛筹备', [
      { title: '编制大赛赛程方案', expectedResult: '方案印发', leadOrgId: ids.edu, dueOn: day(-5) },
      { title: '落实大赛专项经费', expectedResult: '资金到位', leadOrgId: ids.fin, dueOn: day(10) },
    ]);
    const topic = await office.post(`/api/meeting-occurrences/${next.id}/topics`, { title: '职工技能大赛总决赛保障', note: '场馆与交通' });
    expect(topic.status, JSON.stringify(topic.body)).toBe(201);
    const o = (await office.get(`/api/meeting-occurrences/${next.id}`)).body as { version: number };
    expect((await office.put(`/api/meeting-occurrences/${next.id}/agenda`, { order: [topic.body.id], publish: true, version: o.version })).status).toBe(200);
    expect(
      (
        await office.put(`/api/meeting-occurrences/${next.id}/attendance`, {
          rows: [
            { orgId: ids.edu, status: 'delegate', delegateName: '王副局长' },
            { orgId: ids.fin, status: 'present' },
          ],
        })
      ).status,
    ).toBe(200);

    const pdf = await edu.get(`/api/meeting-occurrences/${next.id}/pack.pdf`);
    expect(pdf.status).toBe(200);
    expect(String(pdf.headers['content-type'])).toContain('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text.replace(/\s+/g, '');
    for (const words of [
      s.title,
      '职工技能大赛总决赛保障',
      '编制大赛赛程方案',
      '逾期',
      '落实大赛专项经费',
      '推进校园科技创新大赛筹备',
      '委托王副局长',
      past.plannedDay,
    ])
      expect(text).toContain(words);
    expect(await audited('meeting.pack.export', next.id)).toBe(1);

    // A district office next door, and a department outside the series, are refused as if the meeting did not exist.
    const jjS = await series(jjOffice, [ids.jjEdu]);
    const jjOcc = await occurrenceOn(jjOffice, jjS.id, day(15));
    expect((await jjOffice.get(`/api/meeting-occurrences/${jjOcc.id}/pack.pdf`)).status).toBe(200);
    expect((await qyOffice.get(`/api/meeting-occurrences/${jjOcc.id}/pack.pdf`)).status).toBe(404);
    expect((await qyEdu.get(`/api/meeting-occurrences/${next.id}/pack.pdf`)).status).toBe(404);
    expect((await edu.get(`/api/meeting-occurrences/${jjOcc.id}/pack.pdf`)).status).toBe(404);
    expect(await audited('meeting.pack.export', jjOcc.id)).toBe(1);
  });
});

describe('iCalendar feed of an organization’s meetings', () => {
  it('lists the meetings the organization runs or sits in behind an unguessable token; rotating and revoking retire the address', async () => {
    const mine = await series(office, [ids.edu], { title: '教育专题联席会' });
    const a = await occurrenceOn(office, mine.id, day(12));
    const others = await series(office, [ids.fin], { title: '财政专题联席会' });
    await occurrenceOn(office, others.id, day(13));

    expect((await edu.get('/api/meeting-feed')).body).toEqual({ path: null });
    const f = await edu.post('/api/meeting-feed', {});
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body.path).toMatch(/^\/api\/meeting-feeds\/[A-Za-z0-9_-]{32,}\.ics$/);
    expect((await edu.post('/api/meeting-feed', {})).body.path).toBe(f.body.path);
    expect((await edu.get('/api/meeting-feed')).body.path).toBe(f.body.path);
    const res = await t.anonymous.get(f.body.path);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/calendar');
    const ev = events(res.text);
    expect(ev.some((e) => e.summary === '教育专题联席会' && e.uid === `meeting-occurrence-${a.id}@qunhub`)).toBe(true);
    expect(ev.some((e) => e.summary === '财政专题联席会')).toBe(false);
    const expected = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
        WHERE o.status <> 'cancelled' AND o.planned_day >= ${day(-90)}::date
          AND EXISTS (SELECT 1 FROM meeting_members m WHERE m.series_id = s.id AND m.org_id = ${ids.edu})`.execute(t.c.db)
    ).rows[0]!.n;
    expect(ev.length).toBe(expected);

    // A district office's feed shows its own district's meetings, not the neighbour's.
    const jjS = await series(jjOffice, [ids.jjEdu], { title: '锦江区例会' });
    await occurrenceOn(jjOffice, jjS.id, day(14));
    const qyFeed = await qyOffice.post('/api/meeting-feed', {});
    expect(events((await t.anonymous.get(qyFeed.body.path)).text).some((e) => e.summary === '锦江区例会')).toBe(false);
    const jjFeed = await jjOffice.post('/api/meeting-feed', {});
    expect(events((await t.anonymous.get(jjFeed.body.path)).text).some((e) => e.summary === '锦江区例会')).toBe(true);

    const rotated = await edu.post('/api/meeting-feed', { rotate: true });
    expect(rotated.body.path).not.toBe(f.body.path);
    expect((await t.anonymous.get(f.body.path)).status).toBe(404);
    expect((await t.anonymous.get(rotated.body.path)).status).toBe(200);
    expect((await edu.del('/api/meeting-feed')).body).toEqual({ ok: true });
    expect((await t.anonymous.get(rotated.body.path)).status).toBe(404);
    expect((await edu.del('/api/meeting-feed')).status).toBe(404);
    expect((await edu.get('/api/meeting-feed')).body).toEqual({ path: null });
    expect((await t.anonymous.get('/api/meeting-feeds/short.ics')).status).toBe(400);
    expect(await audited('meeting.feed.create', ids.edu)).toBe(1);
    expect(await audited('meeting.feed.rotate', ids.edu)).toBe(1);
    expect(await audited('meeting.feed.revoke', ids.edu)).toBe(1);
  });
});

describe('coordination figures', () => {
  it('counts meetings held, decisions, items by state and projects from the rows of my scope only', async () => {
    const before = (await qyOffice.get('/api/meeting-figures')).body;
    expect(before).toMatchObject({ held: 0, decisions: 0, items: { open: 0, overdue: 0, closedOnTime: 0, closedLate: 0 } });
    const s = await series(qyOffice, [ids.qyEdu], { cadence: 'quarterly', title: '青羊区改革项目推进会' });
    const held = await occurrenceOn(qyOffice, s.id, day(-40));
    const o = (await qyOffice.get(`/api/meeting-occurrences/${held.id}`)).body as { version: number };
    expect((await qyOffice.put(`/api/meeting-occurrences/${held.id}/minutes`, { minutes: '会议纪要', held: true, version: o.version })).status).toBe(200);
    const planned = await occurrenceOn(qyOffice, s.id, day(10));
    const items = [
      ...(await decide(qyOffice, held.id, '决定一', [
        { title: '逾期事项', expectedResult: '完成', leadOrgId: ids.qyEdu, dueOn: day(-2) },
        { title: '按期办结事项', expectedResult: '完成', leadOrgId: ids.qyEdu, dueOn: day(30) },
      ])),
      ...(await decide(qyOffice, planned.id, '决定二', [{ title: '逾期办结事项', expectedResult: '完成', leadOrgId: ids.qyEdu, dueOn: day(12) }])),
    ];
    // Close one on time through the item's steps; the other was closed after its deadline (its dates set in the past).
    const acc = await qyEdu.post(`/api/action-items/${items[1]!.id}/respond`, { accept: true, version: 1 });
    const sub = await qyEdu.post(`/api/action-items/${items[1]!.id}/submit`, { evidence: '完成', version: acc.body.version });
    expect((await qyOffice.post(`/api/action-items/${items[1]!.id}/review`, { close: true, version: sub.body.version })).status).toBe(200);
    await sql`UPDATE action_items SET status = 'closed', closed_at = now(), due_on = ${day(-3)}::date WHERE id = ${items[2]!.id}`.execute(t.c.db);

    const f = (await qyOffice.get('/api/meeting-figures')).body;
    expect(f).toMatchObject({
      held: 1,
      heldByCadence: [{ level: 'district', cadence: 'quarterly', held: 1 }],
      decisions: 2,
      items: { open: 1, overdue: 1, closedOnTime: 1, closedLate: 1 },
    });
    // The city's figures are its rows too: recount them independently of the service.
    const city = (await office.get('/api/meeting-figures')).body;
    const cityPath = ((await office.get('/api/auth/me')).body as { scope: { orgPath: string } }).scope.orgPath;
    const rows = (
      await sql<{ open: number; decisions: number }>`SELECT
        (SELECT count(*)::int FROM action_items i WHERE i.status <> 'closed' AND (i.secretariat_path <@ ${cityPath}::ltree
          OR EXISTS (SELECT 1 FROM action_item_orgs ao WHERE ao.item_id = i.id AND ao.org_path <@ ${cityPath}::ltree))) AS open,
        (SELECT count(*)::int FROM meeting_decisions d JOIN meeting_occurrences o ON o.id = d.occurrence_id JOIN meeting_series s ON s.id = o.series_id
          WHERE s.secretariat_path <@ ${cityPath}::ltree OR EXISTS (SELECT 1 FROM meeting_members m WHERE m.series_id = s.id AND m.org_path <@ ${cityPath}::ltree)) AS decisions`.execute(
        t.c.db,
      )
    ).rows[0]!;
    expect(city.items.open).toBe(rows.open);
    expect(city.decisions).toBe(rows.decisions);
    const portfolio = (await office.get('/api/projects')).body as { counts: Record<string, number> };
    expect(city.projects).toEqual(portfolio.counts);
    // A department's figures are those of the meetings and items it takes part in.
    expect((await qyEdu.get('/api/meeting-figures')).body.items).toEqual(f.items);
    expect((await fin.get('/api/meeting-figures')).body.decisions).toBeLessThan(city.decisions + 1);
  });
});

describe('on-time rate per lead organization', () => {
  type LeadRow = { orgId: number; orgName: string; open: number; overdue: number; closedOnTime: number; closedLate: number; onTimeRate: number | null };
  /** The China noon of a day as an instant: an item closed on it. */
  const closeOn = (itemId: number, d: string) =>
    sql`UPDATE action_items SET status = 'closed', closed_at = (${d}::date + time '12:00') AT TIME ZONE 'Asia/Shanghai' WHERE id = ${itemId}`.execute(t.c.db);

  /** The rows recounted from action_items in the caller's scope, named from orgs, ordered lowest rate first (nulls last), then name. */
  async function recount(c: Client): Promise<LeadRow[]> {
    const { scope } = (await c.get('/api/auth/me')).body as { scope: { orgPath: string; regionPath: string; crossType: boolean } };
    const rows = (
      await sql<{ org_id: number; name: string; open: number; overdue: number; on_time: number; late: number }>`SELECT o.id AS org_id, o.name,
          count(*) FILTER (WHERE i.status <> 'closed')::int AS open,
          count(*) FILTER (WHERE i.status <> 'closed' AND i.due_on < ${day(0)}::date)::int AS overdue,
          count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= i.due_on)::int AS on_time,
          count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date > i.due_on)::int AS late
        FROM action_items i JOIN orgs o ON o.id = i.lead_org_id
        WHERE i.secretariat_path <@ ${scope.orgPath}::ltree
          OR EXISTS (SELECT 1 FROM action_item_orgs ao WHERE ao.item_id = i.id AND ao.org_path <@ ${scope.orgPath}::ltree)
          OR (${scope.crossType} AND i.region_path <@ ${scope.regionPath}::ltree)
        GROUP BY o.id, o.name`.execute(t.c.db)
    ).rows;
    const rate = (a: number, b: number) => (a + b === 0 ? null : Math.round((a / (a + b)) * 1000) / 1000);
    return rows
      .map((r) => ({
        orgId: r.org_id,
        orgName: r.name,
        open: r.open,
        overdue: r.overdue,
        closedOnTime: r.on_time,
        closedLate: r.late,
        onTimeRate: rate(r.on_time, r.late),
      }))
      .sort((a, b) => (a.onTimeRate ?? 2) - (b.onTimeRate ?? 2) || a.orgName.localeCompare(b.orgName, 'zh-CN') || a.orgId - b.orgId)
      .slice(0, 50);
  }

  it('counts items per lead organization in my scope with the share closed by the deadline, lowest first; a neighbouring district sees only its own', async () => {
    const qyFin = await insertOrg('finance', '青羊区财政局', 'district', '510105', null);
    const qyCivil = await insertOrg('civil_affairs', '青羊区民政局', 'district', '510105', null);
    const qyFinance = await accountAt(qyFin, 'rate.qy.fin', 'meeting_partner');
    const s = await series(qyOffice, [ids.qyEdu, qyFin, qyCivil], { title: '青羊区督办推进会' });
    const held = await occurrenceOn(qyOffice, s.id, day(-60));
    const made = (await decide(qyOffice, held.id, '按期办结督办', [
      { title: '财政按期', expectedResult: '完成', leadOrgId: qyFin, dueOn: day(-10) },
      { title: '财政逾期办结', expectedResult: '完成', leadOrgId: qyFin, dueOn: day(-10) },
      { title: '财政当期办结', expectedResult: '完成', leadOrgId: qyFin, dueOn: day(20) },
      { title: '财政在办逾期', expectedResult: '完成', leadOrgId: qyFin, dueOn: day(-1) },
      { title: '教育逾期办结', expectedResult: '完成', leadOrgId: ids.qyEdu, dueOn: day(-20), coOrgIds: [qyFin] },
      { title: '民政在办', expectedResult: '完成', leadOrgId: qyCivil, dueOn: day(30) },
    ])) as Array<{ id: number; title: string }>;
    expect(made).toHaveLength(6);
    const item = (title: string) => made.find((i) => i.title === title)!;
    const [finEarly, finLate, finNow, eduLate] = ['财政按期', '财政逾期办结', '财政当期办结', '教育逾期办结'].map(item);
    // One closed through its steps today, the others closed on days in the past, before or after their deadlines.
    const acc = await qyFinance.post(`/api/action-items/${finNow!.id}/respond`, { accept: true, version: 1 });
    const sub = await qyFinance.post(`/api/action-items/${finNow!.id}/submit`, { evidence: '完成', version: acc.body.version });
    expect((await qyOffice.post(`/api/action-items/${finNow!.id}/review`, { close: true, version: sub.body.version })).status).toBe(200);
    await closeOn(finEarly!.id, day(-12));
    await closeOn(finLate!.id, day(-5));
    await closeOn(eduLate!.id, day(-15));
    // The neighbouring district's own items.
    const jjS = await series(jjOffice, [ids.jjEdu], { title: '锦江区督办推进会' });
    const jjHeld = await occurrenceOn(jjOffice, jjS.id, day(-60));
    const [jjItem] = await decide(jjOffice, jjHeld.id, '锦江区督办', [
      { title: '锦江教育办结', expectedResult: '完成', leadOrgId: ids.jjEdu, dueOn: day(-30) },
    ]);
    await closeOn(jjItem!.id, day(-31));

    const f = (await qyOffice.get('/api/meeting-figures')).body as { items: Record<string, number>; byLeadOrg: LeadRow[] };
    const fin = f.byLeadOrg.find((r) => r.orgId === qyFin);
    expect(fin).toMatchObject({ open: 1, overdue: 1, closedOnTime: 2, closedLate: 1, onTimeRate: 0.667 });
    expect(fin!.orgName).toMatch(/^青羊区财政局/);
    expect(f.byLeadOrg.find((r) => r.orgId === qyCivil)).toMatchObject({ open: 1, overdue: 0, closedOnTime: 0, closedLate: 0, onTimeRate: null });
    // The education bureau closed more late than on time (here and in the figures test above): the lowest rate, first; nothing closed, last.
    expect(f.byLeadOrg[0]!.orgId).toBe(ids.qyEdu);
    expect(f.byLeadOrg[0]!.onTimeRate).toBeLessThan(0.5);
    expect(f.byLeadOrg.at(-1)!.onTimeRate).toBeNull();
    expect(f.byLeadOrg).toEqual(await recount(qyOffice));
    // The rows add up to the totals (a co-organization's item counts once, under its lead).
    const sum = (k: keyof LeadRow) => f.byLeadOrg.reduce((a, r) => a + Number(r[k]), 0);
    expect({ open: sum('open'), overdue: sum('overdue'), closedOnTime: sum('closedOnTime'), closedLate: sum('closedLate') }).toEqual(f.items);

    // The neighbouring district sees its own lead organizations, not Qingyang's; and the other way round.
    const jj = (await jjOffice.get('/api/meeting-figures')).body as { byLeadOrg: LeadRow[] };
    expect(jj.byLeadOrg).toEqual(await recount(jjOffice));
    expect(jj.byLeadOrg.map((r) => r.orgId)).toContain(ids.jjEdu);
    expect(jj.byLeadOrg.some((r) => [qyFin, qyCivil, ids.qyEdu].includes(r.orgId))).toBe(false);
    expect(f.byLeadOrg.some((r) => r.orgId === ids.jjEdu)).toBe(false);
    // A co-organization sees the item it co-handles, under its lead.
    const coView = (await qyFinance.get('/api/meeting-figures')).body as { byLeadOrg: LeadRow[] };
    expect(coView.byLeadOrg).toEqual(await recount(qyFinance));
    expect(coView.byLeadOrg.find((r) => r.orgId === ids.qyEdu)).toMatchObject({ closedLate: 1, closedOnTime: 0 });
  });
});
