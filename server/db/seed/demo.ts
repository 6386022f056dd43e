import { sql } from 'kysely';
import { loadDemoLeadership } from './demo-leadership.js';
import { createContainerOn, type Container } from '../../container.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { PERMISSIONS } from '../../platform/auth/actor.js';
import { chinaToday } from '../../platform/time.js';
import { inOneTransaction, type Tx } from '../client.js';
import { loadDemoRequests } from './demo-requests.js';
import { loadDemoDisputes } from './demo-disputes.js';
import { loadDemoDashboard } from './demo-dashboard.js';
import { loadDemoMembers } from './demo-members.js';
import { loadDemoVenues } from './demo-venues.js';
import { loadDemoActivities } from './demo-activities.js';
import { loadDemoBenefits } from './demo-benefits.js';
import { loadDemoHonours } from './demo-honours.js';
import { loadDemoMeetings } from './demo-meetings.js';
import { loadDemoSocialOrgs } from './demo-socialorgs.js';
import { loadDemoTalent } from './demo-talent.js';
import { enterpriseOrgName, fakeBirth, fakeFirm, fakeIdNumber, fakeName, fakePhone, orgName, pick, rng, type OrgTypeCode } from './generate.js';

export const DEMO_PASSWORD = 'QunHub@2026';
/** The demo dataset is Chengdu's: its districts, streets and partner departments are named by Chengdu's region codes. */
export const DEMO_CITY = '5101';

export type DemoAccount = { username: string; role: string; level: string; org: string };

type RegionLite = { code: string; name: string; level: string; parent_code: string | null; path: string };

/** Districts whose street and community units are included in the demo (锦江区, 青羊区). */
const DEEP_DISTRICTS = ['510104', '510105'];

async function insertOrg(
  trx: Tx,
  o: {
    type: string;
    parent: { id: number; path: string } | null;
    name: string;
    level: string;
    region: RegionLite;
    creditCode?: string;
    enterpriseName?: string;
  },
): Promise<{ id: number; path: string }> {
  const id = Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(trx)).rows[0]!.id);
  const path = o.parent ? `${o.parent.path}.${id}` : String(id);
  await trx
    .insertInto('orgs')

    .values({
      id,
      type_code: o.type,
      parent_id: o.parent?.id ?? null,
      path,
      name: o.name,
      level: o.level,
      region_code: o.region.code,
      region_path: o.region.path,
      district_code: o.region.path.split('.')[1] ?? null,
      credit_code: o.creditCode ?? null,
      enterprise_name: o.enterpriseName ?? null,
      party_group: o.level === 'city' || o.level === 'district',
    })
    .execute();
  return { id, path };
}

/** Where the demo stands: loaded completely, not at all (an empty database), or other data without a completed demo. */
export async function demoState(c: Container): Promise<'loaded' | 'empty' | 'foreign'> {
  const marker = await c.db.selectFrom('instance_settings').select('key').where('key', '=', 'demo_loaded').executeTakeFirst();
  if (marker) return 'loaded';
  return (await c.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst()) === undefined ? 'empty' : 'foreign';
}

/** True once the demo has been loaded completely. */
export async function demoLoaded(c: Container): Promise<boolean> {
  return (await demoState(c)) === 'loaded';
}

/**
 * Loads the demo in one transaction, marked complete in that same transaction: a load that fails part-way leaves
 * nothing behind, so the next start loads it again from the beginning.
 */
export async function loadDemo(c: Container): Promise<DemoAccount[]> {
  const accounts = await inOneTransaction(c.pool, async (db) => {
    const dc = createContainerOn(c.config, c.pool, db, c.keyring, { anchorAudit: false, actorCache: false });
    const accounts = await loadDemoData(dc).catch(async (err: unknown) => {
      // Ends the linker's timers of this load; what it would link is rolled back anyway.
      await dc.audit.stop().catch(() => {});
      throw err;
    });
    // Links the demo's audit entries inside the transaction too.
    await dc.audit.stop();
    await db
      .insertInto('instance_settings')
      .values({ key: 'demo_loaded', value: JSON.stringify({ at: new Date().toISOString(), accounts: accounts.length }) })
      .execute();
    return accounts;
  });
  // Committed: now the server's own trail anchors the chain head outside the database.
  await c.audit.flush();
  return accounts;
}

