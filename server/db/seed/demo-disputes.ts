import { sql } from 'kysely';
import type { Container } from '../../container.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { ClaimInput } from '../../../contracts/disputes.js';
import type { DemoAccount } from './demo.js';
import { actAs } from './demo-session.js';
import { fakeFirm, fakeName, fakePhone, rng } from './generate.js';
import { chinaToday } from '../../platform/time.js';

type RegionLite = { code: string; name: string; path: string };

/** Partner agencies at district level (city units exist already), and their demo accounts. */
const PARTNER_UNITS: Array<{ type: 'court' | 'hrss' | 'justice'; district: string; name: string; username: string }> = [
  { type: 'court', district: '510104', name: '成都市锦江区人民法院', username: 'court.jinjiang' },
  { type: 'hrss', district: '510104', name: '成都市锦江区人力资源和社会保障局', username: 'hr.jinjiang' },
  { type: 'justice', district: '510104', name: '成都市锦江区司法局', username: 'justice.jinjiang' },
  { type: 'court', district: '510105', name: '成都市青羊区人民法院', username: 'court.qingyang' },
  { type: 'hrss', district: '510105', name: '成都市青羊区人力资源和社会保障局', username: 'hr.qingyang' },
  { type: 'justice', district: '510105', name: '成都市青羊区司法局', username: 'justice.qingyang' },
];

/**
 * Labour-dispute demo: partner units of the court, human-resources bureau and justice bureau at city and in 锦江区
 * and 青羊区, one partner account each, and cases at every stage opened by the street union and women's federation.
 */
