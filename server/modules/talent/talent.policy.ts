import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

/** The upper age of youth (青年) in the national youth development plan: 14 to 35. */
export const YOUTH_MAX_AGE = 35;
export const YOUTH_MIN_AGE = 14;

/** Programmes are read in the owning organization's subtree (cross-type roles: the region subtree). */
export const readScope = (actor: Actor): ScopeSql => orgScope(actor, 'tp.org_path', 'tp.region_path');
/** Written only in the actor's own organization subtree. */
export const writeScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`tp.org_path <@ ${actor.scope.orgPath}::ltree`);

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Why a person may not enrol (null: eligible). Unknown gender or birth date refuses, never guesses. */
export function ineligibility(eligibility: string, p: { gender: string | null; birthDate: string | null }, today: string): string | null {
  if (eligibility === 'women') {
    if (!p.gender) return 'gender_unknown';
    return p.gender === 'female' ? null : 'women_only';
  }
  if (eligibility === 'youth') {
    if (!p.birthDate) return 'birth_date_unknown';
    const age = ageOn(p.birthDate, today);
    return age >= YOUTH_MIN_AGE && age <= YOUTH_MAX_AGE ? null : 'youth_only';
  }
  return null;
}

/** A pass completes only with the required sessions attended. */
export const canPass = (attended: number, required: number): boolean => attended >= required;

/** The certificate number: year and a running number, unique. */
export const certificateNumber = (year: number, id: number): string => `QH-TC-${year}-${String(id).padStart(8, '0')}`;
