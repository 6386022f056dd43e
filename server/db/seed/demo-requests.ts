import { sql } from 'kysely';
import type { Container } from '../../container.js';
import { actAs } from './demo-session.js';
import { fakeName, rng } from './generate.js';

type Plan = {
  category: string;
  channel: 'phone' | 'walk_in';
  description: string;
  fields: Record<string, string | number>;
  /** How far the street union takes it. */
  until: 'new' | 'accepted' | 'in_progress' | 'resolved' | 'closed' | 'called_back';
};

const PLANS: Plan[] = [
  {
    category: 'wages_owed',
    channel: 'phone',
    until: 'new',
    description: '在小区外墙装修工地做了两个月，包工头一直拖着不给工钱。',
    fields: { employer: '成都锦程装饰工程有限公司', amount: 18_600, workers: 4 },
  },
  {
    category: 'labour_contract',
    channel: 'walk_in',
    until: 'new',
    description: '入职半年公司一直没签劳动合同，也没有买社保，想了解怎么办。',
    fields: { employer: '成都味之源餐饮管理有限公司', issue: 'no_contract' },
  },
  {
    category: 'work_injury',
    channel: 'phone',
    until: 'accepted',
    description: '上月在仓库搬货时扭伤腰部，公司不愿意申报工伤。',
    fields: { employer: '成都速达物流有限公司' },
  },
  {
    category: 'wages_owed',
    channel: 'walk_in',
    until: 'in_progress',
    description: '快递站点关门后老板失联，三名分拣员的上月工资没有结清。',
    fields: { employer: '锦江区某快递服务站', amount: 15_300, workers: 3 },
  },
  {
    category: 'labour_contract',
    channel: 'phone',
    until: 'resolved',
    description: '公司以业绩不达标为由口头辞退，没有任何补偿。',
    fields: { employer: '成都星河商贸有限公司', issue: 'dismissal' },
  },
  {
    category: 'work_injury',
    channel: 'walk_in',
    until: 'closed',
    description: '工伤认定已经下来了，但公司迟迟不支付停工留薪期工资。',
    fields: { employer: '成都恒宇机械制造有限公司' },
  },
  {
    category: 'wages_owed',
    channel: 'phone',
    until: 'called_back',
    description: '保洁公司拖欠年底绩效工资，多次询问没有答复。',
    fields: { employer: '成都洁美物业服务有限公司', amount: 4_200, workers: 6 },
  },
];

/**
 * Requests for the request desk of the demo street union: taken by phone or at the counter, handled by the street
 * union itself, at every stage from waiting to be accepted to closed with a call-back. They go through the request
 * service, so they are routed, deadlined, encrypted, evented and audited like any other.
 */
export async function loadDemoRequests(c: Container): Promise<void> {
  const r = rng(20261128);
  const ctx = await actAs(c, 'union.street');
  const streetOrgId = ctx.actor.orgId;
  const communities = (
    await sql<{ code: string }>`SELECT code FROM regions WHERE level = 'community' AND path <@ ${ctx.actor.scope.regionPath}::ltree ORDER BY code`.execute(c.db)
  ).rows;
  if (communities.length === 0) return;

  for (const [i, p] of PLANS.entries()) {
    const made = await c.requests.submitByStaff(ctx, {
      categoryCode: p.category,
      channel: p.channel,
      description: p.description,
      regionCode: communities[i % communities.length]!.code,
      contactName: fakeName(r),
      contactPhone: `139${String(80_000_000 + i * 7_919).padStart(8, '0')}`,
      fields: p.fields,
    });
    let version = made.version;
    // The street union keeps the demo requests at its own desk.
    if (made.handlerOrgId !== streetOrgId) {
      if (made.access !== 'primary') continue;
      version = (await c.requests.reassign(ctx, made.id, 'dispatch', { orgId: streetOrgId, version, note: '街道工会直接办理' })).version;
    }
    if (p.until === 'new') continue;
    version = (await c.requests.act(ctx, made.id, 'accept', { version })).version;
    if (p.until === 'accepted') continue;
    version = (await c.requests.act(ctx, made.id, 'respond', { version, note: '已与用人单位取得联系，正在核实情况。' })).version;
    if (p.until === 'in_progress') continue;
    version = (await c.requests.act(ctx, made.id, 'resolve', { version, reply: '经街道工会协调，用人单位同意按规定处理，将于本月内落实。' })).version;
    if (p.until === 'resolved') continue;
    version = (await c.requests.act(ctx, made.id, 'close', { version })).version;
    if (p.until === 'closed') continue;
    await c.requests.callback(ctx, made.id, { note: '电话回访，诉求人表示款项已到账。', reached: true, version });
  }
}
