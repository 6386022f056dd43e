import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { notify } from '../../platform/jobs/notify.js';
import { factories } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

/** What the local mail server accepted: envelope recipients and the raw message. */
type Received = { to: string[]; raw: string };

/** A real SMTP server on a loopback port: refuses the first `refuseFirst` messages with a 451, then accepts and keeps them. */
const mail = { refuseFirst: 0, attempts: 0, received: [] as Received[] };
let smtp: SMTPServer;
let t: TestEnv;
let runner: JobRunner;
let f: ReturnType<typeof factories>;
let eventSeq = 0;
let unitId = 0;

const subjectOf = (raw: string) => {
  const m = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw);
  if (!m) return '';
  // Decodes RFC 2047 encoded words (nodemailer writes a Chinese subject as =?UTF-8?B?…?= or =?UTF-8?Q?…?=).
  return m[1]!.replace(/\r\n[ \t]/g, '').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
};

/** The text of a single-part message, decoded from base64 or quoted-printable. */
const bodyOf = (raw: string) => {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  if (/Content-Transfer-Encoding: base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head!))
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
};

async function runJobs(times = 6): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise((r) => setTimeout(r, 20));
    // A clock a minute ahead: retries after back-off are due at once.
    await runner.runOnce(new Date(Date.now() + 60_000));
  }
}

/** A staff account with its own address, choosing `request.assigned` by email; returns its id. */
async function recipient(email: string): Promise<{ client: Client; id: number }> {
  const client = await f.staff(unitId, ['worker']);
  expect((await client.put('/api/auth/me/email', { email })).status).toBe(200);
  const p = await client.put('/api/notifications/preferences/request.assigned', { inApp: true, sms: false, email: true });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return { client, id: (await client.get('/api/auth/me')).body.id as number };
}

/** Notifies the account of event `seq` (a new one unless given); returns the request number the message names. */
async function notifyAccount(accountId: number, seq = ++eventSeq): Promise<string> {
  const number = `QH-TEST-${seq}`;
  await t.c.db
    .transaction()
    .execute((trx) =>
      notify(trx, { kind: 'request.assigned', to: { accountId }, params: { number }, link: `/requests/${seq}`, eventKey: `email-test:${seq}` }),
    );
  return number;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mail.attempts++;
        if (mail.attempts <= mail.refuseFirst) {
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        mail.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await setupTestEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: '群团通测试 <noreply@qunhub.test>' });
  f = factories(t);
  unitId = (await f.tree('union', [(await f.neighbours())[0]]))[0]!.community.id;
  await t.c.jobs.drain(); // what the demo data queued
  runner = new JobRunner(t.c.db, { backoffBaseMs: 1, onError: () => {} });
  t.c.notifications.register(runner);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('notifications by email', () => {
  it('sends a notification the account chose by email to its address exactly once, and reports the channel on', async () => {
    const { client, id } = await recipient('Zhang.San@Example.ORG');
    expect((await client.get('/api/notifications/preferences')).body.channels).toEqual({ sms: false, email: true });
    mail.received.length = 0;
    const number = await notifyAccount(id);
    await runJobs();
    expect(mail.received).toHaveLength(1);
    expect(mail.received[0]!.to).toEqual(['Zhang.San@example.org']);
    expect(subjectOf(mail.received[0]!.raw)).toBe(`【群团通】诉求${number}已交由本单位办理`);
    expect(bodyOf(mail.received[0]!.raw)).toContain(`诉求${number}已交由本单位办理`);
    // The same event notified again, and the email job run again after its success (at least once): still one message.
    await notifyAccount(id, eventSeq);
    await sql`UPDATE jobs SET status = 'pending', run_at = now() WHERE kind = 'notifications.email'`.execute(t.c.db);
    await runJobs(2);
    expect(mail.received).toHaveLength(1);
    const rows = (await sql<{ sent: boolean }>`SELECT sent_at IS NOT NULL AS sent FROM notification_emails WHERE account_id = ${id}`.execute(t.owner)).rows;
    expect(rows).toEqual([{ sent: true }]);
  });

  it('a mail server that refuses the first attempt with a 4xx gets exactly one message after the retry', async () => {
    const { id } = await recipient('li.si@example.org');
    mail.received.length = 0;
    mail.attempts = 0;
    mail.refuseFirst = 1;
    const number = await notifyAccount(id);
    await runJobs();
    expect(mail.attempts).toBe(2);
    expect(mail.received).toHaveLength(1);
    expect(mail.received[0]!.to).toEqual(['li.si@example.org']);
    expect(subjectOf(mail.received[0]!.raw)).toContain(number);
    const job = (
      await sql<{ status: string; attempts: number }>`SELECT status, attempts FROM jobs WHERE kind = 'notifications.email' ORDER BY id DESC LIMIT 1`.execute(
        t.c.db,
      )
    ).rows[0]!;
    expect(job).toEqual({ status: 'done', attempts: 2 });
    mail.refuseFirst = 0;
  });

  it('sends nothing to an account that did not choose email or has no address', async () => {
    const noChoice = await f.staff(unitId, ['worker']);
    expect((await noChoice.put('/api/auth/me/email', { email: 'wang.wu@example.org' })).status).toBe(200);
    mail.received.length = 0;
    await notifyAccount((await noChoice.get('/api/auth/me')).body.id as number);
    await runJobs(2);
    expect(mail.received).toHaveLength(0);
  });
});

