import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { chinaDay, meetingFixtures } from '../../test/meeting-fixtures.js';

let t: TestEnv;
let office: Client;
let edu: Client;
let fin: Client;
let unionCity: Client;
let jjOffice: Client;
let qyOffice: Client;
let jjEdu: Client;
const ids = { edu: 0, fin: 0, unionCity: 0, jjEdu: 0 };

const day = chinaDay;

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string; orgPath: string } };
}

let { insertOrg, accountAt, audited } = {} as ReturnType<typeof meetingFixtures>;

let seriesSeq = 0;
async function series(c: Client, members: number[], over: Record<string, unknown> = {}) {
  const r = await c.post('/api/meeting-series', {
    title: `测试例会${++seriesSeq}`,
    cadence: 'monthly',
    convenor: '市政府主要领导',
    memberOrgIds: members,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; level: string };
}

async function occurrenceOn(c: Client, seriesId: number, d: string) {
  const r = await c.post(`/api/meeting-series/${seriesId}/occurrences`, { day: d });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body[0] as { id: number; plannedDay: string; startsAt: string };
}

async function decide(c: Client, occurrenceId: number, items: Array<Record<string, unknown>>) {
  const r = await c.post(`/api/meeting-occurrences/${occurrenceId}/decisions`, { text: '会议决定', items });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.decisions.at(-1).items as Array<{ id: number; dueOn: string; overdue: boolean }>;
}

async function item(c: Client, id: number) {
  const r = await c.get(`/api/action-items/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as {
    id: number;
    version: number;
    status: string;
    dueOn: string;
    events: Array<{ kind: string; actorName: string; at: string }>;
    extensionTo: string | null;
  };
}

beforeAll(async () => {
  t = await setupTestEnv();
  ({ insertOrg, accountAt, audited } = meetingFixtures(t));
  [office, edu, fin, unionCity] = (await Promise.all(['coordinator', 'dept.edu', 'dept.finance', 'union.city'].map((u) => t.as(u)))) as [
    Client,
    Client,
    Client,
    Client,
  ];
  ids.edu = (await me(edu)).orgId;
  ids.fin = (await me(fin)).orgId;
  ids.unionCity = (await me(unionCity)).orgId;
  const cityOffice = (await me(office)).orgId;
  const jj = await insertOrg('coordination', '锦江区群团工作联席办', 'district', '510104', cityOffice);
  const qy = await insertOrg('coordination', '青羊区群团工作联席办', 'district', '510105', cityOffice);
  ids.jjEdu = await insertOrg('education', '锦江区教育局', 'district', '510104', null);
  jjOffice = await accountAt(jj, 'coord.jj', 'coordinator');
  qyOffice = await accountAt(qy, 'coord.qy', 'coordinator');
  jjEdu = await accountAt(ids.jjEdu, 'jj.edu', 'meeting_partner');
});
afterAll(async () => {
  await t?.close();
});

describe('meeting occurrences follow the working-day calendar', () => {
  it('moves a monthly meeting off National Day 2025 and the 2026 Spring Festival, and keeps a make-up working day', async () => {
    const s15 = await series(office, [ids.edu], { anchorDay: 15 });
    const r15 = await office.post(`/api/meeting-series/${s15.id}/occurrences`, { from: '2025-09-01', to: '2026-03-31' });
    expect(r15.status, JSON.stringify(r15.body)).toBe(201);
    // 11-15 is a Saturday, 2026-02-15 the first day of the Spring Festival holiday (15–23 Feb), 03-15 a Sunday.
    expect(r15.body.map((o: { plannedDay: string }) => o.plannedDay)).toEqual([
      '2025-09-15',
      '2025-10-15',
      '2025-11-17',
      '2025-12-15',
      '2026-01-15',
      '2026-02-24',
      '2026-03-16',
    ]);
    const s1 = await series(office, [ids.edu], { anchorDay: 1 });
    const r1 = await office.post(`/api/meeting-series/${s1.id}/occurrences`, { from: '2025-09-01', to: '2026-02-28' });
    // National Day holiday 1–8 Oct → Thursday 9 Oct; New Year 2026 → Sunday 4 Jan, a make-up working day (调休).
    expect(r1.body.map((o: { plannedDay: string }) => o.plannedDay)).toEqual([
      '2025-09-01',
      '2025-10-09',
      '2025-11-03',
      '2025-12-01',
      '2026-01-04',
      '2026-02-02',
    ]);
    const s11 = await series(office, [ids.edu], { anchorDay: 11, cadence: 'quarterly', anchorMonth: 1 });
    const r11 = await office.post(`/api/meeting-series/${s11.id}/occurrences`, { from: '2025-09-01', to: '2026-01-31' });
    // Saturday 11 Oct 2025 is a make-up working day and stays; Sunday 11 Jan 2026 moves to Monday.
    expect(r11.body.map((o: { plannedDay: string }) => o.plannedDay)).toEqual(['2025-10-11', '2026-01-12']);
    // The topic deadline lies the series' working days before the meeting (5 by default): before 2026-02-24 come the
    // holiday, make-up Saturday 14 Feb (1), 13 (2), 12 (3), 11 (4), 10 Feb (5).
    const feb = r15.body.find((o: { plannedDay: string }) => o.plannedDay === '2026-02-24');
    expect((await office.get(`/api/meeting-occurrences/${feb.id}`)).body.topicDeadline).toBe('2026-02-10');
    // Scheduling again is idempotent per day.
    expect((await office.post(`/api/meeting-series/${s15.id}/occurrences`, { from: '2025-09-01', to: '2026-03-31' })).body).toEqual([]);
    expect(await audited('meeting.occurrence.schedule', s15.id)).toBe(2);
  });
});

describe('decisions become supervised action items', () => {
  let sid = 0;
  let past = { id: 0, plannedDay: '' };
  let next = { id: 0, plannedDay: '', startsAt: '' };
  let overdueId = 0;
  let laterId = 0;

  it('carries an open item due before the next meeting onto its agenda, overdue first, until it is closed', async () => {
    sid = (await series(office, [ids.edu, ids.fin, ids.unionCity])).id;
    past = await occurrenceOn(office, sid, day(-20));
    next = await occurrenceOn(office, sid, day(30));
    const items = await decide(office, past.id, [
      { title: '制定校园科创推广方案', expectedResult: '方案印发', leadOrgId: ids.edu, coOrgIds: [ids.unionCity], dueOn: day(-3) },
      { title: '拨付竞赛奖补资金', expectedResult: '资金到位', leadOrgId: ids.fin, dueOn: day(60) },
    ]);
    overdueId = items[0]!.id;
    laterId = items[1]!.id;
    expect(items[0]!.overdue).toBe(true);
    const agenda = (await office.get(`/api/meeting-occurrences/${next.id}`)).body;
    expect(agenda.carriedItems.map((i: { id: number }) => i.id)).toEqual([overdueId]);
    expect(agenda.carriedItems[0].overdue).toBe(true);
    // Working days from the meeting day are a deadline too.
    const wd = await decide(office, past.id, [{ title: '报送统计数据', expectedResult: '数据报送', leadOrgId: ids.fin, dueWorkingDays: 10 }]);
    const expected = (await office.get(`/api/calendar/add-working-days?from=${past.plannedDay}&days=10`)).body.result;
    expect(wd[0]!.dueOn).toBe(expected);
    expect(await audited('meeting.decision.add')).toBeGreaterThanOrEqual(2);
  });

  it('the lead accepts, co-organization reports progress, an outsider is refused; every step is an event and audited', async () => {
    expect((await fin.post(`/api/action-items/${overdueId}/respond`, { accept: true, version: 1 })).status).toBe(404);
    expect((await unionCity.post(`/api/action-items/${overdueId}/respond`, { accept: true, version: 1 })).status).toBe(403);
    const clar = await edu.post(`/api/action-items/${overdueId}/respond`, { accept: false, note: '请明确覆盖范围', version: 1 });
    expect(clar.body.status).toBe('clarification');
    const answered = await office.post(`/api/action-items/${overdueId}/clarify`, { note: '覆盖全市中小学', version: clar.body.version });
    expect(answered.body.status).toBe('assigned');
    const acc = await edu.post(`/api/action-items/${overdueId}/respond`, { accept: true, version: answered.body.version });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    expect(acc.body.status).toBe('accepted');
    expect((await unionCity.post(`/api/action-items/${overdueId}/progress`, { note: '团市委已组织宣讲' })).status).toBe(200);
    const it1 = await item(edu, overdueId);
    expect(it1.events.map((e) => e.kind)).toEqual(['created', 'clarification', 'clarified', 'accepted', 'progress']);
    expect(it1.events.every((e) => e.actorName.length > 0 && e.at.length > 0)).toBe(true);
    expect(await audited('meeting.item.progress', overdueId)).toBe(1);
    expect(await audited('meeting.item.accepted', overdueId)).toBe(1);
  });

  it('escalates an overdue item to the supervision queue; the level above sees only overdue items of the level below', async () => {
    const q = (await office.get('/api/action-items/supervision')).body as Array<{ id: number; overdue: boolean }>;
    const pos = q.findIndex((i) => i.id === overdueId);
    expect(pos).toBeGreaterThanOrEqual(0);
    expect(q.findIndex((i) => i.id === laterId)).toBeGreaterThan(pos);
    expect(q.findIndex((i) => !i.overdue)).toBeGreaterThan(q.findLastIndex((i) => i.overdue));
    // A district series: its office sees all its open items; the city sees the overdue one, escalated, not the other.
    const ds = await series(jjOffice, [ids.jjEdu]);
    expect(ds.level).toBe('district');
    const dOcc = await occurrenceOn(jjOffice, ds.id, day(-15));
    const [late, fine] = await decide(jjOffice, dOcc.id, [
      { title: '区级逾期事项', expectedResult: '完成', leadOrgId: ids.jjEdu, dueOn: day(-2) },
      { title: '区级在办事项', expectedResult: '完成', leadOrgId: ids.jjEdu, dueOn: day(40) },
    ]);
    const dq = (await jjOffice.get('/api/action-items/supervision')).body as Array<{ id: number; escalated: boolean }>;
    expect(dq.map((i) => i.id)).toEqual([late!.id, fine!.id]);
    expect(dq.some((i) => i.id === overdueId)).toBe(false);
    const cq = (await office.get('/api/action-items/supervision')).body as Array<{ id: number; escalated: boolean }>;
    expect(cq.find((i) => i.id === late!.id)?.escalated).toBe(true);
    expect(cq.some((i) => i.id === fine!.id)).toBe(false);
    // The neighbouring district's office sees neither the series nor its items.
    expect((await qyOffice.get(`/api/meeting-series/${ds.id}`)).status).toBe(404);
    expect((await qyOffice.get(`/api/action-items/${late!.id}`)).status).toBe(404);
    expect((await qyOffice.get('/api/action-items/supervision')).body.some((i: { id: number }) => i.id === late!.id)).toBe(false);
    expect((await qyOffice.post(`/api/meeting-series/${ds.id}/occurrences`, { day: day(20) })).status).toBe(404);
    // The district department sees its district item, not the city's.
    expect((await jjEdu.get(`/api/action-items/${late!.id}`)).status).toBe(200);
    expect((await jjEdu.get(`/api/action-items/${overdueId}`)).status).toBe(404);
    // The city office reads the district series.
    expect((await office.get(`/api/meeting-series/${ds.id}`)).status).toBe(200);
  });

  it('decides an extension: only the lead asks, only the secretariat grants; the deadline moves', async () => {
    const v = (await item(edu, overdueId)).version;
    expect((await edu.post(`/api/action-items/${overdueId}/extension`, { to: day(-10), reason: '需要更多时间', version: v })).status).toBe(400);
    const asked = await edu.post(`/api/action-items/${overdueId}/extension`, { to: day(10), reason: '需征求各区意见', version: v });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.extensionTo).toBe(day(10));
    expect((await edu.post(`/api/action-items/${overdueId}/extension/decision`, { grant: true, version: asked.body.version })).status).toBe(403);
    const granted = await office.post(`/api/action-items/${overdueId}/extension/decision`, { grant: true, note: '同意', version: asked.body.version });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body.dueOn).toBe(day(10));
    expect(granted.body.overdue).toBe(false);
    expect(granted.body.extensionTo).toBeNull();
    expect((await office.post(`/api/action-items/${overdueId}/extension/decision`, { grant: true, version: granted.body.version })).status).toBe(409);
    expect(await audited('meeting.item.extension_granted', overdueId)).toBe(1);
    // No longer due before the next meeting? It still is (day 10 < day 30): still carried, not overdue.
    const agenda = (await office.get(`/api/meeting-occurrences/${next.id}`)).body;
    expect(agenda.carriedItems.find((i: { id: number }) => i.id === overdueId)?.overdue).toBe(false);
  });

  it('closes with evidence after a return; a closed item leaves the agenda and the queue', async () => {
    let v = (await item(edu, overdueId)).version;
    expect((await office.post(`/api/action-items/${overdueId}/review`, { close: true, version: v })).status).toBe(409);
    const sub = await edu.post(`/api/action-items/${overdueId}/submit`, { evidence: '推广方案已印发（成教发〔2026〕1号）', version: v });
    expect(sub.body.status).toBe('submitted');
    expect((await office.post(`/api/action-items/${overdueId}/review`, { close: false, version: sub.body.version })).status).toBe(400);
    const ret = await office.post(`/api/action-items/${overdueId}/review`, { close: false, note: '请补充覆盖学校清单', version: sub.body.version });
    expect(ret.body.status).toBe('accepted');
    v = ret.body.version;
    const sub2 = await edu.post(`/api/action-items/${overdueId}/submit`, { evidence: '方案及覆盖学校清单', version: v });
    const closed = await office.post(`/api/action-items/${overdueId}/review`, { close: true, note: '办结', version: sub2.body.version });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.evidence).toBe('方案及覆盖学校清单');
    expect(closed.body.events.map((e: { kind: string }) => e.kind).slice(-5)).toEqual(['extension_granted', 'submitted', 'returned', 'submitted', 'closed']);
    expect((await office.get(`/api/meeting-occurrences/${next.id}`)).body.carriedItems.some((i: { id: number }) => i.id === overdueId)).toBe(false);
    expect((await office.get('/api/action-items/supervision')).body.some((i: { id: number }) => i.id === overdueId)).toBe(false);
    expect(await audited('meeting.item.closed', overdueId)).toBe(1);
    expect(await audited('meeting.item.returned', overdueId)).toBe(1);
  });

  it('a department sees only the meetings and items it takes part in; others are 404', async () => {
    const other = await series(office, [ids.fin]);
    const occ = await occurrenceOn(office, other.id, day(25));
    const [finOnly] = await decide(office, occ.id, [{ title: '财政专项', expectedResult: '完成', leadOrgId: ids.fin, dueOn: day(40) }]);
    expect((await edu.get(`/api/meeting-series/${other.id}`)).status).toBe(404);
    expect((await edu.get(`/api/meeting-occurrences/${occ.id}`)).status).toBe(404);
    expect((await edu.get(`/api/action-items/${finOnly!.id}`)).status).toBe(404);
    expect((await edu.post(`/api/action-items/${finOnly!.id}/progress`, { note: 'x' })).status).toBe(404);
    expect((await edu.post(`/api/meeting-occurrences/${occ.id}/topics`, { title: 'x' })).status).toBe(404);
    expect((await edu.get('/api/meeting-series')).body.some((s: { id: number }) => s.id === other.id)).toBe(false);
    expect((await edu.get('/api/action-items')).body.some((i: { id: number }) => i.id === finOnly!.id)).toBe(false);
    expect((await fin.get(`/api/action-items/${finOnly!.id}`)).status).toBe(200);
    // A department cannot run meetings or see the supervision queue.
    expect((await edu.post('/api/meeting-series', { title: 'x', cadence: 'monthly', convenor: 'x', memberOrgIds: [ids.edu] })).status).toBe(403);
    expect((await edu.get('/api/action-items/supervision')).status).toBe(403);
    expect((await edu.post(`/api/meeting-occurrences/${next.id}/decisions`, { text: 'x', items: [] })).status).toBe(403);
  });

  it('members propose topics until the deadline; the secretariat orders and publishes the agenda; attendance and minutes are recorded', async () => {
    const proposed = await edu.post(`/api/meeting-occurrences/${next.id}/topics`, { title: '校园科创推广进展', note: '' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const mine = await office.post(`/api/meeting-occurrences/${next.id}/topics`, { title: '通报督办事项办理情况' });
    let o = (await office.get(`/api/meeting-occurrences/${next.id}`)).body;
    expect((await fin.get(`/api/meeting-occurrences/${next.id}`)).body.topics.length).toBe(0);
    o = (await office.put(`/api/meeting-occurrences/${next.id}/agenda`, { order: [mine.body.id, proposed.body.id], publish: true, version: o.version })).body;
    expect(o.agendaPublished).toBe(true);
    expect(o.topics.map((x: { id: number; position: number }) => [x.id, x.position])).toEqual([
      [mine.body.id, 1],
      [proposed.body.id, 2],
    ]);
    expect((await fin.get(`/api/meeting-occurrences/${next.id}`)).body.topics.length).toBe(2);
    // The past meeting is closed for proposals.
    expect((await edu.post(`/api/meeting-occurrences/${past.id}/topics`, { title: '迟到的议题' })).status).toBe(409);
    const att = await office.put(`/api/meeting-occurrences/${past.id}/attendance`, {
      rows: [
        { orgId: ids.edu, status: 'present' },
        { orgId: ids.fin, status: 'delegate', delegateName: '李处长' },
        { orgId: ids.unionCity, status: 'absent' },
      ],
    });
    expect(att.status, JSON.stringify(att.body)).toBe(200);
    expect(att.body.attendance.find((a: { org: { id: number } }) => a.org.id === ids.fin).delegateName).toBe('李处长');
    expect((await office.put(`/api/meeting-occurrences/${past.id}/attendance`, { rows: [{ orgId: ids.jjEdu, status: 'present' }] })).status).toBe(400);
    const v = (await office.get(`/api/meeting-occurrences/${past.id}`)).body.version;
    const min = await office.put(`/api/meeting-occurrences/${past.id}/minutes`, { minutes: '会议研究了科创推广工作。', held: true, version: v });
    expect(min.body.status).toBe('held');
    expect((await office.put(`/api/meeting-occurrences/${next.id}/minutes`, { minutes: 'x', held: true, version: o.version })).status).toBe(400);
    expect(await audited('meeting.agenda.set', next.id)).toBe(1);
    expect(await audited('meeting.attendance.set', past.id)).toBe(1);
    expect(await audited('meeting.minutes.set', past.id)).toBe(1);
  });

  it('books a meeting room through the venues module: an overlap with a confirmed booking is a conflict', async () => {
    const rooms = (
      await sql<{
        id: number;
        name: string;
      }>`SELECT r.id, r.name FROM venue_rooms r JOIN venues v ON v.id = r.venue_id WHERE v.name = '成都市示范性群团综合服务体验馆' ORDER BY r.id`.execute(
        t.c.db,
      )
    ).rows;
    // The coordination office co-builds the city's service hall, so its bookings there are confirmed at once.
    await sql`INSERT INTO venue_cobuilders (venue_id, org_id) SELECT v.id, ${(await me(office)).orgId} FROM venues v WHERE v.name = '成都市示范性群团综合服务体验馆'`.execute(
      t.c.db,
    );
    const end = new Date(Date.parse(next.startsAt) + 60 * 60_000).toISOString();
    const held = await unionCity.post('/api/venue-bookings', { roomId: rooms[0]!.id, start: next.startsAt, end, purpose: '工会会议' });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const clash = await office.put(`/api/meeting-occurrences/${next.id}/room`, { roomId: rooms[0]!.id });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('CONFLICT');
    const ok = await office.put(`/api/meeting-occurrences/${next.id}/room`, { roomId: rooms[1]!.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.venue).toContain(rooms[1]!.name);
    // And the meeting's booking holds the room against anyone else.
    const late = await unionCity.post('/api/venue-bookings', { roomId: rooms[1]!.id, start: next.startsAt, end, purpose: '另一会议' });
    expect(late.status).toBe(409);
    expect(await audited('meeting.occurrence.room', next.id)).toBe(1);
    expect((await edu.put(`/api/meeting-occurrences/${next.id}/room`, { roomId: rooms[1]!.id })).status).toBe(403);
  });

  it('projects: 20+ co-hosts, milestone progress rolls up, a risk becomes a topic of the next quarterly meeting, portfolio and export', async () => {
    const depts = (
      await sql<{ id: number }>`SELECT o.id FROM orgs o JOIN org_types t ON t.code = o.type_code WHERE t.is_partner AND o.level = 'city' ORDER BY o.id`.execute(
        t.c.db,
      )
    ).rows.map((r) => r.id);
    expect(depts.length).toBeGreaterThanOrEqual(20);
    const q = await series(office, [ids.edu, ids.fin], { cadence: 'quarterly', anchorMonth: 1 });
    const qOcc = await occurrenceOn(office, q.id, day(45));
    const qLater = await occurrenceOn(office, q.id, day(130));
    // The office's other quarterly series (the demo's included) have no meeting planned, so this one's day-45 meeting is the next.
    await sql`UPDATE meeting_occurrences SET status = 'cancelled' WHERE status = 'scheduled' AND series_id IN
      (SELECT id FROM meeting_series WHERE cadence = 'quarterly' AND id <> ${q.id})`.execute(t.c.db);
    const body = {
      title: '第七届全国职工职业技能大赛决赛',
      kind: 'major_event',
      brand: '技能成都',
      budgetYuan: 1200000,
      startsOn: day(-60),
      endsOn: day(120),
      leadOrgId: ids.unionCity,
      coHostOrgIds: depts,
      milestones: [
        { title: '赛事方案批复', ownerOrgId: ids.unionCity, dueOn: day(-30), weight: 1 },
        { title: '场馆与保障就绪', ownerOrgId: ids.edu, dueOn: day(60), weight: 3 },
      ],
    };
    const created = await office.post('/api/projects', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pid = created.body.id;
    expect(created.body.hostCount).toBe(new Set([ids.unionCity, ...depts]).size);
    expect(created.body.health).toBe('late');
    const ms = created.body.milestones as Array<{ id: number }>;
    // A host that does not own the milestone cannot report on it; the owner can.
    expect((await fin.post(`/api/projects/${pid}/reports`, { milestoneId: ms[1]!.id, progress: 50, note: 'x' })).status).toBe(403);
    const r1 = await unionCity.post(`/api/projects/${pid}/reports`, { milestoneId: ms[0]!.id, progress: 100, note: '方案已批复' });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    const r2 = await edu.post(`/api/projects/${pid}/reports`, {
      milestoneId: ms[1]!.id,
      progress: 40,
      note: '场馆改造进行中',
      risk: '场馆改造资金缺口约200万元',
    });
    expect(r2.body.project.progress).toBe(55);
    expect(r2.body.raisedTopicOccurrenceId).toBe(qOcc.id);
    const topics = (await office.get(`/api/meeting-occurrences/${qOcc.id}`)).body.topics as Array<{ source: string; note: string }>;
    expect(topics.some((x) => x.source === 'project_risk' && x.note.includes('资金缺口'))).toBe(true);
    // The risk goes to the next quarterly meeting only, not to the later one as well.
    const laterTopics = (await office.get(`/api/meeting-occurrences/${qLater.id}`)).body.topics as Array<{ source: string }>;
    expect(laterTopics.some((x) => x.source === 'project_risk')).toBe(false);
    // A department that does not co-host sees nothing of it.
    const other = await office.post('/api/projects', {
      ...body,
      title: '青少年科技创新大赛',
      kind: 'service_project',
      leadOrgId: ids.edu,
      coHostOrgIds: [ids.unionCity],
      milestones: [{ title: '启动', ownerOrgId: ids.edu, dueOn: day(30) }],
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect((await fin.get(`/api/projects/${other.body.id}`)).status).toBe(404);
    expect((await fin.post(`/api/projects/${other.body.id}/reports`, { note: 'x' })).status).toBe(404);
    expect((await fin.get('/api/projects')).body.items.some((x: { id: number }) => x.id === other.body.id)).toBe(false);
    expect((await jjEdu.get(`/api/projects/${pid}`)).status).toBe(404);
    const port = (await office.get('/api/projects?level=city')).body;
    expect(port.items.some((x: { id: number }) => x.id === pid)).toBe(true);
    expect(Object.values(port.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(port.items.length);
    const xlsx = await office.get('/api/projects/portfolio.xlsx?level=city');
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
    expect(await audited('project.report', pid)).toBe(2);
    expect(await audited('project.export')).toBe(1);
    expect((await edu.post('/api/projects', body)).status).toBe(403);
  });

  it('writes every meeting step into the audit chain', async () => {
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'meeting.%'`.execute(t.c.db)).rows[0]!.n;
    expect(n).toBeGreaterThan(20);
    expect(await audited('meeting.series.create')).toBeGreaterThanOrEqual(6);
  });
});
