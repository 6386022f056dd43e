/**
 * Signed outbound webhooks (C17, ADR 0021). Modules publish events with `publishWebhookEvent(trx, …)` in the
 * transaction of the change (an outbox, as notifications do): one delivery row per matching subscription and one job
 * each. The job posts the event with a Standard Webhooks signature, retries with back-off, and sends the events of one
 * subject in order: a delivery waits while an earlier one of its subject is undelivered.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { CreatedSubscription, Delivery, DeliveryPage, Subscription, SubscriptionInput } from '../../../contracts/webhooks.js';
import type { WebhookEventType } from '../../../contracts/webhooks.enums.js';
import type { Config } from '../../config.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { decryptField, encryptField } from '../../platform/crypto/field-cipher.js';
import { maskName, maskPhone } from '../../platform/crypto/masking.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJob, RetryLater, wakeJob, type JobRunner } from '../../platform/jobs/jobs.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import {
  ipLiteral,
  isPrivateAddress,
  localName,
  MAX_ATTEMPTS,
  newSecret,
  parseTarget,
  readScope,
  sign,
  WAIT_FOR_EARLIER_MS,
  writeScope,
} from './webhooks.policy.js';
import type { OrgRepath } from '../../platform/repath.js';
import * as repo from './webhooks.repository.js';

export const DELIVER_JOB = 'webhooks.deliver';

/** An event a module publishes: what happened, to which subject, at which units; the data names no person. */
export type WebhookEvent = {
  type: WebhookEventType;
  /** What the event is about, e.g. `request:42`: the events of one subject reach a receiver in the order published. */
  subject: string;
  /** The paths of the units the event belongs to (e.g. the handling unit before and after a transfer). */
  orgPaths: string[];
  data: Record<string, string | number | boolean | null>;
  /**
   * A request's contact: masked in every payload; in full only to subscriptions the security administrator approved
   * (kept under the field cipher, and only when such a subscription wants the event).
   */
  personal?: { keyring: Keyring; contactName: string; contactPhone: string | null };
};

type PersonalFields = { contactName: string; contactPhone: string | null };

const personalAad = (msgId: string) => ({ table: 'webhook_events', column: 'personal', rowId: msgId });

const jobKey = (id: number, round: number) => `webhook:${id}:${round}`;

async function enqueueDelivery(db: Db, id: number, round: number): Promise<void> {
  await enqueueJob(db, DELIVER_JOB, { deliveryId: id, round }, { dedupeKey: jobKey(id, round), maxAttempts: MAX_ATTEMPTS + 2 });
}

/**
 * For other modules: records an event in the caller's transaction and queues one delivery per active subscription
 * to its type whose subtree holds one of its units (nothing is written when none does).
 */
