import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeEscape } from '../../platform/sql-text.js';

export type OrgRow = {
  id: number;
  type_code: string;
  parent_id: number | null;
  path: string;
  name: string;
  level: string;
  region_code: string;
  region_name: string;
  region_path: string;
  credit_code: string | null;
  enterprise_name: string | null;
  party_group: boolean;
  status: string;
  version: number;
  child_count: number;
  created_at: Date;
  updated_at: Date;
};

const cols = sql`o.id, o.type_code, o.parent_id, o.path::text AS path, o.name, o.level, o.region_code, r.name AS region_name,
  o.region_path::text AS region_path, o.credit_code, o.enterprise_name, o.party_group, o.status, o.version,
  (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id AND c.status = 'active')::int AS child_count, o.created_at, o.updated_at`;

export type OrgFilter = {
  typeCode?: string;
  parentId?: number | null;
  rootsOnly?: boolean;
  q?: string;
  level?: string;
  status?: string;
  regionPath?: string;
  under?: string;
};

export const SORTS = { name: sql`o.name`, level: sql`nlevel(o.path)`, created: sql`o.created_at`, region: sql`o.region_code` } as const;

function whereOf(scope: ScopeSql, f: OrgFilter) {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.typeCode) parts.push(sql<SqlBool>`o.type_code = ${f.typeCode}`);
  if (f.parentId !== undefined && f.parentId !== null) parts.push(sql<SqlBool>`o.parent_id = ${f.parentId}`);
  if (f.q) {
    const like = likeEscape(f.q);
    parts.push(sql<SqlBool>`(o.name LIKE ${'%' + like + '%'} OR o.credit_code = ${f.q.toUpperCase()})`);
  }
  if (f.level) parts.push(sql<SqlBool>`o.level = ${f.level}`);
  if (f.status) parts.push(sql<SqlBool>`o.status = ${f.status}`);
  if (f.regionPath) parts.push(sql<SqlBool>`o.region_path <@ ${f.regionPath}::ltree`);
  if (f.under) parts.push(sql<SqlBool>`o.path <@ ${f.under}::ltree`);
  return sql.join(parts, sql` AND `);
}

