import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../platform/time.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { CITY_MEETINGS, seedCityMeetings } from './city-meetings.js';

let t: TestEnv;
let office: Client;
let edu: Client;
let result: Awaited<ReturnType<typeof seedCityMeetings>>;
const SCALE = 0.02;

const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.c.db)).rows;
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(t.c.db)).rows[0]!.n);

beforeAll(async () => {
  t = await setupTestEnv();
  result = await seedCityMeetings({ db: t.owner, pool: t.ownerPool, keyring: t.c.keyring, scale: SCALE });
  [office, edu] = (await Promise.all(['coordinator', 'dept.edu'].map((u) => t.as(u)))) as [Client, Client];
}, 300_000);

afterAll(async () => {
  await t?.close();
});

describe('seed-scale joint meetings and co-hosted projects', () => {
  it('generates every kind of record at a small scale, at city and district level', async () => {
    expect(result.series).toBeGreaterThan(0);
    expect(result.occurrences).toBeGreaterThan(0);
    expect(result.items).toBeGreaterThan(0);
    expect(result.events).toBeGreaterThanOrEqual(result.items);
    expect(result.projects).toBe(Math.max(1, Math.round(CITY_MEETINGS.projects * SCALE)));
    const byLevel = await rows(sql<{ level: string; series: number; occ: number; held: number; items: number }>`
      SELECT s.level, count(DISTINCT s.id)::int AS series, count(DISTINCT o.id)::int AS occ,
        count(DISTINCT o.id) FILTER (WHERE o.status = 'held')::int AS held, count(DISTINCT i.id)::int AS items
      FROM meeting_series s JOIN orgs sec ON sec.id = s.secretariat_org_id AND sec.type_code = 'coordination'
      LEFT JOIN meeting_occurrences o ON o.series_id = s.id LEFT JOIN action_items i ON i.series_id = s.id
      WHERE s.cadence <> 'ad_hoc' GROUP BY s.level ORDER BY s.level`);
    expect(byLevel.map((l) => l.level)).toEqual(['city', 'district']);
    for (const l of byLevel) {
      expect(l.series).toBeGreaterThanOrEqual(4);
      expect(l.held).toBeGreaterThan(0);
      expect(l.items).toBeGreaterThan(0);
    }
    for (const table of [
      'meeting_topics',
      'meeting_attendance',
      'meeting_decisions',
      'action_item_orgs',
      'action_item_events',
      'project_hosts',
      'project_milestones',
      'project_reports',
    ]) {
      expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`), table).toBeGreaterThan(0);
    }
    // The city's joint meeting seats its 22 departments; a district's seats its 8.
    const joint = await rows(sql<{ level: string; depts: number }>`
      SELECT s.level, count(*) FILTER (WHERE ty.is_partner)::int AS depts FROM meeting_series s
      JOIN meeting_members m ON m.series_id = s.id JOIN orgs o ON o.id = m.org_id JOIN org_types ty ON ty.code = o.type_code
      WHERE s.title LIKE '%政府与群团组织联席会议' GROUP BY s.id, s.level`);
    expect(joint.find((j) => j.level === 'city')?.depts).toBe(CITY_MEETINGS.cityDepartments);
    expect(joint.find((j) => j.level === 'district')?.depts).toBe(CITY_MEETINGS.districtDepartments);
  });

  it('holds meetings on working days only, with minutes and attendance only for past meetings', async () => {
    const today = chinaToday();
    const daysHeld = await rows(sql<{ day: string }>`SELECT DISTINCT planned_day::text AS day FROM meeting_occurrences`);
    const off: string[] = [];
    for (const d of daysHeld) if (!(await t.c.calendar.isWorkday(d.day))) off.push(d.day);
    expect(off).toEqual([]);
    // The same, by SQL over the official calendar: no holiday, no weekend that is not a make-up working day.
    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_occurrences o LEFT JOIN calendar_days c ON c.day = o.planned_day
        WHERE c.kind = 'holiday' OR (extract(isodow FROM o.planned_day) >= 6 AND c.kind IS DISTINCT FROM 'workday')`),
    ).toBe(0);
    const span = await rows(
      sql<{ first: string; last: string }>`SELECT min(planned_day)::text AS first, max(planned_day)::text AS last FROM meeting_occurrences`,
    );
    expect(span[0]!.first < `${Number(today.slice(0, 4)) - 2}-${today.slice(5)}`).toBe(true);
    expect(span[0]!.last > today).toBe(true);
    expect(
      await count(
        sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_occurrences WHERE (minutes <> '' OR status = 'held') AND planned_day >= ${today}::date`,
      ),
    ).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_occurrences WHERE status = 'held' AND minutes = ''`)).toBe(0);
    expect(
      await count(
        sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_attendance a JOIN meeting_occurrences o ON o.id = a.occurrence_id WHERE o.status <> 'held'`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_decisions d JOIN meeting_occurrences o ON o.id = d.occurrence_id WHERE o.status <> 'held'`,
      ),
    ).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_occurrences WHERE topic_deadline >= planned_day`)).toBe(0);
  });

  it('gives action items only to organizations that attended or sit in the series, with states and trails consistent with the dates', async () => {
    const strangers = await rows(sql<{ item_id: number; org_id: number }>`
      SELECT ao.item_id, ao.org_id FROM action_item_orgs ao JOIN action_items i ON i.id = ao.item_id JOIN meeting_decisions d ON d.id = i.decision_id
      WHERE NOT EXISTS (SELECT 1 FROM meeting_attendance a WHERE a.occurrence_id = d.occurrence_id AND a.org_id = ao.org_id AND a.status <> 'absent')
        AND NOT EXISTS (SELECT 1 FROM meeting_members m WHERE m.series_id = i.series_id AND m.org_id = ao.org_id)`);
    expect(strangers).toEqual([]);
    expect(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM action_items i WHERE NOT EXISTS (SELECT 1 FROM action_item_orgs ao WHERE ao.item_id = i.id AND ao.org_id = i.lead_org_id AND ao.role = 'lead')`,
      ),
    ).toBe(0);
    // Deadlines after the meeting; no event after the item's last activity; nothing happens in the future.
    expect(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM action_items i JOIN meeting_decisions d ON d.id = i.decision_id JOIN meeting_occurrences o ON o.id = d.occurrence_id WHERE i.due_on < o.planned_day`,
      ),
    ).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM action_item_events WHERE at > now()`)).toBe(0);
    const trail = await rows(sql<{
      id: number;
      status: string;
      closed: boolean;
      first: string;
      last_kind: string;
      last_at: Date;
      activity: Date;
      has_submit: boolean;
    }>`
      SELECT i.id, i.status, i.closed_at IS NOT NULL AS closed, (array_agg(e.kind ORDER BY e.id))[1] AS first,
        (array_agg(e.kind ORDER BY e.id DESC) FILTER (WHERE e.kind NOT IN ('progress', 'reminded')))[1] AS last_kind,
        max(e.at) AS last_at, i.last_activity_at AS activity, bool_or(e.kind = 'submitted') AS has_submit
      FROM action_items i JOIN action_item_events e ON e.item_id = i.id GROUP BY i.id`);
    expect(trail.length).toBe(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM action_items`));
    const expectLast: Record<string, string[]> = {
      assigned: ['created', 'clarified'],
      clarification: ['clarification'],
      accepted: ['accepted', 'returned', 'extension_requested', 'extension_granted', 'extension_refused'],
      submitted: ['submitted', 'extension_granted', 'extension_refused'],
      closed: ['closed'],
    };
    const bad = trail.filter(
      (x) =>
        x.first !== 'created' ||
        !expectLast[x.status]!.includes(x.last_kind) ||
        x.closed !== (x.status === 'closed') ||
        (x.status === 'closed' && !x.has_submit) ||
        new Date(x.activity).getTime() < new Date(x.last_at).getTime(),
    );
    expect(bad).toEqual([]);
    // Overdue (open, past due) exists, and most items past due were closed.
    const today = chinaToday();
    const states = (
      await rows(sql<{ overdue: number; closed_past: number; past: number; open_future: number }>`
      SELECT count(*) FILTER (WHERE status <> 'closed' AND due_on < ${today}::date)::int AS overdue,
        count(*) FILTER (WHERE status = 'closed' AND due_on < ${today}::date)::int AS closed_past,
        count(*) FILTER (WHERE due_on < ${today}::date)::int AS past,
        count(*) FILTER (WHERE status <> 'closed' AND due_on >= ${today}::date)::int AS open_future FROM action_items`)
    )[0]!;
    expect(states.overdue).toBeGreaterThan(0);
    expect(states.closed_past / states.past).toBeGreaterThan(0.8);
    expect(states.open_future).toBeGreaterThan(0);
    // The service's figures and lists flag exactly those items overdue.
    const fig = await office.get('/api/meeting-figures');
    expect(fig.status).toBe(200);
    expect(fig.body.items.overdue).toBe(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM action_items i WHERE i.status <> 'closed' AND i.due_on < ${today}::date AND i.region_path <@ '5101'::ltree`,
      ),
    );
    expect(fig.body.held).toBeGreaterThan(0);
    const open = await office.get('/api/action-items', { query: { open: 'true' } });
    expect(open.status).toBe(200);
    expect(open.body.length).toBeGreaterThan(0);
    for (const i of open.body as Array<{ status: string; dueOn: string; overdue: boolean }>) expect(i.overdue).toBe(i.status !== 'closed' && i.dueOn < today);
    const sup = await office.get('/api/action-items/supervision');
    expect(sup.status).toBe(200);
    expect((sup.body as Array<{ overdue: boolean }>).some((i) => i.overdue)).toBe(true);
  });

  it('has projects with 2 to 24 co-hosts, 20 or more on the city-wide ones, and milestones consistent with their dates', async () => {
    const today = chinaToday();
    const hosts = await rows(sql<{ id: number; co: number; lead: number }>`
      SELECT p.id, count(*) FILTER (WHERE h.role = 'co')::int AS co, count(*) FILTER (WHERE h.role = 'lead' AND h.org_id = p.lead_org_id)::int AS lead
      FROM projects p JOIN project_hosts h ON h.project_id = p.id WHERE p.title NOT IN ('第七届全国职工职业技能大赛决赛', '成都市青少年科技创新大赛') GROUP BY p.id`);
    expect(hosts.length).toBe(result.projects);
    for (const h of hosts) {
      expect(h.co).toBeGreaterThanOrEqual(2);
      expect(h.co).toBeLessThanOrEqual(24);
      expect(h.lead).toBe(1);
    }
    expect(hosts.filter((h) => h.co >= 20).length).toBeGreaterThan(0);
    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM project_milestones m JOIN projects p ON p.id = m.project_id
        WHERE m.due_on < p.starts_on OR m.due_on > p.ends_on OR m.done_on > ${today}::date OR (m.due_on > ${today}::date AND m.progress = 100 AND m.done_on IS NULL)
          OR NOT EXISTS (SELECT 1 FROM project_hosts h WHERE h.project_id = p.id AND h.org_id = m.owner_org_id)`),
    ).toBe(0);
    expect(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM projects p WHERE p.status = 'done' AND (p.ends_on >= ${today}::date OR EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = p.id AND m.progress < 100))`,
      ),
    ).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM project_reports WHERE at > now()`)).toBe(0);
    // A risk reported on a project is a topic of the owner's next quarterly meeting.
    expect(
      await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM project_reports r JOIN projects p ON p.id = r.project_id
        WHERE r.risk <> '' AND EXISTS (SELECT 1 FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
            WHERE s.cadence = 'quarterly' AND s.secretariat_path = p.owner_path AND o.status <> 'cancelled' AND o.planned_day >= (r.at AT TIME ZONE 'Asia/Shanghai')::date)
          AND NOT EXISTS (SELECT 1 FROM meeting_topics t JOIN meeting_occurrences o ON o.id = t.occurrence_id JOIN meeting_series s ON s.id = o.series_id
            WHERE t.source = 'project_risk' AND t.project_id = p.id AND t.note = r.risk AND s.cadence = 'quarterly' AND o.planned_day >= (r.at AT TIME ZONE 'Asia/Shanghai')::date)`),
    ).toBe(0);
    const portfolio = await office.get('/api/projects', { query: { level: 'city' } });
    expect(portfolio.status).toBe(200);
    expect(portfolio.body.items.length).toBeGreaterThanOrEqual(result.projects);
  });

  it('serves the meetings pages and the dashboard over the generated data, a department seeing its own meetings', async () => {
    const series = await office.get('/api/meeting-series');
    expect(series.status).toBe(200);
    const joint = (series.body as Array<{ id: number; title: string; members: unknown[] }>).find((s) => s.title === '成都市政府与群团组织联席会议')!;
    expect(joint.members.length).toBeGreaterThan(CITY_MEETINGS.cityDepartments);
    const one = await office.get(`/api/meeting-series/${joint.id}`);
    expect(one.status).toBe(200);
    const held = (one.body.occurrences as Array<{ id: number; status: string }>).filter((o) => o.status === 'held').at(-1)!;
    const occ = await office.get(`/api/meeting-occurrences/${held.id}`);
    expect(occ.status).toBe(200);
    expect(occ.body.minutes).not.toBe('');
    expect(occ.body.attendance.length).toBe(joint.members.length);
    expect(occ.body.decisions.length).toBeGreaterThan(0);
    const next = (one.body.occurrences as Array<{ id: number; status: string }>).find((o) => o.status === 'scheduled')!;
    expect((await office.get(`/api/meeting-occurrences/${next.id}`)).status).toBe(200);
    const pack = await office.get(`/api/meeting-occurrences/${held.id}/pack.pdf`);
    expect(pack.status).toBe(200);
    // The education bureau sits at the city's joint meeting and sees it, but no district's series.
    const mine = (await edu.get('/api/meeting-series')).body as Array<{ id: number; level: string }>;
    expect(mine.some((s) => s.id === joint.id)).toBe(true);
    expect(mine.some((s) => s.level === 'district')).toBe(false);
    const district = await rows(sql<{ id: number }>`SELECT id FROM meeting_series WHERE level = 'district' LIMIT 1`);
    expect((await edu.get(`/api/meeting-series/${district[0]!.id}`)).status).toBe(404);
    expect((await office.get('/api/dashboard')).status).toBe(200);
  });
});
