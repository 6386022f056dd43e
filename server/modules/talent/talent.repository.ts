import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';

export type ProgrammeRow = {
  id: number;
  org_id: number;
  org_path: string;
  region_path: string;
  district_code: string | null;
  name: string;
  kind: string;
  description: string;
  eligibility: string;
  required_sessions: number;
  capacity: number;
  status: string;
  version: number;
  enrolled: number;
  completed: number;
  session_count: number;
};

const programmeCols = sql`tp.id::int AS id, tp.org_id::int AS org_id, tp.org_path::text AS org_path, tp.region_path::text AS region_path, tp.district_code,
  tp.name, tp.kind, tp.description, tp.eligibility, tp.required_sessions, tp.capacity, tp.status, tp.version,
  (SELECT count(*)::int FROM talent_enrolments e WHERE e.programme_id = tp.id) AS enrolled,
  (SELECT count(*)::int FROM talent_enrolments e WHERE e.programme_id = tp.id AND e.status = 'completed') AS completed,
  (SELECT count(*)::int FROM talent_sessions s WHERE s.programme_id = tp.id) AS session_count`;

export async function listProgrammes(db: Db, scope: ScopeSql): Promise<ProgrammeRow[]> {
  return (await sql<ProgrammeRow>`SELECT ${programmeCols} FROM talent_programmes tp WHERE ${scope} ORDER BY tp.id DESC LIMIT 500`.execute(db)).rows;
}

export async function findProgramme(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ProgrammeRow | undefined> {
  return (
    await sql<ProgrammeRow>`SELECT ${programmeCols} FROM talent_programmes tp WHERE tp.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db)
  ).rows[0];
}

export async function insertProgramme(
  db: Db,
  p: {
    org_id: number;
    org_path: string;
    region_path: string;
    district_code: string | null;
    name: string;
    kind: string;
    description: string;
    eligibility: string;
    required_sessions: number;
    capacity: number;
    created_by: number | null;
  },
): Promise<number> {
  const r = await db.insertInto('talent_programmes').values(p).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function setProgrammeStatus(db: Db, id: number, version: number, status: string): Promise<boolean> {
  const r = await sql`UPDATE talent_programmes SET status = ${status}, version = version + 1 WHERE id = ${id} AND version = ${version}`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export type SessionRow = { id: number; programme_id: number; course: string; activity_id: number };

export async function listSessions(db: Db, programmeId: number): Promise<SessionRow[]> {
  return (
    await sql<SessionRow>`SELECT id::int AS id, programme_id::int AS programme_id, course, activity_id::int AS activity_id FROM talent_sessions WHERE programme_id = ${programmeId} ORDER BY id`.execute(
      db,
    )
  ).rows;
}

export async function insertSession(db: Db, s: { programme_id: number; course: string; activity_id: number }): Promise<number> {
  return Number((await db.insertInto('talent_sessions').values(s).returning('id').executeTakeFirstOrThrow()).id);
}

export type EnrolmentRow = {
  id: number;
  programme_id: number;
  person_id: number;
  source: string;
  status: 'enrolled' | 'completed' | 'failed';
  score: number | null;
  enrolled_at: Date;
  version: number;
  certificate_number: string | null;
};

const enrolmentCols = sql`e.id::int AS id, e.programme_id::int AS programme_id, e.person_id::int AS person_id, e.source, e.status, e.score, e.enrolled_at, e.version,
  (SELECT c.number FROM talent_certificates c WHERE c.enrolment_id = e.id) AS certificate_number`;

export async function listEnrolments(db: Db, programmeId: number): Promise<EnrolmentRow[]> {
  return (await sql<EnrolmentRow>`SELECT ${enrolmentCols} FROM talent_enrolments e WHERE e.programme_id = ${programmeId} ORDER BY e.id LIMIT 2000`.execute(db))
    .rows;
}

export async function findEnrolment(db: Db, id: number, lock = false): Promise<EnrolmentRow | undefined> {
  return (await sql<EnrolmentRow>`SELECT ${enrolmentCols} FROM talent_enrolments e WHERE e.id = ${id} ${lock ? sql`FOR UPDATE OF e` : sql``}`.execute(db))
    .rows[0];
}

export async function listEnrolmentsOfPerson(db: Db, personId: number): Promise<EnrolmentRow[]> {
  return (await sql<EnrolmentRow>`SELECT ${enrolmentCols} FROM talent_enrolments e WHERE e.person_id = ${personId} ORDER BY e.id DESC LIMIT 200`.execute(db))
    .rows;
}

/** Inserts unless the person is already enrolled; null then. */
export async function insertEnrolment(db: Db, e: { programme_id: number; person_id: number; source: string }): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO talent_enrolments (programme_id, person_id, source) VALUES (${e.programme_id}, ${e.person_id}, ${e.source})
    ON CONFLICT (programme_id, person_id) DO NOTHING RETURNING id::int AS id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function assess(db: Db, id: number, version: number, status: string, score: number): Promise<boolean> {
  const r =
    await sql`UPDATE talent_enrolments SET status = ${status}, score = ${score}, assessed_at = now(), version = version + 1 WHERE id = ${id} AND version = ${version}`.execute(
      db,
    );
  return Number(r.numAffectedRows ?? 0) === 1;
}

export type CertificateRow = { id: number; enrolment_id: number; number: string; verify_token: string; issued_on: string };

export async function findCertificate(db: Db, by: { enrolmentId: number } | { number: string }): Promise<CertificateRow | undefined> {
  const w = 'number' in by ? sql`number = ${by.number}` : sql`enrolment_id = ${by.enrolmentId}`;
  return (
    await sql<CertificateRow>`SELECT id::int AS id, enrolment_id::int AS enrolment_id, number, verify_token, to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM talent_certificates WHERE ${w}`.execute(
      db,
    )
  ).rows[0];
}

export async function nextCertificateId(db: Db): Promise<number> {
  return Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('talent_certificates', 'id'))::bigint AS id`.execute(db)).rows[0]!.id);
}

