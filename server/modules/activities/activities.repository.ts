import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, moveLinks, type OrgReassignment, type OrgRepath, repath } from '../../platform/repath.js';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeEscape as escLike } from '../../platform/sql-text.js';

export type ActivityRow = {
  id: number;
  title: string;
  type: string;
  campaign_id: number | null;
  campaign_name: string | null;
  host_org_id: number;
  host_org_name: string;
  host_org_path: string;
  region_code: string;
  region_name: string;
  region_path: string;
  description: string;
  venue_booking_id: number | null;
  venue_name: string | null;
  address: string | null;
  online_url: string | null;
  target_groups: string[];
  capacity: number;
  registered_count: number;
  person_times: number;
  waitlisted_count: number;
  pending_count: number;
  starts_at: Date;
  ends_at: Date;
  reg_opens_at: Date;
  reg_closes_at: Date;
  needs_approval: boolean;
  waitlist_enabled: boolean;
  cancel_hours: number;
  status: string;
  version: number;
  cohosts: Array<{ id: number; name: string }> | null;
  created_at: Date;
  updated_at: Date;
};

const cols = sql`a.id, a.title, a.type, a.campaign_id, cp.name AS campaign_name, a.host_org_id, o.name AS host_org_name, a.host_org_path::text AS host_org_path,
  a.region_code, r.name AS region_name, a.region_path::text AS region_path, a.description, a.venue_booking_id, a.venue_name, a.address, a.online_url,
  a.target_groups, a.capacity, a.registered_count, a.person_times,
  (SELECT count(*)::int FROM activity_registrations w WHERE w.activity_id = a.id AND w.status = 'waitlisted') AS waitlisted_count,
  (SELECT count(*)::int FROM activity_registrations w WHERE w.activity_id = a.id AND w.status = 'pending') AS pending_count,
  a.starts_at, a.ends_at, a.reg_opens_at, a.reg_closes_at, a.needs_approval, a.waitlist_enabled, a.cancel_hours, a.status, a.version,
  (SELECT json_agg(json_build_object('id', co.id, 'name', co.name) ORDER BY co.id) FROM activity_cohosts ch JOIN orgs co ON co.id = ch.org_id WHERE ch.activity_id = a.id) AS cohosts,
  a.created_at, a.updated_at`;
const from = sql`FROM activities a JOIN orgs o ON o.id = a.host_org_id JOIN regions r ON r.code = a.region_code LEFT JOIN campaigns cp ON cp.id = a.campaign_id`;

export type ActivityFilter = {
  q?: string;
  type?: string;
  status?: string;
  campaignId?: number;
  regionPath?: string;
  from?: string;
  to?: string;
  sort: 'starts' | 'created' | 'title';
  desc: boolean;
};

const SORTS = { starts: sql`a.starts_at`, created: sql`a.created_at`, title: sql`a.title` } as const;

