import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, moveLinks, type OrgReassignment, type OrgRepath, repath } from '../../platform/repath.js';

export type ProjectRow = {
  id: number;
  title: string;
  kind: string;
  brand: string;
  level: string;
  lead_org_id: number;
  owner_path: string;
  region_path: string;
  budget_yuan: number | null;
  starts_on: string;
  ends_on: string;
  status: string;
  results: string;
  version: number;
  host_count: number;
};

const cols = sql`p.id, p.title, p.kind, p.brand, p.level, p.lead_org_id, p.owner_path::text AS owner_path, p.region_path::text AS region_path,
  p.budget_yuan::float8 AS budget_yuan, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on, p.status, p.results, p.version,
  (SELECT count(*) FROM project_hosts h WHERE h.project_id = p.id)::int AS host_count`;

export async function insertProject(
  db: Db,
  p: {
    title: string;
    kind: string;
    brand: string;
    level: string;
    lead_org_id: number;
    owner_path: string;
    region_code: string;
    region_path: string;
    budget_yuan: number | null;
    starts_on: string;
    ends_on: string;
    created_by: number | null;
  },
): Promise<number> {
  return (
    await sql<{
      id: number;
    }>`INSERT INTO projects (title, kind, brand, level, lead_org_id, owner_path, region_code, region_path, budget_yuan, starts_on, ends_on, created_by)
      VALUES (${p.title}, ${p.kind}, ${p.brand}, ${p.level}, ${p.lead_org_id}, ${p.owner_path}::ltree, ${p.region_code}, ${p.region_path}::ltree, ${p.budget_yuan},
        ${p.starts_on}::date, ${p.ends_on}::date, ${p.created_by}) RETURNING id`.execute(db)
  ).rows[0]!.id;
}

export async function insertHosts(db: Db, projectId: number, hosts: Array<{ org_id: number; org_path: string; role: 'lead' | 'co' }>): Promise<void> {
  await sql`INSERT INTO project_hosts (project_id, org_id, org_path, role)
    SELECT ${projectId}, h.org_id, h.org_path::ltree, h.role FROM unnest(${hosts.map((h) => h.org_id)}::bigint[], ${hosts.map((h) => h.org_path)}::text[], ${hosts.map((h) => h.role)}::text[]) AS h(org_id, org_path, role)
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function insertMilestones(
  db: Db,
  projectId: number,
  ms: Array<{ title: string; owner_org_id: number; due_on: string; weight: number }>,
): Promise<void> {
  await db
    .insertInto('project_milestones')
    .values(ms.map((m) => ({ project_id: projectId, ...m })))
    .execute();
}

export async function list(db: Db, scope: ScopeSql, f: { level?: string; id?: number }): Promise<ProjectRow[]> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.level) parts.push(sql<SqlBool>`p.level = ${f.level}`);
  if (f.id !== undefined) parts.push(sql<SqlBool>`p.id = ${f.id}`);
  return (await sql<ProjectRow>`SELECT ${cols} FROM projects p WHERE ${sql.join(parts, sql` AND `)} ORDER BY p.ends_on, p.id LIMIT 2000`.execute(db)).rows;
}

export type MilestoneRow = {
  id: number;
  project_id: number;
  title: string;
  owner_org_id: number;
  due_on: string;
  weight: number;
  progress: number;
  done_on: string | null;
};

export async function listMilestones(db: Db, projectIds: number[]): Promise<MilestoneRow[]> {
  if (projectIds.length === 0) return [];
  return (
    await sql<MilestoneRow>`SELECT id, project_id, title, owner_org_id, due_on::text AS due_on, weight, progress, done_on::text AS done_on
      FROM project_milestones WHERE project_id = ANY(${projectIds}::bigint[]) ORDER BY project_id, due_on, id`.execute(db)
  ).rows;
}

export async function listHosts(db: Db, projectId: number) {
  return (
    await sql<{
      org_id: number;
      org_path: string;
      role: string;
    }>`SELECT org_id, org_path::text AS org_path, role FROM project_hosts WHERE project_id = ${projectId} ORDER BY role DESC, org_id`.execute(db)
  ).rows;
}

export async function lockProject(db: Db, id: number): Promise<void> {
  await sql`SELECT 1 FROM projects WHERE id = ${id} FOR UPDATE`.execute(db);
}

export async function setMilestoneProgress(db: Db, id: number, progress: number, today: string): Promise<void> {
  await sql`UPDATE project_milestones SET progress = ${progress}, done_on = CASE WHEN ${progress}::int = 100 THEN coalesce(done_on, ${today}::date) ELSE NULL END WHERE id = ${id}`.execute(
    db,
  );
}

export async function insertReport(
  db: Db,
  r: { project_id: number; milestone_id: number | null; org_id: number; progress: number | null; note: string; risk: string; actor_name: string },
): Promise<void> {
  await db.insertInto('project_reports').values(r).execute();
}

export async function listReports(db: Db, projectId: number) {
  return (
    await sql<{ milestone: string | null; org_id: number; progress: number | null; note: string; risk: string; actor_name: string; at: Date }>`
      SELECT m.title AS milestone, r.org_id, r.progress, r.note, r.risk, r.actor_name, r.at FROM project_reports r LEFT JOIN project_milestones m ON m.id = r.milestone_id
      WHERE r.project_id = ${projectId} ORDER BY r.id DESC LIMIT 100`.execute(db)
  ).rows;
}

/** The next scheduled quarterly meeting run by the project's owner (for raising a risk as a topic). */
export async function nextQuarterlyOccurrence(db: Db, ownerPath: string, today: string): Promise<{ id: number; org_id: number } | undefined> {
  return (
    await sql<{ id: number; org_id: number }>`SELECT o.id, s.secretariat_org_id AS org_id FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
      WHERE s.cadence = 'quarterly' AND s.secretariat_path = ${ownerPath}::ltree AND o.status = 'scheduled' AND o.planned_day >= ${today}::date
      ORDER BY o.planned_day LIMIT 1`.execute(db)
  ).rows[0];
}

/** Copied organization paths of projects and their hosts under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE projects SET owner_path = ${repath('owner_path', p)} WHERE owner_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE project_hosts SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/** Organization merge: projects the merged unit leads or co-hosts, its milestones and reports go to the survivor (a lead role wins). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  await sql`DELETE FROM project_hosts y WHERE y.org_id = ${m.toId} AND y.role = 'co' AND EXISTS (SELECT 1 FROM project_hosts x WHERE x.project_id = y.project_id AND x.org_id = ${m.fromId} AND x.role = 'lead')`.execute(
    db,
  );
  const moved = {
    projects: affected(await sql`UPDATE projects SET lead_org_id = ${m.toId} WHERE lead_org_id = ${m.fromId}`.execute(db)),
    project_hosts: await moveLinks(db, 'project_hosts', 'project_id', m),
    project_milestones: affected(await sql`UPDATE project_milestones SET owner_org_id = ${m.toId} WHERE owner_org_id = ${m.fromId}`.execute(db)),
    project_reports: affected(await sql`UPDATE project_reports SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
