/**
 * The notification outbox: a module calls `notify(trx, …)` in the transaction of the change it reports, so a
 * notification exists exactly when the change committed; the notifications module delivers it on the job runner.
 * Each module registers the kinds it sends (`registerNotificationKind`), as ratings' subjects are registered.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';
import { enqueueJob } from './jobs.js';

export type NotificationAudience = 'staff' | 'citizen';
export type NotificationChannel = 'in_app' | 'sms' | 'email';

export type NotificationKind = {
  kind: string;
  module: string;
  audience: NotificationAudience;
  /** Channels on when the recipient has not chosen (in-app is always offered). */
  defaults: NotificationChannel[];
  /** The SMS / email text; `{name}` placeholders take the event's params (which name no person). */
  text: (params: Record<string, string | number>) => string;
};

const kinds = new Map<string, NotificationKind>();

export function registerNotificationKind(k: NotificationKind): void {
  const known = kinds.get(k.kind);
  if (known && known.module !== k.module) throw new Error(`notification kind ${k.kind} is already registered by ${known.module}`);
  kinds.set(k.kind, k);
}

export function notificationKind(kind: string): NotificationKind | undefined {
  return kinds.get(kind);
}

export function notificationKinds(audience?: NotificationAudience): NotificationKind[] {
  return [...kinds.values()].filter((k) => !audience || k.audience === audience).sort((a, b) => a.kind.localeCompare(b.kind));
}

export type NotificationTarget = { orgId: number } | { accountId: number } | { personId: number };

export type NotificationEvent = {
  kind: string;
  to: NotificationTarget;
  /** Words for the message: numbers, titles, dates; never a person's name, phone or ID number. */
  params: Record<string, string | number>;
  /** Where the recipient goes from the notification: a console or portal path. */
  link: string | null;
  /** Names the event: the same key to the same recipient is delivered once. */
  eventKey: string;
};

export const NOTIFY_JOB = 'notifications.deliver';

/** Writes the notification into the outbox of the caller's transaction (a no-op when the event was already queued). */
export async function notify(db: Db, e: NotificationEvent): Promise<void> {
  if (!kinds.has(e.kind)) throw new Error(`unknown notification kind ${e.kind}`);
  const target = 'orgId' in e.to ? `org:${e.to.orgId}` : 'accountId' in e.to ? `account:${e.to.accountId}` : `person:${e.to.personId}`;
  await enqueueJob(db, NOTIFY_JOB, e as unknown as Record<string, unknown>, { dedupeKey: `notify:${e.eventKey}:${target}` });
}

/**
 * Organization merge: notifications still queued for the merged unit are addressed to the survivor, whose accounts
 * the merged unit's staff now hold. Returns how many were readdressed.
 */
export async function readdressQueuedToOrg(db: Db, fromId: number, toId: number): Promise<number> {
  const r = await sql`UPDATE jobs SET payload = jsonb_set(payload, '{to,orgId}', to_jsonb(${toId}::bigint))
    WHERE kind = ${NOTIFY_JOB} AND status IN ('pending', 'running', 'dead') AND payload->'to'->'orgId' = to_jsonb(${fromId}::bigint)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
