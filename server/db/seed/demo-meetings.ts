import { sql } from 'kysely';
import type { Container } from '../../container.js';
import { chinaToday } from '../../platform/time.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';

/** City government departments that sit at the joint meetings and co-host projects (partner organizations). */
export const CITY_DEPARTMENTS: Array<{ type: string; name: string; username?: string }> = [
  { type: 'government_office', name: '成都市人民政府办公厅' },
  { type: 'development', name: '成都市发展和改革委员会' },
  { type: 'education', name: '成都市教育局', username: 'dept.edu' },
  { type: 'science_tech', name: '成都市科学技术局' },
  { type: 'economy', name: '成都市经济和信息化局' },
  { type: 'civil_affairs', name: '成都市民政局' },
  { type: 'justice', name: '成都市司法局' },
  { type: 'finance', name: '成都市财政局', username: 'dept.finance' },
  { type: 'hrss', name: '成都市人力资源和社会保障局' },
  { type: 'planning', name: '成都市规划和自然资源局' },
  { type: 'ecology', name: '成都市生态环境局' },
  { type: 'housing', name: '成都市住房和城乡建设局' },
  { type: 'transport', name: '成都市交通运输局' },
  { type: 'agriculture', name: '成都市农业农村局' },
  { type: 'commerce', name: '成都市商务局' },
  { type: 'culture_tourism', name: '成都市文化广电旅游局' },
  { type: 'health_comm', name: '成都市卫生健康委员会' },
  { type: 'veterans', name: '成都市退役军人事务局' },
  { type: 'emergency', name: '成都市应急管理局' },
  { type: 'market', name: '成都市市场监督管理局' },
  { type: 'sports', name: '成都市体育局' },
  { type: 'statistics', name: '成都市统计局' },
  { type: 'court', name: '成都市中级人民法院' },
  { type: 'police', name: '成都市公安局' },
];

const day = (offset: number): string => chinaToday(new Date(Date.now() + offset * 86_400_000));

/**
 * Joint-meetings demo: the city departments (one account each for 教育局 and 财政局), the city's monthly mass
 * organizations' work meeting with a past (held, with decisions and items, one overdue) and a next occurrence.
 */
export async function loadDemoMeetings(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const dept: Record<string, number> = {};
  const mass: number[] = [];
  await c.db.transaction().execute(async (trx) => {
    const city = (await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(trx)).rows[0]!;
    for (const d of CITY_DEPARTMENTS) {
      let org = (
        await sql<{ id: number; name: string }>`SELECT id, name FROM orgs WHERE type_code = ${d.type} AND level = 'city' ORDER BY id LIMIT 1`.execute(trx)
      ).rows[0];
      if (!org) {
        const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(trx)).rows[0]!.id);
        await trx
          .insertInto('orgs')
          .values({ id, type_code: d.type, parent_id: null, path: String(id), name: d.name, level: 'city', region_code: city.code, region_path: city.path })
          .execute();
        org = { id, name: d.name };
      }
      dept[d.type] = org.id;
      if (d.username) {
        const accountId = await c.accounts.insertIn(trx, {
          username: d.username,
          displayName: `${org.name}·${d.username}`,
          orgId: org.id,
          passwordHash: hash,
          isDemo: true,
        });
        await trx.insertInto('account_roles').values({ account_id: accountId, role_code: 'meeting_partner', admin_kind: null }).execute();
        accounts.push({ username: d.username, role: 'meeting_partner', level: 'city', org: org.name });
      }
    }
    for (const t of ['union', 'league', 'women', 'scitech', 'disabled', 'returnees']) {
      mass.push(
        (await sql<{ id: number }>`SELECT id FROM orgs WHERE type_code = ${t} AND level = 'city' AND parent_id IS NULL ORDER BY id LIMIT 1`.execute(trx))
          .rows[0]!.id,
      );
    }
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
      .execute();
  });

  const office = await actAs(c, 'coordinator');
  const members = [...mass, dept.education!, dept.finance!, dept.hrss!, dept.civil_affairs!, dept.development!];
  const past = day(-30);
  const series = await c.meetings.createSeries(office, {
    title: '成都市群团组织工作例会',
    cadence: 'monthly',
    convenor: '市委群团工作领导小组',
    anchorDay: Number(past.slice(8, 10)) > 28 ? 28 : Number(past.slice(8, 10)),
    topicDeadlineDays: 3,
    memberOrgIds: members,
  });
  const occ = await c.meetings.generate(office, series.id, { from: day(-35), to: day(40) });
  const held = occ.find((o) => o.plannedDay < day(-10)) ?? occ[0]!;
  await c.meetings.proposeTopic(office, held.id, { title: '通报第一季度群团改革重点任务进展', note: '' });
  let o = await c.meetings.getOccurrence(office.actor, held.id);
  await c.meetings.setAgenda(office, held.id, { order: o.topics.map((t) => t.id), publish: true, version: o.version });
  await c.meetings.setAttendance(
    office,
    held.id,
    members.map((id, i) =>
      i === 3
        ? { orgId: id, status: 'delegate' as const, delegateName: '王副主任' }
        : { orgId: id, status: i === 5 ? ('absent' as const) : ('present' as const) },
    ),
  );
  o = await c.meetings.getOccurrence(office.actor, held.id);
  await c.meetings.setMinutes(office, held.id, { minutes: '会议听取了各成员单位工作汇报，研究部署下阶段重点任务。', held: true, version: o.version });
  await c.meetings.addDecision(office, held.id, {
    text: '推进职工技能提升和青少年科技创新工作，各牵头单位按期报送进展。',
    items: [
      {
        title: '制定青少年科技创新大赛校园推广方案',
        expectedResult: '方案印发并覆盖全市中小学',
        leadOrgId: dept.education!,
        coOrgIds: [mass[1]!, mass[3]!],
        dueOn: day(-5),
      },
      { title: '落实职工技能竞赛奖补资金', expectedResult: '资金拨付到位', leadOrgId: dept.finance!, coOrgIds: [dept.hrss!, mass[0]!], dueWorkingDays: 40 },
      { title: '开展“巾帼建新功”专项行动', expectedResult: '形成行动总结报告', leadOrgId: mass[2]!, dueOn: day(20) },
    ],
  });
  const items = await c.meetings.listItems(office.actor, { open: true });
  const edu = await actAs(c, 'dept.edu');
  const eduItem = items.find((i) => i.leadOrg.id === dept.education)!;
  const accepted = await c.meetings.respond(edu, eduItem.id, { accept: true, note: '', version: 1 });
  await c.meetings.progress(edu, accepted.id, { note: '已完成方案初稿，正在征求各区意见。' });
  await loadDemoProjects(c);
}

