import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let street: Client;
let streetOrg: { id: number; regionCode: string; path: string };
let communityCode: string;

/**
 * Every ltree column outside `orgs` that copies an organization path, from the system catalogue, so that a table added
 * later is checked too. Region paths are a different tree and are left out by name.
 */
async function copiedPathColumns(): Promise<Array<{ table: string; column: string; array: boolean }>> {
  return (
    await sql<{ table: string; column: string; array: boolean }>`SELECT c.relname AS table, a.attname AS column, t.typname = '_ltree' AS array
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND t.typname IN ('ltree', '_ltree') AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> 'orgs' AND a.attname NOT LIKE '%region%' AND a.attname NOT LIKE '%area%'
      ORDER BY 1, 2`.execute(t.c.db)
  ).rows;
}

/** Rows per column whose copied path lies under `path`. Arrays (a delivery's event paths) record where an event happened and are left as they were. */
async function under(path: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of await copiedPathColumns()) {
    if (c.array) continue;
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(c.table)} WHERE ${sql.ref(c.column)} <@ ${path}::ltree`.execute(t.c.db))
      .rows[0]!.n;
    if (n > 0) out[`${c.table}.${c.column}`] = n;
  }
  return out;
}

beforeAll(async () => {
  t = await setupTestEnv();
  street = await t.as('union.street');
  const me = (await street.get('/api/auth/me')).body;
  streetOrg = (await street.get(`/api/orgs/${me.orgId}`)).body;
  communityCode = (await t.c.db.selectFrom('regions').select('code').where('parent_code', '=', streetOrg.regionCode).orderBy('code').executeTakeFirstOrThrow())
    .code;
});
afterAll(async () => t?.close());

describe('moving a unit', () => {
  it('rewrites every path other modules copied from it, its venue, activity and volunteer need included', async () => {
    const unit = async (name: string, parentId: number) => {
      const r = await street.post('/api/orgs', { parentId, name: uniqueName(name), regionCode: communityCode });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: number; path: string; version: number };
    };
    const a = await unit('迁移甲工会', streetOrg.id);
    const b = await unit('迁移乙工会', streetOrg.id);
    const a1 = await unit('迁移甲一小组', a.id);

    const venue = await street.post('/api/venues', {
      typeCode: 'workers_home',
      modelLevel: 'city',
      name: uniqueName('迁移测试职工之家'),
      regionCode: communityCode,
      managingOrgId: a1.id,
    });
    expect(venue.status, JSON.stringify(venue.body)).toBe(201);
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const activity = await street.post('/api/activities', {
      title: uniqueName('迁移测试宣讲'),
      type: 'lecture',
      hostOrgId: a.id,
      venueName: '社区活动室',
      capacity: 30,
      startsAt: `${day}T02:00:00.000Z`,
      endsAt: `${day}T03:00:00.000Z`,
      regOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
      regClosesAt: `${day}T01:00:00.000Z`,
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    const need = await street.post('/api/volunteer-needs', {
      orgId: a.id,
      role: '签到引导',
      headcount: 2,
      startsAt: `${day}T01:00:00.000Z`,
      endsAt: `${day}T04:00:00.000Z`,
    });
    expect(need.status, JSON.stringify(need.body)).toBe(201);

    const before = await under(a.path);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['venues.managing_org_path', 'activities.host_org_path', 'volunteer_needs.org_path']));

    const moved = await street.post(`/api/orgs/${a.id}/move`, { newParentId: b.id, version: a.version });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const newPath = `${b.path}.${a.id}`;
    expect(moved.body.path).toBe(newPath);

    // Nothing copied keeps the old path; what was under it is under the new one, the unit below included.
    expect(await under(a.path)).toEqual({});
    expect(await under(newPath)).toEqual(before);
    const v = await t.c.db
      .selectFrom('venues')
      .select(sql<string>`managing_org_path::text`.as('p'))
      .where('id', '=', venue.body.id)
      .executeTakeFirstOrThrow();
    expect(v.p).toBe(`${newPath}.${a1.id}`);
  });
});
