import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'kysely';
import type { Database } from '../client.js';
import { blindIndex, encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskIdNumber, maskPhone } from '../../platform/crypto/masking.js';
import { chinaToday } from '../../platform/time.js';
import { seedCityMembers } from './city-members.js';
import { seedCityDisputes } from './city-disputes.js';
import { seedCityRequests } from './city-requests.js';
import { seedCityActivities } from './city-activities.js';
import { seedCityVenues } from './city-venues.js';
import { seedCityBenefits } from './city-benefits.js';
import { seedCityMeetings } from './city-meetings.js';
import { seedCitySocialOrgs } from './city-socialorgs.js';
import { enterpriseOrgName, fakeBirth, fakeFirm, fakeIdNumber, fakeName, fakePhone, orgName, pick, rng, type OrgTypeCode } from './generate.js';

/** The seed's Chengdu figures at scale 1.0. */
export const CITY_TARGETS = {
  orgs: { union: 31_700, league: 58_000, women: 4_726, scitech: 369, disabled: 4_703 } as Record<string, number>,
  staff: {
    union_social_worker: 485,
    youth_social_worker: 252,
    disability_worker: 3_205,
    women_chair: 4_000,
    women_vice_chair: 8_000,
    executive_member: 62_000,
  } as Record<string, number>,
};
const STAFF_TYPE: Record<string, OrgTypeCode> = {
  union_social_worker: 'union',
  youth_social_worker: 'league',
  disability_worker: 'disabled',
  women_chair: 'women',
  women_vice_chair: 'women',
  executive_member: 'women',
};

export type Progress = (table: string, done: number, total: number, rowsPerSec: number) => void;

type Region = { code: string; name: string; level: string; parent_code: string | null; path: string };
type OrgRow = {
  id: number;
  type: string;
  parentId: number | null;
  path: string;
  name: string;
  level: string;
  region: Region;
  credit: string | null;
  firm: string | null;
};

/** Text-format COPY escaping. */
function esc(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => `"${String(x)}"`).join(',')}}`;
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Rows per second of one table's COPY, beside a raw COPY of the same rows into an unindexed, untriggered copy table. */
export type CopyStat = { table: string; rows: number; seconds: number; rawSeconds: number | null };
let copyStats: { compareRaw: boolean; stats: CopyStat[] } | null = null;

/**
 * COPYs rows into a table. Rows given as an array or as a function returning a fresh iterable can be replayed:
 * during seedCity with compareRaw they are copied a second time into `CREATE TABLE … AS … WITH NO DATA` (no index,
 * no constraint, no trigger) to measure the raw COPY rate of the same rows in the same run.
 */
export async function copyRows(
  pool: pg.Pool,
  table: string,
  columns: string[],
  rows: Iterable<unknown[]> | (() => Iterable<unknown[]>),
  total: number,
  progress?: Progress,
): Promise<number> {
  const t0 = performance.now();
  const n = await copyInto(pool, table, table, columns, typeof rows === 'function' ? rows() : rows, total, progress);
  const seconds = (performance.now() - t0) / 1000;
  if (copyStats) {
    let rawSeconds: number | null = null;
    const replay = typeof rows === 'function' ? rows : Array.isArray(rows) ? () => rows : null;
    if (copyStats.compareRaw && replay && n > 0) {
      const raw = `seed_raw_${table}`;
      const client = await pool.connect();
      try {
        await client.query(`DROP TABLE IF EXISTS ${raw}`);
        await client.query(`CREATE TABLE ${raw} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
      } finally {
        client.release();
      }
      const r0 = performance.now();
      await copyInto(pool, raw, `${table} (raw)`, columns, replay(), total, progress);
      rawSeconds = (performance.now() - r0) / 1000;
      await pool.query(`DROP TABLE ${raw}`);
    }
    copyStats.stats.push({ table, rows: n, seconds, rawSeconds });
  }
  return n;
}

async function copyInto(
  pool: pg.Pool,
  table: string,
  label: string,
  columns: string[],
  rows: Iterable<unknown[]>,
  total: number,
  progress?: Progress,
): Promise<number> {
  const client = await pool.connect();
  const t0 = performance.now();
  let n = 0;
  try {
    // A bulk load: no statement timeout, and memory enough for the rollup triggers to aggregate by hashing.
    await client.query(`SET statement_timeout = 0; SET work_mem = '256MB'`);
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const source = Readable.from(
      (function* () {
        let batch: string[] = [];
        for (const r of rows) {
          batch.push(`${r.map(esc).join('\t')}\n`);
          n++;
          if (batch.length === 5000) {
            yield batch.join('');
            batch = [];
            progress?.(label, n, total, n / ((performance.now() - t0) / 1000));
          }
        }
        if (batch.length) yield batch.join('');
      })(),
    );
    await pipeline(source, stream);
    await client.query('RESET statement_timeout; RESET work_mem');
  } finally {
    client.release();
  }
  progress?.(label, n, total, n / ((performance.now() - t0) / 1000));
  return n;
}

