import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, moveLinks, type OrgReassignment, type OrgRepath, repath } from '../../platform/repath.js';
import { prepared, type Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeEscape as escLike } from '../../platform/sql-text.js';

export type VenueTypeRow = { code: string; name_zh: string; name_en: string; has_model_level: boolean; expected: boolean; sort: number; active: boolean };

export async function listTypes(db: Db, includeInactive = false): Promise<VenueTypeRow[]> {
  return (
    await sql<VenueTypeRow>`SELECT code, name_zh, name_en, has_model_level, expected, sort, active FROM venue_types
    ${includeInactive ? sql`` : sql`WHERE active`} ORDER BY sort, code`.execute(db)
  ).rows;
}

export async function findType(db: Db, code: string, lock = false): Promise<VenueTypeRow | undefined> {
  return (
    await sql<VenueTypeRow>`SELECT code, name_zh, name_en, has_model_level, expected, sort, active FROM venue_types WHERE code = ${code} ${lock ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    )
  ).rows[0];
}

export async function insertType(db: Db, t: Omit<VenueTypeRow, 'active'>): Promise<boolean> {
  const r = await db
    .insertInto('venue_types')
    .values(t)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateType(db: Db, code: string, set: Partial<Omit<VenueTypeRow, 'code'>>): Promise<void> {
  await db
    .updateTable('venue_types')
    .set({ ...set, updated_at: sql`now()` })
    .where('code', '=', code)
    .execute();
}

export async function typeUsage(db: Db): Promise<Map<string, number>> {
  const rows = (
    await sql<{ code: string; n: number }>`SELECT type_code AS code, count(*)::int AS n FROM venues WHERE status = 'active' GROUP BY type_code`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [r.code, r.n]));
}

export type QuotaRow = { org_id: number; org_name: string; monthly_hours: number };

export async function listQuotas(db: Db, venueId: number): Promise<QuotaRow[]> {
  return (
    await sql<QuotaRow>`SELECT q.org_id, o.name AS org_name, q.monthly_hours FROM venue_org_quotas q JOIN orgs o ON o.id = q.org_id
    WHERE q.venue_id = ${venueId} ORDER BY o.name, q.org_id`.execute(db)
  ).rows;
}

export async function replaceQuotas(db: Db, venueId: number, rows: Array<{ org_id: number; monthly_hours: number }>): Promise<void> {
  await db.deleteFrom('venue_org_quotas').where('venue_id', '=', venueId).execute();
  if (rows.length)
    await db
      .insertInto('venue_org_quotas')
      .values(rows.map((r) => ({ venue_id: venueId, ...r })))
      .execute();
}

export type VenueRow = {
  id: number;
  type_code: string;
  model_level: string | null;
  name: string;
  region_code: string;
  region_name: string;
  region_path: string;
  address: string;
  lat: number | null;
  lng: number | null;
  managing_org_id: number;
  managing_org_name: string;
  managing_org_path: string;
  accessibility: string[];
  accessibility_note: string;
  description: string;
  open_on_holidays: boolean;
  monthly_quota_hours: number | null;
  approval_required: boolean;
  status: string;
  version: number;
  room_count: number;
  created_at: Date;
  updated_at: Date;
};

const venueCols = sql`v.id, v.type_code, v.model_level, v.name, v.region_code, r.name AS region_name, v.region_path::text AS region_path,
  v.address, v.lat, v.lng, v.managing_org_id, mo.name AS managing_org_name, v.managing_org_path::text AS managing_org_path,
  v.accessibility, v.accessibility_note, v.description, v.open_on_holidays, v.monthly_quota_hours, v.approval_required, v.status, v.version,
  (SELECT count(*)::int FROM venue_rooms rm WHERE rm.venue_id = v.id AND rm.status = 'active') AS room_count, v.created_at, v.updated_at`;

const venueFrom = sql`venues v JOIN regions r ON r.code = v.region_code JOIN orgs mo ON mo.id = v.managing_org_id`;

export type VenueFilter = { typeCode?: string; regionPath?: string; orgId?: number; q?: string; status?: string };

export const SORTS = { name: sql`v.name`, type: sql`v.type_code`, region: sql`v.region_code`, created: sql`v.created_at` } as const;

function filterSql(f: VenueFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`v.status = ${f.status ?? 'active'}`];
  if (f.typeCode) parts.push(sql`v.type_code = ${f.typeCode}`);
  if (f.regionPath) parts.push(sql`v.region_path <@ ${f.regionPath}::ltree`);
  if (f.orgId)
    parts.push(sql`(v.managing_org_id = ${f.orgId} OR EXISTS (SELECT 1 FROM venue_cobuilders c2 WHERE c2.venue_id = v.id AND c2.org_id = ${f.orgId}))`);
  if (f.q) parts.push(sql`(v.name ILIKE ${`%${escLike(f.q)}%`} OR v.address ILIKE ${`%${escLike(f.q)}%`})`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

export async function list(
  db: Db,
  scope: ScopeSql,
  f: VenueFilter,
  sort: keyof typeof SORTS,
  desc: boolean,
  limit: number,
  offset: number,
): Promise<{ rows: VenueRow[]; total: number }> {
  const where = sql`${scope} AND ${filterSql(f)}`;
  const rows = (
    await sql<VenueRow>`SELECT ${venueCols} FROM ${venueFrom} WHERE ${where}
    ORDER BY ${SORTS[sort]} ${desc ? sql`DESC` : sql`ASC`}, v.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM venues v WHERE ${where}`.execute(db)).rows[0]!.n);
  return { rows, total };
}

export async function findById(db: Db, scope: ScopeSql, id: number, lock = false): Promise<VenueRow | undefined> {
  return (await sql<VenueRow>`SELECT ${venueCols} FROM ${venueFrom} WHERE v.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF v` : sql``}`.execute(db))
    .rows[0];
}

