import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeEscape as escLike } from '../../platform/sql-text.js';

export type VolunteerRow = {
  id: number;
  person_id: number;
  name: string;
  phone_masked: string | null;
  id_number_masked: string | null;
  skills: string[];
  availability: string;
  region_code: string;
  region_name: string;
  region_path: string;
  status: string;
  confirmed_hours: number;
  created_at: Date;
};

const vCols = sql`v.id, v.person_id, p.name, p.phone_masked, p.id_number_masked, v.skills, v.availability, v.region_code, r.name AS region_name,
  v.region_path::text AS region_path, v.status,
  coalesce((SELECT sum(h.hours) FROM volunteer_hours h WHERE h.volunteer_id = v.id AND h.status = 'confirmed'), 0)::float8 AS confirmed_hours, v.created_at`;
const vFrom = sql`FROM volunteers v JOIN people p ON p.id = v.person_id JOIN regions r ON r.code = v.region_code`;

export async function listVolunteers(
  db: Db,
  scope: ScopeSql,
  f: { q?: string; skill?: string; regionPath?: string },
  limit: number,
  offset: number,
): Promise<{ rows: VolunteerRow[]; total: number }> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.q) parts.push(sql<SqlBool>`p.name ILIKE ${`%${escLike(f.q)}%`}`);
  if (f.skill) parts.push(sql<SqlBool>`${f.skill} = ANY (v.skills)`);
  if (f.regionPath) parts.push(sql<SqlBool>`v.region_path <@ ${f.regionPath}::ltree`);
  const w = sql.join(parts, sql` AND `);
  const rows = (await sql<VolunteerRow>`SELECT ${vCols} ${vFrom} WHERE ${w} ORDER BY v.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n ${vFrom} WHERE ${w}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function findVolunteer(db: Db, scope: ScopeSql, by: { id: number } | { personId: number }): Promise<VolunteerRow | undefined> {
  const w = 'id' in by ? sql`v.id = ${by.id}` : sql`v.person_id = ${by.personId}`;
  return (await sql<VolunteerRow>`SELECT ${vCols} ${vFrom} WHERE ${w} AND ${scope}`.execute(db)).rows[0];
}

export async function upsertVolunteer(
  db: Db,
  v: { person_id: number; skills: string[]; availability: string; region_code: string; region_path: string },
): Promise<number> {
  return (
    await sql<{ id: number }>`INSERT INTO volunteers (person_id, skills, availability, region_code, region_path)
      VALUES (${v.person_id}, ${v.skills}, ${v.availability}, ${v.region_code}, ${v.region_path}::ltree)
      ON CONFLICT (person_id) DO UPDATE SET skills = EXCLUDED.skills, availability = EXCLUDED.availability, region_code = EXCLUDED.region_code,
        region_path = EXCLUDED.region_path, status = 'active', updated_at = now()
      RETURNING id`.execute(db)
  ).rows[0]!.id;
}

// ───────────── Needs ─────────────

export type NeedRow = {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  region_name: string;
  activity_id: number | null;
  activity_title: string | null;
  venue_id: number | null;
  role: string;
  description: string;
  headcount: number;
  confirmed: number;
  applied: number;
  starts_at: Date;
  ends_at: Date;
  status: string;
  created_at: Date;
};

const nCols = sql`n.id, n.org_id, o.name AS org_name, n.region_code, r.name AS region_name, n.activity_id, a.title AS activity_title, n.venue_id, n.role,
  n.description, n.headcount,
  (SELECT count(*)::int FROM volunteer_applications x WHERE x.need_id = n.id AND x.status = 'confirmed') AS confirmed,
  (SELECT count(*)::int FROM volunteer_applications x WHERE x.need_id = n.id AND x.status = 'applied') AS applied,
  n.starts_at, n.ends_at, n.status, n.created_at`;
const nFrom = sql`FROM volunteer_needs n JOIN orgs o ON o.id = n.org_id JOIN regions r ON r.code = n.region_code LEFT JOIN activities a ON a.id = n.activity_id`;

export async function listNeeds(
  db: Db,
  scope: ScopeSql,
  f: { status?: string; activityId?: number; q?: string; upcoming?: boolean },
  limit: number,
  offset: number,
): Promise<{ rows: NeedRow[]; total: number }> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.status) parts.push(sql<SqlBool>`n.status = ${f.status}`);
  if (f.activityId) parts.push(sql<SqlBool>`n.activity_id = ${f.activityId}`);
  if (f.q) parts.push(sql<SqlBool>`n.role ILIKE ${`%${escLike(f.q)}%`}`);
  if (f.upcoming) parts.push(sql<SqlBool>`n.ends_at > now()`);
  const w = sql.join(parts, sql` AND `);
  const rows = (await sql<NeedRow>`SELECT ${nCols} ${nFrom} WHERE ${w} ORDER BY n.starts_at, n.id LIMIT ${limit} OFFSET ${offset}`.execute(db)).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM volunteer_needs n WHERE ${w}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function findNeed(db: Db, scope: ScopeSql, id: number, lock = false): Promise<NeedRow | undefined> {
  if (lock) await sql`SELECT 1 FROM volunteer_needs n WHERE n.id = ${id} AND ${scope} FOR UPDATE OF n`.execute(db);
  return (await sql<NeedRow>`SELECT ${nCols} ${nFrom} WHERE n.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export async function insertNeed(
  db: Db,
  n: {
    org_id: number;
    org_path: string;
    region_code: string;
    region_path: string;
    activity_id: number | null;
    venue_id: number | null;
    role: string;
    description: string;
    headcount: number;
    starts_at: Date;
    ends_at: Date;
  },
): Promise<number> {
  return (await db.insertInto('volunteer_needs').values(n).returning('id').executeTakeFirstOrThrow()).id;
}

export async function closeNeed(db: Db, id: number): Promise<void> {
  await sql`UPDATE volunteer_needs SET status = 'closed' WHERE id = ${id}`.execute(db);
}

// ───────────── Applications ─────────────

export type ApplicationRow = {
  id: number;
  need_id: number;
  volunteer_id: number;
  name: string;
  phone_masked: string | null;
  skills: string[];
  status: string;
  created_at: Date;
  decided_at: Date | null;
  role: string;
  org_name: string;
  starts_at: Date;
  ends_at: Date;
};

const aCols = sql`x.id, x.need_id, x.volunteer_id, p.name, p.phone_masked, v.skills, x.status, x.created_at, x.decided_at, n.role, o.name AS org_name, n.starts_at, n.ends_at`;
const aFrom = sql`FROM volunteer_applications x JOIN volunteers v ON v.id = x.volunteer_id JOIN people p ON p.id = v.person_id
  JOIN volunteer_needs n ON n.id = x.need_id JOIN orgs o ON o.id = n.org_id`;

/** Applications in scope, of one volunteer or one need. */
export async function listApplications(db: Db, scope: ScopeSql, f: { volunteerId?: number; needId?: number }): Promise<ApplicationRow[]> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (f.volunteerId !== undefined) parts.push(sql<SqlBool>`x.volunteer_id = ${f.volunteerId}`);
  if (f.needId !== undefined) parts.push(sql<SqlBool>`x.need_id = ${f.needId}`);
  parts.push(scope);
  return (await sql<ApplicationRow>`SELECT ${aCols} ${aFrom} WHERE ${sql.join(parts, sql` AND `)} ORDER BY x.id LIMIT 1000`.execute(db)).rows;
}

