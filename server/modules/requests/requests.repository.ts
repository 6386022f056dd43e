import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import type { ScopeSql } from '../../platform/scope.js';
import { prepared, type Db } from '../../db/client.js';

// ───────────── Categories and routing rules ─────────────

export type CategoryRow = {
  id: number;
  parent_id: number | null;
  code: string;
  name_zh: string;
  name_en: string;
  description: string;
  description_en: string;
  fields: unknown;
  default_org_type: string | null;
  start_level: string;
  sla_accept_days: number;
  sla_response_days: number;
  sla_resolve_days: number;
  active: boolean;
  sort: number;
  version: number;
  duplicate_days: number;
};

const categoryCols = sql`c.id, c.parent_id, c.code, c.name_zh, c.name_en, c.description, c.description_en, c.fields, c.default_org_type, c.start_level,
  c.sla_accept_days, c.sla_response_days, c.sla_resolve_days, c.active, c.sort, c.version, c.duplicate_days`;

export async function listCategories(db: Db, activeOnly: boolean): Promise<CategoryRow[]> {
  return (
    await sql<CategoryRow>`SELECT ${categoryCols} FROM request_categories c ${activeOnly ? sql`WHERE c.active` : sql``}
      ORDER BY c.sort, c.id`.execute(db)
  ).rows;
}

