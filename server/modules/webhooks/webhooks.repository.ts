import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { repath, type OrgRepath } from '../../platform/repath.js';

export type SubscriptionRow = {
  id: number;
  org_id: number;
  org_path: string;
  name: string;
  url: string;
  event_types: string[];
  secret_enc: Buffer;
  status: 'active' | 'paused' | 'disabled';
  disabled_reason: string | null;
  personal_data_approved: boolean;
  created_at: Date;
  pending: number;
  failed: number;
};

export type DeliveryRow = {
  id: number;
  subscription_id: number;
  event_id: number;
  msg_id: string;
  type: string;
  subject: string;
  status: 'pending' | 'delivered' | 'failed';
  round: number;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
};

const subscriptionCols = sql`s.id, s.org_id, s.org_path::text AS org_path, s.name, s.url, s.event_types, s.secret_enc, s.status, s.disabled_reason, s.personal_data_approved, s.created_at,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending')::int AS pending,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed')::int AS failed`;

export async function nextSubscriptionId(db: Db): Promise<number> {
  const r = await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence('webhook_subscriptions', 'id')) AS id`.execute(db);
  return Number(r.rows[0]!.id);
}

export async function insertSubscription(
  db: Db,
  row: {
    id: number;
    orgId: number;
    orgPath: string;
    regionPath: string;
    name: string;
    url: string;
    eventTypes: string[];
    secretEnc: Buffer;
    createdBy: number;
  },
): Promise<void> {
  await sql`INSERT INTO webhook_subscriptions (id, org_id, org_path, region_path, name, url, event_types, secret_enc, created_by)
    VALUES (${row.id}, ${row.orgId}, ${row.orgPath}::ltree, ${row.regionPath}::ltree, ${row.name}, ${row.url}, ${row.eventTypes}::text[], ${row.secretEnc}, ${row.createdBy})`.execute(
    db,
  );
}

/** Subscriptions within the scope predicate (on `s.org_path` / `s.region_path`), newest first. */
export async function list(db: Db, scope: ScopeSql): Promise<SubscriptionRow[]> {
  return (await sql<SubscriptionRow>`SELECT ${subscriptionCols} FROM webhook_subscriptions s WHERE ${scope} ORDER BY s.id DESC LIMIT 500`.execute(db)).rows;
}

export async function find(db: Db, scope: ScopeSql, id: number, lock = false): Promise<SubscriptionRow | undefined> {
  return (
    await sql<SubscriptionRow>`SELECT ${subscriptionCols} FROM webhook_subscriptions s WHERE s.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF s` : sql``}`.execute(
      db,
    )
  ).rows[0];
}

export async function setStatus(db: Db, id: number, status: SubscriptionRow['status'], reason: string | null): Promise<void> {
  await sql`UPDATE webhook_subscriptions SET status = ${status}, disabled_reason = ${reason}, updated_at = now() WHERE id = ${id}`.execute(db);
}

export async function setPersonalDataApproved(db: Db, id: number, approved: boolean): Promise<void> {
  await sql`UPDATE webhook_subscriptions SET personal_data_approved = ${approved}, updated_at = now() WHERE id = ${id}`.execute(db);
}

export async function remove(db: Db, id: number): Promise<void> {
  await sql`DELETE FROM webhook_subscriptions WHERE id = ${id}`.execute(db);
}

/** Active subscriptions to `type` whose subtree holds one of the event's units. */
export async function matching(db: Db, type: string, orgPaths: string[]): Promise<{ id: number; personal_data_approved: boolean }[]> {
  return (
    await sql<{ id: number; personal_data_approved: boolean }>`SELECT id, personal_data_approved FROM webhook_subscriptions
      WHERE status = 'active' AND ${type} = ANY(event_types) AND org_path @> ANY(${orgPaths}::ltree[]) ORDER BY id`.execute(db)
  ).rows;
}

export async function insertEvent(
  db: Db,
  e: { msgId: string; type: string; subject: string; orgPaths: string[]; payload: unknown; personalEnc: Buffer | null },
): Promise<number> {
  const r = await sql<{ id: string }>`INSERT INTO webhook_events (msg_id, type, subject, org_paths, payload, personal_enc)
    VALUES (${e.msgId}, ${e.type}, ${e.subject}, ${e.orgPaths}::ltree[], ${JSON.stringify(e.payload)}::jsonb, ${e.personalEnc}) RETURNING id`.execute(db);
  return Number(r.rows[0]!.id);
}

