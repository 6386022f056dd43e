import { sql } from 'kysely';
import type { Container } from '../../container.js';
import { chinaToday } from '../../platform/time.js';
import type { ProgrammeInput } from '../../modules/honours/honours.service.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';
import { fakeFirm, fakeName, fakePhone, rng } from './generate.js';

/** Vetting departments (征求意见单位) at city level, partner organizations with one account each. */
const VETTERS: Array<{ type: string; name: string; username: string }> = [
  { type: 'discipline', name: '成都市纪委监委', username: 'vet.jiwei' },
  { type: 'police', name: '成都市公安局', username: 'vet.police' },
  { type: 'market', name: '成都市市场监督管理局', username: 'vet.market' },
  { type: 'hrss', name: '成都市人力资源和社会保障局', username: 'vet.hr' },
];

const day = (offset: number): string => chinaToday(new Date(Date.now() + offset * 86_400_000));

/** The programme template of the city union's May Day awards: criteria, documents, rules, quotas per district. */
export function mayDayProgramme(
  year: number,
  districts: string[],
  vetterOrgIds: number[],
  dates: { from: number; to: number; review: number; announce: number },
): ProgrammeInput {
  return {
    title: `${year}年成都市五一劳动奖章评选`,
    awardTitle: '成都市五一劳动奖章',
    year,
    kinds: ['individual', 'collective'],
    criteria: [
      { key: 'years_of_work', type: 'number', labelZh: '工龄（年）', labelEn: 'Years of work', required: true, min: 0, max: 60 },
      {
        key: 'sector',
        type: 'choice',
        labelZh: '所属行业',
        labelEn: 'Sector',
        required: true,
        options: ['制造业', '建筑业', '交通运输', '商贸服务', '科研技术', '公共服务'],
      },
      { key: 'party_member', type: 'boolean', labelZh: '中共党员', labelEn: 'Party member', required: false },
    ],
    documents: [{ key: 'deeds_report', labelZh: '先进事迹材料', labelEn: 'Report of deeds' }],
    rules: [
      { attribute: 'frontline', op: 'min', percent: 60 },
      { attribute: 'female', op: 'min', percent: 20 },
      { attribute: 'leader', op: 'max', percent: 20 },
    ],
    allowException: true,
    nominationFrom: day(dates.from),
    nominationTo: day(dates.to),
    reviewTo: day(dates.review),
    noticeDays: 5,
    announceOn: day(dates.announce),
    quotas: districts.map((d) => ({ districtCode: d, quota: d === '510104' || d === '510105' ? 6 : 3 })),
    vetterOrgIds,
  };
}

/**
 * Honours demo: the vetting departments and their accounts, and the city union's May Day awards in progress —
 * nominations held by the street, forwarded to the district and forwarded to the city — all through the service.
 */
