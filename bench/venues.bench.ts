// npm run bench:venues [-- --scale 1.0 --bookings 400 --concurrency 8 --full]: room booking through HTTP beside raw SQL INSERT
// under the same exclusion constraint, and the coverage matrix of every community at seed scale.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createContainer, loadKeyring, type Container } from '../server/container.js';
import { withDatabase } from '../server/db/client.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { loadReferenceData } from '../server/db/reference.js';
import { seedCityVenues } from '../server/db/seed/city-venues.js';
import { DEMO_PASSWORD } from '../server/db/seed/demo.js';
import { orgName, type OrgTypeCode } from '../server/db/seed/generate.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import { benchContainer, cpuNow, keepAliveClient, percentile } from './harness.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1.0' },
    bookings: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    runs: { type: 'string', default: '20' },
    full: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const N = Number(values.bookings);
const C = Number(values.concurrency);
/**
 * The seeded city database of bench/harness.ts (`--full`), or by default a database of its own in its own cluster
 * (data/bench-venues, or BENCH_DATABASE_URL): the real regions, the standard city, district and street units of
 * each organization type, and the seed-scale venues over them. Coverage depends on venues and regions only.
 */
async function ownContainer(): Promise<{ c: Container; stop: () => Promise<void> }> {
  const dataDir = path.resolve('data', 'bench-venues');
  const config = loadConfig({ QUNHUB_MODE: 'demo', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopDb = async () => {};
  if (!adminUrl) {
    const e = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), password: 'bench', preferredPort: 55620 });
    adminUrl = e.url;
    stopDb = e.stop;
  }
  const dbName = `qunhub_bench_venues_${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const c = createContainer(config, withDatabase(adminUrl, dbName), loadKeyring(config));
  await migrate(c.pool);
  await loadReferenceData(c.db);
  if (!(await c.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst())) {
    const regions = (
      await sql<{ code: string; name: string; level: string; parent_code: string | null; path: string }>`
      SELECT code, name, level, parent_code, path::text AS path FROM regions WHERE level IN ('city', 'district', 'street') ORDER BY path`.execute(c.db)
    ).rows;
    await c.db.transaction().execute(async (trx) => {
      for (const type of ['union', 'league', 'women', 'scitech'] as OrgTypeCode[]) {
        const ids = new Map<string, { id: number; path: string }>();
        for (const r of regions) {
          const parent = r.parent_code ? ids.get(r.parent_code) : undefined;
          const row = await trx
            .insertInto('orgs')
            .values({
              type_code: type,
              parent_id: parent?.id ?? null,
              path: '0',
              name: orgName(type, r.level, r.name),
              level: r.level,
              region_code: r.code,
              region_path: r.path,
              district_code: r.path.split('.')[1] ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const p = parent ? `${parent.path}.${row.id}` : String(row.id);
          await trx.updateTable('orgs').set({ path: p }).where('id', '=', row.id).execute();
          ids.set(r.code, { id: row.id, path: p });
        }
      }
    });
  }
  return {
    c,
    stop: async () => {
      await c.close();
      await stopDb();
    },
  };
}

const { c, stop } = values.full ? await benchContainer(scale) : await ownContainer();

/** Runs `n` tasks with at most `k` in flight; returns the elapsed milliseconds. */
async function pool(n: number, k: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: k }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return performance.now() - t0;
}

try {
  const v = await seedCityVenues({ db: c.db, pool: c.pool, keyring: c.keyring, scale });
  const communities = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM regions WHERE level = 'community'`.execute(c.db)).rows[0]!.n);

  // A street-level party-mass service centre, its managing union, and two fresh rooms open around the clock.
  const venue = (
    await sql<{ id: number; managing_org_id: number }>`SELECT v.id, v.managing_org_id FROM venues v
    WHERE v.type_code = 'party_mass_centre' AND v.region_path ~ '*{3}' ORDER BY v.id LIMIT 1`.execute(c.db)
  ).rows[0]!;
  const stamp = Date.now().toString(36);
  const [httpRoom, rawRoom] = await Promise.all(
    ['http', 'raw'].map(
      async (k) =>
        (
          await c.db
            .insertInto('venue_rooms')
            .values({ venue_id: venue.id, name: `bench-${k}-${stamp}`, capacity: 10 })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
    ),
  );
  await c.db.deleteFrom('venue_hours').where('venue_id', '=', venue.id).execute();
  await c.db.deleteFrom('venue_hour_exceptions').where('venue_id', '=', venue.id).execute();
  await c.db
    .insertInto('venue_hours')
    .values([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ venue_id: venue.id, weekday, opens: '00:00', closes: '23:59' })))
    .execute();
  await c.db.updateTable('venues').set({ open_on_holidays: true, monthly_quota_hours: null }).where('id', '=', venue.id).execute();
  const org = await c.db.selectFrom('orgs').select(['id', 'path']).where('id', '=', venue.managing_org_id).executeTakeFirstOrThrow();
  const username = `bench.venues.${stamp}`;
  await c.db.transaction().execute(async (trx) => {
    const id = await c.accounts.insertIn(trx, {
      username,
      displayName: username,
      orgId: org.id,
      passwordHash: await c.accounts.hash(DEMO_PASSWORD),
      isDemo: true,
    });
    await trx.insertInto('account_roles').values({ account_id: id, role_code: 'org_admin', admin_kind: null }).execute();
  });

  const app = await buildApp(c);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${address}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;

  // Slots: 30 minutes each, back to back, from a date a year ahead (no overlap within a run).
  const base = Date.UTC(new Date().getUTCFullYear() + 1, 0, 4, 0, 0) - 8 * 3_600_000 + Math.floor(Math.random() * 200) * 7 * 86_400_000;
  const slotOf = (i: number) => {
    const day = Math.floor(i / 40);
    const s = new Date(base + day * 86_400_000 + (i % 40) * 30 * 60_000 + 60 * 60_000);
    return { start: s, end: new Date(s.getTime() + 30 * 60_000) };
  };
  const client = keepAliveClient(address, C);
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf };
  let httpErrors = 0;
  const httpOne = async (i: number) => {
    const { start, end } = slotOf(i);
    const r = await client.request(
      'POST',
      '/api/venue-bookings',
      headers,
      JSON.stringify({ roomId: httpRoom, start: start.toISOString(), end: end.toISOString(), purpose: `bench ${i}` }),
    );
    if (r.status !== 201) httpErrors++;
  };
  let rawErrors = 0;
  const rawOne = async (i: number) => {
    const { start, end } = slotOf(i);
    const r = await sql<{ id: number }>`INSERT INTO venue_bookings (venue_id, room_id, org_id, org_path, during, status, purpose)
      VALUES (${venue.id}, ${rawRoom}, ${org.id}, ${org.path}::ltree, tstzrange(${start}, ${end}, '[)'), 'confirmed', ${`raw ${i}`})
      ON CONFLICT DO NOTHING RETURNING id`.execute(c.db);
    if (r.rows.length !== 1) rawErrors++;
  };
  // Warm both paths, then measure them interleaved in halves so each sees the same machine state, with the CPU time
  // this process (server and client) and the PostgreSQL processes spent on each.
  await httpOne(N + 1);
  await rawOne(N + 1);
  const half = Math.floor(N / 2);
  const spent = { http: { node: 0, postgres: 0 }, raw: { node: 0, postgres: 0 } };
  const measured = async (k: 'http' | 'raw', n: number, task: (i: number) => Promise<void>) => {
    const c0 = cpuNow();
    const ms = await pool(n, C, task);
    const c1 = cpuNow();
    spent[k].node += c1.node - c0.node;
    spent[k].postgres += c1.postgres - c0.postgres;
    return ms;
  };
  let httpMs = await measured('http', half, (i) => httpOne(i));
  let rawMs = await measured('raw', half, (i) => rawOne(i));
  rawMs += await measured('raw', N - half, (i) => rawOne(half + i));
  httpMs += await measured('http', N - half, (i) => httpOne(half + i));
  // The floor under any signed-in request: the session alone (GET /api/auth/me), same client, same concurrency.
  let floorErrors = 0;
  const floorMs = await pool(N, C, async () => {
    const r = await client.request('GET', '/api/auth/me', { cookie });
    if (r.status !== 200) floorErrors++;
  });
  client.close();
  const httpRate = (N / httpMs) * 1000;
  const rawRate = (N / rawMs) * 1000;
  const floorRate = (N / floorMs) * 1000;
  const refused = await fetch(`${address}/api/venue-bookings`, {
    method: 'POST',
    headers: { ...headers, 'accept-language': 'en' },
    body: JSON.stringify({ roomId: httpRoom, start: slotOf(0).start.toISOString(), end: slotOf(0).end.toISOString(), purpose: 'overlap' }),
  });
  const refusedBody = (await refused.json()) as { error: { message: string } };
  await app.close();

  // Coverage of every community of the city, as the city-level actor sees it.
  const cityRegion = (await sql<{ path: string }>`SELECT path::text AS path FROM regions WHERE level = 'city'`.execute(c.db)).rows[0]!;
  const cityOrg = (
    await sql<{ id: number; path: string }>`SELECT id, path::text AS path FROM orgs WHERE type_code = 'union' AND level = 'city' LIMIT 1`.execute(c.db)
  ).rows[0]!;
  const actor: Actor = {
    accountId: 0,
    username: 'bench',
    displayName: 'bench',
    orgId: cityOrg.id,
    orgName: '',
    orgTypeCode: 'union',
    roles: ['org_admin'],
    adminKind: null,
    permissions: new Set(PERMISSIONS),
    scope: { orgPath: cityOrg.path, regionPath: cityRegion.path, crossType: false, orgId: cityOrg.id },
    mustChangePassword: false,
  };
  const runs = Number(values.runs);
  const times: number[] = [];
  const gapTimes: number[] = [];
  let matrix = { total: 0, items: [] as unknown[] };
  let gaps = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    matrix = await c.venues.coverage(actor, { gapsOnly: false, page: 1, pageSize: 10_000 });
    const t1 = performance.now();
    gaps = (await c.venues.coverage(actor, { gapsOnly: true, page: 1, pageSize: 10_000 })).total;
    const t2 = performance.now();
    if (i >= 2) {
      times.push(t1 - t0);
      gapTimes.push(t2 - t1);
    }
  }
  const summary = await c.venues.coverageSummary(actor);

  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`\nbench:venues  scale ${scale}  venues ${v.venues.toLocaleString()}  rooms ${v.rooms.toLocaleString()}  communities ${communities.toLocaleString()}`);
  out(`  booking, ${N} non-overlapping slots, ${C} in flight`);
  out(`    HTTP POST /api/venue-bookings   ${httpRate.toFixed(1).padStart(8)} bookings/s   (${httpErrors} not 201)`);
  out(`    raw SQL INSERT (same constraint) ${rawRate.toFixed(1).padStart(7)} bookings/s   (${rawErrors} not inserted)`);
  out(`    ratio HTTP / raw                 ${(httpRate / rawRate).toFixed(2)}×   target ≥ 0.5× → ${httpRate / rawRate >= 0.5 ? 'MET' : 'NOT MET'}`);
  const per = (k: 'http' | 'raw') => `CPU per booking: this process ${(spent[k].node / N).toFixed(2)} ms, PostgreSQL ${(spent[k].postgres / N).toFixed(2)} ms`;
  out(`      ${per('http')}`);
  out(`      raw: ${per('raw')}`);
  out(
    `    session floor GET /api/auth/me   ${floorRate.toFixed(1).padStart(8)} requests/s   (${(floorRate / rawRate).toFixed(2)}× raw: the ceiling of any signed-in request here; ${floorErrors} not 200)`,
  );
  out(`    overlap refused: ${refused.status} "${refusedBody.error.message}"`);
  out(`  coverage matrix, all ${matrix.total.toLocaleString()} communities × ${summary.types.length} types (${runs} runs)`);
  out(
    `    full matrix  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms   target ≤ 1000 ms → ${percentile(times, 95) <= 1000 ? 'MET' : 'NOT MET'}`,
  );
  out(
    `    gaps only    p50 ${percentile(gapTimes, 50).toFixed(1)} ms  p95 ${percentile(gapTimes, 95).toFixed(1)} ms   (${gaps.toLocaleString()} communities with a gap; ${summary.fullyCovered.toLocaleString()} fully covered)`,
  );
  for (const t of summary.types)
    out(
      `      ${t.code.padEnd(20)} serves ${String(t.covered).padStart(5)}  missing ${String(t.missing).padStart(5)}${t.expected ? '  (expected everywhere)' : ''}`,
    );
} finally {
  await stop();
}
