// npm run bench:tree [-- --scale 1.0]: street- and district-scoped organization lists beside the same query unscoped.
import { parseArgs } from 'node:util';
import { sql, type SqlBool } from 'kysely';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import { asScope, type ScopeSql } from '../server/platform/scope.js';
import * as orgsRepo from '../server/modules/orgs/orgs.repository.js';
import { readScope } from '../server/modules/orgs/orgs.policy.js';
import { benchContainer, percentile, timeInterleaved } from './harness.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1.0' }, runs: { type: 'string', default: '300' } } });
const scale = Number(values.scale);
const { c, stop } = await benchContainer(scale);
try {
  const total = Number(
    (
      await c.db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const pickNode = async (level: string) =>
    (
      await sql<{ id: number; path: string; region_path: string; name: string; n: number }>`
        SELECT o.id, o.path::text AS path, o.region_path::text AS region_path, o.name,
          (SELECT count(*) FROM orgs d WHERE d.path <@ o.path)::int AS n
        FROM orgs o WHERE o.type_code = 'union' AND o.level = ${level} ORDER BY n DESC LIMIT 1`.execute(c.db)
    ).rows[0]!;
  const actorAt = (n: { id: number; path: string; region_path: string; name: string }): Actor => ({
    accountId: 0,
    username: 'bench',
    displayName: 'bench',
    orgId: n.id,
    orgName: n.name,
    orgTypeCode: 'union',
    roles: ['org_admin'],
    adminKind: null,
    permissions: new Set(PERMISSIONS.filter((p) => p !== 'scope.cross_type')),
    scope: { orgPath: n.path, regionPath: n.region_path, crossType: false, orgId: n.id },
    mustChangePassword: false,
  });
  const street = await pickNode('street');
  const district = await pickNode('district');
  // The baseline: the same query with no scope at all (a measurement, not a use of the application).
  const everything: ScopeSql = asScope(sql<SqlBool>`true`);
  const list = (scope: ScopeSql) => () => orgsRepo.list(c.db, scope, { typeCode: 'union' }, 'level', false, 20, 0);
  const runs = Number(values.runs);
  const t = await timeInterleaved(runs, {
    street: list(readScope(actorAt(street))),
    district: list(readScope(actorAt(district))),
    unscoped: list(everything),
  });
  const p = (k: string) => ({ p50: percentile(t[k]!, 50), p95: percentile(t[k]!, 95) });
  const base = p('unscoped');
  process.stdout.write(`\nbench:tree  scale ${scale}  organizations ${total.toLocaleString()}  runs ${runs}\n`);
  process.stdout.write(`  street subtree ${street.n} nodes, district subtree ${district.n} nodes\n`);
  process.stdout.write(`  query                  p50 ms   p95 ms   p95 / unscoped p95\n`);
  let ok = true;
  for (const k of ['street', 'district', 'unscoped']) {
    const v = p(k);
    const ratio = v.p95 / base.p95;
    process.stdout.write(`  ${k.padEnd(20)} ${v.p50.toFixed(2).padStart(7)}  ${v.p95.toFixed(2).padStart(7)}   ${ratio.toFixed(2)}×\n`);
    if (k !== 'unscoped' && (v.p95 > 20 || ratio > 2)) ok = false;
  }
  process.stdout.write(`  target: scoped p95 ≤ 20 ms and ≤ 2× unscoped → ${ok ? 'MET' : 'NOT MET'}\n`);
} finally {
  await stop();
}