export async function findApplication(db: Db, id: number): Promise<ApplicationRow | undefined> {
  return (await sql<ApplicationRow>`SELECT ${aCols} ${aFrom} WHERE x.id = ${id}`.execute(db)).rows[0];
}

export async function insertApplication(db: Db, needId: number, volunteerId: number): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO volunteer_applications (need_id, volunteer_id) VALUES (${needId}, ${volunteerId})
    ON CONFLICT (need_id, volunteer_id) DO NOTHING RETURNING id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function setApplicationStatus(db: Db, id: number, status: string): Promise<void> {
  await sql`UPDATE volunteer_applications SET status = ${status}, decided_at = now() WHERE id = ${id}`.execute(db);
}

export async function hasConfirmedApplication(db: Db, needId: number, volunteerId: number): Promise<boolean> {
  const r = await sql`SELECT 1 FROM volunteer_applications WHERE need_id = ${needId} AND volunteer_id = ${volunteerId} AND status = 'confirmed'`.execute(db);
  return r.rows.length > 0;
}

// ───────────── Hours ─────────────

export type HoursRow = {
  id: number;
  volunteer_id: number;
  volunteer_name: string;
  need_id: number | null;
  role: string | null;
  org_id: number;
  org_name: string;
  service_date: string;
  hours: number;
  content: string;
  status: string;
  recorded_by: number | null;
  recorded_by_name: string | null;
  confirmed_by_name: string | null;
  confirmed_at: Date | null;
  created_at: Date;
};

