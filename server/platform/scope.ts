import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from './auth/actor.js';

/**
 * The SQL predicate for "inside the actor's scope" on a table carrying an organization path and a region path:
 * the organization subtree, or — for cross-type roles — the whole region subtree.
 */
export function orgScope(actor: Actor, orgPathCol: string, regionPathCol: string): RawBuilder<SqlBool> {
  if (actor.scope.crossType) return sql<SqlBool>`${sql.ref(regionPathCol)} <@ ${actor.scope.regionPath}::ltree`;
  // A unit's region always lies within its parent's (checked on create and move), so the organization
  // subtree is already inside the region subtree: one indexed predicate suffices.
  return sql<SqlBool>`${sql.ref(orgPathCol)} <@ ${actor.scope.orgPath}::ltree`;
}

/** The SQL predicate for records anchored to a region (people, venues, requests). */
export function regionScope(actor: Actor, regionPathCol: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(regionPathCol)} <@ ${actor.scope.regionPath}::ltree`;
}

/** The same test in code, for a path already loaded: `path` equals `root` or lies below it. */
export const pathWithin = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);
