import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, moveLinks, type OrgReassignment, type OrgRepath, repath } from '../../platform/repath.js';

export type SeriesRow = {
  id: number;
  title: string;
  level: string;
  cadence: string;
  convenor: string;
  secretariat_org_id: number;
  secretariat_path: string;
  region_code: string;
  region_path: string;
  anchor_day: number;
  anchor_month: number;
  start_time: string;
  duration_minutes: number;
  topic_deadline_days: number;
  version: number;
  next_day: string | null;
};

const seriesCols = sql`s.id, s.title, s.level, s.cadence, s.convenor, s.secretariat_org_id, s.secretariat_path::text AS secretariat_path, s.region_code,
  s.region_path::text AS region_path, s.anchor_day, s.anchor_month, s.start_time, s.duration_minutes, s.topic_deadline_days, s.version`;

export async function insertSeries(db: Db, s: Omit<SeriesRow, 'id' | 'version' | 'next_day'> & { created_by: number | null }): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO meeting_series (title, level, cadence, convenor, secretariat_org_id, secretariat_path, region_code, region_path, anchor_day, anchor_month,
      start_time, duration_minutes, topic_deadline_days, created_by)
    VALUES (${s.title}, ${s.level}, ${s.cadence}, ${s.convenor}, ${s.secretariat_org_id}, ${s.secretariat_path}::ltree, ${s.region_code}, ${s.region_path}::ltree,
      ${s.anchor_day}, ${s.anchor_month}, ${s.start_time}, ${s.duration_minutes}, ${s.topic_deadline_days}, ${s.created_by})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function insertMembers(db: Db, seriesId: number, members: Array<{ org_id: number; org_path: string }>): Promise<void> {
  if (members.length === 0) return;
  await sql`INSERT INTO meeting_members (series_id, org_id, org_path)
    SELECT ${seriesId}, m.org_id, m.org_path::ltree FROM unnest(${members.map((m) => m.org_id)}::bigint[], ${members.map((m) => m.org_path)}::text[]) AS m(org_id, org_path)
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function listSeries(db: Db, scope: ScopeSql, today: string, id?: number): Promise<SeriesRow[]> {
  return (
    await sql<SeriesRow>`SELECT ${seriesCols},
        (SELECT min(o.planned_day)::text FROM meeting_occurrences o WHERE o.series_id = s.id AND o.planned_day >= ${today}::date AND o.status <> 'cancelled') AS next_day
      FROM meeting_series s WHERE ${scope} ${id === undefined ? sql`` : sql`AND s.id = ${id}`} ORDER BY s.level, s.id`.execute(db)
  ).rows;
}

export async function listMembers(db: Db, seriesIds: number[]): Promise<Array<{ series_id: number; org_id: number; org_path: string }>> {
  if (seriesIds.length === 0) return [];
  return (
    await sql<{
      series_id: number;
      org_id: number;
      org_path: string;
    }>`SELECT series_id, org_id, org_path::text AS org_path FROM meeting_members WHERE series_id = ANY(${seriesIds}::bigint[]) ORDER BY series_id, org_id`.execute(
      db,
    )
  ).rows;
}

export type OccurrenceRow = {
  id: number;
  series_id: number;
  series_title: string;
  secretariat_org_id: number;
  secretariat_path: string;
  region_path: string;
  planned_day: string;
  starts_at: Date;
  ends_at: Date;
  topic_deadline: string;
  room_id: number | null;
  booking_id: number | null;
  venue_label: string;
  status: string;
  agenda_published_at: Date | null;
  minutes: string;
  version: number;
};

const occCols = sql`o.id, o.series_id, s.title AS series_title, s.secretariat_org_id, s.secretariat_path::text AS secretariat_path, s.region_path::text AS region_path,
  o.planned_day::text AS planned_day, o.starts_at, o.ends_at, o.topic_deadline::text AS topic_deadline, o.room_id, o.booking_id, o.venue_label, o.status,
  o.agenda_published_at, o.minutes, o.version`;

export async function insertOccurrence(
  db: Db,
  o: { series_id: number; planned_day: string; starts_at: Date; ends_at: Date; topic_deadline: string },
): Promise<number | null> {
  const r = await sql<{ id: number }>`
    INSERT INTO meeting_occurrences (series_id, planned_day, starts_at, ends_at, topic_deadline)
    VALUES (${o.series_id}, ${o.planned_day}::date, ${o.starts_at}, ${o.ends_at}, ${o.topic_deadline}::date)
    ON CONFLICT (series_id, planned_day) DO NOTHING RETURNING id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function listOccurrences(db: Db, scope: ScopeSql, f: { seriesId?: number; from?: string; to?: string; ids?: number[] }): Promise<OccurrenceRow[]> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.seriesId !== undefined) parts.push(sql<SqlBool>`o.series_id = ${f.seriesId}`);
  if (f.from) parts.push(sql<SqlBool>`o.planned_day >= ${f.from}::date`);
  if (f.to) parts.push(sql<SqlBool>`o.planned_day <= ${f.to}::date`);
  if (f.ids) parts.push(sql<SqlBool>`o.id = ANY(${f.ids}::bigint[])`);
  return (
    await sql<OccurrenceRow>`SELECT ${occCols} FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
      WHERE ${sql.join(parts, sql` AND `)} ORDER BY o.planned_day, o.id LIMIT 500`.execute(db)
  ).rows;
}

