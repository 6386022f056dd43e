// npm run bench:dashboard [-- --scale 1.0 --runs 100]: the city and a district dashboard from the rollups beside the
// naive recomputation of the same figures from the records, in the same run.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { PERMISSIONS, type RequestContext } from '../server/platform/auth/actor.js';
import { buildApp } from '../server/app.js';
import { benchContainer, benchStaff, keepAliveClient, percentile, timeInterleaved } from './harness.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1.0' },
    runs: { type: 'string', default: '100' },
    'naive-runs': { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
/** JSON with sorted keys: the response's serializer writes the schema's key order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v ?? null);
const { c, stop } = await benchContainer(scale, 'qunhub_dash', values.fresh);
try {
  const count = async (t: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(c.db)).rows[0]!.n);
  const sizes: Record<string, number> = {};
  for (const t of [
    'orgs',
    'people',
    'staff_members',
    'union_members',
    'requests',
    'ratings',
    'dispute_cases',
    'venues',
    'activities',
    'volunteers',
    'volunteer_hours',
    'dashboard_rollup',
  ])
    sizes[t] = await count(t);
  const ctxAt = (regionPath: string): RequestContext => ({
    ip: '127.0.0.1',
    requestId: 'bench',
    actor: {
      accountId: 0,
      username: 'bench',
      displayName: 'bench',
      orgId: 1,
      orgName: 'bench',
      orgTypeCode: 'coordination',
      roles: ['coordinator'],
      adminKind: null,
      permissions: new Set(PERMISSIONS),
      scope: { orgPath: '1', regionPath, crossType: true, orgId: 1 },
      mustChangePassword: false,
    },
  });
  // The district with the most members.
  const district =
    (
      await sql<{
        d: string;
      }>`SELECT district AS d FROM dashboard_rollup WHERE metric = 'members' AND street = '*' AND district NOT IN ('*', '') GROUP BY 1 ORDER BY sum(value) DESC LIMIT 1`.execute(
        c.db,
      )
    ).rows[0]?.d ?? '510104';
  const city = ctxAt('5101');
  const dist = ctxAt(`5101.${district}`);
  // Equality first: the rollup and the naive recomputation give the same dashboard.
  const [a, b] = [await c.dashboard.view(city, {}), await c.dashboard.view(city, {}, true)];
  const same = JSON.stringify(a.cards) === JSON.stringify(b.cards) && JSON.stringify(a.districts) === JSON.stringify(b.districts);
  // The console's request: GET /api/dashboard signed in as staff of the city union (its scope is the whole city).
  const app = await buildApp(c);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const union = await c.db.selectFrom('orgs').select('id').where('type_code', '=', 'union').where('level', '=', 'city').executeTakeFirstOrThrow();
  const staff = await benchStaff(c, base, union.id, 'org_admin', 'dashboard');
  const client = keepAliveClient(base, 1);
  const viaHttp = async (query: string) => {
    const r = await client.request('GET', `/api/dashboard${query}`, { cookie: staff.cookie });
    if (r.status !== 200) throw new Error(`GET /api/dashboard${query}: ${r.status} ${r.body}`);
    return JSON.parse(r.body) as { cards: unknown };
  };
  const sameHttp = canonical((await viaHttp('')).cards) === canonical(a.cards);
  const runs = Number(values.runs);
  const fast = await timeInterleaved(runs, {
    city: () => c.dashboard.view(city, {}),
    district: () => c.dashboard.view(dist, {}),
    cityHttp: () => viaHttp(''),
    districtHttp: () => viaHttp(`?district=${district}`),
  });
  client.close();
  await app.close();
  // The naive recomputation takes seconds per run at city scale: no warm-up beyond the equality check above.
  const naive: Record<string, number[]> = { cityNaive: [], districtNaive: [] };
  for (let i = 0; i < Number(values['naive-runs']); i++) {
    for (const [k, cx] of [
      ['cityNaive', city],
      ['districtNaive', dist],
    ] as const) {
      const t0 = performance.now();
      await c.dashboard.view(cx, {}, true);
      naive[k]!.push(performance.now() - t0);
    }
  }
  const t = { ...fast, ...naive };
  const p = (k: string) => ({ p50: percentile(t[k]!, 50), p95: percentile(t[k]!, 95) });
  process.stdout.write(`\nbench:dashboard  scale ${scale}  runs ${runs} (naive ${values['naive-runs']})\n`);
  process.stdout.write(
    `  rows: ${Object.entries(sizes)
      .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
      .join(', ')}\n`,
  );
  process.stdout.write(`  district ${district}; rollup and naive dashboards equal: ${same ? 'yes' : 'NO'}\n`);
  process.stdout.write(`  dashboard            p50 ms    p95 ms   naive p50   naive p95   speed-up (naive p50 / p95)\n`);
  let ok = same;
  for (const k of ['city', 'district']) {
    const v = p(k);
    const n = p(`${k}Naive`);
    const speed = n.p50 / v.p95;
    process.stdout.write(
      `  ${k.padEnd(18)} ${v.p50.toFixed(2).padStart(8)}  ${v.p95.toFixed(2).padStart(8)}  ${n.p50.toFixed(0).padStart(10)}  ${n.p95.toFixed(0).padStart(10)}   ${speed.toFixed(0)}×\n`,
    );
    if (v.p95 > 100 || speed < 50) ok = false;
  }
  process.stdout.write(`  through HTTP (GET /api/dashboard, signed in; the cards equal the service's: ${sameHttp ? 'yes' : 'NO'})\n`);
  for (const k of ['cityHttp', 'districtHttp']) {
    const v = p(k);
    process.stdout.write(`  ${k.padEnd(18)} ${v.p50.toFixed(2).padStart(8)}  ${v.p95.toFixed(2).padStart(8)}\n`);
    if (v.p95 > 100) ok = false;
  }
  if (!sameHttp) ok = false;
  process.stdout.write(`  target: p95 ≤ 100 ms (service and HTTP) and ≥ 50× faster than naive, figures equal → ${ok ? 'MET' : 'NOT MET'}\n`);
} finally {
  await stop();
}
