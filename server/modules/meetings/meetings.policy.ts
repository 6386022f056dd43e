/**
 * Rules of joint meetings: the scope of series, items and projects, the nominal dates of a cadence, the action-item
 * state machine and project health.
 */
import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, type ScopeSql, regionScope } from '../../platform/scope.js';

export type Cadence = 'monthly' | 'quarterly' | 'yearly' | 'ad_hoc';
export type ItemStatus = 'assigned' | 'clarification' | 'accepted' | 'submitted' | 'closed';

// Scope.

/** Series an organization (or one below it) runs as secretariat or sits in as a member (also a feed token's organization). */
export const ownSeries = (orgPath: string, alias = 's'): ScopeSql => {
  const s = (c: string) => sql.ref(`${alias}.${c}`);
  return asScope(sql<SqlBool>`(${s('secretariat_path')} <@ ${orgPath}::ltree
    OR EXISTS (SELECT 1 FROM meeting_members m WHERE m.series_id = ${s('id')} AND m.org_path <@ ${orgPath}::ltree))`);
};

/** Series, occurrences and agenda: what the actor runs, takes part in, or (cross-type) what lies in its region. */
export const seriesScope = (actor: Actor, alias = 's'): ScopeSql => {
  const own = ownSeries(actor.scope.orgPath, alias);
  return actor.scope.crossType ? asScope(sql<SqlBool>`(${own} OR ${sql.ref(`${alias}.region_path`)} <@ ${actor.scope.regionPath}::ltree)`) : own;
};

/** Action items: the secretariat's, the lead's and co-organizations', and (cross-type) those of the region. */
export const itemScope = (actor: Actor): ScopeSql => {
  const own = sql<SqlBool>`(i.secretariat_path <@ ${actor.scope.orgPath}::ltree
    OR EXISTS (SELECT 1 FROM action_item_orgs ao WHERE ao.item_id = i.id AND ao.org_path <@ ${actor.scope.orgPath}::ltree))`;
  return asScope(actor.scope.crossType ? sql<SqlBool>`(${own} OR i.region_path <@ ${actor.scope.regionPath}::ltree)` : own);
};

/** The supervision queue of an actor that is not cross-type: the items of the series its organization's tree runs. */
export const secretariatItemScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`i.secretariat_path <@ ${actor.scope.orgPath}::ltree`);

/** The supervision queue: a coordination office (cross-type) sees the items of its region, a secretariat its own. */
export const supervisionScope = (actor: Actor): ScopeSql => (actor.scope.crossType ? regionScope(actor, 'i.region_path') : secretariatItemScope(actor));

/** Projects: the owner's (the coordination office that registered it), the hosts', and (cross-type) the region's. */
export const projectScope = (actor: Actor): ScopeSql => {
  const own = sql<SqlBool>`(p.owner_path <@ ${actor.scope.orgPath}::ltree
    OR EXISTS (SELECT 1 FROM project_hosts h WHERE h.project_id = p.id AND h.org_path <@ ${actor.scope.orgPath}::ltree))`;
  return asScope(actor.scope.crossType ? sql<SqlBool>`(${own} OR p.region_path <@ ${actor.scope.regionPath}::ltree)` : own);
};

// Action items.

/** An item without any event for this many days is stalled and escalates like an overdue one. */
export const STALLED_DAYS = 30;
/** At most this many occurrences are scheduled by one call. */
export const MAX_GENERATED = 60;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The nominal (unshifted) meeting dates of a cadence in [from, to]: the anchor day of every month, of the anchor
 * month's position in every quarter, or of the anchor month every year. Shifting to working days is the service's.
 */
export function nominalDays(cadence: Cadence, anchorDay: number, anchorMonth: number, from: string, to: string): string[] {
  if (cadence === 'ad_hoc') return [];
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    const fits = cadence === 'monthly' || (cadence === 'quarterly' && (m - 1) % 3 === (anchorMonth - 1) % 3) || (cadence === 'yearly' && m === anchorMonth);
    const d = `${y}-${pad(m)}-${pad(anchorDay)}`;
    if (fits && d >= from && d <= to) out.push(d);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The China-time instant of a day and HH:MM. */
export const chinaInstant = (day: string, time: string): Date => new Date(`${day}T${time}:00+08:00`);

export const isOpen = (status: string): boolean => status !== 'closed';

/** Overdue: open and its deadline has passed (the deadline day itself is still in time). */
export const isOverdue = (status: string, dueOn: string, today: string): boolean => isOpen(status) && dueOn < today;

export const isStalled = (status: string, lastActivity: Date, now: Date): boolean =>
  (status === 'accepted' || status === 'assigned') && now.getTime() - lastActivity.getTime() > STALLED_DAYS * 86_400_000;

export type ItemAction = 'accept' | 'clarification' | 'clarify' | 'progress' | 'extension' | 'extension_decision' | 'submit' | 'close' | 'return';

/** Which states each action may start from. */
export const FROM: Record<ItemAction, readonly ItemStatus[]> = {
  accept: ['assigned'],
  clarification: ['assigned'],
  clarify: ['clarification'],
  progress: ['accepted'],
  extension: ['accepted'],
  extension_decision: ['accepted', 'submitted'],
  submit: ['accepted'],
  close: ['submitted'],
  return: ['submitted'],
};

export const TO: Partial<Record<ItemAction, ItemStatus>> = {
  accept: 'accepted',
  clarification: 'clarification',
  clarify: 'assigned',
  submit: 'submitted',
  close: 'closed',
  return: 'accepted',
};

export const canDo = (action: ItemAction, status: string): boolean => (FROM[action] as readonly string[]).includes(status);

// Projects.

export type Health = 'on_time' | 'at_risk' | 'late' | 'done';
/** An open milestone due within this many days and less than half done puts its project at risk. */
export const AT_RISK_DAYS = 14;

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A project's progress: its milestones' progress weighted by their weights (0 without milestones). */
export function rollUp(ms: Array<{ weight: number; progress: number }>): number {
  const w = ms.reduce((a, m) => a + m.weight, 0);
  return w === 0 ? 0 : Math.round(ms.reduce((a, m) => a + m.weight * m.progress, 0) / w);
}

/**
 * Done when closed or every milestone is done; late when a milestone or the project is past due unfinished; at risk
 * when a milestone due soon is less than half done or progress trails the elapsed time by more than 25 points.
 */
export function health(
  p: { status: string; starts_on: string; ends_on: string },
  ms: Array<{ weight: number; progress: number; due_on: string }>,
  today: string,
): Health {
  if (p.status === 'done' || (ms.length > 0 && ms.every((m) => m.progress === 100))) return 'done';
  if (p.ends_on < today || ms.some((m) => m.progress < 100 && m.due_on < today)) return 'late';
  if (ms.some((m) => m.progress < 50 && daysBetween(today, m.due_on) <= AT_RISK_DAYS)) return 'at_risk';
  const span = Math.max(1, daysBetween(p.starts_on, p.ends_on));
  const elapsed = Math.min(100, Math.max(0, (daysBetween(p.starts_on, today) / span) * 100));
  return elapsed - rollUp(ms) > 25 ? 'at_risk' : 'on_time';
}
