import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { orgScope, pathWithin } from '../../platform/scope.js';

/** Reads: the organization subtree, or the region subtree for cross-type roles. */
export const readScope = (actor: Actor, alias = 'o'): RawBuilder<SqlBool> => orgScope(actor, `${alias}.path`, `${alias}.region_path`);

/** Writes never cross organization types: only the account's own organization subtree. */
export const writeScope = (actor: Actor, alias = 'o'): RawBuilder<SqlBool> => sql<SqlBool>`${sql.ref(`${alias}.path`)} <@ ${actor.scope.orgPath}::ltree`;

/** A unit's level follows its region, except a unit of one enterprise or institution, which is a grassroots unit. */
export function levelFor(regionLevel: string, hasEnterprise: boolean): string {
  if (hasEnterprise) return 'grassroots';
  return regionLevel;
}

/** A child's region lies inside its parent's region. */
export const regionFits = (childRegionPath: string, parentRegionPath: string): boolean => pathWithin(childRegionPath, parentRegionPath);