export async function findCategory(db: Db, by: { id: number } | { code: string }, lock = false): Promise<CategoryRow | undefined> {
  const where = 'id' in by ? sql`c.id = ${by.id}` : sql`c.code = ${by.code}`;
  return (await sql<CategoryRow>`${prepared}SELECT ${categoryCols} FROM request_categories c WHERE ${where} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db))
    .rows[0];
}

export type NewCategory = {
  parent_id: number | null;
  code: string;
  name_zh: string;
  name_en: string;
  description: string;
  description_en: string;
  fields: string;
  default_org_type: string | null;
  start_level: string;
  sla_accept_days: number;
  sla_response_days: number;
  sla_resolve_days: number;
  sort: number;
  duplicate_days?: number;
};

export async function insertCategory(db: Db, c: NewCategory): Promise<number> {
  const r = await db.insertInto('request_categories').values(c).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCategory(db: Db, id: number, version: number, set: Partial<NewCategory & { active: boolean }>): Promise<boolean> {
  const r = await db
    .updateTable('request_categories')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type RuleRow = { id: number; category_code: string; region_code: string; region_name: string; org_id: number; org_name: string };

export async function listRules(db: Db, categoryId: number | null): Promise<RuleRow[]> {
  return (
    await sql<RuleRow>`SELECT rr.id, c.code AS category_code, rr.region_code, g.name AS region_name, rr.org_id, o.name AS org_name
      FROM request_routing_rules rr JOIN request_categories c ON c.id = rr.category_id
      JOIN regions g ON g.code = rr.region_code JOIN orgs o ON o.id = rr.org_id
      ${categoryId === null ? sql`` : sql`WHERE rr.category_id = ${categoryId}`}
      ORDER BY c.sort, rr.region_path LIMIT 1000`.execute(db)
  ).rows;
}

export async function upsertRule(
  db: Db,
  r: { category_id: number; region_code: string; region_path: string; org_id: number; created_by: number },
): Promise<number> {
  const row = await db
    .insertInto('request_routing_rules')
    .values(r)
    .onConflict((oc) => oc.columns(['category_id', 'region_code']).doUpdateSet({ org_id: r.org_id, created_by: r.created_by, created_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('request_routing_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export type RoutedOrg = { id: number; name: string; path: string; by: 'rule' | 'default' };

/**
 * The responsible unit, in one round trip: the rule of the category for the most specific region containing the
 * request's region; else, when `fallback` is given, the nearest active unit of its type at one of its levels whose
 * region contains the request's region.
 */
export async function findRoute(
  db: Db,
  q: { categoryId: number | null; regionPath: string; fallback: { typeCode: string; levels: string[] } | null },
): Promise<RoutedOrg | undefined> {
  const r = await sql<RoutedOrg>`
    (SELECT o.id, o.name, o.path::text AS path, 'rule' AS by, 0 AS rank
      FROM request_routing_rules rr JOIN orgs o ON o.id = rr.org_id AND o.status = 'active'
      WHERE rr.category_id = ${q.categoryId} AND rr.region_path @> ${q.regionPath}::ltree
      ORDER BY nlevel(rr.region_path) DESC LIMIT 1)
    UNION ALL
    (SELECT o.id, o.name, o.path::text, 'default', 1 FROM orgs o
      WHERE ${q.fallback !== null} AND o.type_code = ${q.fallback?.typeCode ?? ''} AND o.status = 'active'
        AND o.level = ANY(${q.fallback?.levels ?? []}::text[]) AND o.region_path @> ${q.regionPath}::ltree
      ORDER BY nlevel(o.region_path) DESC, o.id LIMIT 1)
    ORDER BY rank LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row && { id: row.id, name: row.name, path: row.path, by: row.by };
}

export type OrgLite = { id: number; name: string; path: string; parent_id: number | null; status: string; type_code: string };

export async function findOrg(db: Db, id: number, scope: ScopeSql): Promise<OrgLite | undefined> {
  return (
    await sql<OrgLite>`SELECT o.id, o.name, o.path::text AS path, o.parent_id, o.status, o.type_code FROM orgs o WHERE o.id = ${id} AND ${scope}`.execute(db)
  ).rows[0];
}

// ───────────── Requests ─────────────

export async function nextIds(db: Db): Promise<{ id: number; seq: number }> {
  const r = await sql<{
    id: number;
    seq: number;
  }>`${prepared}SELECT nextval(pg_get_serial_sequence('requests', 'id'))::bigint AS id, nextval('request_number_seq')::bigint AS seq`.execute(db);
  return { id: Number(r.rows[0]!.id), seq: Number(r.rows[0]!.seq) };
}

export type NewRequest = {
  id: number;
  number: string;
  category_id: number;
  channel: string;
  /** Masked; the full text is in description_enc. */
  description: string;
  description_enc: Buffer | null;
  fields: string;
  region_code: string;
  region_path: string;
  address_enc: Buffer | null;
  address_masked: string | null;
  person_id: number;
  contact_phone_bidx: Buffer | null;
  status: string;
  org_id: number;
  submitted_on: string;
  accept_due: string;
  response_due: string;
  resolve_due: string;
  due_provisional: boolean;
  created_by: number | null;
  publish_description?: boolean;
} & Partial<Open311Columns>;

/** What an Open311 client sent besides the common intake (migration 0085). */
export type Open311Columns = {
  lat: number | null;
  lng: number | null;
  location_source: string;
  contact_email_enc: Buffer | null;
  contact_email_masked: string | null;
  media_url: string | null;
  device_id: string | null;
  account_id: string | null;
  extra: string;
  open311_key_id: number;
};

export async function insertRequest(db: Db, r: NewRequest): Promise<void> {
  await db.insertInto('requests').values(r).execute();
}

export type RequestSet = Partial<{
  status: string;
  org_id: number;
  accepted_at: Date;
  responded_at: Date;
  resolved_at: Date;
  closed_at: Date;
  reply: string;
  reply_enc: Buffer | null;
  resolve_due: string;
  due_provisional: boolean;
  accept_due: string;
  response_due: string;
  callback_at: Date;
  callback_note: string;
  callback_note_enc: Buffer | null;
  callback_reached: boolean;
  duplicate_of: number;
}>;

/** Applies a change and bumps the version; the caller holds the row lock, so the new version is the next one. */
export async function updateRequest(db: Db, id: number, set: RequestSet): Promise<number> {
  const r = await db
    .updateTable('requests')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

/** Open requests whose deadlines were counted into a year without an official arrangement, locked for moving. */
export async function listProvisionalDeadlines(
  db: Db,
): Promise<Array<{ id: number; submitted_on: string; accept_due: string; response_due: string; resolve_due: string }>> {
  return (
    await sql<{ id: number; submitted_on: string; accept_due: string; response_due: string; resolve_due: string }>`
      SELECT id, submitted_on::text AS submitted_on, accept_due::text AS accept_due, response_due::text AS response_due, resolve_due::text AS resolve_due
      FROM requests WHERE due_provisional AND status <> 'closed' ORDER BY id FOR UPDATE`.execute(db)
  ).rows;
}

/** The deadlines of a request no longer depend on a provisional year. */
export async function settleDeadlines(db: Db, id: number): Promise<void> {
  await db.updateTable('requests').set({ due_provisional: false }).where('id', '=', id).execute();
}

export type NewEvent = {
  request_id: number;
  version: number;
  kind: string;
  actor_id: number | null;
  org_id: number | null;
  target_org_id: number | null;
  /** Masked; the full text is in note_enc. */
  note: string;
  note_enc: Buffer | null;
  public: boolean;
};

export async function insertEvent(db: Db, e: NewEvent): Promise<void> {
  await db.insertInto('request_events').values(e).execute();
}

export type RequestRow = {
  id: number;
  number: string;
  category_id: number;
  category_code: string;
  category_name: string;
  category_name_en: string;
  channel: string;
  description: string;
  fields: unknown;
  region_code: string;
  region_name: string;
  address_masked: string | null;
  person_id: number;
  requester_name: string;
  requester_phone_masked: string | null;
  status: string;
  org_id: number;
  org_name: string;
  org_path: string;
  org_parent_id: number | null;
  submitted_at: Date;
  submitted_on: string;
  accept_due: string;
  response_due: string;
  resolve_due: string;
  due_provisional: boolean;
  accepted_at: Date | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  reply: string | null;
  version: number;
  updated_at: Date;
  overdue: boolean;
  due_soon: boolean;
  primary_access: boolean;
  callback_at: Date | null;
  callback_note: string | null;
  callback_reached: boolean | null;
  duplicate_of: number | null;
  duplicate_of_number: string | null;
  lat: number | null;
  lng: number | null;
  location_source: string;
  contact_email_masked: string | null;
  media_url: string | null;
  device_id: string | null;
  account_id: string | null;
  extra: unknown;
  publish_description: boolean;
};

export type Scopes = {
  primary: ScopeSql;
  grant: ScopeSql;
  overdue: RawBuilder<SqlBool>;
  dueSoon?: RawBuilder<SqlBool>;
  /** The ids of requests granted to the actor's organizations (the list form of `grant`). */
  grantIds?: RawBuilder<unknown>;
  /** No scope at all (the benchmark's baseline): `primary` must then be `true`. */
  all?: boolean;
};

const requestCols = (
  primary: RawBuilder<SqlBool>,
  today: RawBuilder<SqlBool>,
  dueSoon: RawBuilder<SqlBool> = sql<SqlBool>`false`,
) => sql`r.id, r.number, r.category_id, c.code AS category_code,
  c.name_zh AS category_name, c.name_en AS category_name_en, r.channel, r.description, r.fields, r.region_code, g.name AS region_name,
  r.address_masked, r.person_id, p.name AS requester_name, p.phone_masked AS requester_phone_masked, r.status, r.org_id, o.name AS org_name,
  o.path::text AS org_path, o.parent_id AS org_parent_id, r.submitted_at, r.submitted_on::text AS submitted_on, r.accept_due::text AS accept_due,
  r.response_due::text AS response_due, r.resolve_due::text AS resolve_due, r.due_provisional, r.accepted_at, r.responded_at, r.resolved_at, r.closed_at, r.reply,
  r.version, r.updated_at, ${today} AS overdue, ${dueSoon} AS due_soon, (${primary}) AS primary_access, r.callback_at, r.callback_note,
  r.callback_reached, r.duplicate_of, (SELECT d.number FROM requests d WHERE d.id = r.duplicate_of) AS duplicate_of_number,
  r.lat, r.lng, r.location_source, r.contact_email_masked, r.media_url, r.device_id, r.account_id, r.extra, r.publish_description`;

const requestFrom = sql`requests r JOIN request_categories c ON c.id = r.category_id JOIN orgs o ON o.id = r.org_id
  JOIN regions g ON g.code = r.region_code JOIN people p ON p.id = r.person_id`;

/** One request the scope can see: as primary handler (`primary`) or through a co-handler grant (`grant`). */
export async function findById(db: Db, scope: Scopes, id: number, lock = false): Promise<RequestRow | undefined> {
  const r = await sql<RequestRow>`SELECT ${requestCols(scope.primary, scope.overdue, scope.dueSoon)} FROM ${requestFrom}
    WHERE r.id = ${id} AND (${scope.primary} OR ${scope.grant}) ${lock ? sql`FOR UPDATE OF r` : sql``}`.execute(db);
  return r.rows[0];
}

/** The citizen's view: the number and the blind index of the phone given at intake are the scope. */
export async function findByNumberAndPhone(
  db: Db,
  number: string,
  phoneBidx: Buffer,
  overdue: RawBuilder<SqlBool>,
  lock = false,
): Promise<RequestRow | undefined> {
  const r = await sql<RequestRow>`SELECT ${requestCols(sql<SqlBool>`false`, overdue)} FROM ${requestFrom}
    WHERE r.number = ${number} AND r.contact_phone_bidx = ${phoneBidx} ${lock ? sql`FOR UPDATE OF r` : sql``}`.execute(db);
  return r.rows[0];
}

export type RequestFilter = {
  status?: string;
  categoryId?: number;
  overdue?: boolean;
  dueSoon?: boolean;
  callbackPending?: boolean;
  regionPath?: string;
  number?: string;
  supervision?: RawBuilder<SqlBool>;
};

/**
 * The inbox page and its total. The scope becomes two id lists evaluated once (units in scope, requests granted
 * to my organizations), so PostgreSQL reads only those units' requests through the (org_id, submitted_at) index;
 * the joins run for the page's rows only.
 */
export async function list(db: Db, scope: Scopes, f: RequestFilter, limit: number, offset: number): Promise<{ rows: RequestRow[]; total: number }> {
  const inScope = scope.all
    ? sql<SqlBool>`true`
    : scope.grantIds
      ? sql<SqlBool>`(r.org_id = ANY(ARRAY(SELECT o.id FROM orgs o WHERE ${scope.primary})) OR r.id = ANY(ARRAY(${scope.grantIds})))`
      : sql<SqlBool>`r.org_id = ANY(ARRAY(SELECT o.id FROM orgs o WHERE ${scope.primary}))`;
  const parts = [inScope];
  if (f.status) parts.push(sql<SqlBool>`r.status = ${f.status}`);
  if (f.categoryId) parts.push(sql<SqlBool>`r.category_id = ${f.categoryId}`);
  if (f.overdue !== undefined) parts.push(f.overdue ? scope.overdue : sql<SqlBool>`NOT ${scope.overdue}`);
  if (f.dueSoon !== undefined && scope.dueSoon) parts.push(f.dueSoon ? scope.dueSoon : sql<SqlBool>`NOT ${scope.dueSoon}`);
  if (f.callbackPending !== undefined)
    parts.push(
      f.callbackPending ? sql<SqlBool>`(r.status = 'closed' AND r.callback_at IS NULL)` : sql<SqlBool>`NOT (r.status = 'closed' AND r.callback_at IS NULL)`,
    );
  if (f.regionPath) parts.push(sql<SqlBool>`r.region_path <@ ${f.regionPath}::ltree`);
  if (f.number) parts.push(sql<SqlBool>`r.number = ${f.number}`);
  if (f.supervision) parts.push(f.supervision);
  const where = sql.join(parts, sql` AND `);
  const [page, count] = await Promise.all([
    sql<RequestRow>`SELECT ${requestCols(scope.primary, scope.overdue, scope.dueSoon)}
      FROM (SELECT r.* FROM requests r WHERE ${where} ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit} OFFSET ${offset}) r
      JOIN request_categories c ON c.id = r.category_id JOIN orgs o ON o.id = r.org_id
      JOIN regions g ON g.code = r.region_code JOIN people p ON p.id = r.person_id
      ORDER BY r.submitted_at DESC, r.id DESC`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM requests r WHERE ${where}`.execute(db),
  ]);
  return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
}

export type EventRow = {
  version: number;
  kind: string;
  actor_name: string | null;
  org_name: string | null;
  target_org_name: string | null;
  note: string;
  public: boolean;
  at: Date;
};

export async function listEvents(db: Db, requestId: number, publicOnly: boolean): Promise<EventRow[]> {
  return (
    await sql<EventRow>`SELECT e.version, e.kind, a.display_name AS actor_name, o.name AS org_name, t.name AS target_org_name, e.note, e.public, e.at
      FROM request_events e LEFT JOIN accounts a ON a.id = e.actor_id LEFT JOIN orgs o ON o.id = e.org_id LEFT JOIN orgs t ON t.id = e.target_org_id
      WHERE e.request_id = ${requestId} ${publicOnly ? sql`AND e.public` : sql``} ORDER BY e.version`.execute(db)
  ).rows;
}

export async function listCoHandlers(db: Db, requestId: number): Promise<Array<{ org_id: number; org_name: string }>> {
  return (
    await sql<{ org_id: number; org_name: string }>`SELECT g.org_id, o.name AS org_name FROM access_grants g JOIN orgs o ON o.id = g.org_id
      WHERE g.object_type = 'request' AND g.object_id = ${String(requestId)} AND g.revoked_at IS NULL ORDER BY g.id`.execute(db)
  ).rows;
}

export async function insertGrant(db: Db, g: { org_id: number; object_id: string; granted_by: number }): Promise<boolean> {
  const exists =
    await sql`SELECT 1 FROM access_grants WHERE object_type = 'request' AND object_id = ${g.object_id} AND org_id = ${g.org_id} AND revoked_at IS NULL`.execute(
      db,
    );
  if (exists.rows.length > 0) return false;
  await db
    .insertInto('access_grants')
    .values({ ...g, object_type: 'request', access: 'write', reason: 'co_handler' })
    .execute();
  return true;
}

/** Per handling unit within scope: requests submitted in [from, to), accepted within the accept SLA, resolved or closed. */
export async function handlingFigures(
  db: Db,
  scope: ScopeSql,
  from: string,
  to: string,
): Promise<Array<{ org_path: string; total: number; accepted_in_time: number; resolved: number }>> {
  return (
    await sql<{ org_path: string; total: number; accepted_in_time: number; resolved: number }>`SELECT o.path::text AS org_path, count(*)::int AS total,
        count(*) FILTER (WHERE r.accepted_at IS NOT NULL AND (r.accepted_at AT TIME ZONE 'Asia/Shanghai')::date <= r.accept_due)::int AS accepted_in_time,
        count(*) FILTER (WHERE r.status IN ('resolved', 'closed'))::int AS resolved
      FROM requests r JOIN orgs o ON o.id = r.org_id
      WHERE ${scope} AND r.submitted_on >= ${from}::date AND r.submitted_on < ${to}::date
      GROUP BY o.path`.execute(db)
  ).rows;
}

export async function numbers(db: Db, ids: number[]): Promise<Array<{ id: number; number: string }>> {
  if (ids.length === 0) return [];
  return (await sql<{ id: number; number: string }>`SELECT id, number FROM requests WHERE id = ANY(${ids}::bigint[])`.execute(db)).rows;
}

// ───────────── Duplicates ─────────────

/**
 * Earlier requests of the same category within the window: the same person's anywhere, and the most recent ones
 * in the same street, nearest in time first through the GiST index of migration 0063 (whose text the service compares).
 */
export async function findRecentSimilar(
  db: Db,
  q: { personId: number; categoryId: number; days: number; streetPath: string },
): Promise<Array<{ id: number; number: string; submitted_at: Date; same_person: boolean; description: string }>> {
  if (q.days <= 0) return [];
  return (
    await sql<{ id: number; number: string; submitted_at: Date; same_person: boolean; description: string }>`
      (SELECT r.id, r.number, r.submitted_at, true AS same_person, r.description FROM requests r
        WHERE r.person_id = ${q.personId} AND r.category_id = ${q.categoryId} AND r.submitted_at > now() - make_interval(days => ${q.days})
        ORDER BY r.submitted_at DESC LIMIT 5)
      UNION ALL
      (SELECT r.id, r.number, r.submitted_at, false AS same_person, r.description FROM requests r
        WHERE r.category_id = ${q.categoryId} AND r.submitted_at > now() - make_interval(days => ${q.days}) AND r.region_path <@ ${q.streetPath}::ltree
          AND r.person_id <> ${q.personId}
        ORDER BY r.submitted_at <-> now() LIMIT 200)`.execute(db)
  ).rows;
}

// ───────────── Attachments ─────────────

export type AttachmentRow = { id: number; request_id: number; sha256: string; size: number; mime: string; name: string; source: string; uploaded_at: Date };

export async function insertAttachment(
  db: Db,
  a: { request_id: number; sha256: string; size: number; mime: string; name: string; source: string; uploaded_by: number | null },
): Promise<number> {
  return (await db.insertInto('request_attachments').values(a).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listAttachments(db: Db, requestId: number): Promise<AttachmentRow[]> {
  return db
    .selectFrom('request_attachments')
    .select(['id', 'request_id', 'sha256', 'size', 'mime', 'name', 'source', 'uploaded_at'])
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}

export async function findAttachment(db: Db, requestId: number, id: number): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('request_attachments')
    .select(['id', 'request_id', 'sha256', 'size', 'mime', 'name', 'source', 'uploaded_at'])
    .where('request_id', '=', requestId)
    .where('id', '=', id)
    .executeTakeFirst();
}

// ───────────── Open311 API keys ─────────────

export type ApiKeyRow = { id: number; name: string; key_prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };

export async function insertApiKey(db: Db, k: { name: string; key_hash: Buffer; key_prefix: string; created_by: number }): Promise<number> {
  return (await db.insertInto('open311_api_keys').values(k).returning('id').executeTakeFirstOrThrow()).id;
}

export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('open311_api_keys')
    .select(['id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function revokeApiKey(db: Db, id: number): Promise<boolean> {
  const r = await db
    .updateTable('open311_api_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A live key by its hash; marks it used. */
export async function useApiKey(db: Db, hash: Buffer): Promise<{ id: number; name: string } | undefined> {
  return (
    await sql<{
      id: number;
      name: string;
    }>`UPDATE open311_api_keys SET last_used_at = now() WHERE key_hash = ${hash} AND revoked_at IS NULL RETURNING id, name`.execute(db)
  ).rows[0];
}

// ───────────── Protected free text ─────────────

export type TextSecrets = {
  description: string;
  description_enc: Buffer | null;
  reply: string | null;
  reply_enc: Buffer | null;
  callback_note: string | null;
  callback_note_enc: Buffer | null;
};

/** The stored free text of a request (masked and encrypted forms), for its audited reveal; the caller checked scope. */
export async function findTextSecrets(db: Db, id: number): Promise<TextSecrets | undefined> {
  return db
    .selectFrom('requests')
    .select(['description', 'description_enc', 'reply', 'reply_enc', 'callback_note', 'callback_note_enc'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listEventSecrets(db: Db, requestId: number): Promise<Array<{ version: number; note: string; note_enc: Buffer | null }>> {
  return db.selectFrom('request_events').select(['version', 'note', 'note_enc']).where('request_id', '=', requestId).orderBy('version').execute();
}

/** Requests whose free text predates its protection (see migration 0081), oldest first, locked for the update. */
export async function listUnprotectedRequests(db: Db, limit: number): Promise<Array<{ id: number } & TextSecrets>> {
  return (
    await sql<{ id: number } & TextSecrets>`SELECT id, description, description_enc, reply, reply_enc, callback_note, callback_note_enc FROM requests
      WHERE description_enc IS NULL OR (reply_enc IS NULL AND coalesce(reply, '') <> '') OR (callback_note_enc IS NULL AND coalesce(callback_note, '') <> '')
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(db)
  ).rows;
}

export async function setProtectedText(
  db: Db,
  id: number,
  set: Partial<{ description: string; description_enc: Buffer; reply: string; reply_enc: Buffer; callback_note: string; callback_note_enc: Buffer }>,
): Promise<void> {
  await db.updateTable('requests').set(set).where('id', '=', id).execute();
}

export async function listUnprotectedEvents(db: Db, limit: number): Promise<Array<{ id: number; request_id: number; version: number; note: string }>> {
  return (
    await sql<{ id: number; request_id: number; version: number; note: string }>`SELECT id, request_id, version, note FROM request_events
      WHERE note_enc IS NULL AND note <> '' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(db)
  ).rows;
}

export async function findEventNote(db: Db, requestId: number, version: number): Promise<{ id: number; note: string; note_enc: Buffer | null } | undefined> {
  return db
    .selectFrom('request_events')
    .select(['id', 'note', 'note_enc'])
    .where('request_id', '=', requestId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function setEventNote(db: Db, id: number, note: string, noteEnc: Buffer): Promise<void> {
  await db.updateTable('request_events').set({ note, note_enc: noteEnc }).where('id', '=', id).execute();
}

export type ReminderRow = {
  id: number;
  number: string;
  org_id: number;
  accept_due: string;
  response_due: string;
  resolve_due: string;
  accepted: boolean;
  responded: boolean;
  resolved: boolean;
  overdue: boolean;
};

/** Open requests overdue or due by the next working day, for the reminder job (no scope: the system runs it). */
export async function reminderCandidates(db: Db, overdue: RawBuilder<SqlBool>, dueSoon: RawBuilder<SqlBool>): Promise<ReminderRow[]> {
  return (
    await sql<ReminderRow>`SELECT r.id, r.number, r.org_id, r.accept_due::text AS accept_due, r.response_due::text AS response_due,
        r.resolve_due::text AS resolve_due, r.accepted_at IS NOT NULL AS accepted, r.responded_at IS NOT NULL AS responded,
        r.resolved_at IS NOT NULL AS resolved, ${overdue} AS overdue
      FROM requests r WHERE r.status <> 'closed' AND (${overdue} OR ${dueSoon}) ORDER BY r.id`.execute(db)
  ).rows;
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    requests: affected(await sql`UPDATE requests SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    access_grants: affected(await sql`UPDATE access_grants SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    request_routing_rules: affected(await sql`UPDATE request_routing_rules SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  return moved;
}
