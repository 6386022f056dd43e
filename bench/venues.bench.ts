// npm run bench:venues [-- --scale 1.0 --bookings 400 --concurrency 8 --full]: room booking through HTTP beside the same
// booking written directly through pg (same reads, rows and audit entry; ADR 0022) and a raw INSERT under the same
// exclusion constraint, and the coverage matrix of every community at seed scale.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../server/app.js';
import { tuneHeap } from '../server/platform/heap.js';
import { type Container } from '../server/container.js';
import { seedCityVenues } from '../server/db/seed/city-venues.js';
import { orgName, type OrgTypeCode } from '../server/db/seed/generate.js';
import { entryMac } from '../server/platform/audit/audit.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import { benchContainer, benchDatabase, benchServer, benchStaff, cpuMark, cpuSince, keepAliveClient, percentile } from './harness.js';

// The server's heap settings (server/main.ts), so the product here runs as it does there.
tuneHeap();

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
  const server = await benchServer('bench-venues', 55620);
  const { c } = await benchDatabase(server, `qunhub_bench_venues_${String(scale).replace('.', '_')}`);
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
      await server.stop();
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
  const [httpRoom, rawRoom, directRoom] = await Promise.all(
    ['http', 'raw', 'direct'].map(
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
  const app = await buildApp(c);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { username, cookie, csrf } = await benchStaff(c, address, org.id, 'org_admin', 'venues');

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
  // The same booking as a skilled engineer would write it against the same schema, straight through pg, no HTTP: in
  // one transaction, the deciding read (room, venue, booking organization, co-builders, opening hours and exceptions,
  // the organization's own quota), the opening check, then one statement inserting the booking under the exclusion
  // constraint with its audit entry (MAC'd, queued for the chain), as the product writes them.
  const benchAccount = (await sql<{ id: number }>`SELECT id FROM accounts WHERE username = ${username}`.execute(c.db)).rows[0]!.id;
  const cityScope = `region:${(await sql<{ path: string }>`SELECT path::text AS path FROM regions WHERE level = 'city'`.execute(c.db)).rows[0]!.path}`;
  const chinaDayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  let directErrors = 0;
  const directOne = async (i: number) => {
    const { start, end } = slotOf(i);
    const db = await c.pool.connect();
    try {
      await db.query('BEGIN');
      const ctx = (
        await db.query<{
          room_status: string;
          venue_status: string;
          approval_required: boolean;
          managing_org_id: number;
          org_path: string;
          org_status: string;
          cobuilders: string[];
          hours: Array<{ weekday: number; opens: string; closes: string }> | null;
          closed_on: boolean;
          quota: number | null;
        }>(
          `SELECT rm.status AS room_status, v.status AS venue_status, v.approval_required, v.managing_org_id, o.path::text AS org_path, o.status AS org_status,
             ARRAY(SELECT co.path::text FROM venue_cobuilders cb JOIN orgs co ON co.id = cb.org_id WHERE cb.venue_id = v.id) AS cobuilders,
             (SELECT json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')))
                FROM venue_hours h WHERE h.venue_id = v.id AND h.weekday = $3) AS hours,
             EXISTS (SELECT 1 FROM venue_hour_exceptions e WHERE e.venue_id = v.id AND e.day = $4::date AND e.closed) AS closed_on,
             COALESCE((SELECT q.monthly_hours FROM venue_org_quotas q WHERE q.venue_id = v.id AND q.org_id = o.id), v.monthly_quota_hours) AS quota
           FROM venue_rooms rm JOIN venues v ON v.id = rm.venue_id JOIN orgs o ON o.id = $2
           WHERE rm.id = $1 AND v.region_path <@ $5::ltree`,
          [directRoom, org.id, ((new Date(start.getTime() + 8 * 3_600_000).getUTCDay() + 6) % 7) + 1, chinaDayOf(start), cityScope.slice(7)],
        )
      ).rows[0];
      const open =
        ctx &&
        ctx.room_status === 'active' &&
        ctx.venue_status === 'active' &&
        ctx.org_status === 'active' &&
        !ctx.closed_on &&
        (ctx.hours ?? []).some((h) => h.opens <= hhmm(start) && hhmm(new Date(end.getTime() - 60_000)) <= h.closes);
      if (!open || ctx.quota !== null) throw new Error('the direct booking found its room closed or under a quota');
      const status = !ctx.approval_required || ctx.managing_org_id === org.id || ctx.cobuilders.some((p) => org.path.startsWith(p)) ? 'confirmed' : 'pending';
      const content = {
        actor_id: benchAccount,
        actor_name: username,
        actor_roles: 'org_admin',
        scope: cityScope,
        action: 'venue.book',
        object_type: 'venue_booking',
        result: 'ok',
        ip: '127.0.0.1',
        request_id: `direct-${i}`,
      };
      // The booking's id is drawn first so that the audit entry's MAC can cover it, as the product's does.
      const id = (await db.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('venue_bookings', 'id')) AS id`)).rows[0]!.id;
      const detail = { roomId: directRoom, made: 1, refused: 0, seriesId: null };
      const nonce = randomBytes(16);
      const mac = entryMac(c.keyring.auditKey, nonce, { ...content, object_id: String(id), detail });
      const r = await db.query(
        `WITH b AS (INSERT INTO venue_bookings (id, venue_id, room_id, org_id, org_path, during, status, purpose, created_by)
                    VALUES ($1, $2, $3, $4, $5::ltree, tstzrange($6, $7, '[)'), $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id),
              a AS (INSERT INTO audit_log (actor_id, actor_name, actor_roles, scope, action, object_type, object_id, result, ip, request_id, detail, nonce, mac)
                    SELECT $10, $11, 'org_admin', $12, 'venue.book', 'venue_booking', $1::text, 'ok', '127.0.0.1', $13, $14::jsonb, $15, $16 FROM b RETURNING seq),
              q AS (INSERT INTO audit_queue (seq) SELECT seq FROM a)
         SELECT id FROM b`,
        [
          id,
          venue.id,
          directRoom,
          org.id,
          org.path,
          start,
          end,
          status,
          `direct ${i}`,
          benchAccount,
          username,
          cityScope,
          `direct-${i}`,
          JSON.stringify(detail),
          nonce,
          mac,
        ],
      );
      if (r.rows.length !== 1) directErrors++;
      await db.query('COMMIT');
    } catch (e) {
      await db.query('ROLLBACK');
      throw e;
    } finally {
      db.release();
    }
  };
  // Every table a booking writes, counted per phase: the baseline must write the same rows per booking.
  const touched = ['venue_bookings', 'audit_log', 'audit_queue', 'jobs', 'webhook_events'] as const;
  const counts = async () => {
    const r = (
      await sql<Record<string, string>>`SELECT ${sql.join(touched.map((t) => sql`(SELECT count(*) FROM ${sql.table(t)}) AS ${sql.ref(t)}`))}`.execute(c.db)
    ).rows[0]!;
    return Object.fromEntries(touched.map((t) => [t, Number(r[t])])) as Record<(typeof touched)[number], number>;
  };

  // Warm the paths, then measure them interleaved in halves so each sees the same machine state, with the CPU time
  // this process (server and client) and the PostgreSQL processes spent on each.
  await httpOne(N + 1);
  await rawOne(N + 1);
  await directOne(N + 1);
  const half = Math.floor(N / 2);
  const spent = { http: { node: 0, postgres: 0 }, raw: { node: 0, postgres: 0 }, direct: { node: 0, postgres: 0 } };
  const rows = { http: {} as Record<string, number>, direct: {} as Record<string, number> };
  const measured = async (k: 'http' | 'raw' | 'direct', n: number, task: (i: number) => Promise<void>) => {
    const before = await counts();
    const c0 = cpuMark();
    const ms = await pool(n, C, task);
    const cpu = cpuSince(c0);
    spent[k].node += cpu.node;
    spent[k].postgres += cpu.postgres;
    if (k !== 'raw') {
      // The audit linker drains audit_queue after commit: wait until it has, so the counts compare settled states.
      const after = await counts();
      for (const t of touched) rows[k][t] = (rows[k][t] ?? 0) + after[t] - before[t];
    }
    return ms;
  };
  let httpMs = await measured('http', half, (i) => httpOne(i));
  let directMs = await measured('direct', half, (i) => directOne(i));
  let rawMs = await measured('raw', half, (i) => rawOne(i));
  rawMs += await measured('raw', N - half, (i) => rawOne(half + i));
  directMs += await measured('direct', N - half, (i) => directOne(half + i));
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
  const directRate = (N / directMs) * 1000;
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
  out(`    direct pg, same rows             ${directRate.toFixed(1).padStart(7)} bookings/s   (${directErrors} not inserted)`);
  out(`    raw SQL INSERT (same constraint) ${rawRate.toFixed(1).padStart(7)} bookings/s   (${rawErrors} not inserted; for reference)`);
  out(`    rows per booking  ${touched.map((t) => t.padStart(15)).join('')}`);
  for (const k of ['http', 'direct'] as const) out(`      ${k.padEnd(15)} ${touched.map((t) => ((rows[k][t] ?? 0) / N).toFixed(2).padStart(15)).join('')}`);
  // audit_queue is drained by the linker as it goes: it is shown, not compared.
  const sameRows = touched.filter((t) => t !== 'audit_queue').every((t) => rows.http[t] === rows.direct[t]);
  if (!sameRows) out('    ROW COUNTS DIFFER: the comparison below is not like for like');
  const ratio = httpRate / directRate;
  out(`    ratio HTTP / direct              ${ratio.toFixed(2)}×   target ≥ 0.5× → ${ratio >= 0.5 && sameRows ? 'MET' : 'NOT MET'}`);
  const per = (k: 'http' | 'raw' | 'direct') =>
    `CPU per booking: this process ${(spent[k].node / N).toFixed(2)} ms, PostgreSQL ${(spent[k].postgres / N).toFixed(2)} ms`;
  out(`      ${per('http')}`);
  out(`      direct: ${per('direct')}`);
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
