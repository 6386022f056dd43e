import type { Actor } from '../../platform/auth/actor.js';
import { orgScope, type ScopeSql } from '../../platform/scope.js';

/** Accounts are visible and manageable where their organization is (alias o). */
export const accountScope = (actor: Actor): ScopeSql => orgScope(actor, 'o.path', 'o.region_path');

/** Usernames compare after NFKC and lower-casing, so Admin, admin and full-width ａｄｍｉｎ are one name. */
export const normaliseUsername = (u: string): string => u.normalize('NFKC').trim().toLowerCase();

export { USERNAME_PATTERN } from '../../../contracts/accounts.js';

/** An account cannot change its own roles or status: that takes a second person. */
export const isSelf = (actor: Actor, accountId: number): boolean => actor.accountId === accountId;

/** The address shape the database checks too: one @, a dotted domain, no spaces, at most 254 characters. */
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** An email address trimmed, its domain lower-cased; null when it is not an address (empty clears it, see the caller). */
export function normaliseEmail(raw: string): string | null {
  const v = raw.normalize('NFC').trim();
  if (v.length < 3 || v.length > 254 || !EMAIL_SHAPE.test(v) || /[<>,;"]/.test(v) || [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))
    return null;
  const at = v.lastIndexOf('@');
  return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
}
