// npm run bench:requests [-- --scale 1.0 --runs 300 --intake 400 --db qunhub_dash]: the street-scoped request inbox beside the same
// query unscoped, and intake through HTTP beside raw SQL INSERTs of the same rows, measured in the same run.
import { parseArgs } from 'node:util';
import { sql, type SqlBool } from 'kysely';
import { buildApp } from '../server/app.js';
import { tuneHeap } from '../server/platform/heap.js';
import { seedCityRequests } from '../server/db/seed/city-requests.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import * as repo from '../server/modules/requests/requests.repository.js';
import { chinaToday, overdueSql } from '../server/modules/requests/requests.policy.js';
import { randomBytes } from 'node:crypto';
import { entryMac } from '../server/platform/audit/audit.js';
import { blindIndex, encryptField } from '../server/platform/crypto/field-cipher.js';
import { protectText } from '../server/platform/crypto/free-text.js';
import { maskPhone } from '../server/platform/crypto/masking.js';
import { DUPLICATE_SIMILARITY, levelsFrom, textSimilarity } from '../server/modules/requests/requests.policy.js';
import { asScope, noScope } from '../server/platform/scope.js';
import { benchContainer, percentile, timeInterleaved } from './harness.js';

// The server's heap settings (server/main.ts), so the product here runs as it does there.
tuneHeap();

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1.0' },
    runs: { type: 'string', default: '300' },
    intake: { type: 'string', default: '400' },
    db: { type: 'string', default: 'qunhub_bench' },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
