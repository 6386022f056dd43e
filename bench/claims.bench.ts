// npm run bench:claims [-- --members 200 --claims 3000 --hot-quota 2000 --ordinary 100 --scale S]: benefit claims through
// HTTP (200 concurrent members, real sockets, citizen sessions, the whole framework) beside the same SQL claim
// transaction issued directly over pg in the same run; on one hot offer, a quota in 16 slices beside one row.
// Without --scale, on a fresh database with the demo; with it, on the seeded city of that scale (the bench database of
// bench:dashboard, seeded on its first run: at 1.0, 4.65M members and 13.5M claims), among its offers and claims.
// At the end every offer is counted: claims never above the quota, never above a member's limit.
import { randomBytes, randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { tuneHeap } from '../server/platform/heap.js';
import { loadDemo } from '../server/db/seed/demo.js';
import { actAs } from '../server/db/seed/demo-session.js';
import { newVoucherCode } from '../server/modules/benefits/benefits.policy.js';
import { entryMac } from '../server/platform/audit/audit.js';
import { benchContainer, benchDatabase, benchServer, benchStaff, cpuMark, cpuSince, keepAliveClient } from './harness.js';

// The server's heap settings (server/main.ts), so the product here runs as it does there.
tuneHeap();

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '200' },
    claims: { type: 'string', default: '3000' },
    'hot-quota': { type: 'string', default: '2000' },
    ordinary: { type: 'string', default: '100' },
    scale: { type: 'string' },
  },
});
const M = Number(values.members);
const N = Number(values.claims);
const HOT_QUOTA = Number(values['hot-quota']);
const ORDINARY = Number(values.ordinary);
const out = (s: string) => process.stdout.write(`${s}\n`);

