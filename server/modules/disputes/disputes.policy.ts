import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { asScope, noScope, orgScope, type ScopeSql } from '../../platform/scope.js';
import { DISPUTE_OUTCOMES, DISPUTE_STATUSES, type DisputeOutcome, type DisputeStatus } from '../../../contracts/disputes.enums.js';

// The value lists live in the contract, which the web's forms read too.
export { CLOSE_OUTCOMES } from '../../../contracts/disputes.enums.js';
export const STATUSES = DISPUTE_STATUSES;
export type Status = DisputeStatus;
export const OUTCOMES = DISPUTE_OUTCOMES;
export type Outcome = DisputeOutcome;

/** Outcomes that count as mediated successfully (调解成功): an agreement, judicially confirmed or not. */
export const SUCCESS_OUTCOMES: readonly Outcome[] = ['mediated', 'confirmed'];

/** Only these organization types open cases. */
export const OPENER_TYPES = ['union', 'women'];

/** The partner agency type that gives judicial confirmation (司法确认). */
export const CONFIRMING_TYPE = 'court';

/** Reads by the opener's side: the opening unit's subtree, or the region subtree for cross-type roles. */
export const openerReadScope = (actor: Actor): ScopeSql => (actor.permissions.has('dispute.read') ? orgScope(actor, 'o.path', 'o.region_path') : noScope);

/** Acting as opener never crosses organization types: the account's own organization subtree. */
export const openerWriteScope = (actor: Actor): ScopeSql =>
  actor.permissions.has('dispute.manage') ? asScope(sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree`) : noScope;

/** A partner agency sees a case only while an invitation to a unit in its subtree is pending or accepted. */
export const partnerScope = (actor: Actor, statuses: readonly string[] = ['pending', 'accepted']): ScopeSql =>
  actor.permissions.has('dispute.partner')
    ? asScope(sql<SqlBool>`EXISTS (SELECT 1 FROM dispute_invitations i JOIN orgs io ON io.id = i.org_id
        WHERE i.case_id = d.id AND i.status = ANY(${statuses as string[]}::text[]) AND io.path <@ ${actor.scope.orgPath}::ltree)`)
    : noScope;

export type ActionKind = 'invite' | 'withdraw' | 'accept' | 'decline' | 'session' | 'agreement' | 'confirm' | 'refer' | 'close';

/** Who may take a step: the opener's side, an invited partner (pending or accepted), or an accepted partner. */
export type Side = 'opener' | 'partner_pending' | 'partner_accepted' | 'court_accepted';

type Rule = { from: readonly Status[]; to: Status | null; sides: readonly Side[] };

const OPEN: readonly Status[] = ['open', 'mediating', 'agreed', 'confirmed', 'referred'];

/** The state machine: the statuses each step accepts, where it leads and who takes it. */
export const ACTIONS: Record<ActionKind, Rule> = {
  invite: { from: ['open', 'mediating', 'agreed'], to: null, sides: ['opener'] },
  withdraw: { from: OPEN, to: null, sides: ['opener'] },
  accept: { from: OPEN, to: null, sides: ['partner_pending', 'partner_accepted'] },
  decline: { from: OPEN, to: null, sides: ['partner_pending', 'partner_accepted'] },
  session: { from: ['open', 'mediating'], to: 'mediating', sides: ['opener', 'partner_accepted'] },
  agreement: { from: ['open', 'mediating'], to: 'agreed', sides: ['opener', 'partner_accepted'] },
  confirm: { from: ['agreed'], to: 'confirmed', sides: ['court_accepted'] },
  refer: { from: ['open', 'mediating'], to: 'referred', sides: ['opener'] },
  close: { from: OPEN, to: 'closed', sides: ['opener'] },
};

/** Checks the side first (403 for a visible case the caller may not act on), then the state (409). */
export function requireTransition(kind: ActionKind, status: string, sides: ReadonlySet<Side>): Rule {
  const rule = ACTIONS[kind];
  if (!rule.sides.some((s) => sides.has(s))) throw new AppError('FORBIDDEN');
  if (!rule.from.includes(status as Status)) throw new AppError('INVALID_STATE', 'status', { status });
  return rule;
}

/** Today's date in China (UTC+8, no daylight saving). */
export { chinaToday } from '../../platform/time.js';

/** Money in yuan with at most two decimals, as the numeric column stores it. */
export function requireYuan(v: number, field: string): number {
  if (!Number.isFinite(v) || v < 0 || v > 1e11) throw new AppError('VALIDATION', field, { reason: 'invalid' });
  if (Math.round(v * 100) !== Number((v * 100).toFixed(6))) throw new AppError('VALIDATION', field, { reason: 'invalid' });
  return Math.round(v * 100) / 100;
}
