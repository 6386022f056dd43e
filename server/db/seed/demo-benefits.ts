import { sql } from 'kysely';
import type { Container } from '../../container.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';

/** Benefit providers (普惠服务商): partner organizations at city level with one account each. */
export const DEMO_PROVIDERS: Array<{ name: string; username: string }> = [
  { name: '蓉城影城（职工普惠合作商户）', username: 'provider.cinema' },
  { name: '锦江健康体检中心', username: 'provider.health' },
];

const at = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * Benefits demo: two providers with accounts, and three offers of the city union for every member of its tree —
 * cinema tickets first come first served, a health check by lottery, and a 送温暖 subsidy for 困难职工 by application.
 * Members of the registry's demo claim through the portal's path: two cinema tickets (one redeemed by the cinema),
 * a lottery entry and a 送温暖 application waiting for review.
 */
export async function loadDemoBenefits(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const providerIds: number[] = [];
  await c.db.transaction().execute(async (trx) => {
    const city = (await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(trx)).rows[0]!;
    for (const p of DEMO_PROVIDERS) {
      const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(trx)).rows[0]!.id);
      await trx
        .insertInto('orgs')
        .values({ id, type_code: 'provider', parent_id: null, path: String(id), name: p.name, level: 'city', region_code: city.code, region_path: city.path })
        .execute();
      providerIds.push(id);
      const accountId = await c.accounts.insertIn(trx, {
        username: p.username,
        displayName: `${p.name}·${p.username}`,
        orgId: id,
        passwordHash: hash,
        isDemo: true,
      });
      await trx.insertInto('account_roles').values({ account_id: accountId, role_code: 'benefit_provider', admin_kind: null }).execute();
      accounts.push({ username: p.username, role: 'benefit_provider', level: 'city', org: p.name });
    }
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
      .execute();
  });

  const cityUnion = await actAs(c, 'union.city');
  const orgId = cityUnion.actor.orgId;
  const cinema = await c.benefits.create(cityUnion, {
    title: '职工观影季：电影票免费领',
    brand: '蓉城影城',
    description: '全市工会会员每月可领一张 2D 电影票，先到先得，领完即止。',
    kind: 'voucher',
    orgId,
    providerOrgId: providerIds[0]!,
    quota: 500,
    perMemberLimit: 1,
    limitPeriod: 'month',
    claimFrom: at(-3),
    claimTo: at(27),
    voucherDays: 30,
    mode: 'fcfs',
    slices: 8,
    waitlist: true,
  });
  const checkup = await c.benefits.create(cityUnion, {
    title: '职工健康体检（抽签）',
    brand: '锦江健康体检中心',
    description: '报名期结束后公开抽签，种子与报名名单公布，任何人可复核。',
    kind: 'free_service',
    orgId,
    providerOrgId: providerIds[1]!,
    quota: 50,
    perMemberLimit: 1,
    limitPeriod: 'year',
    claimFrom: at(-1),
    claimTo: at(14),
    voucherDays: 60,
    mode: 'lottery',
  });
  const warmth = await c.benefits.create(cityUnion, {
    title: '冬季送温暖补助',
    description: '面向困难职工的冬季生活补助，提交申请后由工会审核。',
    kind: 'seasonal_care',
    orgId,
    providerOrgId: providerIds[1]!,
    eligibleTags: ['hardship'],
    quota: 100,
    perMemberLimit: 1,
    limitPeriod: 'year',
    claimFrom: at(-1),
    claimTo: at(45),
    voucherDays: 90,
    mode: 'review',
  });

  const members = (
    await sql<{ person_id: number; name: string; region_code: string; region_path: string; hardship: boolean }>`
      SELECT p.id::int AS person_id, p.name, p.region_code, p.region_path::text AS region_path, 'hardship' = ANY (m.tags) AS hardship
      FROM union_members m JOIN people p ON p.id = m.person_id WHERE m.status = 'active' ORDER BY m.id LIMIT 3`.execute(c.db)
  ).rows;
  const meta = { ip: '127.0.0.1', requestId: 'demo-loader' };
  const citizen = (m: (typeof members)[number]) => ({
    personId: m.person_id,
    name: m.name,
    phoneMasked: null,
    regionCode: m.region_code,
    regionName: '',
    regionPath: m.region_path,
    csrfToken: '',
  });
  const tickets = [];
  for (const m of members.slice(0, 2)) tickets.push(await c.benefits.claim(meta, citizen(m), cinema.id, {}));
  if (members[2]) await c.benefits.claim(meta, citizen(members[2]), checkup.id, {});
  const needy = members.find((m) => m.hardship);
  if (needy) await c.benefits.claim(meta, citizen(needy), warmth.id, { note: '家中老人住院，冬季取暖开支大。' });
  const code = tickets[0]?.code;
  if (code) await c.benefits.redeem(await actAs(c, DEMO_PROVIDERS[0]!.username), code);
}
