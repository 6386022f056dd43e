// npm run bench:floor [-- --runs 3 --seconds 5 --connections 16 --mixed 10000 --only me]: the per-request floor of a
// signed-in request. One server process starts the product as the server does (demo data, job runner, dashboard fold)
// and serves, beside it on the same Fastify instance, a bare route running one primary-key SELECT through the same pg
// pool. A load generator in a child process (so it shares neither the event loop nor the RSS of the server) drives
// both over keep-alive HTTP at the same concurrency. Prints the same-run ratio, p50/p95, and the server's RSS idle and
// after mixed signed-in requests.
//
// Database: DATABASE_URL (created when missing), else the embedded PostgreSQL under DATA_DIR (default data/floorbench).
// The street inbox (first page and its count) is measured the same way against its own statements behind a bare route.
// `--only me` (or `bare`, `inbox`, `bareInbox`) runs one path alone and prints its window for bench/cpuprofile-top.ts (under `node --cpu-prof`).
import { AsyncLocalStorage } from 'node:async_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile, keepAliveClient, procMemory } from './harness.js';

type Job = { base: string; paths: string[]; headers: Record<string, string>; connections: number; ms?: number; count?: number };
type Result = { count: number; seconds: number; perSecond: number; p50: number; p95: number; errors: number; firstError: string | null; cpuMs?: number };

