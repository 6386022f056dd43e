import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { notify, type NotificationEvent } from '../../platform/jobs/notify.js';
import { factories, type Area } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { verifySigned } from './sms-gateway.js';

const SECRET = 'gateway-shared-secret-for-tests';
let t: TestEnv;
let server: Server;
let runner: JobRunner;
let f: ReturnType<typeof factories>;
let areas: [Area, Area];
let units: Awaited<ReturnType<ReturnType<typeof factories>['tree']>>;
/** The fake gateway: accepts every signed request and keeps one message per reference, as the real ones do. */
const gw = { requests: 0, delivered: [] as { to: string; text: string; ref: string }[] };

const PHONE_ON = '13912345601';
const PHONE_OFF = '13912345602';
const PHONE_CITIZEN = '13912345603';

async function runJobs(times = 4): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await runner.runOnce(new Date(Date.now() + 60_000));
  }
}

const idOf = async (c: Client) => (await c.get('/api/auth/me')).body.id as number;

/** Queues the event through the outbox as a module would, and returns it for delivering again by hand. */
async function send(e: NotificationEvent): Promise<NotificationEvent> {
  await t.c.db.transaction().execute((trx) => notify(trx, e));
  return e;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      gw.requests++;
      if (!verifySigned(SECRET, { timestamp: String(req.headers['x-qh-timestamp']), signature: String(req.headers['x-qh-signature']) }, body)) {
        res.writeHead(401).end('{}');
        return;
      }
      const m = JSON.parse(body) as { to: string; text: string; ref: string };
      if (!gw.delivered.some((d) => d.ref === m.ref)) gw.delivered.push(m);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `gw-${gw.delivered.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  t = await setupTestEnv({ SMS_GATEWAY_URL: url, SMS_GATEWAY_KEY: 'qh', SMS_GATEWAY_SECRET: SECRET, SMS_PER_PHONE_PER_HOUR: '100' });
  f = factories(t);
  areas = await f.neighbours();
  units = await f.tree('union', areas);
  await t.c.jobs.drain(); // what the demo data queued
  runner = new JobRunner(t.c.db, { backoffBaseMs: 1, onError: () => {} });
  t.c.notifications.register(runner);
  t.c.smsOutbox.register(runner);
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => server.close(r));
});

describe('notifications by SMS', () => {
  it('sends one SMS per account and event to the account that chose SMS and has a phone, even when delivered again; none to one that did not', async () => {
    const streetId = units[0]!.street.id;
    const on = await f.staff(streetId, ['worker']);
    const off = await f.staff(streetId, ['worker']);
    const [onId, offId] = [await idOf(on), await idOf(off)];
    const set = await on.put('/api/auth/me/phone', { phone: '+86 139-1234-5601' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({ phoneMasked: '139****5601' });
    expect((await off.put('/api/auth/me/phone', { phone: PHONE_OFF })).status).toBe(200);
    expect((await on.put('/api/notifications/preferences/request.assigned', { inApp: true, sms: true, email: false })).status).toBe(200);
    // The other account keeps the kind's defaults (in-app only).
    expect((await on.get('/api/notifications/preferences')).body.channels).toEqual({ sms: true, email: false });
    expect((await on.get('/api/auth/me')).body.phoneMasked).toBe('139****5601');

    gw.delivered.length = 0;
    const e = await send({ kind: 'request.assigned', to: { orgId: streetId }, params: { number: 'QH-SMS-1' }, link: '/requests/1', eventKey: 'sms-test:1' });
    await runJobs();
    // Delivered twice more by hand (a retried job, a repeated event): still one message.
    await t.c.notifications.deliver(e);
    await t.c.notifications.deliver(e);
    await runJobs();
    expect(gw.delivered).toEqual([{ to: PHONE_ON, text: '【群团通】诉求QH-SMS-1已交由本单位办理', ref: `notify:sms-test:1:a${onId}` }]);
    expect(gw.delivered.some((d) => d.ref.endsWith(`:a${offId}`))).toBe(false);
    const jobs = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE kind = 'sms.send' AND payload->>'ref' LIKE 'notify:sms-test:1:%'`.execute(t.owner)
    ).rows[0]!.n;
    expect(jobs).toBe(1);
    // Both still got the in-app notification.
    expect((await off.get('/api/notifications')).body.items.map((n: { kind: string }) => n.kind)).toContain('request.assigned');
  });

  it('sends a citizen an SMS to their person phone when their choice (here the kind default) includes SMS', async () => {
    const worker = await f.staff(units[0]!.street.id, ['worker']);
    const p = await worker.post('/api/people', { name: '短信居民', phone: PHONE_CITIZEN, gender: 'female', regionCode: areas[0].street.code });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const personId = p.body.id as number;
    gw.delivered.length = 0;
    const e = await send({ kind: 'activity.promoted', to: { personId }, params: { title: '职工读书会' }, link: '/portal/me', eventKey: 'sms-test:citizen' });
    await runJobs();
    await t.c.notifications.deliver(e);
    await runJobs();
    expect(gw.delivered).toEqual([{ to: PHONE_CITIZEN, text: '【群团通】您已从候补转为正式报名：职工读书会', ref: `notify:sms-test:citizen:p${personId}` }]);
  });

  it('keeps no phone in clear in the database and audits every change by field name', async () => {
    for (const phone of [PHONE_ON, PHONE_OFF, PHONE_CITIZEN]) {
      for (const table of ['jobs', 'accounts', 'audit_log', 'notifications', 'people']) {
        const hits = (
          await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} x WHERE row_to_json(x)::text LIKE ${`%${phone}%`}`.execute(t.owner)
        ).rows[0]!.n;
        expect(hits, `${phone} in ${table}`).toBe(0);
      }
    }
    const stored = (
      await sql<{
        masked: string;
        enc: boolean;
      }>`SELECT phone_masked AS masked, phone_enc IS NOT NULL AS enc FROM accounts WHERE phone_masked = '139****5601'`.execute(t.owner)
    ).rows;
    expect(stored).toEqual([{ masked: '139****5601', enc: true }]);
    await t.c.audit.flush();
    const audited = (await sql<{ detail: unknown }>`SELECT detail FROM audit_log WHERE action = 'account.phone'`.execute(t.owner)).rows;
    expect(audited.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audited)).toContain('phone');
    expect(JSON.stringify(audited)).not.toMatch(/139\d{8}|5601/);
  });
});

describe('mobile phones of accounts', () => {
  it('refuses a bad number naming the field phone, in Chinese and in English; clears with null', async () => {
    const me = await f.staff(units[1]!.community.id, ['worker']);
    for (const bad of ['12345', '1391234560', '028-85551234', '139123456012', 'abc']) {
      const zh = await me.put('/api/auth/me/phone', { phone: bad }, { headers: { 'accept-language': 'zh-CN' } });
      expect(zh.status, bad).toBe(400);
      expect(zh.body.error.code).toBe('VALIDATION');
      expect(zh.body.error.field).toBe('phone');
      expect(zh.body.error.message).toContain('手机号码');
      const en = await me.put('/api/auth/me/phone', { phone: bad }, { headers: { 'accept-language': 'en' } });
      expect(en.status).toBe(400);
      expect(en.body.error.field).toBe('phone');
      expect(en.body.error.message).toMatch(/mobile number/);
      expect(en.body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await me.put('/api/auth/me/phone', { phone: '13912345604' })).body).toEqual({ phoneMasked: '139****5604' });
    expect((await me.put('/api/auth/me/phone', { phone: null })).body).toEqual({ phoneMasked: null });
    expect((await me.get('/api/auth/me')).body.phoneMasked).toBeNull();
  });

  it("an administrator sets the phone of an account of their unit; a neighbouring unit's administrator gets 404", async () => {
    const adminA = await f.staff(units[0]!.street.id, ['sys_admin']);
    const adminB = await f.staff(units[1]!.street.id, ['sys_admin']);
    const member = await f.staff(units[0]!.community.id, ['worker']);
    const memberId = await idOf(member);
    const outside = await adminB.put(`/api/accounts/${memberId}/phone`, { phone: '13912345605' });
    expect(outside.status, JSON.stringify(outside.body)).toBe(404);
    expect((await member.put(`/api/accounts/${memberId}/phone`, { phone: '13912345605' })).status).toBe(403);
    const bad = await adminA.put(`/api/accounts/${memberId}/phone`, { phone: '1391234' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('phone');
    const ok = await adminA.put(`/api/accounts/${memberId}/phone`, { phone: '139 1234 5605' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ phoneMasked: '139****5605' });
    expect((await adminA.get(`/api/accounts/${memberId}`)).body.phoneMasked).toBe('139****5605');
    expect((await sql<{ masked: string | null }>`SELECT phone_masked AS masked FROM accounts WHERE id = ${memberId}`.execute(t.owner)).rows[0]!.masked).toBe(
      '139****5605',
    );
    await t.c.audit.flush();
    const audited = (
      await sql<{ detail: unknown }>`SELECT detail FROM audit_log WHERE action = 'account.phone' AND object_id = ${String(memberId)}`.execute(t.owner)
    ).rows;
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain('5605');
  });
});
