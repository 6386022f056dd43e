import { sql, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, pathWithin, type ScopeSql } from '../../platform/scope.js';

/**
 * Reads: venues in my region subtree, venues managed in my organization subtree, venues my organization
 * (or a unit below it) co-builds, and venues serving a community of my region — positions are shared across types.
 */
export const readScope = (actor: Actor, alias = 'v'): ScopeSql =>
  asScope(sql<SqlBool>`(
  ${sql.ref(`${alias}.region_path`)} <@ ${actor.scope.regionPath}::ltree
  OR ${sql.ref(`${alias}.managing_org_path`)} <@ ${actor.scope.orgPath}::ltree
  OR EXISTS (SELECT 1 FROM venue_cobuilders cb JOIN orgs co ON co.id = cb.org_id
             WHERE cb.venue_id = ${sql.ref(`${alias}.id`)} AND co.path <@ ${actor.scope.orgPath}::ltree)
  OR EXISTS (SELECT 1 FROM venue_service_areas sa JOIN regions sr ON sr.code = sa.region_code
             WHERE sa.venue_id = ${sql.ref(`${alias}.id`)} AND sr.path <@ ${actor.scope.regionPath}::ltree))`);

/** Registry edits and approvals: only venues managed by my organization or a unit below it. */
export const writeScope = (actor: Actor, alias = 'v'): ScopeSql =>
  asScope(sql<SqlBool>`${sql.ref(`${alias}.managing_org_path`)} <@ ${actor.scope.orgPath}::ltree`);

/** A booking is the business of the organization that holds it (and units above it). */
export const bookingOwnerScope = (actor: Actor, alias = 'b'): ScopeSql =>
  asScope(sql<SqlBool>`${sql.ref(`${alias}.org_path`)} <@ ${actor.scope.orgPath}::ltree`);

/** China time has no daylight saving: local wall-clock = UTC + 8 h. */
const CN_OFFSET_MS = 8 * 3_600_000;

/** The China-time calendar date (YYYY-MM-DD), weekday (1 = Monday … 7 = Sunday) and minute of day of an instant. */
export function chinaLocal(d: Date): { day: string; weekday: number; minute: number } {
  const l = new Date(d.getTime() + CN_OFFSET_MS);
  const wd = l.getUTCDay();
  return { day: l.toISOString().slice(0, 10), weekday: wd === 0 ? 7 : wd, minute: l.getUTCHours() * 60 + l.getUTCMinutes() };
}

/** `HH:MM[:SS]` → minutes after midnight. */
export const minutesOf = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** A short China-time label for messages: `2026-12-01 09:00`. */
export const chinaLabel = (d: Date): string => new Date(d.getTime() + CN_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** The first instant of the China-time month holding `day`, and of the next month. */
export function chinaMonth(day: string): { from: Date; to: Date } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - CN_OFFSET_MS);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - CN_OFFSET_MS);
  return { from, to };
}

export type OpeningRules = {
  weekly: Array<{ weekday: number; opens: string; closes: string }>;
  exceptions: Array<{ day: string; closed: boolean; opens: string | null; closes: string | null }>;
  openOnHolidays: boolean;
};

/**
 * Whether [start, end) lies inside one opening interval of its China-time day: an exception on the date wins;
 * otherwise a public holiday closes the venue unless it opens on holidays; otherwise the weekly schedule applies.
 */
export function openingVerdict(rules: OpeningRules, isHoliday: (day: string) => boolean, start: Date, end: Date): 'ok' | 'closed_day' | 'outside_hours' {
  const a = chinaLocal(start);
  const b = chinaLocal(new Date(end.getTime() - 1));
  if (a.day !== b.day) return 'outside_hours';
  const endMinute = b.minute + 1;
  const ex = rules.exceptions.find((e) => e.day === a.day);
  let intervals: Array<{ opens: string; closes: string }>;
  if (ex) {
    if (ex.closed) return 'closed_day';
    intervals = [{ opens: ex.opens!, closes: ex.closes! }];
  } else {
    if (!rules.openOnHolidays && isHoliday(a.day)) return 'closed_day';
    intervals = rules.weekly.filter((w) => w.weekday === a.weekday);
    if (intervals.length === 0) return 'closed_day';
  }
  return intervals.some((i) => minutesOf(i.opens) <= a.minute && endMinute <= minutesOf(i.closes)) ? 'ok' : 'outside_hours';
}

/** Photos: the accepted types, recognised by their magic bytes (the declared type and name are not trusted). */
export function detectImageType(head: Buffer): { mime: 'image/jpeg' | 'image/png' | 'image/webp'; ext: string } | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return { mime: 'image/webp', ext: 'webp' };
  return null;
}

export const PHOTO_LIMITS = { maxBytes: 8 * 1024 * 1024, perVenue: 20 } as const;
/** Longest single booking and the farthest a weekly series may run. */
export const BOOKING_LIMITS = { maxOccurrences: 53 } as const;

/** The manager and the co-builders — or a unit above one of them in its tree — book directly; others request. */
export const directBooker = (orgPath: string, managingOrgPath: string, cobuilderPaths: string[]): boolean =>
  [managingOrgPath, ...cobuilderPaths].some((p) => pathWithin(p, orgPath));

/** A timestamp as the API gives it (ISO, UTC). */
export const iso = (d: Date | string): string => new Date(d).toISOString();