/** The load generator: `connections` loops over one keep-alive agent, for a duration or a number of requests. */
async function load(job: Job): Promise<Result> {
  const client = keepAliveClient(job.base, job.connections);
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const t0 = performance.now();
  const until = job.ms === undefined ? Infinity : t0 + job.ms;
  const total = job.count ?? Infinity;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      for (let i = next++; i < total && performance.now() < until; i = next++) {
        const s = performance.now();
        const r = await client.request('GET', job.paths[i % job.paths.length]!, job.headers);
        lat.push(performance.now() - s);
        if (r.status !== 200) {
          errors++;
          firstError ??= `${r.status} ${r.body.slice(0, 200)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  client.close();
  return { count: lat.length, seconds, perSecond: lat.length / seconds, p50: percentile(lat, 50), p95: percentile(lat, 95), errors, firstError };
}

if (process.argv.includes('--load-child')) {
  process.on('message', (job: Job) => {
    void load(job).then((r) => process.send!(r));
  });
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      mixed: { type: 'string', default: '10000' },
      only: { type: 'string' },
      user: { type: 'string', default: 'union.street' },
      explain: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const ms = Number(values.seconds) * 1000;
  const connections = Number(values.connections);
  const mixedN = Number(values.mixed);
  const say = (m: string) => process.stdout.write(`${m}\n`);

  // The product's own start, in the order of server/main.ts.
  (await import('../server/platform/heap.js')).tuneHeap();
  const { loadConfig } = await import('../server/config.js');
  const { createContainer, loadKeyring } = await import('../server/container.js');
  const { openDatabase, prepareDatabase } = await import('../server/db/roles.js');
  const { loadReferenceData } = await import('../server/db/reference.js');
  const { DEMO_PASSWORD, demoState, loadDemo } = await import('../server/db/seed/demo.js');
  const { buildApp } = await import('../server/app.js');
  const env: NodeJS.ProcessEnv = { ...process.env, QUNHUB_MODE: 'demo', DATA_DIR: process.env.DATA_DIR ?? 'data/floorbench' };
  if (env.DATABASE_URL) {
    const u = new URL(env.DATABASE_URL);
    const name = u.pathname.slice(1);
    u.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: u.toString() });
    await admin.connect();
    if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    await admin.end();
  }
  const config = loadConfig(env, process.cwd(), 'serve');
  const urls = await openDatabase(config, { create: true });
  await prepareDatabase(urls);
  const c = createContainer(config, urls.appUrl, loadKeyring(config));
  await loadReferenceData(c.db, config.city);
  const state = await demoState(c);
  if (state === 'foreign') throw new Error('the bench database holds data but no completed demo: give the bench an empty database');
  if (state === 'empty') {
    say('loading the demo dataset (first run only)…');
    await loadDemo(c);
  }
  const app = await buildApp(c);
  // The floor of this stack: the same Fastify instance (its global plugins and hooks), one primary-key SELECT through
  // the same pool, a small JSON answer.
  app.get('/bench/bare-pk', { schema: { hide: true }, config: { public: true } }, async (req) => {
    const id = Number((req.query as { id?: string }).id ?? 1);
    const r = await c.pool.query<{ id: number; username: string; display_name: string }>('SELECT id, username, display_name FROM accounts WHERE id = $1', [id]);
    return r.rows[0] ?? null;
  });
  // The street inbox behind a bare route: the very statements the product sends for one first page of the inbox
  // (recorded at the pg client while one signed-in request is served, without the session's own statements), sent
  // again through the same pool, in the same order, with statements that overlapped sent together.
  type Recorded = { text: string; values: unknown[] | undefined; start: number; end: number };
  let recording: Recorded[] | null = null;
  // Only what the recorded request itself sends: background work (jobs, the dashboard fold) runs outside this context.
  const inRequest = new AsyncLocalStorage<boolean>();
  app.addHook('onRequest', (req, _reply, done) => (req.headers['x-bench-record'] ? inRequest.run(true, done) : done()));
  const clientQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string; values?: unknown[] };
    const text = typeof q === 'string' ? q : q.text;
    const values = typeof q === 'string' ? (args[1] as unknown[] | undefined) : q.values;
    const rec = recording;
    const entry: Recorded = { text, values, start: performance.now(), end: 0 };
    if (rec && inRequest.getStore() === true && !/\b(auth_generation|sessions)\b/.test(text)) rec.push(entry);
    const r = (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    if (rec && r instanceof Promise) void r.finally(() => (entry.end = performance.now())).catch(() => undefined);
    return r;
  } as typeof pg.Client.prototype.query;
  const inboxGroups: Recorded[][] = [];
  app.get('/bench/bare-inbox', { schema: { hide: true }, config: { public: true } }, async () => {
    const answers: unknown[][] = [];
    for (const group of inboxGroups) {
      const rs = await Promise.all(group.map((q) => c.pool.query(q.text, q.values)));
      for (const r of rs) answers.push(r.rows);
    }
    return answers;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  c.jobs.start();
  c.dashboard.startFolding(2000, (err) => process.stderr.write(`dashboard fold: ${err instanceof Error ? err.message : String(err)}\n`));
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const child = fork(fileURLToPath(import.meta.url), ['--load-child'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  // The server's own CPU (this process: its main thread, libuv and GC threads) per request of a phase.
  const drive = (job: Omit<Job, 'base' | 'connections'>) =>
    new Promise<Result>((resolve) => {
      const cpu0 = process.cpuUsage();
      child.once('message', (r) => {
        const cpu = process.cpuUsage(cpu0);
        resolve({ ...(r as Result), cpuMs: (cpu.user + cpu.system) / 1000 / (r as Result).count });
      });
      child.send({ ...job, base, connections });
    });
  const mb = (b: number) => b / (1024 * 1024);
  const rss = async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      await new Promise((r) => setTimeout(r, 200));
      gc();
    }
    const { anon, file } = procMemory();
    return { ...process.memoryUsage(), anon, file };
  };

  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: values.user, password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in of ${values.user}: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const signedIn = { cookie, 'accept-language': 'zh-CN' };
    const me = await fetch(`${base}/api/auth/me`, { headers: signedIn });
    if (me.status !== 200) throw new Error(`GET /api/auth/me: ${me.status}`);
    const accountId = ((await me.json()) as { id: number }).id;
    const barePath = `/bench/bare-pk?id=${accountId}`;
    // Record the inbox's statements on a warm server (caches filled by a first request), then group the overlapping ones.
    const inboxPath = '/api/requests?page=1&pageSize=20';
    await fetch(`${base}${inboxPath}`, { headers: signedIn });
    recording = [];
    const inboxAnswer = await fetch(`${base}${inboxPath}`, { headers: { ...signedIn, 'x-bench-record': '1' } });
    const recorded: Recorded[] = recording;
    recording = null;
    pg.Client.prototype.query = clientQuery;
    if (inboxAnswer.status !== 200) throw new Error(`GET ${inboxPath}: ${inboxAnswer.status}`);
    const inboxTotal = ((await inboxAnswer.json()) as { total: number }).total;
    for (const q of recorded) {
      const last = inboxGroups.at(-1);
      if (last && q.start < Math.max(...last.map((x) => x.end))) last.push(q);
      else inboxGroups.push([q]);
    }
    if (recorded.length === 0) throw new Error('no statement of the inbox was recorded');
    if (values.explain) {
      for (const q of recorded) {
        const plan = await c.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
        say(`\n${q.text}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }
    const bare = await fetch(`${base}${barePath}`);
    if (bare.status !== 200 || (await bare.json()) === null) throw new Error('the bare route found no account');

    // Idle: after the start, before any measured request.
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await rss();
    say(
      `\nbench:floor  ${connections} connections, ${runs} runs of ${ms / 1000} s each, database ${config.databaseUrl ? new URL(config.databaseUrl).pathname.slice(1) : 'embedded'}, gc ${'gc' in globalThis ? 'on' : 'off (run with --expose-gc)'}`,
    );
    say(`  signed in as ${values.user}; Node ${process.version}; load generator in a child process`);
    say(
      `  inbox ${inboxPath}: ${inboxTotal} requests in scope; ${recorded.length} statements in ${inboxGroups.length} round trips, replayed by /bench/bare-inbox`,
    );

    // Warm-up of both paths (JIT, prepared statements, pool connections).
    await drive({ paths: [barePath], headers: {}, ms: 1500 });
    await drive({ paths: ['/api/auth/me'], headers: signedIn, ms: 1500 });
    await drive({ paths: ['/bench/bare-inbox'], headers: {}, ms: 1500 });
    await drive({ paths: [inboxPath], headers: signedIn, ms: 1500 });

    type Kind = 'me' | 'bare' | 'inbox' | 'bareInbox';
    const only = values.only as Kind | undefined;
    const kinds: readonly Kind[] = only ? [only] : ['me', 'bare', 'inbox', 'bareInbox'];
    const job: Record<Kind, { label: string; paths: string[]; headers: Record<string, string> }> = {
      me: { label: 'GET /api/auth/me', paths: ['/api/auth/me'], headers: signedIn },
      bare: { label: 'GET /bench/bare-pk', paths: [barePath], headers: {} },
      inbox: { label: 'GET inbox (signed in)', paths: [inboxPath], headers: signedIn },
      bareInbox: { label: 'GET /bench/bare-inbox', paths: ['/bench/bare-inbox'], headers: {} },
    };
    const results: Record<Kind, Result[]> = { me: [], bare: [], inbox: [], bareInbox: [] };
    // The measured phase on the monotonic clock, in microseconds: the window of a CPU profile that holds only it.
    const windowFrom = process.hrtime.bigint() / 1000n;
    for (let i = 0; i < runs; i++) {
      // Alternating order, so neither path always runs on the warmer (or busier) machine.
      for (const k of i % 2 === 0 ? kinds : [...kinds].reverse()) {
        const r = await drive({ paths: job[k].paths, headers: job[k].headers, ms });
        if (r.errors > 0) throw new Error(`${k}: ${r.errors} failed requests, first: ${r.firstError}`);
        results[k].push(r);
        say(
          `  run ${i + 1}  ${job[k].label.padEnd(22)} ${r.perSecond.toFixed(0).padStart(7)}/s  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  server CPU ${r.cpuMs!.toFixed(2)} ms/request`,
        );
      }
    }
    if (values.only !== undefined) say(`  cpu-profile window: --from ${windowFrom} --to ${process.hrtime.bigint() / 1000n}`);
    const med = (k: Kind, f: (r: Result) => number) => percentile(results[k].map(f), 50);
    say('\n  medians of runs        per second   p50 ms   p95 ms   server CPU ms/request');
    for (const k of kinds) {
      say(
        `  ${job[k].label.padEnd(22)} ${med(k, (r) => r.perSecond)
          .toFixed(0)
          .padStart(10)}  ${med(k, (r) => r.p50)
          .toFixed(2)
          .padStart(7)}  ${med(k, (r) => r.p95)
          .toFixed(2)
          .padStart(7)}   ${med(k, (r) => r.cpuMs!)
          .toFixed(2)
          .padStart(7)}`,
      );
    }
    if (only === undefined) {
      const ratio = med('me', (r) => r.perSecond) / med('bare', (r) => r.perSecond);
      say(`  me / bare ${ratio.toFixed(2)}×  target ≥ 0.60× → ${ratio >= 0.6 ? 'PASS' : 'BELOW'}`);
      const inbox = med('inbox', (r) => r.perSecond) / med('bareInbox', (r) => r.perSecond);
      const p95 = med('inbox', (r) => r.p95);
      say(`  inbox / bare inbox ${inbox.toFixed(2)}×  target ≥ 0.50× → ${inbox >= 0.5 ? 'PASS' : 'BELOW'}`);
      say(`  inbox p95 ${p95.toFixed(2)} ms at ${connections} connections  target ≤ 20 ms → ${p95 <= 20 ? 'PASS' : 'BELOW'}`);
    }

    // Memory: mixed signed-in requests as the console issues them (who am I, the request inbox, the dashboard).
    if (mixedN > 0 && values.only === undefined) {
      // In two halves, so a growth that levels off (pages of a heap already reserved, touched by traffic) shows apart
      // from one that keeps rising (a leak).
      const paths = ['/api/auth/me', '/api/requests?page=1&pageSize=20', '/api/dashboard'];
      const half = async () => {
        const r = await drive({ paths, headers: signedIn, count: Math.round(mixedN / 2) });
        if (r.errors > 0) throw new Error(`mixed: ${r.errors} failed requests, first: ${r.firstError}`);
        await new Promise((res) => setTimeout(res, 1000));
        return { r, m: await rss() };
      };
      const first = await half();
      const second = await half();
      const after = second.m;
      const growth = (after.rss / idle.rss - 1) * 100;
      // Beside the RSS: the V8 heap reserved and used, and memory outside it (Buffers), so a growth shows where it is.
      const row = (m: Awaited<ReturnType<typeof rss>>) =>
        [m.rss, m.anon, m.file, m.heapTotal, m.heapUsed, m.external].map((b) => mb(b).toFixed(1).padStart(9)).join('');
      const load = (r: Result) => `(${r.perSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms)`;
      say(`\n  memory of the server process (MB)      rss rss anon rss file heap total heap used  external`);
      say(`  idle after start with the demo  ${row(idle)}   target rss ≤ 300 → ${mb(idle.rss) <= 300 ? 'PASS' : 'BELOW'}`);
      say(
        `  after ${Math.round(mixedN / 2)
          .toLocaleString('en')
          .padStart(6)} mixed requests  ${row(first.m)}   ${load(first.r)}`,
      );
      say(`  after ${mixedN.toLocaleString('en').padStart(6)} mixed requests  ${row(after)}   ${load(second.r)}`);
      say(
        `  rss growth ${growth.toFixed(1)} % (second half ${((after.rss / first.m.rss - 1) * 100).toFixed(1)} %)  target ≤ 10 % → ${growth <= 10 ? 'PASS' : 'BELOW'}`,
      );
      say(`  of which anonymous ${mb(after.anon - idle.anon).toFixed(1)} MB, file-backed ${mb(after.file - idle.file).toFixed(1)} MB`);
    }
  } finally {
    child.kill();
    await app.close();
    await c.close();
    if (urls.embedded) await urls.embedded.stop();
  }
}
