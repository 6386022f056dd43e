import { sql } from 'kysely';
import type { Container } from '../../container.js';
import type { DemoAccount } from './demo.js';
import { pick, rng } from './generate.js';
import { chinaToday } from '../../platform/time.js';

type OrgRef = { id: number; path: string; name: string; type_code: string; region_code: string; level: string };
type RegionLite = { code: string; name: string; level: string; parent_code: string | null; path: string };

const WEEKDAYS_9_TO_530 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:30' }));
const SATURDAY = { weekday: 6, opens: '09:00', closes: '12:00' };

/** The first day of the month `n` months before this one, in China time: demo dates follow the day of loading. */
function monthsAgo(n: number): string {
  const [y, m] = chinaToday().split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 10);
}

/** The next `weekday` (1 = Monday) at least two days from now, as a China-time date. */
export function nextChinaWeekday(weekday: number, from = new Date()): string {
  const l = new Date(from.getTime() + 8 * 3_600_000 + 2 * 86_400_000);
  const wd = l.getUTCDay() === 0 ? 7 : l.getUTCDay();
  l.setUTCDate(l.getUTCDate() + ((weekday - wd + 7) % 7));
  return l.toISOString().slice(0, 10);
}

/** A China-time wall-clock instant. */
export const chinaTime = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);

/**
 * Positions (阵地) over 锦江区 and 青羊区: a party-mass service centre in every community, women's and children's
 * homes in most, youth homes in some, workers' homes with model levels, an integrated centre per district and the
 * city experience hall; rooms, opening hours, co-builders, hosted projects, bookings — and the youth-home
 * manager account `league.street` with a youth home co-built by the street women's federation.
 */
