import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { loadConfig, type Config } from '../server/config.js';
import { createContainer, loadKeyring, type Container } from '../server/container.js';
import { withDatabase } from '../server/db/client.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { loadReferenceData } from '../server/db/reference.js';
import { formatCopyStats, seedCity } from '../server/db/seed/city.js';
import { DEMO_PASSWORD } from '../server/db/seed/demo.js';
import pg from 'pg';

/**
 * Where a bench keeps its databases: BENCH_DATABASE_URL, or its own embedded cluster under data/<dir> (kept between
 * runs) on a preferred port. `config` is the product's, in demo mode, with that data directory.
 */
export async function benchServer(
  dir: string,
  preferredPort: number,
): Promise<{ config: Config; dataDir: string; adminUrl: string; stop: () => Promise<void> }> {
  const dataDir = path.resolve('data', dir);
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ QUNHUB_MODE: 'demo', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const external = process.env.BENCH_DATABASE_URL;
  if (external) return { config, dataDir, adminUrl: external, stop: async () => {} };
  const e = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), password: 'bench', preferredPort });
  return { config, dataDir, adminUrl: e.url, stop: e.stop };
}

/**
 * A bench database on that server, created when missing (dropped first when `fresh`), migrated and with the reference
 * data loaded, and the product's container over it.
 */
export async function benchDatabase(server: { config: Config; adminUrl: string }, dbName: string, fresh = false): Promise<{ c: Container; url: string }> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount) await admin.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server.adminUrl, dbName);
  const c = createContainer(server.config, url, loadKeyring(server.config));
  await migrate(c.pool);
  await loadReferenceData(c.db);
  return { c, url };
}

/** A benchmark database at a scale, seeded as a city on its first use: data/bench (kept between runs), or BENCH_DATABASE_URL. */
export async function benchContainer(
  scale: number,
  dbPrefix = 'qunhub_bench',
  fresh = false,
): Promise<{ c: Container; url: string; stop: () => Promise<void> }> {
  const server = await benchServer('bench', 55600);
  // BENCH_DB_NAME lets a shared server hold one bench database per person.
  const { c, url } = await benchDatabase(server, process.env.BENCH_DB_NAME ?? `${dbPrefix}_${String(scale).replace('.', '_')}`, fresh);
  const seeded = await c.db.selectFrom('instance_settings').select('value').where('key', '=', 'seed_city').executeTakeFirst();
  if (!seeded) {
    process.stdout.write(`seeding the city at scale ${scale} (first run only)…\n`);
    let last = 0;
    const r = await seedCity(
      c.db,
      c.pool,
      c.keyring,
      scale,
      (table, done, total, rps) => {
        if (performance.now() - last < 2000 && done < total) return;
        last = performance.now();
        process.stdout.write(
          `  ${table.padEnd(26)} ${done.toLocaleString('en').padStart(11)} / ${total.toLocaleString('en')}  ${Math.round(rps).toLocaleString('en')} rows/s\n`,
        );
      },
      { compareRaw: true },
    );
    process.stdout.write(`  ${r.orgs} organizations, ${r.people} people, ${r.staff} staff in ${r.seconds.toFixed(1)} s\n${formatCopyStats(r.tables)}`);
  }
  return {
    c,
    url,
    stop: async () => {
      await c.close();
      await server.stop();
    },
  };
}

/**
 * A staff account of the organization with one role, made for a bench run (a seeded city has no demo accounts), signed in
 * through the real login route of the server at `base`: its session cookie and CSRF token.
 */
export async function benchStaff(
  c: Container,
  base: string,
  orgId: number,
  role: string,
  label: string,
): Promise<{ username: string; cookie: string; csrf: string }> {
  const username = `bench.${label}.${Date.now().toString(36)}`;
  await c.db.transaction().execute(async (trx) => {
    const id = await c.accounts.insertIn(trx, { username, displayName: username, orgId, passwordHash: await c.accounts.hash(DEMO_PASSWORD), isDemo: true });
    await trx.insertInto('account_roles').values({ account_id: id, role_code: role, admin_kind: null }).execute();
  });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`sign-in of ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  return { username, cookie, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Times the named queries interleaved, so every one sees the same machine state. */
export async function timeInterleaved(runs: number, fns: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) for (let i = 0; i < 5; i++) await fn();
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      await fn();
      out[k]!.push(performance.now() - t0);
    }
  }
  return out;
}

/** CPU time spent so far by this process, and by each PostgreSQL server process of this machine (by pid), in milliseconds. */
export type CpuMark = { node: number; postgres: Map<string, number> };

/** A mark to measure a phase from (Linux /proc; no PostgreSQL processes elsewhere). */
export function cpuMark(): CpuMark {
  const u = process.cpuUsage();
  const postgres = new Map<string, number>();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const st = readFileSync(`/proc/${d}/stat`, 'utf8');
        if (!st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')).startsWith('postgres')) continue;
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        postgres.set(d, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
      } catch {
        // the process ended while being read
      }
    }
  } catch {
    // no /proc
  }
  return { node: (u.user + u.system) / 1000, postgres };
}

/**
 * CPU time spent since the mark by this process and by the PostgreSQL processes alive now, in milliseconds: where a
 * phase's cost goes. A PostgreSQL process that ended within the phase (a pool closing an idle connection) is left out,
 * so its share is missing from the figure rather than subtracted from it.
 */
export function cpuSince(m: CpuMark): { node: number; postgres: number } {
  const now = cpuMark();
  let postgres = 0;
  for (const [pid, ms] of now.postgres) postgres += ms - (m.postgres.get(pid) ?? 0);
  return { node: now.node - m.node, postgres };
}

/** A keep-alive HTTP client of `sockets` connections, as a browser or a load balancer holds them. */
export function keepAliveClient(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    request: (method: string, url: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const h = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
        const req = http.request(`${base}${url}`, { method, agent, headers: h }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/**
 * A process's memory as Linux counts it, from /proc/<pid>/status, in bytes: resident (`rss`), its peak (`hwm`), and the
 * resident pages split into anonymous (heaps, buffers, JIT code) and file-backed (the binary's pages).
 */
export function procMemory(pid: number | 'self' = 'self'): { rss: number; hwm: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
}