/**
 * Generates the city at a scale factor over the real regions: organization trees of the five main types
 * (standard nodes for every district and street, a share of communities, and enterprise units up to the
 * seed's totals) and the social-worker roster with its people, loaded with COPY.
 */
/** The table of rows per second per table beside the raw COPY of the same rows. */
export function formatCopyStats(stats: CopyStat[]): string {
  const lines = ['  table                          rows      rows/s   raw COPY rows/s   share of raw'];
  for (const t of stats) {
    const rps = t.rows / t.seconds;
    const raw = t.rawSeconds ? t.rows / t.rawSeconds : null;
    lines.push(
      `  ${t.table.padEnd(24)} ${t.rows.toLocaleString('en').padStart(11)} ${Math.round(rps).toLocaleString('en').padStart(11)} ${(raw ? Math.round(raw).toLocaleString('en') : '—').padStart(17)} ${(raw ? `${((rps / raw) * 100).toFixed(0)} %` : '—').padStart(14)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What every area generator of the seed-scale city receives. */
export type CityContext = { db: Database; pool: pg.Pool; keyring: Keyring; scale: number; progress?: Progress };
export type SeedCityResult = { orgs: number; people: number; staff: number; seconds: number; tables: CopyStat[] };

export async function seedCity(
  db: Database,
  pool: pg.Pool,
  keyring: Keyring,
  scale: number,
  progress?: Progress,
  opts: { compareRaw?: boolean } = {},
): Promise<SeedCityResult> {
  copyStats = { compareRaw: opts.compareRaw ?? false, stats: [] };
  try {
    return await seedCityTables(db, pool, keyring, scale, progress);
  } finally {
    copyStats = null;
  }
}

async function seedCityTables(db: Database, pool: pg.Pool, keyring: Keyring, scale: number, progress?: Progress): Promise<SeedCityResult> {
  const t0 = performance.now();
  const done = await db.selectFrom('instance_settings').select('value').where('key', '=', 'seed_city').executeTakeFirst();
  if (done) throw new Error(`seed:city already ran on this database (${JSON.stringify(done.value)})`);
  const r = rng(Math.round(scale * 1e6) + 7);
  const regions = (await sql<Region>`SELECT code, name, level, parent_code, path::text AS path FROM regions ORDER BY code`.execute(db)).rows;
  const children = new Map<string, Region[]>();
  for (const g of regions) if (g.parent_code) (children.get(g.parent_code) ?? children.set(g.parent_code, []).get(g.parent_code)!).push(g);
  const city = regions.find((g) => g.level === 'city')!;
  const existing = new Map(
    (
      await sql<{ id: number; type_code: string; region_code: string; level: string; path: string }>`
      SELECT id, type_code, region_code, level, path::text AS path FROM orgs WHERE level IN ('city', 'district', 'street', 'community')`.execute(db)
    ).rows.map((o) => [`${o.type_code}:${o.level}:${o.region_code}`, o]),
  );
  let nextId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM orgs`.execute(db)).rows[0]!.m);
  const orgs: OrgRow[] = [];
  const standard = new Map<string, { id: number; path: string }>();
  const node = (type: string, level: string, region: Region, parent: { id: number; path: string } | null) => {
    const key = `${type}:${level}:${region.code}`;
    const have = existing.get(key);
    if (have) return { id: have.id, path: have.path };
    const id = nextId++;
    const path = parent ? `${parent.path}.${id}` : String(id);
    orgs.push({
      id,
      type,
      parentId: parent?.id ?? null,
      path,
      name: orgName(type as OrgTypeCode, level, region.name),
      level,
      region,
      credit: null,
      firm: null,
    });
    return { id, path };
  };
  const includeCommunity = (code: string) => (Number(code.slice(-4)) * 2654435761) % 1000 < scale * 1000;
  for (const type of Object.keys(CITY_TARGETS.orgs)) {
    const before = orgs.length;
    const root = node(type, 'city', city, null);
    let standardCount = existing.has(`${type}:city:${city.code}`) ? 1 : 0;
    for (const d of children.get(city.code) ?? []) {
      const dn = node(type, 'district', d, root);
      for (const s of children.get(d.code) ?? []) {
        const sn = node(type, 'street', s, dn);
        standard.set(`${type}:${s.code}`, sn);
        if (type === 'scitech') continue;
        for (const c of children.get(s.code) ?? []) if (includeCommunity(c.code)) standard.set(`${type}:${c.code}`, node(type, 'community', c, sn));
      }
    }
    standardCount += orgs.length - before;
    const target = Math.round(CITY_TARGETS.orgs[type]! * scale);
    const streets = regions.filter((g) => g.level === 'street');
    for (let i = standardCount; i < target; i++) {
      const s = pick(r, streets);
      const parent = standard.get(`${type}:${s.code}`)!;
      const community = pick(r, children.get(s.code) ?? [s]);
      const firm = fakeFirm(r, i % 97);
      const id = nextId++;
      orgs.push({
        id,
        type,
        parentId: parent.id,
        path: `${parent.path}.${id}`,
        name: enterpriseOrgName(type as OrgTypeCode, firm.name),
        level: 'grassroots',
        region: community,
        credit: firm.creditCode,
        firm: firm.name,
      });
    }
  }
  const orgCount = await copyRows(
    pool,
    'orgs',
    ['id', 'type_code', 'parent_id', 'path', 'name', 'level', 'region_code', 'region_path', 'district_code', 'credit_code', 'enterprise_name', 'party_group'],
    orgs.map((o) => [
      o.id,
      o.type,
      o.parentId,
      o.path,
      o.name,
      o.level,
      o.region.code,
      o.region.path,
      o.region.path.split('.')[1] ?? null,
      o.credit,
      o.firm,
      o.level === 'city' || o.level === 'district',
    ]),
    orgs.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT max(id) FROM orgs))`.execute(db);

  // The roster: each social worker is a person attached to a street or community unit of the programme's type.
  const byType = new Map<string, OrgRow[]>();
  for (const o of orgs) if (o.level === 'street' || o.level === 'community') (byType.get(o.type) ?? byType.set(o.type, []).get(o.type)!).push(o);
  let personId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM people`.execute(db)).rows[0]!.m);
  const people: unknown[][] = [];
  const staff: unknown[][] = [];
  const staffSince = `${Number(chinaToday().slice(0, 4)) - 2}-01-01`;
  let seq = 0;
  for (const [programme, n] of Object.entries(CITY_TARGETS.staff)) {
    const pool2 = byType.get(STAFF_TYPE[programme]!) ?? [];
    if (pool2.length === 0) continue;
    for (let i = 0; i < Math.round(n * scale); i++) {
      const o = pick(r, pool2);
      const id = personId++;
      const district = o.region.path.split('.')[1]!;
      const idn = fakeIdNumber(district, fakeBirth(r, 22, 60), seq++);
      const phone = fakePhone(r);
      const rowId = String(id);
      people.push([
        id,
        fakeName(r),
        Number(idn[16]) % 2 === 1 ? 'male' : 'female',
        `${idn.slice(6, 10)}-${idn.slice(10, 12)}-${idn.slice(12, 14)}`,
        encryptField(keyring, idn, { table: 'people', column: 'id_number', rowId }),
        blindIndex(keyring, 'person.id_number', idn),
        maskIdNumber(idn),
        encryptField(keyring, phone, { table: 'people', column: 'phone', rowId }),
        blindIndex(keyring, 'person.phone', phone),
        maskPhone(phone),
        programme.startsWith('women') || programme === 'executive_member' ? ['woman', 'worker'] : ['worker'],
        o.region.code,
        o.region.path,
        district,
        o.id,
      ]);
      staff.push([o.id, id, programme, staffSince]);
    }
  }
  // ID numbers made from (district, birth, sequence) can repeat at city scale: keep the first of each.
  const seen = new Set<string>(
    (await sql<{ h: string }>`SELECT encode(id_number_bidx, 'hex') AS h FROM people WHERE id_number_bidx IS NOT NULL`.execute(db)).rows.map((x) => x.h),
  );
  const uniquePeople = people.filter((p) => {
    const k = (p[5] as Buffer).toString('hex');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const kept = new Set(uniquePeople.map((p) => p[0]));
  const peopleCount = await copyRows(
    pool,
    'people',
    [
      'id',
      'name',
      'gender',
      'birth_date',
      'id_number_enc',
      'id_number_bidx',
      'id_number_masked',
      'phone_enc',
      'phone_bidx',
      'phone_masked',
      'groups',
      'region_code',
      'region_path',
      'district_code',
      'org_id',
    ],
    uniquePeople,
    uniquePeople.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);
  const keptStaff = staff.filter((s) => kept.has(s[1]));
  const staffCount = await copyRows(pool, 'staff_members', ['org_id', 'person_id', 'programme', 'started_on'], keptStaff, keptStaff.length, progress);
  await sql`ANALYZE orgs`.execute(db);
  await sql`ANALYZE people`.execute(db);
  await sql`ANALYZE staff_members`.execute(db);

  // Area generators, one line each; each COPYs its own tables over the organizations, people and staff above.
  const ctx: CityContext = { db, pool, keyring, scale, progress };
  await seedCityMembers(ctx);
  await seedCityDisputes(ctx);
  await seedCityRequests(ctx);
  await seedCityVenues(ctx);
  await seedCityActivities(ctx);
  await seedCityBenefits(ctx);
  await seedCityMeetings(ctx);
  await seedCitySocialOrgs(ctx);

  await sql`SELECT dashboard_fold()`.execute(db);
  await sql`ANALYZE dashboard_rollup`.execute(db);
  // The fold deleted every pending delta the COPYs wrote: vacuumed now, reads of the current figures do not walk them.
  await sql`VACUUM (ANALYZE) dashboard_delta`.execute(db);
  const seconds = (performance.now() - t0) / 1000;
  await db
    .insertInto('instance_settings')
    .values({ key: 'seed_city', value: JSON.stringify({ scale, orgs: orgCount, people: peopleCount, staff: staffCount }) })
    .execute();
  return { orgs: orgCount, people: peopleCount, staff: staffCount, seconds, tables: copyStats?.stats ?? [] };
}