export async function loadDemoVenues(c: Container, accounts: DemoAccount[], hash: string): Promise<void> {
  const r = rng(20261130);
  const orgs = (
    await sql<OrgRef>`SELECT id, path::text AS path, name, type_code, region_code, level FROM orgs WHERE status = 'active' AND type_code IN ('union', 'league', 'women', 'scitech') ORDER BY id`.execute(
      c.db,
    )
  ).rows;
  const orgAt = (type: string, region: string, level?: string) =>
    orgs.find((o) => o.type_code === type && o.region_code === region && (!level || o.level === level));
  const regions = (
    await sql<RegionLite>`SELECT code, name, level, parent_code, path::text AS path FROM regions WHERE code LIKE '510104%' OR code LIKE '510105%' OR level = 'city' ORDER BY code`.execute(
      c.db,
    )
  ).rows;
  const childrenOf = (code: string) => regions.filter((x) => x.parent_code === code);
  const city = regions.find((x) => x.level === 'city')!;

  type Plan = {
    type: string;
    model: string | null;
    name: string;
    region: RegionLite;
    manager: OrgRef;
    cobuilders: number[];
    rooms: Array<[string, number, string[]]>;
    areas?: string[];
    quota?: number;
    holidays?: boolean;
  };
  const plans: Plan[] = [];
  const cityUnion = orgAt('union', city.code, 'city');
  if (cityUnion) {
    const cb = ['league', 'women', 'scitech'].map((t) => orgAt(t, city.code, 'city')?.id).filter((x): x is number => Boolean(x));
    plans.push({
      type: 'experience_hall',
      model: null,
      name: '成都市示范性群团综合服务体验馆',
      region: city,
      manager: cityUnion,
      cobuilders: cb,
      rooms: [
        ['多功能厅', 120, ['投影', '音响']],
        ['展陈区', 60, ['展板']],
      ],
      holidays: true,
    });
  }
  for (const districtCode of ['510104', '510105']) {
    const district = regions.find((x) => x.code === districtCode)!;
    const du = orgAt('union', districtCode, 'district');
    if (du) {
      const cb = ['league', 'women'].map((t) => orgAt(t, districtCode, 'district')?.id).filter((x): x is number => Boolean(x));
      plans.push({
        type: 'integrated_centre',
        model: null,
        name: `${district.name}群团服务中心`,
        region: district,
        manager: du,
        cobuilders: cb,
        rooms: [
          ['会议室', 40, ['投影']],
          ['培训教室', 60, ['投影', '白板']],
        ],
      });
      const sc = orgAt('scitech', districtCode, 'district');
      if (sc)
        plans.push({
          type: 'academician_station',
          model: null,
          name: `${district.name}院士（专家）创新工作站`,
          region: district,
          manager: sc,
          cobuilders: [],
          rooms: [['研讨室', 20, ['白板']]],
        });
    }
    for (const [si, street] of childrenOf(districtCode).entries()) {
      const su = orgAt('union', street.code, 'street');
      if (su && si % 3 === 0) {
        plans.push({
          type: 'workers_home',
          model: pick(r, ['national', 'provincial', 'city', 'city'] as const),
          name: `${street.name}模范职工之家`,
          region: street,
          manager: su,
          cobuilders: [],
          rooms: [
            ['职工书屋', 30, ['图书']],
            ['活动室', 40, ['乒乓球台']],
          ],
        });
      }
      for (const [ci, cm] of childrenOf(street.code).entries()) {
        const uc = orgAt('union', cm.code, 'community');
        const wc = orgAt('women', cm.code, 'community');
        const lc = orgAt('league', cm.code, 'community');
        if (uc)
          plans.push({
            type: 'party_mass_centre',
            model: null,
            name: `${cm.name}党群服务中心`,
            region: cm,
            manager: uc,
            cobuilders: [wc?.id, lc?.id].filter((x): x is number => Boolean(x)),
            rooms: [
              ['议事厅', 30, ['投影']],
              ['活动室', 40, []],
            ],
          });
        if (wc && r() < 0.85)
          plans.push({
            type: 'women_home',
            model: null,
            name: `${cm.name}妇女之家`,
            region: cm,
            manager: wc,
            cobuilders: [],
            rooms: [['妇女之家活动室', 25, []]],
          });
        // The first community of the demo street stays without a children's home: a visible coverage gap.
        if (wc && r() < 0.6 && !(si === 0 && ci === 0))
          plans.push({
            type: 'children_home',
            model: null,
            name: `${cm.name}儿童之家`,
            region: cm,
            manager: wc,
            cobuilders: [],
            rooms: [['儿童活动室', 20, ['绘本']]],
          });
        if (lc && r() < 0.3 && !(si === 0 && ci === 0))
          plans.push({ type: 'youth_home', model: null, name: `${cm.name}青年之家`, region: cm, manager: lc, cobuilders: [], rooms: [['青年活动室', 30, []]] });
      }
    }
  }

  // The youth home of the demo street: managed by the street league, co-built with the street women's federation.
  const jinjiangStreets = childrenOf('510104');
  const street = jinjiangStreets[0]!;
  const leagueStreet = orgAt('league', street.code, 'street')!;
  const womenStreet = orgAt('women', street.code, 'street')!;
  plans.push({
    type: 'youth_home',
    model: null,
    name: `${street.name}青年之家`,
    region: street,
    manager: leagueStreet,
    cobuilders: [womenStreet.id],
    rooms: [
      ['青年议事厅', 40, ['投影', '音响']],
      ['创客空间', 20, ['电脑', '3D 打印机']],
    ],
    areas: childrenOf(street.code)
      .slice(0, 4)
      .map((x) => x.code),
    quota: 40,
  });

  const ids: number[] = [];
  await c.db.transaction().execute(async (trx) => {
    // One statement per table: RETURNING gives the ids in the order of the VALUES rows.
    const inserted = await trx
      .insertInto('venues')
      .values(
        plans.map((p) => ({
          type_code: p.type,
          model_level: p.model,
          name: p.name,
          region_code: p.region.code,
          region_path: p.region.path,
          address: `${p.region.name}${1 + Math.floor(r() * 300)}号`,
          managing_org_id: p.manager.id,
          managing_org_path: p.manager.path,
          accessibility: r() < 0.7 ? ['无障碍通道', '无障碍卫生间'] : ['无障碍通道'],
          accessibility_note: '',
          description: '',
          open_on_holidays: p.holidays ?? false,
          monthly_quota_hours: p.quota ?? null,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...inserted.map((x) => x.id));
    const cb = plans.flatMap((p, i) => p.cobuilders.map((org_id) => ({ venue_id: ids[i]!, org_id, since: monthsAgo(30) })));
    if (cb.length) await trx.insertInto('venue_cobuilders').values(cb).execute();
    const areas = plans.flatMap((p, i) => (p.areas ?? []).map((region_code) => ({ venue_id: ids[i]!, region_code })));
    if (areas.length) await trx.insertInto('venue_service_areas').values(areas).execute();
    await trx
      .insertInto('venue_rooms')
      .values(plans.flatMap((p, i) => p.rooms.map(([name, capacity, facilities]) => ({ venue_id: ids[i]!, name, capacity, facilities }))))
      .execute();
    await trx
      .insertInto('venue_hours')
      .values(ids.flatMap((venue_id) => [...WEEKDAYS_9_TO_530, SATURDAY].map((h) => ({ venue_id, ...h }))))
      .execute();
    const youthHome = ids[ids.length - 1]!;
    const rooms = await trx.selectFrom('venue_rooms').select(['id', 'name']).where('venue_id', '=', youthHome).orderBy('id').execute();
    await trx
      .insertInto('venue_projects')
      .values([
        { venue_id: youthHome, org_id: womenStreet.id, service: '妇女儿童心理关爱', schedule: '每周三 14:00–17:00', starts_on: monthsAgo(11), ends_on: null },
        { venue_id: youthHome, org_id: leagueStreet.id, service: '青年就业创业指导', schedule: '每周五 09:30–11:30', starts_on: monthsAgo(9), ends_on: null },
      ])
      .execute();
    const wed = nextChinaWeekday(3);
    const thu = nextChinaWeekday(4);
    const b = (room: number, org: OrgRef, day: string, from: string, to: string, status: string, purpose: string) => ({
      venue_id: youthHome,
      room_id: room,
      org_id: org.id,
      org_path: org.path,
      during: sql<string>`tstzrange(${chinaTime(day, from)}, ${chinaTime(day, to)}, '[)')`,
      status,
      purpose,
    });
    const unionStreet = orgAt('union', street.code, 'street')!;
    await trx
      .insertInto('venue_bookings')
      .values([
        b(rooms[0]!.id, womenStreet, wed, '14:00', '16:00', 'confirmed', '巾帼心理健康讲座'),
        b(rooms[0]!.id, leagueStreet, thu, '09:30', '11:30', 'confirmed', '青年议事会'),
        b(rooms[1]!.id, unionStreet, thu, '14:00', '16:00', 'pending', '职工技能培训'),
      ])
      .execute();
  });

  // The youth-home manager: the street league committee of the demo street.
  const username = 'league.street';
  if (!accounts.some((a) => a.username === username)) {
    await c.db.transaction().execute(async (trx) => {
      const id = await c.accounts.insertIn(trx, {
        username,
        displayName: `${leagueStreet.name}·${username}`,
        orgId: leagueStreet.id,
        passwordHash: hash,
        isDemo: true,
      });
      await trx.insertInto('account_roles').values({ account_id: id, role_code: 'org_admin', admin_kind: null }).execute();
      accounts.push({ username, role: 'org_admin', level: 'street', org: leagueStreet.name });
      await trx
        .insertInto('instance_settings')
        .values({ key: 'demo_accounts', value: JSON.stringify(accounts) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(accounts) }))
        .execute();
    });
  }
}
