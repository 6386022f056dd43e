import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';
import type { FieldDef } from '../../../contracts/requests.js';

export const STATUSES = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const CHANNELS = ['portal', 'phone', 'walk_in', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEVELS = ['community', 'street', 'district', 'city'] as const;
export type StartLevel = (typeof LEVELS)[number];

/** The levels routing may fall back through, from the category's start level up to the city. */
export const levelsFrom = (start: string): string[] => LEVELS.slice(Math.max(0, LEVELS.indexOf(start as StartLevel)));

/** Reads of the primary handler: the organization subtree, or the region subtree for cross-type roles. */
export const primaryReadScope = (actor: Actor): ScopeSql => orgScope(actor, 'o.path', 'o.region_path');

/** Acting as primary handler never crosses organization types: the account's own organization subtree. */
export const primaryWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree`);

/** A co-handler grant (协办) to an organization in the actor's subtree opens that one request only. */
export const grantScope = (actor: Actor): ScopeSql =>
  asScope(sql<SqlBool>`EXISTS (
  SELECT 1 FROM access_grants g JOIN orgs go ON go.id = g.org_id
  WHERE g.object_type = 'request' AND g.object_id = r.id::text AND g.revoked_at IS NULL AND go.path <@ ${actor.scope.orgPath}::ltree)`);

/** The same grants as a list of request ids, for queries that read requests by id lists. */
export const grantIdsSql = (actor: Actor): RawBuilder<unknown> => sql`SELECT g.object_id::bigint FROM access_grants g JOIN orgs go ON go.id = g.org_id
  WHERE g.object_type = 'request' AND g.revoked_at IS NULL AND go.path <@ ${actor.scope.orgPath}::ltree`;

/** Supervision looks at units strictly below the actor's organization (the primary-handler scope of 督办, alias o). */
export const strictlyBelow = (actor: Actor): ScopeSql =>
  asScope(sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree AND o.path <> ${actor.scope.orgPath}::ltree`);

/** Past a due date and not yet done (dates compared as China-local calendar dates). */
export const overdueSql = (today: string): RawBuilder<SqlBool> => sql<SqlBool>`(r.status <> 'closed' AND (
  (r.accepted_at IS NULL AND r.accept_due < ${today}::date) OR
  (r.responded_at IS NULL AND r.response_due < ${today}::date) OR
  (r.resolved_at IS NULL AND r.resolve_due < ${today}::date)))`;

/**
 * The reminder, computed on read: an open request whose next due date (accept, then response, then resolve) falls
 * today or on the next working day and is not yet past.
 */
export const dueSoonSql = (
  today: string,
  nextWorkday: string,
): RawBuilder<SqlBool> => sql<SqlBool>`(r.status NOT IN ('resolved', 'closed') AND NOT ${overdueSql(today)} AND (
  (r.accepted_at IS NULL AND r.accept_due <= ${nextWorkday}::date) OR
  (r.responded_at IS NULL AND r.response_due <= ${nextWorkday}::date) OR
  (r.resolved_at IS NULL AND r.resolve_due <= ${nextWorkday}::date)))`;

export type ActionKind = 'accept' | 'respond' | 'note' | 'return' | 'escalate' | 'resolve' | 'close';

type Rule = { from: readonly Status[]; to: Status | null; primary: boolean; public: boolean };

/** Which statuses each action accepts, where it leads, whether only the primary handler may take it, and whether citizens see it. */
export const ACTIONS: Record<ActionKind | 'transfer' | 'dispatch' | 'co_handler' | 'supervise' | 'take_over' | 'callback' | 'duplicate' | 'attachment', Rule> =
  {
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
    take_over: { from: ['dispatched', 'returned', 'accepted', 'in_progress'], to: null, primary: true, public: false },
    callback: { from: ['closed'], to: null, primary: true, public: false },
    duplicate: { from: ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved'], to: null, primary: true, public: false },
    attachment: { from: ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved'], to: null, primary: false, public: false },
  };

export function requireTransition(kind: keyof typeof ACTIONS, status: string, primary: boolean): Rule {
  const rule = ACTIONS[kind];
  if (rule.primary && !primary) throw new AppError('FORBIDDEN');
  if (!rule.from.includes(status as Status)) throw new AppError('INVALID_STATE', 'status', { status });
  return rule;
}

export type { FieldDef };
export type FieldValues = Record<string, string | number | string[]>;

const MAX_LEN: Record<string, number> = { string: 200, text: 2000 };

/** Checks the extra fields of a request against its category's definition; the error names `fields.<code>`. */
export function validateFields(defs: FieldDef[], values: FieldValues): FieldValues {
  const known = new Map(defs.map((d) => [d.code, d]));
  for (const key of Object.keys(values)) if (!known.has(key)) throw new AppError('VALIDATION', `fields.${key}`, { reason: 'unknown_field' });
  const out: FieldValues = {};
  for (const d of defs) {
    const field = `fields.${d.code}`;
    const v = values[d.code];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (d.required) throw new AppError('VALIDATION', field, { reason: 'required' });
      continue;
    }
    if (Array.isArray(v) && d.datatype !== 'multivaluelist')
      throw new AppError('VALIDATION', field, { reason: 'type', expected: d.datatype === 'number' ? 'number' : 'string' });
    if (d.datatype === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n) || (typeof v === 'string' && v.trim() === '')) throw new AppError('VALIDATION', field, { reason: 'type', expected: 'number' });
      out[d.code] = n;
    } else if (d.datatype === 'multivaluelist') {
      const keys = [...new Set([v].flat().map(String))];
      if (keys.some((k) => !(d.values ?? []).some((x) => x.key === k))) throw new AppError('VALIDATION', field, { reason: 'enum' });
      out[d.code] = keys;
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
    if ((d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist') && !(d.values && d.values.length > 0))
      throw new AppError('VALIDATION', `fields.${i}.values`, { reason: 'required' });
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
export { chinaToday } from '../../platform/time.js';

/** Attachments: at most this many per request, each at most this many bytes, of the types below (checked by magic bytes). */
export const ATTACHMENT_LIMITS = { perRequest: 10, maxBytes: 10 * 1024 * 1024 } as const;

/** The type of a file from its first bytes; null for anything not accepted (the declared type and name are not trusted). */
export function detectFileType(head: Buffer): { mime: string; ext: string } | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return { mime: 'image/webp', ext: 'webp' };
  return null;
}

/** From this bigram similarity on, two descriptions count as near-identical. */
export const DUPLICATE_SIMILARITY = 0.8;

const bigrams = (text: string): Map<string, number> => {
  // Letters and digits of any script; case, spaces and punctuation do not count.
  const chars = Array.from(text.normalize('NFKC').toLowerCase()).filter((ch) => /[\p{L}\p{N}]/u.test(ch));
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
};

/** Dice coefficient of the character bigrams of two texts, in [0, 1]; works for Chinese, where word trigrams do not. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let nx = 0;
  let ny = 0;
  let common = 0;
  for (const v of x.values()) nx += v;
  for (const v of y.values()) ny += v;
  if (nx === 0 || ny === 0) return a.trim() !== '' && a.trim() === b.trim() ? 1 : 0;
  for (const [k, v] of x) common += Math.min(v, y.get(k) ?? 0);
  return (2 * common) / (nx + ny);
}