/** A fresh database with the demo, or the seeded city; the city union, signed in as a staff member of it. */
async function setUp() {
  if (values.scale) {
    const b = await benchContainer(Number(values.scale), 'qunhub_dash');
    const app = await buildApp(b.c);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const union = await b.c.db.selectFrom('orgs').select('id').where('type_code', '=', 'union').where('level', '=', 'city').executeTakeFirstOrThrow();
    const staff = await benchStaff(b.c, base, union.id, 'org_admin', 'claims');
    return { ...b, app, base, cityUnion: await actAs(b.c, staff.username) };
  }
  const server = await benchServer('bench-benefits', 55640);
  const { c, url } = await benchDatabase(server, 'qunhub_bench_benefits', true);
  out('loading the demo organizations…');
  await loadDemo(c);
  const app = await buildApp(c);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    c,
    url,
    app,
    base,
    cityUnion: await actAs(c, 'union.city'),
    stop: async () => {
      await c.close();
      await server.stop();
    },
  };
}
const { c, url: dbUrl, app, base, cityUnion, stop } = await setUp();
const config = c.config;
const unionId = cityUnion.actor.orgId;
const community = (
  await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'community' ORDER BY code LIMIT 1`.execute(c.db)
).rows[0]!;
out(`signing in ${M} members…`);
// A run's member numbers (M7 + 5 + 5 digits) never meet the registry's own (M + 9 digits); a member signed in by an
// earlier run keeps the membership it has.
const runStamp = String(Date.now() % 100_000).padStart(5, '0');
const members: Array<{ personId: number; cookie: string; csrf: string }> = [];
for (let i = 0; i < M; i++) {
  const phone = `1370${String(1_000_000 + i).slice(-7)}`;
  const ip = `10.9.${i >> 8}.${i & 255}`;
  const code = JSON.parse((await app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { phone }, remoteAddress: ip })).body) as {
    demoCode: string;
  };
  const v = await app.inject({
    method: 'POST',
    url: '/api/portal/auth/verify',
    payload: { phone, code: code.demoCode, name: `职工${i}`, regionCode: community.code },
    remoteAddress: ip,
  });
  const body = JSON.parse(v.body) as { personId: number; csrfToken: string };
  const setCookie = v.headers['set-cookie'];
  members.push({ personId: body.personId, cookie: (Array.isArray(setCookie) ? setCookie[0]! : String(setCookie)).split(';')[0]!, csrf: body.csrfToken });
  await sql`INSERT INTO union_members (org_id, person_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path, status, source)
    VALUES (${unionId}, ${body.personId}, ${`M7${runStamp}${String(i).padStart(5, '0')}`}, '职*', 'male', 1990, current_date, ${community.code}, ${community.path}::ltree, 'active', 'staff')
    ON CONFLICT DO NOTHING`.execute(c.db);
}
const provider = (await c.benefits.providers())[0]!;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
async function offer(title: string, quota: number, slices: number, perMemberLimit: number): Promise<number> {
  return (
    await c.benefits.create(cityUnion, {
      title,
      kind: 'voucher',
      orgId: unionId,
      providerOrgId: provider.id,
      quota,
      perMemberLimit,
      limitPeriod: 'offer',
      claimFrom: at(-60_000),
      claimTo: at(86_400_000),
      voucherDays: 30,
      mode: 'fcfs',
      slices,
    })
  ).id;
}

// The same claim transaction as BenefitsService.claim + its repository, over plain pg: offer, membership,
// per-member count, a unit from a slice (skip locked, then wait), the claim row, the audit row.
const direct = new pg.Pool({ connectionString: dbUrl, max: config.databasePoolMax });
async function directClaim(offerId: number, personId: number): Promise<boolean> {
  const cl = await direct.connect();
  try {
    await cl.query('BEGIN');
    const o = (
      await cl.query('SELECT id, slices, per_member_limit, limit_period, voucher_days, eligible_org_path::text AS p FROM benefit_offers WHERE id = $1', [
        offerId,
      ])
    ).rows[0] as { slices: number; per_member_limit: number; voucher_days: number };
    const m = (await cl.query("SELECT id, org_id, region_path::text AS region_path FROM union_members WHERE person_id = $1 AND status = 'active'", [personId]))
      .rows[0] as { id: number; org_id: number };
    const used = await cl.query(
      `INSERT INTO benefit_member_counts AS c (offer_id, person_id, period, used, lim) VALUES ($1, $2, 'all', 1, $3)
       ON CONFLICT (offer_id, person_id, period) DO UPDATE SET used = c.used + 1 WHERE c.used < c.lim RETURNING used`,
      [offerId, personId, o.per_member_limit],
    );
    if (used.rowCount === 0) {
      await cl.query('ROLLBACK');
      return false;
    }
    const start = randomInt(o.slices);
    const take = (lock: string) =>
      cl.query(
        `UPDATE benefit_quota_slices SET remaining = remaining - 1 WHERE offer_id = $1 AND remaining > 0 AND slice = (
           SELECT slice FROM benefit_quota_slices WHERE offer_id = $1 AND remaining > 0 ORDER BY ${lock.includes('SKIP') ? '(slice - $2 + $3) % $3' : 'slice + 0 * $2 * $3'} LIMIT 1 ${lock}) RETURNING slice`,
        [offerId, start, o.slices],
      );
    // The skipping pass in a savepoint, rolled back when it finds nothing (benefits.repository takeFirstComeUnit).
    await cl.query('SAVEPOINT take_unit');
    let t = await take('FOR UPDATE SKIP LOCKED');
    if (t.rowCount === 0) {
      await cl.query('ROLLBACK TO SAVEPOINT take_unit');
      t = await take('FOR UPDATE');
    }
    if (t.rowCount === 0) {
      await cl.query('ROLLBACK');
      return false;
    }
    const claim = await cl.query(
      `INSERT INTO benefit_claims (offer_id, person_id, member_id, member_org_id, district_code, period, status, slice, code, expires_at, note)
       VALUES ($1, $2, $3, $4, $5, 'all', 'issued', $6, $7, now() + make_interval(days => $8), '') RETURNING id`,
      [offerId, personId, m.id, m.org_id, community.path.split('.').find((s) => s.length === 6) ?? null, t.rows[0].slice, newVoucherCode(), o.voucher_days],
    );
    // The entry's MAC under the audit key, as the audit trail computes it, so that the linker chains it.
    const detail = { offerId, personId, status: 'issued' };
    const content = {
      actor_id: null,
      actor_name: null,
      actor_roles: '',
      scope: '',
      action: 'benefit_claim.create',
      object_type: 'benefit_claim',
      object_id: String(claim.rows[0].id),
      result: 'ok',
      ip: '127.0.0.1',
      request_id: 'bench',
      detail,
    };
    const nonce = randomBytes(16);
    await cl.query(
      `WITH entry AS (INSERT INTO audit_log (actor_id, actor_name, actor_roles, scope, action, object_type, object_id, result, ip, request_id, detail, nonce, mac)
         VALUES (NULL, NULL, '', '', 'benefit_claim.create', 'benefit_claim', $1, 'ok', '127.0.0.1', 'bench', $2::jsonb, $3, $4) RETURNING seq)
       INSERT INTO audit_queue (seq) SELECT seq FROM entry`,
      [content.object_id, JSON.stringify(detail), nonce, entryMac(c.keyring.auditKey, nonce, content)],
    );
    await cl.query('COMMIT');
    return true;
  } catch (e) {
    await cl.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    cl.release();
  }
}

const http = keepAliveClient(base, M);
async function httpClaim(offerId: number, m: (typeof members)[number]): Promise<boolean> {
  const r = await http.request(
    'POST',
    `/api/portal/benefit-offers/${offerId}/claims`,
    { cookie: m.cookie, 'x-citizen-csrf': m.csrf, 'content-type': 'application/json' },
    '{}',
  );
  if (r.status === 201) return true;
  if (r.status === 409) return false;
  throw new Error(`claim: ${r.status} ${r.body}`);
}

/** `total` claims by M concurrent members, each picking the offer with `pick`; answers claims per second. */
async function run(label: string, total: number, pick: () => number, claim: (offerId: number, m: (typeof members)[number]) => Promise<boolean>) {
  let next = 0;
  let ok = 0;
  const cpu0 = cpuMark();
  const t0 = performance.now();
  await Promise.all(
    members.map(async (m) => {
      while (next < total) {
        next++;
        if (await claim(pick(), m)) ok++;
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuSince(cpu0);
  out(
    `  ${label.padEnd(44)} ${String(total).padStart(6)} claims (${ok} issued) in ${s.toFixed(1).padStart(5)} s = ${(total / s).toFixed(0).padStart(5)}/s   cpu node ${(cpu.node / 1000).toFixed(1)} s, postgres ${(cpu.postgres / 1000).toFixed(1)} s`,
  );
  return total / s;
}

const rows = async (t: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(c.db)).rows[0]!.n).toLocaleString('en');
out(
  `\nrows before: union_members ${await rows('union_members')}, benefit_offers ${await rows('benefit_offers')}, benefit_claims ${await rows('benefit_claims')}`,
);
out(`${M} concurrent members; pool ${config.databasePoolMax}; ${N} claims per run\n`);
// Ordinary offers: many offers, quota never the limit, so the rate is the claim path itself.
const ordinaryHttp: number[] = [];
const ordinaryDirect: number[] = [];
for (let i = 0; i < ORDINARY; i++) ordinaryHttp.push(await offer(`普通项目H${i}`, 1_000_000, 1, 100));
for (let i = 0; i < ORDINARY; i++) ordinaryDirect.push(await offer(`普通项目D${i}`, 1_000_000, 1, 100));
out(`ordinary offers (${ORDINARY}, one quota row each):`);
const oDirect = await run(
  'direct pg, same SQL transaction',
  N,
  () => ordinaryDirect[randomInt(ORDINARY)]!,
  (o, m) => directClaim(o, m.personId),
);
const oHttp = await run('HTTP (session, validation, service, audit)', N, () => ordinaryHttp[randomInt(ORDINARY)]!, httpClaim);

// The hot offer: everybody on one offer, quota below the crowd's demand; a member may claim many times.
out(`\none hot offer (quota ${HOT_QUOTA}, ${N} claims):`);
const hotSlicedHttp = await offer('热门项目：16 片', HOT_QUOTA, 16, 100);
const hotSingleHttp = await offer('热门项目：单行', HOT_QUOTA, 1, 100);
const hotSlicedDirect = await offer('热门项目：16 片 直连', HOT_QUOTA, 16, 100);
const hotSingleDirect = await offer('热门项目：单行 直连', HOT_QUOTA, 1, 100);
const hSingleDirect = await run(
  'direct pg, single row',
  N,
  () => hotSingleDirect,
  (o, m) => directClaim(o, m.personId),
);
const hSlicedDirect = await run(
  'direct pg, 16 slices',
  N,
  () => hotSlicedDirect,
  (o, m) => directClaim(o, m.personId),
);
const hSingleHttp = await run('HTTP, single row', N, () => hotSingleHttp, httpClaim);
const hSlicedHttp = await run('HTTP, 16 slices', N, () => hotSlicedHttp, httpClaim);

out('\nratios:');
out(`  ordinary: HTTP / direct                 ${(oHttp / oDirect).toFixed(2)}×   (target ≥ 0.5×)`);
out(`  hot:      16 slices / single row, direct ${(hSlicedDirect / hSingleDirect).toFixed(2)}×`);
out(`  hot:      16 slices / single row, HTTP   ${(hSlicedHttp / hSingleHttp).toFixed(2)}×`);
out(`  hot:      HTTP / direct, 16 slices       ${(hSlicedHttp / hSlicedDirect).toFixed(2)}×`);

// Counting rows: never more claims than the quota, never more than a member's limit, quota rows add up.
const check = (
  await sql<{ oversold: number; over_limit: number; unbalanced: number; claims: number }>`
    SELECT
      (SELECT count(*)::int FROM benefit_offers o WHERE (SELECT count(*) FROM benefit_claims c WHERE c.offer_id = o.id AND c.status IN ('issued', 'redeemed')) > o.quota) AS oversold,
      (SELECT count(*)::int FROM (SELECT 1 FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id
         WHERE c.status IN ('issued', 'redeemed', 'waitlisted', 'entered', 'applied') GROUP BY c.offer_id, c.person_id, c.period, o.per_member_limit HAVING count(*) > o.per_member_limit) x) AS over_limit,
      (SELECT count(*)::int FROM benefit_offers o WHERE o.quota <> (SELECT coalesce(sum(remaining), 0) FROM benefit_quota_slices s WHERE s.offer_id = o.id)
         + (SELECT count(*) FROM benefit_claims c WHERE c.offer_id = o.id AND c.status IN ('issued', 'redeemed'))) AS unbalanced,
      (SELECT count(*)::int FROM benefit_claims) AS claims`.execute(c.db)
).rows[0]!;
out(
  `\ncounted: ${check.claims} claims; ${check.oversold} offers oversold, ${check.over_limit} members over their limit, ${check.unbalanced} offers whose quota rows do not add up`,
);
http.close();
await direct.end();
await app.close();
await stop();
if (check.oversold || check.over_limit || check.unbalanced) process.exit(1);
