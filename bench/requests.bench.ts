// npm run bench:requests [-- --scale 1.0 --runs 300 --intake 400 --db qunhub_dash]: the street-scoped request inbox beside the same
// query unscoped, and intake through HTTP beside raw SQL INSERTs of the same rows, measured in the same run.
import { parseArgs } from 'node:util';
import { sql, type SqlBool } from 'kysely';
import { buildApp } from '../server/app.js';
import { seedCityRequests } from '../server/db/seed/city-requests.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import * as repo from '../server/modules/requests/requests.repository.js';
import { chinaToday, overdueSql } from '../server/modules/requests/requests.policy.js';
import { benchContainer, percentile, timeInterleaved } from './harness.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1.0' }, runs: { type: 'string', default: '300' }, intake: { type: 'string', default: '400' }, db: { type: 'string', default: 'qunhub_bench' } } });
const scale = Number(values.scale);
const runs = Number(values.runs);
const intakeN = Number(values.intake);
// --db qunhub_dash reuses the city seeded by bench:dashboard (the same generator, requests included).
const { c, stop } = await benchContainer(scale, values.db);
/** The rows the intake phase writes (by their texts), removed before and after, so runs do not pile up in one street. */
const removeIntakeRows = async () => {
  const rows = sql`SELECT id FROM requests WHERE description LIKE '压测诉求%' OR description LIKE '原始插入%' OR description LIKE '审计插入%'`;
  await sql`DELETE FROM request_events WHERE request_id IN (${rows})`.execute(c.db);
  await sql`DELETE FROM requests WHERE id IN (${rows})`.execute(c.db);
  await sql`ANALYZE requests`.execute(c.db);
};
try {
  await removeIntakeRows();
  // A bench database seeded before the request generator existed gets its requests now.
  let total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM requests`.execute(c.db)).rows[0]!.n);
  if (total < 1000 * scale) {
    process.stdout.write(`generating ${Math.round(1e6 * scale).toLocaleString()} requests…\n`);
    const t0 = performance.now();
    const r = await seedCityRequests({ db: c.db, pool: c.pool, keyring: c.keyring, scale });
    process.stdout.write(`  ${r.requests.toLocaleString()} requests, ${r.events.toLocaleString()} events, ${r.ratings.toLocaleString()} ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    total = r.requests + total;
  }

  // The union street with the most requests in its subtree.
  const street = (
    await sql<{ id: number; path: string; region_path: string; name: string; n: number }>`
      SELECT s.id, s.path::text AS path, s.region_path::text AS region_path, s.name, count(*)::int AS n
      FROM orgs s JOIN orgs o ON o.path <@ s.path JOIN requests r ON r.org_id = o.id
      WHERE s.type_code = 'union' AND s.level = 'street' GROUP BY s.id ORDER BY n DESC LIMIT 1`.execute(c.db)
  ).rows[0]!;
  const actor: Actor = {
    accountId: 0, username: 'bench', displayName: 'bench', orgId: street.id, orgName: street.name, orgTypeCode: 'union', roles: ['org_admin'], adminKind: null,
    permissions: new Set(PERMISSIONS.filter((p) => p !== 'scope.cross_type')), scope: { orgPath: street.path, regionPath: street.region_path, crossType: false, orgId: street.id }, mustChangePassword: false,
  };
  const unscoped = { primary: sql<SqlBool>`true`, grant: sql<SqlBool>`false`, overdue: overdueSql(chinaToday()), all: true };
  const t = await timeInterleaved(runs, {
    'street inbox': () => c.requests.list(actor, { page: 1, pageSize: 20 }),
    'street overdue': () => c.requests.list(actor, { overdue: true, page: 1, pageSize: 20 }),
    unscoped: () => repo.list(c.db, unscoped, {}, 20, 0),
  });
  const p = (k: string) => ({ p50: percentile(t[k]!, 50), p95: percentile(t[k]!, 95) });
  const base = p('unscoped');
  process.stdout.write(`\nbench:requests  scale ${scale}  requests ${total.toLocaleString()}  runs ${runs}\n`);
  process.stdout.write(`  street ${street.name}: ${street.n.toLocaleString()} requests in its subtree\n`);
  process.stdout.write(`  query                  p50 ms   p95 ms   p95 / unscoped p95\n`);
  let inboxOk = true;
  for (const k of ['street inbox', 'street overdue', 'unscoped']) {
    const v = p(k);
    const ratio = v.p95 / base.p95;
    process.stdout.write(`  ${k.padEnd(20)} ${v.p50.toFixed(2).padStart(7)}  ${v.p95.toFixed(2).padStart(7)}   ${ratio.toFixed(2)}×\n`);
    if (k !== 'unscoped' && (v.p95 > 20 || ratio > 2)) inboxOk = false;
  }
  process.stdout.write(`  target: scoped p95 ≤ 20 ms and ≤ 2× unscoped → ${inboxOk ? 'MET' : 'NOT MET'}\n`);

  // Intake: the portal door through HTTP (validation, person lookup and creation, routing, SLA, insert, event, audit)
  // beside raw INSERTs of a request row and its submit event, both with the same concurrency.
  const app = await buildApp(c);
  await app.ready();
  const community = (
    await sql<{ code: string }>`SELECT g.code FROM regions g WHERE g.level = 'community' AND g.path <@ ${street.region_path}::ltree ORDER BY g.code LIMIT 1`.execute(c.db)
  ).rows[0]!.code;
  const concurrency = 8;
  const runConcurrent = async (count: number, one: (i: number) => Promise<void>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await one(i);
    }));
    return count / ((performance.now() - t0) / 1000);
  };
  const http = await runConcurrent(intakeN, async (i) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/portal/requests',
      remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      payload: { categoryCode: 'wages_owed', description: `压测诉求 ${i}：公司拖欠工资`, regionCode: community, contactName: '压测人', contactPhone: `138${String(10_000_000 + i).slice(-8)}`, consent: true, fields: { employer: '某公司', amount: 1000 + i } },
    });
    if (res.statusCode !== 201) throw new Error(`intake ${res.statusCode}: ${res.body}`);
  });
  // The floor of this door: the same POST refused by its schema after the rate limit (one statement, nothing written).
  const floor = await runConcurrent(intakeN, async (i) => {
    const res = await app.inject({ method: 'POST', url: '/api/portal/requests', remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, payload: { categoryCode: 'wages_owed' } });
    if (res.statusCode !== 400) throw new Error(`floor ${res.statusCode}: ${res.body}`);
  });
  const template = (await sql<Record<string, unknown>>`SELECT category_id, region_code, region_path::text AS region_path, person_id, contact_phone_bidx, org_id, submitted_on::text AS submitted_on,
      accept_due::text AS accept_due, response_due::text AS response_due, resolve_due::text AS resolve_due FROM requests ORDER BY id DESC LIMIT 1`.execute(c.db)).rows[0]!;
  const raw = await runConcurrent(intakeN, async (i) => {
    const client = await c.pool.connect();
    try {
      await client.query('BEGIN');
      const id = (await client.query<{ id: string; seq: string }>(`SELECT nextval(pg_get_serial_sequence('requests', 'id')) AS id, nextval('request_number_seq') AS seq`)).rows[0]!;
      await client.query(
        `INSERT INTO requests (id, number, category_id, channel, description, fields, region_code, region_path, person_id, contact_phone_bidx, status, org_id, submitted_on, accept_due, response_due, resolve_due)
         VALUES ($1, $2, $3, 'portal', $4, '{}', $5, $6, $7, $8, 'dispatched', $9, $10, $11, $12, $13)`,
        [id.id, `QH-2026-${String(id.seq).padStart(6, '0')}`, template.category_id, `原始插入 ${i}`, template.region_code, template.region_path, template.person_id, template.contact_phone_bidx,
          template.org_id, template.submitted_on, template.accept_due, template.response_due, template.resolve_due],
      );
      await client.query(`INSERT INTO request_events (request_id, version, kind, note, public) VALUES ($1, 1, 'submit', '', true)`, [id.id]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });
  // Where the difference goes: the same raw INSERTs plus one audit-chain append in the same transaction.
  const rawAudited = await runConcurrent(intakeN, async (i) => {
    await c.db.transaction().execute(async (trx) => {
      const id = (await sql<{ id: string; seq: string }>`SELECT nextval(pg_get_serial_sequence('requests', 'id')) AS id, nextval('request_number_seq') AS seq`.execute(trx)).rows[0]!;
      await sql`INSERT INTO requests (id, number, category_id, channel, description, fields, region_code, region_path, person_id, contact_phone_bidx, status, org_id, submitted_on, accept_due, response_due, resolve_due)
        VALUES (${id.id}, ${`QH-2026-${String(id.seq).padStart(6, '0')}`}, ${template.category_id}, 'portal', ${`审计插入 ${i}`}, '{}', ${template.region_code}, ${template.region_path}::ltree,
          ${template.person_id}, ${template.contact_phone_bidx}, 'dispatched', ${template.org_id}, ${template.submitted_on}::date, ${template.accept_due}::date, ${template.response_due}::date, ${template.resolve_due}::date)`.execute(trx);
      await sql`INSERT INTO request_events (request_id, version, kind, note, public) VALUES (${id.id}, 1, 'submit', '', true)`.execute(trx);
      await c.audit.append(trx, { actorId: null, actorName: null, actorRoles: '', scope: '', ip: null, requestId: null }, { action: 'request.create', objectType: 'request', objectId: id.id });
    });
  });
  await app.close();
  await removeIntakeRows();
  const ratio = http / raw;
  process.stdout.write(`\n  intake (${intakeN} each, concurrency ${concurrency})   per second\n`);
  process.stdout.write(`  HTTP portal intake        ${http.toFixed(1).padStart(8)}\n  raw SQL INSERT            ${raw.toFixed(1).padStart(8)}\n  raw INSERT + audit append ${rawAudited.toFixed(1).padStart(8)}\n`);
  process.stdout.write(`  HTTP / raw ${ratio.toFixed(2)}×  target ≥ 0.5× → ${ratio >= 0.5 ? 'MET' : 'NOT MET'}\n`);
  process.stdout.write(`  floor: the same POST refused by its schema ${floor.toFixed(1)}/s (${(floor / raw).toFixed(2)}× raw), the ceiling of this door here\n`);
} finally {
  await stop();
}
