import { sql } from 'kysely';
import type { Container } from '../../container.js';
import type { Citizen } from '../../modules/citizens/citizens.service.js';
import { PERMISSIONS, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import type { DemoAccount } from './demo.js';
import { fakeName, rng } from './generate.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Activities, registrations, check-ins, online joins, volunteers and hours around the demo street of 锦江区:
 * a full lecture with a waitlist to join from the portal, an approval activity, a live online lecture,
 * a past training with walk-ins, and a volunteer with confirmed hours (certificate ready).
 */
export async function loadDemoActivities(c: Container, _accounts: DemoAccount[]): Promise<void> {
  const r = rng(20261204);
  const meta = { ip: '127.0.0.1', requestId: 'demo-loader' };
  const actorFor = async (username: string): Promise<RequestContext> => {
    const a = (
      await sql<{ id: number; org_id: number; name: string; type_code: string; path: string; region_path: string }>`
        SELECT a.id, a.org_id, o.name, o.type_code, o.path::text AS path, o.region_path::text AS region_path
        FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.username = ${username}`.execute(c.db)
    ).rows[0]!;
    const actor: Actor = {
      accountId: a.id,
      username,
      displayName: username,
      orgId: a.org_id,
      orgName: a.name,
      orgTypeCode: a.type_code,
      roles: [],
      adminKind: null,
      permissions: new Set(PERMISSIONS.filter((p) => p !== 'scope.cross_type')),
      scope: { orgPath: a.path, regionPath: a.region_path, crossType: false, orgId: a.org_id },
      mustChangePassword: false,
    };
    return { actor, ip: meta.ip, requestId: meta.requestId };
  };
  const street = await actorFor('union.street');
  const community = await actorFor('union.community');
  const district = await actorFor('union.district');
  const communityOrg = await c.orgs.get(community.actor, community.actor.orgId);
  const communityRegion = await c.regions.requireRegion(communityOrg.regionCode, 'regionCode');
  const campaigns = await c.activities.campaigns(district.actor);
  const lectures = campaigns.find((x) => x.code === 'happy_life_lectures')!.id;
  const youth = campaigns.find((x) => x.code === 'youth_social_scene')!.id;

  const portal = await c.citizens.portalContext(meta);
  let phoneSeq = 0;
  const citizen = async (name = fakeName(r)): Promise<Citizen> => {
    const phone = `139${String(80_000_000 + ++phoneSeq * 104_729).slice(-8)}`;
    const p = await c.db.transaction().execute((trx) => c.people.createIn(trx, portal, { name, phone, regionCode: communityRegion.code }));
    return {
      personId: p.id,
      name: p.name,
      phoneMasked: p.phoneMasked,
      regionCode: p.regionCode,
      regionName: p.regionName,
      regionPath: communityRegion.path,
      csrfToken: '',
    };
  };
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  // Activities run at a time of day people meet (09:30, 14:00), whatever the time the demo is loaded:
  // `day(n, '14:00')` is that time in Chengdu, n days from today.
  const day = (n: number, hhmm: string) => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now + n * DAY));
    return new Date(`${date}T${hhmm}:00+08:00`).toISOString();
  };
  const publish = async (ctx: RequestContext, input: Parameters<typeof c.activities.create>[1]) => {
    const a = await c.activities.create(ctx, input);
    return c.activities.setStatus(ctx, a.id, 'published', a.version);
  };
  const base = { targetGroups: ['worker'], needsApproval: false, waitlistEnabled: true, cancelHours: 2 };

  // A lecture that is already full: a citizen registering from the portal lands on the waitlist.
  const full = await publish(community, {
    ...base,
    title: '幸福美好生活十大工程宣讲·社区专场',
    type: 'lecture',
    campaignId: lectures,
    hostOrgId: community.actor.orgId,
    description: '宣讲幸福美好生活十大工程的惠民举措，现场答疑。',
    venueName: `${communityRegion.name}党群服务中心议事厅`,
    address: `${communityRegion.name}党群服务中心`,
    capacity: 2,
    startsAt: day(3, '09:30'),
    endsAt: day(3, '11:30'),
    regOpensAt: at(-2 * DAY),
    regClosesAt: day(3, '08:30'),
  });
  const early = [await citizen(), await citizen()];
  for (const p of early) await c.activities.register(meta, p, full.id);

  const sports = await publish(street, {
    ...base,
    title: '职工乒乓球友谊赛',
    type: 'culture_sports',
    hostOrgId: street.actor.orgId,
    description: '以球会友，欢迎辖区职工报名参赛。',
    venueName: '街道模范职工之家活动室',
    capacity: 40,
    startsAt: day(5, '14:00'),
    endsAt: day(5, '17:00'),
    regOpensAt: at(-DAY),
    regClosesAt: day(4, '18:00'),
  });
  const players: Citizen[] = [];
  for (let i = 0; i < 12; i++) {
    players.push(await citizen());
    await c.activities.register(meta, players[i]!, sports.id);
  }

  await publish(street, {
    ...base,
    title: '青年社交新场景·周末桌游交友',
    type: 'youth_social',
    campaignId: youth,
    hostOrgId: street.actor.orgId,
    targetGroups: ['youth'],
    venueName: '街道青年之家',
    capacity: 30,
    startsAt: day(6, '14:30'),
    endsAt: day(6, '17:30'),
    regOpensAt: at(-DAY),
    regClosesAt: day(6, '12:30'),
  });

  const approval = await publish(street, {
    ...base,
    title: '职工心理健康辅导工作坊',
    type: 'training',
    hostOrgId: street.actor.orgId,
    venueName: '街道党群服务中心培训教室',
    capacity: 20,
    needsApproval: true,
    startsAt: day(8, '09:30'),
    endsAt: day(8, '11:30'),
    regOpensAt: at(-DAY),
    regClosesAt: day(7, '18:00'),
  });
  for (let i = 0; i < 3; i++) await c.activities.register(meta, await citizen(), approval.id);

  // A live online lecture counted from join records: on air now, so its times follow the time of loading.
  const online = await publish(street, {
    ...base,
    title: '线上宣讲：劳动合同与工资支付知识',
    type: 'online',
    campaignId: lectures,
    hostOrgId: street.actor.orgId,
    onlineUrl: 'https://live.example.cn/qunhub/lecture-1',
    venueName: null,
    capacity: 5000,
    startsAt: at(-30 * 60_000),
    endsAt: at(4 * HOUR),
    regOpensAt: at(-3 * DAY),
    regClosesAt: at(-HOUR),
  });
  for (const p of players.slice(0, 7)) await c.activities.join(meta, p, online.id);

  // A training held last week: walk-ins recorded on the day.
  const past = await publish(street, {
    ...base,
    title: '工会干部业务培训',
    type: 'training',
    campaignId: lectures,
    hostOrgId: street.actor.orgId,
    venueName: '区总工会培训教室',
    capacity: 60,
    startsAt: day(-7, '09:00'),
    endsAt: day(-7, '12:00'),
    regOpensAt: day(-14, '09:00'),
    regClosesAt: day(-8, '18:00'),
  });
  for (let i = 0; i < 8; i++) await c.activities.walkIn(street, past.id, { phone: `137${String(60_000_000 + i * 7_919).slice(-8)}`, name: fakeName(r) });

  // Volunteers: a need for the table-tennis match, applications, confirmed hours from last week's training.
  const vols: Citizen[] = [];
  for (let i = 0; i < 4; i++) {
    const p = await citizen();
    await c.volunteers.signUp(meta, p, {
      skills: [['first_aid', 'event'], ['photography'], ['teaching', 'legal'], ['event']][i]!,
      availability: i % 2 ? '工作日晚上' : '周末全天',
    });
    vols.push(p);
  }
  const need = await c.volunteers.createNeed(street, {
    orgId: street.actor.orgId,
    activityId: sports.id,
    role: '赛事引导员',
    description: '引导参赛职工签到、维持赛场秩序。',
    headcount: 3,
    startsAt: day(5, '14:00'),
    endsAt: day(5, '17:00'),
  });
  const pastNeed = await c.volunteers.createNeed(street, {
    orgId: street.actor.orgId,
    role: '会务保障（长期）',
    headcount: 4,
    startsAt: day(-7, '08:00'),
    endsAt: day(30, '18:00'),
  });
  for (const v of vols.slice(0, 2)) await c.volunteers.apply(meta, v, need.id);
  const pastApps: Array<{ id: number; volunteerId: number }> = [];
  for (const v of vols.slice(0, 2)) pastApps.push(await c.volunteers.apply(meta, v, pastNeed.id));
  for (const a of pastApps) await c.volunteers.decideApplication(street, a.id, 'confirm');
  const serviceDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now - 7 * DAY));
  for (const [i, a] of pastApps.entries()) {
    const h = await c.volunteers.recordHours(street, {
      volunteerId: a.volunteerId,
      needId: pastNeed.id,
      serviceDate,
      hours: i === 0 ? 4.5 : 3,
      content: '培训签到与会务保障',
    });
    await c.volunteers.decideHours(district, h.id, 'confirm');
  }
}
