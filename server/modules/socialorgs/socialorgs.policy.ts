import { sql, type SqlBool } from 'kysely';
import type { Criterion, Deliverable } from '../../../contracts/socialorgs.js';
import { hasPermission, type Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { asScope, type ScopeSql } from '../../platform/scope.js';

/** Documents expiring within this many days are flagged on the registry (expiry reminder). */
export const EXPIRY_WARNING_DAYS = 60;

/** A social organization's own staff, as opposed to the mass organizations' staff. */
export const isSorgStaff = (actor: Actor): boolean => hasPermission(actor, 'sorg.self');

/** Registry rows: staff read by region; a social organization reads only its own row. */
export const sorgReadScope = (actor: Actor): ScopeSql =>
  asScope(isSorgStaff(actor) ? sql<SqlBool>`s.org_id = ${actor.orgId}` : sql<SqlBool>`s.region_path <@ ${actor.scope.regionPath}::ltree`);

/** Registry edits: the keeping organization's tree. */
export const sorgWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`s.keeper_path <@ ${actor.scope.orgPath}::ltree`);

/** Calls: the calling organization's tree (cross-type roles: the call's area within their region). */
export const callStaffScope = (actor: Actor): ScopeSql => {
  const own = actor.scope.crossType
    ? sql<SqlBool>`(c.org_path <@ ${actor.scope.orgPath}::ltree OR c.area_path <@ ${actor.scope.regionPath}::ltree)`
    : sql<SqlBool>`c.org_path <@ ${actor.scope.orgPath}::ltree`;
  // Panel members (possibly from units below the calling organization) see the calls they review.
  return asScope(sql<SqlBool>`(${own} OR EXISTS (SELECT 1 FROM sorg_reviewers rv WHERE rv.call_id = c.id AND rv.account_id = ${actor.accountId}))`);
};

/** Calls only the calling organization's own tree may change (over the call `c`, also of an application). */
export const ownCallScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`c.org_path <@ ${actor.scope.orgPath}::ltree`);

/** Calls a social organization sees: published ones whose area contains the organization's region. */
export const callSorgScope = (regionPath: string): ScopeSql => asScope(sql<SqlBool>`c.status <> 'draft' AND ${regionPath}::ltree <@ c.area_path`);

/** Applications a social organization's staff see: its own. */
export const ownApplicationScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`a.org_id = ${actor.orgId}`);

/** Projects: a social organization's own; for staff, those funded by their organization's tree. */
export const projectScope = (actor: Actor): ScopeSql =>
  asScope(isSorgStaff(actor) ? sql<SqlBool>`p.org_id = ${actor.orgId}` : sql<SqlBool>`p.funder_path <@ ${actor.scope.orgPath}::ltree`);

export function checkCriteria(criteria: Criterion[]): void {
  const keys = new Set<string>();
  criteria.forEach((c, i) => {
    if (keys.has(c.key)) throw new AppError('VALIDATION', `criteria.${i}.key`, { reason: 'duplicate' });
    keys.add(c.key);
  });
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  if (sum !== 100) throw new AppError('VALIDATION', 'criteria', { reason: 'weights_sum', sum });
}

export function checkDeliverables(ds: Deliverable[]): void {
  const keys = new Set<string>();
  ds.forEach((d, i) => {
    if (keys.has(d.key)) throw new AppError('VALIDATION', `deliverables.${i}.key`, { reason: 'duplicate' });
    keys.add(d.key);
  });
}

/** The weighted total (0–100) of one reviewer's scores; null until every criterion is scored. */
export function weighted(criteria: Criterion[], scores: Array<{ criterion: string; score: number }>): number | null {
  let total = 0;
  for (const c of criteria) {
    const s = scores.find((x) => x.criterion === c.key);
    if (!s) return null;
    total += (s.score * c.weight) / 100;
  }
  return Math.round(total * 100) / 100;
}

/** The application's score: the mean of the complete weighted reviews of reviewers without a conflict. */
export function meanScore(reviews: Array<number | null>): number | null {
  const done = reviews.filter((x): x is number => x !== null);
  if (done.length === 0) return null;
  return Math.round((done.reduce((a, b) => a + b, 0) / done.length) * 100) / 100;
}

/** Progress of a deliverable from the activities counted towards the project (cancelled ones do not count). */
export function achieved(kind: Deliverable['kind'], activities: Array<{ status: string; personTimes: number }>): number {
  const live = activities.filter((a) => a.status !== 'cancelled');
  return kind === 'activities' ? live.length : live.reduce((s, a) => s + a.personTimes, 0);
}

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * GB 32100: the first character of a credit code is the registration authority (5: civil affairs, where every social
 * organization registers) and the second the kind of organization it registered (1 社会团体, 2 民办非企业单位/社会服务机构,
 * 3 基金会).
 */
const REG_TYPE_DIGIT = { association: '1', social_service: '2', foundation: '3' } as const;
export function creditCodeFitsRegType(code: string, regType: keyof typeof REG_TYPE_DIGIT): boolean {
  return code[0] === '5' && code[1] === REG_TYPE_DIGIT[regType];
}

/** A document file's type from its first bytes (the declared type and name are not trusted); null when not accepted. */
export function detectDocumentType(head: Uint8Array): { mime: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp'; ext: string } | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP')
    return { mime: 'image/webp', ext: 'webp' };
  return null;
}
