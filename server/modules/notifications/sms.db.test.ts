import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { setupTestEnv, type TestEnv } from '../../test/harness.js';
import { HttpSmsGateway, signBody, verifySigned } from './sms-gateway.js';
import { SmsOutbox } from './sms-outbox.js';

const SECRET = 'gateway-shared-secret-for-tests';
let t: TestEnv;
let server: Server;
let url = '';
/** The fake gateway: refuses the first `failFirst` requests, then accepts; drops a repeated reference as the real ones do. */
const gw = { failFirst: 2, requests: 0, badSignatures: 0, delivered: [] as { to: string; text: string; ref: string }[] };

beforeAll(async () => {
  t = await setupTestEnv();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      gw.requests++;
      const ok = verifySigned(SECRET, { timestamp: String(req.headers['x-qh-timestamp']), signature: String(req.headers['x-qh-signature']) }, body);
      if (!ok) {
        gw.badSignatures++;
        res.writeHead(401).end('{}');
        return;
      }
      if (gw.requests <= gw.failFirst) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        return;
      }
      const m = JSON.parse(body) as { to: string; text: string; ref: string };
      if (!gw.delivered.some((d) => d.ref === m.ref)) gw.delivered.push(m);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId: `gw-${gw.delivered.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

describe('SMS through an HTTP gateway', () => {
  it('a gateway that fails twice then succeeds delivers the message exactly once, signed, with 【群团通】, and no phone in clear in the queue', async () => {
    const outbox = new SmsOutbox(t.c.keyring, new HttpSmsGateway({ url, key: 'qh', secret: SECRET, perPhonePerHour: 5 }));
    const runner = new JobRunner(t.c.db, { backoffBaseMs: 1, onError: () => {} });
    outbox.register(runner);
    await t.c.db.transaction().execute((trx) => outbox.queue(trx, { phone: '13812345678', text: '您报名的活动已确认。', ref: 'test-1' }));
    // Queued twice for the same event: one job.
    await t.c.db.transaction().execute((trx) => outbox.queue(trx, { phone: '13812345678', text: '您报名的活动已确认。', ref: 'test-1' }));
    const payload = (await sql<{ payload: unknown }>`SELECT payload FROM jobs WHERE kind = 'sms.send'`.execute(t.c.db)).rows;
    expect(payload).toHaveLength(1);
    expect(JSON.stringify(payload[0])).not.toContain('13812345678');
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 30));
      await runner.runOnce(new Date(Date.now() + 60_000));
    }
    expect(gw.requests).toBe(3);
    expect(gw.badSignatures).toBe(0);
    expect(gw.delivered).toEqual([{ to: '13812345678', text: '【群团通】您报名的活动已确认。', ref: 'test-1' }]);
    const job = (await sql<{ status: string; attempts: number }>`SELECT status, attempts FROM jobs WHERE kind = 'sms.send'`.execute(t.c.db)).rows[0]!;
    expect(job).toEqual({ status: 'done', attempts: 3 });
  });

  it('limits messages per phone per hour and refuses an unsigned or stale delivery report', async () => {
    gw.failFirst = 0;
    const gateway = new HttpSmsGateway({ url, key: 'qh', secret: SECRET, perPhonePerHour: 2 });
    await gateway.send({ phone: '13900000001', text: 'a', ref: 'r1' });
    await gateway.send({ phone: '13900000001', text: 'b', ref: 'r2' });
    await expect(gateway.send({ phone: '13900000001', text: 'c', ref: 'r3' })).rejects.toThrow('per-phone limit');
    await gateway.send({ phone: '13900000002', text: 'd', ref: 'r4' });
    const body = '{"ref":"r1","status":"delivered"}';
    const now = Math.floor(Date.now() / 1000);
    expect(verifySigned(SECRET, { timestamp: String(now), signature: signBody(SECRET, String(now), body) }, body)).toBe(true);
    expect(verifySigned(SECRET, { timestamp: String(now), signature: signBody('other-secret-xxxxxxxx', String(now), body) }, body)).toBe(false);
    expect(verifySigned(SECRET, { timestamp: String(now - 3600), signature: signBody(SECRET, String(now - 3600), body) }, body)).toBe(false);
    expect(verifySigned(SECRET, { timestamp: String(now), signature: signBody(SECRET, String(now), body) }, body.replace('delivered', 'failed'))).toBe(false);
  });
});
