import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { factories } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

const ALL = ['request.created', 'request.status_changed', 'request.closed', 'activity.published', 'activity.cancelled', 'booking.confirmed'];

/** A receiver of another system: records what it is sent; `down` answers nothing (the port refuses), `failing` answers 500. */
class Receiver {
  readonly got: { headers: IncomingHttpHeaders; body: string; at: number }[] = [];
  private server: Server | null = null;
  port = 0;
  failing = false;

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failing) return res.writeHead(500).end();
        this.got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }
}

/**
 * Verifies a Standard Webhooks signature as a receiver would, written from the specification alone: the key is the
 * base64 part of `whsec_…`, the signed content `id.timestamp.body`, the header a space-separated list of `v1,<base64>`,
 * and a timestamp more than five minutes away is refused.
 */
function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const sigs = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.split('_')[1]!, 'base64'))
    .update(`${id}.${ts}.${body}`)
    .digest();
  return sigs.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    const given = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let streetOrgId: number;
let street2OrgId: number;
let communityRegion: string;
let runner: JobRunner;
let phoneSeq = 0;

const orgIdOf = async (c: Client) => (await c.get('/api/auth/me')).body.orgId as number;
const audits = async (action: string, objectId: number) => {
  await t.c.audit.flush();
  return (await sql<{ action: string }>`SELECT action FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.owner)).rows
    .length;
};

async function submit(phone = `137${String(40_000_000 + ++phoneSeq * 7919).slice(-8)}`): Promise<{ id: number; number: string }> {
  const r = await street.post('/api/requests', {
    categoryCode: 'wages_owed',
    description: '公司拖欠两个月工资未发放',
    regionCode: communityRegion,
    contactName: '测试来电人',
    contactPhone: phone,
    channel: 'phone',
    fields: { employer: '成都某某物流有限公司', amount: 9000, months: 'lt3' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: string };
}

async function act(id: number, kind: string, body: Record<string, unknown> = {}) {
  const version = (await community.get(`/api/requests/${id}`)).body.version as number;
  const r = await community.post(`/api/requests/${id}/${kind}`, { version, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Runs the delivery jobs until `done` holds (real back-off, shortened) or the time runs out. */
async function deliverUntil(done: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('deliveries did not complete in time');
    await runner.runOnce();
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function subscribe(c: Client, orgId: number, url: string, eventTypes = ALL) {
  const r = await c.post('/api/webhooks', { orgId, name: '12345 热线系统', url, eventTypes });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { subscription: { id: number; status: string }; secret: string };
}

beforeAll(async () => {
  t = await setupTestEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_TIMEOUT_MS: '2000' });
  [street, street2, community] = await Promise.all([t.as('union.street'), t.as('union.street2'), t.as('union.community')]);
  [streetOrgId, street2OrgId] = await Promise.all([orgIdOf(street), orgIdOf(street2)]);
  communityRegion = (await community.get(`/api/orgs/${await orgIdOf(community)}`)).body.regionCode as string;
  runner = new JobRunner(t.c.db, { backoffBaseMs: 40, onError: () => {} });
  t.c.webhooks.register(runner);
});
afterAll(async () => t?.close());

describe('webhook delivery', () => {
  it('a receiver that is down for a while gets every event once it is back, in order per subject, each signature verifying; the neighbouring street gets none', async () => {
    const mine = new Receiver();
    const neighbour = new Receiver();
    await mine.up();
    await neighbour.up();
    const sub = await subscribe(street, streetOrgId, mine.url);
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const other = await subscribe(street2, street2OrgId, neighbour.url);
    expect(await audits('webhook.create', sub.subscription.id)).toBe(1);

    // The secret is shown once: lists do not carry it, and the database holds it encrypted.
    const listed = await street.get('/api/webhooks');
    expect(listed.body.items.find((s: { id: number }) => s.id === sub.subscription.id)).toMatchObject({ orgId: streetOrgId, status: 'active', url: mine.url });
    expect(JSON.stringify(listed.body)).not.toContain(sub.secret);
    const stored = (await sql<{ secret_enc: Buffer }>`SELECT secret_enc FROM webhook_subscriptions WHERE id = ${sub.subscription.id}`.execute(t.owner))
      .rows[0]!;
    expect(stored.secret_enc.includes(Buffer.from(sub.secret.slice(6), 'base64'))).toBe(false);
    expect(stored.secret_enc.toString('latin1')).not.toContain(sub.secret);

    // The receiver goes down; meanwhile two requests of the street's community move along.
    await mine.down();
    const a = await submit();
    const b = await submit();
    await act(a.id, 'accept');
    await act(b.id, 'accept');
    await act(a.id, 'resolve', { reply: '已协调企业于本月内支付' });
    await act(a.id, 'close');
    const expected = new Map([
      [`request:${a.id}`, ['request.created', 'request.status_changed', 'request.status_changed', 'request.status_changed', 'request.closed']],
      [`request:${b.id}`, ['request.created', 'request.status_changed']],
    ]);

    // A second of failed attempts (refused connections), then the receiver is back on the same port.
    const failUntil = Date.now() + 1200;
    while (Date.now() < failUntil) {
      await runner.runOnce();
      await new Promise((r) => setTimeout(r, 30));
    }
    const failed = (await street.get(`/api/webhooks/${sub.subscription.id}/deliveries`)).body;
    expect(failed.total).toBe(7);
    expect(failed.items.every((d: { status: string }) => d.status === 'pending')).toBe(true);
    const firstA = failed.items.find((d: { subject: string; type: string }) => d.subject === `request:${a.id}` && d.type === 'request.created');
    expect(firstA.attempts).toBeGreaterThanOrEqual(2);
    expect(firstA.lastError).toBeTruthy();
    expect(mine.got).toHaveLength(0);

    await mine.up();
    const ours = () => mine.got.filter((g) => expected.has(JSON.parse(g.body).subject));
    await deliverUntil(() => ours().length >= 7);
    await deliverUntil(async () =>
      (await street.get(`/api/webhooks/${sub.subscription.id}/deliveries`)).body.items.every((d: { status: string }) => d.status === 'delivered'),
    );
    const got = ours();
    expect(got).toHaveLength(7);
    expect(new Set(got.map((g) => g.headers['webhook-id'])).size).toBe(7);
    for (const g of got) expect(verifyStandardWebhook(sub.secret, g.headers, g.body), g.body).toBe(true);
    // A signature made with another secret does not verify.
    expect(verifyStandardWebhook(other.secret, got[0]!.headers, got[0]!.body)).toBe(false);
    for (const [subject, types] of expected) {
      const seen = got.map((g) => JSON.parse(g.body) as { subject: string; type: string; data: Record<string, unknown> }).filter((p) => p.subject === subject);
      expect(
        seen.map((p) => p.type),
        subject,
      ).toEqual(types);
    }
    const closed = got.map((g) => JSON.parse(g.body)).find((p) => p.type === 'request.closed');
    expect(closed).toMatchObject({ subject: `request:${a.id}`, data: { id: a.id, number: a.number, status: 'closed', previousStatus: 'resolved' } });
    // The payload names no person: no contact name or phone of the caller.
    expect(got.map((g) => g.body).join('')).not.toMatch(/测试来电人|137\d{8}/);

    // The neighbouring street's subscription never received the street's events, and had no delivery queued.
    expect(neighbour.got).toHaveLength(0);
    expect((await street2.get(`/api/webhooks/${other.subscription.id}/deliveries`)).body.total).toBe(0);
    await mine.down();
    await neighbour.down();
  });

  it('pause holds the queue and queues nothing new; resume sends again; resend repeats one delivery with the same id; delete asks nothing of the receiver', async () => {
    const r = new Receiver();
    await r.up();
    const sub = await subscribe(street, streetOrgId, r.url, ['request.created']);
    const id = sub.subscription.id;
    const paused = await street.post(`/api/webhooks/${id}/pause`, {});
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.status).toBe('paused');
    await submit();
    await runner.drain();
    expect(r.got).toHaveLength(0);
    expect((await street.get(`/api/webhooks/${id}/deliveries`)).body.total).toBe(0);
    // Resending needs an active subscription.
    expect((await street.post(`/api/webhooks/${id}/resume`, {})).body.status).toBe('active');
    const q = await submit();
    await deliverUntil(() => r.got.length >= 1);
    expect(JSON.parse(r.got[0]!.body)).toMatchObject({ type: 'request.created', data: { number: q.number } });
    const d = (await street.get(`/api/webhooks/${id}/deliveries`)).body.items[0] as { id: number; attempts: number; webhookId: string };
    await deliverUntil(async () => (await street.get(`/api/webhooks/${id}/deliveries`)).body.items[0].status === 'delivered');
    const again = await street.post(`/api/webhooks/${id}/deliveries/${d.id}/resend`, {});
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await deliverUntil(() => r.got.length >= 2);
    expect(r.got[1]!.headers['webhook-id']).toBe(r.got[0]!.headers['webhook-id']);
    expect(verifyStandardWebhook(sub.secret, r.got[1]!.headers, r.got[1]!.body)).toBe(true);
    await deliverUntil(async () => (await street.get(`/api/webhooks/${id}/deliveries`)).body.items[0].status === 'delivered');
    expect((await street.get(`/api/webhooks/${id}/deliveries`)).body.items[0]).toMatchObject({ status: 'delivered', attempts: 2, webhookId: d.webhookId });
    await street.post(`/api/webhooks/${id}/pause`, {});
    expect((await street.post(`/api/webhooks/${id}/deliveries/${d.id}/resend`, {})).status).toBe(409);

    const del = await street.del(`/api/webhooks/${id}`);
    expect(del.status).toBe(200);
    expect((await street.get(`/api/webhooks/${id}/deliveries`)).status).toBe(404);
    for (const action of ['webhook.pause', 'webhook.resume', 'webhook.delete']) expect(await audits(action, id), action).toBeGreaterThanOrEqual(1);
    expect(await audits('webhook.resend', d.id)).toBe(1);
    await r.down();
  });

  it('a receiver that keeps failing is turned off after its attempts, audited; the delivery shows failed', async () => {
    const r = new Receiver();
    await r.up();
    r.failing = true;
    const sub = await subscribe(street, streetOrgId, r.url, ['request.created']);
    await submit();
    const fast = new JobRunner(t.c.db, { backoffBaseMs: 1, onError: () => {} });
    t.c.webhooks.register(fast);
    const until = Date.now() + 20_000;
    for (;;) {
      const s = (await street.get('/api/webhooks')).body.items.find((x: { id: number }) => x.id === sub.subscription.id);
      if (s.status === 'disabled') {
        expect(s).toMatchObject({ failed: 1, pending: 0 });
        expect(s.disabledReason).toContain('HTTP 500');
        break;
      }
      if (Date.now() > until) throw new Error('not disabled in time');
      await fast.runOnce(new Date(Date.now() + 3_600_000));
    }
    expect((await street.get(`/api/webhooks/${sub.subscription.id}/deliveries`)).body.items[0]).toMatchObject({
      status: 'failed',
      attempts: 12,
      lastStatus: 500,
    });
    expect(await audits('webhook.disable', sub.subscription.id)).toBe(1);
    // Back on its feet and resumed, the receiver gets the failed delivery.
    r.failing = false;
    expect((await street.post(`/api/webhooks/${sub.subscription.id}/resume`, {})).body.status).toBe('active');
    await deliverUntil(() => r.got.length >= 1);
    await street.del(`/api/webhooks/${sub.subscription.id}`);
    await r.down();
  });
});

describe('webhook subscriptions: input, SSRF, scope', () => {
  it('refuses receivers on loopback or private addresses unless the deployment allows them, at creation and at delivery', async () => {
    t.c.config.webhooks.allowPrivateTargets = false;
    try {
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://localhost/hook',
        'http://10.1.2.3/hook',
        'http://172.20.0.5/hook',
        'http://192.168.1.20/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://100.64.1.1/hook',
        'http://[::1]/hook',
        'http://[fd00::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://0.0.0.0/hook',
      ]) {
        const r = await street.post('/api/webhooks', { orgId: streetOrgId, name: '内网', url, eventTypes: ['request.created'] });
        expect(r.status, url).toBe(400);
        expect(r.body.error.field, url).toBe('body.url');
        expect(r.body.error.message, url).toContain('body.url');
      }
    } finally {
      t.c.config.webhooks.allowPrivateTargets = true;
    }
    // Created while allowed, then the setting is turned off: the delivery is refused at connection time.
    const r = new Receiver();
    await r.up();
    const sub = await subscribe(street, streetOrgId, r.url, ['request.created']);
    t.c.config.webhooks.allowPrivateTargets = false;
    try {
      await submit();
      await runner.drain();
      const d = (await street.get(`/api/webhooks/${sub.subscription.id}/deliveries`)).body.items[0];
      expect(d).toMatchObject({ status: 'pending', lastError: 'refused: private address' });
      expect(r.got).toHaveLength(0);
    } finally {
      t.c.config.webhooks.allowPrivateTargets = true;
    }
    await street.del(`/api/webhooks/${sub.subscription.id}`);
    await r.down();
  });

  it('refuses bad input with 400 naming the field', async () => {
    const base = { orgId: streetOrgId, name: '热线', url: 'https://example.org/hook', eventTypes: ['request.created'] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, url: 'ftp://example.org/hook' }, 'body.url'],
      [{ ...base, url: 'not a url' }, 'body.url'],
      [{ ...base, url: 'https://user:pw@example.org/hook' }, 'body.url'],
      [{ ...base, eventTypes: [] }, 'eventTypes'],
      [{ ...base, eventTypes: ['request.deleted'] }, 'eventTypes'],
      [{ ...base, name: '   ' }, 'body.name'],
      [{ ...base, secret: 'mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const r = await street.post('/api/webhooks', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field, JSON.stringify(r.body)).toContain(field);
    }
  });

  it('a neighbouring street’s administrator is told the subscription does not exist (404), cannot subscribe for the street, and does not see it', async () => {
    const sub = await subscribe(street, streetOrgId, 'http://127.0.0.1:9/hooks', ['request.created']);
    const id = sub.subscription.id;
    expect((await street2.post(`/api/webhooks/${id}/pause`, {})).status).toBe(404);
    expect((await street2.post(`/api/webhooks/${id}/resume`, {})).status).toBe(404);
    expect((await street2.del(`/api/webhooks/${id}`)).status).toBe(404);
    expect((await street2.get(`/api/webhooks/${id}/deliveries`)).status).toBe(404);
    expect((await street2.post(`/api/webhooks/${id}/deliveries/1/resend`, {})).status).toBe(404);
    const foreign = await street2.post('/api/webhooks', { orgId: streetOrgId, name: '越权', url: 'http://127.0.0.1:9/x', eventTypes: ['request.created'] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('body.orgId');
    expect((await street2.get('/api/webhooks')).body.items.some((s: { id: number }) => s.id === id)).toBe(false);
    // A worker without the permission is refused outright.
    expect((await community.get('/api/webhooks')).status).toBe(403);
    await t.c.audit.flush();
    const refusals = (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM audit_log WHERE result = 'denied' AND action LIKE '% /api/webhooks%' AND actor_name = ${street2.username}`.execute(t.owner)
    ).rows[0]!;
    expect(Number(refusals.n)).toBeGreaterThanOrEqual(6);
    // Still there for its owner.
    expect((await street.get(`/api/webhooks/${id}/deliveries`)).status).toBe(200);
  });
});

