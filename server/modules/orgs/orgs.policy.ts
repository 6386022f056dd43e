import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, orgSubtree, pathWithin, type ScopeSql } from '../../platform/scope.js';

/** Reads: the organization subtree, or the region subtree for cross-type roles. */
export const readScope = (actor: Actor, alias = 'o'): ScopeSql => orgScope(actor, `${alias}.path`, `${alias}.region_path`);

/** Writes never cross organization types: only the account's own organization subtree. */
export const writeScope = (actor: Actor, alias = 'o'): ScopeSql => orgSubtree(actor, `${alias}.path`);

/**
 * Active partner organizations of one type, whatever the actor's subtree (a merchant serves members of every union).
 */
export const partnersOfTypeScope = (typeCode: string): ScopeSql =>
  asScope(sql<SqlBool>`o.type_code = ${typeCode} AND o.status = 'active' AND EXISTS (SELECT 1 FROM org_types t WHERE t.code = o.type_code AND t.is_partner)`);

/** Directory data any caller may read: active organizations (name, path, level). */
export const activeOrgsScope: ScopeSql = asScope(sql<SqlBool>`o.status = 'active'`);

/** The portal's unit search: units at the given levels (the caller adds the type, the text and the active status). */
export const levelsScope = (levels: readonly string[]): ScopeSql => asScope(sql<SqlBool>`o.level IN (${sql.join(levels.map((l) => sql`${l}`))})`);

/** Organizations by id, whatever the actor (names are not confidential; the caller decides whom it names). */
export const namedOrgsScope = (ids: readonly number[]): ScopeSql => asScope(sql<SqlBool>`o.id = ANY(${ids}::bigint[])`);

/** A unit's level follows its region, except a unit of one enterprise or institution, which is a grassroots unit. */
export function levelFor(regionLevel: string, hasEnterprise: boolean): string {
  if (hasEnterprise) return 'grassroots';
  return regionLevel;
}

/** A child's region lies inside its parent's region. */
export const regionFits = (childRegionPath: string, parentRegionPath: string): boolean => pathWithin(childRegionPath, parentRegionPath);