export async function insertDeliveries(db: Db, eventId: number, subject: string, subscriptionIds: number[]): Promise<{ id: number }[]> {
  return (
    await sql<{ id: number }>`INSERT INTO webhook_deliveries (subscription_id, event_id, subject)
      SELECT s, ${eventId}, ${subject} FROM unnest(${subscriptionIds}::bigint[]) AS s RETURNING id`.execute(db)
  ).rows.map((r) => ({ id: Number(r.id) }));
}

const deliveryCols = sql`d.id, d.subscription_id, d.event_id, e.msg_id, e.type, d.subject, d.status, d.round, d.attempts, d.last_status, d.last_error,
  d.last_attempt_at, d.delivered_at, d.created_at`;

export async function deliveries(db: Db, subscriptionId: number, limit: number, offset: number): Promise<{ rows: DeliveryRow[]; total: number }> {
  const rows = await sql<DeliveryRow>`SELECT ${deliveryCols} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
    WHERE d.subscription_id = ${subscriptionId} ORDER BY d.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: string }>`SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = ${subscriptionId}`.execute(db);
  return { rows: rows.rows, total: Number(total.rows[0]!.n) };
}

export async function delivery(db: Db, subscriptionId: number, id: number, lock = false): Promise<DeliveryRow | undefined> {
  return (
    await sql<DeliveryRow>`SELECT ${deliveryCols} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE d.id = ${id} AND d.subscription_id = ${subscriptionId} ${lock ? sql`FOR UPDATE OF d` : sql``}`.execute(db)
  ).rows[0];
}

type SendingExtra = {
  payload: { data?: Record<string, unknown> } & Record<string, unknown>;
  personal_enc: Buffer | null;
  url: string;
  secret_enc: Buffer;
  sub_status: SubscriptionRow['status'];
  personal_data_approved: boolean;
};

/** What the delivery job needs: the delivery, its event and its subscription (unscoped: the job acts for the platform). */
export async function forSending(db: Db, id: number): Promise<(DeliveryRow & SendingExtra) | undefined> {
  return (
    await sql<
      DeliveryRow & SendingExtra
    >`SELECT ${deliveryCols}, e.payload, e.personal_enc, s.url, s.secret_enc, s.status AS sub_status, s.personal_data_approved
      FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = ${id}`.execute(
      db,
    )
  ).rows[0];
}

/** The earliest delivery of the same subscription and subject, before this one, not delivered yet (what this one waits for). */
export async function earlierUndelivered(
  db: Db,
  d: { id: number; subscription_id: number; subject: string },
): Promise<{ id: number; round: number } | undefined> {
  return (
    await sql<{ id: number; round: number }>`SELECT id, round FROM webhook_deliveries
      WHERE subscription_id = ${d.subscription_id} AND subject = ${d.subject} AND status <> 'delivered' AND id < ${d.id} ORDER BY id LIMIT 1`.execute(db)
  ).rows[0];
}

/** The next delivery of the lane after this one still to be made (woken when this one is delivered). */
export async function nextInLane(db: Db, d: { id: number; subscription_id: number; subject: string }): Promise<{ id: number; round: number } | undefined> {
  return (
    await sql<{ id: number; round: number }>`SELECT id, round FROM webhook_deliveries
      WHERE subscription_id = ${d.subscription_id} AND subject = ${d.subject} AND status = 'pending' AND id > ${d.id} ORDER BY id LIMIT 1`.execute(db)
  ).rows[0];
}

export async function recordAttempt(
  db: Db,
  id: number,
  round: number,
  r: { ok: boolean; status: number | null; error: string | null; final: boolean },
): Promise<void> {
  await sql`UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(), last_status = ${r.status}, last_error = ${r.error},
      status = ${r.ok ? 'delivered' : r.final ? 'failed' : 'pending'}, delivered_at = ${r.ok ? sql`now()` : sql`delivered_at`}
    WHERE id = ${id} AND round = ${round}`.execute(db);
}

/** Puts deliveries back in the queue under a new round; returns the ids and rounds to enqueue, in order. */
export async function requeue(db: Db, subscriptionId: number, ids: number[] | 'undelivered'): Promise<{ id: number; round: number }[]> {
  const which = ids === 'undelivered' ? sql`status <> 'delivered'` : sql`id = ANY(${ids}::bigint[])`;
  return (
    await sql<{ id: number; round: number }>`UPDATE webhook_deliveries SET status = 'pending', round = round + 1, last_error = NULL
      WHERE subscription_id = ${subscriptionId} AND ${which} RETURNING id, round`.execute(db)
  ).rows
    .map((r) => ({ id: Number(r.id), round: r.round }))
    .sort((a, b) => a.id - b.id);
}

/** Copied organization paths of subscriptions under a unit that moved: a subscription keeps receiving its unit's events. */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE webhook_subscriptions SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}