export type NewVenue = {
  type_code: string;
  model_level: string | null;
  name: string;
  region_code: string;
  region_path: string;
  address: string;
  lat: number | null;
  lng: number | null;
  managing_org_id: number;
  managing_org_path: string;
  accessibility: string[];
  accessibility_note: string;
  description: string;
  open_on_holidays: boolean;
  monthly_quota_hours: number | null;
  approval_required: boolean;
};

export async function insertVenue(db: Db, v: NewVenue): Promise<number> {
  return (await db.insertInto('venues').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateVenue(db: Db, id: number, version: number, set: Partial<NewVenue> & { status?: string }): Promise<boolean> {
  const r = await db
    .updateTable('venues')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type OrgLite = { id: number; name: string; path: string; region_path: string; type_code: string; status: string };

/** Any organization by id (co-builders and hosted-project providers come from every tree). */
export async function findOrg(db: Db, id: number): Promise<OrgLite | undefined> {
  return (await sql<OrgLite>`SELECT id, name, path::text AS path, region_path::text AS region_path, type_code, status FROM orgs WHERE id = ${id}`.execute(db))
    .rows[0];
}

export async function listCobuilders(
  db: Db,
  venueIds: number[],
): Promise<Array<{ venue_id: number; org_id: number; name: string; type_code: string; path: string }>> {
  if (venueIds.length === 0) return [];
  return (
    await sql<{
      venue_id: number;
      org_id: number;
      name: string;
      type_code: string;
      path: string;
    }>`SELECT cb.venue_id, cb.org_id, o.name, o.type_code, o.path::text AS path
    FROM venue_cobuilders cb JOIN orgs o ON o.id = cb.org_id WHERE cb.venue_id = ANY(${venueIds}::bigint[]) ORDER BY o.type_code, o.name`.execute(db)
  ).rows;
}

export async function replaceCobuilders(db: Db, venueId: number, orgIds: number[]): Promise<void> {
  await db.deleteFrom('venue_cobuilders').where('venue_id', '=', venueId).execute();
  if (orgIds.length)
    await db
      .insertInto('venue_cobuilders')
      .values(orgIds.map((org_id) => ({ venue_id: venueId, org_id })))
      .execute();
}

export async function listServiceAreas(db: Db, venueId: number): Promise<Array<{ code: string; name: string }>> {
  return (
    await sql<{ code: string; name: string }>`SELECT a.region_code AS code, r.name FROM venue_service_areas a JOIN regions r ON r.code = a.region_code
    WHERE a.venue_id = ${venueId} ORDER BY a.region_code`.execute(db)
  ).rows;
}

export async function replaceServiceAreas(db: Db, venueId: number, codes: string[]): Promise<void> {
  await db.deleteFrom('venue_service_areas').where('venue_id', '=', venueId).execute();
  if (codes.length)
    await db
      .insertInto('venue_service_areas')
      .values(codes.map((region_code) => ({ venue_id: venueId, region_code })))
      .execute();
}

/** Communities among the codes, with their paths. */
export async function findCommunities(db: Db, codes: string[]): Promise<Array<{ code: string; path: string }>> {
  if (codes.length === 0) return [];
  return (
    await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'community' AND code = ANY(${codes}::text[])`.execute(
      db,
    )
  ).rows;
}

export type RoomRow = { id: number; venue_id: number; name: string; capacity: number; facilities: string[]; status: string };

export async function listRooms(db: Db, venueId: number): Promise<RoomRow[]> {
  return (
    await sql<RoomRow>`SELECT id, venue_id, name, capacity, facilities, status FROM venue_rooms WHERE venue_id = ${venueId} ORDER BY status, name`.execute(db)
  ).rows;
}

export async function insertRoom(db: Db, r: { venue_id: number; name: string; capacity: number; facilities: string[] }): Promise<number> {
  return (await db.insertInto('venue_rooms').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRoom(db: Db, id: number, set: { name?: string; capacity?: number; facilities?: string[]; status?: string }): Promise<void> {
  await db.updateTable('venue_rooms').set(set).where('id', '=', id).execute();
}

/** A room with its venue, when the venue passes the scope predicate. */
export async function findRoom(db: Db, scope: ScopeSql, roomId: number): Promise<(RoomRow & { venue: VenueRow }) | undefined> {
  const room = (await sql<RoomRow>`SELECT id, venue_id, name, capacity, facilities, status FROM venue_rooms WHERE id = ${roomId}`.execute(db)).rows[0];
  if (!room) return undefined;
  const venue = await findById(db, scope, room.venue_id);
  return venue ? { ...room, venue } : undefined;
}

export type HoursRow = { weekday: number; opens: string; closes: string };
export type ExceptionRow = { day: string; closed: boolean; opens: string | null; closes: string | null; note: string };

export type BookingContext = {
  room: RoomRow & { venue: VenueRow };
  org: OrgLite | null;
  cobuilderPaths: string[];
  /** The organization's own monthly hours at this venue, which replace the venue's general figure; null when it has none. */
  orgQuotaHours: number | null;
  weekly: HoursRow[];
  exceptions: ExceptionRow[];
};

/**
 * Everything a booking decision reads, in one round trip: the room with its venue (within the scope), the booking
 * organization with its own quota at the venue, the co-builders' paths and the opening hours with their exceptions.
 */
export async function findBookingContext(db: Db, scope: ScopeSql, roomId: number, orgId: number): Promise<BookingContext | undefined> {
  const r = (
    await sql<
      VenueRow & {
        room: RoomRow;
        org: OrgLite | null;
        cobuilder_paths: string[];
        org_quota_hours: number | null;
        weekly: HoursRow[] | null;
        exceptions: ExceptionRow[] | null;
      }
    >`${prepared}
    SELECT ${venueCols},
      json_build_object('id', rm0.id, 'venue_id', rm0.venue_id, 'name', rm0.name, 'capacity', rm0.capacity, 'facilities', rm0.facilities, 'status', rm0.status) AS room,
      (SELECT json_build_object('id', o.id, 'name', o.name, 'path', o.path::text, 'region_path', o.region_path::text, 'type_code', o.type_code, 'status', o.status)
         FROM orgs o WHERE o.id = ${orgId}) AS org,
      ARRAY(SELECT co.path::text FROM venue_cobuilders cb JOIN orgs co ON co.id = cb.org_id WHERE cb.venue_id = v.id) AS cobuilder_paths,
      (SELECT q.monthly_hours FROM venue_org_quotas q WHERE q.venue_id = v.id AND q.org_id = ${orgId}) AS org_quota_hours,
      (SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) ORDER BY h.weekday, h.opens)
         FROM venue_hours h WHERE h.venue_id = v.id) AS weekly,
      (SELECT json_agg(json_build_object('day', e.day::text, 'closed', e.closed, 'opens', to_char(e.opens, 'HH24:MI'), 'closes', to_char(e.closes, 'HH24:MI'), 'note', e.note) ORDER BY e.day)
         FROM venue_hour_exceptions e WHERE e.venue_id = v.id) AS exceptions
    FROM venue_rooms rm0 JOIN (${venueFrom}) ON v.id = rm0.venue_id
    WHERE rm0.id = ${roomId} AND ${scope}`.execute(db)
  ).rows[0];
  if (!r) return undefined;
  const { room, org, cobuilder_paths, org_quota_hours, weekly, exceptions, ...venue } = r;
  return { room: { ...room, venue }, org, cobuilderPaths: cobuilder_paths, orgQuotaHours: org_quota_hours, weekly: weekly ?? [], exceptions: exceptions ?? [] };
}

export async function listHours(db: Db, venueId: number): Promise<{ weekly: HoursRow[]; exceptions: ExceptionRow[] }> {
  const weekly = (
    await sql<HoursRow>`SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes FROM venue_hours
    WHERE venue_id = ${venueId} ORDER BY weekday, opens`.execute(db)
  ).rows;
  const exceptions = (
    await sql<ExceptionRow>`SELECT day::text AS day, closed, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes, note
    FROM venue_hour_exceptions WHERE venue_id = ${venueId} ORDER BY day`.execute(db)
  ).rows;
  return { weekly, exceptions };
}

export async function replaceHours(db: Db, venueId: number, weekly: HoursRow[], exceptions: ExceptionRow[]): Promise<void> {
  await db.deleteFrom('venue_hours').where('venue_id', '=', venueId).execute();
  await db.deleteFrom('venue_hour_exceptions').where('venue_id', '=', venueId).execute();
  if (weekly.length)
    await db
      .insertInto('venue_hours')
      .values(weekly.map((w) => ({ venue_id: venueId, ...w })))
      .execute();
  if (exceptions.length)
    await db
      .insertInto('venue_hour_exceptions')
      .values(exceptions.map((e) => ({ venue_id: venueId, ...e })))
      .execute();
}

export type PhotoRow = { id: number; venue_id: number; sha256: string; mime: string; size: number; name: string; uploaded_at: Date };

export async function listPhotos(db: Db, venueId: number): Promise<PhotoRow[]> {
  return (await sql<PhotoRow>`SELECT id, venue_id, sha256, mime, size, name, uploaded_at FROM venue_photos WHERE venue_id = ${venueId} ORDER BY id`.execute(db))
    .rows;
}

export async function insertPhoto(
  db: Db,
  p: { venue_id: number; sha256: string; mime: string; size: number; name: string; uploaded_by: number },
): Promise<number> {
  return (await db.insertInto('venue_photos').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export type ProjectRow = {
  id: number;
  venue_id: number;
  org_id: number;
  org_name: string;
  service: string;
  schedule: string;
  starts_on: string;
  ends_on: string | null;
};

export async function listProjects(db: Db, venueId: number): Promise<ProjectRow[]> {
  return (
    await sql<ProjectRow>`SELECT p.id, p.venue_id, p.org_id, o.name AS org_name, p.service, p.schedule, p.starts_on::text AS starts_on, p.ends_on::text AS ends_on
    FROM venue_projects p JOIN orgs o ON o.id = p.org_id WHERE p.venue_id = ${venueId} ORDER BY p.starts_on DESC, p.id`.execute(db)
  ).rows;
}

export async function insertProject(
  db: Db,
  p: { venue_id: number; org_id: number; service: string; schedule: string; starts_on: string; ends_on: string | null },
): Promise<number> {
  return (await db.insertInto('venue_projects').values(p).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findProject(db: Db, id: number): Promise<{ id: number; venue_id: number } | undefined> {
  return (await sql<{ id: number; venue_id: number }>`SELECT id, venue_id FROM venue_projects WHERE id = ${id}`.execute(db)).rows[0];
}

export async function deleteProject(db: Db, id: number): Promise<void> {
  await db.deleteFrom('venue_projects').where('id', '=', id).execute();
}

// ───────────── Bookings ─────────────

export type BookingRow = {
  id: number;
  venue_id: number;
  venue_name: string;
  room_id: number;
  room_name: string;
  org_id: number;
  org_name: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  purpose: string;
  activity_id: number | null;
  series_id: number | null;
  decision_note: string | null;
  created_at: Date;
};

const bookingCols = sql`b.id, b.venue_id, v.name AS venue_name, b.room_id, rm.name AS room_name, b.org_id, o.name AS org_name,
  lower(b.during) AS starts_at, upper(b.during) AS ends_at, b.status, b.purpose, b.activity_id, b.series_id, b.decision_note, b.created_at`;
const bookingFrom = sql`venue_bookings b JOIN venues v ON v.id = b.venue_id JOIN venue_rooms rm ON rm.id = b.room_id JOIN orgs o ON o.id = b.org_id`;

export type NewBooking = {
  venue_id: number;
  room_id: number;
  org_id: number;
  org_path: string;
  start: Date;
  end: Date;
  status: 'pending' | 'confirmed';
  purpose: string;
  activity_id: number | null;
  series_id: number | null;
  created_by: number | null;
};

/**
 * Inserts a booking and returns it with the names the caller read with its context; a confirmed one that overlaps another confirmed
 * booking of the room is skipped (null) by the exclusion constraint.
 */
export async function insertBooking(db: Db, b: NewBooking, names: { venue: string; room: string; org: string }): Promise<BookingRow | null> {
  const r =
    await sql<BookingRow>`${prepared}INSERT INTO venue_bookings AS b (venue_id, room_id, org_id, org_path, during, status, purpose, activity_id, series_id, created_by)
    VALUES (${b.venue_id}, ${b.room_id}, ${b.org_id}, ${b.org_path}::ltree, tstzrange(${b.start}, ${b.end}, '[)'), ${b.status}, ${b.purpose},
            ${b.activity_id}, ${b.series_id}, ${b.created_by})
    ON CONFLICT DO NOTHING
    RETURNING b.id, b.venue_id, ${names.venue}::text AS venue_name, b.room_id, ${names.room}::text AS room_name, b.org_id, ${names.org}::text AS org_name,
      lower(b.during) AS starts_at, upper(b.during) AS ends_at, b.status, b.purpose, b.activity_id, b.series_id, b.decision_note, b.created_at`.execute(db);
  return r.rows[0] ?? null;
}

/** The confirmed booking of the room that overlaps the range, with its holder. */
export async function findOverlap(
  db: Db,
  roomId: number,
  start: Date,
  end: Date,
  exceptId = 0,
): Promise<{ org_name: string; starts_at: Date; ends_at: Date } | undefined> {
  return (
    await sql<{ org_name: string; starts_at: Date; ends_at: Date }>`SELECT o.name AS org_name, lower(b.during) AS starts_at, upper(b.during) AS ends_at
    FROM venue_bookings b JOIN orgs o ON o.id = b.org_id
    WHERE b.room_id = ${roomId} AND b.status = 'confirmed' AND b.during && tstzrange(${start}, ${end}, '[)') AND b.id <> ${exceptId}
    ORDER BY lower(b.during) LIMIT 1`.execute(db)
  ).rows[0];
}

export async function deleteBooking(db: Db, id: number): Promise<void> {
  await db.deleteFrom('venue_bookings').where('id', '=', id).execute();
}

export async function insertSeries(db: Db, s: { room_id: number; org_id: number; until_day: string; created_by: number }): Promise<number> {
  return (await db.insertInto('venue_booking_series').values(s).returning('id').executeTakeFirstOrThrow()).id;
}

/** Hours booked (pending or confirmed) by an organization at a venue within [from, to). */
export async function bookedHours(db: Db, venueId: number, orgId: number, from: Date, to: Date): Promise<number> {
  const r = await sql<{ h: number }>`SELECT coalesce(sum(extract(epoch FROM upper(b.during) - lower(b.during))) / 3600, 0)::float8 AS h
    FROM venue_bookings b WHERE b.venue_id = ${venueId} AND b.org_id = ${orgId} AND b.status IN ('pending', 'confirmed')
      AND b.during && tstzrange(${from}, ${to}, '[)')`.execute(db);
  return Number(r.rows[0]!.h);
}

/** Serialises quota checks of one organization at one venue for the rest of the transaction. */
export async function lockQuota(db: Db, venueId: number, orgId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`venue-quota:${venueId}:${orgId}`}, 0))`.execute(db);
}

export async function listBookings(
  db: Db,
  venueScope: ScopeSql,
  f: { venueId?: number; roomId?: number; orgId?: number; from: Date; to: Date; statuses: string[] },
): Promise<BookingRow[]> {
  const parts: RawBuilder<unknown>[] = [venueScope, sql`b.during && tstzrange(${f.from}, ${f.to}, '[)')`, sql`b.status = ANY(${f.statuses}::text[])`];
  if (f.venueId) parts.push(sql`b.venue_id = ${f.venueId}`);
  if (f.roomId) parts.push(sql`b.room_id = ${f.roomId}`);
  if (f.orgId) parts.push(sql`b.org_id = ${f.orgId}`);
  return (
    await sql<BookingRow>`SELECT ${bookingCols} FROM ${bookingFrom} WHERE ${sql.join(parts, sql` AND `)} ORDER BY lower(b.during), b.id LIMIT 2000`.execute(db)
  ).rows;
}

export async function findBooking(
  db: Db,
  scope: ScopeSql,
  id: number,
  lock = false,
): Promise<(BookingRow & { org_path: string; managing_org_path: string }) | undefined> {
  return (
    await sql<
      BookingRow & { org_path: string; managing_org_path: string }
    >`SELECT ${bookingCols}, b.org_path::text AS org_path, v.managing_org_path::text AS managing_org_path
    FROM ${bookingFrom} WHERE b.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF b` : sql``}`.execute(db)
  ).rows[0];
}

export async function setBookingStatus(db: Db, id: number, status: string, by: number | null, note: string | null): Promise<void> {
  await sql`UPDATE venue_bookings SET status = ${status}, decided_by = coalesce(${by}, decided_by), decided_at = CASE WHEN ${status} IN ('confirmed', 'rejected') THEN now() ELSE decided_at END,
    decision_note = coalesce(${note}, decision_note), cancelled_at = CASE WHEN ${status} = 'cancelled' THEN now() ELSE cancelled_at END WHERE id = ${id}`.execute(
    db,
  );
}

export async function listPending(db: Db, scope: ScopeSql, limit: number, offset: number): Promise<{ rows: BookingRow[]; total: number }> {
  const rows = (
    await sql<BookingRow>`SELECT ${bookingCols} FROM ${bookingFrom} WHERE b.status = 'pending' AND ${scope}
    ORDER BY lower(b.during), b.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = Number(
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM venue_bookings b JOIN venues v ON v.id = b.venue_id WHERE b.status = 'pending' AND ${scope}`.execute(db)
    ).rows[0]!.n,
  );
  return { rows, total };
}

// ───────────── iCalendar feeds ─────────────

export async function findFeed(db: Db, kind: 'venue' | 'org', refId: number): Promise<string | undefined> {
  return (await sql<{ token: string }>`SELECT token FROM venue_feeds WHERE kind = ${kind} AND ref_id = ${refId}`.execute(db)).rows[0]?.token;
}

export async function upsertFeed(db: Db, kind: 'venue' | 'org', refId: number, token: string): Promise<void> {
  await sql`INSERT INTO venue_feeds (token, kind, ref_id) VALUES (${token}, ${kind}, ${refId})
    ON CONFLICT (kind, ref_id) DO UPDATE SET token = excluded.token, created_at = now()`.execute(db);
}

export async function feedByToken(db: Db, token: string): Promise<{ kind: 'venue' | 'org'; ref_id: number } | undefined> {
  return (await sql<{ kind: 'venue' | 'org'; ref_id: number }>`SELECT kind, ref_id FROM venue_feeds WHERE token = ${token}`.execute(db)).rows[0];
}

export async function feedBookings(db: Db, kind: 'venue' | 'org', refId: number, from: Date): Promise<Array<BookingRow & { address: string }>> {
  const where = kind === 'venue' ? sql`b.venue_id = ${refId}` : sql`b.org_id = ${refId}`;
  return (
    await sql<BookingRow & { address: string }>`SELECT ${bookingCols}, v.address FROM ${bookingFrom}
    WHERE ${where} AND b.status IN ('confirmed', 'pending') AND upper(b.during) >= ${from} ORDER BY lower(b.during) LIMIT 5000`.execute(db)
  ).rows;
}

// ───────────── Coverage ─────────────

export type CoverageRow = {
  code: string;
  name: string;
  street_code: string;
  street_name: string;
  district_code: string;
  district_name: string;
  types: Record<string, number>;
  venues: number;
  orgs: number;
};

/**
 * Which venue types serve each community in the region subtree: a venue serves its configured communities,
 * or its own community when none are configured. Counts venues per type and distinct organizations
 * (managers and co-builders) per community.
 */
export async function coverage(
  db: Db,
  regionPath: string,
  f: { gapsOf?: string[]; typeCode?: string; limit: number; offset: number },
): Promise<{ rows: CoverageRow[]; total: number }> {
  const gapFilter = f.gapsOf
    ? f.typeCode
      ? sql`AND NOT (coalesce(t.types, '{}'::jsonb) ? ${f.typeCode})`
      : sql`AND NOT (coalesce(t.types, '{}'::jsonb) ?& ${f.gapsOf}::text[])`
    : f.typeCode
      ? sql`AND coalesce(t.types, '{}'::jsonb) ? ${f.typeCode}`
      : sql``;
  const r = await sql<CoverageRow & { total: number }>`
    WITH c AS (SELECT code, name, parent_code FROM regions WHERE level = 'community' AND path <@ ${regionPath}::ltree),
    served AS (
      SELECT v.id, v.type_code, v.managing_org_id, coalesce(a.region_code, v.region_code) AS community
      FROM venues v LEFT JOIN venue_service_areas a ON a.venue_id = v.id
      WHERE v.status = 'active'),
    s AS (SELECT served.* FROM served JOIN c ON c.code = served.community),
    t AS (SELECT community, jsonb_object_agg(type_code, n) AS types, sum(n)::int AS venues
          FROM (SELECT community, type_code, count(*)::int AS n FROM s GROUP BY community, type_code) x GROUP BY community),
    o AS (SELECT community, count(DISTINCT org)::int AS orgs FROM (
            SELECT community, managing_org_id AS org FROM s
            UNION ALL SELECT s.community, cb.org_id FROM s JOIN venue_cobuilders cb ON cb.venue_id = s.id) y GROUP BY community)
    SELECT c.code, c.name, st.code AS street_code, st.name AS street_name, d.code AS district_code, d.name AS district_name,
           coalesce(t.types, '{}'::jsonb) AS types, coalesce(t.venues, 0) AS venues, coalesce(o.orgs, 0) AS orgs, count(*) OVER ()::int AS total
    FROM c JOIN regions st ON st.code = c.parent_code JOIN regions d ON d.code = st.parent_code
      LEFT JOIN t ON t.community = c.code LEFT JOIN o ON o.community = c.code
    WHERE true ${gapFilter}
    ORDER BY c.code LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
}

/** For one community: each serving venue with its type, manager and co-builders. */
export async function servingVenues(
  db: Db,
  communityCode: string,
): Promise<Array<{ id: number; name: string; type_code: string; managing_org_id: number; managing_org_name: string; region_code: string }>> {
  return (
    await sql<{ id: number; name: string; type_code: string; managing_org_id: number; managing_org_name: string; region_code: string }>`
    SELECT v.id, v.name, v.type_code, v.managing_org_id, mo.name AS managing_org_name, v.region_code
    FROM venues v JOIN orgs mo ON mo.id = v.managing_org_id
    WHERE v.status = 'active' AND (
      EXISTS (SELECT 1 FROM venue_service_areas a WHERE a.venue_id = v.id AND a.region_code = ${communityCode})
      OR (v.region_code = ${communityCode} AND NOT EXISTS (SELECT 1 FROM venue_service_areas a WHERE a.venue_id = v.id)))
    ORDER BY v.type_code, v.name`.execute(db)
  ).rows;
}

export async function findRegion(db: Db, code: string): Promise<{ code: string; name: string; level: string; path: string } | undefined> {
  return (
    await sql<{
      code: string;
      name: string;
      level: string;
      path: string;
    }>`SELECT code, name, level, path::text AS path FROM regions WHERE code = ${code}`.execute(db)
  ).rows[0];
}

export type PublicVenueRow = {
  id: number;
  type_code: string;
  name: string;
  region_code: string;
  region_name: string;
  street_name: string | null;
  address: string;
  accessibility: string[];
  open_on_holidays: boolean;
};

export async function listPublic(
  db: Db,
  f: { regionPath?: string; typeCode?: string; q?: string; limit: number; offset: number },
): Promise<{ rows: PublicVenueRow[]; total: number }> {
  const parts: RawBuilder<unknown>[] = [sql`v.status = 'active'`];
  if (f.regionPath) parts.push(sql`v.region_path <@ ${f.regionPath}::ltree`);
  if (f.typeCode) parts.push(sql`v.type_code = ${f.typeCode}`);
  if (f.q) parts.push(sql`(v.name ILIKE ${`%${escLike(f.q)}%`} OR v.address ILIKE ${`%${escLike(f.q)}%`})`);
  const where = sql.join(parts, sql` AND `);
  const rows = (
    await sql<PublicVenueRow>`SELECT v.id, v.type_code, v.name, v.region_code, r.name AS region_name, p.name AS street_name, v.address, v.accessibility, v.open_on_holidays
    FROM venues v JOIN regions r ON r.code = v.region_code LEFT JOIN regions p ON p.code = r.parent_code
    WHERE ${where} ORDER BY v.region_code, v.type_code, v.name LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db)
  ).rows;
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM venues v WHERE ${where}`.execute(db)).rows[0]!.n);
  return { rows, total };
}

/** Active venues by id for other modules' public pages: name, address, district, coordinates, accessibility. */
export async function publicByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return (
    await sql<{
      id: number;
      name: string;
      type_code: string;
      region_code: string;
      region_name: string;
      street_name: string | null;
      district_code: string;
      address: string;
      lat: number | null;
      lng: number | null;
      accessibility: string[];
    }>`
      SELECT v.id, v.name, v.type_code, v.region_code, r.name AS region_name, p.name AS street_name, subpath(v.region_path, 1, 1)::text AS district_code,
        v.address, v.lat, v.lng, v.accessibility
      FROM venues v JOIN regions r ON r.code = v.region_code LEFT JOIN regions p ON p.code = r.parent_code
      WHERE v.id = ANY(${ids}::bigint[]) AND v.status = 'active' ORDER BY v.id`.execute(db)
  ).rows;
}

/** A stamp that changes when any of these venues or their weekly hours change (for other modules' ETags). */
export async function stampOf(db: Db, venueIds: number[]): Promise<string> {
  const r = await sql<{ stamp: string }>`
    SELECT concat_ws('/',
      (SELECT concat_ws('/', count(*), max(updated_at), sum(version)) FROM venues WHERE id = ANY(${venueIds}::bigint[])),
      (SELECT md5(coalesce(string_agg(concat_ws(',', venue_id, weekday, opens, closes), ';' ORDER BY venue_id, weekday, opens), ''))
         FROM venue_hours WHERE venue_id = ANY(${venueIds}::bigint[]))) AS stamp`.execute(db);
  return r.rows[0]?.stamp ?? '';
}

export async function hoursOf(db: Db, venueIds: number[]): Promise<Array<HoursRow & { venue_id: number }>> {
  if (venueIds.length === 0) return [];
  return (
    await sql<HoursRow & { venue_id: number }>`SELECT venue_id, weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes
    FROM venue_hours WHERE venue_id = ANY(${venueIds}::bigint[]) ORDER BY venue_id, weekday, opens`.execute(db)
  ).rows;
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
/** Copied organization paths of venues and bookings under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE venues SET managing_org_path = ${repath('managing_org_path', p)} WHERE managing_org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE venue_bookings SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    venues: affected(await sql`UPDATE venues SET managing_org_id = ${m.toId} WHERE managing_org_id = ${m.fromId}`.execute(db)),
    venue_cobuilders: await moveLinks(db, 'venue_cobuilders', 'venue_id', m),
    venue_org_quotas: await moveLinks(db, 'venue_org_quotas', 'venue_id', m),
    venue_projects: affected(await sql`UPDATE venue_projects SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    venue_booking_series: affected(await sql`UPDATE venue_booking_series SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    venue_bookings: affected(await sql`UPDATE venue_bookings SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
