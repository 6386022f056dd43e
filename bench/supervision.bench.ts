// npm run bench:supervision [-- --years 3 --items 6 --runs 200]: the supervision list (督办台账) of a district — all open
// action items of its subtree, overdue first — through the service with its scope, beside the same query unscoped,
// over meetings of the city and every real district for several years.
import { parseArgs } from 'node:util';
import { sql, type SqlBool } from 'kysely';
import * as repo from '../server/modules/meetings/meetings.repository.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import { asScope } from '../server/platform/scope.js';
import { chinaToday } from '../server/platform/time.js';
import { benchDatabase, benchServer, percentile, timeInterleaved } from './harness.js';

const { values } = parseArgs({
  options: { years: { type: 'string', default: '3' }, items: { type: 'string', default: '6' }, runs: { type: 'string', default: '200' } },
});
const YEARS = Number(values.years);
const PER_MEETING = Number(values.items);
const RUNS = Number(values.runs);

const server = await benchServer('bench-meetings', 55640);
const { c } = await benchDatabase(server, `qunhub_bench_meetings_${YEARS}_${PER_MEETING}`);

type Office = { id: number; path: string; regionPath: string; regionCode: string };
const regions = (
  await sql<{
    code: string;
    path: string;
    level: string;
  }>`SELECT code, path::text AS path, level FROM regions WHERE level IN ('city', 'district') ORDER BY path`.execute(c.db)
).rows;
const offices: Office[] = [];
if (!(await c.db.selectFrom('action_items').select('id').limit(1).executeTakeFirst())) {
  const t0 = performance.now();
  await c.db.transaction().execute(async (trx) => {
    const today = chinaToday();
    let cityOffice: Office | null = null;
    for (const r of regions) {
      const parent: Office | null = r.level === 'city' ? null : cityOffice;
      const row: { id: number } = await trx
        .insertInto('orgs')
        .values({
          type_code: 'coordination',
          parent_id: parent?.id ?? null,
          path: '0',
          name: `${r.code}群团工作联席办`,
          level: r.level,
          region_code: r.code,
          region_path: r.path,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const p = parent ? `${parent.path}.${row.id}` : String(row.id);
      await trx.updateTable('orgs').set({ path: p }).where('id', '=', row.id).execute();
      const office: Office = { id: row.id, path: p, regionPath: r.path, regionCode: r.code };
      if (!parent) cityOffice = office;
      const depts: Array<{ id: number; path: string }> = [];
      for (const type of ['education', 'finance', 'civil_affairs', 'hrss', 'housing', 'health_comm']) {
        const d = await trx
          .insertInto('orgs')
          .values({ type_code: type, parent_id: null, path: '0', name: `${r.code}${type}`, level: r.level, region_code: r.code, region_path: r.path })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('orgs')
          .set({ path: String(d.id) })
          .where('id', '=', d.id)
          .execute();
        depts.push({ id: d.id, path: String(d.id) });
      }
      const series = await repo.insertSeries(trx, {
        title: `${r.code}群团组织工作例会`,
        level: r.level,
        cadence: 'monthly',
        convenor: '领导小组',
        secretariat_org_id: office.id,
        secretariat_path: office.path,
        region_code: r.code,
        region_path: r.path,
        anchor_day: 10,
        anchor_month: 1,
        start_time: '09:30',
        duration_minutes: 120,
        topic_deadline_days: 5,
        created_by: null,
      });
      await repo.insertMembers(
        trx,
        series,
        depts.map((d) => ({ org_id: d.id, org_path: d.path })),
      );
      // One meeting a month for YEARS years back, each with a decision and PER_MEETING items; older ones mostly closed.
      await sql`
        WITH m AS (
          INSERT INTO meeting_occurrences (series_id, planned_day, starts_at, ends_at, topic_deadline, status)
          SELECT ${series}, d::date, d + interval '1 hour 30 minutes', d + interval '3 hours 30 minutes', d::date - 7, CASE WHEN d::date < ${today}::date THEN 'held' ELSE 'scheduled' END
          FROM generate_series(${today}::date - make_interval(years => ${YEARS}), ${today}::date + 60, interval '1 month') AS d
          RETURNING id, planned_day),
        dec AS (INSERT INTO meeting_decisions (occurrence_id, text) SELECT id, '会议决定' FROM m RETURNING id, occurrence_id),
        it AS (
          INSERT INTO action_items (decision_id, series_id, secretariat_path, region_path, title, expected_result, lead_org_id, due_on, status, closed_at, last_activity_at)
          SELECT dec.id, ${series}, ${office.path}::ltree, ${r.path}::ltree, '督办事项' || k, '完成', (${depts.map((d) => d.id)}::bigint[])[1 + k % 6],
            m.planned_day + 20 + (k * 7), s.status, CASE WHEN s.status = 'closed' THEN now() END, now() - make_interval(days => (k * 5))
          FROM dec JOIN m ON m.id = dec.occurrence_id CROSS JOIN generate_series(1, ${PER_MEETING}) AS k
          CROSS JOIN LATERAL (SELECT CASE WHEN m.planned_day < ${today}::date - 120 AND random() < 0.93 THEN 'closed'
                                          WHEN random() < 0.3 THEN 'submitted' ELSE 'accepted' END AS status) s
          RETURNING id, lead_org_id)
        INSERT INTO action_item_orgs (item_id, org_id, org_path, role) SELECT it.id, it.lead_org_id, it.lead_org_id::text::ltree, 'lead' FROM it`.execute(trx);
      offices.push(office);
    }
  });
  await sql`ANALYZE`.execute(c.db);
  console.log(`seeded in ${Math.round(performance.now() - t0)} ms`);
} else {
  const rows = (
    await sql<Office>`SELECT id, path::text AS path, region_path::text AS "regionPath", region_code AS "regionCode" FROM orgs WHERE type_code = 'coordination' ORDER BY path`.execute(
      c.db,
    )
  ).rows;
  offices.push(...rows);
}

const counts = (
  await sql<{ items: number; open: number; overdue: number }>`
  SELECT count(*)::int AS items, count(*) FILTER (WHERE status <> 'closed')::int AS open, count(*) FILTER (WHERE status <> 'closed' AND due_on < ${chinaToday()}::date)::int AS overdue FROM action_items`.execute(
    c.db,
  )
).rows[0]!;
const district = offices.find((o) => o.regionCode === '510104') ?? offices[1]!;
const actor: Actor = {
  accountId: 0,
  username: 'bench',
  displayName: 'bench',
  orgId: district.id,
  orgName: '',
  orgTypeCode: 'coordination',
  roles: ['coordinator'],
  adminKind: null,
  permissions: new Set(PERMISSIONS),
  scope: { orgPath: district.path, regionPath: district.regionPath, crossType: true, orgId: district.id },
  mustChangePassword: false,
};
const today = chinaToday();
const stalledBefore = new Date(Date.now() - 30 * 86_400_000);
const city = regions.find((r) => r.level === 'city')!;
// No scope beyond the region path: what the service passes for this cross-type actor, and the whole-city baseline (a measurement).
const noScopeAtAll = asScope(sql<SqlBool>`true`);
const districtList = await c.meetings.supervision(actor);
const times = await timeInterleaved(RUNS, {
  service: () => c.meetings.supervision(actor),
  query: () => repo.supervision(c.db, noScopeAtAll, { regionPath: district.regionPath, today, stalledBefore, limit: 200 }),
  unscoped: () => repo.supervision(c.db, noScopeAtAll, { regionPath: city.path, today, stalledBefore, limit: 200 }),
});
const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p95 ${percentile(xs, 95).toFixed(2)} ms`;
console.log(
  `action items ${counts.items}, open ${counts.open}, overdue ${counts.overdue}; offices ${offices.length}; district ${district.regionCode} list ${districtList.length} (overdue first: ${districtList.findIndex((i) => !i.overdue)} overdue)`,
);
console.log(`district supervision list through the service: ${fmt(times.service!)}`);
console.log(`  its query alone (district scope):            ${fmt(times.query!)}`);
console.log(`same query without scope (whole city):        ${fmt(times.unscoped!)}`);
const p95 = percentile(times.service!, 95);
const ratio = (k: string) => (percentile(times[k]!, 95) / percentile(times.unscoped!, 95)).toFixed(2);
console.log(`ratio p95 scoped / unscoped: service ${ratio('service')}, query ${ratio('query')}`);
console.log(p95 <= 20 ? `OK: p95 ${p95.toFixed(2)} ms ≤ 20 ms` : `SLOW: p95 ${p95.toFixed(2)} ms > 20 ms`);
await c.close();
await server.stop();