describe('email addresses of accounts', () => {
  it('refuses a bad address naming the field, and audits a change with the field name only', async () => {
    const { client, id } = await recipient('zhao.liu@example.org');
    for (const bad of ['not-an-address', 'a@b', 'two@@example.org', 'sp ace@example.org', `${'x'.repeat(250)}@example.org`]) {
      const r = await client.put('/api/auth/me/email', { email: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.error.field, bad).toBe('email');
    }
    expect((await client.put('/api/auth/me/email', { email: null })).body).toEqual({ email: null });
    await t.c.audit.flush();
    const details = (await sql<{ detail: unknown }>`SELECT detail FROM audit_log WHERE action = 'account.email' AND object_id = ${String(id)}`.execute(t.owner))
      .rows;
    expect(details.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(details)).not.toContain('zhao.liu');
    expect(JSON.stringify(details)).toContain('email');
  });

  it("an administrator sets the address of an account of their unit; a neighbouring unit's administrator gets 404", async () => {
    const [a, b] = await f.neighbours();
    const [mine, theirs] = await f.tree('union', [a, b]);
    const adminA = await f.staff(mine!.street.id, ['sys_admin']);
    const adminB = await f.staff(theirs!.street.id, ['sys_admin']);
    const member = await f.staff(mine!.community.id, ['worker']);
    const memberId = (await member.get('/api/auth/me')).body.id as number;
    const outside = await adminB.put(`/api/accounts/${memberId}/email`, { email: 'zhou.qi@example.org' });
    expect(outside.status, JSON.stringify(outside.body)).toBe(404);
    const bad = await adminA.put(`/api/accounts/${memberId}/email`, { email: 'zhou.qi@' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('email');
    expect((await member.put(`/api/accounts/${memberId}/email`, { email: 'zhou.qi@example.org' })).status).toBe(403);
    const ok = await adminA.put(`/api/accounts/${memberId}/email`, { email: 'zhou.qi@example.org' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await sql<{ email: string }>`SELECT email FROM accounts WHERE id = ${memberId}`.execute(t.owner)).rows[0]!.email).toBe('zhou.qi@example.org');
    await t.c.audit.flush();
    const audited = (
      await sql<{ detail: unknown }>`SELECT detail FROM audit_log WHERE action = 'account.email' AND object_id = ${String(memberId)}`.execute(t.owner)
    ).rows;
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain('zhou.qi');
  });
});

describe('retention of sent emails', () => {
  it('a daily job deletes emails sent more than 90 days ago, in batches; unsent and recent ones stay', async () => {
    const { id } = await recipient('xu.shiyi@example.org');
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    /** Queues an email created `createdDays` ago and sent `sentDays` ago (null: never sent); returns its id. */
    const row = async (key: string, createdDays: number, sentDays: number | null) =>
      Number(
        (
          await sql<{ id: string }>`INSERT INTO notification_emails (account_id, event_key, kind, params, created_at, sent_at)
            VALUES (${id}, ${`purge:${key}`}, 'request.assigned', '{}'::jsonb, ${daysAgo(createdDays)}, ${sentDays === null ? null : daysAgo(sentDays)}) RETURNING id`.execute(
            t.c.db,
          )
        ).rows[0]!.id,
      );
    const old: number[] = [];
    for (let i = 0; i < 5; i++) old.push(await row(`old${i}`, 200 + i, 199 + i));
    const oldSentLate = await row('late', 120, 91);
    const keep = [await row('unsent', 300, null), await row('recent', 30, 30), await row('edge', 89, 89), await row('today', 0, 0)];
    const left = async () =>
      (await sql<{ id: string }>`SELECT id FROM notification_emails WHERE id = ANY(${[...old, oldSentLate, ...keep]}::bigint[])`.execute(t.c.db)).rows
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);

    // Two rows a statement: six old ones take four statements and all go.
    expect(await t.c.notifications.purgeSentEmails(now, 90, 2)).toBe(6);
    expect(await left()).toEqual([...keep].sort((a, b) => a - b));

    // The runner schedules it once a day by itself (tomorrow's run here): a new old row goes when the job runs.
    const again = await row('again', 400, 100);
    const purgeJobs = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM jobs WHERE kind = 'notifications.email_purge'`.execute(t.c.db)).rows[0]!.n);
    const before = await purgeJobs();
    await runner.schedule(new Date(now.getTime() + 86_400_000));
    expect(await purgeJobs()).toBe(before + 1);
    await runJobs(2);
    expect(
      (await sql<{ status: string }>`SELECT status FROM jobs WHERE kind = 'notifications.email_purge' ORDER BY id DESC LIMIT 1`.execute(t.c.db)).rows[0]
        ?.status,
    ).toBe('done');
    expect((await sql`SELECT 1 FROM notification_emails WHERE id = ${again}`.execute(t.c.db)).rows).toHaveLength(0);
    expect(await left()).toEqual([...keep].sort((a, b) => a - b));
  });
});
