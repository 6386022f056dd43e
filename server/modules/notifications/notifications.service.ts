/**
 * Notifications (C17): modules write events into the outbox (platform/jobs/notify.ts) in their own transaction; the
 * job runner delivers them here to every recipient once (the (recipient, event) key is unique), in-app always and
 * on the other channels the recipient chose when a sender is configured.
 */
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { deadJobs, enqueueJob, jobCounts, retryDeadJob, type JobRunner } from '../../platform/jobs/jobs.js';
import { NOTIFY_JOB, notificationKind, notificationKinds, type NotificationAudience, type NotificationEvent } from '../../platform/jobs/notify.js';
import type { Job, JobQueue, Notification, NotificationPage, Preference, Preferences } from '../../../contracts/notifications.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { Meta } from '../citizens/citizens.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { Mailer } from './email-sender.js';
import * as repo from './notifications.repository.js';
import type { SmsOutbox } from './sms-outbox.js';

export type Recipient = repo.Recipient;

export const EMAIL_JOB = 'notifications.email';
/** The daily job deleting the record of emails sent longer ago than `SENT_EMAIL_KEEP_DAYS`. */
export const EMAIL_PURGE_JOB = 'notifications.email_purge';
/** How long the record of a sent email is kept (it only guards against sending twice); unsent ones are kept. */
export const SENT_EMAIL_KEEP_DAYS = 90;
/** Rows deleted per statement, so a large backlog never holds a long lock. */
const PURGE_BATCH = 1000;

const toNotification = (r: repo.NotificationRow): Notification => ({
  id: Number(r.id),
  kind: r.kind,
  params: r.params,
  link: r.link,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at ? r.read_at.toISOString() : null,
});

/** Channels a deployment has configured beyond in-app (a sender each). */
export type Channels = { sms: boolean; email: boolean };