/**
 * A believable, clearly fictional dataset over Chengdu's real regions: organization trees of every type,
 * leadership teams, staff, people and one demo account per role and level.
 */
async function loadDemoData(c: Container): Promise<DemoAccount[]> {
  const r = rng(20261128);
  // Leaders are in a five-year term that began three and a half years ago, whatever the year.
  const thisYear = Number(chinaToday().slice(0, 4));
  const [termStart, termEnd] = [`${thisYear - 3}-06-01`, `${thisYear + 2}-05-31`];
  const regions = (await sql<RegionLite>`SELECT code, name, level, parent_code, path::text AS path FROM regions ORDER BY code`.execute(c.db)).rows;
  const byCode = new Map(regions.map((x) => [x.code, x]));
  const city = regions.find((x) => x.level === 'city')!;
  const districts = regions.filter((x) => x.level === 'district');
  const childrenOf = (code: string) => regions.filter((x) => x.parent_code === code);
  const hash = await c.accounts.hash(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [];
  const orgIds: Record<string, number> = {};

  await c.db.transaction().execute(async (trx) => {
    const types: OrgTypeCode[] = ['union', 'league', 'women', 'scitech', 'disabled', 'returnees'];
    let firmSeq = 0;
    for (const type of types) {
      const root = await insertOrg(trx, { type, parent: null, name: orgName(type, 'city', city.name), level: 'city', region: city });
      orgIds[`${type}:city`] = root.id;
      for (const d of districts) {
        const dn = await insertOrg(trx, { type, parent: root, name: orgName(type, 'district', d.name), level: 'district', region: d });
        orgIds[`${type}:${d.code}`] = dn.id;
        if (!DEEP_DISTRICTS.includes(d.code) || type === 'returnees') continue;
        for (const s of childrenOf(d.code)) {
          const sn = await insertOrg(trx, { type, parent: dn, name: orgName(type, 'street', s.name), level: 'street', region: s });
          orgIds[`${type}:${s.code}`] = sn.id;
          if (type === 'scitech') continue;
          for (const cm of childrenOf(s.code)) {
            const cn = await insertOrg(trx, { type, parent: sn, name: orgName(type, 'community', cm.name), level: 'community', region: cm });
            orgIds[`${type}:${cm.code}`] = cn.id;
          }
          if (type === 'union' || type === 'league') {
            for (let i = 0; i < 2; i++) {
              const firm = fakeFirm(r, ++firmSeq % 7);
              const community = pick(r, childrenOf(s.code));
              await insertOrg(trx, {
                type,
                parent: sn,
                name: enterpriseOrgName(type, firm.name),
                level: 'grassroots',
                region: community,
                creditCode: firm.creditCode,
                enterpriseName: firm.name,
              });
            }
          }
        }
      }
    }
    const coord = await insertOrg(trx, { type: 'coordination', parent: null, name: orgName('coordination', 'city', city.name), level: 'city', region: city });
    orgIds['coordination:city'] = coord.id;
    for (const [type, name] of [
      ['court', '成都市中级人民法院'],
      ['hrss', '成都市人力资源和社会保障局'],
      ['justice', '成都市司法局'],
    ] as const) {
      orgIds[`${type}:city`] = (await insertOrg(trx, { type, parent: null, name, level: 'city', region: city })).id;
    }
  });

  // People, leaders and staff go through the people service so they are encrypted, blind-indexed and masked.
  const system: RequestContext = {
    ip: '127.0.0.1',
    requestId: 'demo-loader',
    actor: {
      accountId: 0,
      username: 'system',
      displayName: 'system',
      orgId: orgIds['coordination:city']!,
      orgName: '',
      orgTypeCode: 'coordination',
      roles: [],
      adminKind: null,
      permissions: new Set(PERMISSIONS),
      scope: { orgPath: String(orgIds['coordination:city']), regionPath: city.path, crossType: true, orgId: orgIds['coordination:city']! },
      mustChangePassword: false,
    } satisfies Actor,
  };
  // Organizations are read in the order they were created: the random draws below follow that order, and a scan
  // without ORDER BY returns rows as they lie in the table, which differs after a failed load left dead rows behind.
  await c.db.transaction().execute(async (trx) => {
    const leaderOrgs = (
      await sql<{ id: number; level: string; region_code: string; type_code: string }>`
        SELECT id, level, region_code, type_code FROM orgs WHERE level IN ('city', 'district', 'street') AND type_code NOT IN ('court', 'hrss', 'justice') ORDER BY id`.execute(
        trx,
      )
    ).rows;
    let seq = 0;
    const posts = ['主席', '副主席', '副主席', '经审委主任', '女职工委员会主任'];
    for (const o of leaderOrgs) {
      const size = o.level === 'street' ? 2 : 4;
      for (let i = 0; i < size; i++) {
        const region = byCode.get(o.region_code)!;
        const districtCode = region.level === 'city' ? '510104' : region.path.split('.')[1]!;
        const person = await c.people.createIn(trx, system, {
          name: fakeName(r),
          idNumber: fakeIdNumber(districtCode, fakeBirth(r, 28, 58), ++seq),
          phone: fakePhone(r),
          groups: ['worker'],
          regionCode: region.code,
          orgId: o.id,
        });
        const mode = i === 0 ? 'full_time' : pick(r, ['full_time', 'part_time', 'seconded', 'part_time'] as const);
        await trx
          .insertInto('leadership_members')
          .values({
            org_id: o.id,
            person_id: person.id,
            post: posts[i] ?? '委员',
            term_start: termStart,
            term_end: termEnd,
            staffing_mode: mode,
            frontline: mode !== 'full_time' && r() < 0.6,
            model_worker: r() < 0.15,
          })
          .execute();
      }
    }
    const programmeFor: Record<string, string[]> = {
      union: ['union_social_worker'],
      league: ['youth_social_worker'],
      disabled: ['disability_worker'],
      women: ['women_chair', 'women_vice_chair', 'executive_member', 'executive_member'],
    };
    const staffOrgs = (
      await sql<{ id: number; region_code: string; type_code: string }>`
        SELECT id, region_code, type_code FROM orgs WHERE level IN ('street', 'community') AND type_code IN ('union', 'league', 'disabled', 'women') ORDER BY id`.execute(
        trx,
      )
    ).rows;
    for (const o of staffOrgs) {
      if (o.type_code !== 'women' && r() < 0.6) continue;
      for (const programme of programmeFor[o.type_code]!) {
        if (o.type_code === 'women' && r() < 0.5) continue;
        const region = byCode.get(o.region_code)!;
        const person = await c.people.createIn(trx, system, {
          name: fakeName(r),
          idNumber: fakeIdNumber(region.path.split('.')[1]!, fakeBirth(r, 22, 55), ++seq),
          phone: fakePhone(r),
          groups: o.type_code === 'women' ? ['woman', 'worker'] : ['worker'],
          regionCode: region.code,
          orgId: o.id,
        });
        await trx.insertInto('staff_members').values({ org_id: o.id, person_id: person.id, programme, started_on: '2024-03-01' }).execute();
      }
    }
    const communities = regions.filter((x) => x.level === 'community' && DEEP_DISTRICTS.some((d) => x.code.startsWith(d)));
    for (let i = 0; i < 120; i++) {
      const cm = pick(r, communities);
      const young = r() < 0.4;
      await c.people.createIn(trx, system, {
        name: fakeName(r),
        idNumber: fakeIdNumber(cm.code.slice(0, 6), fakeBirth(r, young ? 16 : 30, young ? 35 : 80), ++seq),
        phone: fakePhone(r),
        groups: [pick(r, ['worker', 'youth', 'woman', 'disabled', 'returnee', 'scitech', 'elderly'] as const)],
        regionCode: cm.code,
      });
    }
  });

  // One account per role and level; the street and community accounts sit in the first street of 锦江区.
  const jinjiang = byCode.get('510104')!;
  const street = childrenOf(jinjiang.code)[0]!;
  const community = childrenOf(street.code)[0]!;
  const neighbourStreet = childrenOf(jinjiang.code)[1]!;
  const plan: Array<[string, string, string, string]> = [
    ['sysadmin', 'sys_admin', 'city', 'coordination:city'],
    ['secadmin', 'sec_admin', 'city', 'coordination:city'],
    ['auditadmin', 'audit_admin', 'city', 'coordination:city'],
    ['coordinator', 'coordinator', 'city', 'coordination:city'],
    ['union.city', 'org_admin', 'city', 'union:city'],
    ['union.district', 'org_admin', 'district', 'union:510104'],
    ['union.street', 'org_admin', 'street', `union:${street.code}`],
    ['union.street2', 'org_admin', 'street', `union:${neighbourStreet.code}`],
    ['union.community', 'worker', 'community', `union:${community.code}`],
    ['women.city', 'org_admin', 'city', 'women:city'],
    ['women.district', 'org_admin', 'district', 'women:510104'],
    ['women.street', 'org_admin', 'street', `women:${street.code}`],
    ['women.community', 'worker', 'community', `women:${community.code}`],
    ['league.city', 'org_admin', 'city', 'league:city'],
    ['league.district', 'org_admin', 'district', 'league:510105'],
    ['viewer.district', 'viewer', 'district', 'scitech:510104'],
  ];
  await c.db.transaction().execute(async (trx) => {
    for (const [username, role, level, key] of plan) {
      const orgId = orgIds[key]!;
      const org = await trx.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
      const id = await c.accounts.insertIn(trx, { username, displayName: `${org.name}·${username}`, orgId, passwordHash: hash, isDemo: true });
      const admin = (await trx.selectFrom('roles').select('admin_kind').where('code', '=', role).executeTakeFirstOrThrow()).admin_kind;
      await trx.insertInto('account_roles').values({ account_id: id, role_code: role, admin_kind: admin }).execute();
      accounts.push({ username, role, level, org: org.name });
    }
    await c.audit.append(
      trx,
      { actorId: null, actorName: 'system', actorRoles: '', scope: '', ip: null, requestId: 'demo-loader' },
      { action: 'demo.load', detail: { accounts: plan.length } },
    );
    await trx
      .insertInto('instance_settings')
      .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  });
  await loadDemoDisputes(c, accounts, hash);
  await loadDemoHonours(c, accounts, hash);
  await loadDemoVenues(c, accounts, hash);
  await loadDemoActivities(c, accounts);
  await loadDemoRequests(c);
  await loadDemoDashboard(c);
  await loadDemoMembers(c);
  await loadDemoMeetings(c, accounts, hash);
  await loadDemoSocialOrgs(c, accounts, hash);
  await loadDemoLeadership(c);
  await loadDemoTalent(c, accounts);
  await loadDemoBenefits(c, accounts, hash);
  return accounts;
}

export async function demoAccounts(c: Container): Promise<DemoAccount[]> {
  const row = await c.db.selectFrom('instance_settings').select('value').where('key', '=', 'demo_accounts').executeTakeFirst();
  return (row?.value as DemoAccount[] | undefined) ?? [];
}
