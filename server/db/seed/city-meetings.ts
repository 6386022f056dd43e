import { sql } from 'kysely';
import { addWorkingDays, isWorkday, type CalendarData } from '../../modules/calendar/working-days.js';
import { chinaInstant, nominalDays, type Cadence } from '../../modules/meetings/meetings.policy.js';
import { chinaDate, chinaToday } from '../../platform/time.js';
import { copyRows, type CityContext } from './city.js';
import { CITY_DEPARTMENTS } from './demo-meetings.js';
import { fakeName, pick, rng } from './generate.js';

/** Joint-meeting figures at scale 1.0: partner departments per level and city projects. */
export const CITY_MEETINGS = { cityDepartments: 22, districtDepartments: 8, projects: 32 };

/** The departments that sit at a district's tables. */
const DISTRICT_DEPARTMENTS = ['education', 'finance', 'civil_affairs', 'hrss', 'justice', 'health_comm', 'culture_tourism', 'development'];
const MASS_TYPES = ['union', 'league', 'women', 'scitech', 'disabled', 'returnees'];

/** The four series every level runs; `depts` is the share of the level's departments that are members. */
const SERIES: Array<{
  title: string;
  cadence: Cadence;
  anchorDay: number;
  anchorMonth: number;
  depts: number;
  deadline: number;
  chief: boolean;
  start: string;
  minutes: number;
}> = [
  { title: '群团组织工作例会', cadence: 'monthly', anchorDay: 10, anchorMonth: 1, depts: 0.4, deadline: 3, chief: false, start: '09:30', minutes: 120 },
  { title: '群团改革项目推进会', cadence: 'quarterly', anchorDay: 20, anchorMonth: 1, depts: 0.7, deadline: 5, chief: false, start: '14:30', minutes: 150 },
  { title: '群团工作研讨会', cadence: 'yearly', anchorDay: 15, anchorMonth: 11, depts: 0.25, deadline: 10, chief: false, start: '09:00', minutes: 240 },
  { title: '政府与群团组织联席会议', cadence: 'yearly', anchorDay: 25, anchorMonth: 3, depts: 1, deadline: 10, chief: true, start: '09:30', minutes: 180 },
];

const TOPICS = [
  '通报上阶段群团改革重点任务进展',
  '研究职工技能提升行动年度安排',
  '青少年科技创新教育推进情况',
  '困难职工帮扶和普惠服务工作汇报',
  '妇女儿童之家建设推进情况',
  '残疾人就业帮扶工作汇报',
  '新就业形态劳动者建会入会工作',
  '社区群团服务阵地共建共享',
  '群团数字化服务平台应用情况',
  '侨界人才创新创业服务',
  '劳动争议多元化解工作推进',
  '志愿服务项目化运作经验交流',
];
const DECISIONS = [
  '会议原则同意有关工作方案，请牵头单位抓紧细化落实。',
  '会议要求各成员单位加强协同，按期报送推进情况。',
  '会议决定将相关事项纳入年度重点督办清单。',
  '会议同意建立部门协同工作机制，定期通报进展。',
];
const ITEMS: Array<[string, string]> = [
  ['制定职工技能提升专项行动方案', '方案印发实施'],
  ['开展青少年科普进校园活动', '覆盖全部中小学并形成总结'],
  ['落实困难职工帮扶资金', '资金拨付到位并公示'],
  ['推进妇女儿童之家规范化建设', '完成年度建设任务'],
  ['完善残疾人就业服务清单', '清单发布并对接岗位'],
  ['推动新就业形态劳动者入会', '新增入会人数达到年度目标'],
  ['建立群团服务阵地共享目录', '目录上线并向社会公布'],
  ['开展劳动争议联合调解专项行动', '形成工作报告'],
  ['编制群团改革项目推进台账', '台账按月更新'],
  ['协调解决服务阵地场地保障', '场地落实并投入使用'],
];
const PROJECTS: Array<[string, 'major_event' | 'reform_pilot' | 'service_project', string, string]> = [
  ['全国职工职业技能大赛成都赛区决赛', 'major_event', '技能成都', 'union'],
  ['成都市青少年科技创新大赛', 'service_project', '蓉城少年科创', 'league'],
  ['巾帼建新功专项行动', 'service_project', '蓉城巾帼', 'women'],
  ['全国科普日成都主场活动', 'major_event', '科普成都', 'scitech'],
  ['残疾人辅助器具适配服务提升工程', 'service_project', '蓉城助残', 'disabled'],
  ['新就业形态劳动者服务站点建设', 'reform_pilot', '蓉城驿站', 'union'],
  ['青年发展型城市建设试点', 'reform_pilot', '青春成都', 'league'],
  ['家庭家教家风建设示范项目', 'service_project', '蓉城家风', 'women'],
  ['侨界人才创新创业大赛', 'major_event', '侨创天府', 'returnees'],
  ['产业工人队伍建设改革试点', 'reform_pilot', '匠心成都', 'union'],
  ['社区群团服务阵地共建试点', 'reform_pilot', '群团阵地', 'women'],
  ['残疾人职业技能竞赛', 'major_event', '自强成都', 'disabled'],
];
const MILESTONES = ['方案批复', '部门协调会', '组织动员', '中期评估', '现场实施', '总结验收'];
const EXTENSION_REASON = '涉及多部门协调，申请延期';
const RISKS = ['场地保障尚未落实，需协调相关部门。', '配套资金到位滞后，需财政部门支持。', '参与单位较多，进度协调难度较大。'];

