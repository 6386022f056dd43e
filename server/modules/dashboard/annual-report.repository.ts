import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

/**
 * The annual report's own SQL. The dashboard reads every table (ADR 0008); these are the figures its rollup keeps
 * only as today's stock (units, venues, volunteers, workers, leaders, social organizations) counted as at the end of a
 * year, and the yearly flows it has no definition for (honours, benefit claims).
 */

export type ReportRow = {
  id: number;
  year: number;
  district: string | null;
  region_path: string;
  account_id: number | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  progress: number;
  error: string | null;
  pdf_bytes: number | null;
  xlsx_bytes: number | null;
  file_key: string;
  created_at: Date;
  finished_at: Date | null;
};

export type Count = { code: string; zh: string; en: string; n: number };

/** The first instant of 1 January of `year + 1` in China: "by the end of `year`" is before it. */
const yearEnd = (year: number) => sql`(${`${year + 1}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const yearStart = (year: number) => sql`(${`${year}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export async function insertReport(db: Db, r: { year: number; district: string | null; regionPath: string; accountId: number }): Promise<number> {
  const row = await sql<{ id: number }>`INSERT INTO annual_reports (year, district, region_path, account_id)
    VALUES (${r.year}, ${r.district}, ${r.regionPath}::ltree, ${r.accountId}) RETURNING id::int AS id`.execute(db);
  return row.rows[0]!.id;
}

const cols = sql`id::int AS id, year, district, region_path::text AS region_path, account_id::int AS account_id, status, progress, error, pdf_bytes, xlsx_bytes, file_key, created_at, finished_at`;

/** A report inside the region subtree `scopePath` (the caller's scope, in SQL), or undefined. */
export async function getReport(db: Db, id: number, scopePath: string | null): Promise<ReportRow | undefined> {
  return (
    await sql<ReportRow>`SELECT ${cols} FROM annual_reports WHERE id = ${id} AND ${scopePath === null ? sql`true` : sql`region_path <@ ${scopePath}::ltree`}`.execute(
      db,
    )
  ).rows[0];
}

export async function listReports(db: Db, scopePath: string, limit: number): Promise<ReportRow[]> {
  return (
    await sql<ReportRow>`SELECT ${cols} FROM annual_reports WHERE region_path <@ ${scopePath}::ltree ORDER BY created_at DESC, id DESC LIMIT ${limit}`.execute(
      db,
    )
  ).rows;
}

export async function setProgress(
  db: Db,
  id: number,
  status: ReportRow['status'],
  progress: number,
  extra: { error?: string; pdfBytes?: number; xlsxBytes?: number } = {},
): Promise<void> {
  const finished = status === 'done' || status === 'failed';
  await sql`UPDATE annual_reports SET status = ${status}, progress = ${progress}, error = ${extra.error ?? null},
      pdf_bytes = coalesce(${extra.pdfBytes ?? null}::int, pdf_bytes), xlsx_bytes = coalesce(${extra.xlsxBytes ?? null}::int, xlsx_bytes),
      finished_at = ${finished ? sql`now()` : sql`NULL`}
    WHERE id = ${id}`.execute(db);
}

/** Years that have monthly figures in the rollup (requests, activities, disputes …), newest first. */
export async function yearsWithData(db: Db): Promise<number[]> {
  return (
    await sql<{ y: number }>`SELECT DISTINCT left(month, 4)::int AS y FROM dashboard_current
      WHERE district = '*' AND street = '*' AND month ~ '^[0-9]{4}-[0-9]{2}$' AND value <> 0 ORDER BY 1 DESC`.execute(db)
  ).rows.map((r) => r.y);
}

export async function cityRegion(db: Db): Promise<{ code: string; name: string; pinyin: string; level: string; path: string }> {
  return (
    await sql<{
      code: string;
      name: string;
      pinyin: string;
      level: string;
      path: string;
    }>`SELECT code, name, pinyin, level, path::text AS path FROM regions WHERE level = 'city' ORDER BY code LIMIT 1`.execute(db)
  ).rows[0]!;
}

export async function region(db: Db, code: string): Promise<{ code: string; name: string; pinyin: string; level: string; path: string } | undefined> {
  return (
    await sql<{
      code: string;
      name: string;
      pinyin: string;
      level: string;
      path: string;
    }>`SELECT code, name, pinyin, level, path::text AS path FROM regions WHERE code = ${code}`.execute(db)
  ).rows[0];
}