/** One page and the total in one statement: the window count runs before LIMIT, the region join after it. */
export async function list(
  db: Db,
  scope: ScopeSql,
  f: OrgFilter,
  sort: keyof typeof SORTS,
  desc: boolean,
  limit: number,
  offset: number,
): Promise<{ rows: OrgRow[]; total: number }> {
  const where = whereOf(scope, f);
  const dir = desc ? sql`DESC` : sql`ASC`;
  const rows = (
    await sql<OrgRow & { total: number }>`WITH page AS (
        SELECT o.*, count(*) OVER () AS total FROM orgs o WHERE ${where}
        ORDER BY ${SORTS[sort]} ${dir}, o.id LIMIT ${limit} OFFSET ${offset})
      SELECT ${cols}, o.total::int AS total FROM page o JOIN regions r ON r.code = o.region_code ORDER BY ${SORTS[sort]} ${dir}, o.id`.execute(db)
  ).rows;
  if (rows.length > 0 || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM orgs o WHERE ${where}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

/** The topmost organizations of a type that the scope can see: those whose parent lies outside the scope. */
export async function listScopeRoots(db: Db, scope: ScopeSql, parentScope: ScopeSql, typeCode: string): Promise<OrgRow[]> {
  return (
    await sql<OrgRow>`SELECT ${cols} FROM orgs o JOIN regions r ON r.code = o.region_code
      WHERE ${scope} AND o.type_code = ${typeCode}
        AND NOT EXISTS (SELECT 1 FROM orgs p WHERE p.id = o.parent_id AND ${parentScope})
      ORDER BY o.path LIMIT 50`.execute(db)
  ).rows;
}

export async function findById(db: Db, scope: ScopeSql, id: number, lock = false): Promise<OrgRow | undefined> {
  const r =
    await sql<OrgRow>`SELECT ${cols} FROM orgs o JOIN regions r ON r.code = o.region_code WHERE o.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF o` : sql``}`.execute(
      db,
    );
  return r.rows[0];
}

export async function findAncestors(db: Db, path: string): Promise<Array<{ id: number; name: string }>> {
  return (
    await sql<{
      id: number;
      name: string;
    }>`SELECT o.id, o.name FROM orgs o WHERE o.path @> ${path}::ltree AND o.path <> ${path}::ltree ORDER BY nlevel(o.path)`.execute(db)
  ).rows;
}

export async function nextId(db: Db): Promise<number> {
  const r = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('orgs', 'id'))::bigint AS id`.execute(db);
  return Number(r.rows[0]!.id);
}

export type NewOrg = {
  id: number;
  type_code: string;
  parent_id: number | null;
  path: string;
  name: string;
  level: string;
  region_code: string;
  region_path: string;
  district_code: string | null;
  credit_code: string | null;
  enterprise_name: string | null;
  party_group: boolean;
};

export async function insert(db: Db, o: NewOrg): Promise<void> {
  await db.insertInto('orgs').values(o).execute();
}

export async function update(
  db: Db,
  id: number,
  version: number,
  set: Partial<{ name: string; credit_code: string | null; enterprise_name: string | null; party_group: boolean }>,
): Promise<boolean> {
  const r = await db
    .updateTable('orgs')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Re-roots a subtree: every path under `oldPath` now hangs under `newParentPath`. */
export async function moveSubtree(db: Db, id: number, oldPath: string, newParentPath: string, newParentId: number): Promise<number> {
  const r = await sql`UPDATE orgs SET path = ${newParentPath}::ltree || subpath(path, nlevel(${oldPath}::ltree) - 1),
      updated_at = now(), version = version + 1,
      parent_id = CASE WHEN id = ${id} THEN ${newParentId}::bigint ELSE parent_id END
    WHERE path <@ ${oldPath}::ltree`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function setSubtreeStatus(db: Db, path: string, status: 'active' | 'archived'): Promise<number> {
  const r =
    await sql`UPDATE orgs SET status = ${status}, updated_at = now(), version = version + 1 WHERE path <@ ${path}::ltree AND status <> ${status}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function insertHistory(db: Db, orgId: number, action: string, changes: Record<string, unknown>, actorId: number | null): Promise<void> {
  await db
    .insertInto('org_history')
    .values({ org_id: orgId, action, changes: JSON.stringify(changes), actor_id: actorId })
    .execute();
}

export type HistoryRow = { id: number; action: string; changes: unknown; actor_name: string | null; at: Date };

export async function listHistory(db: Db, orgId: number): Promise<HistoryRow[]> {
  return (
    await sql<HistoryRow>`SELECT h.id, h.action, h.changes, a.display_name AS actor_name, h.at FROM org_history h
      LEFT JOIN accounts a ON a.id = h.actor_id WHERE h.org_id = ${orgId} ORDER BY h.at DESC, h.id DESC LIMIT 200`.execute(db)
  ).rows;
}

export async function listTypes(db: Db) {
  return db.selectFrom('org_types').selectAll().orderBy('sort').execute();
}

export async function insertType(db: Db, t: { code: string; name_zh: string; name_en: string; is_partner: boolean }): Promise<void> {
  await db
    .insertInto('org_types')
    .values({ ...t, sort: 50 })
    .execute();
}

export type OrgBrief = {
  id: number;
  name: string;
  path: string;
  type_code: string;
  is_partner: boolean;
  level: string;
  region_code: string;
  region_path: string;
  status: string;
};

/** Names, paths and types of given organizations (for other modules' participation rows and labels). */
export async function findBriefs(db: Db, ids: number[]): Promise<OrgBrief[]> {
  if (ids.length === 0) return [];
  return (
    await sql<OrgBrief>`SELECT o.id, o.name, o.path::text AS path, o.type_code, t.is_partner, o.level, o.region_code, o.region_path::text AS region_path, o.status
      FROM orgs o JOIN org_types t ON t.code = o.type_code WHERE o.id = ANY(${ids}::bigint[])`.execute(db)
  ).rows;
}

export async function childrenOf(db: Db, id: number): Promise<Array<{ id: number; path: string }>> {
  return (await sql<{ id: number; path: string }>`SELECT id, path::text AS path FROM orgs WHERE parent_id = ${id} ORDER BY id FOR UPDATE`.execute(db)).rows;
}

export async function markMerged(db: Db, id: number, into: number): Promise<void> {
  await sql`UPDATE orgs SET status = 'merged', merged_into = ${into}, updated_at = now(), version = version + 1 WHERE id = ${id}`.execute(db);
}

export async function directChildren(db: Db, id: number): Promise<Array<{ id: number; name: string; path: string }>> {
  return (
    await sql<{
      id: number;
      name: string;
      path: string;
    }>`SELECT id, name, path::text AS path FROM orgs WHERE parent_id = ${id} AND status = 'active' ORDER BY name, id`.execute(db)
  ).rows;
}

/** A stamp that changes when any of these organizations change (for other modules' ETags). */
export async function stampOf(db: Db, ids: readonly number[]): Promise<string> {
  const r = await sql<{
    stamp: string;
  }>`SELECT concat_ws('/', count(*), max(updated_at), sum(version)) AS stamp FROM orgs WHERE id = ANY(${ids}::bigint[])`.execute(db);
  return r.rows[0]?.stamp ?? '';
}
