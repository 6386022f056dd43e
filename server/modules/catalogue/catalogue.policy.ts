import { sql, type SqlBool } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Actor } from '../../platform/auth/actor.js';
import { asScope, orgScope, type ScopeSql } from '../../platform/scope.js';

/** Services are read in the owning organization's subtree (cross-type roles: the region subtree). */
export const serviceReadScope = (actor: Actor): ScopeSql => orgScope(actor, 's.org_path', 's.region_path');
/** Written only in the actor's own organization subtree. */
export const serviceWriteScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`s.org_path <@ ${actor.scope.orgPath}::ltree`);
/** One service for anyone (portal, open data): published services are public. */
export const publishedServiceScope: ScopeSql = asScope(sql<SqlBool>`s.status = 'active'`);

/** Pinyin initials of a name for search ('职工服务' → 'zgfw'); letters and digits kept, everything else dropped. */
export function initialsOf(name: string): string {
  const parts = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return parts
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.sqrt(h)));
}

/** A stable UUID for an HSDS record: kind byte, our id, and an optional second id (service × venue). */
export const HSDS_KIND = {
  organization: 1,
  service: 2,
  location: 3,
  serviceAtLocation: 4,
  schedule: 5,
  contact: 6,
  phone: 7,
  document: 8,
  program: 9,
  address: 10,
  accessibility: 11,
} as const;
export function hsdsId(kind: keyof typeof HSDS_KIND, a: number, b = 0): string {
  const k = HSDS_KIND[kind].toString(16).padStart(2, '0');
  return `${k}${a.toString(16).padStart(6, '0')}-0000-4000-8000-${b.toString(16).padStart(12, '0')}`;
}
/** Our id back from an HSDS UUID of a kind, or null. */
export function fromHsdsId(kind: keyof typeof HSDS_KIND, uuid: string): { a: number; b: number } | null {
  const m = /^([0-9a-f]{2})([0-9a-f]{6})-0000-4000-8000-([0-9a-f]{12})$/.exec(uuid.toLowerCase());
  if (!m || parseInt(m[1]!, 16) !== HSDS_KIND[kind]) return null;
  return { a: parseInt(m[2]!, 16), b: parseInt(m[3]!, 16) };
}
