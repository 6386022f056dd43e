import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { likeEscape } from '../../platform/sql-text.js';

export type RegionRow = {
  code: string;
  parent_code: string | null;
  level: string;
  name: string;
  official_name: string;
  pinyin: string;
  initials: string;
  path: string;
  child_count: number;
};

const cols = sql`r.code, r.parent_code, r.level, r.name, r.official_name, r.pinyin, r.initials, r.path::text AS path,
  (SELECT count(*) FROM regions c WHERE c.parent_code = r.code)::int AS child_count`;

export async function findByCode(db: Db, code: string): Promise<RegionRow | undefined> {
  const r = await sql<RegionRow>`SELECT ${cols} FROM regions r WHERE r.code = ${code}`.execute(db);
  return r.rows[0];
}

export async function findChildren(db: Db, parentCode: string | null): Promise<RegionRow[]> {
  const where = parentCode === null ? sql`r.parent_code IS NULL` : sql`r.parent_code = ${parentCode}`;
  return (await sql<RegionRow>`SELECT ${cols} FROM regions r WHERE ${where} ORDER BY r.code`.execute(db)).rows;
}

export async function findAncestors(db: Db, path: string): Promise<RegionRow[]> {
  return (await sql<RegionRow>`SELECT ${cols} FROM regions r WHERE r.path @> ${path}::ltree AND r.path <> ${path}::ltree ORDER BY nlevel(r.path)`.execute(db))
    .rows;
}

/** Name substring, official code prefix, full-pinyin prefix or initials prefix. */
export async function search(db: Db, q: string, within: string | null, limit: number): Promise<RegionRow[]> {
  const like = likeEscape(q);
  const lower = like.toLowerCase();
  const scope = within ? sql`AND r.path <@ ${within}::ltree` : sql``;
  return (
    await sql<RegionRow>`SELECT ${cols} FROM regions r
      WHERE (r.name LIKE ${'%' + like + '%'} OR r.code LIKE ${like + '%'} OR r.pinyin LIKE ${lower + '%'} OR r.initials LIKE ${lower + '%'}) ${scope}
      ORDER BY nlevel(r.path), (r.name = ${q} OR r.initials = ${lower} OR r.pinyin = ${lower}) DESC, r.code
      LIMIT ${limit}`.execute(db)
  ).rows;
}

export async function countByLevel(db: Db): Promise<Record<string, number>> {
  const rows = (await sql<{ level: string; n: number }>`SELECT level, count(*)::int AS n FROM regions GROUP BY level`.execute(db)).rows;
  return Object.fromEntries(rows.map((r) => [r.level, r.n]));
}

export type ZoneRow = { id: number; name: string; note: string; street_codes: string[] };

export async function listZones(db: Db): Promise<ZoneRow[]> {
  return (
    await sql<ZoneRow>`SELECT z.id, z.name, z.note,
      coalesce(array_agg(s.street_code ORDER BY s.street_code) FILTER (WHERE s.street_code IS NOT NULL), '{}') AS street_codes
      FROM functional_zones z LEFT JOIN functional_zone_streets s ON s.zone_id = z.id GROUP BY z.id ORDER BY z.name`.execute(db)
  ).rows;
}

export async function insertZone(db: Db, name: string, note: string): Promise<number> {
  const r = await db.insertInto('functional_zones').values({ name, note }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function replaceZoneStreets(db: Db, zoneId: number, streetCodes: string[]): Promise<void> {
  await db.deleteFrom('functional_zone_streets').where('zone_id', '=', zoneId).execute();
  if (streetCodes.length > 0) {
    await db
      .insertInto('functional_zone_streets')
      .values(streetCodes.map((street_code) => ({ zone_id: zoneId, street_code })))
      .execute();
  }
}

export async function deleteZone(db: Db, zoneId: number): Promise<number> {
  const r = await db.deleteFrom('functional_zones').where('id', '=', zoneId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countStreets(db: Db, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const r = await db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', 'in', codes)
    .where('level', '=', 'street')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every city, district, street and community, parents before children (codes sort that way). */
export async function tree(db: Db) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code', 'pinyin', 'initials'])
    .where('level', 'in', ['city', 'district', 'street', 'community'])
    .orderBy('code')
    .execute();
}
