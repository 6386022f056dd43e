import { randomInt } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import type { NearLevel } from '../../../contracts/activities.js';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, type ScopeSql } from '../../platform/scope.js';

/**
 * Reading an activity: hosted in my organization subtree (the region subtree for cross-type roles), or co-hosted
 * by an organization in my subtree, which opens that one activity only.
 */
export const readScope = (actor: Actor): ScopeSql => {
  const own = actor.scope.crossType
    ? sql<SqlBool>`a.region_path <@ ${actor.scope.regionPath}::ltree`
    : sql<SqlBool>`a.host_org_path <@ ${actor.scope.orgPath}::ltree`;
  return asScope(sql<SqlBool>`(${own} OR EXISTS (SELECT 1 FROM activity_cohosts ch JOIN orgs co ON co.id = ch.org_id
    WHERE ch.activity_id = a.id AND co.path <@ ${actor.scope.orgPath}::ltree))`);
};

/** Editing, publishing, cancelling and deciding registrations: the host organization's tree only. */
export const writeScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`a.host_org_path <@ ${actor.scope.orgPath}::ltree`);

/** The portal reads and registers for published activities only. */
export const publishedScope: ScopeSql = asScope(sql<SqlBool>`a.status = 'published'`);

// No 0/O, 1/I/L or U: codes are read aloud and typed on a phone.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
/** A check-in code: 12 characters of a 30-letter alphabet (about 59 bits), unguessable and easy to type. */
export function newCheckInCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)];
  return s;
}

/** What a person types or a camera reads: case, spaces and dashes do not matter. */
export const normaliseCode = (raw: string): string =>
  raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_]/g, '');

export const CODE_PATTERN = /^[A-HJ-KM-NP-TV-Z2-9]{12}$/;

/** Registration is open from reg_opens_at to reg_closes_at, and never after the start. */
export const registrationOpen = (a: { reg_opens_at: Date; reg_closes_at: Date; starts_at: Date }, now: Date): boolean =>
  now >= new Date(a.reg_opens_at) && now < new Date(a.reg_closes_at) && now < new Date(a.starts_at);

/** A participant may rate an activity once it has begun. */
export const begun = (a: { starts_at: Date }, now: Date): boolean => new Date(a.starts_at).getTime() <= now.getTime();

/** A citizen may cancel until cancel_hours before the start. */
export const cancellable = (a: { starts_at: Date; cancel_hours: number }, now: Date): boolean =>
  now.getTime() < new Date(a.starts_at).getTime() - a.cancel_hours * 3600_000;

/** The region paths "near me": my community, street or district (prefixes of my community's path). */
export function nearPath(communityPath: string, level: NearLevel): string {
  const parts = communityPath.split('.');
  const keep = { city: 1, district: 2, street: 3, community: 4 }[level];
  return parts.slice(0, Math.min(keep, parts.length)).join('.');
}
