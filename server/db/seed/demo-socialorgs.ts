import { sql } from 'kysely';
import type { Container } from '../../container.js';
import type { ServiceInput } from '../../../contracts/catalogue.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { chinaToday } from '../../platform/time.js';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';

const day = (offset: number): string => chinaToday(new Date(Date.now() + offset * 86_400_000));

/** A request context for the city unit of an organization type that has no demo account (残联, 侨联). */
async function cityUnit(c: Container, base: RequestContext, type: string): Promise<RequestContext> {
  const o = (
    await sql<{
      id: number;
      name: string;
      path: string;
    }>`SELECT id, name, path::text AS path FROM orgs WHERE type_code = ${type} AND level = 'city' ORDER BY id LIMIT 1`.execute(c.db)
  ).rows[0]!;
  return { ...base, actor: { ...base.actor, orgId: o.id, orgName: o.name, orgTypeCode: type, scope: { ...base.actor.scope, orgPath: o.path, orgId: o.id } } };
}

/**
 * Social organizations and the service catalogue: a labour-field hub federation with three members (one left),
 * a women-and-children organization in the women's federation's incubator, one call in progress with an application,
 * and twelve services over the four brands at venues given coordinates — all through the services.
 */
export async function loadDemoSocialOrgs(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const union = await actAs(c, 'union.city');
  const women = await actAs(c, 'women.city');
  const jj = (await sql<{ code: string }>`SELECT code FROM regions WHERE parent_code = '510104' ORDER BY code LIMIT 2`.execute(c.db)).rows.map((r) => r.code);
  const org = (
    name: string,
    n: number,
    cat: '1' | '2' | '3',
    region: string,
    domain: 'labour' | 'women_children',
    over: Partial<Parameters<Container['socialorgs']['register']>[1]> = {},
  ) => ({
    name,
    creditCode: makeCreditCode(`5${cat}${region.slice(0, 6)}MJ${String(5100000 + n).padStart(7, '0')}`),
    regType: cat === '1' ? ('association' as const) : cat === '2' ? ('social_service' as const) : ('foundation' as const),
    authority: cat === '1' ? '成都市民政局' : '锦江区民政局',
    registeredOn: day(-900 - n * 40),
    domain,
    regionCode: region,
    serviceAreas: [region.slice(0, 6)],
    rating: (['5A', '4A', '3A', null] as const)[n % 4],
    ...over,
  });
  const hub = await c.socialorgs.register(
    union,
    org('成都市劳动领域社会组织联合会', 1, '1', '510104', 'labour', { serviceAreas: ['510104', '510105'], contact: { name: '周明华', phone: '13980011001' } }),
  );
  const a = await c.socialorgs.register(
    union,
    org('锦江区益工社会工作服务中心', 2, '2', jj[0]!, 'labour', { contact: { name: '刘晓燕', phone: '13980011002' } }),
  );
  const b = await c.socialorgs.register(union, org('锦江区职工心理健康服务中心', 3, '2', jj[1] ?? jj[0]!, 'labour'));
  const d = await c.socialorgs.register(union, org('成都市新就业形态劳动者服务社', 4, '2', '510104', 'labour'));
  const w = await c.socialorgs.register(women, org('青羊区童心家庭教育服务中心', 5, '2', '510105', 'women_children', { serviceAreas: ['510105'] }));
  await c.socialorgs.addDocument(union, a.id, { kind: 'registration', title: '民办非企业单位登记证书', expiresOn: day(30) });
  await c.socialorgs.addDocument(union, a.id, { kind: 'annual_inspection', title: '年度检查结论', expiresOn: day(300) });
  for (const m of [a, b, d]) await c.socialorgs.join(union, hub.id, { memberId: m.id, joinedOn: day(-400) });
  const left = (await c.socialorgs.get(union.actor, hub.id)).members.find((m) => m.memberId === d.id)!;
  await c.socialorgs.leave(union, left.id, { leftOn: day(-30) });
  const inc = await c.socialorgs.incubate(women, w.id, {
    programme: '成都市妇联“蓉漂女性”社会组织孵化计划',
    mentor: '市妇联社会组织孵化基地',
    support: '场地支持、能力建设培训 6 次',
  });
  await c.socialorgs.updateIncubation(women, inc.id, { version: inc.version, phase: 'growing' });

  await c.db.transaction().execute(async (trx) => {
    for (const [username, s] of [
      ['sorg.hub', hub],
      ['sorg.a', a],
      ['sorg.b', w],
    ] as const) {
      const id = await c.accounts.insertIn(trx, { username, displayName: `${s.name}·${username}`, orgId: s.orgId, passwordHash: hash, isDemo: true });
      await trx.insertInto('account_roles').values({ account_id: id, role_code: 'sorg_staff', admin_kind: null }).execute();
      accounts.push({ username, role: 'sorg_staff', level: 'grassroots', org: s.name });
    }
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
      .execute();
  });

  // One call in progress: published, a panel named, one application in.
  const call = await c.socialorgs.createCall(union, {
    title: '锦江区职工心理健康关爱服务项目',
    description: '面向一线职工和新就业形态劳动者提供心理健康讲座、团体辅导和个案咨询。',
    budget: 200000,
    areaCode: '510104',
    targetGroups: ['workers'],
    criteria: [
      { key: 'plan', label: '服务方案', weight: 40 },
      { key: 'team', label: '团队能力', weight: 30 },
      { key: 'budget', label: '预算合理性', weight: 30 },
    ],
    deadline: day(20),
  });
  await c.socialorgs.publishCall(union, call.id, call.version);
  const panel = (
    await sql<{ id: number }>`SELECT id FROM accounts WHERE username_norm IN ('union.district', 'union.street') ORDER BY id`.execute(c.db)
  ).rows.map((r) => r.id);
  await c.socialorgs.setPanel(union, call.id, panel);
  await c.socialorgs.apply(await actAs(c, 'sorg.a'), call.id, {
    title: '“心晴工友”职工心理关爱计划',
    proposal: '每月 2 场心理健康讲座、4 场团体辅导，设立线上预约咨询。',
    amount: 180000,
    documents: ['项目申报书.pdf', '机构资质.pdf'],
  });

  // The catalogue: brands of four owners, three services each, at venues with coordinates.
  const returnees = await cityUnit(c, union, 'returnees');
  const disabled = await cityUnit(c, union, 'disabled');
  const brand = async (ctx: RequestContext, name: string, nameEn: string, description: string) =>
    (await c.catalogue.createBrand(ctx, { name, nameEn, description, logoUrl: null })).id;
  const zhgh = await brand(union, '智慧工会', 'Smart Trade Union', '工会服务一网通办：入会、帮扶、法律援助、技能培训。');
  const jtjy = await brand(women, '家庭教育生态圈', 'Family Education Ecosystem', '妇联牵头的家庭教育指导服务体系。');
  const hgrp = await brand(returnees, '创业中华·海归蓉漂', 'Start in China · Returnees in Chengdu', '侨联为归国留学人员和海外人才提供创业就业服务。');
  const yawa = await brand(disabled, '有爱无碍', 'Love Without Barriers', '残联的无障碍与助残服务品牌。');

  const unionPath = union.actor.scope.orgPath;
  const womenPath = women.actor.scope.orgPath;
  const venues = (
    await sql<{ id: number }>`
    SELECT v.id FROM venues v
    WHERE v.status = 'active' AND v.region_path ~ '*.510104.*' AND (v.managing_org_path <@ ${unionPath}::ltree OR v.managing_org_path <@ ${womenPath}::ltree)
    ORDER BY v.id LIMIT 8`.execute(c.db)
  ).rows;
  // Coordinates as the venues loader would have set them (the demo venues are loaded without a position).
  for (const [i, v] of venues.entries()) {
    await c.db
      .updateTable('venues')
      .set({ lat: 30.62 + (i % 4) * 0.012, lng: 104.07 + Math.floor(i / 4) * 0.015 + (i % 3) * 0.004 })
      .where('id', '=', v.id)
      .execute();
  }
  const vid = (i: number) => (venues.length ? [venues[i % venues.length]!.id] : []);
  const svc = (ctx: RequestContext, brandId: number, s: Omit<ServiceInput, 'brandId'>) => c.catalogue.createService(ctx, { brandId, ...s });
  await svc(union, zhgh, {
    name: '职工法律援助',
    nameEn: 'Legal aid for workers',
    description: '为职工提供劳动争议咨询、代写文书和法律援助。',
    descriptionEn: 'Advice on labour disputes, drafting and legal aid for workers.',
    targetGroups: ['workers'],
    channels: ['venue', 'phone'],
    eligibility: '在蓉职工',
    documents: ['身份证', '劳动合同或工作证明'],
    hours: '工作日 9:00–17:30',
    fees: '免费',
    applyKind: 'request_category',
    applyRef: 'labour_rights',
    accessibility: ['无障碍通道'],
    officePhone: '028-12351',
    venueIds: [...vid(0), ...vid(1)],
  });
  await svc(union, zhgh, {
    name: '职工入会',
    nameEn: 'Join the union',
    description: '线上线下办理工会会员入会和会员卡。',
    descriptionEn: 'Join the trade union online or at a workers’ home.',
    targetGroups: ['workers'],
    channels: ['online', 'venue'],
    hours: '全天在线',
    fees: '免费',
    applyKind: 'url',
    applyRef: 'https://example.org/join',
    venueIds: vid(2),
  });
  await svc(union, zhgh, {
    name: '困难职工帮扶',
    nameEn: 'Help for workers in hardship',
    description: '为困难职工家庭提供生活救助、助学和医疗帮扶。',
    descriptionEn: 'Living, schooling and medical help for workers’ families in hardship.',
    targetGroups: ['workers', 'families'],
    channels: ['venue', 'home_visit'],
    eligibility: '经认定的困难职工',
    documents: ['身份证', '收入证明'],
    fees: '免费',
    venueIds: vid(3),
  });
  await svc(women, jtjy, {
    name: '家庭教育指导',
    nameEn: 'Parenting guidance',
    description: '家庭教育讲座、亲子活动和一对一指导。',
    descriptionEn: 'Talks, parent-child activities and one-to-one guidance.',
    targetGroups: ['families', 'children', 'women'],
    channels: ['venue', 'online'],
    hours: '周六 9:00–12:00',
    fees: '免费',
    venueIds: [...vid(4), ...vid(5)],
  });
  await svc(women, jtjy, {
    name: '婚姻家庭纠纷调解',
    nameEn: 'Family dispute mediation',
    description: '妇联婚姻家庭纠纷人民调解。',
    targetGroups: ['women', 'families'],
    channels: ['venue', 'phone'],
    fees: '免费',
    officePhone: '028-12338',
    venueIds: vid(5),
  });
  await svc(women, jtjy, {
    name: '儿童托管服务',
    nameEn: 'After-school care',
    description: '寒暑假和课后儿童托管、作业辅导。',
    targetGroups: ['children', 'families'],
    channels: ['venue'],
    hours: '工作日 15:30–18:30',
    fees: '公益低收费',
    venueIds: vid(6),
  });
  await svc(returnees, hgrp, {
    name: '海归创业指导',
    nameEn: 'Start-up coaching for returnees',
    description: '为归国留学人员提供创业辅导、政策解读和项目路演。',
    descriptionEn: 'Coaching, policy advice and pitch days for returnee founders.',
    targetGroups: ['returnees', 'youth'],
    channels: ['venue', 'online'],
    fees: '免费',
    venueIds: vid(7),
  });
  await svc(returnees, hgrp, {
    name: '海外人才就业对接',
    nameEn: 'Jobs for overseas talent',
    description: '海外人才岗位推荐和企业对接会。',
    targetGroups: ['returnees'],
    channels: ['online'],
    fees: '免费',
    applyKind: 'url',
    applyRef: 'https://example.org/talent',
  });
  await svc(returnees, hgrp, {
    name: '侨界青年沙龙',
    nameEn: 'Young returnees’ salon',
    description: '侨界青年交流沙龙和行业分享。',
    targetGroups: ['returnees', 'youth'],
    channels: ['venue'],
    fees: '免费',
    venueIds: vid(0),
  });
  await svc(disabled, yawa, {
    name: '无障碍出行协助',
    nameEn: 'Accessible travel help',
    description: '为残疾人提供出行陪同和无障碍设施咨询。',
    descriptionEn: 'Companions for trips and advice on accessible facilities.',
    targetGroups: ['disabled', 'elderly'],
    channels: ['phone', 'home_visit'],
    fees: '免费',
    accessibility: ['手语服务', '上门服务'],
    officePhone: '028-12385',
  });
  await svc(disabled, yawa, {
    name: '辅助器具适配',
    nameEn: 'Assistive devices',
    description: '轮椅、助听器等辅助器具评估与适配。',
    targetGroups: ['disabled'],
    channels: ['venue'],
    documents: ['残疾人证'],
    fees: '按政策减免',
    accessibility: ['无障碍通道', '无障碍卫生间'],
    venueIds: vid(1),
  });
  await svc(disabled, yawa, {
    name: '残疾人就业培训',
    nameEn: 'Job training for disabled people',
    description: '面向残疾人的职业技能培训和就业推荐。',
    targetGroups: ['disabled', 'workers'],
    channels: ['venue', 'online'],
    fees: '免费',
    venueIds: vid(2),
  });
}