describe('personal fields in payloads', () => {
  it('only the security administrator approves personal fields for a subscription (audited); an approved one receives the contact in full, the others masked', async () => {
    const approved = new Receiver();
    const plain = new Receiver();
    await approved.up();
    await plain.up();
    const a = await subscribe(street, streetOrgId, approved.url, ['request.created']);
    await subscribe(street, streetOrgId, plain.url, ['request.created']);
    expect(a.subscription).toMatchObject({ personalDataApproved: false });

    // The unit's own administrator, a neighbour and a worker may not approve; the security administrator may.
    for (const c of [street, street2, community])
      expect((await c.put(`/api/webhooks/${a.subscription.id}/personal-data`, { approved: true })).status, c.username).toBe(403);
    const secadmin = await t.as('secadmin');
    const ok = await secadmin.put(`/api/webhooks/${a.subscription.id}/personal-data`, { approved: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ id: a.subscription.id, personalDataApproved: true });
    expect(await audits('webhook.personal_data', a.subscription.id)).toBe(1);
    expect((await secadmin.put('/api/webhooks/999999999/personal-data', { approved: true })).status).toBe(404);
    expect((await street.get('/api/webhooks')).body.items.find((s: { id: number }) => s.id === a.subscription.id)).toMatchObject({
      personalDataApproved: true,
    });
    // The security administrator reads the subscriptions to decide on (and manages none of them); the unit's own
    // administrator has no such list.
    const review = await secadmin.get('/api/webhooks/personal-data');
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    expect(review.body.items.find((s: { id: number }) => s.id === a.subscription.id)).toMatchObject({ url: approved.url, personalDataApproved: true });
    expect(JSON.stringify(review.body)).not.toContain(a.secret);
    expect((await secadmin.get('/api/webhooks')).status).toBe(403);
    for (const c of [street, community]) expect((await c.get('/api/webhooks/personal-data')).status, c.username).toBe(403);
    // A security administrator of the neighbouring street neither sees nor approves it.
    const neighbourSec = await factories(t).staff(street2OrgId, ['sec_admin']);
    const theirs = await neighbourSec.get('/api/webhooks/personal-data');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((s: { id: number }) => s.id)).not.toContain(a.subscription.id);
    expect((await neighbourSec.put(`/api/webhooks/${a.subscription.id}/personal-data`, { approved: false })).status).toBe(404);

    const phone = '13712345678';
    const req = await submit(phone);
    const mine = (r: Receiver) =>
      r.got.map((g) => JSON.parse(g.body) as { subject: string; data: Record<string, unknown> }).filter((x) => x.subject === `request:${req.id}`);
    await deliverUntil(() => mine(approved).length >= 1 && mine(plain).length >= 1);
    expect(mine(approved)[0]!.data).toMatchObject({ number: req.number, contactName: '测试来电人', contactPhone: phone });
    expect(mine(plain)[0]!.data).toMatchObject({ number: req.number, contactName: '测****', contactPhone: '137****5678' });
    expect(plain.got.map((g) => g.body).join('')).not.toMatch(/测试来电人|13712345678/);
    // Stored, the event names the contact only masked; the full values are encrypted.
    const stored = (
      await sql<{
        payload: unknown;
        personal_enc: Buffer | null;
      }>`SELECT payload, personal_enc FROM webhook_events WHERE subject = ${`request:${req.id}`}`.execute(t.owner)
    ).rows;
    expect(JSON.stringify(stored.map((x) => x.payload))).not.toMatch(/测试来电人|13712345678/);
    expect(stored[0]!.personal_enc?.toString('latin1') ?? '').not.toContain('13712345678');

    // Withdrawn: the next event reaches it masked.
    expect((await secadmin.put(`/api/webhooks/${a.subscription.id}/personal-data`, { approved: false })).body.personalDataApproved).toBe(false);
    const req2 = await submit('13712340000');
    const second = (r: Receiver) =>
      r.got.map((g) => JSON.parse(g.body) as { subject: string; data: Record<string, unknown> }).filter((x) => x.subject === `request:${req2.id}`);
    await deliverUntil(() => second(approved).length >= 1);
    expect(second(approved)[0]!.data).toMatchObject({ contactName: '测****', contactPhone: '137****0000' });
    expect(await audits('webhook.personal_data', a.subscription.id)).toBe(2);
    await approved.down();
    await plain.down();
  });
});
