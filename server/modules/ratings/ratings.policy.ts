import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

/** Five levels, 1 非常满意 … 5 非常不满意 (国办发〔2019〕51号). */
export const RATING_LEVELS: Record<number, { zh: string; en: string }> = {
  1: { zh: '非常满意', en: 'Very satisfied' },
  2: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '不满意', en: 'Dissatisfied' },
  5: { zh: '非常不满意', en: 'Very dissatisfied' },
};

export const SUBJECT_TYPES = ['request', 'activity', 'service', 'benefit'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The last two levels are bad reviews (差评). */
export const isBad = (level: number): boolean => level >= 4;

/** A bad review is rectified within this many working days (Sichuan rule). */
export const RECTIFY_WORKING_DAYS = 15;

export const levelLabel = (level: number): string => RATING_LEVELS[level]?.zh ?? '';

/** Reads: the rated unit lies in my organization subtree, or in my region subtree for cross-type roles. */
export const readScope = (actor: Actor): ScopeSql => orgScope(actor, 'o.path', 'o.region_path');

/** Acting for the rated unit (rectify, appeal) never crosses organization types: my own organization subtree. */
export const writeScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree`);

/** Deciding an appeal: the reviewing unit (the rated unit's parent) is my organization or lies below it, and the rated unit is strictly below me. */
export const reviewScope = (actor: Actor): ScopeSql =>
  asScope(sql<SqlBool>`ro.path <@ ${actor.scope.orgPath}::ltree AND o.path <> ${actor.scope.orgPath}::ltree`);

/** A calendar month YYYY-MM → [first day, first day of the next month). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** A rate in [0, 1] rounded to four places, or null when nothing was counted. */
export const rate = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

/** Today's date in China (UTC+8, no daylight saving). */
export { chinaToday } from '../../platform/time.js';
