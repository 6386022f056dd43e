import { sql } from 'kysely';
import { copyRows, type CityContext } from './city.js';
import { pick, rng } from './generate.js';

/** Venue counts of the source text at scale 1.0. */
export const CITY_VENUES = {
  workers_home: 1_647,
  youth_home: 728,
  women_home: 4_448,
  children_home: 4_033,
  academician_station: 179,
  experience_hall: 16,
} as const;

/** Model levels of the workers' homes: national and provincial ones are few. */
const MODEL_SHARES: Array<[string, number]> = [
  ['national', 0.03],
  ['provincial', 0.17],
  ['city', 0.8],
];

type Region = { code: string; name: string; level: string; parent_code: string | null; path: string };
type Org = { id: number; path: string; type_code: string; level: string; region_code: string };

/**
 * The seed-scale venue registry over the real regions: an integrated service centre in every district, a
 * party-mass service centre in every street and community (the street ones serving their communities), and
 * the model workers' homes (by level), youth, women's and children's homes, academician workstations and
 * experience halls at the source's totals, with rooms, opening hours and co-builders, by COPY.
 */
export async function seedCityVenues(ctx: CityContext): Promise<{ venues: number; rooms: number }> {
  const { db, pool, scale, progress } = ctx;
  const done = await db.selectFrom('instance_settings').select('value').where('key', '=', 'seed_city_venues').executeTakeFirst();
  if (done) return done.value as { venues: number; rooms: number };
  const r = rng(Math.round(scale * 1e6) + 30);
  const regions = (await sql<Region>`SELECT code, name, level, parent_code, path::text AS path FROM regions ORDER BY code`.execute(db)).rows;
  const byCode = new Map(regions.map((x) => [x.code, x]));
  const orgs = (
    await sql<Org>`SELECT id, path::text AS path, type_code, level, region_code FROM orgs
      WHERE status = 'active' AND type_code IN ('union', 'league', 'women', 'scitech') AND level IN ('city', 'district', 'street', 'community')`.execute(db)
  ).rows;
  if (orgs.length === 0) return { venues: 0, rooms: 0 };
  const orgAt = new Map(orgs.map((o) => [`${o.type_code}:${o.region_code}`, o]));
  const parentOf = (code: string) => byCode.get(code)?.parent_code ?? null;
  /** The unit of a type nearest to a region: its own, else its street's, district's or the city's. */
  const nearest = (type: string, code: string | null): Org | undefined => {
    for (let c = code; c; c = parentOf(c)) {
      const o = orgAt.get(`${type}:${c}`);
      if (o) return o;
    }
    return undefined;
  };
  const city = regions.find((x) => x.level === 'city')!;
  const districts = regions.filter((x) => x.level === 'district');
  const streets = regions.filter((x) => x.level === 'street');
  const communities = regions.filter((x) => x.level === 'community');

  let venueId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM venues`.execute(db)).rows[0]!.m);
  const venues: unknown[][] = [];
  const rooms: unknown[][] = [];
  const hours: unknown[][] = [];
  const cobuilders: unknown[][] = [];
  const areas: unknown[][] = [];
  const add = (
    type: string,
    model: string | null,
    name: string,
    region: Region,
    manager: Org | undefined,
    roomPlan: Array<[string, number]>,
    cb: Array<Org | undefined> = [],
  ) => {
    if (!manager) return null;
    const id = venueId++;
    venues.push([
      id,
      type,
      model,
      name,
      region.code,
      region.path,
      `${region.name}${1 + Math.floor(r() * 500)}号`,
      manager.id,
      manager.path,
      r() < 0.7 ? '{无障碍通道,无障碍卫生间}' : '{无障碍通道}',
      type === 'experience_hall',
    ]);
    for (const [n, cap] of roomPlan) rooms.push([id, n, cap]);
    for (let wd = 1; wd <= 5; wd++) hours.push([id, wd, '09:00', '17:30']);
    hours.push([id, 6, '09:00', '12:00']);
    for (const o of new Set(cb.filter((x): x is Org => Boolean(x) && x!.id !== manager.id))) cobuilders.push([id, o.id]);
    return id;
  };

  for (const d of districts)
    add(
      'integrated_centre',
      null,
      `${d.name}群团服务中心`,
      d,
      nearest('union', d.code),
      [
        ['会议室', 40],
        ['培训教室', 60],
      ],
      [nearest('league', d.code), nearest('women', d.code)],
    );
  for (const s of streets) {
    const id = add(
      'party_mass_centre',
      null,
      `${s.name}党群服务中心`,
      s,
      nearest('union', s.code),
      [
        ['议事厅', 40],
        ['活动室', 60],
      ],
      [nearest('women', s.code), nearest('league', s.code)],
    );
    if (id) for (const c of communities.filter((x) => x.parent_code === s.code)) areas.push([id, c.code]);
  }
  for (const c of communities)
    add('party_mass_centre', null, `${c.name}党群服务中心`, c, nearest('union', c.code), [['活动室', 30]], [nearest('women', c.code)]);

  const n = (k: keyof typeof CITY_VENUES) => Math.round(CITY_VENUES[k] * scale);
  for (let i = 0; i < n('workers_home'); i++) {
    const c = pick(r, communities);
    const x = r();
    const model = x < MODEL_SHARES[0]![1] ? 'national' : x < MODEL_SHARES[0]![1] + MODEL_SHARES[1]![1] ? 'provincial' : 'city';
    add('workers_home', model, `${c.name}模范职工之家${i + 1}`, c, nearest('union', c.code), [
      ['职工书屋', 30],
      ['活动室', 40],
    ]);
  }
  for (let i = 0; i < n('youth_home'); i++) {
    const c = pick(r, communities);
    add('youth_home', null, `${c.name}青年之家`, c, nearest('league', c.code), [['青年活动室', 30]], [nearest('women', c.code)]);
  }
  for (let i = 0; i < n('women_home'); i++) {
    const c = pick(r, communities);
    add('women_home', null, `${c.name}妇女之家`, c, nearest('women', c.code), [['妇女之家活动室', 25]]);
  }
  for (let i = 0; i < n('children_home'); i++) {
    const c = pick(r, communities);
    add('children_home', null, `${c.name}儿童之家`, c, nearest('women', c.code), [['儿童活动室', 20]]);
  }
  for (let i = 0; i < n('academician_station'); i++) {
    const d = pick(r, districts);
    add('academician_station', null, `${d.name}院士（专家）创新工作站${i + 1}`, d, nearest('scitech', d.code), [['研讨室', 20]]);
  }
  for (let i = 0; i < n('experience_hall'); i++) {
    const d = i === 0 ? city : districts[i % districts.length]!;
    add('experience_hall', null, `${d.name}示范性群团综合服务体验馆`, d, nearest('union', d.code), [['多功能厅', 120]]);
  }

  const count = await copyRows(
    pool,
    'venues',
    [
      'id',
      'type_code',
      'model_level',
      'name',
      'region_code',
      'region_path',
      'address',
      'managing_org_id',
      'managing_org_path',
      'accessibility',
      'open_on_holidays',
    ],
    venues,
    venues.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('venues', 'id'), (SELECT max(id) FROM venues))`.execute(db);
  const roomCount = await copyRows(pool, 'venue_rooms', ['venue_id', 'name', 'capacity'], rooms, rooms.length, progress);
  await copyRows(pool, 'venue_hours', ['venue_id', 'weekday', 'opens', 'closes'], hours, hours.length, progress);
  await copyRows(pool, 'venue_cobuilders', ['venue_id', 'org_id'], cobuilders, cobuilders.length, progress);
  await copyRows(pool, 'venue_service_areas', ['venue_id', 'region_code'], areas, areas.length, progress);
  for (const t of ['venues', 'venue_rooms', 'venue_hours', 'venue_cobuilders', 'venue_service_areas']) await sql`ANALYZE ${sql.table(t)}`.execute(db);
  const result = { venues: count, rooms: roomCount };
  await db
    .insertInto('instance_settings')
    .values({ key: 'seed_city_venues', value: JSON.stringify(result) })
    .execute();
  return result;
}
