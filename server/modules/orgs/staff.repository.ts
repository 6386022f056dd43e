import { sql } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import type { ScopeSql } from '../../platform/scope.js';
import type { Db } from '../../db/client.js';

export type LeaderRow = {
  id: number;
  org_id: number;
  person_id: number;
  person_name: string;
  phone_masked: string | null;
  post: string;
  term_start: string;
  term_end: string | null;
  staffing_mode: string;
  frontline: boolean;
  model_worker: boolean;
  education: string | null;
};

export async function listLeaders(db: Db, orgId: number): Promise<LeaderRow[]> {
  return (
    await sql<LeaderRow>`SELECT l.id, l.org_id, l.person_id, p.name AS person_name, p.phone_masked, l.post,
      l.term_start::text AS term_start, l.term_end::text AS term_end, l.staffing_mode, l.frontline, l.model_worker, l.education
      FROM leadership_members l JOIN people p ON p.id = l.person_id WHERE l.org_id = ${orgId} ORDER BY l.term_end NULLS FIRST, l.id`.execute(db)
  ).rows;
}

export async function insertLeader(
  db: Db,
  v: {
    org_id: number;
    person_id: number;
    post: string;
    term_start: string;
    term_end: string | null;
    staffing_mode: string;
    frontline: boolean;
    model_worker: boolean;
    education: string | null;
  },
): Promise<number> {
  return (await db.insertInto('leadership_members').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export type LeaderChange = Partial<{
  post: string;
  term_end: string | null;
  staffing_mode: string;
  frontline: boolean;
  model_worker: boolean;
  education: string | null;
}>;

export async function updateLeader(db: Db, id: number, set: LeaderChange): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('leadership_members').set(set).where('id', '=', id).execute();
}

/** The leader row with its organization, only if that organization satisfies `scope` (alias o). */
export async function findLeaderInScope(db: Db, scope: ScopeSql, id: number): Promise<{ id: number; org_id: number; term_start: string } | undefined> {
  return (
    await sql<{
      id: number;
      org_id: number;
      term_start: string;
    }>`SELECT l.id, l.org_id, l.term_start::text AS term_start FROM leadership_members l JOIN orgs o ON o.id = l.org_id WHERE l.id = ${id} AND ${scope} FOR UPDATE OF l`.execute(
      db,
    )
  ).rows[0];
}

export async function deleteLeader(db: Db, id: number): Promise<void> {
  await db.deleteFrom('leadership_members').where('id', '=', id).execute();
}

export type StaffRow = {
  id: number;
  org_id: number;
  person_id: number;
  person_name: string;
  phone_masked: string | null;
  programme: string;
  started_on: string;
  ended_on: string | null;
};

export async function listStaff(db: Db, orgId: number): Promise<StaffRow[]> {
  return (
    await sql<StaffRow>`SELECT s.id, s.org_id, s.person_id, p.name AS person_name, p.phone_masked, s.programme,
      s.started_on::text AS started_on, s.ended_on::text AS ended_on
      FROM staff_members s JOIN people p ON p.id = s.person_id WHERE s.org_id = ${orgId} ORDER BY s.ended_on NULLS FIRST, s.id`.execute(db)
  ).rows;
}

export async function insertStaff(db: Db, v: { org_id: number; person_id: number; programme: string; started_on: string }): Promise<number> {
  return (await db.insertInto('staff_members').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findStaffInScope(db: Db, scope: ScopeSql, id: number): Promise<{ id: number; org_id: number; started_on: string } | undefined> {
  return (
    await sql<{
      id: number;
      org_id: number;
      started_on: string;
    }>`SELECT s.id, s.org_id, s.started_on::text AS started_on FROM staff_members s JOIN orgs o ON o.id = s.org_id
      WHERE s.id = ${id} AND ${scope} FOR UPDATE OF s`.execute(db)
  ).rows[0];
}

export async function endStaff(db: Db, id: number, endedOn: string): Promise<void> {
  await db.updateTable('staff_members').set({ ended_on: endedOn }).where('id', '=', id).execute();
}

export async function programmes(db: Db) {
  return db.selectFrom('staff_programmes').selectAll().orderBy('sort').execute();
}

export async function programmeExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('staff_programmes').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Active staff counts by programme within the scope (alias o for the organization). */
export async function staffSummary(db: Db, scope: ScopeSql, typeCode: string | null) {
  const t = typeCode ? sql`AND o.type_code = ${typeCode}` : sql``;
  return (
    await sql<{ programme: string; n: number }>`SELECT s.programme, count(*)::int AS n FROM staff_members s JOIN orgs o ON o.id = s.org_id
      WHERE s.ended_on IS NULL AND ${scope} ${t} GROUP BY s.programme ORDER BY s.programme`.execute(db)
  ).rows;
}

export type CompositionRow = {
  level: string;
  teams: number;
  teams_with_part_time_or_seconded: number;
  members: number;
  frontline: number;
  model_workers: number;
  full_time: number;
  seconded: number;
  part_time: number;
};

/** Leadership-team composition per level, over current members (no term end or a future one). */
export async function composition(db: Db, scope: ScopeSql, typeCode: string | null, orgId: number | null): Promise<CompositionRow[]> {
  const t = typeCode ? sql`AND o.type_code = ${typeCode}` : sql``;
  const one = orgId ? sql`AND o.id = ${orgId}` : sql``;
  return (
    await sql<CompositionRow>`WITH cur AS (
        SELECT l.*, o.level FROM leadership_members l JOIN orgs o ON o.id = l.org_id
        WHERE (l.term_end IS NULL OR l.term_end >= current_date) AND o.status = 'active' AND ${scope} ${t} ${one}
      ), teams AS (
        SELECT org_id, level, bool_or(staffing_mode IN ('part_time', 'seconded')) AS mixed FROM cur GROUP BY org_id, level
      )
      SELECT t.level, count(*)::int AS teams, count(*) FILTER (WHERE t.mixed)::int AS teams_with_part_time_or_seconded,
        (SELECT count(*) FROM cur c WHERE c.level = t.level)::int AS members,
        (SELECT count(*) FROM cur c WHERE c.level = t.level AND c.frontline)::int AS frontline,
        (SELECT count(*) FROM cur c WHERE c.level = t.level AND c.model_worker)::int AS model_workers,
        (SELECT count(*) FROM cur c WHERE c.level = t.level AND c.staffing_mode = 'full_time')::int AS full_time,
        (SELECT count(*) FROM cur c WHERE c.level = t.level AND c.staffing_mode = 'seconded')::int AS seconded,
        (SELECT count(*) FROM cur c WHERE c.level = t.level AND c.staffing_mode = 'part_time')::int AS part_time
      FROM teams t GROUP BY t.level
      ORDER BY array_position(ARRAY['city','district','street','community','grassroots'], t.level)`.execute(db)
  ).rows;
}

export type ExchangeRow = {
  id: number;
  person_id: number;
  person_name: string;
  from_org_id: number | null;
  from_name: string;
  to_org_id: number | null;
  to_name: string;
  kind: string;
  start_date: string;
  end_date: string | null;
};

/** Exchanges touching an organization in scope (either end), scope written against aliases f and t. */
export async function listExchanges(db: Db, fromScope: ScopeSql, toScope: ScopeSql, limit: number): Promise<ExchangeRow[]> {
  return (
    await sql<ExchangeRow>`SELECT x.id, x.person_id, p.name AS person_name, x.from_org_id, x.from_name, x.to_org_id, x.to_name, x.kind,
      x.start_date::text AS start_date, x.end_date::text AS end_date
      FROM cadre_exchanges x JOIN people p ON p.id = x.person_id
      LEFT JOIN orgs f ON f.id = x.from_org_id LEFT JOIN orgs t ON t.id = x.to_org_id
      WHERE (f.id IS NOT NULL AND ${fromScope}) OR (t.id IS NOT NULL AND ${toScope})
      ORDER BY x.start_date DESC, x.id DESC LIMIT ${limit}`.execute(db)
  ).rows;
}

export async function insertExchange(
  db: Db,
  v: {
    person_id: number;
    from_org_id: number | null;
    from_name: string;
    to_org_id: number | null;
    to_name: string;
    kind: string;
    start_date: string;
    end_date: string | null;
  },
): Promise<number> {
  return (await db.insertInto('cadre_exchanges').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertProgramme(db: Db, p: { code: string; name_zh: string; name_en: string }): Promise<void> {
  await db
    .insertInto('staff_programmes')
    .values({ ...p, sort: 50 })
    .execute();
}

/** Organization merge: the merged unit's leadership and staff records go to the survivor (cadre exchanges stay: history). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  return {
    leadership_members: affected(await sql`UPDATE leadership_members SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    staff_members: affected(await sql`UPDATE staff_members SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
}

export type CurrentLeaderRow = { org_id: number; org_path: string; person_id: number; staffing_mode: string; frontline: boolean; education: string | null };

/** Current leadership members (no term end, or a future one) of active units at or below `rootPath`. */
export async function currentLeaders(db: Db, rootPath: string, today: string): Promise<CurrentLeaderRow[]> {
  return (
    await sql<CurrentLeaderRow>`SELECT l.org_id, o.path::text AS org_path, l.person_id, l.staffing_mode, l.frontline, l.education
      FROM leadership_members l JOIN orgs o ON o.id = l.org_id
      WHERE o.path <@ ${rootPath}::ltree AND o.status = 'active' AND (l.term_end IS NULL OR l.term_end >= ${today}::date)`.execute(db)
  ).rows;
}
