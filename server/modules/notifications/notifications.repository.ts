import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

/** One recipient: a staff account or a citizen (person). Every read and write names it: nobody sees another's inbox. */
export type Recipient = { accountId: number } | { personId: number };

const who = (r: Recipient) => ('accountId' in r ? sql`account_id = ${r.accountId}` : sql`person_id = ${r.personId}`);

export type NotificationRow = {
  id: number;
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
};

/** Inserts a notification once per (recipient, event); returns false when it was already there. */
export async function insertOnce(
  db: Db,
  r: Recipient,
  n: { kind: string; params: Record<string, string | number>; link: string | null; eventKey: string },
): Promise<boolean> {
  const [acc, person] = 'accountId' in r ? [r.accountId, null] : [null, r.personId];
  const conflict = 'accountId' in r ? sql`(account_id, event_key) WHERE account_id IS NOT NULL` : sql`(person_id, event_key) WHERE person_id IS NOT NULL`;
  const res = await sql`INSERT INTO notifications (account_id, person_id, kind, params, link, event_key)
    VALUES (${acc}, ${person}, ${n.kind}, ${JSON.stringify(n.params)}::jsonb, ${n.link}, ${n.eventKey})
    ON CONFLICT ${conflict} DO NOTHING`.execute(db);
  return Number(res.numAffectedRows ?? 0) > 0;
}

export async function list(db: Db, r: Recipient, unreadOnly: boolean, limit: number, offset: number): Promise<{ rows: NotificationRow[]; total: number }> {
  const unread = unreadOnly ? sql`AND read_at IS NULL` : sql``;
  const rows = await sql<NotificationRow>`SELECT id, kind, params, link, created_at, read_at FROM notifications
    WHERE ${who(r)} ${unread} ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: string }>`SELECT count(*) AS n FROM notifications WHERE ${who(r)} ${unread}`.execute(db);
  return { rows: rows.rows, total: Number(total.rows[0]!.n) };
}

export async function unreadCount(db: Db, r: Recipient): Promise<number> {
  const x = await sql<{ n: string }>`SELECT count(*) AS n FROM notifications WHERE ${who(r)} AND read_at IS NULL`.execute(db);
  return Number(x.rows[0]!.n);
}

/** Marks one of the recipient's notifications read; undefined when it is not theirs (or does not exist). */
export async function markRead(db: Db, r: Recipient, id: number): Promise<{ id: number } | undefined> {
  return (await sql<{ id: number }>`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ${id} AND ${who(r)} RETURNING id`.execute(db))
    .rows[0];
}

export async function markAllRead(db: Db, r: Recipient): Promise<number> {
  const res = await sql`UPDATE notifications SET read_at = now() WHERE ${who(r)} AND read_at IS NULL`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

export type PreferenceRow = { kind: string; in_app: boolean; sms: boolean; email: boolean };

export async function preferences(db: Db, r: Recipient): Promise<PreferenceRow[]> {
  return (await sql<PreferenceRow>`SELECT kind, in_app, sms, email FROM notification_preferences WHERE ${who(r)}`.execute(db)).rows;
}

/** The preferences of many accounts for one kind (delivery to a unit). */
export async function preferencesOfAccounts(db: Db, accountIds: number[], kind: string): Promise<Map<number, PreferenceRow>> {
  if (accountIds.length === 0) return new Map();
  const rows = await sql<PreferenceRow & { account_id: number }>`SELECT account_id, kind, in_app, sms, email FROM notification_preferences
    WHERE account_id = ANY(${accountIds}::bigint[]) AND kind = ${kind}`.execute(db);
  return new Map(rows.rows.map((x) => [Number(x.account_id), x]));
}

export async function setPreference(db: Db, r: Recipient, kind: string, p: { inApp: boolean; sms: boolean; email: boolean }): Promise<void> {
  const [acc, person] = 'accountId' in r ? [r.accountId, null] : [null, r.personId];
  const conflict = 'accountId' in r ? sql`(account_id, kind) WHERE account_id IS NOT NULL` : sql`(person_id, kind) WHERE person_id IS NOT NULL`;
  await sql`INSERT INTO notification_preferences (account_id, person_id, kind, in_app, sms, email) VALUES (${acc}, ${person}, ${kind}, ${p.inApp}, ${p.sms}, ${p.email})
    ON CONFLICT ${conflict} DO UPDATE SET in_app = EXCLUDED.in_app, sms = EXCLUDED.sms, email = EXCLUDED.email, updated_at = now()`.execute(db);
}

/** Queues the email of one notification to an account once per (account, event); returns its id, or null when it was queued before. */
export async function insertEmailOnce(
  db: Db,
  accountId: number,
  n: { kind: string; params: Record<string, string | number>; link: string | null; eventKey: string },
): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO notification_emails (account_id, event_key, kind, params, link)
    VALUES (${accountId}, ${n.eventKey}, ${n.kind}, ${JSON.stringify(n.params)}::jsonb, ${n.link})
    ON CONFLICT (account_id, event_key) DO NOTHING RETURNING id`.execute(db);
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

export type EmailRow = { id: number; account_id: number; kind: string; params: Record<string, string | number>; link: string | null };

/** A queued email not yet accepted by the mail server (undefined once sent). */
export async function unsentEmail(db: Db, id: number): Promise<EmailRow | undefined> {
  return (await sql<EmailRow>`SELECT id, account_id, kind, params, link FROM notification_emails WHERE id = ${id} AND sent_at IS NULL`.execute(db)).rows[0];
}

export async function markEmailSent(db: Db, id: number): Promise<void> {
  await sql`UPDATE notification_emails SET sent_at = now() WHERE id = ${id} AND sent_at IS NULL`.execute(db);
}

/**
 * Deletes up to `limit` emails sent before `before`, oldest first; returns how many. Ids grow with time, so the walk
 * along the primary key finds the old rows first and stops after `limit` of them.
 */
export async function deleteSentEmailsBefore(db: Db, before: Date, limit: number): Promise<number> {
  const r = await sql`DELETE FROM notification_emails WHERE id IN (
      SELECT id FROM notification_emails WHERE sent_at < ${before} ORDER BY id LIMIT ${limit})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