export async function findOccurrence(db: Db, scope: ScopeSql, id: number, lock = false): Promise<OccurrenceRow | undefined> {
  return (
    await sql<OccurrenceRow>`SELECT ${occCols} FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
      WHERE o.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF o` : sql``}`.execute(db)
  ).rows[0];
}

/** The next occurrence of a series after a day (for carrying items forward). */
export async function nextOccurrenceId(db: Db, seriesId: number, afterDay: string): Promise<number | null> {
  return (
    (
      await sql<{
        id: number;
      }>`SELECT id FROM meeting_occurrences WHERE series_id = ${seriesId} AND planned_day > ${afterDay}::date AND status <> 'cancelled' ORDER BY planned_day LIMIT 1`.execute(
        db,
      )
    ).rows[0]?.id ?? null
  );
}

export async function bumpOccurrence(
  db: Db,
  id: number,
  set: { room_id?: number; booking_id?: number; venue_label?: string; agenda_published_at?: Date; minutes?: string; status?: string },
  version?: number,
): Promise<boolean> {
  const r = await db
    .updateTable('meeting_occurrences')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .$if(version !== undefined, (q) => q.where('version', '=', version!))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type TopicRow = {
  id: number;
  occurrence_id: number;
  org_id: number;
  title: string;
  note: string;
  source: string;
  status: string;
  position: number | null;
  project_id: number | null;
};

export async function insertTopic(
  db: Db,
  t: { occurrence_id: number; org_id: number; title: string; note: string; source: string; project_id?: number | null; created_by: number | null },
): Promise<TopicRow> {
  return db
    .insertInto('meeting_topics')
    .values({ ...t, project_id: t.project_id ?? null })
    .returning(['id', 'occurrence_id', 'org_id', 'title', 'note', 'source', 'status', 'position', 'project_id'])
    .executeTakeFirstOrThrow();
}

export async function listTopics(db: Db, occurrenceId: number): Promise<TopicRow[]> {
  return db
    .selectFrom('meeting_topics')
    .select(['id', 'occurrence_id', 'org_id', 'title', 'note', 'source', 'status', 'position', 'project_id'])
    .where('occurrence_id', '=', occurrenceId)
    .orderBy(sql`position NULLS LAST`)
    .orderBy('id')
    .execute();
}

/** Accepts the listed topics in that order; every other topic of the meeting is declined. */
export async function orderTopics(db: Db, occurrenceId: number, order: number[]): Promise<number> {
  await sql`UPDATE meeting_topics SET status = 'declined', position = NULL WHERE occurrence_id = ${occurrenceId} AND NOT (id = ANY(${order}::bigint[]))`.execute(
    db,
  );
  const r = await sql`UPDATE meeting_topics t SET status = 'accepted', position = o.pos
    FROM unnest(${order}::bigint[]) WITH ORDINALITY AS o(id, pos) WHERE t.id = o.id AND t.occurrence_id = ${occurrenceId}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function listAttendance(db: Db, occurrenceId: number) {
  return db.selectFrom('meeting_attendance').select(['org_id', 'status', 'delegate_name']).where('occurrence_id', '=', occurrenceId).execute();
}

export async function upsertAttendance(db: Db, occurrenceId: number, rows: Array<{ org_id: number; status: string; delegate_name: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('meeting_attendance')
    .values(rows.map((r) => ({ occurrence_id: occurrenceId, ...r })))
    .onConflict((oc) =>
      oc
        .columns(['occurrence_id', 'org_id'])
        .doUpdateSet({ status: (eb) => eb.ref('excluded.status'), delegate_name: (eb) => eb.ref('excluded.delegate_name') }),
    )
    .execute();
}

export async function insertDecision(db: Db, occurrenceId: number, text: string, createdBy: number | null): Promise<number> {
  return (
    await db.insertInto('meeting_decisions').values({ occurrence_id: occurrenceId, text, created_by: createdBy }).returning('id').executeTakeFirstOrThrow()
  ).id;
}

export async function listDecisions(db: Db, occurrenceId: number) {
  return db.selectFrom('meeting_decisions').select(['id', 'text']).where('occurrence_id', '=', occurrenceId).orderBy('id').execute();
}

// Action items.

export type ItemRow = {
  id: number;
  decision_id: number;
  decision_text: string;
  occurrence_id: number;
  series_id: number;
  series_title: string;
  secretariat_path: string;
  region_path: string;
  title: string;
  expected_result: string;
  lead_org_id: number;
  due_on: string;
  status: string;
  extension_to: string | null;
  extension_reason: string;
  evidence: string;
  last_activity_at: Date;
  version: number;
};

const itemCols = sql`i.id, i.decision_id, d.text AS decision_text, d.occurrence_id, i.series_id, s.title AS series_title, i.secretariat_path::text AS secretariat_path,
  i.region_path::text AS region_path, i.title, i.expected_result, i.lead_org_id, i.due_on::text AS due_on, i.status, i.extension_to::text AS extension_to,
  i.extension_reason, i.evidence, i.last_activity_at, i.version`;
const itemFrom = sql`action_items i JOIN meeting_decisions d ON d.id = i.decision_id JOIN meeting_series s ON s.id = i.series_id`;

export async function insertItem(
  db: Db,
  i: {
    decision_id: number;
    series_id: number;
    secretariat_path: string;
    region_path: string;
    title: string;
    expected_result: string;
    lead_org_id: number;
    due_on: string;
    created_by: number | null;
  },
): Promise<number> {
  return (
    await sql<{
      id: number;
    }>`INSERT INTO action_items (decision_id, series_id, secretariat_path, region_path, title, expected_result, lead_org_id, due_on, created_by)
      VALUES (${i.decision_id}, ${i.series_id}, ${i.secretariat_path}::ltree, ${i.region_path}::ltree, ${i.title}, ${i.expected_result}, ${i.lead_org_id}, ${i.due_on}::date, ${i.created_by})
      RETURNING id`.execute(db)
  ).rows[0]!.id;
}

export async function insertItemOrgs(db: Db, itemId: number, orgs: Array<{ org_id: number; org_path: string; role: 'lead' | 'co' }>): Promise<void> {
  await sql`INSERT INTO action_item_orgs (item_id, org_id, org_path, role)
    SELECT ${itemId}, o.org_id, o.org_path::ltree, o.role FROM unnest(${orgs.map((o) => o.org_id)}::bigint[], ${orgs.map((o) => o.org_path)}::text[], ${orgs.map((o) => o.role)}::text[]) AS o(org_id, org_path, role)
    ON CONFLICT DO NOTHING`.execute(db);
}

export async function listItemOrgs(db: Db, itemIds: number[]): Promise<Array<{ item_id: number; org_id: number; org_path: string; role: string }>> {
  if (itemIds.length === 0) return [];
  return (
    await sql<{
      item_id: number;
      org_id: number;
      org_path: string;
      role: string;
    }>`SELECT item_id, org_id, org_path::text AS org_path, role FROM action_item_orgs WHERE item_id = ANY(${itemIds}::bigint[]) ORDER BY item_id, role DESC, org_id`.execute(
      db,
    )
  ).rows;
}

export async function insertEvent(
  db: Db,
  e: { item_id: number; kind: string; actor_id: number | null; actor_name: string; org_name: string; note: string },
): Promise<void> {
  await db.insertInto('action_item_events').values(e).execute();
}

export async function listEvents(db: Db, itemId: number) {
  return db.selectFrom('action_item_events').select(['kind', 'actor_name', 'org_name', 'note', 'at']).where('item_id', '=', itemId).orderBy('id').execute();
}

export async function findItem(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ItemRow | undefined> {
  return (await sql<ItemRow>`SELECT ${itemCols} FROM ${itemFrom} WHERE i.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF i` : sql``}`.execute(db)).rows[0];
}

/** Items in scope; `carriedFor`: those carried to an occurrence (its series', open, due by its day, decided at another occurrence). */
export async function listItems(
  db: Db,
  scope: ScopeSql,
  f: { decisionIds?: number[]; status?: string; open?: boolean; carriedFor?: { seriesId: number; day: string; occurrenceId: number } },
): Promise<ItemRow[]> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.decisionIds) parts.push(sql<SqlBool>`i.decision_id = ANY(${f.decisionIds}::bigint[])`);
  if (f.status) parts.push(sql<SqlBool>`i.status = ${f.status}`);
  if (f.open) parts.push(sql<SqlBool>`i.status <> 'closed'`);
  if (f.carriedFor)
    parts.push(
      sql<SqlBool>`i.series_id = ${f.carriedFor.seriesId} AND i.status <> 'closed' AND i.due_on <= ${f.carriedFor.day}::date AND d.occurrence_id <> ${f.carriedFor.occurrenceId}`,
    );
  return (
    await sql<ItemRow>`SELECT ${itemCols} FROM ${itemFrom} WHERE ${sql.join(parts, sql` AND `)}
      ORDER BY (i.status = 'closed'), i.due_on, i.id LIMIT 500`.execute(db)
  ).rows;
}

/** The columns an item's line in a list needs (no decision text: a list does not show it). */
export type ItemBriefRow = Pick<ItemRow, 'id' | 'series_title' | 'region_path' | 'title' | 'lead_org_id' | 'due_on' | 'status' | 'last_activity_at'>;

/**
 * The supervision queue: open items of the region subtree, those of the actor's own level all, those of the levels
 * below only when overdue or stalled; overdue first. `scope` narrows to the actor's secretariat when not cross-type.
 * It reads action_items through its partial GiST index on the region path and joins only the series (a handful of
 * rows); the decisions are not joined, so the cost does not grow with years of meetings.
 */
export async function supervision(
  db: Db,
  scope: ScopeSql,
  f: { regionPath: string; today: string; stalledBefore: Date; limit: number },
): Promise<ItemBriefRow[]> {
  return (
    await sql<ItemBriefRow>`SELECT i.id, s.title AS series_title, i.region_path::text AS region_path, i.title, i.lead_org_id, i.due_on::text AS due_on, i.status, i.last_activity_at
      FROM action_items i JOIN meeting_series s ON s.id = i.series_id
      WHERE i.status <> 'closed' AND i.region_path <@ ${f.regionPath}::ltree AND ${scope}
        AND (i.region_path = ${f.regionPath}::ltree OR i.due_on < ${f.today}::date OR i.last_activity_at < ${f.stalledBefore})
      ORDER BY (i.due_on < ${f.today}::date) DESC, i.due_on, i.id LIMIT ${f.limit}`.execute(db)
  ).rows;
}

export async function updateItem(
  db: Db,
  id: number,
  version: number | undefined,
  set: { status?: string; due_on?: string; extension_to?: string | null; extension_reason?: string; evidence?: string; closed_at?: Date | null },
): Promise<boolean> {
  const r = await db
    .updateTable('action_items')
    .set({ ...set, last_activity_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .$if(version !== undefined, (q) => q.where('version', '=', version!))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// iCalendar feeds.

export async function findFeed(db: Db, orgId: number): Promise<string | undefined> {
  return (await db.selectFrom('meeting_feeds').select('token').where('org_id', '=', orgId).executeTakeFirst())?.token;
}

export async function upsertFeed(db: Db, orgId: number, token: string, createdBy: number | null): Promise<void> {
  await sql`INSERT INTO meeting_feeds (token, org_id, created_by) VALUES (${token}, ${orgId}, ${createdBy})
    ON CONFLICT (org_id) DO UPDATE SET token = excluded.token, created_by = excluded.created_by, created_at = now()`.execute(db);
}

export async function deleteFeed(db: Db, orgId: number): Promise<boolean> {
  return Number((await db.deleteFrom('meeting_feeds').where('org_id', '=', orgId).executeTakeFirst()).numDeletedRows) > 0;
}

export async function feedByToken(db: Db, token: string): Promise<number | undefined> {
  return (await db.selectFrom('meeting_feeds').select('org_id').where('token', '=', token).executeTakeFirst())?.org_id;
}

/** The meeting of the series held (or planned) last before a day, not cancelled. */
export async function previousOccurrence(db: Db, seriesId: number, beforeDay: string): Promise<OccurrenceRow | undefined> {
  return (
    await sql<OccurrenceRow>`SELECT ${occCols} FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id
      WHERE o.series_id = ${seriesId} AND o.planned_day < ${beforeDay}::date AND o.status <> 'cancelled' ORDER BY o.planned_day DESC LIMIT 1`.execute(db)
  ).rows[0];
}

// Figures.

/** Meetings held per level and cadence, and the decisions recorded, over the series in scope. */
export async function meetingFigures(
  db: Db,
  scope: ScopeSql,
): Promise<{ byCadence: Array<{ level: string; cadence: string; held: number }>; decisions: number }> {
  const byCadence = (
    await sql<{ level: string; cadence: string; held: number }>`SELECT s.level, s.cadence, count(*)::int AS held
      FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id WHERE o.status = 'held' AND ${scope}
      GROUP BY s.level, s.cadence ORDER BY s.level, s.cadence`.execute(db)
  ).rows;
  const decisions = (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM meeting_decisions d JOIN meeting_occurrences o ON o.id = d.occurrence_id
      JOIN meeting_series s ON s.id = o.series_id WHERE ${scope}`.execute(db)
  ).rows[0]!.n;
  return { byCadence, decisions };
}

/** Action items in scope by state: open, open and past due, closed by the deadline (China date), closed after it. */
export async function itemFigures(
  db: Db,
  scope: ScopeSql,
  today: string,
): Promise<{ open: number; overdue: number; closed_on_time: number; closed_late: number }> {
  return (
    await sql<{ open: number; overdue: number; closed_on_time: number; closed_late: number }>`SELECT
        count(*) FILTER (WHERE i.status <> 'closed')::int AS open,
        count(*) FILTER (WHERE i.status <> 'closed' AND i.due_on < ${today}::date)::int AS overdue,
        count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= i.due_on)::int AS closed_on_time,
        count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date > i.due_on)::int AS closed_late
      FROM action_items i WHERE ${scope}`.execute(db)
  ).rows[0]!;
}

export type LeadOrgFiguresRow = {
  lead_org_id: number;
  open: number;
  overdue: number;
  closed_on_time: number;
  closed_late: number;
  on_time_rate: number | null;
};

/**
 * The same counts per lead organization of the items in scope, with the on-time rate (closed on time over closed,
 * rounded to 3 decimals; null when none closed). Only the groups ranked within the lowest `limit` rates (nulls last)
 * come back, ties at the edge included (1000 rows at most), so the caller can order them by name as well and cut at `limit`.
 */
export async function itemFiguresByLeadOrg(db: Db, scope: ScopeSql, today: string, limit: number): Promise<LeadOrgFiguresRow[]> {
  return (
    await sql<LeadOrgFiguresRow>`WITH g AS (
        SELECT i.lead_org_id,
          count(*) FILTER (WHERE i.status <> 'closed')::int AS open,
          count(*) FILTER (WHERE i.status <> 'closed' AND i.due_on < ${today}::date)::int AS overdue,
          count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= i.due_on)::int AS closed_on_time,
          count(*) FILTER (WHERE i.status = 'closed' AND (i.closed_at AT TIME ZONE 'Asia/Shanghai')::date > i.due_on)::int AS closed_late
        FROM action_items i WHERE ${scope} GROUP BY i.lead_org_id
      ), r AS (
        SELECT g.*, round(g.closed_on_time::numeric / nullif(g.closed_on_time + g.closed_late, 0), 3)::float8 AS on_time_rate FROM g
      ), ranked AS (
        SELECT r.*, rank() OVER (ORDER BY r.on_time_rate ASC NULLS LAST) AS pos FROM r
      )
      SELECT lead_org_id, open, overdue, closed_on_time, closed_late, on_time_rate FROM ranked WHERE pos <= ${limit}
      ORDER BY pos, lead_org_id LIMIT 1000`.execute(db)
  ).rows;
}

/** Copied organization paths of series, members and supervised items under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE meeting_series SET secretariat_path = ${repath('secretariat_path', p)} WHERE secretariat_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE meeting_members SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE action_items SET secretariat_path = ${repath('secretariat_path', p)} WHERE secretariat_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE action_item_orgs SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/**
 * Organization merge: series the merged unit runs, its memberships, topics, attendance and supervised items go to the
 * survivor; where both took part in the same series, meeting or item, the survivor's row stays (a lead role wins).
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  await sql`DELETE FROM action_item_orgs y WHERE y.org_id = ${m.toId} AND y.role = 'co' AND EXISTS (SELECT 1 FROM action_item_orgs x WHERE x.item_id = y.item_id AND x.org_id = ${m.fromId} AND x.role = 'lead')`.execute(
    db,
  );
  const moved = {
    meeting_series: affected(await sql`UPDATE meeting_series SET secretariat_org_id = ${m.toId} WHERE secretariat_org_id = ${m.fromId}`.execute(db)),
    meeting_members: await moveLinks(db, 'meeting_members', 'series_id', m),
    meeting_topics: affected(await sql`UPDATE meeting_topics SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    meeting_attendance: await moveLinks(db, 'meeting_attendance', 'occurrence_id', m),
    action_items: affected(await sql`UPDATE action_items SET lead_org_id = ${m.toId} WHERE lead_org_id = ${m.fromId}`.execute(db)),
    action_item_orgs: await moveLinks(db, 'action_item_orgs', 'item_id', m),
    // The survivor keeps its own calendar address; the merged unit's address then ends.
    meeting_feeds: affected(
      await sql`UPDATE meeting_feeds SET org_id = ${m.toId} WHERE org_id = ${m.fromId} AND NOT EXISTS (SELECT 1 FROM meeting_feeds y WHERE y.org_id = ${m.toId})`.execute(
        db,
      ),
    ),
  };
  await sql`DELETE FROM meeting_feeds WHERE org_id = ${m.fromId}`.execute(db);
  await repathOrgs(db, m);
  return moved;
}