const hCols = sql`h.id, h.volunteer_id, p.name AS volunteer_name, h.need_id, n.role, h.org_id, ho.name AS org_name, h.service_date, h.hours::float8 AS hours,
  h.content, h.status, h.recorded_by, ra.display_name AS recorded_by_name, ca.display_name AS confirmed_by_name, h.confirmed_at, h.created_at`;
const hFrom = sql`FROM volunteer_hours h JOIN orgs ho ON ho.id = h.org_id JOIN volunteers v ON v.id = h.volunteer_id JOIN people p ON p.id = v.person_id
  LEFT JOIN volunteer_needs n ON n.id = h.need_id LEFT JOIN accounts ra ON ra.id = h.recorded_by LEFT JOIN accounts ca ON ca.id = h.confirmed_by`;

/** Hours in scope: of one volunteer, in one status, recorded by units under a path (a certificate's). */
export async function listHours(
  db: Db,
  scope: ScopeSql,
  f: { volunteerId?: number; status?: string; underOrgPath?: string },
  limit = 1000,
): Promise<HoursRow[]> {
  const parts: RawBuilder<SqlBool>[] = [];
  if (f.volunteerId !== undefined) parts.push(sql<SqlBool>`h.volunteer_id = ${f.volunteerId}`);
  if (f.status !== undefined) parts.push(sql<SqlBool>`h.status = ${f.status}`);
  if (f.underOrgPath !== undefined) parts.push(sql<SqlBool>`ho.path <@ ${f.underOrgPath}::ltree`);
  parts.push(scope);
  return (await sql<HoursRow>`SELECT ${hCols} ${hFrom} WHERE ${sql.join(parts, sql` AND `)} ORDER BY h.service_date DESC, h.id DESC LIMIT ${limit}`.execute(db))
    .rows;
}

export async function findHours(db: Db, scope: ScopeSql, id: number, lock = false): Promise<HoursRow | undefined> {
  if (lock) await sql`SELECT 1 FROM volunteer_hours h JOIN orgs ho ON ho.id = h.org_id WHERE h.id = ${id} AND ${scope} FOR UPDATE OF h`.execute(db);
  return (await sql<HoursRow>`SELECT ${hCols} ${hFrom} WHERE h.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export async function insertHours(
  db: Db,
  h: {
    volunteer_id: number;
    need_id: number | null;
    org_id: number;
    org_path: string;
    service_date: string;
    hours: number;
    content: string;
    recorded_by: number;
  },
): Promise<number> {
  return (await db.insertInto('volunteer_hours').values(h).returning('id').executeTakeFirstOrThrow()).id;
}

export async function decideHours(db: Db, id: number, status: string, by: number): Promise<void> {
  await sql`UPDATE volunteer_hours SET status = ${status}, confirmed_by = ${by}, confirmed_at = now() WHERE id = ${id}`.execute(db);
}

export async function nextCertificateId(db: Db): Promise<number> {
  return Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('volunteer_certificates', 'id'))::bigint AS id`.execute(db)).rows[0]!.id);
}

export async function insertCertificate(db: Db, c: { id: number; number: string; volunteer_id: number; org_id: number; total_hours: number }): Promise<Date> {
  return (
    await sql<{ issued_at: Date }>`INSERT INTO volunteer_certificates (id, number, volunteer_id, org_id, total_hours)
      VALUES (${c.id}, ${c.number}, ${c.volunteer_id}, ${c.org_id}, ${c.total_hours}) RETURNING issued_at`.execute(db)
  ).rows[0]!.issued_at;
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
/** Copied organization paths of volunteer needs and hours under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE volunteer_needs SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE volunteer_hours SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    volunteer_needs: affected(await sql`UPDATE volunteer_needs SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    volunteer_hours: affected(await sql`UPDATE volunteer_hours SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    volunteer_certificates: affected(await sql`UPDATE volunteer_certificates SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