export async function publishWebhookEvent(db: Db, e: WebhookEvent): Promise<void> {
  const orgPaths = [...new Set(e.orgPaths.filter(Boolean))];
  if (orgPaths.length === 0) return;
  const subs = await repo.matching(db, e.type, orgPaths);
  if (subs.length === 0) return;
  const msgId = `msg_${randomBytes(15).toString('base64url')}`;
  const p = e.personal;
  const masked: Partial<PersonalFields> = p ? { contactName: maskName(p.contactName), contactPhone: p.contactPhone ? maskPhone(p.contactPhone) : null } : {};
  const full: PersonalFields | null = p ? { contactName: p.contactName, contactPhone: p.contactPhone } : null;
  const personalEnc = p && full && subs.some((s) => s.personal_data_approved) ? encryptField(p.keyring, JSON.stringify(full), personalAad(msgId)) : null;
  const payload = { type: e.type, timestamp: new Date().toISOString(), subject: e.subject, data: { ...e.data, ...masked } };
  const eventId = await repo.insertEvent(db, { msgId, type: e.type, subject: e.subject, orgPaths, payload, personalEnc });
  for (const d of await repo.insertDeliveries(
    db,
    eventId,
    e.subject,
    subs.map((s) => Number(s.id)),
  ))
    await enqueueDelivery(db, d.id, 1);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const toSubscription = (r: repo.SubscriptionRow, orgName: string): Subscription => ({
  id: Number(r.id),
  orgId: Number(r.org_id),
  orgName,
  name: r.name,
  url: r.url,
  eventTypes: r.event_types,
  status: r.status,
  disabledReason: r.disabled_reason,
  personalDataApproved: r.personal_data_approved,
  pending: r.pending,
  failed: r.failed,
  createdAt: r.created_at.toISOString(),
});

const toDelivery = (r: repo.DeliveryRow): Delivery => ({
  id: Number(r.id),
  webhookId: r.msg_id,
  type: r.type,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  lastAttemptAt: iso(r.last_attempt_at),
  deliveredAt: iso(r.delivered_at),
  createdAt: r.created_at.toISOString(),
});

const secretAad = (id: number) => ({ table: 'webhook_subscriptions', column: 'secret', rowId: String(id) });

type Answer = { ok: boolean; status: number | null; error: string | null };

export class WebhooksService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly orgs: OrgsService,
    private readonly config: Config,
  ) {}

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  /** Registers the delivery job on a runner. */
  register(runner: JobRunner): void {
    runner.handle(DELIVER_JOB, (payload, job) => this.deliver(Number(payload.deliveryId), Number(payload.round), job.attempts));
  }

  private get allowPrivate(): boolean {
    return this.config.webhooks.allowPrivateTargets;
  }

  /** The SSRF rule on a receiver URL: its shape, then every address its host has (refused when one is private). */
  private async checkTarget(raw: string): Promise<string> {
    const u = parseTarget(raw.trim(), this.config.mode === 'production');
    if (typeof u === 'string') throw new AppError('VALIDATION', 'body.url', { reason: u });
    if (this.allowPrivate) return u.toString();
    const ip = ipLiteral(u);
    if (ip ? isPrivateAddress(ip) : localName(u.hostname)) throw new AppError('VALIDATION', 'body.url', { reason: 'private_address' });
    if (!ip) {
      const addrs = await new Promise<LookupAddress[] | null>((resolve) => dnsLookup(u.hostname, { all: true }, (err, a) => resolve(err ? null : a)));
      if (!addrs || addrs.length === 0) throw new AppError('VALIDATION', 'body.url', { reason: 'unresolvable' });
      if (addrs.some((a) => isPrivateAddress(a.address))) throw new AppError('VALIDATION', 'body.url', { reason: 'private_address' });
    }
    return u.toString();
  }

  async list(actor: Actor): Promise<{ items: Subscription[] }> {
    const rows = await repo.list(this.db, readScope(actor));
    const names = await this.orgs.namesOf(
      this.db,
      rows.map((r) => Number(r.org_id)),
    );
    return { items: rows.map((r) => toSubscription(r, names.get(Number(r.org_id)) ?? '')) };
  }

  /** Subscribes a receiver for a unit of the actor's subtree; the answer carries the secret, which is never shown again. */
  async create(ctx: RequestContext, input: SubscriptionInput): Promise<CreatedSubscription> {
    const url = await this.checkTarget(input.url);
    const name = input.name.normalize('NFC').trim();
    if (!name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, input.orgId, 'body.orgId');
      const brief = (await this.orgs.briefs(trx, [org.id])).get(org.id)!;
      const id = await repo.nextSubscriptionId(trx);
      const secret = newSecret();
      const eventTypes = [...input.eventTypes];
      await repo.insertSubscription(trx, {
        id,
        orgId: org.id,
        orgPath: org.path,
        regionPath: brief.regionPath,
        name,
        url,
        eventTypes,
        secretEnc: encryptField(this.keyring, secret, secretAad(id)),
        createdBy: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'webhook.create',
        objectType: 'webhook_subscription',
        objectId: id,
        detail: { orgId: org.id, host: new URL(url).host, eventTypes },
      });
      const row = (await repo.find(trx, writeScope(ctx.actor), id))!;
      return { subscription: toSubscription(row, org.name), secret };
    });
  }

  private async requireWritable(trx: Db, actor: Actor, id: number): Promise<repo.SubscriptionRow> {
    const row = await repo.find(trx, writeScope(actor), id, true);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    return row;
  }

  private async answer(db: Db, actor: Actor, id: number): Promise<Subscription> {
    const row = (await repo.find(db, writeScope(actor), id))!;
    return toSubscription(row, (await this.orgs.namesOf(db, [Number(row.org_id)])).get(Number(row.org_id)) ?? '');
  }

  /** Stops sending: deliveries already queued are held, events meanwhile are not queued. */
  async pause(ctx: RequestContext, id: number): Promise<Subscription> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireWritable(trx, ctx.actor, id);
      await repo.setStatus(trx, id, 'paused', null);
      await this.audit.append(trx, actorOf(ctx), { action: 'webhook.pause', objectType: 'webhook_subscription', objectId: id });
      return this.answer(trx, ctx.actor, id);
    });
  }

  /** Sends again: the deliveries not yet made (held or failed) are queued again, in their order. */
  async resume(ctx: RequestContext, id: number): Promise<Subscription> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireWritable(trx, ctx.actor, id);
      await repo.setStatus(trx, id, 'active', null);
      const queued = await repo.requeue(trx, id, 'undelivered');
      for (const d of queued) await enqueueDelivery(trx, d.id, d.round);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'webhook.resume',
        objectType: 'webhook_subscription',
        objectId: id,
        detail: { requeued: queued.length },
      });
      return this.answer(trx, ctx.actor, id);
    });
  }

  /**
   * The security administrator approves (or withdraws) that a subscription of their scope receives personal fields in
   * full; without approval they are masked. Applies to the deliveries made from now on.
   */
  async setPersonalData(ctx: RequestContext, id: number, approved: boolean): Promise<Subscription> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.find(trx, readScope(ctx.actor), id, true);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      await repo.setPersonalDataApproved(trx, id, approved);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'webhook.personal_data',
        objectType: 'webhook_subscription',
        objectId: id,
        detail: { approved, was: row.personal_data_approved, orgId: Number(row.org_id) },
      });
      const after = (await repo.find(trx, readScope(ctx.actor), id))!;
      return toSubscription(after, (await this.orgs.namesOf(trx, [Number(after.org_id)])).get(Number(after.org_id)) ?? '');
    });
  }

  async remove(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.requireWritable(trx, ctx.actor, id);
      await repo.remove(trx, id);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'webhook.delete',
        objectType: 'webhook_subscription',
        objectId: id,
        detail: { orgId: Number(row.org_id), host: new URL(row.url).host },
      });
    });
  }

  async deliveries(actor: Actor, id: number, q: { page?: number; pageSize?: number }): Promise<DeliveryPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    if (!(await repo.find(this.db, readScope(actor), id))) throw new AppError('NOT_FOUND', 'id');
    const { rows, total } = await repo.deliveries(this.db, id, pageSize, (page - 1) * pageSize);
    return { items: rows.map(toDelivery), total, page, pageSize };
  }

  /** Sends one delivery again: same Webhook-Id, a fresh timestamp and signature, attempts counted on. */
  async resend(ctx: RequestContext, id: number, deliveryId: number): Promise<Delivery> {
    return this.db.transaction().execute(async (trx) => {
      const sub = await this.requireWritable(trx, ctx.actor, id);
      if (!(await repo.delivery(trx, id, deliveryId, true))) throw new AppError('NOT_FOUND', 'deliveryId');
      if (sub.status !== 'active') throw new AppError('INVALID_STATE', 'id', { reason: 'not_active_subscription' });
      const [d] = await repo.requeue(trx, id, [deliveryId]);
      await enqueueDelivery(trx, d!.id, d!.round);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'webhook.resend',
        objectType: 'webhook_delivery',
        objectId: deliveryId,
        detail: { subscriptionId: id },
      });
      return toDelivery((await repo.delivery(trx, id, deliveryId))!);
    });
  }

  /**
   * The delivery job: idempotent (a delivery of an earlier round, already made or deleted does nothing), held while
   * the subscription is not active, waiting while an earlier event of its subject is undelivered.
   */
  async deliver(deliveryId: number, round: number, attempt: number): Promise<void> {
    const d = await repo.forSending(this.db, deliveryId);
    if (!d || d.round !== round || d.status !== 'pending' || d.sub_status !== 'active') return;
    const earlier = await repo.earlierUndelivered(this.db, d);
    if (earlier) throw new RetryLater(WAIT_FOR_EARLIER_MS, `waits for delivery ${earlier.id} of ${d.subject}`);
    const secret = decryptField(this.keyring, d.secret_enc, secretAad(Number(d.subscription_id)));
    const body = JSON.stringify(this.payloadFor(d));
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await this.post(d.url, body, {
      'webhook-id': d.msg_id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(secret, d.msg_id, timestamp, body),
    });
    const final = !answer.ok && attempt >= MAX_ATTEMPTS;
    await this.db.transaction().execute(async (trx) => {
      await repo.recordAttempt(trx, deliveryId, round, { ...answer, final });
      if (answer.ok) {
        const next = await repo.nextInLane(trx, d);
        if (next) await wakeJob(trx, jobKey(next.id, next.round));
      }
      if (final) {
        await repo.setStatus(trx, Number(d.subscription_id), 'disabled', `delivery ${deliveryId} failed ${attempt} times: ${answer.error ?? ''}`.slice(0, 300));
        await this.audit.append(trx, actorOf(null), {
          action: 'webhook.disable',
          objectType: 'webhook_subscription',
          objectId: Number(d.subscription_id),
          detail: { deliveryId, attempts: attempt, status: answer.status },
        });
      }
    });
    if (!answer.ok && !final) throw new Error(`webhook delivery ${deliveryId}: ${answer.error}`);
  }

  /** The event as this subscription receives it: personal fields in full only when it is approved now, masked otherwise. */
  private payloadFor(d: NonNullable<Awaited<ReturnType<typeof repo.forSending>>>): unknown {
    if (!d.personal_data_approved || !d.personal_enc) return d.payload;
    const full = JSON.parse(decryptField(this.keyring, d.personal_enc, personalAad(d.msg_id))) as PersonalFields;
    return { ...d.payload, data: { ...(d.payload.data ?? {}), ...full } };
  }

  /** One POST; 2xx is delivered; anything else, a refused address, a network error or the timeout is a failed attempt. No redirect is followed. */
  private post(target: string, body: string, headers: Record<string, string>): Promise<Answer> {
    const u = new URL(target);
    const ip = ipLiteral(u);
    if (!this.allowPrivate && (ip ? isPrivateAddress(ip) : localName(u.hostname)))
      return Promise.resolve({ ok: false, status: null, error: 'refused: private address' });
    const allowPrivate = this.allowPrivate;
    // The address is checked at connection time too, so a name that resolves elsewhere after creation cannot reach inside.
    const guardedLookup: RequestOptions['lookup'] = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addrs: LookupAddress[]) => {
        if (err) return (callback as (e: Error) => void)(err);
        const bad = !allowPrivate && addrs.some((a) => isPrivateAddress(a.address));
        if (bad) return (callback as (e: Error) => void)(Object.assign(new Error('refused: private address'), { code: 'EPRIVATE' }));
        if ((options as { all?: boolean }).all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addrs);
        (callback as (e: null, a: string, f: number) => void)(null, addrs[0]!.address, addrs[0]!.family);
      });
    };
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const done = (a: Answer) => {
        if (settled) return;
        settled = true;
        resolve(a);
      };
      const req = send(
        u,
        {
          method: 'POST',
          lookup: guardedLookup,
          timeout: this.config.webhooks.timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'QunHub-Webhooks/1', ...headers },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => done({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` }));
          res.on('error', (e) => done({ ok: false, status, error: e.message.slice(0, 300) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.config.webhooks.timeoutMs} ms`)));
      req.on('error', (e) => done({ ok: false, status: null, error: (e.message || String((e as { code?: string }).code ?? 'error')).slice(0, 300) }));
      req.end(body);
    });
  }
}
