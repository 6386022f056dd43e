import { sql } from 'kysely';
import { blindIndex, encryptField } from '../../platform/crypto/field-cipher.js';
import { protectText } from '../../platform/crypto/free-text.js';
import { maskName, maskPhone } from '../../platform/crypto/masking.js';
import { chinaDate, chinaToday } from '../../platform/time.js';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { addDays, meanScore, weighted } from '../../modules/socialorgs/socialorgs.policy.js';
import { initialsOf } from '../../modules/catalogue/catalogue.policy.js';
import { copyRows, type CityContext } from './city.js';
import { fakeName, fakePhone, pick, rng } from './generate.js';

/** Social organizations and the service catalogue of Chengdu at scale 1.0. */
export const CITY_SOCIALORGS = { hubMembers: 72, hubLeft: 6, womenChildren: 368, callsPerYear: 60, services: 320 };

/** The regional labour-field federation (枢纽型社会组织); the demo registers it too, and the seed then extends it. */
const HUB_NAME = '成都市劳动领域社会组织联合会';
const LABOUR_WORDS = ['益工', '职工之家', '劳动者港湾', '新业态骑手', '工友互助', '匠心', '安康', '蓉工', '和谐劳动', '职工心理'];
const LABOUR_KINDS = ['社会工作服务中心', '职工服务社', '劳动关系协调服务中心', '职业技能培训中心', '志愿服务协会'];
const WOMEN_WORDS = ['童心', '春蕾', '彩虹', '木兰', '暖阳', '向日葵', '花蕾', '知心姐姐', '巾帼', '亲子成长', '家和', '芳华'];
const WOMEN_KINDS = ['家庭教育服务中心', '妇女儿童发展中心', '儿童关爱服务中心', '社会工作服务中心', '婚姻家庭服务中心', '女性创业促进会', '儿童福利基金会'];
const CN_NUM = ['', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

type Region = { code: string; name: string; path: string; district: string };
type Unit = { id: number; path: string; type: string; level: string; name: string; region_path: string; district: string };
type Sorg = {
  id: number;
  orgId: number;
  name: string;
  domain: 'labour' | 'women_children';
  region: Region;
  registeredOn: string;
  status: string;
  keeper: Unit;
};

const DAY = 86_400_000;
/** An instant on a China-local date at a given hour. */
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const minDate = (a: string, b: string) => (a < b ? a : b);
const maxDate = (a: string, b: string) => (a > b ? a : b);
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

const CALL_TOPICS: Record<'union' | 'women', Array<{ title: string; groups: string[]; deliverable: string }>> = {
  union: [
    { title: '职工心理健康关爱服务项目', groups: ['workers'], deliverable: '心理健康讲座和团体辅导' },
    { title: '新就业形态劳动者服务项目', groups: ['workers', 'youth'], deliverable: '骑手驿站服务活动' },
    { title: '困难职工家庭帮扶服务项目', groups: ['workers', 'families'], deliverable: '入户走访和个案帮扶' },
    { title: '农民工劳动权益维护服务项目', groups: ['workers'], deliverable: '法律咨询和普法活动' },
    { title: '女职工关爱服务项目', groups: ['workers', 'women'], deliverable: '女职工健康讲座' },
  ],
  women: [
    { title: '家庭教育指导服务项目', groups: ['families', 'children'], deliverable: '家庭教育讲座和亲子活动' },
    { title: '留守儿童关爱服务项目', groups: ['children'], deliverable: '课后托管和陪伴活动' },
    { title: '妇女就业创业能力提升项目', groups: ['women'], deliverable: '技能培训和创业沙龙' },
    { title: '婚姻家庭纠纷预防化解项目', groups: ['women', 'families'], deliverable: '调解和婚姻家庭辅导' },
    { title: '儿童友好社区建设服务项目', groups: ['children', 'families'], deliverable: '儿童议事和社区活动' },
  ],
};
const CRITERIA = [
  [
    { key: 'plan', label: '服务方案', weight: 40 },
    { key: 'team', label: '团队能力', weight: 30 },
    { key: 'budget', label: '预算合理性', weight: 30 },
  ],
  [
    { key: 'need', label: '需求分析', weight: 25 },
    { key: 'plan', label: '服务方案', weight: 35 },
    { key: 'team', label: '团队能力', weight: 20 },
    { key: 'budget', label: '预算合理性', weight: 20 },
  ],
];

/** Six brands: the four the public knows the mass organizations by, and two more; each owned by the city unit of its type. */
const BRANDS: Array<{
  name: string;
  nameEn: string;
  type: string;
  description: string;
  services: Array<{ name: string; en: string; description: string; groups: string[]; channels: string[]; docs?: string[]; access?: string[] }>;
}> = [
  {
    name: '智慧工会',
    nameEn: 'Smart Trade Union',
    type: 'union',
    description: '工会服务一网通办：入会、帮扶、法律援助、技能培训。',
    services: [
      {
        name: '职工法律援助',
        en: 'Legal aid for workers',
        description: '为职工提供劳动争议咨询、代写文书和法律援助。',
        groups: ['workers'],
        channels: ['venue', 'phone'],
        docs: ['身份证', '劳动合同或工作证明'],
        access: ['无障碍通道'],
      },
      {
        name: '职工技能培训',
        en: 'Skills training for workers',
        description: '面向职工的职业技能提升培训和技能竞赛辅导。',
        groups: ['workers', 'youth'],
        channels: ['venue', 'online'],
      },
      {
        name: '困难职工帮扶',
        en: 'Help for workers in hardship',
        description: '为困难职工家庭提供生活救助、助学和医疗帮扶。',
        groups: ['workers', 'families'],
        channels: ['venue', 'home_visit'],
        docs: ['身份证', '收入证明'],
      },
      {
        name: '职工心理咨询',
        en: 'Counselling for workers',
        description: '职工心理健康测评、个案咨询和团体辅导。',
        groups: ['workers'],
        channels: ['venue', 'phone', 'online'],
      },
      {
        name: '户外劳动者驿站',
        en: 'Rest stations for outdoor workers',
        description: '为环卫、快递、外卖等户外劳动者提供歇脚、饮水、充电服务。',
        groups: ['workers'],
        channels: ['venue'],
        access: ['无障碍通道'],
      },
    ],
  },
  {
    name: '家庭教育生态圈',
    nameEn: 'Family Education Ecosystem',
    type: 'women',
    description: '妇联牵头的家庭教育指导服务体系。',
    services: [
      {
        name: '家庭教育指导',
        en: 'Parenting guidance',
        description: '家庭教育讲座、亲子活动和一对一指导。',
        groups: ['families', 'children', 'women'],
        channels: ['venue', 'online'],
      },
      {
        name: '婚姻家庭纠纷调解',
        en: 'Family dispute mediation',
        description: '妇联婚姻家庭纠纷人民调解。',
        groups: ['women', 'families'],
        channels: ['venue', 'phone'],
      },
      { name: '儿童托管服务', en: 'After-school care', description: '寒暑假和课后儿童托管、作业辅导。', groups: ['children', 'families'], channels: ['venue'] },
      {
        name: '妇女创业就业指导',
        en: "Women's jobs and start-ups",
        description: '妇女创业培训、岗位推荐和巾帼创业沙龙。',
        groups: ['women'],
        channels: ['venue', 'online'],
      },
    ],
  },
  {
    name: '创业中华·海归蓉漂',
    nameEn: 'Start in China · Returnees in Chengdu',
    type: 'returnees',
    description: '侨联为归国留学人员和海外人才提供创业就业服务。',
    services: [
      {
        name: '海归创业指导',
        en: 'Start-up coaching for returnees',
        description: '为归国留学人员提供创业辅导、政策解读和项目路演。',
        groups: ['returnees', 'youth'],
        channels: ['venue', 'online'],
      },
      { name: '海外人才就业对接', en: 'Jobs for overseas talent', description: '海外人才岗位推荐和企业对接会。', groups: ['returnees'], channels: ['online'] },
    ],
  },
  {
    name: '有爱无碍',
    nameEn: 'Love Without Barriers',
    type: 'disabled',
    description: '残联的无障碍与助残服务品牌。',
    services: [
      {
        name: '辅助器具适配',
        en: 'Assistive devices',
        description: '轮椅、助听器等辅助器具评估与适配。',
        groups: ['disabled'],
        channels: ['venue'],
        docs: ['残疾人证'],
        access: ['无障碍通道', '无障碍卫生间'],
      },
      {
        name: '残疾人就业培训',
        en: 'Job training for disabled people',
        description: '面向残疾人的职业技能培训和就业推荐。',
        groups: ['disabled', 'workers'],
        channels: ['venue', 'online'],
        access: ['手语服务'],
      },
      {
        name: '无障碍出行协助',
        en: 'Accessible travel help',
        description: '为残疾人提供出行陪同和无障碍设施咨询。',
        groups: ['disabled', 'elderly'],
        channels: ['phone', 'home_visit'],
        access: ['手语服务', '上门服务'],
      },
    ],
  },
  {
    name: '青春成都',
    nameEn: 'Youthful Chengdu',
    type: 'league',
    description: '共青团面向青年的就业、成长和志愿服务品牌。',
    services: [
      {
        name: '青年就业见习',
        en: 'Traineeships for young people',
        description: '为高校毕业生和失业青年提供就业见习岗位。',
        groups: ['youth'],
        channels: ['online', 'venue'],
      },
      {
        name: '青少年成长护航',
        en: 'Support for young people growing up',
        description: '青少年心理辅导、权益维护和成长陪伴。',
        groups: ['youth', 'children'],
        channels: ['venue', 'phone'],
      },
    ],
  },
  {
    name: '科普成都',
    nameEn: 'Science for Chengdu',
    type: 'scitech',
    description: '科协的社区科普和科技志愿服务品牌。',
    services: [
      {
        name: '社区科普讲座',
        en: 'Science talks in communities',
        description: '防诈骗、健康、应急等主题的社区科普讲座。',
        groups: ['elderly', 'families'],
        channels: ['venue'],
      },
      {
        name: '青少年科技营',
        en: 'Science camps for young people',
        description: '面向中小学生的科技实践和创新营地活动。',
        groups: ['children', 'youth'],
        channels: ['venue'],
      },
    ],
  },
];
const BRAND_SHARE: Record<string, number> = { union: 0.3, women: 0.25, returnees: 0.08, disabled: 0.15, league: 0.12, scitech: 0.1 };

/**
 * Social organizations (C11) and the service catalogue (C5) over the real regions: the labour-field hub federation
 * with its member organizations (a few having left), women-and-children organizations in every district with the
 * women's federation's incubator, three years of calls for proposals of union and women's federation units with
 * their panels, conflict declarations, scores, awards, contracts, milestones and evaluations (states following the
 * dates as the services move them), and catalogue services over six brands, each led by an active unit of the
 * brand's type with its venues. Contacts are people records (phone encrypted, masks copied); free text is stored
 * masked with the full text encrypted, as the services store it. Loaded with COPY.
 */
export async function seedCitySocialOrgs(
  ctx: CityContext,
): Promise<{ orgs: number; memberships: number; calls: number; applications: number; projects: number; services: number }> {
  const { db, pool, keyring, scale, progress } = ctx;
  const r = rng(Math.round(scale * 1e6) + 41);
  const today = chinaToday();
  const now = Date.now();
  const clampNow = (d: Date) => (d.getTime() > now ? new Date(now - 60_000) : d);
  const next = async (table: string) =>
    Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM ${sql.table(table)}`.execute(db)).rows[0]!.m);
  const setval = (table: string) =>
    sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT greatest(max(id), 1) FROM ${sql.table(table)}))`.execute(db);

  const city = (
    await sql<{ code: string; name: string; path: string }>`SELECT code, name, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(db)
  ).rows[0]!;
  const districts = (await sql<Region>`SELECT code, name, path::text AS path, code AS district FROM regions WHERE level = 'district' ORDER BY code`.execute(db))
    .rows;
  const streets = (
    await sql<Region>`SELECT code, name, path::text AS path, parent_code AS district FROM regions WHERE level = 'street' ORDER BY code`.execute(db)
  ).rows;
  const streetsOf = new Map<string, Region[]>();
  for (const s of streets) (streetsOf.get(s.district) ?? streetsOf.set(s.district, []).get(s.district)!).push(s);
  const withStreets = districts.filter((d) => streetsOf.has(d.code));
  if (withStreets.length === 0) return { orgs: 0, memberships: 0, calls: 0, applications: 0, projects: 0, services: 0 };
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  const placeName = new Map([...districts, ...streets].map((g) => [g.code, g.name]));

  const units = (
    await sql<Unit>`SELECT id::int AS id, path::text AS path, type_code AS type, level, name, region_path::text AS region_path, CASE WHEN nlevel(region_path) > 1 THEN subpath(region_path, 1, 1)::text ELSE '' END AS district
      FROM orgs WHERE status = 'active' AND level IN ('city', 'district', 'street') AND type_code IN ('union', 'women', 'league', 'scitech', 'disabled', 'returnees') ORDER BY id`.execute(
      db,
    )
  ).rows;
  const unitAt = new Map<string, Unit>();
  for (const u of units) {
    const key = `${u.type}:${u.level}:${u.level === 'city' ? '' : u.region_path.split('.').at(-1)}`;
    if (!unitAt.has(key)) unitAt.set(key, u);
  }
  const keeperOf = (type: string, district: string) => unitAt.get(`${type}:district:${district}`) ?? unitAt.get(`${type}:city:`);
  const unionCity = unitAt.get('union:city:');
  const womenCity = unitAt.get('women:city:');
  if (!unionCity || !womenCity) return { orgs: 0, memberships: 0, calls: 0, applications: 0, projects: 0, services: 0 };

  // ───────────── Registry ─────────────
  const existingHub = (
    await sql<{ id: number; org_id: number; region_code: string; registered_on: string }>`
    SELECT id::int AS id, org_id::int AS org_id, region_code, registered_on::text AS registered_on FROM sorg_orgs WHERE name = ${HUB_NAME} AND status = 'active' ORDER BY id LIMIT 1`.execute(
      db,
    )
  ).rows[0];
  const takenCodes = new Set((await sql<{ c: string }>`SELECT credit_code AS c FROM sorg_orgs`.execute(db)).rows.map((x) => x.c));
  const takenNames = new Set((await sql<{ n: string }>`SELECT name AS n FROM sorg_orgs`.execute(db)).rows.map((x) => x.n));
  let nextOrg = await next('orgs');
  let nextSorg = await next('sorg_orgs');
  let personId = await next('people');
  const sorgs: Sorg[] = [];
  const orgRows: unknown[][] = [];
  const sorgRows: unknown[][] = [];
  const people: unknown[][] = [];
  let codeSeq = 0;
  const uniqueName = (base: string) => {
    let name = base;
    for (let k = 1; takenNames.has(name); k++) name = `${base}（${CN_NUM[k % 10] || k}分部）`;
    takenNames.add(name);
    return name;
  };
  const register = (
    name: string,
    domain: Sorg['domain'],
    region: Region,
    regType: 'association' | 'social_service' | 'foundation',
    keeper: Unit,
    areas: string[],
    status = 'active',
  ) => {
    const id = nextSorg++;
    const orgId = nextOrg++;
    const cat = regType === 'association' ? '1' : regType === 'social_service' ? '2' : '3';
    let credit: string;
    do credit = makeCreditCode(`5${cat}${region.district.slice(0, 6)}MJC${String(++codeSeq).padStart(6, '0')}`);
    while (takenCodes.has(credit));
    takenCodes.add(credit);
    const registeredOn = addDays(today, -(400 + Math.floor(r() * 3200)));
    const contact = fakeName(r);
    const phone = fakePhone(r);
    const pid = personId++;
    people.push([
      pid,
      contact,
      encryptField(keyring, phone, { table: 'people', column: 'phone', rowId: String(pid) }),
      blindIndex(keyring, 'person.phone', phone),
      maskPhone(phone),
      region.code,
      region.path,
      region.district,
    ]);
    orgRows.push([orgId, 'social_org', null, String(orgId), name, 'grassroots', region.code, region.path, region.district, credit]);
    const rating = pick(r, ['5A', '4A', '4A', '3A', '3A', null, null, null] as const);
    sorgRows.push([
      id,
      orgId,
      name,
      credit,
      regType,
      regType === 'social_service' ? `${districtName.get(region.district) ?? city.name}民政局` : '成都市民政局',
      registeredOn,
      domain,
      region.code,
      region.path,
      region.name,
      areas,
      rating,
      status,
      pid,
      maskName(contact),
      maskPhone(phone),
      keeper.id,
      keeper.path,
      at(registeredOn, 10).toISOString(),
    ]);
    const s: Sorg = { id, orgId, name, domain, region, registeredOn, status, keeper };
    sorgs.push(s);
    return s;
  };
  const randomStreet = (d: Region) => pick(r, streetsOf.get(d.code)!);

  let hubId: number;
  let hubRegistered: string;
  if (existingHub) {
    hubId = existingHub.id;
    hubRegistered = existingHub.registered_on;
  } else {
    const cityDistrict = withStreets[0]!;
    const hub = register(
      uniqueName(HUB_NAME),
      'labour',
      { code: cityDistrict.code, name: cityDistrict.name, path: cityDistrict.path, district: cityDistrict.code },
      'association',
      unionCity,
      withStreets.map((d) => d.code),
    );
    hubId = hub.id;
    hubRegistered = hub.registeredOn;
  }
  const memberCount = Math.max(1, Math.round(CITY_SOCIALORGS.hubMembers * scale));
  const leftCount = Math.round(CITY_SOCIALORGS.hubLeft * scale);
  const labour: Sorg[] = [];
  for (let i = 0; i < memberCount + leftCount; i++) {
    const d = withStreets[i % withStreets.length]!;
    const s = randomStreet(d);
    const base = `${d.name.replace(/[区县市]$/, '')}${pick(r, LABOUR_WORDS)}${pick(r, LABOUR_KINDS)}`;
    labour.push(
      register(
        uniqueName(base),
        'labour',
        s,
        r() < 0.8 ? 'social_service' : 'association',
        keeperOf('union', d.code) ?? unionCity,
        [d.code],
        i < memberCount ? 'active' : pick(r, ['active', 'active', 'suspended']),
      ),
    );
  }
  const womenCount = Math.max(1, Math.round(CITY_SOCIALORGS.womenChildren * scale));
  const women: Sorg[] = [];
  for (let i = 0; i < womenCount; i++) {
    const d = withStreets[i % withStreets.length]!;
    const s = randomStreet(d);
    const kind = pick(r, WOMEN_KINDS);
    const regType = kind.endsWith('基金会') ? 'foundation' : kind.endsWith('促进会') ? 'association' : 'social_service';
    const status = i === 0 ? 'active' : r() < 0.03 ? pick(r, ['suspended', 'deregistered']) : 'active';
    women.push(
      register(
        uniqueName(`${d.name.replace(/[区县市]$/, '')}${pick(r, WOMEN_WORDS)}${kind}`),
        'women_children',
        s,
        regType,
        keeperOf('women', d.code) ?? womenCity,
        [d.code],
        status,
      ),
    );
  }
  await copyRows(
    pool,
    'people',
    ['id', 'name', 'phone_enc', 'phone_bidx', 'phone_masked', 'region_code', 'region_path', 'district_code'],
    people,
    people.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);
  await copyRows(
    pool,
    'orgs',
    ['id', 'type_code', 'parent_id', 'path', 'name', 'level', 'region_code', 'region_path', 'district_code', 'credit_code'],
    orgRows,
    orgRows.length,
    progress,
  );
  await setval('orgs');
  const orgCount = await copyRows(
    pool,
    'sorg_orgs',
    [
      'id',
      'org_id',
      'name',
      'credit_code',
      'reg_type',
      'authority',
      'registered_on',
      'domain',
      'region_code',
      'region_path',
      'region_name',
      'service_areas',
      'rating',
      'status',
      'contact_person_id',
      'contact_name_masked',
      'contact_phone_masked',
      'keeper_org_id',
      'keeper_path',
      'created_at',
    ],
    sorgRows,
    sorgRows.length,
    progress,
  );
  await setval('sorg_orgs');

  // Documents: the registration certificate, and an annual inspection whose expiry falls over the coming year (some already due).
  const docs: unknown[][] = [];
  for (const s of sorgs) {
    docs.push([s.id, 'registration', s.domain === 'labour' ? '民办非企业单位登记证书' : '社会组织登记证书', null, at(s.registeredOn, 11).toISOString()]);
    docs.push([
      s.id,
      'annual_inspection',
      `${Number(today.slice(0, 4)) - 1}年度检查结论`,
      addDays(today, -20 + Math.floor(r() * 360)),
      at(addDays(today, -Math.floor(r() * 300) - 1), 15).toISOString(),
    ]);
    if (r() < 0.3) docs.push([s.id, 'charter', '章程（核准稿）', null, at(s.registeredOn, 12).toISOString()]);
  }
  await copyRows(pool, 'sorg_documents', ['sorg_id', 'kind', 'title', 'expires_on', 'created_at'], docs, docs.length, progress);

  // Federation: the first members are current (one open membership each), the rest joined and left.
  const memberships: unknown[][] = [];
  for (const [i, s] of labour.entries()) {
    const earliest = maxDate(maxDate(s.registeredOn, hubRegistered), addDays(today, -1095));
    const joined = addDays(earliest, Math.floor(r() * Math.max(1, days(earliest, addDays(today, -60)))));
    const left = i < memberCount ? null : addDays(joined, 30 + Math.floor(r() * Math.max(1, days(joined, today) - 31)));
    memberships.push([hubId, s.id, joined, left === null ? null : minDate(left, addDays(today, -1))]);
  }
  const membershipCount = await copyRows(pool, 'sorg_memberships', ['hub_id', 'member_id', 'joined_on', 'left_on'], memberships, memberships.length, progress);

  // The women's federation's incubator: about a quarter of the women-and-children organizations, phase by time in it.
  const incRows: unknown[][] = [];
  let nextInc = await next('sorg_incubations');
  for (const s of women) {
    if (s.status !== 'active' || (r() > 0.25 && incRows.length > 0)) continue;
    const id = nextInc++;
    const started = maxDate(s.registeredOn, addDays(today, -Math.floor(r() * 1095) - 1));
    const age = days(started, today);
    const phase = age > 720 ? (r() < 0.9 ? 'graduated' : 'withdrawn') : age > 270 ? 'growing' : 'incubating';
    const support = protectText(keyring, `场地支持、能力建设培训 ${2 + Math.floor(r() * 8)} 次，联络导师电话 ${fakePhone(r)}`, {
      table: 'sorg_incubations',
      column: 'support',
      rowId: String(id),
    });
    incRows.push([
      id,
      s.id,
      s.keeper.id,
      s.keeper.path,
      `${s.keeper.name}社会组织孵化计划`,
      phase,
      `${s.keeper.name}社会组织孵化基地`,
      support.masked,
      support.enc,
      started,
      phase === 'graduated' ? addDays(started, 365 + Math.floor(r() * 300)) : null,
    ]);
  }
  await copyRows(
    pool,
    'sorg_incubations',
    ['id', 'sorg_id', 'org_id', 'org_path', 'programme', 'phase', 'mentor', 'support', 'support_enc', 'started_on', 'graduated_on'],
    incRows,
    incRows.length,
    progress,
  );
  await setval('sorg_incubations');

  // ───────────── Purchased services: calls, panels, applications, review, contracts ─────────────
  const reviewers = (
    await sql<{ id: number; name: string; path: string }>`
    SELECT a.id::int AS id, a.display_name AS name, o.path::text AS path FROM accounts a JOIN orgs o ON o.id = a.org_id
    WHERE a.status = 'active' AND EXISTS (SELECT 1 FROM account_roles ar JOIN roles ro ON ro.code = ar.role_code WHERE ar.account_id = a.id AND 'sorg.review' = ANY (ro.permissions))
    ORDER BY a.id`.execute(db)
  ).rows;
  const panelOf = (funder: Unit) => reviewers.filter((a) => a.path === funder.path || a.path.startsWith(`${funder.path}.`));
  const callCount = Math.max(1, Math.round(CITY_SOCIALORGS.callsPerYear * 3 * scale));
  let nextCall = await next('sorg_calls');
  let nextApp = await next('sorg_applications');
  let nextProject = await next('sorg_projects');
  let nextMilestone = await next('sorg_milestones');
  const callRows: unknown[][] = [];
  const reviewerRows: unknown[][] = [];
  const appRows: unknown[][] = [];
  const declRows: unknown[][] = [];
  const scoreRows: unknown[][] = [];
  const projectRows: unknown[][] = [];
  const milestoneRows: unknown[][] = [];
  // Delivery: the activities each organization ran under its project (hosted by the organization itself, in the
  // activities module), with their participation records, linked to the project so its deliverables count them.
  const activityRows: unknown[][] = [];
  const linkRows: unknown[][] = [];
  const participationRows: unknown[][] = [];
  let nextActivity = await next('activities');
  let nextParticipation = await next('activity_participations');
  const participants = (await sql<{ id: number }>`SELECT id::int AS id FROM people WHERE id % 97 = 0 ORDER BY id LIMIT 5000`.execute(db)).rows.map((x) => x.id);
  const pools = { union: labour.filter((s) => s.status === 'active'), women: women.filter((s) => s.status === 'active') };
  for (let i = 0; i < callCount; i++) {
    const type = i % 2 === 0 ? 'union' : 'women';
    const pool2 = pools[type];
    if (pool2.length === 0) continue;
    // Three years back to a month ahead, spread evenly with some jitter.
    const deadline = addDays(today, -1095 + Math.floor(((i + r()) / callCount) * 1125));
    const anchor = pick(r, pool2);
    const districtUnit = unitAt.get(`${type}:district:${anchor.region.district}`);
    const cityUnit = type === 'union' ? unionCity : womenCity;
    const funder = districtUnit && panelOf(districtUnit).length > 0 && r() < 0.6 ? districtUnit : cityUnit;
    const area = funder === cityUnit ? { code: city.code, path: city.path, name: city.name } : districts.find((d) => d.code === anchor.region.district)!;
    const panel = panelOf(funder)
      .slice(0, 5)
      .filter((_, k, all) => all.length <= 3 || (k + i) % all.length < 3);
    const topic = pick(r, CALL_TOPICS[type]);
    const criteria = pick(r, CRITERIA);
    const budget = (5 + Math.floor(r() * 46)) * 10_000;
    const id = nextCall++;
    const created = minDate(addDays(deadline, -30 - Math.floor(r() * 15)), addDays(today, -1));
    const past = deadline < today;
    const recent = past && days(deadline, today) <= 21;
    let status: string;
    if (!past) status = r() < 0.15 ? 'draft' : 'open';
    else if (panel.length === 0) status = 'closed';
    else status = recent ? 'review' : 'awarded';
    // Applicants: active organizations of the call's area.
    const eligible = pool2.filter((s) => s.registeredOn < created && (area.code === city.code || s.region.district === area.code));
    const want = status === 'draft' ? 0 : status === 'open' ? Math.floor(r() * 3) : 1 + Math.floor(r() * 5);
    const applicants: Sorg[] = [];
    for (let k = 0; k < want * 3 && applicants.length < Math.min(want, eligible.length); k++) {
      const s = pick(r, eligible);
      if (!applicants.includes(s)) applicants.push(s);
    }
    const finalStatus = status === 'awarded' && applicants.length === 0 ? 'closed' : status;
    callRows.push([
      id,
      funder.id,
      funder.path,
      funder.name,
      `${area.name}${topic.title}`.slice(0, 100),
      `面向${area.name}的${topic.deliverable}，由具备资质的社会组织申报承接。`,
      budget,
      area.code,
      area.path,
      area.name,
      topic.groups,
      JSON.stringify(criteria),
      deadline,
      finalStatus,
      at(created, 10).toISOString(),
      finalStatus === 'draft' ? 1 : finalStatus === 'open' ? 2 : 3,
    ]);
    if (finalStatus !== 'draft') for (const a of panel) reviewerRows.push([id, a.id, a.name]);
    const inReview = finalStatus === 'review' || finalStatus === 'awarded';
    const apps: Array<{ id: number; s: Sorg; amount: number; score: number | null; title: string; submitted: Date }> = [];
    for (const s of applicants) {
      const appId = nextApp++;
      const lastDay = minDate(deadline, today);
      const submitted = clampNow(at(addDays(created, Math.floor(r() * Math.max(1, days(created, lastDay) + 1))), 9 + Math.floor(r() * 8)));
      const amount = Math.max(1000, Math.round((budget * (0.75 + r() * 0.25)) / 1000) * 1000);
      const title = `“${pick(r, ['暖心', '同行', '守护', '成长', '安心', '筑梦'])}”${topic.deliverable}计划`;
      let score: number | null = null;
      if (inReview) {
        const reviews: Array<number | null> = [];
        for (const [k, a] of panel.entries()) {
          if (finalStatus === 'review' && r() < 0.35) continue;
          // A conflicted reviewer declares it and does not score; the first reviewer of an awarded call always scores.
          const conflict = !(finalStatus === 'awarded' && k === 0) && r() < 0.06;
          const declared = clampNow(at(addDays(deadline, 1 + Math.floor(r() * 5)), 10 + Math.floor(r() * 6)));
          const noteText = conflict ? `本人曾在${s.name}兼职，申请回避` : '';
          const note = protectText(keyring, noteText, { table: 'sorg_declarations', column: 'note', rowId: `${appId}:${a.id}` });
          declRows.push([appId, a.id, conflict, note.masked, note.enc, declared.toISOString()]);
          if (conflict || (finalStatus === 'review' && r() < 0.3)) continue;
          const mine = criteria.map((c) => ({ criterion: c.key, score: 60 + Math.floor(r() * 40) }));
          for (const m of mine) scoreRows.push([appId, a.id, m.criterion, m.score, new Date(declared.getTime() + 3_600_000).toISOString()]);
          reviews.push(weighted(criteria, mine));
        }
        score = meanScore(reviews);
      }
      apps.push({ id: appId, s, amount, score, title, submitted });
    }
    const winner = finalStatus === 'awarded' ? [...apps].filter((a) => a.score !== null).sort((a, b) => b.score! - a.score! || a.id - b.id)[0] : undefined;
    for (const a of apps) {
      const proposal = protectText(
        keyring,
        `${topic.deliverable}：每月开展 ${2 + Math.floor(r() * 4)} 场活动，项目负责人${fakeName(r)}，联系电话 ${fakePhone(r)}。`,
        { table: 'sorg_applications', column: 'proposal', rowId: String(a.id) },
      );
      const appStatus = finalStatus === 'awarded' ? (a === winner ? 'awarded' : 'declined') : finalStatus === 'closed' ? 'declined' : 'submitted';
      appRows.push([
        a.id,
        id,
        a.s.id,
        a.s.orgId,
        a.title,
        proposal.masked,
        proposal.enc,
        a.amount,
        ['项目申报书.pdf', '机构资质.pdf'],
        appStatus,
        a.score,
        a.submitted.toISOString(),
      ]);
    }
    if (!winner) continue;
    // The contract: signed after the review, a period of six months to a year, payments on accepted milestones.
    const pid = nextProject++;
    const signedOn = addDays(deadline, 8 + Math.floor(r() * 10));
    const starts = addDays(signedOn, 5 + Math.floor(r() * 10));
    const ends = addDays(starts, 180 + Math.floor(r() * 185));
    const nMs = 3 + Math.floor(r() * 2);
    const ms: Array<{ id: number; seq: number; due: string; payment: number; status: string; reported: Date | null; accepted: Date | null; report: string }> =
      [];
    let paidSoFar = 0;
    for (let k = 1; k <= nMs; k++) {
      const due = k === nMs ? ends : addDays(starts, Math.round((days(starts, ends) * k) / nMs));
      const payment = k === nMs ? winner.amount - paidSoFar : Math.round((winner.amount * (k === 1 ? 0.3 : 0.7 / (nMs - 1))) / 100) * 100;
      paidSoFar += payment;
      const age = days(due, today);
      const status = age > 10 ? 'accepted' : age >= 0 ? 'reported' : 'planned';
      const reported = status === 'planned' ? null : clampNow(at(addDays(due, -3), 16));
      const accepted = status === 'accepted' ? at(addDays(due, 2 + Math.floor(r() * 6)), 11) : null;
      ms.push({
        id: nextMilestone++,
        seq: k,
        due,
        payment,
        status,
        reported,
        accepted,
        report: status === 'planned' ? '' : `第${k}阶段完成${topic.deliverable} ${3 + Math.floor(r() * 6)} 场，服务 ${50 + Math.floor(r() * 300)} 人次。`,
      });
    }
    const allAccepted = ms.every((m) => m.status === 'accepted');
    const projectStatus = allAccepted && days(ends, today) > 15 ? 'evaluated' : ms.some((m) => m.status !== 'planned') ? 'delivering' : 'signed';
    const evaluatedAt = projectStatus === 'evaluated' ? clampNow(at(addDays(ends, 10 + Math.floor(r() * 5)), 15)) : null;
    const evalText = projectStatus === 'evaluated' ? `项目按合同完成，服务对象满意度较高。回访联系人 ${fakePhone(r)}。` : null;
    const evalNote = evalText === null ? null : protectText(keyring, evalText, { table: 'sorg_projects', column: 'evaluation_note', rowId: String(pid) });
    const acts = 6 * nMs + Math.floor(r() * 12);
    const deliverables = [
      { key: 'activities', label: topic.deliverable.slice(0, 60), kind: 'activities', target: acts },
      { key: 'person_times', label: '服务人次', kind: 'person_times', target: acts * (30 + Math.floor(r() * 40)) },
    ];
    projectRows.push([
      pid,
      winner.id,
      id,
      winner.s.id,
      winner.s.orgId,
      funder.id,
      funder.path,
      funder.name,
      winner.title,
      winner.amount,
      starts,
      ends,
      JSON.stringify(deliverables),
      projectStatus,
      at(signedOn, 10).toISOString(),
      projectStatus === 'evaluated' ? 70 + Math.floor(r() * 29) : null,
      evalNote?.masked ?? null,
      evalNote?.enc ?? null,
      evaluatedAt?.toISOString() ?? null,
    ]);
    const until = minDate(ends, addDays(today, -1));
    if (projectStatus !== 'signed' && until >= starts && participants.length > 0) {
      const spanDays = days(starts, until) + 1;
      const share = projectStatus === 'evaluated' ? 0.9 + r() * 0.2 : spanDays / (days(starts, ends) + 1);
      const perActivity = deliverables[1]!.target / acts;
      for (let k = 0, n = Math.max(1, Math.round(acts * share)); k < n; k++) {
        const aid = nextActivity++;
        const start = at(addDays(starts, Math.floor(r() * spanDays)), 9 + Math.floor(r() * 8));
        const times = Math.max(1, Math.round(perActivity * (0.6 + r() * 0.8)));
        activityRows.push([
          aid,
          `${topic.deliverable.slice(0, 40)}（${winner.s.name.slice(0, 30)}第${k + 1}场）`,
          k % 3 === 2 ? 'training' : 'lecture',
          winner.s.orgId,
          String(winner.s.orgId),
          winner.s.region.code,
          winner.s.region.path,
          '社区服务站',
          topic.groups.includes('workers') ? ['worker'] : [],
          Math.max(times, 40 + Math.floor(r() * 60)),
          times,
          start.toISOString(),
          new Date(start.getTime() + 2 * 3_600_000).toISOString(),
          new Date(start.getTime() - 10 * DAY).toISOString(),
          new Date(start.getTime() - 3_600_000).toISOString(),
          'published',
        ]);
        linkRows.push([pid, aid, new Date(start.getTime() + 3 * 3_600_000).toISOString()]);
        for (let j = 0; j < times; j++)
          participationRows.push([
            nextParticipation++,
            aid,
            pick(r, participants),
            r() < 0.85 ? 'check_in' : 'walk_in',
            new Date(start.getTime() + Math.floor(r() * 7_200_000)).toISOString(),
          ]);
      }
    }
    for (const m of ms) {
      const report = protectText(keyring, m.report, { table: 'sorg_milestones', column: 'report', rowId: String(m.id) });
      milestoneRows.push([
        m.id,
        pid,
        m.seq,
        `第${m.seq}阶段${m.seq === nMs ? '（结项）' : ''}`,
        m.due,
        m.payment,
        m.status,
        report.masked,
        report.enc,
        m.reported?.toISOString() ?? null,
        m.accepted?.toISOString() ?? null,
        m.accepted ? chinaDate(m.accepted) : null,
      ]);
    }
  }
  const calls = await copyRows(
    pool,
    'sorg_calls',
    [
      'id',
      'org_id',
      'org_path',
      'org_name',
      'title',
      'description',
      'budget',
      'area_code',
      'area_path',
      'area_name',
      'target_groups',
      'criteria',
      'deadline',
      'status',
      'created_at',
      'version',
    ],
    callRows,
    callRows.length,
    progress,
  );
  await setval('sorg_calls');
  await copyRows(pool, 'sorg_reviewers', ['call_id', 'account_id', 'name'], reviewerRows, reviewerRows.length, progress);
  const applications = await copyRows(
    pool,
    'sorg_applications',
    ['id', 'call_id', 'sorg_id', 'org_id', 'title', 'proposal', 'proposal_enc', 'amount', 'documents', 'status', 'total_score', 'submitted_at'],
    appRows,
    appRows.length,
    progress,
  );
  await setval('sorg_applications');
  await copyRows(
    pool,
    'sorg_declarations',
    ['application_id', 'account_id', 'conflict', 'note', 'note_enc', 'declared_at'],
    declRows,
    declRows.length,
    progress,
  );
  await copyRows(pool, 'sorg_scores', ['application_id', 'account_id', 'criterion', 'score', 'scored_at'], scoreRows, scoreRows.length, progress);
  const projects = await copyRows(
    pool,
    'sorg_projects',
    [
      'id',
      'application_id',
      'call_id',
      'sorg_id',
      'org_id',
      'funder_org_id',
      'funder_path',
      'funder_name',
      'title',
      'amount',
      'starts_on',
      'ends_on',
      'deliverables',
      'status',
      'signed_at',
      'evaluation_score',
      'evaluation_note',
      'evaluation_note_enc',
      'evaluated_at',
    ],
    projectRows,
    projectRows.length,
    progress,
  );
  await setval('sorg_projects');
  await copyRows(
    pool,
    'sorg_milestones',
    ['id', 'project_id', 'seq', 'title', 'due_on', 'payment', 'status', 'report', 'report_enc', 'reported_at', 'accepted_at', 'paid_on'],
    milestoneRows,
    milestoneRows.length,
    progress,
  );
  await setval('sorg_milestones');
  await copyRows(
    pool,
    'activities',
    [
      'id',
      'title',
      'type',
      'host_org_id',
      'host_org_path',
      'region_code',
      'region_path',
      'venue_name',
      'target_groups',
      'capacity',
      'person_times',
      'starts_at',
      'ends_at',
      'reg_opens_at',
      'reg_closes_at',
      'status',
    ],
    activityRows,
    activityRows.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('activities', 'id'), (SELECT greatest(max(id), 1) FROM activities))`.execute(db);
  await copyRows(pool, 'activity_participations', ['id', 'activity_id', 'person_id', 'kind', 'at'], participationRows, participationRows.length, progress);
  await sql`SELECT setval(pg_get_serial_sequence('activity_participations', 'id'), (SELECT greatest(max(id), 1) FROM activity_participations))`.execute(db);
  await copyRows(pool, 'sorg_project_activities', ['project_id', 'activity_id', 'linked_at'], linkRows, linkRows.length, progress);

  // ───────────── Catalogue ─────────────
  const haveBrands = new Map((await sql<{ id: number; name: string }>`SELECT id::int AS id, name FROM cat_brands`.execute(db)).rows.map((b) => [b.name, b.id]));
  let nextBrand = await next('cat_brands');
  const brandRows: unknown[][] = [];
  const brands: Array<{ id: number; spec: (typeof BRANDS)[number] }> = [];
  for (const spec of BRANDS) {
    const owner = unitAt.get(`${spec.type}:city:`);
    if (!owner) continue;
    let id = haveBrands.get(spec.name);
    if (id === undefined) {
      id = nextBrand++;
      brandRows.push([id, spec.name, spec.nameEn, owner.id, owner.path, owner.name, null, spec.description]);
    }
    brands.push({ id, spec });
  }
  await copyRows(
    pool,
    'cat_brands',
    ['id', 'name', 'name_en', 'owner_org_id', 'owner_path', 'owner_name', 'logo_url', 'description'],
    brandRows,
    brandRows.length,
    progress,
  );
  await setval('cat_brands');
  const venues = (
    await sql<{ id: number; region_path: string; type: string }>`
    SELECT v.id::int AS id, v.region_path::text AS region_path, o.type_code AS type FROM venues v JOIN orgs o ON o.id = v.managing_org_id
    WHERE v.status = 'active' ORDER BY v.id`.execute(db)
  ).rows;
  const categories = (
    await sql<{
      code: string;
      type: string;
    }>`SELECT code, default_org_type AS type FROM request_categories WHERE active AND default_org_type IS NOT NULL ORDER BY sort`.execute(db)
  ).rows;
  const partners = { union: pools.union, women: pools.women } as Record<string, Sorg[]>;
  const total = Math.max(brands.length, Math.round(CITY_SOCIALORGS.services * scale));
  const shareSum = brands.reduce((a, b) => a + BRAND_SHARE[b.spec.type]!, 0);
  let nextService = await next('cat_services');
  const serviceRows: unknown[][] = [];
  const serviceVenues: unknown[][] = [];
  for (const [bi, b] of brands.entries()) {
    const n = bi === brands.length - 1 ? Math.max(1, total - serviceRows.length) : Math.max(1, Math.round((total * BRAND_SHARE[b.spec.type]!) / shareSum));
    const leads = units.filter((u) => u.type === b.spec.type && u.level !== 'street');
    const streetLeads = units.filter((u) => u.type === b.spec.type && u.level === 'street');
    for (let k = 0; k < n; k++) {
      const t = b.spec.services[k % b.spec.services.length]!;
      const lead =
        k === 0 || streetLeads.length === 0 || r() < 0.7
          ? k === 0
            ? (leads.find((u) => u.level === 'city') ?? leads[0]!)
            : pick(r, leads)
          : pick(r, streetLeads);
      if (!lead) continue;
      const id = nextService++;
      const providers = [{ id: lead.id, name: lead.name }];
      const partnerPool = partners[b.spec.type] ?? [];
      if (partnerPool.length && r() < 0.3) {
        const p = pick(r, partnerPool);
        providers.push({ id: p.orgId, name: p.name });
      }
      const near = venues.filter((v) => v.type === b.spec.type && (v.region_path === lead.region_path || v.region_path.startsWith(`${lead.region_path}.`)));
      const vs = t.channels.includes('venue') && near.length ? [...new Set([pick(r, near).id, pick(r, near).id])] : [];
      // A service offered at venues lists them; without a venue near its lead it is offered by phone instead.
      const channels = vs.length ? t.channels : t.channels.filter((c) => c !== 'venue').concat(t.channels.length === 1 ? ['phone'] : []);
      const vDistricts = vs.map((v) => venues.find((x) => x.id === v)!.region_path.split('.')[1]).filter((d): d is string => !!d);
      const name = `${lead.level === 'city' ? '' : (placeName.get(lead.region_path.split('.').at(-1)!) ?? '')}${t.name}`.slice(0, 60);
      const cats = categories.filter((c) => c.type === b.spec.type);
      const apply =
        cats.length && r() < 0.3 ? ['request_category', pick(r, cats).code] : r() < 0.1 ? ['url', `https://example.org/services/${id}`] : ['none', ''];
      const created = at(addDays(today, -Math.floor(r() * 900) - 1), 10).toISOString();
      serviceRows.push([
        id,
        lead.id,
        lead.path,
        lead.region_path,
        lead.name,
        JSON.stringify(providers),
        [...new Set([...(lead.district ? [lead.district] : []), ...vDistricts])],
        b.id,
        name,
        initialsOf(name),
        t.en,
        t.description,
        '',
        t.groups,
        channels,
        '',
        t.docs ?? [],
        pick(r, ['工作日 9:00–17:30', '周一至周六 9:00–18:00', '全天在线', '预约服务']),
        pick(r, ['免费', '免费', '免费', '公益低收费', '按政策减免']),
        apply[0],
        apply[1],
        t.access ?? [],
        `028-${String(80000000 + Math.floor(r() * 9999999))}`,
        r() < 0.05 ? 'inactive' : 'active',
        created,
        created,
      ]);
      for (const v of vs) serviceVenues.push([id, v]);
    }
  }
  const services = await copyRows(
    pool,
    'cat_services',
    [
      'id',
      'org_id',
      'org_path',
      'region_path',
      'org_name',
      'providers',
      'district_codes',
      'brand_id',
      'name',
      'name_initials',
      'name_en',
      'description',
      'description_en',
      'target_groups',
      'channels',
      'eligibility',
      'documents',
      'hours',
      'fees',
      'apply_kind',
      'apply_ref',
      'accessibility',
      'office_phone',
      'status',
      'created_at',
      'updated_at',
    ],
    serviceRows,
    serviceRows.length,
    progress,
  );
  await setval('cat_services');
  await copyRows(pool, 'cat_service_venues', ['service_id', 'venue_id'], serviceVenues, serviceVenues.length, progress);
  for (const t of ['sorg_orgs', 'sorg_calls', 'sorg_applications', 'sorg_projects', 'cat_services']) await sql`ANALYZE ${sql.table(t)}`.execute(db);
  return { orgs: orgCount, memberships: membershipCount, calls, applications, projects, services };
}