export async function loadDemoHonours(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const r = rng(20261204);
  const vetterIds: number[] = [];
  await c.db.transaction().execute(async (trx) => {
    const city = (await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(trx)).rows[0]!;
    for (const v of VETTERS) {
      let org = (
        await sql<{ id: number; name: string }>`SELECT id, name FROM orgs WHERE type_code = ${v.type} AND level = 'city' ORDER BY id LIMIT 1`.execute(trx)
      ).rows[0];
      if (!org) {
        const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(trx)).rows[0]!.id);
        await trx
          .insertInto('orgs')
          .values({ id, type_code: v.type, parent_id: null, path: String(id), name: v.name, level: 'city', region_code: city.code, region_path: city.path })
          .execute();
        org = { id, name: v.name };
      }
      vetterIds.push(org.id);
      const accountId = await c.accounts.insertIn(trx, {
        username: v.username,
        displayName: `${org.name}·${v.username}`,
        orgId: org.id,
        passwordHash: hash,
        isDemo: true,
      });
      await trx.insertInto('account_roles').values({ account_id: accountId, role_code: 'honour_vetter', admin_kind: null }).execute();
      accounts.push({ username: v.username, role: 'honour_vetter', level: 'city', org: org.name });
    }
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
      .execute();
  });

  const districts = (await sql<{ code: string }>`SELECT code FROM regions WHERE level = 'district' ORDER BY code`.execute(c.db)).rows.map((d) => d.code);
  const cityUnion = await actAs(c, 'union.city');
  const street = await actAs(c, 'union.street');
  const community = await actAs(c, 'union.community');
  const district = await actAs(c, 'union.district');
  const year = Number(day(0).slice(0, 4)) + 1;
  const programme = await c.honours.createProgramme(cityUnion, mayDayProgramme(year, districts, vetterIds, { from: -14, to: 21, review: 40, announce: 60 }));

  const streetCode = street.actor.scope.regionPath.split('.').pop()!;
  const communities = (await sql<{ code: string }>`SELECT code FROM regions WHERE parent_code = ${streetCode} ORDER BY code`.execute(c.db)).rows.map(
    (x) => x.code,
  );
  const ownCommunity = community.actor.scope.regionPath.split('.').pop()!;
  const person = (
    who: typeof street,
    deeds: string,
    attrs: { frontline?: boolean; leader?: boolean },
    gender: 'male' | 'female',
    unit: string,
    position: string,
    programmeId = programme.id,
  ) =>
    c.honours.nominate(who, programmeId, {
      kind: 'individual',
      person: {
        name: fakeName(r),
        phone: fakePhone(r),
        gender,
        regionCode: who === community ? ownCommunity : communities[Math.floor(r() * communities.length)]!,
      },
      unitName: unit,
      position,
      deeds,
      recommendation: '该同志爱岗敬业、技术精湛，在本岗位作出突出贡献，经职工推荐、本单位研究，同意推荐。',
      attributes: attrs,
      answers: { years_of_work: 8 + Math.floor(r() * 20), sector: '制造业', party_member: r() < 0.5 },
      documents: { deeds_report: '先进事迹材料.pdf' },
    });
  const a = await person(
    street,
    '扎根生产一线二十年，带领班组攻克精密焊接难题，累计提出合理化建议四十余条。',
    { frontline: true },
    'female',
    '成都蜀锦智能制造有限公司',
    '焊工班班长',
  );
  const b = await person(street, '坚守城市配送一线，连续五年零投诉，带动新业态劳动者加入工会。', { frontline: true }, 'male', '成都天府物流有限公司', '快递员');
  await person(
    community,
    '社区养老服务站护理员，创新“时间银行”互助模式，服务老人三千余人次。',
    { frontline: true },
    'female',
    '锦城社区养老服务中心',
    '护理员',
  );
  const firm = fakeFirm(r, 0);
  await c.honours.nominate(street, programme.id, {
    kind: 'collective',
    collectiveName: '成都蜀锦智能制造有限公司精密焊接班组',
    creditCode: firm.creditCode,
    unitName: '成都蜀锦智能制造有限公司',
    deeds: '班组十二人，三年完成技术革新十五项，获国家专利四项。',
    recommendation: '该班组团结协作、勇于创新，同意推荐为工人先锋号候选集体。',
    answers: { years_of_work: 10, sector: '制造业' },
    documents: { deeds_report: '班组事迹材料.pdf' },
  });
  await c.honours.forward(street, programme.id, { nominationIds: [a.id, b.id] });
  await c.honours.forward(district, programme.id, { nominationIds: [a.id] });

  // Last year's awards, announced: the whole path runs through the service today, then the loader moves its dates
  // back to last spring (only the calendar's passing can do that in the service).
  const past = await c.honours.createProgramme(cityUnion, mayDayProgramme(year - 1, districts, vetterIds, { from: -1, to: 1, review: 2, announce: 3 }));
  const honoured = [
    await person(
      street,
      '从事电梯维保二十三年，首创“一梯一档”维保法，所在班组连续八年零事故。',
      { frontline: true },
      'male',
      '成都锦城电梯工程有限公司',
      '维保组长',
      past.id,
    ),
    await person(
      street,
      '社区卫生服务中心全科医生，年均上门随访慢病居民两千余人次。',
      { frontline: true },
      'female',
      '锦官驿社区卫生服务中心',
      '全科医生',
      past.id,
    ),
  ].map((n) => n.id);
  await c.honours.forward(street, past.id, { nominationIds: honoured });
  await c.honours.forward(district, past.id, { nominationIds: honoured });
  await c.honours.requestVetting(cityUnion, past.id);
  for (const v of VETTERS) {
    const vetter = await actAs(c, v.username);
    for (const id of honoured) await c.honours.vet(vetter, id, { verdict: 'clear' });
  }
  for (const id of honoured) await c.honours.decide(cityUnion, id, { decision: 'shortlist', note: '', version: await versionOf(c, id) });
  await c.honours.publishNotice(cityUnion, past.id);
  await sql`UPDATE honour_programmes SET notice_from = current_date - 10, notice_to = current_date - 3 WHERE id = ${past.id}`.execute(c.db);
  await c.honours.announce(cityUnion, past.id);
  const y = year - 1;
  await sql`UPDATE honour_programmes SET nomination_from = ${`${y}-02-01`}, nomination_to = ${`${y}-02-28`}, review_to = ${`${y}-03-20`},
    notice_from = ${`${y}-03-25`}, notice_to = ${`${y}-03-31`}, announce_on = ${`${y}-04-20`}, announced_at = ${`${y}-04-20T10:00:00+08:00`}
    WHERE id = ${past.id}`.execute(c.db);
  await sql`UPDATE honour_awards SET awarded_on = ${`${y}-04-20`} WHERE programme_id = ${past.id}`.execute(c.db);
}

async function versionOf(c: Container, id: number): Promise<number> {
  return (await c.db.selectFrom('honour_nominations').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}
