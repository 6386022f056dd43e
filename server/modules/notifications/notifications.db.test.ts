import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../../container.js';
import { createDatabase, createPool, type Database } from '../../db/client.js';
import { enqueueJob, JobRunner } from '../../platform/jobs/jobs.js';
import { chinaToday } from '../../platform/time.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let sysadmin: Client;
let communityOrg: { id: number; regionCode: string };
let phoneSeq = 0;
const nextPhone = () => `136${String(30_000_000 + ++phoneSeq * 7919).slice(-8)}`;

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string };
}

async function submit(c: Client) {
  const r = await c.post('/api/requests', {
    categoryCode: 'wages_owed',
    description: '公司拖欠三个月工资未发放',
    regionCode: communityOrg.regionCode,
    contactName: '测试来电人',
    contactPhone: nextPhone(),
    channel: 'phone',
    fields: { employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: string; orgName: string };
}

const inbox = async (c: Client) =>
  (await c.get('/api/notifications', { query: { pageSize: '200' } })).body as {
    items: { id: number; kind: string; params: Record<string, string>; link: string }[];
    unread: number;
  };

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community, sysadmin] = await Promise.all([t.as('union.street'), t.as('union.street2'), t.as('union.community'), t.as('sysadmin')]);
  communityOrg = await orgOf(community);
  await t.c.jobs.drain(); // what the demo data queued
});
afterAll(async () => t.close());

