import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from './auth/actor.js';

declare const scopeBrand: unique symbol;

/**
 * The condition a repository's read or write is limited by: what the caller may see or change. Repositories take
 * this type, never a plain SQL fragment, so no caller can hand one `true`. It is built from an actor's scope by the
 * builders below or by a module's policy (`asScope`, which lint allows in `*.policy.ts` files only); going without a
 * scope takes `unscoped(use)`, with one of the reviewed uses listed in docs/CONVENTIONS.md.
 */
export type ScopeSql = RawBuilder<SqlBool> & { readonly [scopeBrand]: true };

/** A module policy's predicate over the actor's scope, marked as a scope (in `*.policy.ts` files only). */
export const asScope = (predicate: RawBuilder<SqlBool>): ScopeSql => predicate as ScopeSql;

/** Any of the predicates; nothing when there is none. */
export const anyOf = (parts: RawBuilder<SqlBool>[]): ScopeSql =>
  asScope(parts.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`);

/** Nothing is in scope: the caller holds no right that a predicate would grant. */
export const noScope: ScopeSql = asScope(sql<SqlBool>`false`);

/**
 * The reviewed reasons a read or write may go without the caller's scope (docs/CONVENTIONS.md lists each use):
 * - `checked`: the row was found under the caller's scope, or written by the caller, earlier in the same use case
 *   (a re-read after a write, the receipt of a submission, the next step of the same use case);
 * - `system`: work the platform does for itself (jobs, reminders, expiries), with no caller;
 * - `portal`: the citizen portal, whose reads are limited by what is published or open, or by the citizen's own
 *   person id, in the same statement or checked by the use case before anything is shown or written;
 * - `token`: a row named by a signed token or a secret the caller presented (a member card's QR, a certificate's
 *   verification code), checked before the row is read;
 * - `directory`: a unit named as the target of an act (a transfer, a co-handler, a routing rule's unit, the unit
 *   routing chose): only its name, path and status are read, and the use case checks it is active.
 */
export type UnscopedUse = 'checked' | 'system' | 'portal' | 'token' | 'directory';

/** No scope, for one of the reviewed uses. */
export const unscoped = (_use: UnscopedUse): ScopeSql => asScope(sql<SqlBool>`true`);

/**
 * The SQL predicate for "inside the actor's scope" on a table carrying an organization path and a region path:
 * the organization subtree, or — for cross-type roles — the whole region subtree.
 */
export function orgScope(actor: Actor, orgPathCol: string, regionPathCol: string): ScopeSql {
  if (actor.scope.crossType) return asScope(sql<SqlBool>`${sql.ref(regionPathCol)} <@ ${actor.scope.regionPath}::ltree`);
  // A unit's region always lies within its parent's (checked on create and move), so the organization
  // subtree is already inside the region subtree: one indexed predicate suffices.
  return asScope(sql<SqlBool>`${sql.ref(orgPathCol)} <@ ${actor.scope.orgPath}::ltree`);
}

/** The organization subtree of the actor only (writes: cross-type roles read more widely than they change). */
export function orgSubtree(actor: Actor, orgPathCol: string): ScopeSql {
  return asScope(sql<SqlBool>`${sql.ref(orgPathCol)} <@ ${actor.scope.orgPath}::ltree`);
}

/** The SQL predicate for records anchored to a region (people, venues, requests). */
export function regionScope(actor: Actor, regionPathCol: string): ScopeSql {
  return asScope(sql<SqlBool>`${sql.ref(regionPathCol)} <@ ${actor.scope.regionPath}::ltree`);
}

/** The same test in code, for a path already loaded: `path` equals `root` or lies below it. */
export const pathWithin = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);
