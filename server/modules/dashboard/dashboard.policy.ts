import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Area } from './dashboard.repository.js';

/** The area a dashboard request may show: the actor's region subtree, narrowed by the filters. */
export function allowedArea(actor: Actor): Area | null {
  const parts = actor.scope.regionPath.split('.');
  if (parts.length === 1) return { district: '*', street: '*' };
  if (parts.length === 2) return { district: parts[1]!, street: '*' };
  if (parts.length === 3) return { district: parts[1]!, street: parts[2]! };
  // A community-level account has no dashboard: a street figure would include its neighbours.
  return null;
}

/**
 * Resolves the requested district and street against the actor's scope. An area outside the scope is
 * NOT_FOUND (its existence is not confirmed), as for every out-of-scope read.
 */
export function resolveArea(actor: Actor, q: { district?: string; street?: string }, streetParent: string | null): Area {
  const own = allowedArea(actor);
  if (!own) throw new AppError('NOT_FOUND');
  let district = q.district ?? own.district;
  let street = q.street ?? own.street;
  if (q.street && !q.district && streetParent) district = streetParent;
  if (street !== '*' && streetParent !== null && streetParent !== district) throw new AppError('NOT_FOUND', 'query.street');
  if (own.district !== '*' && district !== own.district) throw new AppError('NOT_FOUND', 'query.district');
  if (own.street !== '*' && street !== own.street) throw new AppError('NOT_FOUND', 'query.street');
  if (district === '*' && street !== '*') street = '*';
  return { district, street };
}

/** Metrics whose monthly values make the trend lines. */
export { TREND_METRICS } from '../../../contracts/dashboard.enums.js';
/** Rating levels that count as satisfied (非常满意, 满意, 基本满意), as in the ratings module's index. */
export const SATISFIED_LEVELS = ['1', '2', '3'];
export const MEDIATED_OUTCOMES = ['mediated', 'confirmed'];
