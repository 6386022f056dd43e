import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { orgScope, regionScope } from '../../platform/scope.js';

/** Skills a volunteer can offer (free tags beyond these are allowed, these are suggested). */
export const SKILL_SUGGESTIONS = [
  'first_aid',
  'teaching',
  'legal',
  'psychology',
  'elderly_care',
  'photography',
  'translation',
  'it',
  'event',
  'driving',
] as const;

/** Volunteers are anchored to a region: staff see those registered in their region subtree. */
export const volunteerScope = (actor: Actor): RawBuilder<SqlBool> => regionScope(actor, 'v.region_path');

/** Needs belong to the posting organization. */
export const needScope = (actor: Actor): RawBuilder<SqlBool> => orgScope(actor, 'n.org_path', 'n.region_path');

/** Hours belong to the recording organization. */
export const hoursScope = (actor: Actor): RawBuilder<SqlBool> => orgScope(actor, 'ho.path', 'ho.region_path');

/** Writes on needs and hours stay in the actor's own organization subtree. */
export const needWriteScope = (actor: Actor): RawBuilder<SqlBool> => sql<SqlBool>`n.org_path <@ ${actor.scope.orgPath}::ltree`;
export const hoursWriteScope = (actor: Actor): RawBuilder<SqlBool> => sql<SqlBool>`ho.path <@ ${actor.scope.orgPath}::ltree`;

/** The certificate number: year and a running number, unique. */
export const certificateNumber = (year: number, id: number): string => `QH-VC-${year}-${String(id).padStart(8, '0')}`;

/** Hours are kept to the quarter hour. */
export const validHours = (h: number): boolean => h > 0 && h <= 24 && Math.round(h * 4) === h * 4;
