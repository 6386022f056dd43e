import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, regionScope, type ScopeSql } from '../../platform/scope.js';

/** Volunteers are anchored to a region: staff see those registered in their region subtree. */
export const volunteerScope = (actor: Actor): ScopeSql => regionScope(actor, 'v.region_path');

/** Needs belong to the posting organization. */
export const needScope = (actor: Actor): ScopeSql => orgScope(actor, 'n.org_path', 'n.region_path');

/** Hours belong to the recording organization. */
export const hoursScope = (actor: Actor): ScopeSql => orgScope(actor, 'ho.path', 'ho.region_path');

/** Writes on needs and hours stay in the actor's own organization subtree. */
export const needWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`n.org_path <@ ${actor.scope.orgPath}::ltree`);
export const hoursWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`ho.path <@ ${actor.scope.orgPath}::ltree`);

/** Needs a citizen may apply to: open and not yet over. */
export const openNeedScope: ScopeSql = asScope(sql<SqlBool>`n.status = 'open' AND n.ends_at > now()`);

/** The certificate number: year and a running number, unique. */
export const certificateNumber = (year: number, id: number): string => `QH-VC-${year}-${String(id).padStart(8, '0')}`;

/** Hours are kept to the quarter hour. */
export const validHours = (h: number): boolean => h > 0 && h <= 24 && Math.round(h * 4) === h * 4;
