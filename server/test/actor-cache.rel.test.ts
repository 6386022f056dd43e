import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed/demo.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { SERVER_NODE_FLAGS } from '../platform/heap.js';

/**
 * Two real server processes (`node server/main.ts`, demo mode) over one PostgreSQL, each with its own actor cache
 * (ADR 0025). A session is signed in and used through B until B serves it from its cache; then a right is taken away
 * through A (or, for a role's permissions, which no route edits, by SQL on the shared database) and the very next
 * request through B must be refused.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (m: string) => process.stdout.write(`[actor-cache] ${m}\n`);

let tmp: string;
let embedded: EmbeddedDatabase;
let dbUrl: string;
const servers: ChildProcess[] = [];
let A: string;
let B: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): number {
  const probe = spawnSync(
    process.execPath,
    ['-e', "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port);this.close()})"],
    { encoding: 'utf8' },
  );
  return Number(probe.stdout.trim());
}

async function startServer(name: string): Promise<string> {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(tmp, `server-${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    // One data directory: both processes read the same keys, as the instances of one deployment do.
    env: {
      ...process.env,
      QUNHUB_MODE: 'demo',
      DATABASE_URL: dbUrl,
      DATA_DIR: path.join(tmp, 'data'),
      WEB_DIST_DIR: path.join(tmp, 'web'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  servers.push(child);
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited with code ${child.exitCode} (see ${path.join(tmp, `server-${name}.log`)})`);
    const status = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() - t0 > 200_000) throw new Error(`server ${name} did not become healthy`);
    await sleep(200);
  }
  say(`server ${name} up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return base;
}

type Session = { cookie: string; csrf: string; id: number };

async function signIn(base: string, username: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { id: number; csrfToken: string };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: body.csrfToken, id: body.id };
}

async function call(base: string, s: Session, method: string, url: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  await r.arrayBuffer();
  return r.status;
}

/** Signs in through B and uses the session there until B has it cached (a miss, then hits). */
async function warmOnB(username: string, url = '/api/auth/me'): Promise<Session> {
  const s = await signIn(B, username);
  for (let i = 0; i < 3; i++) expect(await call(B, s, 'GET', url)).toBe(200);
  return s;
}

async function sql(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'qunhub-actorcache-'));
  mkdirSync(path.join(tmp, 'web'), { recursive: true });
  writeFileSync(path.join(tmp, 'web', 'index.html'), '<!doctype html><title>QunHub</title>');
  embedded = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), password: 'actorcache', preferredPort: 55800 });
  const admin = new pg.Client({ connectionString: embedded.url });
  await admin.connect();
  await admin.query('CREATE DATABASE qunhub');
  await admin.end();
  dbUrl = embedded.url.replace(/\/postgres$/, '/qunhub');
  A = await startServer('A'); // loads the demo
  B = await startServer('B');
}, 400_000);

afterAll(async () => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
  await sleep(2_000);
  for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
  await embedded?.stop().catch(() => {});
  if (tmp && !process.env.QUNHUB_KEEP_RELIABILITY_DIR) rmSync(tmp, { recursive: true, force: true });
});

describe('two server processes, one database: a right taken away through A is refused by B on the next request', () => {
  it('both processes listen for changes', async () => {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    let n = 0;
    for (let i = 0; i < 50 && n < 2; i++, await sleep(100)) {
      n = (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'qunhub' AND application_name = 'qunhub-auth'`)).rows[0].n;
    }
    await c.end();
    expect(n).toBe(2);
  });

  it('a disabled account', async () => {
    const user = await warmOnB('women.community');
    const admin = await signIn(A, 'sysadmin');
    expect(await call(A, admin, 'POST', `/api/accounts/${user.id}/disable`)).toBe(200);
    expect(await call(B, user, 'GET', '/api/auth/me')).toBe(401);
  });

  it("a changed role (the product also ends the account's sessions)", async () => {
    const user = await warmOnB('viewer.district', '/api/orgs/roots?type=union');
    const secadmin = await signIn(A, 'secadmin');
    expect(await call(A, secadmin, 'PUT', `/api/accounts/${user.id}/roles`, { roles: ['worker'] })).toBe(200);
    expect(await call(B, user, 'GET', '/api/orgs/roots?type=union')).toBe(401);
  });

  it("a permission revoked from the account's role", async () => {
    const user = await warmOnB('union.community', '/api/orgs/roots?type=union');
    await sql(`UPDATE roles SET permissions = array_remove(permissions, 'org.read') WHERE code = 'worker'`);
    expect(await call(B, user, 'GET', '/api/orgs/roots?type=union')).toBe(403);
    expect(await call(B, user, 'GET', '/api/auth/me')).toBe(200);
  });

  it('a signed-out session', async () => {
    const user = await warmOnB('union.street2');
    expect(await call(A, user, 'POST', '/api/auth/logout', {})).toBe(200);
    expect(await call(B, user, 'GET', '/api/auth/me')).toBe(401);
  });

  it('and under concurrent use of B while A disables the account, no request after the disabling is served', async () => {
    const user = await warmOnB('women.street');
    const admin = await signIn(A, 'sysadmin');
    let disabledAt = Infinity;
    const late: number[] = [];
    const load = (async () => {
      for (let i = 0; i < 200; i++) {
        const sent = performance.now();
        const status = await call(B, user, 'GET', '/api/auth/me');
        if (status === 200 && sent > disabledAt) late.push(status);
        if (status === 401) break;
      }
    })();
    await sleep(100);
    expect(await call(A, admin, 'POST', `/api/accounts/${user.id}/disable`)).toBe(200);
    disabledAt = performance.now();
    await load;
    expect(late).toEqual([]);
  });
});