const DAY = 86_400_000;
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** An instant on a China-local date at an hour and minute. */
const at = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);

type Org = { id: number; path: string; name: string };
type Region = { code: string; name: string; path: string };

/**
 * Generates the joint meetings of the city and of a share of its districts (all of them at scale 1.0): the
 * coordination office of each level as secretariat, partner departments (reused when they exist), four series per
 * level with occurrences from three years back to four months ahead on working days, agendas, attendance, minutes,
 * decisions and their supervised action items with the event trail the service writes, and the city's co-hosted
 * projects with milestones and progress reports; loaded with COPY.
 */
export async function seedCityMeetings(ctx: CityContext): Promise<{ series: number; occurrences: number; items: number; events: number; projects: number }> {
  const { db, pool, scale, progress } = ctx;
  const r = rng(Math.round(scale * 1e6) + 1301);
  const today = chinaToday();
  const now = Date.now();
  const days = (await sql<{ day: string; kind: string }>`SELECT day::text AS day, kind FROM calendar_days`.execute(db)).rows;
  const years = (await sql<{ year: number }>`SELECT year FROM calendar_years ORDER BY year`.execute(db)).rows.map((y) => y.year);
  const cal: CalendarData = {
    years,
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
  /** The n-th working day before a day (the topic deadline). */
  const workingDaysBefore = (day: string, n: number) => {
    let d = day;
    for (let left = n; left > 0;) if (isWorkday(cal, (d = addDays(d, -1)))) left--;
    return d;
  };
  const clampNow = (d: Date) => (d.getTime() > now ? null : d);

  // Organizations: the coordination office and departments of each level, reused when present, else created.
  const city = (await sql<Region>`SELECT code, name, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(db)).rows[0]!;
  const allDistricts = (await sql<Region>`SELECT code, name, path::text AS path FROM regions WHERE level = 'district' ORDER BY code`.execute(db)).rows;
  const districts = allDistricts.slice(0, Math.max(1, Math.round(allDistricts.length * scale)));
  const existing = new Map<string, Org>();
  for (const o of (
    await sql<Org & { key: string }>`
    SELECT id, path::text AS path, name, type_code || ':' || level || ':' || region_code AS key FROM orgs
    WHERE status = 'active' AND level IN ('city', 'district') ORDER BY id DESC`.execute(db)
  ).rows)
    existing.set(o.key, { id: o.id, path: o.path, name: o.name });
  const typeNames = new Map(
    (await sql<{ code: string; name_zh: string }>`SELECT code, name_zh FROM org_types`.execute(db)).rows.map((t) => [t.code, t.name_zh]),
  );
  let nextOrg = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM orgs`.execute(db)).rows[0]!.m);
  const newOrgs: unknown[][] = [];
  const orgFor = (type: string, level: 'city' | 'district', region: Region, name: string, parent: Org | null): Org => {
    const have = existing.get(`${type}:${level}:${region.code}`);
    if (have) return have;
    const id = nextOrg++;
    const o = { id, path: parent ? `${parent.path}.${id}` : String(id), name };
    newOrgs.push([id, type, parent?.id ?? null, o.path, name, level, region.code, region.path, level === 'district' ? region.code : null]);
    existing.set(`${type}:${level}:${region.code}`, o);
    return o;
  };
  type Level = { level: 'city' | 'district'; region: Region; office: Org; mass: Org[]; depts: Org[] };
  const cityOffice = orgFor('coordination', 'city', city, '成都市群团工作联席会议办公室', null);
  const levels: Level[] = [
    {
      level: 'city',
      region: city,
      office: cityOffice,
      mass: MASS_TYPES.map((t) => existing.get(`${t}:city:${city.code}`)).filter((o): o is Org => o !== undefined),
      depts: CITY_DEPARTMENTS.slice(0, CITY_MEETINGS.cityDepartments).map((d) => orgFor(d.type, 'city', city, d.name, null)),
    },
    ...districts.map((d): Level => ({
      level: 'district',
      region: d,
      office: orgFor('coordination', 'district', d, `${d.name}群团工作联席会议办公室`, cityOffice),
      mass: MASS_TYPES.map((t) => existing.get(`${t}:district:${d.code}`)).filter((o): o is Org => o !== undefined),
      depts: DISTRICT_DEPARTMENTS.slice(0, CITY_MEETINGS.districtDepartments).map((t) => orgFor(t, 'district', d, `${d.name}${typeNames.get(t) ?? t}`, null)),
    })),
  ];
  if (newOrgs.length) {
    await copyRows(
      pool,
      'orgs',
      ['id', 'type_code', 'parent_id', 'path', 'name', 'level', 'region_code', 'region_path', 'district_code'],
      newOrgs,
      newOrgs.length,
      progress,
    );
    await sql`SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT max(id) FROM orgs))`.execute(db);
  }
  // One contact per organization signs its steps in the event trails.
  const contact = new Map<number, string>();
  const signer = (o: Org) => contact.get(o.id) ?? contact.set(o.id, fakeName(r)).get(o.id)!;

  const next = async (table: string) =>
    Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM ${sql.table(table)}`.execute(db)).rows[0]!.m);
  let seriesId = await next('meeting_series');
  let occId = await next('meeting_occurrences');
  let topicId = await next('meeting_topics');
  let decisionId = await next('meeting_decisions');
  let itemId = await next('action_items');
  const seriesRows: unknown[][] = [];
  const memberRows: unknown[][] = [];
  const occRows: unknown[][] = [];
  const topicRows: unknown[][] = [];
  const attendanceRows: unknown[][] = [];
  const decisionRows: unknown[][] = [];
  const itemRows: unknown[][] = [];
  const itemOrgRows: unknown[][] = [];
  const eventRows: unknown[][] = [];
  /** The city's quarterly meetings, where a project's risks become topics. */
  const quarterly: Array<{ id: number; day: string; held: boolean; topics: number }> = [];
  const from = addDays(today, -3 * 365);
  const to = addDays(today, 122);

  for (const lv of levels) {
    const place = lv.level === 'city' ? '市' : '区';
    for (const def of SERIES) {
      const sid = seriesId++;
      const depts = [...lv.depts].sort(() => r() - 0.5).slice(0, Math.max(1, Math.round(lv.depts.length * def.depts)));
      const members = [...lv.mass, ...depts];
      const title = `${lv.region.name}${def.title}`;
      const createdAt = at(addDays(from, -20), 10);
      seriesRows.push([
        sid,
        title,
        lv.level,
        def.cadence,
        def.chief ? `${place}政府主要领导` : `${place}委群团工作领导小组`,
        lv.office.id,
        lv.office.path,
        lv.region.code,
        lv.region.path,
        def.anchorDay,
        def.anchorMonth,
        def.start,
        def.minutes,
        def.deadline,
        'active',
        null,
        createdAt.toISOString(),
        1,
      ]);
      for (const m of members) memberRows.push([sid, m.id, m.path]);
      for (const nominal of nominalDays(def.cadence, def.anchorDay, def.anchorMonth, from, to)) {
        const day = addWorkingDays(cal, nominal, 0);
        const id = occId++;
        const starts = chinaInstant(day, def.start);
        const ends = new Date(starts.getTime() + def.minutes * 60_000);
        const deadline = workingDaysBefore(day, def.deadline);
        const past = day < today;
        const status = past ? (r() < 0.02 ? 'cancelled' : 'held') : 'scheduled';
        const published = status !== 'cancelled' && deadline < today ? clampNow(at(addWorkingDays(cal, deadline, 1), 17)) : null;
        const held = status === 'held';
        if (lv.level === 'city' && def.cadence === 'quarterly' && status !== 'cancelled') quarterly.push({ id, day, held, topics: 0 });
        // Agenda: topics proposed by members before the deadline, ordered once the agenda is published.
        const topics = 2 + Math.floor(r() * 3);
        for (let k = 0; k < topics; k++) {
          const byOffice = k === 0;
          const org = byOffice ? lv.office : pick(r, members);
          const proposed = clampNow(at(workingDaysBefore(deadline, Math.floor(r() * 5)), 9 + Math.floor(r() * 8))) ?? new Date(now - 3_600_000);
          topicRows.push([
            topicId++,
            id,
            org.id,
            pick(r, TOPICS),
            '',
            byOffice ? 'secretariat' : 'proposal',
            null,
            published ? 'accepted' : 'proposed',
            published ? k + 1 : null,
            null,
            proposed.toISOString(),
          ]);
        }
        if (quarterly.at(-1)?.id === id) quarterly.at(-1)!.topics = topics;
        // Attendance, minutes and decisions of a meeting held.
        const attending: Org[] = [];
        if (held) {
          for (const m of members) {
            const u = r();
            const st = u < 0.85 ? 'present' : u < 0.93 ? 'delegate' : 'absent';
            attendanceRows.push([id, m.id, st, st === 'delegate' ? fakeName(r) : '']);
            if (st !== 'absent') attending.push(m);
          }
        }
        const minutes = held
          ? `会议由${def.chief ? `${place}政府主要领导` : `${place}委群团工作领导小组负责同志`}主持，听取了各成员单位工作汇报，研究部署下阶段重点任务。`
          : '';
        occRows.push([
          id,
          sid,
          day,
          starts.toISOString(),
          ends.toISOString(),
          deadline,
          null,
          null,
          `${lv.office.name}会议室`,
          status,
          published?.toISOString() ?? null,
          minutes,
          at(addDays(from, -10), 10).toISOString(),
          1 + (published ? 1 : 0) + (held ? 2 : 0),
        ]);
        if (!held || attending.length === 0) continue;
        const decided = ends;
        for (let dn = 0, dmax = 1 + Math.floor(r() * (def.cadence === 'monthly' ? 2 : 3)); dn < dmax; dn++) {
          const did = decisionId++;
          decisionRows.push([did, id, pick(r, DECISIONS), null, decided.toISOString()]);
          for (let k = 0, kmax = 1 + Math.floor(r() * 2); k < kmax; k++) {
            const iid = itemId++;
            const lead = pick(r, attending);
            const co = [...new Set(Array.from({ length: Math.floor(r() * 3) }, () => pick(r, attending)))].filter((o) => o.id !== lead.id);
            const [itemTitle, expected] = pick(r, ITEMS);
            let due = addWorkingDays(cal, day, pick(r, [10, 15, 20, 30, 40, 60]));
            const events: Array<[string, Org, string, Date]> = [];
            const ev = (kind: string, org: Org, note: string, when: Date) => {
              if (when.getTime() <= now) events.push([kind, org, note, when]);
              return when.getTime() <= now;
            };
            ev('created', lv.office, `${title} ${day}`, decided);
            let status = 'assigned';
            let version = 1;
            let evidence = '';
            let extension: string | null = null;
            let closedAt: Date | null = null;
            // The lead answers within days, sometimes asking for clarification first.
            let t = addWorkingDays(cal, day, 1 + Math.floor(r() * 3));
            if (r() < 0.06) {
              if (ev('clarification', lead, '请明确任务分工和完成标准', at(t, 10))) {
                status = 'clarification';
                version++;
              }
              t = addWorkingDays(cal, t, 1 + Math.floor(r() * 2));
              if (ev('clarified', lv.office, '已明确分工，由牵头单位统筹，配合单位分项落实', at(t, 15))) {
                status = 'assigned';
                version++;
              }
              t = addWorkingDays(cal, t, 1);
            }
            // Some leads of recent items never take them up (they stay assigned and escalate once overdue);
            // older items have all been taken up and closed, some late.
            const recent = Date.parse(`${due}T00:00:00+08:00`) > now - 180 * DAY;
            const stuck = r() < 0.05 && recent;
            if (!stuck && ev('accepted', lead, '', at(t, 11))) {
              status = 'accepted';
              version++;
            }
            if (status === 'accepted') {
              const mid = addDays(t, Math.max(1, Math.floor((Date.parse(due) - Date.parse(t)) / DAY / 2)));
              ev('progress', pick(r, [lead, ...co]), '已制定工作计划，正在推进落实。', at(addWorkingDays(cal, mid, 0), 16));
              if (r() < 0.1) {
                const ext = addWorkingDays(cal, due, 10 + Math.floor(r() * 10));
                const asked = at(addWorkingDays(cal, mid, 1), 10);
                if (ev('extension_requested', lead, `${ext} ${EXTENSION_REASON}`, asked)) {
                  version++;
                  if (ev('extension_granted', lv.office, ext, at(addWorkingDays(cal, mid, 3), 15))) {
                    due = ext;
                    version++;
                  } else extension = ext;
                }
              }
              // Most finish before the deadline, some a little late, a few recent ones stall and stay open past it.
              const u = r();
              if (u > 0.04 || !recent) {
                const done = u < 0.82 ? addWorkingDays(cal, addDays(due, -Math.floor(r() * 10)), 0) : addWorkingDays(cal, due, 1 + Math.floor(r() * 10));
                const submitted = at(done < t ? t : done, 17);
                evidence = '已按要求完成，相关材料已报送秘书处。';
                if (ev('submitted', lead, evidence, submitted)) {
                  status = 'submitted';
                  version++;
                  const reviewed = at(addWorkingDays(cal, chinaDate(submitted), 1 + Math.floor(r() * 2)), 10);
                  if (r() < 0.05 && ev('returned', lv.office, '佐证材料不完整，请补充', reviewed)) {
                    status = 'accepted';
                    version++;
                    const again = at(addWorkingDays(cal, chinaDate(reviewed), 3), 17);
                    if (ev('submitted', lead, '已补充完整佐证材料。', again)) {
                      status = 'submitted';
                      version++;
                    }
                    if (ev('closed', lv.office, '', at(addWorkingDays(cal, chinaDate(again), 1), 10))) {
                      status = 'closed';
                      version++;
                    }
                  } else if (ev('closed', lv.office, '', reviewed)) {
                    status = 'closed';
                    version++;
                  }
                }
                if (status !== 'submitted' && status !== 'closed') evidence = '';
              }
            }
            // Reminders go out in the last days before the deadline.
            if (status !== 'closed' && due >= today && addDays(due, -5) <= today) ev('reminded', lv.office, `到期日 ${due}`, at(today, 8));
            events.sort((a, b) => a[3].getTime() - b[3].getTime());
            const last = events.at(-1)![3];
            if (status === 'closed') closedAt = events.filter((e) => e[0] === 'closed').at(-1)![3];
            itemRows.push([
              iid,
              did,
              sid,
              lv.office.path,
              lv.region.path,
              itemTitle,
              expected,
              lead.id,
              due,
              status,
              extension,
              extension ? EXTENSION_REASON : '',
              evidence,
              last.toISOString(),
              closedAt?.toISOString() ?? null,
              null,
              decided.toISOString(),
              version,
            ]);
            itemOrgRows.push([iid, lead.id, lead.path, 'lead'], ...co.map((o) => [iid, o.id, o.path, 'co']));
            for (const [kind, org, note, when] of events) eventRows.push([iid, kind, null, signer(org), org.name, note, when.toISOString()]);
          }
        }
      }
    }
  }

  await copyRows(
    pool,
    'meeting_series',
    [
      'id',
      'title',
      'level',
      'cadence',
      'convenor',
      'secretariat_org_id',
      'secretariat_path',
      'region_code',
      'region_path',
      'anchor_day',
      'anchor_month',
      'start_time',
      'duration_minutes',
      'topic_deadline_days',
      'status',
      'created_by',
      'created_at',
      'version',
    ],
    seriesRows,
    seriesRows.length,
    progress,
  );
  await copyRows(pool, 'meeting_members', ['series_id', 'org_id', 'org_path'], memberRows, memberRows.length, progress);
  await copyRows(
    pool,
    'meeting_occurrences',
    [
      'id',
      'series_id',
      'planned_day',
      'starts_at',
      'ends_at',
      'topic_deadline',
      'room_id',
      'booking_id',
      'venue_label',
      'status',
      'agenda_published_at',
      'minutes',
      'created_at',
      'version',
    ],
    occRows,
    occRows.length,
    progress,
  );
  await copyRows(pool, 'meeting_attendance', ['occurrence_id', 'org_id', 'status', 'delegate_name'], attendanceRows, attendanceRows.length, progress);
  await copyRows(pool, 'meeting_decisions', ['id', 'occurrence_id', 'text', 'created_by', 'created_at'], decisionRows, decisionRows.length, progress);
  await copyRows(
    pool,
    'action_items',
    [
      'id',
      'decision_id',
      'series_id',
      'secretariat_path',
      'region_path',
      'title',
      'expected_result',
      'lead_org_id',
      'due_on',
      'status',
      'extension_to',
      'extension_reason',
      'evidence',
      'last_activity_at',
      'closed_at',
      'created_by',
      'created_at',
      'version',
    ],
    itemRows,
    itemRows.length,
    progress,
  );
  await copyRows(pool, 'action_item_orgs', ['item_id', 'org_id', 'org_path', 'role'], itemOrgRows, itemOrgRows.length, progress);
  const events = await copyRows(
    pool,
    'action_item_events',
    ['item_id', 'kind', 'actor_id', 'actor_name', 'org_name', 'note', 'at'],
    eventRows,
    eventRows.length,
    progress,
  );

  // Co-hosted projects of the city: a mass organization leads, departments and other organizations co-host.
  const cityLevel = levels[0]!;
  let projectId = await next('projects');
  let milestoneId = await next('project_milestones');
  const projectRows: unknown[][] = [];
  const hostRows: unknown[][] = [];
  const milestoneRows: unknown[][] = [];
  const reportRows: unknown[][] = [];
  const nProjects = Math.max(1, Math.round(CITY_MEETINGS.projects * scale));
  for (let i = 0; i < nProjects; i++) {
    const pid = projectId++;
    const [base, kind, brand, leadType] = PROJECTS[i % PROJECTS.length]!;
    const round = Math.floor(i / PROJECTS.length);
    const title = round ? `${base}（第${round + 1}期）` : base;
    const lead = existing.get(`${leadType}:city:${city.code}`) ?? cityLevel.mass[0] ?? cityLevel.depts[0]!;
    const pool2 = [...cityLevel.depts, ...cityLevel.mass].filter((o) => o.id !== lead.id).sort(() => r() - 0.5);
    // Every fourth project is a city-wide undertaking with 20 or more co-hosts; the others have 2 to 12.
    const co = pool2.slice(0, Math.min(pool2.length, i % 4 === 0 ? 20 + Math.floor(r() * 5) : 2 + Math.floor(r() * 11)));
    const hosts = [lead, ...co];
    const startsOn = addDays(today, -Math.floor(r() * 900));
    const endsOn = addDays(startsOn, 120 + Math.floor(r() * 600));
    const n = 2 + Math.floor(r() * 4);
    const span = (Date.parse(endsOn) - Date.parse(startsOn)) / DAY;
    let allDone = true;
    for (let k = 0; k < n; k++) {
      const mid = milestoneId++;
      const dueOn = addDays(startsOn, Math.round((span * (k + 1)) / n));
      const owner = k === 0 || k === n - 1 ? lead : pick(r, hosts);
      let pr = 0;
      let doneOn: string | null = null;
      if (dueOn < today) {
        // Past milestones are nearly all done, on time or a few days late (never after today).
        if (r() < 0.9) {
          pr = 100;
          const d = addDays(dueOn, Math.floor(r() * 14) - 10);
          doneOn = d > today ? today : d < startsOn ? startsOn : d;
        } else pr = 30 + 10 * Math.floor(r() * 6);
      } else if (startsOn <= today) {
        const prevDue = k === 0 ? startsOn : addDays(startsOn, Math.round((span * k) / n));
        const elapsed = Math.max(0, Math.min(1, (Date.parse(today) - Date.parse(prevDue)) / Math.max(1, Date.parse(dueOn) - Date.parse(prevDue))));
        pr = Math.min(90, Math.round((elapsed * 100 * (0.6 + r() * 0.6)) / 10) * 10);
      }
      if (pr < 100) allDone = false;
      milestoneRows.push([
        mid,
        pid,
        `${MILESTONES[Math.min(MILESTONES.length - 1, Math.floor((k * MILESTONES.length) / n))]}`,
        owner.id,
        dueOn,
        1 + Math.floor(r() * 3),
        pr,
        doneOn,
      ]);
      if (pr > 0) {
        const on = doneOn ?? (today < dueOn ? today : dueOn);
        const when = at(on, 16);
        const stamp = when.getTime() > now ? new Date(now - 60_000) : when;
        const risk = pr < 100 && r() < 0.2 ? pick(r, RISKS) : '';
        reportRows.push([pid, mid, owner.id, pr, pr === 100 ? '本节点任务已完成。' : '按计划推进中。', risk, signer(owner), stamp.toISOString()]);
        // A risk or need becomes a topic of the next quarterly meeting, as the service raises it.
        const meeting = risk ? quarterly.find((q) => q.day >= chinaDate(stamp)) : undefined;
        if (meeting) {
          topicRows.push([
            topicId++,
            meeting.id,
            owner.id,
            `【项目风险】${title}`.slice(0, 200),
            risk,
            'project_risk',
            pid,
            meeting.held ? 'accepted' : 'proposed',
            meeting.held ? ++meeting.topics : null,
            null,
            stamp.toISOString(),
          ]);
        }
      }
    }
    const done = endsOn < today && allDone;
    projectRows.push([
      pid,
      title,
      kind,
      brand,
      'city',
      lead.id,
      cityLevel.office.path,
      city.code,
      city.path,
      r() < 0.6 ? (20 + Math.floor(r() * 480)) * 10_000 : null,
      startsOn,
      endsOn,
      done ? 'done' : 'active',
      done ? '项目已按期完成，各项指标达到预期。' : '',
      null,
      at(addDays(startsOn, -15), 10).toISOString(),
      1,
    ]);
    hostRows.push([pid, lead.id, lead.path, 'lead'], ...co.map((o) => [pid, o.id, o.path, 'co']));
  }
  const projects = await copyRows(
    pool,
    'projects',
    [
      'id',
      'title',
      'kind',
      'brand',
      'level',
      'lead_org_id',
      'owner_path',
      'region_code',
      'region_path',
      'budget_yuan',
      'starts_on',
      'ends_on',
      'status',
      'results',
      'created_by',
      'created_at',
      'version',
    ],
    projectRows,
    projectRows.length,
    progress,
  );
  await copyRows(pool, 'project_hosts', ['project_id', 'org_id', 'org_path', 'role'], hostRows, hostRows.length, progress);
  await copyRows(
    pool,
    'project_milestones',
    ['id', 'project_id', 'title', 'owner_org_id', 'due_on', 'weight', 'progress', 'done_on'],
    milestoneRows,
    milestoneRows.length,
    progress,
  );
  await copyRows(
    pool,
    'project_reports',
    ['project_id', 'milestone_id', 'org_id', 'progress', 'note', 'risk', 'actor_name', 'at'],
    reportRows,
    reportRows.length,
    progress,
  );
  await copyRows(
    pool,
    'meeting_topics',
    ['id', 'occurrence_id', 'org_id', 'title', 'note', 'source', 'project_id', 'status', 'position', 'created_by', 'created_at'],
    topicRows,
    topicRows.length,
    progress,
  );

  for (const table of [
    'meeting_series',
    'meeting_occurrences',
    'meeting_topics',
    'meeting_decisions',
    'action_items',
    'action_item_events',
    'projects',
    'project_milestones',
    'project_reports',
  ]) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(db);
    await sql`ANALYZE ${sql.table(table)}`.execute(db);
  }
  return { series: seriesRows.length, occurrences: occRows.length, items: itemRows.length, events, projects };
}
