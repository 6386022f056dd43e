import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';

export type SocietyRow = {
  id: number;
  org_id: number;
  name: string;
  art_form: string;
  founded_on: string | null;
  description: string;
  status: string;
  members: number;
  activities: number;
  works: number;
};

const cols = sql`s.id::int AS id, s.org_id::int AS org_id, s.name, s.art_form, to_char(s.founded_on, 'YYYY-MM-DD') AS founded_on, s.description, s.status,
  (SELECT count(*)::int FROM cultural_society_members m WHERE m.society_id = s.id) AS members,
  (SELECT count(*)::int FROM cultural_society_activities a WHERE a.society_id = s.id) AS activities,
  (SELECT count(*)::int FROM cultural_society_works w WHERE w.society_id = s.id) AS works`;

export async function list(db: Db, scope: ScopeSql): Promise<SocietyRow[]> {
  return (await sql<SocietyRow>`SELECT ${cols} FROM cultural_societies s WHERE ${scope} ORDER BY s.name, s.id LIMIT 500`.execute(db)).rows;
}

export async function find(db: Db, scope: ScopeSql, id: number, lock = false): Promise<SocietyRow | undefined> {
  return (await sql<SocietyRow>`SELECT ${cols} FROM cultural_societies s WHERE s.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF s` : sql``}`.execute(db))
    .rows[0];
}

/** Inserts unless the organization already has a society of that name; null then. */
export async function insert(
  db: Db,
  s: {
    org_id: number;
    org_path: string;
    region_path: string;
    name: string;
    art_form: string;
    founded_on: string | null;
    description: string;
    created_by: number | null;
  },
): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO cultural_societies (org_id, org_path, region_path, name, art_form, founded_on, description, created_by)
    VALUES (${s.org_id}, ${s.org_path}::ltree, ${s.region_path}::ltree, ${s.name}, ${s.art_form}, ${s.founded_on}::date, ${s.description}, ${s.created_by})
    ON CONFLICT (org_id, name) DO NOTHING RETURNING id::int AS id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export type MemberRow = { person_id: number; role: 'leader' | 'member'; joined_on: string };

export async function members(db: Db, societyId: number): Promise<MemberRow[]> {
  return (
    await sql<MemberRow>`SELECT person_id::int AS person_id, role, to_char(joined_on, 'YYYY-MM-DD') AS joined_on FROM cultural_society_members
      WHERE society_id = ${societyId} ORDER BY role, joined_on, person_id LIMIT 2000`.execute(db)
  ).rows;
}

export async function insertMember(db: Db, m: { society_id: number; person_id: number; role: string; joined_on: string }): Promise<boolean> {
  const r =
    await sql`INSERT INTO cultural_society_members (society_id, person_id, role, joined_on) VALUES (${m.society_id}, ${m.person_id}, ${m.role}, ${m.joined_on}::date)
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function activityIds(db: Db, societyId: number): Promise<number[]> {
  return (
    await sql<{
      id: number;
    }>`SELECT activity_id::int AS id FROM cultural_society_activities WHERE society_id = ${societyId} ORDER BY activity_id DESC LIMIT 500`.execute(db)
  ).rows.map((r) => r.id);
}

export async function insertActivity(db: Db, societyId: number, activityId: number): Promise<boolean> {
  const r = await sql`INSERT INTO cultural_society_activities (society_id, activity_id) VALUES (${societyId}, ${activityId}) ON CONFLICT DO NOTHING`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0) === 1;
}

export type WorkRow = { id: number; kind: 'performance' | 'work'; title: string; date: string; note: string };

export async function works(db: Db, societyId: number): Promise<WorkRow[]> {
  return (
    await sql<WorkRow>`SELECT id::int AS id, kind, title, to_char(happened_on, 'YYYY-MM-DD') AS date, note FROM cultural_society_works
      WHERE society_id = ${societyId} ORDER BY happened_on DESC, id DESC LIMIT 500`.execute(db)
  ).rows;
}

export async function insertWork(db: Db, w: { society_id: number; kind: string; title: string; happened_on: string; note: string }): Promise<WorkRow> {
  return (
    await sql<WorkRow>`INSERT INTO cultural_society_works (society_id, kind, title, happened_on, note) VALUES (${w.society_id}, ${w.kind}, ${w.title}, ${w.happened_on}::date, ${w.note})
      RETURNING id::int AS id, kind, title, to_char(happened_on, 'YYYY-MM-DD') AS date, note`.execute(db)
  ).rows[0]!;
}

/** Copied organization paths of societies under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE cultural_societies SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/**
 * Organization merge: the societies the merged unit sponsors go to the survivor; one named like a society of the
 * survivor takes the merged unit's name in brackets, as a name is unique per sponsor.
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  await sql`UPDATE cultural_societies x SET name = left(x.name || '（' || ${m.fromName}::text || '）', 100), version = version + 1
    WHERE x.org_id = ${m.fromId} AND EXISTS (SELECT 1 FROM cultural_societies y WHERE y.org_id = ${m.toId} AND y.name = x.name)`.execute(db);
  const moved = {
    cultural_societies: affected(await sql`UPDATE cultural_societies SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
