import type { RawBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { orgScope } from '../../platform/scope.js';

/** Accounts are visible and manageable where their organization is (alias o). */
export const accountScope = (actor: Actor): RawBuilder<SqlBool> => orgScope(actor, 'o.path', 'o.region_path');

/** Usernames compare after NFKC and lower-casing, so Admin, admin and full-width ａｄｍｉｎ are one name. */
export const normaliseUsername = (u: string): string => u.normalize('NFKC').trim().toLowerCase();

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$';

/** An account cannot change its own roles or status: that takes a second person. */
export const isSelf = (actor: Actor, accountId: number): boolean => actor.accountId === accountId;