export async function loadDemoDisputes(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const r = rng(20261207);
  const regions = (await sql<RegionLite>`SELECT code, name, path::text AS path FROM regions WHERE level IN ('city', 'district')`.execute(c.db)).rows;
  const byCode = new Map(regions.map((x) => [x.code, x]));
  const plan: Array<{ username: string; orgId: number; org: string; level: string }> = [];
  await c.db.transaction().execute(async (trx) => {
    const cityUnits = (
      await sql<{ id: number; type_code: string; path: string; name: string }>`SELECT id, type_code, path::text AS path, name FROM orgs
      WHERE type_code IN ('court', 'hrss', 'justice') AND level = 'city' ORDER BY id`.execute(trx)
    ).rows;
    const court = cityUnits.find((u) => u.type_code === 'court');
    if (court) plan.push({ username: 'court.city', orgId: court.id, org: court.name, level: 'city' });
    for (const u of PARTNER_UNITS) {
      const parent = cityUnits.find((x) => x.type_code === u.type)!;
      const region = byCode.get(u.district)!;
      const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(trx)).rows[0]!.id);
      await trx
        .insertInto('orgs')
        .values({
          id,
          type_code: u.type,
          parent_id: parent.id,
          path: `${parent.path}.${id}`,
          name: u.name,
          level: 'district',
          region_code: region.code,
          region_path: region.path,
          district_code: region.code,
        })
        .execute();
      plan.push({ username: u.username, orgId: id, org: u.name, level: 'district' });
    }
    for (const p of plan) {
      const id = await c.accounts.insertIn(trx, {
        username: p.username,
        displayName: `${p.org}·${p.username}`,
        orgId: p.orgId,
        passwordHash: hash,
        isDemo: true,
      });
      await trx.insertInto('account_roles').values({ account_id: id, role_code: 'dispute_partner', admin_kind: null }).execute();
      accounts.push({ username: p.username, role: 'dispute_partner', level: p.level, org: p.org });
    }
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
      .execute();
  });

  // Cases go through the service as the demo accounts, so they are scoped, encrypted, evented and audited.
  const as = (username: string) => actAs(c, username);
  const partnerOrg = async (username: string) =>
    (await c.db.selectFrom('accounts').select('org_id').where('username_norm', '=', username).executeTakeFirstOrThrow()).org_id;
  const union = await as('union.street');
  const women = await as('women.street');
  const courtJj = await as('court.jinjiang');
  const justiceJj = await as('justice.jinjiang');
  const hrJj = await as('hr.jinjiang');
  const street = union.actor.scope.regionPath.split('.').pop()!;

  const open = async (who: RequestContext, employer: string, seq: number, claims: Array<[ClaimInput['kind'], number]>, facts: string) => {
    const firm = fakeFirm(r, seq);
    return c.disputes.open(who, {
      regionCode: street,
      employerName: employer || firm.name,
      employerCreditCode: firm.creditCode,
      facts,
      workers: [{ name: fakeName(r), phone: fakePhone(r) }, ...(r() < 0.5 ? [{ name: fakeName(r), phone: fakePhone(r) }] : [])],
      claims: claims.map(([kind, amount]) => ({ kind, amount })),
    });
  };
  const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const inviteAndAccept = async (opener: RequestContext, caseId: number, version: number, partner: RequestContext, orgUser: string) => {
    let v = (await c.disputes.invite(opener, caseId, { version, orgId: await partnerOrg(orgUser), note: '请派员参与联合调解' })).version;
    const d = await c.disputes.get(partner, caseId);
    v = (await c.disputes.respond(partner, caseId, d.myInvitationId!, 'accept', { version: v })).version;
    return v;
  };

  // 1. Wages owed, mediated with the court, agreement judicially confirmed, closed.
  const a = await open(
    union,
    '',
    1,
    [
      ['wages', 86_400],
      ['overtime', 12_000],
    ],
    '12名职工反映近三个月工资被拖欠，用人单位称资金周转困难。',
  );
  let v = await inviteAndAccept(union, a.id, a.version, courtJj, 'court.jinjiang');
  v = (
    await c.disputes.addSession(union, a.id, {
      version: v,
      heldAt: at(20),
      place: '锦江区职工服务中心调解室',
      mediators: ['工会调解员', '法官助理'],
      notes: '双方同意分两期支付。',
    })
  ).version;
  v = (await c.disputes.agreement(union, a.id, { version: v, amount: 90_000, terms: '用人单位于两个月内分两期支付拖欠工资及加班费共计90,000元。' })).version;
  v = (await c.disputes.confirm(courtJj, a.id, { version: v, ref: `（${chinaToday().slice(0, 4)}）川0104民特123号` })).version;
  await c.disputes.close(union, a.id, { version: v, outcome: 'confirmed' });

  // 2. Severance, people's mediation by the justice bureau, agreement reached, still open for performance.
  const b = await open(women, '', 2, [['severance', 42_000]], '女职工孕期被解除劳动合同，要求支付经济补偿金。');
  v = await inviteAndAccept(women, b.id, b.version, justiceJj, 'justice.jinjiang');
  v = (
    await c.disputes.addSession(justiceJj, b.id, {
      version: v,
      heldAt: at(6),
      place: '锦江区人民调解委员会',
      mediators: ['人民调解员'],
      notes: '用人单位同意支付经济补偿。',
    })
  ).version;
  await c.disputes.agreement(justiceJj, b.id, { version: v, amount: 36_000, terms: '用人单位支付经济补偿金36,000元，双方解除劳动关系。' });

  // 3. Social insurance, referred to labour arbitration, closed as arbitrated.
  const d3 = await open(union, '', 3, [['social_insurance', 28_500]], '用人单位未依法缴纳社会保险，职工要求补缴。');
  v = await inviteAndAccept(union, d3.id, d3.version, hrJj, 'hr.jinjiang');
  v = (
    await c.disputes.addSession(union, d3.id, {
      version: v,
      heldAt: at(15),
      place: '锦江区劳动人事争议仲裁院',
      mediators: ['仲裁员'],
      notes: '调解未达成一致。',
    })
  ).version;
  v = (await c.disputes.refer(union, d3.id, { version: v, kind: 'arbitration', note: '转劳动人事争议仲裁' })).version;
  await c.disputes.close(union, d3.id, { version: v, outcome: 'arbitrated' });

  // 4. Work injury, just opened, the court invited and not yet answered; the bureau's invitation was withdrawn.
  const d4 = await open(union, '', 4, [['injury', 65_000]], '职工在作业中受伤，工伤认定后用人单位未支付工伤待遇。');
  v = (await c.disputes.invite(union, d4.id, { version: d4.version, orgId: await partnerOrg('hr.jinjiang'), note: '请协助核实社保缴纳情况' })).version;
  const inv = (await c.disputes.get(union, d4.id)).invitations[0]!;
  v = (await c.disputes.withdraw(union, d4.id, inv.id, { version: v, reason: '已由仲裁院另行处理' })).version;
  await c.disputes.invite(union, d4.id, { version: v, orgId: await partnerOrg('court.jinjiang'), note: '请派员参与诉前调解' });

  // 5. A mediated case closed without the court, and one the workers withdrew.
  const d5 = await open(union, '', 5, [['wages', 18_600]], '2名职工反映最后一个月工资未结清。');
  v = (await c.disputes.addSession(union, d5.id, { version: d5.version, heldAt: at(40), place: '街道工会调解室', mediators: ['工会调解员'] })).version;
  v = (await c.disputes.agreement(union, d5.id, { version: v, amount: 18_600, terms: '当场结清工资18,600元。' })).version;
  await c.disputes.close(union, d5.id, { version: v, outcome: 'mediated' });
  const d6 = await open(women, '', 6, [['contract', 5_000]], '职工反映未签订书面劳动合同，后自行与用人单位协商解决。');
  await c.disputes.close(women, d6.id, { version: d6.version, outcome: 'withdrawn', note: '申请人撤回' });
}
