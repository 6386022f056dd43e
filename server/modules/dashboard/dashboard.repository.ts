import { sql, type RawBuilder } from 'kysely';
import { TREND_METRICS } from '../../../contracts/dashboard.enums.js';
import type { Db } from '../../db/client.js';

/** One aggregated figure: a metric, its breakdown value, the month ('' = stock) and its value. */
export type FigureRow = { metric: string; dim: string; month: string; value: number };
export type Area = { district: string; street: string };
export type Period = { from?: string; to?: string };

const periodSql = (p: Period) => sql`(month = '' OR (${p.from ?? '0000-00'} <= month AND month <= ${p.to ?? '9999-99'}))`;

const hasPeriod = (p: Period) => p.from !== undefined || p.to !== undefined;

/**
 * The current figures of the rollup rows `where` selects: each row plus its pending deltas, summed exactly in numeric,
 * and the deltas of keys the rollup does not have yet. The rollup's rows are unique per key, so only the deltas (few
 * between two folds) are grouped — never the thousands of rows of a city.
 */
const current = (where: RawBuilder<unknown>) => sql`
  WITH d AS (SELECT district, street, metric, dim, month, sum(value) AS value FROM dashboard_delta WHERE ${where} GROUP BY 1, 2, 3, 4, 5)
  SELECT r.district, r.street, r.metric, r.dim, r.month, r.value + coalesce(d.value, 0) AS value
    FROM dashboard_rollup r LEFT JOIN d USING (district, street, metric, dim, month) WHERE ${where}
  UNION ALL
  SELECT * FROM d WHERE NOT EXISTS (
    SELECT 1 FROM dashboard_rollup r WHERE (r.district, r.street, r.metric, r.dim, r.month) = (d.district, d.street, d.metric, d.dim, d.month))`;

/** Without a period: the all-months rows, and the monthly rows of the metrics the trend draws. With one: the stock rows and the months in range. */
const rowsOf = (p: Period) =>
  hasPeriod(p) ? sql`month <> '*' AND ${periodSql(p)}` : sql`(month = '*' OR (month <> '' AND metric IN (${sql.join(TREND_METRICS.map((m) => sql`${m}`))})))`;

/**
 * The figures of one area ('*' = all): the city, a district or a street. Without a period the figures are the
 * all-months rows (month '*'); with one, the stock rows and the months in range. `trend` is the monthly rows.
 */
export async function rollupFigures(db: Db, a: Area, p: Period): Promise<{ rows: FigureRow[]; trend: FigureRow[] }> {
  const all = (
    await sql<FigureRow>`
      SELECT metric, dim, month, value::float8 AS value FROM (${current(sql`district = ${a.district} AND street = ${a.street} AND ${rowsOf(p)}`)}) c
      WHERE value <> 0`.execute(db)
  ).rows;
  const trend = all.filter((r) => r.month !== '' && r.month !== '*');
  return { rows: hasPeriod(p) ? all.filter((r) => r.month !== '*') : all.filter((r) => r.month === '*'), trend };
}

/** Per-district totals of every metric (the tile map): without a period one row per key; with one, the months summed. */
export async function rollupByDistrict(db: Db, p: Period, district?: string): Promise<(FigureRow & { district: string })[]> {
  const where = sql`street = '*' AND district NOT IN ('*', '') AND ${district ? sql`district = ${district}` : sql`true`} AND ${
    hasPeriod(p) ? sql`month <> '*' AND ${periodSql(p)}` : sql`month = '*'`
  }`;
  return (
    await sql<FigureRow & { district: string }>`
      SELECT district, metric, dim, '' AS month, ${hasPeriod(p) ? sql`sum(value)::float8` : sql`value::float8`} AS value FROM (${current(where)}) c
      ${hasPeriod(p) ? sql`GROUP BY district, metric, dim` : sql``}`.execute(db)
  ).rows;
}

export type Source = { metric: string; source: string; select_sql: string };

export async function sources(db: Db): Promise<Source[]> {
  return (await sql<Source>`SELECT metric, source, select_sql FROM dashboard_sources ORDER BY metric`.execute(db)).rows;
}

/**
 * The same figures recomputed from the records (no rollup): every definition over its whole table, grouped by
 * district too, so that one pass gives the area's figures and the tile map. A recomputation may take longer than
 * the request timeout at city scale, hence no statement timeout inside its transaction.
 */
export async function naiveFigures(db: Db, defs: Source[], a: Area, p: Period): Promise<(FigureRow & { district: string })[]> {
  const where = sql`${a.district === '*' ? sql`true` : sql`district = ${a.district}`} AND ${a.street === '*' ? sql`true` : sql`street = ${a.street}`} AND ${periodSql(p)}`;
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    const out: (FigureRow & { district: string })[] = [];
    for (const d of defs) {
      const inner = sql.raw(d.select_sql.replaceAll('{rel}', d.source));
      const rows = (
        await sql<FigureRow & { district: string }>`
          SELECT district, metric, dim, month, sum(value)::float8 AS value FROM (${inner}) s WHERE ${where} GROUP BY district, metric, dim, month`.execute(trx)
      ).rows;
      out.push(...rows.filter((r) => r.value !== 0));
    }
    return out;
  });
}