function where(scope: RawBuilder<SqlBool>, f: Partial<ActivityFilter>): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.q) parts.push(sql<SqlBool>`a.title ILIKE ${`%${escLike(f.q)}%`}`);
  if (f.type) parts.push(sql<SqlBool>`a.type = ${f.type}`);
  if (f.status) parts.push(sql<SqlBool>`a.status = ${f.status}`);
  if (f.campaignId) parts.push(sql<SqlBool>`a.campaign_id = ${f.campaignId}`);
  if (f.regionPath) parts.push(sql<SqlBool>`a.region_path <@ ${f.regionPath}::ltree`);
  if (f.from) parts.push(sql<SqlBool>`a.starts_at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (f.to) parts.push(sql<SqlBool>`a.starts_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

export async function list(db: Db, scope: ScopeSql, f: ActivityFilter, limit: number, offset: number): Promise<{ rows: ActivityRow[]; total: number }> {
  const w = where(scope, f);
  const rows = (
    await sql<ActivityRow>`SELECT ${cols} ${from} WHERE ${w}
    ORDER BY ${SORTS[f.sort]} ${f.desc ? sql`DESC` : sql`ASC`}, a.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM activities a WHERE ${w}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

/** The few columns a registration, cancellation, join or check-in decides on, with the row lock that orders them. */
export type LockedActivity = Pick<
  ActivityRow,
  | 'id'
  | 'title'
  | 'type'
  | 'status'
  | 'capacity'
  | 'registered_count'
  | 'person_times'
  | 'needs_approval'
  | 'waitlist_enabled'
  | 'cancel_hours'
  | 'starts_at'
  | 'ends_at'
  | 'reg_opens_at'
  | 'reg_closes_at'
  | 'online_url'
  | 'region_code'
  | 'venue_booking_id'
>;

export async function lock(db: Db, scope: ScopeSql, id: number): Promise<LockedActivity | undefined> {
  return (
    await sql<LockedActivity>`SELECT a.id, a.title, a.type, a.status, a.capacity, a.registered_count, a.person_times, a.needs_approval, a.waitlist_enabled, a.cancel_hours,
        a.starts_at, a.ends_at, a.reg_opens_at, a.reg_closes_at, a.online_url, a.region_code, a.venue_booking_id
      FROM activities a WHERE a.id = ${id} AND ${scope} FOR UPDATE OF a`.execute(db)
  ).rows[0];
}

export async function findById(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ActivityRow | undefined> {
  if (lock) await sql`SELECT 1 FROM activities a WHERE a.id = ${id} AND ${scope} FOR UPDATE OF a`.execute(db);
  return (await sql<ActivityRow>`SELECT ${cols} ${from} WHERE a.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export type NewActivity = {
  title: string;
  type: string;
  campaign_id: number | null;
  host_org_id: number;
  host_org_path: string;
  region_code: string;
  region_path: string;
  description: string;
  venue_booking_id: number | null;
  venue_name: string | null;
  address: string | null;
  online_url: string | null;
  target_groups: string[];
  capacity: number;
  starts_at: Date;
  ends_at: Date;
  reg_opens_at: Date;
  reg_closes_at: Date;
  needs_approval: boolean;
  waitlist_enabled: boolean;
  cancel_hours: number;
  created_by: number | null;
};

export async function insert(db: Db, a: NewActivity): Promise<number> {
  return (await db.insertInto('activities').values(a).returning('id').executeTakeFirstOrThrow()).id;
}

export async function update(db: Db, id: number, version: number, set: Partial<NewActivity & { status: string }>): Promise<boolean> {
  const r = await db
    .updateTable('activities')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setBooking(db: Db, id: number, bookingId: number, venueName: string): Promise<void> {
  await sql`UPDATE activities SET venue_booking_id = ${bookingId}, venue_name = ${venueName} WHERE id = ${id}`.execute(db);
}

export async function setStatus(db: Db, id: number, status: string): Promise<void> {
  await sql`UPDATE activities SET status = ${status}, version = version + 1, updated_at = now() WHERE id = ${id}`.execute(db);
}

export async function setCohosts(db: Db, id: number, orgIds: number[]): Promise<void> {
  await sql`DELETE FROM activity_cohosts WHERE activity_id = ${id}`.execute(db);
  if (orgIds.length)
    await db
      .insertInto('activity_cohosts')
      .values(orgIds.map((org_id) => ({ activity_id: id, org_id })))
      .execute();
}

export async function addRegistered(db: Db, id: number, delta: number): Promise<void> {
  await sql`UPDATE activities SET registered_count = registered_count + ${delta} WHERE id = ${id}`.execute(db);
}

// ───────────── Campaigns ─────────────

export type CampaignRow = {
  id: number;
  code: string;
  name: string;
  description: string;
  starts_on: string | null;
  ends_on: string | null;
  owner_org_id: number | null;
  owner_org_name: string | null;
  activities: number;
  person_times: number;
};

/**
 * Campaigns an account sees: platform-wide ones, those owned at or above its organization (it may join them) and
 * those owned inside its scope. `scope` is the module's scope predicate over `c.owner_org_path` / `c.owner_region_path`.
 */
export async function listCampaigns(db: Db, scope: ScopeSql, orgPath: string): Promise<CampaignRow[]> {
  return (
    await sql<CampaignRow>`SELECT c.id, c.code, c.name, c.description, c.starts_on, c.ends_on, c.owner_org_id, o.name AS owner_org_name,
      (SELECT count(*)::int FROM activities a WHERE a.campaign_id = c.id AND a.status = 'published') AS activities,
      (SELECT coalesce(sum(a.person_times), 0)::int FROM activities a WHERE a.campaign_id = c.id AND a.status = 'published') AS person_times
      FROM campaigns c LEFT JOIN orgs o ON o.id = c.owner_org_id
      WHERE c.owner_org_id IS NULL OR c.owner_org_path @> ${orgPath}::ltree OR ${scope}
      ORDER BY c.id`.execute(db)
  ).rows;
}

/**
 * A campaign an activity hosted by the organization at `hostPath` in the region at `hostRegionPath` may join: a
 * platform-wide one, one owned at or above the host, or a cross-type one whose region holds the host's.
 */
export async function findJoinableCampaign(db: Db, id: number, hostPath: string, hostRegionPath: string): Promise<{ id: number } | undefined> {
  return (
    await sql<{ id: number }>`SELECT id FROM campaigns
      WHERE id = ${id} AND (owner_org_id IS NULL OR owner_org_path @> ${hostPath}::ltree OR (owner_cross_type AND owner_region_path @> ${hostRegionPath}::ltree))`.execute(
      db,
    )
  ).rows[0];
}

export async function insertCampaign(
  db: Db,
  c: {
    code: string;
    name: string;
    description: string;
    starts_on: string | null;
    ends_on: string | null;
    owner_org_id: number;
    owner_org_path: string;
    owner_region_path: string;
    owner_cross_type: boolean;
  },
): Promise<number> {
  return (await db.insertInto('campaigns').values(c).returning('id').executeTakeFirstOrThrow()).id;
}

/** A campaign owned at or below `orgPath` (the owner's staff and units above it edit it), locked. */
export async function findOwnedCampaign(
  db: Db,
  id: number,
  orgPath: string,
): Promise<{ id: number; starts_on: string | null; ends_on: string | null } | undefined> {
  return (
    await sql<{
      id: number;
      starts_on: string | null;
      ends_on: string | null;
    }>`SELECT id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
      FROM campaigns WHERE id = ${id} AND owner_org_path <@ ${orgPath}::ltree FOR UPDATE`.execute(db)
  ).rows[0];
}

export async function updateCampaign(
  db: Db,
  id: number,
  set: Partial<{
    name: string;
    description: string;
    starts_on: string | null;
    ends_on: string | null;
    owner_org_id: number;
    owner_org_path: string;
    owner_region_path: string;
  }>,
): Promise<void> {
  if (Object.keys(set).length) await db.updateTable('campaigns').set(set).where('id', '=', id).execute();
}

// ───────────── Registrations ─────────────

export type RegistrationRow = {
  id: number;
  activity_id: number;
  person_id: number;
  person_name: string;
  phone_masked: string | null;
  seq: number;
  status: string;
  code: string;
  checked_in_at: Date | null;
  created_at: Date;
  decided_at: Date | null;
  cancelled_at: Date | null;
  promoted_at: Date | null;
  position: number | null;
};

const regCols = sql`g.id, g.activity_id, g.person_id, p.name AS person_name, p.phone_masked, g.seq, g.status, g.code, g.checked_in_at, g.created_at,
  g.decided_at, g.cancelled_at, g.promoted_at,
  CASE WHEN g.status = 'waitlisted' THEN (SELECT count(*)::int FROM activity_registrations w
    WHERE w.activity_id = g.activity_id AND w.status = 'waitlisted' AND w.seq <= g.seq) END AS position`;

export async function nextSeq(db: Db): Promise<number> {
  return (await sql<{ n: number }>`SELECT nextval('activity_registration_seq')::bigint AS n`.execute(db)).rows[0]!.n;
}

export async function insertRegistration(db: Db, r: { activity_id: number; person_id: number; seq: number; status: string; code: string }): Promise<number> {
  return (await db.insertInto('activity_registrations').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findLiveRegistration(db: Db, activityId: number, personId: number): Promise<{ id: number; status: string } | undefined> {
  return db
    .selectFrom('activity_registrations')
    .select(['id', 'status'])
    .where('activity_id', '=', activityId)
    .where('person_id', '=', personId)
    .where('status', 'not in', ['cancelled', 'rejected'])
    .executeTakeFirst();
}

export async function findRegistration(db: Db, by: { id: number } | { code: string }): Promise<RegistrationRow | undefined> {
  const w = 'id' in by ? sql`g.id = ${by.id}` : sql`g.code = ${by.code}`;
  return (await sql<RegistrationRow>`SELECT ${regCols} FROM activity_registrations g JOIN people p ON p.id = g.person_id WHERE ${w}`.execute(db)).rows[0];
}

export async function listRegistrations(
  db: Db,
  activityId: number,
  f: { status?: string; q?: string },
  limit: number,
  offset: number,
): Promise<{ rows: RegistrationRow[]; total: number }> {
  const parts = [sql<SqlBool>`g.activity_id = ${activityId}`];
  if (f.status) parts.push(sql<SqlBool>`g.status = ${f.status}`);
  if (f.q) parts.push(sql<SqlBool>`p.name ILIKE ${`%${escLike(f.q)}%`}`);
  const w = sql.join(parts, sql` AND `);
  const rows = (
    await sql<RegistrationRow>`SELECT ${regCols} FROM activity_registrations g JOIN people p ON p.id = g.person_id WHERE ${w}
    ORDER BY g.seq LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM activity_registrations g JOIN people p ON p.id = g.person_id WHERE ${w}`.execute(db))
    .rows[0]!.n;
  return { rows, total };
}

export async function setRegistrationStatus(
  db: Db,
  id: number,
  status: string,
  extra: { decided?: boolean; cancelled?: boolean; promoted?: boolean } = {},
): Promise<void> {
  await sql`UPDATE activity_registrations SET status = ${status}
    ${extra.decided ? sql`, decided_at = now()` : sql``}
    ${extra.cancelled ? sql`, cancelled_at = now()` : sql``}
    ${extra.promoted ? sql`, promoted_at = now()` : sql``}
    WHERE id = ${id}`.execute(db);
}

/** The first on the waitlist (lowest arrival sequence) becomes registered. */
export async function promoteFirst(db: Db, activityId: number): Promise<{ id: number; person_id: number } | undefined> {
  return (
    await sql<{ id: number; person_id: number }>`UPDATE activity_registrations SET status = 'registered', promoted_at = now()
      WHERE id = (SELECT id FROM activity_registrations WHERE activity_id = ${activityId} AND status = 'waitlisted' ORDER BY seq LIMIT 1)
      RETURNING id, person_id`.execute(db)
  ).rows[0];
}

export async function markCheckedIn(db: Db, id: number): Promise<void> {
  await sql`UPDATE activity_registrations SET checked_in_at = now() WHERE id = ${id}`.execute(db);
}

export type MyRegistrationRow = RegistrationRow & {
  title: string;
  type: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string | null;
  online_url: string | null;
  cancel_hours: number;
  activity_status: string;
  attended: boolean;
};

export async function listMine(db: Db, personId: number): Promise<MyRegistrationRow[]> {
  return (
    await sql<MyRegistrationRow>`SELECT ${regCols}, a.title, a.type, a.starts_at, a.ends_at, a.venue_name, a.online_url, a.cancel_hours, a.status AS activity_status,
        ${attendedSql} AS attended
      FROM activity_registrations g JOIN people p ON p.id = g.person_id JOIN activities a ON a.id = g.activity_id
      WHERE g.person_id = ${personId} ORDER BY a.starts_at DESC, g.id DESC LIMIT 200`.execute(db)
  ).rows;
}

/** The holder of registration `g` took part: checked in, or joined the activity online. */
const attendedSql = sql<boolean>`(g.checked_in_at IS NOT NULL OR EXISTS (SELECT 1 FROM activity_participations ap
  WHERE ap.activity_id = g.activity_id AND ap.person_id = g.person_id))`;

/** What rating a registration needs: its holder, the host, when the activity began, and whether the holder took part. */
export async function findAttendance(
  db: Db,
  registrationId: number,
): Promise<{ id: number; person_id: number; host_org_id: number; starts_at: Date; attended: boolean } | undefined> {
  return (
    await sql<{ id: number; person_id: number; host_org_id: number; starts_at: Date; attended: boolean }>`
      SELECT g.id, g.person_id, a.host_org_id, a.starts_at, ${attendedSql} AS attended
      FROM activity_registrations g JOIN activities a ON a.id = g.activity_id WHERE g.id = ${registrationId}`.execute(db)
  ).rows[0];
}

export async function registrationIdsOf(db: Db, activityId: number): Promise<number[]> {
  return (await sql<{ id: number }>`SELECT id FROM activity_registrations WHERE activity_id = ${activityId}`.execute(db)).rows.map((r) => Number(r.id));
}

export async function registrationIdsOfMany(db: Db, activityIds: number[]): Promise<number[]> {
  if (activityIds.length === 0) return [];
  return (await sql<{ id: number }>`SELECT id FROM activity_registrations WHERE activity_id = ANY(${activityIds}::bigint[])`.execute(db)).rows.map((r) =>
    Number(r.id),
  );
}

/** The titles of the activities of some registrations (the label of an activity rating). */
export async function registrationTitles(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (
    await sql<{ id: number; title: string }>`SELECT g.id, a.title FROM activity_registrations g JOIN activities a ON a.id = g.activity_id
    WHERE g.id = ANY(${ids}::bigint[])`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [Number(r.id), r.title]));
}

// ───────────── Participation ─────────────

export async function insertParticipation(
  db: Db,
  p: { activity_id: number; person_id: number | null; registration_id: number | null; kind: string },
): Promise<void> {
  await db.insertInto('activity_participations').values(p).execute();
  await sql`UPDATE activities SET person_times = person_times + 1 WHERE id = ${p.activity_id}`.execute(db);
}

export async function hasParticipation(db: Db, activityId: number, personId: number, kinds: string[]): Promise<boolean> {
  const r = await sql<{ x: number }>`SELECT 1 AS x FROM activity_participations WHERE activity_id = ${activityId} AND person_id = ${personId}
    AND kind IN (${sql.join(kinds)}) LIMIT 1`.execute(db);
  return r.rows.length > 0;
}

/** Figures of activities by id (no scope: for a module that already holds the link to them). */
export async function figuresByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return (
    await sql<{ id: number; title: string; host_org_id: number; status: string; starts_at: Date; person_times: number }>`
      SELECT a.id, a.title, a.host_org_id, a.status, a.starts_at,
        (SELECT count(*)::int FROM activity_participations p WHERE p.activity_id = a.id) AS person_times
      FROM activities a WHERE a.id = ANY(${ids}::bigint[]) ORDER BY a.starts_at`.execute(db)
  ).rows;
}

export async function attendance(db: Db, activityIds: number[]): Promise<Array<{ activityId: number; personId: number }>> {
  return (
    await sql<{
      activityId: number;
      personId: number;
    }>`SELECT DISTINCT activity_id::int AS "activityId", person_id::int AS "personId" FROM activity_participations
      WHERE activity_id IN (${sql.join(activityIds)}) AND person_id IS NOT NULL AND kind IN ('check_in', 'walk_in')`.execute(db)
  ).rows;
}

export async function participationCounts(db: Db, activityId: number): Promise<Record<string, number>> {
  const rows = (
    await sql<{
      kind: string;
      n: number;
    }>`SELECT kind, count(*)::int AS n FROM activity_participations WHERE activity_id = ${activityId} GROUP BY kind`.execute(db)
  ).rows;
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

// ───────────── Totals ─────────────

export type TotalRow = { key: string; label: string; activities: number; person_times: number };

export async function totals(
  db: Db,
  scope: ScopeSql,
  by: 'campaign' | 'org' | 'region' | 'month',
  f: { from?: string; to?: string; campaignId?: number },
): Promise<TotalRow[]> {
  const w = where(scope, { from: f.from, to: f.to, campaignId: f.campaignId });
  const dims = {
    campaign: { key: sql`coalesce(a.campaign_id::text, '')`, label: sql`coalesce(cp.name, '')`, join: sql`LEFT JOIN campaigns cp ON cp.id = a.campaign_id` },
    org: { key: sql`a.host_org_id::text`, label: sql`o.name`, join: sql`JOIN orgs o ON o.id = a.host_org_id` },
    region: { key: sql`rg.code`, label: sql`rg.name`, join: sql`JOIN regions rg ON rg.path = subpath(a.region_path, 0, least(2, nlevel(a.region_path)))` },
    month: {
      key: sql`to_char(a.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
      label: sql`to_char(a.starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
      join: sql``,
    },
  }[by];
  return (
    await sql<TotalRow>`SELECT ${dims.key} AS key, ${dims.label} AS label, count(*)::int AS activities, coalesce(sum(a.person_times), 0)::int AS person_times
      FROM activities a ${dims.join} WHERE ${w} AND a.status = 'published' GROUP BY 1, 2 ORDER BY 1 LIMIT 10000`.execute(db)
  ).rows;
}

// ───────────── Portal ─────────────

export async function listPublic(
  db: Db,
  f: { nearPath?: string; myPath?: string; q?: string; type?: string; upcoming: boolean },
  limit: number,
  offset: number,
): Promise<{ rows: ActivityRow[]; total: number }> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`a.status = 'published'`];
  if (f.nearPath) parts.push(sql<SqlBool>`(a.region_path <@ ${f.nearPath}::ltree OR a.region_path @> ${f.myPath ?? f.nearPath}::ltree)`);
  if (f.upcoming) parts.push(sql<SqlBool>`a.ends_at > now()`);
  const w = where(sql<SqlBool>`${sql.join(parts, sql` AND `)}`, { q: f.q, type: f.type });
  const rows = (await sql<ActivityRow>`SELECT ${cols} ${from} WHERE ${w} ORDER BY a.starts_at, a.id LIMIT ${limit} OFFSET ${offset}`.execute(db)).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM activities a WHERE ${w}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function listPublicById(db: Db, id: number): Promise<ActivityRow[]> {
  return (await sql<ActivityRow>`SELECT ${cols} ${from} WHERE a.id = ${id} AND a.status = 'published'`.execute(db)).rows;
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
/** Copied organization paths of activities and campaigns under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE activities SET host_org_path = ${repath('host_org_path', p)} WHERE host_org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE campaigns SET owner_org_path = ${repath('owner_org_path', p)} WHERE owner_org_path <@ ${p.fromPath}::ltree`.execute(db);
}

export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    activities: affected(await sql`UPDATE activities SET host_org_id = ${m.toId} WHERE host_org_id = ${m.fromId}`.execute(db)),
    activity_cohosts: await moveLinks(db, 'activity_cohosts', 'activity_id', m),
    campaigns: affected(await sql`UPDATE campaigns SET owner_org_id = ${m.toId} WHERE owner_org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