const intakeN = Number(values.intake);
// --db qunhub_dash reuses the city seeded by bench:dashboard (the same generator, requests included).
const { c, stop } = await benchContainer(scale, values.db);
/** The rows the intake phase writes (by their texts), removed before and after, so runs do not pile up in one street. */
const removeIntakeRows = async () => {
  const rows = sql`SELECT id FROM requests WHERE description LIKE '压测诉求%' OR description LIKE '原始插入%' OR description LIKE '审计插入%' OR description LIKE '直接写入%'`;
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
    process.stdout.write(
      `  ${r.requests.toLocaleString()} requests, ${r.events.toLocaleString()} events, ${r.ratings.toLocaleString()} ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
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
    accountId: 0,
    username: 'bench',
    displayName: 'bench',
    orgId: street.id,
    orgName: street.name,
    orgTypeCode: 'union',
    roles: ['org_admin'],
    adminKind: null,
    permissions: new Set(PERMISSIONS.filter((p) => p !== 'scope.cross_type')),
    scope: { orgPath: street.path, regionPath: street.region_path, crossType: false, orgId: street.id },
    mustChangePassword: false,
  };
  // The baseline: the same query with no scope at all (a measurement, not a use of the application).
  const unscoped = { primary: asScope(sql<SqlBool>`true`), grant: noScope, overdue: overdueSql(chinaToday()), all: true };
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
    await sql<{
      code: string;
    }>`SELECT g.code FROM regions g WHERE g.level = 'community' AND g.path <@ ${street.region_path}::ltree ORDER BY g.code LIMIT 1`.execute(c.db)
  ).rows[0]!.code;
  const concurrency = 8;
  const runConcurrent = async (count: number, one: (i: number) => Promise<void>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) await one(i);
      }),
    );
    return count / ((performance.now() - t0) / 1000);
  };
  // Every table an intake writes, counted before and after each phase: a baseline must write the same rows per operation.
  const touched = ['people', 'requests', 'request_events', 'audit_log', 'jobs', 'webhook_events'] as const;
  const counts = async () => {
    const r = (
      await sql<Record<string, string>>`SELECT ${sql.join(touched.map((t) => sql`(SELECT count(*) FROM ${sql.table(t)}) AS ${sql.ref(t)}`))}`.execute(c.db)
    ).rows[0]!;
    return Object.fromEntries(touched.map((t) => [t, Number(r[t])])) as Record<(typeof touched)[number], number>;
  };
  const perOp = (a: Record<string, number>, b: Record<string, number>, n: number) => Object.fromEntries(touched.map((t) => [t, (b[t]! - a[t]!) / n]));
  // Phones unique per phase, so every intake creates its person in both the product and the baseline.
  const phoneOf = (phase: number, i: number) => `13${phase}${String(10_000_000 + i).slice(-8)}`;
  const before = await counts();
  const http = await runConcurrent(intakeN, async (i) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/portal/requests',
      remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      payload: {
        categoryCode: 'wages_owed',
        description: `压测诉求 ${i}：公司拖欠工资`,
        regionCode: community,
        contactName: '压测人',
        contactPhone: phoneOf(8, i),
        consent: true,
        fields: { employer: '某公司', amount: 1000 + i },
      },
    });
    if (res.statusCode !== 201) throw new Error(`intake ${res.statusCode}: ${res.body}`);
  });
  const afterHttp = await counts();
  // The same intake as a skilled engineer would write it against the same schema, straight through pg: the deciding
  // reads (person by phone, routing rule or default unit, duplicate candidates, webhook subscribers) and one statement
  // writing the person, the request, its submit event, both audit entries (MAC'd, queued for the chain) and the
  // notification job, in one transaction, with the same column values (encrypted, masked, blind-indexed).
  const cat = (
    await sql<{ id: number; code: string; default_org_type: string; start_level: string; duplicate_days: number }>`
    SELECT id, code, default_org_type, start_level, duplicate_days FROM request_categories WHERE code = 'wages_owed'`.execute(c.db)
  ).rows[0]!;
  const region = (await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE code = ${community}`.execute(c.db)).rows[0]!;
  const streetPath = region.path.split('.').slice(0, -1).join('.');
  const dues = (
    await sql<
      Record<string, string>
    >`SELECT accept_due::text AS accept, response_due::text AS response, resolve_due::text AS resolve, due_provisional FROM requests
    WHERE description LIKE '压测诉求%' ORDER BY id DESC LIMIT 1`.execute(c.db)
  ).rows[0]!;
  const today = chinaToday();
  const direct = await runConcurrent(intakeN, async (i) => {
    const client = await c.pool.connect();
    try {
      const phone = phoneOf(9, i);
      const name = '压测人';
      const phoneBidx = blindIndex(c.keyring, 'person.phone', phone);
      await client.query('BEGIN');
      const known = (await client.query<{ id: string }>('SELECT id FROM people WHERE phone_bidx = $1 AND name = $2 LIMIT 1', [phoneBidx, name])).rows[0];
      const head = (
        await client.query<{ rid: string; seq: string; pid: string; org_id: string; org_name: string; by: string }>(
          `SELECT nextval(pg_get_serial_sequence('requests', 'id')) AS rid, nextval('request_number_seq') AS seq, nextval(pg_get_serial_sequence('people', 'id')) AS pid, o.id AS org_id, o.name AS org_name, o.by
         FROM (SELECT * FROM (SELECT o.id, o.name, 'rule' AS by, 0 AS k FROM request_routing_rules rr JOIN orgs o ON o.id = rr.org_id AND o.status = 'active'
                 WHERE rr.category_id = $1 AND rr.region_path @> $2::ltree ORDER BY nlevel(rr.region_path) DESC LIMIT 1) a
               UNION ALL SELECT * FROM (SELECT o.id, o.name, 'default', 1 FROM orgs o WHERE o.type_code = $3 AND o.status = 'active' AND o.level = ANY($4::text[]) AND o.region_path @> $2::ltree
                 ORDER BY nlevel(o.region_path) DESC, o.id LIMIT 1) b ORDER BY k LIMIT 1) o`,
          [cat.id, region.path, cat.default_org_type, levelsFrom(cat.start_level)],
        )
      ).rows[0]!;
      const personId = String(known?.id ?? head.pid);
      const rid = String(head.rid);
      const dup = await client.query(
        `(SELECT r.id, r.number, true AS same_person, r.description FROM requests r WHERE r.person_id = $1 AND r.category_id = $2 AND r.submitted_at > now() - make_interval(days => $3) ORDER BY r.submitted_at DESC LIMIT 5)
         UNION ALL (SELECT r.id, r.number, false, r.description FROM requests r WHERE r.category_id = $2 AND r.submitted_at > now() - make_interval(days => $3) AND r.region_path <@ $4::ltree
           AND r.person_id <> $1 ORDER BY r.submitted_at <-> now() LIMIT 200)`,
        [personId, cat.id, cat.duplicate_days, streetPath],
      );
      const number = `QH-${today.slice(0, 4)}-${String(head.seq).padStart(6, '0')}`;
      const orgPath = (await client.query<{ path: string }>('SELECT path::text AS path FROM orgs WHERE id = $1', [head.org_id])).rows[0]!.path;
      await client.query(
        `SELECT id, personal_data_approved FROM webhook_subscriptions WHERE status = 'active' AND $1 = ANY(event_types) AND org_path @> ANY($2::ltree[])`,
        ['request.created', [orgPath]],
      );
      const desc = protectText(c.keyring, `直接写入 ${i}：公司拖欠工资`, { table: 'requests', column: 'description', rowId: rid });
      const note = protectText(c.keyring, '', { table: 'request_events', column: 'note', rowId: `${rid}:1` });
      const audit = (action: string, objectType: string, objectId: string, detail: Record<string, unknown>) => {
        const content = {
          actor_id: null,
          actor_name: null,
          actor_roles: '',
          scope: `region:${region.path.split('.')[0]}`,
          action,
          object_type: objectType,
          object_id: objectId,
          result: 'ok',
          ip: '10.9.0.1',
          request_id: null,
          detail,
        };
        const nonce = randomBytes(16);
        return [JSON.stringify(detail), nonce, entryMac(c.keyring.auditKey, nonce, content), content.scope];
      };
      const a1 = audit('person.create', 'person', personId, {});
      const a2 = audit('request.create', 'request', rid, {
        number,
        category: cat.code,
        channel: 'portal',
        orgId: Number(head.org_id),
        routedBy: head.by,
        personId: Number(personId),
        reusedPerson: Boolean(known),
        duplicateCandidates: (dup.rows as Array<{ number: string; same_person: boolean; description: string }>)
          .filter((r) => r.same_person || textSimilarity(r.description, desc.masked) >= DUPLICATE_SIMILARITY)
          .slice(0, 5)
          .map((r) => r.number),
      });
      await client.query(
        `WITH p AS (INSERT INTO people (id, name, phone_enc, phone_bidx, phone_masked, region_code, region_path, district_code)
                    SELECT $1::bigint, $2::text, $3::bytea, $4::bytea, $5::text, $6::text, $7::ltree, $8::text WHERE $9::boolean RETURNING id),
              r AS (INSERT INTO requests (id, number, category_id, channel, description, description_enc, fields, region_code, region_path, person_id, contact_phone_bidx, status, org_id,
                      submitted_on, accept_due, response_due, resolve_due, due_provisional, publish_description)
                    VALUES ($10, $11, $12, 'portal', $13, $14, $15::jsonb, $6, $7::ltree, $1, $16, 'dispatched', $17, $18, $19, $20, $21, $22, false) RETURNING id),
              e AS (INSERT INTO request_events (request_id, version, kind, target_org_id, note, public, note_enc) SELECT id, 1, 'submit', $17, $23, true, $24 FROM r),
              a AS (INSERT INTO audit_log (actor_roles, scope, action, object_type, object_id, result, ip, detail, nonce, mac)
                    SELECT '', $25, 'person.create', 'person', $1::text, 'ok', '10.9.0.1', $26::jsonb, $27::bytea, $28::bytea WHERE $9::boolean
                    UNION ALL SELECT '', $25, 'request.create', 'request', $10::text, 'ok', '10.9.0.1', $29::jsonb, $30::bytea, $31::bytea RETURNING seq),
              q AS (INSERT INTO audit_queue (seq) SELECT seq FROM a)
         INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts) VALUES ('notifications.deliver', $32::jsonb, now(), $33, 8) ON CONFLICT (dedupe_key) DO NOTHING`,
        [
          personId,
          name,
          encryptField(c.keyring, phone, { table: 'people', column: 'phone', rowId: personId }),
          phoneBidx,
          maskPhone(phone),
          region.code,
          region.path,
          region.path.split('.')[1] ?? null,
          !known,
          rid,
          number,
          cat.id,
          desc.masked,
          desc.enc,
          JSON.stringify({ employer: '某公司', amount: 1000 + i }),
          blindIndex(c.keyring, 'request.phone', phone),
          head.org_id,
          today,
          dues.accept,
          dues.response,
          dues.resolve,
          dues.due_provisional,
          note.masked,
          note.enc,
          a2[3],
          a1[0],
          a1[1],
          a1[2],
          a2[0],
          a2[1],
          a2[2],
          JSON.stringify({
            kind: 'request.assigned',
            to: { orgId: Number(head.org_id) },
            params: { number },
            link: `/requests/${rid}`,
            eventKey: `request.assigned:${rid}:1`,
          }),
          `notify:request.assigned:${rid}:1:org:${head.org_id}`,
        ],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }
  });
  const afterDirect = await counts();
  const rowsHttp = perOp(before, afterHttp, intakeN);
  const rowsDirect = perOp(afterHttp, afterDirect, intakeN);
  process.stdout.write(
    `\n  rows per intake   ${touched.map((t) => t.padStart(15)).join('')}\n  HTTP              ${touched.map((t) => rowsHttp[t]!.toFixed(2).padStart(15)).join('')}\n  direct pg         ${touched.map((t) => rowsDirect[t]!.toFixed(2).padStart(15)).join('')}\n`,
  );
  const sameRows = touched.every((t) => rowsHttp[t] === rowsDirect[t]);
  if (!sameRows) process.stdout.write('  ROW COUNTS DIFFER: the comparison below is not like for like\n');
  // The floor of this door: the same POST refused by its schema after the rate limit (one statement, nothing written).
  const floor = await runConcurrent(intakeN, async (i) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/portal/requests',
      remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      payload: { categoryCode: 'wages_owed' },
    });
    if (res.statusCode !== 400) throw new Error(`floor ${res.statusCode}: ${res.body}`);
  });
  const template = (
    await sql<
      Record<string, unknown>
    >`SELECT category_id, region_code, region_path::text AS region_path, person_id, contact_phone_bidx, org_id, submitted_on::text AS submitted_on,
      accept_due::text AS accept_due, response_due::text AS response_due, resolve_due::text AS resolve_due FROM requests ORDER BY id DESC LIMIT 1`.execute(c.db)
  ).rows[0]!;
  const raw = await runConcurrent(intakeN, async (i) => {
    const client = await c.pool.connect();
    try {
      await client.query('BEGIN');
      const id = (
        await client.query<{ id: string; seq: string }>(`SELECT nextval(pg_get_serial_sequence('requests', 'id')) AS id, nextval('request_number_seq') AS seq`)
      ).rows[0]!;
      await client.query(
        `INSERT INTO requests (id, number, category_id, channel, description, fields, region_code, region_path, person_id, contact_phone_bidx, status, org_id, submitted_on, accept_due, response_due, resolve_due)
         VALUES ($1, $2, $3, 'portal', $4, '{}', $5, $6, $7, $8, 'dispatched', $9, $10, $11, $12, $13)`,
        [
          id.id,
          `QH-2026-${String(id.seq).padStart(6, '0')}`,
          template.category_id,
          `原始插入 ${i}`,
          template.region_code,
          template.region_path,
          template.person_id,
          template.contact_phone_bidx,
          template.org_id,
          template.submitted_on,
          template.accept_due,
          template.response_due,
          template.resolve_due,
        ],
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
      const id = (
        await sql<{ id: string; seq: string }>`SELECT nextval(pg_get_serial_sequence('requests', 'id')) AS id, nextval('request_number_seq') AS seq`.execute(
          trx,
        )
      ).rows[0]!;
      await sql`INSERT INTO requests (id, number, category_id, channel, description, fields, region_code, region_path, person_id, contact_phone_bidx, status, org_id, submitted_on, accept_due, response_due, resolve_due)
        VALUES (${id.id}, ${`QH-2026-${String(id.seq).padStart(6, '0')}`}, ${template.category_id}, 'portal', ${`审计插入 ${i}`}, '{}', ${template.region_code}, ${template.region_path}::ltree,
          ${template.person_id}, ${template.contact_phone_bidx}, 'dispatched', ${template.org_id}, ${template.submitted_on}::date, ${template.accept_due}::date, ${template.response_due}::date, ${template.resolve_due}::date)`.execute(
        trx,
      );
      await sql`INSERT INTO request_events (request_id, version, kind, note, public) VALUES (${id.id}, 1, 'submit', '', true)`.execute(trx);
      await c.audit.append(
        trx,
        { actorId: null, actorName: null, actorRoles: '', scope: '', ip: null, requestId: null },
        { action: 'request.create', objectType: 'request', objectId: id.id },
      );
    });
  });
  await app.close();
  await removeIntakeRows();
  const ratio = http / direct;
  process.stdout.write(`\n  intake (${intakeN} each, concurrency ${concurrency})   per second\n`);
  process.stdout.write(
    `  HTTP portal intake        ${http.toFixed(1).padStart(8)}\n  direct pg, same rows      ${direct.toFixed(1).padStart(8)}\n  raw SQL INSERT            ${raw.toFixed(1).padStart(8)}  (request and event only)\n  raw INSERT + audit append ${rawAudited.toFixed(1).padStart(8)}  (request, event, one audit entry)\n`,
  );
  process.stdout.write(`  HTTP / direct ${ratio.toFixed(2)}×  target ≥ 0.5× → ${ratio >= 0.5 && sameRows ? 'MET' : 'NOT MET'}\n`);
  process.stdout.write(
    `  floor: the same POST refused by its schema ${floor.toFixed(1)}/s (${(floor / raw).toFixed(2)}× raw), the ceiling of this door here\n`,
  );
} finally {
  await stop();
}
