import { createHmac, randomBytes } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { LimitPeriod } from '../../../contracts/benefits.js';
import type { Actor } from '../../platform/auth/actor.js';
import { anyOf, asScope, noScope, type ScopeSql } from '../../platform/scope.js';

/** The lottery's published algorithm: entrants ordered by HMAC-SHA256(seed, claim id) in hex, then by id; the first `places` win. */
export const LOTTERY_ALGORITHM = 'HMAC-SHA256(seed, decimal claim id), ascending hex, first N win';

/** Ranks lottery entrants deterministically: anyone with the seed and the entrant ids gets the same order. */
export function rankEntrants(seed: string, entrants: readonly number[]): number[] {
  const keyed = entrants.map((id) => ({ id, h: createHmac('sha256', seed).update(String(id)).digest('hex') }));
  keyed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id - b.id));
  return keyed.map((k) => k.id);
}

export const newSeed = (): string => randomBytes(32).toString('hex');

/** Voucher codes: 12 characters without I and O (read aloud and typed at a counter), about 61 random bits. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export function newVoucherCode(): string {
  const b = randomBytes(12);
  let s = '';
  for (const x of b) s += ALPHABET[x % ALPHABET.length];
  return s;
}
export const normaliseCode = (code: string): string => code.toUpperCase();
export const maskCode = (code: string | null): string | null => (code ? `${code.slice(0, 4)}****${code.slice(-2)}` : null);

/** The period a per-member limit counts in, from today's China date. */
export function periodKey(period: LimitPeriod, today: string): string {
  if (period === 'month') return today.slice(0, 7);
  if (period === 'year') return today.slice(0, 4);
  return 'all';
}

/** The district code (6 digits) on a region path, or '' above district level. */
export const districtOf = (regionPath: string): string => regionPath.split('.').find((s) => s.length === 6) ?? '';

/** Offers a staff account sees: published in its subtree (benefit.read) or provided by its organization (benefit.redeem). */
export function offerScope(actor: Actor): ScopeSql {
  const parts: RawBuilder<SqlBool>[] = [];
  if (actor.permissions.has('benefit.read')) parts.push(sql<SqlBool>`o.org_path <@ ${actor.scope.orgPath}::ltree`);
  if (actor.permissions.has('benefit.redeem')) parts.push(sql<SqlBool>`o.provider_path <@ ${actor.scope.orgPath}::ltree`);
  return anyOf(parts);
}

/** Offers a staff account may change: published in its subtree, with benefit.manage. */
export const manageScope = (actor: Actor): ScopeSql =>
  actor.permissions.has('benefit.manage') ? asScope(sql<SqlBool>`o.org_path <@ ${actor.scope.orgPath}::ltree`) : noScope;

/** Offers whose vouchers a provider account redeems. */
export const providerScope = (actor: Actor): ScopeSql =>
  actor.permissions.has('benefit.redeem') ? asScope(sql<SqlBool>`o.provider_path <@ ${actor.scope.orgPath}::ltree`) : noScope;

/** Whether an offer takes claims at this moment: open, and inside its window. */
export const claimableNow = (o: { status: string; claim_from: Date; claim_to: Date }, now: Date): boolean =>
  o.status === 'open' && now >= new Date(o.claim_from) && now < new Date(o.claim_to);