/** Active units by organization type, created by the end of the year. */
export async function unitsByType(db: Db, path: string, year: number): Promise<Count[]> {
  return (
    await sql<Count>`SELECT t.code, t.name_zh AS zh, t.name_en AS en, count(*)::int AS n FROM orgs o JOIN org_types t ON t.code = o.type_code
      WHERE o.status = 'active' AND o.region_path <@ ${path}::ltree AND o.created_at < ${yearEnd(year)}
      GROUP BY t.code, t.name_zh, t.name_en, t.sort ORDER BY t.sort, t.code`.execute(db)
  ).rows;
}

/** Active positions and venues by type, created by the end of the year. */
export async function venuesByType(db: Db, path: string, year: number): Promise<Count[]> {
  return (
    await sql<Count>`SELECT t.code, t.name_zh AS zh, t.name_en AS en, count(*)::int AS n FROM venues v JOIN venue_types t ON t.code = v.type_code
      WHERE v.status = 'active' AND v.region_path <@ ${path}::ltree AND v.created_at < ${yearEnd(year)}
      GROUP BY t.code, t.name_zh, t.name_en, t.sort ORDER BY t.sort, t.code`.execute(db)
  ).rows;
}

/** Social and programme workers in post on 31 December, by programme. */
export async function workersByProgramme(db: Db, path: string, year: number): Promise<Count[]> {
  const last = `${year}-12-31`;
  return (
    await sql<Count>`SELECT p.code, p.name_zh AS zh, p.name_en AS en, count(*)::int AS n
      FROM staff_members s JOIN orgs o ON o.id = s.org_id JOIN staff_programmes p ON p.code = s.programme
      WHERE o.region_path <@ ${path}::ltree AND s.started_on <= ${last}::date AND (s.ended_on IS NULL OR s.ended_on > ${last}::date)
      GROUP BY p.code, p.name_zh, p.name_en, p.sort ORDER BY p.sort, p.code`.execute(db)
  ).rows;
}

export type YearEnd = { volunteers: number; leaders: number; socialOrgs: number; honours: number; benefitClaims: number; benefitRedeemed: number };

/** The single figures of a year: stocks at its end and flows during it. */
export async function yearFigures(db: Db, path: string, district: string | null, year: number): Promise<YearEnd> {
  const last = `${year}-12-31`;
  const one = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db)).rows[0]?.n ?? 0);
  const inDistrict = (col: string) => (district === null ? sql`true` : sql`${sql.ref(col)} = ${district}`);
  return {
    volunteers: await one(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM volunteers WHERE status = 'active' AND region_path <@ ${path}::ltree AND created_at < ${yearEnd(year)}`,
    ),
    leaders: await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM leadership_members l JOIN orgs o ON o.id = l.org_id
      WHERE o.region_path <@ ${path}::ltree AND l.term_start <= ${last}::date AND (l.term_end IS NULL OR l.term_end >= ${last}::date)`),
    socialOrgs: await one(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM sorg_orgs WHERE status = 'active' AND region_path <@ ${path}::ltree AND registered_on <= ${last}::date`,
    ),
    honours: await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM honour_awards a JOIN honour_nominations n ON n.id = a.nomination_id
      WHERE ${inDistrict('n.district_code')} AND a.awarded_on BETWEEN ${`${year}-01-01`}::date AND ${last}::date`),
    benefitClaims: await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims
      WHERE ${inDistrict('district_code')} AND created_at >= ${yearStart(year)} AND created_at < ${yearEnd(year)}`),
    benefitRedeemed: await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims
      WHERE ${inDistrict('district_code')} AND redeemed_at >= ${yearStart(year)} AND redeemed_at < ${yearEnd(year)}`),
  };
}

/** The tiles of the map: every district of the city, or every street of a district, with a figure of the year. */
export async function tiles(db: Db, metric: string, district: string | null, year: number): Promise<Count[]> {
  const from = `${year}-01`;
  const to = `${year}-12`;
  return (
    await sql<Count>`SELECT g.code, g.name AS zh, g.pinyin AS en, coalesce(sum(d.value), 0)::int AS n
      FROM regions g LEFT JOIN dashboard_current d ON d.metric = ${metric} AND d.month BETWEEN ${from} AND ${to}
        AND ${district === null ? sql`d.district = g.code AND d.street = '*'` : sql`d.district = ${district} AND d.street = g.code`}
      WHERE ${district === null ? sql`g.level = 'district'` : sql`g.level = 'street' AND g.parent_code = ${district}`}
      GROUP BY g.code, g.name, g.pinyin ORDER BY g.code`.execute(db)
  ).rows;
}