describe('job runner', () => {
  it('retries a failing job with back-off, keeps it dead after its attempts, and the system administrator sends it back', async () => {
    const runner = new JobRunner(t.c.db, { backoffBaseMs: 1, onError: () => {} });
    let calls = 0;
    runner.handle('test.flaky', async () => {
      calls++;
      throw new Error('receiver down');
    });
    const id = (await enqueueJob(t.c.db, 'test.flaky', {}, { maxAttempts: 3 }))!;
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await runner.runOnce(new Date(Date.now() + 60_000));
    }
    expect(calls).toBe(3);
    const row = (
      await sql<{ status: string; attempts: number; last_error: string }>`SELECT status, attempts, last_error FROM jobs WHERE id = ${id}`.execute(t.c.db)
    ).rows[0]!;
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'receiver down' });

    expect((await street.get('/api/jobs')).status).toBe(403);
    const q = await sysadmin.get('/api/jobs');
    expect(q.status).toBe(200);
    expect(q.body.dead.map((j: { id: number }) => j.id)).toContain(id);
    expect((await street.post(`/api/jobs/${id}/retry`)).status).toBe(403);
    expect((await sysadmin.post(`/api/jobs/${id}/retry`)).status).toBe(200);
    expect((await sysadmin.post(`/api/jobs/${id}/retry`)).status).toBe(404);
    runner.handle('test.ok', async () => {});
    expect((await sql<{ status: string }>`SELECT status FROM jobs WHERE id = ${id}`.execute(t.c.db)).rows[0]!.status).toBe('pending');
    await sql`DELETE FROM jobs WHERE id = ${id}`.execute(t.c.db);
  });

  it('two runners over two connection pools share 200 jobs and run each exactly once; a delayed job waits', async () => {
    const pool2 = createPool(t.dbUrl, 4);
    const db2: Database = createDatabase(pool2);
    try {
      const ran: number[] = [];
      const by = new Map<string, number>();
      const mk = (db: Database, name: string) =>
        new JobRunner(db, { name, batch: 5 }).handle('test.count', async (p) => {
          ran.push(Number(p.n));
          by.set(name, (by.get(name) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 1));
        });
      for (let n = 0; n < 200; n++) await enqueueJob(t.c.db, 'test.count', { n });
      await enqueueJob(t.c.db, 'test.count', { n: -1 }, { runAt: new Date(Date.now() + 3_600_000) });
      const [a, b] = [mk(t.c.db, 'A'), mk(db2, 'B')];
      await Promise.all([a.drain(), b.drain()]);
      expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(by.get('A')! > 0 && by.get('B')! > 0).toBe(true);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE kind = 'test.count' AND status = 'pending'`.execute(t.c.db)).rows[0]!.n).toBe(
        1,
      );
      await sql`DELETE FROM jobs WHERE kind = 'test.count'`.execute(t.c.db);
    } finally {
      await db2.destroy();
    }
  });
});

describe('notifications', () => {
  it('a new request dispatched to a community unit reaches its staff once, linked to the request; no other unit sees it', async () => {
    const r = await submit(street);
    await t.c.jobs.drain();
    await t.c.jobs.drain();
    const mine = (await inbox(community)).items.filter((n) => n.params.number === r.number);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'request.assigned', link: `/requests/${r.id}` });
    expect((await inbox(street2)).items.some((n) => n.params.number === r.number)).toBe(false);

    // Marking read: only my own; another unit's account is told it does not exist.
    expect((await street2.post(`/api/notifications/${mine[0]!.id}/read`)).status).toBe(404);
    const before = (await community.get('/api/notifications/unread')).body.unread as number;
    const read = await community.post(`/api/notifications/${mine[0]!.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(before - 1);
    expect(
      (await t.owner.selectFrom('audit_log').select('action').where('action', '=', 'notification.read').where('object_id', '=', String(mine[0]!.id)).execute())
        .length,
    ).toBe(1);
  });

  it('a unit member who turns a kind off in-app does not get it; bad kinds are refused', async () => {
    const off = await community.put('/api/notifications/preferences/request.assigned', { inApp: false, sms: false, email: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await community.put('/api/notifications/preferences/no.such.kind', { inApp: false, sms: false, email: false })).status).toBe(404);
    expect((await community.put('/api/notifications/preferences/request.assigned', { inApp: 'no', sms: false, email: false })).status).toBe(400);
    const prefs = (await community.get('/api/notifications/preferences')).body;
    expect(prefs.items.find((p: { kind: string }) => p.kind === 'request.assigned')).toMatchObject({ inApp: false });
    expect(prefs.channels).toEqual({ sms: false, email: false });
    const r = await submit(street);
    await t.c.jobs.drain();
    expect((await inbox(community)).items.some((n) => n.params.number === r.number)).toBe(false);
    await community.put('/api/notifications/preferences/request.assigned', { inApp: true, sms: false, email: false });
  });

  it('a request due tomorrow gets exactly one reminder with two server processes running the reminder job', async () => {
    const r = await submit(street);
    const today = chinaToday();
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // Due tomorrow at every stage (on or before the next working day, whatever the weekday).
    await sql`UPDATE requests SET accept_due = ${tomorrow}::date, response_due = ${tomorrow}::date, resolve_due = ${tomorrow}::date WHERE id = ${r.id}`.execute(
      t.owner,
    );
    const second: Container = createContainer(t.c.config, t.dbUrl, t.c.keyring);
    try {
      // Both processes run the scheduled scan several times, at once, and deliver what it queued.
      await Promise.all([t.c.requests.sendReminders(today), second.requests.sendReminders(today), t.c.jobs.drain(), second.jobs.drain()]);
      await Promise.all([t.c.jobs.drain(), second.jobs.drain(), t.c.requests.sendReminders(today), second.requests.sendReminders(today)]);
      await Promise.all([t.c.jobs.drain(), second.jobs.drain()]);
    } finally {
      await second.close();
    }
    const reminders = (await inbox(community)).items.filter((n) => n.params.number === r.number && n.kind === 'request.due_soon');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.params.due).toBe(tomorrow);
    const rows = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM notifications WHERE kind = 'request.due_soon' AND params->>'number' = ${r.number}`.execute(t.c.db);
    const staff = await t.c.accounts.activeIdsOfOrg(communityOrg.id);
    expect(rows.rows[0]!.n).toBe(staff.length);
  });

  it('a citizen promoted from the waitlist sees it in the portal inbox; nobody else can read or mark it', async () => {
    const streetOrg = await orgOf(street);
    const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const a = await street.post('/api/activities', {
      title: '职工法律援助讲座',
      type: 'lecture',
      hostOrgId: streetOrg.id,
      venueName: '街道党群服务中心',
      address: '某某路1号',
      targetGroups: ['worker'],
      capacity: 1,
      startsAt: at(48),
      endsAt: at(50),
      regOpensAt: at(-1),
      regClosesAt: at(47),
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    await street.post(`/api/activities/${a.body.id}/publish`, { version: a.body.version });
    const first = await signInCitizen(t, nextPhone(), { name: '张先到', regionCode: communityOrg.regionCode });
    const waiting = await signInCitizen(t, nextPhone(), { name: '李候补', regionCode: communityOrg.regionCode });
    expect((await first.post(`/api/portal/activities/${a.body.id}/registrations`)).body.status).toBe('registered');
    expect((await waiting.post(`/api/portal/activities/${a.body.id}/registrations`)).body.status).toBe('waitlisted');
    const mine = (await first.get('/api/portal/me/registrations')).body.items[0];
    expect((await first.post(`/api/portal/me/registrations/${mine.id}/cancel`)).status).toBe(200);
    await t.c.jobs.drain();
    const got = await waiting.get('/api/portal/notifications');
    expect(got.status).toBe(200);
    expect(got.body.items).toHaveLength(1);
    expect(got.body.items[0]).toMatchObject({ kind: 'activity.promoted', params: { title: '职工法律援助讲座' }, link: '/portal/me/activities', readAt: null });
    expect(got.body.unread).toBe(1);
    expect((await first.get('/api/portal/notifications')).body.items).toHaveLength(0);
    expect((await first.post(`/api/portal/notifications/${got.body.items[0].id}/read`)).status).toBe(404);
    expect((await t.anonymous.get('/api/portal/notifications')).status).toBe(401);
    expect((await waiting.post(`/api/portal/notifications/${got.body.items[0].id}/read`)).body.unread).toBe(0);
  });
});
