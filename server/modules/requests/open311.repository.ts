import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { prepared, type Db } from '../../db/client.js';

// Open311 reads: the region names an address may use, the nearest venue of a point, and the public projection of
// requests and their steps. The public reads select no personal field: the description only where the requester
// agreed to publish it.

export type RegionNameRow = { code: string; parent_code: string | null; level: string; name: string; official_name: string; path: string };

export async function listRegionNames(db: Db): Promise<RegionNameRow[]> {
  return (await sql<RegionNameRow>`SELECT code, parent_code, level, name, official_name, path::text AS path FROM regions ORDER BY path`.execute(db)).rows;
}

/** The active venue with coordinates nearest a point (GCJ-02, as venues are recorded) and its distance in metres. */
export async function nearestVenue(db: Db, lat: number, lng: number): Promise<{ region_code: string; metres: number } | undefined> {
  // An equirectangular distance is exact enough at city scale and needs no extension.
  return (
    await sql<{ region_code: string; metres: number }>`SELECT v.region_code,
        6371000 * sqrt(power(radians(v.lat - ${lat}), 2) + power(radians(v.lng - ${lng}) * cos(radians(${lat})), 2)) AS metres
      FROM venues v WHERE v.status = 'active' AND v.lat IS NOT NULL
      ORDER BY metres LIMIT 1`.execute(db)
  ).rows[0];
}

export type PublicRequestRow = {
  number: string;
  status: string;
  category_code: string;
  category_name: string;
  org_name: string;
  region_code: string;
  region_name: string;
  region_level: string;
  lat: number | null;
  lng: number | null;
  description: string | null;
  media_url: string | null;
  submitted_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  resolve_due: string;
  due_provisional: boolean;
};

export async function listPublicRequests(
  db: Db,
  f: { numbers?: string[]; categoryCodes?: string[]; start?: Date; end?: Date; statuses?: string[] },
  limit: number,
): Promise<PublicRequestRow[]> {
  const parts: Array<RawBuilder<SqlBool>> = [sql<SqlBool>`true`];
  if (f.numbers) parts.push(sql<SqlBool>`r.number = ANY(${f.numbers}::text[])`);
  if (f.categoryCodes) parts.push(sql<SqlBool>`c.code = ANY(${f.categoryCodes}::text[])`);
  if (f.start) parts.push(sql<SqlBool>`r.submitted_at >= ${f.start}`);
  if (f.end) parts.push(sql<SqlBool>`r.submitted_at <= ${f.end}`);
  if (f.statuses) parts.push(sql<SqlBool>`r.status = ANY(${f.statuses}::text[])`);
  return (
    await sql<PublicRequestRow>`SELECT r.number, r.status, c.code AS category_code, c.name_zh AS category_name, o.name AS org_name,
        r.region_code, g.name AS region_name, g.level AS region_level, r.lat, r.lng,
        CASE WHEN r.publish_description THEN r.description END AS description,
        CASE WHEN r.publish_description THEN r.media_url END AS media_url,
        r.submitted_at, r.updated_at, r.resolved_at, r.closed_at, r.resolve_due::text AS resolve_due, r.due_provisional
      FROM requests r JOIN request_categories c ON c.id = r.category_id JOIN orgs o ON o.id = r.org_id JOIN regions g ON g.code = r.region_code
      WHERE ${sql.join(parts, sql` AND `)} ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit}`.execute(db)
  ).rows;
}

export type PublicUpdateRow = { id: number; number: string; kind: string; state: 'open' | 'resolved' | 'closed'; at: Date };

/** The public steps of requests in a time window, each with the request's state right after it (no step reopens a request). */
export async function listPublicUpdates(db: Db, f: { start: Date; end: Date; numbers?: string[] }, limit: number): Promise<PublicUpdateRow[]> {
  return (
    await sql<PublicUpdateRow>`SELECT e.id, r.number, e.kind, e.at,
        CASE WHEN EXISTS (SELECT 1 FROM request_events x WHERE x.request_id = e.request_id AND x.version <= e.version AND x.kind = 'close') THEN 'closed'
             WHEN EXISTS (SELECT 1 FROM request_events x WHERE x.request_id = e.request_id AND x.version <= e.version AND x.kind = 'resolve') THEN 'resolved'
             ELSE 'open' END AS state
      FROM request_events e JOIN requests r ON r.id = e.request_id
      WHERE e.public AND e.at >= ${f.start} AND e.at <= ${f.end} ${f.numbers ? sql`AND r.number = ANY(${f.numbers}::text[])` : sql``}
      ORDER BY e.at, e.id LIMIT ${limit}`.execute(db)
  ).rows;
}

/** A request an Open311 key sent, locked for a step; none for another key's request (no existence oracle). */
export async function findByNumberForKey(db: Db, number: string, keyId: number): Promise<{ id: number; status: string } | undefined> {
  return (
    await sql<{
      id: number;
      status: string;
    }>`${prepared}SELECT r.id, r.status FROM requests r WHERE r.number = ${number} AND r.open311_key_id = ${keyId} FOR UPDATE`.execute(db)
  ).rows[0];
}

/** The requester's addition as the next step of the request; returns the step's id. */
export async function insertInfo(db: Db, requestId: number, note: string): Promise<{ id: number; version: number; at: Date }> {
  return (
    await sql<{
      id: number;
      version: number;
      at: Date;
    }>`WITH v AS (UPDATE requests SET version = version + 1, updated_at = now() WHERE id = ${requestId} RETURNING version)
      INSERT INTO request_events (request_id, version, kind, note, public) SELECT ${requestId}, v.version, 'info', ${note}, true FROM v
      RETURNING id, version, at`.execute(db)
  ).rows[0]!;
}
