import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { orgScope } from '../../platform/scope.js';

export const STATUSES = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const CHANNELS = ['portal', 'phone', 'walk_in', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEVELS = ['community', 'street', 'district', 'city'] as const;
export type StartLevel = (typeof LEVELS)[number];

/** The levels routing may fall back through, from the category's start level up to the city. */
export const levelsFrom = (start: string): string[] => LEVELS.slice(Math.max(0, LEVELS.indexOf(start as StartLevel)));

/** Reads of the primary handler: the organization subtree, or the region subtree for cross-type roles. */
export const primaryReadScope = (actor: Actor): RawBuilder<SqlBool> => orgScope(actor, 'o.path', 'o.region_path');

/** Acting as primary handler never crosses organization types: the account's own organization subtree. */
export const primaryWriteScope = (actor: Actor): RawBuilder<SqlBool> => sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree`;

/** A co-handler grant (协办) to an organization in the actor's subtree opens that one request only. */
export const grantScope = (actor: Actor): RawBuilder<SqlBool> => sql<SqlBool>`EXISTS (
  SELECT 1 FROM access_grants g JOIN orgs go ON go.id = g.org_id
  WHERE g.object_type = 'request' AND g.object_id = r.id::text AND g.revoked_at IS NULL AND go.path <@ ${actor.scope.orgPath}::ltree)`;

/** Supervision looks at units strictly below the actor's organization. */
export const strictlyBelow = (actor: Actor): RawBuilder<SqlBool> =>
  sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree AND o.path <> ${actor.scope.orgPath}::ltree`;

/** Past a due date and not yet done (dates compared as China-local calendar dates). */
export const overdueSql = (today: string): RawBuilder<SqlBool> => sql<SqlBool>`(r.status <> 'closed' AND (
  (r.accepted_at IS NULL AND r.accept_due < ${today}::date) OR
  (r.responded_at IS NULL AND r.response_due < ${today}::date) OR
  (r.resolved_at IS NULL AND r.resolve_due < ${today}::date)))`;

export type ActionKind = 'accept' | 'respond' | 'note' | 'return' | 'escalate' | 'resolve' | 'close';

type Rule = { from: readonly Status[]; to: Status | null; primary: boolean; public: boolean };

/** Which statuses each action accepts, where it leads, whether only the primary handler may take it, and whether citizens see it. */
export const ACTIONS: Record<ActionKind | 'transfer' | 'dispatch' | 'co_handler' | 'supervise', Rule> = {
  accept: { from: ['dispatched', 'returned'], to: 'accepted', primary: true, public: true },
  respond: { from: ['accepted', 'in_progress'], to: 'in_progress', primary: true, public: true },
  note: { from: ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved'], to: null, primary: false, public: false },
  return: { from: ['dispatched', 'returned', 'accepted'], to: 'returned', primary: true, public: false },
  escalate: { from: ['dispatched', 'accepted', 'in_progress'], to: 'dispatched', primary: true, public: false },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved', primary: true, public: true },
  close: { from: ['resolved'], to: 'closed', primary: true, public: true },
  transfer: { from: ['dispatched', 'returned', 'accepted', 'in_progress'], to: 'dispatched', primary: true, public: false },
  dispatch: { from: ['dispatched', 'returned'], to: 'dispatched', primary: true, public: false },
  co_handler: { from: ['dispatched', 'returned', 'accepted', 'in_progress'], to: null, primary: true, public: false },
  supervise: { from: ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved'], to: null, primary: true, public: false },
};

export function requireTransition(kind: keyof typeof ACTIONS, status: string, primary: boolean): Rule {
  const rule = ACTIONS[kind];
  if (rule.primary && !primary) throw new AppError('FORBIDDEN');
  if (!rule.from.includes(status as Status)) throw new AppError('INVALID_STATE', 'status', { status });
  return rule;
}

export type FieldDef = {
  code: string;
  label: string;
  labelEn?: string;
  datatype: 'string' | 'number' | 'text' | 'singlevaluelist';
  required: boolean;
  values?: Array<{ key: string; name: string }>;
};
export type FieldValues = Record<string, string | number>;

const MAX_LEN: Record<string, number> = { string: 200, text: 2000 };

/** Checks the extra fields of a request against its category's definition; the error names `fields.<code>`. */
export function validateFields(defs: FieldDef[], values: FieldValues): FieldValues {
  const known = new Map(defs.map((d) => [d.code, d]));
  for (const key of Object.keys(values)) if (!known.has(key)) throw new AppError('VALIDATION', `fields.${key}`, { reason: 'unknown_field' });
  const out: FieldValues = {};
  for (const d of defs) {
    const field = `fields.${d.code}`;
    const v = values[d.code];
    if (v === undefined || v === '') {
      if (d.required) throw new AppError('VALIDATION', field, { reason: 'required' });
      continue;
    }
    if (d.datatype === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n) || (typeof v === 'string' && v.trim() === '')) throw new AppError('VALIDATION', field, { reason: 'type', expected: 'number' });
      out[d.code] = n;
    } else if (d.datatype === 'singlevaluelist') {
      if (!(d.values ?? []).some((x) => x.key === String(v))) throw new AppError('VALIDATION', field, { reason: 'enum' });
      out[d.code] = String(v);
    } else {
      if (typeof v !== 'string') throw new AppError('VALIDATION', field, { reason: 'type', expected: 'string' });
      const limit = MAX_LEN[d.datatype] ?? 200;
      if (Array.from(v).length > limit) throw new AppError('VALIDATION', field, { reason: 'maxLength', limit });
      out[d.code] = v.trim();
    }
  }
  return out;
}

/** A definition is itself checked when an administrator saves it: unique codes, lists with values. */
export function validateFieldDefs(defs: FieldDef[]): void {
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    if (seen.has(d.code)) throw new AppError('VALIDATION', `fields.${i}.code`, { reason: 'duplicate' });
    seen.add(d.code);
    if (d.datatype === 'singlevaluelist' && !(d.values && d.values.length > 0)) throw new AppError('VALIDATION', `fields.${i}.values`, { reason: 'required' });
  });
}

/** Five levels, 非常满意 … 非常不满意; the last two are bad reviews. */
export const RATING_LEVELS: Record<number, string> = { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' };

/** Open311 knows only open and closed; the internal state travels in status_notes. */
export function open311Status(status: string): { status: 'open' | 'closed'; notes: string } {
  const notes: Record<string, string> = {
    dispatched: '已分派，待承办单位受理 (dispatched, awaiting acceptance)',
    returned: '已退回上级，重新分派中 (returned for re-dispatch)',
    accepted: '已受理 (accepted)',
    in_progress: '办理中 (in progress)',
    resolved: '已办结，待回访 (resolved, awaiting call-back)',
    closed: '已关闭 (closed)',
  };
  return { status: status === 'resolved' || status === 'closed' ? 'closed' : 'open', notes: notes[status] ?? status };
}

/** Today's date in China (UTC+8, no daylight saving). */
export const chinaToday = (now = new Date()): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