export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly accounts: AccountsService,
    readonly channels: Channels = { sms: false, email: false },
    private readonly mailer: Mailer | null = null,
    private readonly sms: { outbox: SmsOutbox; people: PeopleService } | null = null,
  ) {}

  /** Registers the delivery job (and the email job when a mail server is configured) on a runner. */
  register(runner: JobRunner): void {
    runner.handle(NOTIFY_JOB, (payload) => this.deliver(payload as unknown as NotificationEvent));
    if (this.mailer) runner.handle(EMAIL_JOB, (payload) => this.sendEmail(Number(payload.emailId)));
    runner.handle(EMAIL_PURGE_JOB, async () => void (await this.purgeSentEmails())).every(EMAIL_PURGE_JOB, 86_400_000);
  }

  /**
   * Deletes the emails sent more than `keepDays` days before `now`, in batches of `batch` rows; unsent emails stay
   * whatever their age. Returns how many were deleted.
   */
  async purgeSentEmails(now = new Date(), keepDays = SENT_EMAIL_KEEP_DAYS, batch = PURGE_BATCH): Promise<number> {
    const before = new Date(now.getTime() - keepDays * 86_400_000);
    let total = 0;
    for (;;) {
      const n = await repo.deleteSentEmailsBefore(this.db, before, batch);
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * The email job: sends one queued email to the account's current address and records it sent; a job run again
   * after a success (at-least-once) finds it sent and does nothing. A refusal throws, so the runner retries with back-off.
   */
  async sendEmail(emailId: number): Promise<void> {
    if (!this.mailer) return;
    const row = await repo.unsentEmail(this.db, emailId);
    if (!row) return;
    const to = (await this.accounts.emailsOf([Number(row.account_id)])).get(Number(row.account_id));
    // The address was removed (or the account disabled) since: nothing to send.
    if (!to) return;
    const text = notificationKind(row.kind)?.text(row.params) ?? row.kind;
    await this.mailer.send({
      to,
      subject: `【群团通】${text.length > 100 ? `${text.slice(0, 99)}…` : text}`,
      text: row.link ? `${text}\n\n请登录群团通查看：${row.link}` : text,
      messageId: `notification-email-${emailId}`,
    });
    await repo.markEmailSent(this.db, emailId);
  }

  /** Delivers one event to its recipients; safe to run again (each recipient gets it once). Returns how many got it now. */
  async deliver(e: NotificationEvent): Promise<number> {
    const kind = notificationKind(e.kind);
    if (!kind) throw new Error(`unknown notification kind ${e.kind}`);
    return this.db.transaction().execute(async (trx) => {
      let recipients: Recipient[];
      if ('personId' in e.to) recipients = [{ personId: e.to.personId }];
      else if ('accountId' in e.to) recipients = [{ accountId: e.to.accountId }];
      else recipients = (await this.accounts.activeIdsOfOrg(e.to.orgId, trx)).map((accountId) => ({ accountId }));
      const accountIds = recipients.flatMap((r) => ('accountId' in r ? [r.accountId] : []));
      const prefs = await repo.preferencesOfAccounts(trx, accountIds, e.kind);
      const n = { kind: e.kind, params: e.params, link: e.link, eventKey: e.eventKey };
      let delivered = 0;
      const smsWanted: Recipient[] = [];
      for (const r of recipients) {
        const pref = 'accountId' in r ? prefs.get(r.accountId) : (await repo.preferences(trx, r)).find((p) => p.kind === e.kind);
        if (pref?.sms ?? kind.defaults.includes('sms')) smsWanted.push(r);
        if (pref && !pref.in_app) continue;
        if (await repo.insertOnce(trx, r, n)) delivered++;
      }
      // SMS, on its own choice per kind, to the account's or the person's phone; once per (recipient, event) by the reference.
      if (this.sms && this.channels.sms && smsWanted.length > 0) {
        const text = kind.text(e.params);
        const accountPhones = await this.accounts.phonesOf(
          smsWanted.flatMap((r) => ('accountId' in r ? [r.accountId] : [])),
          trx,
        );
        const personPhones = await this.sms.people.phonesOf(
          smsWanted.flatMap((r) => ('personId' in r ? [r.personId] : [])),
          trx,
        );
        for (const r of smsWanted) {
          const [phone, ref] =
            'accountId' in r
              ? [accountPhones.get(r.accountId), `notify:${e.eventKey}:a${r.accountId}`]
              : [personPhones.get(r.personId), `notify:${e.eventKey}:p${r.personId}`];
          if (phone) await this.sms.outbox.queue(trx, { phone, text, ref });
        }
      }
      // Email, on its own choice per kind: staff accounts only (citizens have no address here), each queued once.
      if (this.mailer) {
        const wanted = accountIds.filter((id) => prefs.get(id)?.email ?? kind.defaults.includes('email'));
        const addresses = await this.accounts.emailsOf(wanted, trx);
        for (const accountId of wanted) {
          if (!addresses.has(accountId)) continue;
          const emailId = await repo.insertEmailOnce(trx, accountId, n);
          if (emailId !== null) await enqueueJob(trx, EMAIL_JOB, { emailId }, { dedupeKey: `email:${emailId}`, maxAttempts: 8 });
        }
      }
      return delivered;
    });
  }

  async list(r: Recipient, q: { page?: number; pageSize?: number; unreadOnly?: boolean }): Promise<NotificationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.list(this.db, r, q.unreadOnly ?? false, pageSize, (page - 1) * pageSize);
    return { items: rows.map(toNotification), total, unread: await repo.unreadCount(this.db, r) };
  }

  async unread(r: Recipient): Promise<{ unread: number }> {
    return { unread: await repo.unreadCount(this.db, r) };
  }

  async markRead(who: { ctx: RequestContext } | { meta: Meta }, r: Recipient, id: number): Promise<{ unread: number }> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await repo.markRead(trx, r, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, 'ctx' in who ? actorOf(who.ctx) : actorOf(null, who.meta.ip, who.meta.requestId), {
        action: 'notification.read',
        objectType: 'notification',
        objectId: id,
      });
      return { unread: await repo.unreadCount(trx, r) };
    });
  }

  async markAllRead(ctx: RequestContext): Promise<{ unread: number }> {
    const r = { accountId: ctx.actor.accountId };
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.markAllRead(trx, r);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'notification.read_all',
        objectType: 'account',
        objectId: ctx.actor.accountId,
        detail: { count: n },
      });
      return { unread: 0 };
    });
  }

  async preferences(r: Recipient, audience: NotificationAudience, db: Db = this.db): Promise<Preferences> {
    const chosen = new Map((await repo.preferences(db, r)).map((p) => [p.kind, p]));
    const items: Preference[] = notificationKinds(audience).map((k) => {
      const p = chosen.get(k.kind);
      return {
        kind: k.kind,
        module: k.module,
        inApp: p ? p.in_app : true,
        sms: p ? p.sms : k.defaults.includes('sms'),
        email: p ? p.email : k.defaults.includes('email'),
      };
    });
    return { items, channels: this.channels };
  }

  async setPreference(ctx: RequestContext, kind: string, p: { inApp: boolean; sms: boolean; email: boolean }): Promise<Preference> {
    const k = notificationKind(kind);
    if (!k || k.audience !== 'staff') throw new AppError('NOT_FOUND', 'kind');
    const r = { accountId: ctx.actor.accountId };
    return this.db.transaction().execute(async (trx) => {
      await repo.setPreference(trx, r, kind, p);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'notification.preference',
        objectType: 'account',
        objectId: ctx.actor.accountId,
        detail: { kind, ...p },
      });
      return { kind, module: k.module, ...p };
    });
  }

  async jobs(q: { page?: number; pageSize?: number }): Promise<JobQueue> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const dead = await deadJobs(this.db, page, pageSize);
    const toJob = (j: (typeof dead.items)[number]): Job => ({
      id: Number(j.id),
      kind: j.kind,
      status: j.status,
      attempts: j.attempts,
      maxAttempts: j.max_attempts,
      lastError: j.last_error,
      createdAt: j.created_at.toISOString(),
      finishedAt: j.finished_at ? j.finished_at.toISOString() : null,
    });
    return { counts: await jobCounts(this.db), dead: dead.items.map(toJob), deadTotal: dead.total };
  }

  async retryJob(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await retryDeadJob(trx, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'job.retry', objectType: 'job', objectId: id });
    });
  }
}