/** Two city projects co-hosted by several departments, one reporting a risk. */
export async function loadDemoProjects(c: Container): Promise<void> {
  const office = await actAs(c, 'coordinator');
  const ids = Object.fromEntries(
    (
      await sql<{
        type_code: string;
        id: number;
      }>`SELECT DISTINCT ON (type_code) type_code, id FROM orgs WHERE level = 'city' AND parent_id IS NULL ORDER BY type_code, id`.execute(c.db)
    ).rows.map((r) => [r.type_code, r.id]),
  ) as Record<string, number>;
  const quarterly = await c.meetings.createSeries(office, {
    title: '成都市群团改革项目推进会',
    cadence: 'quarterly',
    convenor: '市委群团工作领导小组',
    anchorDay: 20,
    anchorMonth: 1,
    memberOrgIds: [ids.union!, ids.league!, ids.women!, ids.education!, ids.finance!, ids.hrss!],
  });
  await c.meetings.generate(office, quarterly.id, { from: day(1), to: day(100) });
  const skills = await c.projects.create(office, {
    title: '第七届全国职工职业技能大赛决赛',
    kind: 'major_event',
    brand: '技能成都',
    budgetYuan: 3_000_000,
    startsOn: day(-90),
    endsOn: day(150),
    leadOrgId: ids.union!,
    coHostOrgIds: [
      'hrss',
      'education',
      'finance',
      'economy',
      'sports',
      'culture_tourism',
      'health_comm',
      'police',
      'transport',
      'commerce',
      'market',
      'emergency',
    ]
      .map((t) => ids[t]!)
      .filter(Boolean),
    milestones: [
      { title: '赛事总体方案批复', ownerOrgId: ids.union!, dueOn: day(-60), weight: 1 },
      { title: '赛场改造与安全保障', ownerOrgId: ids.education!, dueOn: day(40), weight: 3 },
      { title: '决赛举办', ownerOrgId: ids.union!, dueOn: day(140), weight: 2 },
    ],
  });
  await c.projects.report(office, skills.id, { milestoneId: skills.milestones[0]!.id, progress: 100, note: '总体方案已获批复。' });
  const edu = await actAs(c, 'dept.edu');
  await c.projects.report(edu, skills.id, {
    milestoneId: skills.milestones[1]!.id,
    progress: 30,
    note: '赛场改造已开工。',
    risk: '改造资金尚有缺口，需财政局协调。',
  });
  await c.projects.create(office, {
    title: '成都市青少年科技创新大赛',
    kind: 'service_project',
    brand: '蓉城少年科创',
    startsOn: day(-30),
    endsOn: day(200),
    leadOrgId: ids.league!,
    coHostOrgIds: [ids.education!, ids.science_tech!, ids.scitech!, ids.women!].filter(Boolean),
    milestones: [
      { title: '赛事通知印发', ownerOrgId: ids.league!, dueOn: day(10), weight: 1 },
      { title: '区级初赛', ownerOrgId: ids.education!, dueOn: day(90), weight: 2 },
    ],
  });
}
