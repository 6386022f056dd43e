import { timingSafeEqual } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { anyOf, asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

export const JOINABLE_LEVELS = ['grassroots', 'community'] as const;
/** 新就业形态 workers may join without an employer union: also street-level (and industry) unions. */
export const NEW_FORM_LEVELS = ['grassroots', 'community', 'street'] as const;
/** Tags a worker may declare; 困难职工 and 劳模 are recorded by the union. */
export const SELF_TAGS = new Set(['migrant_worker', 'new_form', 'woman_worker']);

// ───────────── Scope ─────────────

/** Members are read in the union's subtree (cross-type roles: the region subtree). */
export const memberReadScope = (actor: Actor): ScopeSql => orgScope(actor, 'm.org_path', 'm.region_path');

/** Members are changed (tags, leaving, a transfer out) only in the actor's own organization subtree. */
export const memberWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`m.org_path <@ ${actor.scope.orgPath}::ltree`);

/** Self-registrations are decided by the chosen union's tree. */
export const registrationScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`r.org_path <@ ${actor.scope.orgPath}::ltree`);

/** Transfers: either side of the transfer lies in the actor's subtree. */
export const transferScope = (actor: Actor): ScopeSql =>
  anyOf([sql<SqlBool>`t.from_org_path <@ ${actor.scope.orgPath}::ltree`, sql<SqlBool>`t.to_org_path <@ ${actor.scope.orgPath}::ltree`]);

// ───────────── Tags ─────────────

export type TagSet = { tags: string[]; hardship_level: string | null; hardship_review_on: string | null; new_form_kind: string | null };

/** Tags with their attributes made consistent: a hardship level only with 困难职工, a kind only with 新就业形态. */
export function tagSet(input: { tags?: string[]; hardshipLevel?: string | null; hardshipReviewOn?: string | null; newFormKind?: string | null }): TagSet {
  const tags = [...new Set(input.tags ?? [])];
  const hardship = tags.includes('hardship');
  if (hardship && !input.hardshipLevel) throw new AppError('VALIDATION', 'hardshipLevel', { reason: 'required' });
  if (!hardship && input.hardshipLevel) throw new AppError('VALIDATION', 'hardshipLevel', { reason: 'tag_missing' });
  if (hardship && !input.hardshipReviewOn) throw new AppError('VALIDATION', 'hardshipReviewOn', { reason: 'required' });
  if (input.newFormKind && !tags.includes('new_form')) throw new AppError('VALIDATION', 'newFormKind', { reason: 'tag_missing' });
  return {
    tags,
    hardship_level: hardship ? input.hardshipLevel! : null,
    hardship_review_on: hardship ? input.hardshipReviewOn! : null,
    new_form_kind: tags.includes('new_form') ? (input.newFormKind ?? null) : null,
  };
}

// ───────────── Member card tokens ─────────────
// `QHM1.<memberId>.<expiry, unix seconds>.<HMAC-SM3, base64url>`: an internal id and a time, nothing personal.

export const CARD_TTL_SECONDS = 300;
const PREFIX = 'QHM1';

export function cardPayload(memberId: number, expires: number): string {
  return `${PREFIX}.${memberId}.${expires}`;
}

export function cardToken(memberId: number, expires: number, mac: (payload: string) => Buffer): string {
  const p = cardPayload(memberId, expires);
  return `${p}.${mac(p).toString('base64url')}`;
}

export type CardCheck = { ok: true; memberId: number; expires: number } | { ok: false; reason: 'bad_signature' | 'expired' };

export function checkCardToken(token: string, nowSeconds: number, mac: (payload: string) => Buffer): CardCheck {
  const m = /^QHM1\.([1-9][0-9]{0,15})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!m) return { ok: false, reason: 'bad_signature' };
  const memberId = Number(m[1]);
  const expires = Number(m[2]);
  const want = mac(cardPayload(memberId, expires));
  const got = Buffer.from(m[3]!, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'bad_signature' };
  if (expires < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, memberId, expires };
}