export async function insertCertificate(
  db: Db,
  c: { id: number; enrolment_id: number; number: string; verify_token: string; issued_on: string },
): Promise<void> {
  await sql`INSERT INTO talent_certificates (id, enrolment_id, number, verify_token, issued_on) OVERRIDING SYSTEM VALUE
    VALUES (${c.id}, ${c.enrolment_id}, ${c.number}, ${c.verify_token}, ${c.issued_on}::date)`.execute(db);
}

export type FigureCounts = { enrolled: number; completed: number };
export type FiguresRows = {
  totals: { programmes: number; enrolled: number; completed: number; certificates: number };
  byDistrict: Array<FigureCounts & { district_code: string | null }>;
  byOrg: Array<FigureCounts & { org_id: number; programmes: number }>;
};

/** Enrolments made in a period of months (YYYY-MM, both included, China time); a missing bound is open. */
function enrolledIn(period: { from?: string; to?: string }): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`true`];
  if (period.from) parts.push(sql<SqlBool>`e.enrolled_at >= ((${`${period.from}-01`}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  if (period.to) parts.push(sql<SqlBool>`e.enrolled_at < (((${`${period.to}-01`}::date + interval '1 month'))::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

/**
 * The figures of the programmes in a scope: programmes (any date), enrolments of the period, those completed
 * (assessed as passed) and their certificates; by district (null: city level) and the 50 organizations with the most
 * enrolments. Counted in SQL over the whole scope, no row limit.
 */
export async function figures(db: Db, scope: ScopeSql, period: { from?: string; to?: string }): Promise<FiguresRows> {
  const base = sql`p AS (SELECT tp.id, tp.org_id, tp.district_code FROM talent_programmes tp WHERE ${scope}),
    en AS (SELECT e.id, e.programme_id, e.status FROM talent_enrolments e JOIN p ON p.id = e.programme_id WHERE ${enrolledIn(period)})`;
  const totals = (
    await sql<FiguresRows['totals']>`WITH ${base}
      SELECT (SELECT count(*)::int FROM p) AS programmes,
        (SELECT count(*)::int FROM en) AS enrolled,
        (SELECT count(*)::int FROM en WHERE en.status = 'completed') AS completed,
        (SELECT count(*)::int FROM talent_certificates c JOIN en ON en.id = c.enrolment_id) AS certificates`.execute(db)
  ).rows[0]!;
  const byDistrict = (
    await sql<FiguresRows['byDistrict'][number]>`WITH ${base}
      SELECT p.district_code, count(en.id)::int AS enrolled, count(en.id) FILTER (WHERE en.status = 'completed')::int AS completed
      FROM p LEFT JOIN en ON en.programme_id = p.id
      GROUP BY p.district_code ORDER BY enrolled DESC, p.district_code NULLS FIRST`.execute(db)
  ).rows;
  const byOrg = (
    await sql<FiguresRows['byOrg'][number]>`WITH ${base}
      SELECT p.org_id::int AS org_id, count(DISTINCT p.id)::int AS programmes, count(en.id)::int AS enrolled,
        count(en.id) FILTER (WHERE en.status = 'completed')::int AS completed
      FROM p LEFT JOIN en ON en.programme_id = p.id
      GROUP BY p.org_id ORDER BY enrolled DESC, p.org_id LIMIT 50`.execute(db)
  ).rows;
  return { totals, byDistrict, byOrg };
}

export async function openProgrammes(db: Db): Promise<ProgrammeRow[]> {
  return (await sql<ProgrammeRow>`SELECT ${programmeCols} FROM talent_programmes tp WHERE tp.status = 'open' ORDER BY tp.id DESC LIMIT 200`.execute(db)).rows;
}

export async function sessionActivityIds(db: Db, programmeId: number): Promise<number[]> {
  return (await listSessions(db, programmeId)).map((s) => s.activity_id);
}

/** Copied organization paths of programmes under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE talent_programmes SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/** Organization merge: the merged unit's programmes (with their sessions, enrolments and certificates) go to the survivor. */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    talent_programmes: affected(await sql`UPDATE talent_programmes SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