export type VerifyRow = { metric: string; dim: string; district: string; street: string; month: string; rollup: number; recomputed: number };

/** Every rollup row beside the full recomputation at all three levels; rows where either side is non-zero. */
export async function compareAll(db: Db, d: Source): Promise<VerifyRow[]> {
  const inner = sql.raw(d.select_sql.replaceAll('{rel}', d.source));
  return (
    await sql<VerifyRow>`
      WITH fresh AS (
        SELECT metric, dim, coalesce(district, '*') AS district, coalesce(street, '*') AS street, coalesce(month, '*') AS month, sum(value) AS value
        FROM (${inner}) s
        GROUP BY GROUPING SETS ((metric, dim, month), (metric, dim), (metric, dim, month, district), (metric, dim, district),
                                (metric, dim, month, district, street), (metric, dim, district, street))
      ), kept AS (SELECT * FROM dashboard_current WHERE metric = ${d.metric})
      SELECT coalesce(k.metric, f.metric) AS metric, coalesce(k.dim, f.dim) AS dim, coalesce(k.district, f.district) AS district,
        coalesce(k.street, f.street) AS street, coalesce(k.month, f.month) AS month,
        coalesce(k.value, 0)::float8 AS rollup, coalesce(f.value, 0)::float8 AS recomputed
      FROM kept k FULL JOIN fresh f USING (metric, dim, district, street, month)
      WHERE coalesce(k.value, 0) <> 0 OR coalesce(f.value, 0) <> 0
      ORDER BY 3, 4, 2, 5`.execute(db)
  ).rows;
}

/** Folds the pending deltas into the rollup; returns how many were folded. */
export async function fold(db: Db): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT dashboard_fold() AS n`.execute(db)).rows[0]!.n);
}

/** Communities (社区) in an area, for the coverage gaps. */
export async function communityCount(db: Db, a: Area): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM regions WHERE level = 'community'
      AND ${a.district === '*' ? sql`true` : sql`district_code = ${a.district}`}
      AND ${a.street === '*' ? sql`true` : sql`parent_code = ${a.street}`}`.execute(db);
  return r.rows[0]!.n;
}

export type Label = { kind: string; code: string; zh: string; en: string };

/** Names of everything a figure breaks down by: organization types, programmes, categories, campaigns, venue types, regions. */
export async function labels(db: Db): Promise<Label[]> {
  return (
    await sql<Label>`
      SELECT 'org_type' AS kind, code, name_zh AS zh, name_en AS en FROM org_types
      UNION ALL SELECT 'programme', code, name_zh, name_en FROM staff_programmes
      UNION ALL SELECT 'category', id::text, name_zh, name_en FROM request_categories
      UNION ALL SELECT 'campaign', id::text, name, name FROM campaigns
      UNION ALL SELECT 'venue_type', code, name_zh, name_en FROM venue_types
      UNION ALL SELECT 'region', code, name, pinyin FROM regions WHERE level IN ('city', 'district', 'street')`.execute(db)
  ).rows;
}

export async function expectedVenueTypes(db: Db): Promise<string[]> {
  return (await sql<{ code: string }>`SELECT code FROM venue_types WHERE expected ORDER BY sort`.execute(db)).rows.map((r) => r.code);
}

export async function regionOf(
  db: Db,
  code: string,
): Promise<{ code: string; level: string; path: string; district_code: string | null; parent_code: string | null } | undefined> {
  return (
    await sql<{ code: string; level: string; path: string; district_code: string | null; parent_code: string | null }>`
    SELECT code, level, path::text AS path, district_code, parent_code FROM regions WHERE code = ${code}`.execute(db)
  ).rows[0];
}

export type MemberRow = {
  id: number;
  member_no: string;
  name_masked: string;
  gender: string;
  birth_year: number;
  joined_on: string;
  org_name: string;
  region_name: string;
};

/** Drill-down: the membership records of an area, inside the caller's region subtree. */
export async function listMembers(db: Db, regionPath: string, a: Area, limit: number, offset: number): Promise<{ items: MemberRow[]; total: number }> {
  const where = sql`m.left_on IS NULL AND m.region_path <@ ${regionPath}::ltree
    AND ${a.district === '*' ? sql`true` : sql`dashboard_district(m.region_path) = ${a.district}`}
    AND ${a.street === '*' ? sql`true` : sql`dashboard_street(m.region_path) = ${a.street}`}`;
  const items = (
    await sql<MemberRow>`
      SELECT m.id::int AS id, m.member_no, m.name_masked, m.gender, m.birth_year, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, o.name AS org_name, g.name AS region_name
      FROM union_members m JOIN orgs o ON o.id = m.org_id JOIN regions g ON g.code = m.region_code
      WHERE ${where} ORDER BY m.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members m WHERE ${where}`.execute(db)).rows[0]!.n;
  return { items, total };
}
