import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

/** Societies are read in the sponsoring organization's subtree (cross-type roles: the region subtree). */
export const readScope = (actor: Actor): ScopeSql => orgScope(actor, 's.org_path', 's.region_path');
/** Written only in the actor's own organization subtree. */
export const writeScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`s.org_path <@ ${actor.scope.orgPath}::ltree`);
