import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, uniqueName } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let district: Client;
let street: Client;
let neighbour: Client;
let streetOrg: number;
let neighbourOrg: number;

/** Columns that record what happened and keep naming the merged unit, each with why. */
const HISTORY: Record<string, string> = {
  'org_history.org_id': "the unit's own history: the merge itself is recorded there",
  'cadre_exchanges.from_org_id': 'a secondment that took place from the unit as it then was',
  'cadre_exchanges.to_org_id': 'a secondment that took place to the unit as it then was',
  'request_events.org_id': 'the timeline of a request names who acted then',
  'request_events.target_org_id': 'the timeline of a request names whom it was sent to then',
  'dispute_events.org_id': 'the timeline of a case names who acted then',
  'dispute_events.target_org_id': 'the timeline of a case names whom it was sent to then',
  'honour_events.org_id': 'the timeline of a nomination names who acted then',
  'union_member_history.org_id': 'a membership event happened in the union it names',
  'union_member_history.other_org_id': 'a transfer event names the union on the other side then',
};

/**
 * Every column with a foreign key to orgs(id), from the system catalogue (information_schema shows only tables the
 * role owns): a table added later is checked too.
 */
async function orgReferences(): Promise<Array<{ table: string; column: string }>> {
  return (
    await sql<{ table: string; column: string }>`SELECT c.conrelid::regclass::text AS table, a.attname AS column
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'orgs'::regclass
      ORDER BY 1, 2`.execute(t.c.db)
  ).rows;
}

async function pointing(orgId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await orgReferences()) {
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(r.table)} WHERE ${sql.ref(r.column)} = ${orgId}`.execute(t.c.db)).rows[0]!.n;
    if (n > 0) out[`${r.table}.${r.column}`] = n;
  }
  return out;
}

beforeAll(async () => {
  t = await setupTestEnv();
  district = await t.as('union.district');
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
  streetOrg = (await street.get('/api/auth/me')).body.orgId;
  neighbourOrg = (await neighbour.get('/api/auth/me')).body.orgId;
});
afterAll(async () => t.close());

describe('organization merge', () => {
  it('refuses a street merging its neighbour, a unit of another type, itself, and bad ids', async () => {
    const r = await street.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: streetOrg, dryRun: true });
    expect(r.status).toBe(404);
    expect(r.body.error.field).toBe('fromId');
    expect((await street.post('/api/orgs/merge', { fromId: streetOrg, intoId: neighbourOrg })).status).toBe(404);
    expect((await district.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: neighbourOrg })).status).toBe(400);
    const women = (await (await t.as('women.street')).get('/api/auth/me')).body.orgId;
    expect((await district.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: women })).status).toBe(404);
    const me = (await district.get('/api/auth/me')).body.orgId;
    const own = await district.post('/api/orgs/merge', { fromId: me, intoId: streetOrg });
    expect(own.status).toBe(400);
    expect(own.body.error.field).toBe('intoId');
  });

  it('previews what moves without keeping anything', async () => {
    const before = await pointing(neighbourOrg);
    expect(before['accounts.org_id']).toBeGreaterThan(0);
    const r = await district.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: streetOrg, dryRun: true });
    expect(r.status).toBe(200);
    expect(r.body.applied).toBe(false);
    const moved = Object.fromEntries(r.body.moved.map((m: { kind: string; count: number }) => [m.kind, m.count]));
    expect(moved.accounts).toBeGreaterThan(0);
    expect(moved.units_below).toBeGreaterThan(0);
    expect(await pointing(neighbourOrg)).toEqual(before);
    expect((await district.get(`/api/orgs/${neighbourOrg}`)).body.status).toBe('active');
    const audited = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'org.merge'`.execute(t.c.db)).rows[0]!.n;
    expect(audited).toBe(0);
  });

  it('moves every row to the survivor in one audited operation; only history keeps the merged unit', async () => {
    // The neighbour's own venue (with a booking) and campaign move too.
    const region = (await neighbour.get(`/api/orgs/${neighbourOrg}`)).body.regionCode;
    const v = await neighbour.post('/api/venues', { typeCode: 'workers_home', name: '待合并街道职工之家', regionCode: region, managingOrgId: neighbourOrg });
    expect(v.status).toBe(201);
    expect((await neighbour.post('/api/campaigns', { code: 'merged_street_campaign', name: '待合并街道专项' })).status).toBe(201);
    // Both units co-build the venue: the survivor keeps one link, not two (the pair is unique).
    await sql`INSERT INTO venue_cobuilders (venue_id, org_id) VALUES (${v.body.id}, ${neighbourOrg}), (${v.body.id}, ${streetOrg}) ON CONFLICT DO NOTHING`.execute(
      t.c.db,
    );
    const before = await pointing(neighbourOrg);
    expect(before).toMatchObject({ 'venues.managing_org_id': 1, 'campaigns.owner_org_id': 1 });
    expect(Object.keys(before).length).toBeGreaterThan(4);
    const children = (await sql<{ id: number }>`SELECT id FROM orgs WHERE parent_id = ${neighbourOrg}`.execute(t.c.db)).rows.map((r) => r.id);
    const r = await district.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: streetOrg });
    expect(r.status).toBe(200);
    expect(r.body.applied).toBe(true);

    const links = (await sql<{ org_id: number }>`SELECT org_id FROM venue_cobuilders WHERE venue_id = ${v.body.id}`.execute(t.c.db)).rows;
    expect(links).toEqual([{ org_id: streetOrg }]);
    const left = await pointing(neighbourOrg);
    const notHistory = Object.keys(left).filter((k) => !(k in HISTORY));
    expect(notHistory).toEqual([]);
    expect(left['org_history.org_id']).toBeGreaterThan(0);

    // The merged unit stays readable, marked merged into the survivor; the units below it moved with their paths.
    const merged = (await sql<{ status: string; merged_into: number }>`SELECT status, merged_into FROM orgs WHERE id = ${neighbourOrg}`.execute(t.c.db))
      .rows[0]!;
    expect(merged).toEqual({ status: 'merged', merged_into: streetOrg });
    const survivorPath = (await sql<{ p: string }>`SELECT path::text AS p FROM orgs WHERE id = ${streetOrg}`.execute(t.c.db)).rows[0]!.p;
    for (const id of children) {
      const c = (await sql<{ parent_id: number; p: string }>`SELECT parent_id, path::text AS p FROM orgs WHERE id = ${id}`.execute(t.c.db)).rows[0]!;
      expect(c.parent_id).toBe(streetOrg);
      expect(c.p.startsWith(`${survivorPath}.`)).toBe(true);
    }
    // No denormalized organization path still names the merged unit.
    const oldPrefix = `${survivorPath.split('.').slice(0, -1).join('.')}.${neighbourOrg}`;
    for (const [table, col] of [
      ['venues', 'managing_org_path'],
      ['venue_bookings', 'org_path'],
      ['activities', 'host_org_path'],
      ['campaigns', 'owner_org_path'],
      ['volunteer_needs', 'org_path'],
      ['volunteer_hours', 'org_path'],
    ] as const) {
      const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(col)} <@ ${oldPrefix}::ltree`.execute(t.c.db))
        .rows[0]!.n;
      expect(n, `${table}.${col}`).toBe(0);
    }
    const audit = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'org.merge' AND object_id = ${String(neighbourOrg)}`.execute(t.c.db)
    ).rows[0]!.n;
    expect(audit).toBe(1);
    const history = await district.get(`/api/orgs/${neighbourOrg}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('merge');

    // The neighbour's staff now work for the survivor: they see its venues.
    const again = await t.as('union.street2');
    expect((await again.get('/api/auth/me')).body.orgId).toBe(streetOrg);
    // A merged unit cannot be merged again.
    expect((await district.post('/api/orgs/merge', { fromId: neighbourOrg, intoId: streetOrg })).status).toBe(409);
  });
});

/** Every ltree column of the public schema: organization paths copied into other tables (region paths never lie under one). */
async function ltreeColumns(): Promise<Array<{ table: string; column: string }>> {
  return (
    await sql<{ table: string; column: string }>`SELECT c.relname AS table, a.attname AS column
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type ty ON ty.oid = a.atttypid
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped AND ty.typname = 'ltree'
      ORDER BY 1, 2`.execute(t.c.db)
  ).rows;
}

async function columnsOf(table: string): Promise<Set<string>> {
  const rows = (
    await sql<{ c: string }>`SELECT a.attname AS c FROM pg_attribute a WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped`.execute(
      t.c.db,
    )
  ).rows;
  return new Set(rows.map((r) => r.c));
}

/** The copied path that goes with an organization id column (`org_id` → `org_path`, `x_org_id` → `x_org_path` or `x_path`). */
async function pathColumnOf(table: string, column: string): Promise<string | null> {
  if (table === 'projects' && column === 'lead_org_id') return 'owner_path';
  const cols = await columnsOf(table);
  const stem = column.replace(/_id$/, '');
  for (const c of [`${stem}_path`, `${stem.replace(/_org$/, '')}_path`]) if (cols.has(c)) return c;
  return null;
}

describe('organization merge leaves no row of any module pointing at the merged unit', () => {
  it('moves rows of every table that references organizations, and counts in the preview what it moves', async () => {
    const f = factories(t);
    const [a, b] = await f.neighbours();
    const [kept, merged] = await f.tree('union', [a, b]);
    const keptStreet = kept!.street;
    const gone = merged!.street;
    const districtAdmin = await f.staff(kept!.district.id, ['org_admin']);
    const keptStaff = await f.staff(keptStreet.id, ['org_admin']);
    const goneStaff = await f.staff(gone.id, ['org_admin', 'worker']);
    const pathOf = async (id: number) => (await sql<{ p: string }>`SELECT path::text AS p FROM orgs WHERE id = ${id}`.execute(t.c.db)).rows[0]!.p;
    const gonePath = await pathOf(gone.id);

    // What the merged street's staff create through the modules' own endpoints.
    expect(
      (
        await goneStaff.post('/api/venues', {
          typeCode: 'workers_home',
          name: uniqueName('合并测试职工之家'),
          regionCode: gone.regionCode,
          managingOrgId: gone.id,
        })
      ).status,
    ).toBe(201);
    expect((await goneStaff.post('/api/campaigns', { code: uniqueName('merge_c').replace(/\./g, '_'), name: uniqueName('合并测试专项') })).status).toBe(201);
    const tp = await goneStaff.post('/api/talent-programmes', {
      orgId: gone.id,
      name: uniqueName('合并测试工匠班'),
      kind: 'craftsman',
      eligibility: 'open',
      requiredSessions: 1,
    });
    expect(tp.status).toBe(201);
    // Both streets sponsor a choir of the same name: the merged one keeps its members under a bracketed name.
    for (const [c, org] of [
      [keptStaff, keptStreet],
      [goneStaff, gone],
    ] as const) {
      expect((await c.post('/api/cultural-societies', { orgId: org.id, name: '街道合唱团', artForm: 'music' })).status).toBe(201);
    }
    // A notification still queued for the merged street (held back as a dead job, so no runner delivers it first).
    await sql`INSERT INTO jobs (kind, payload, status, finished_at) VALUES ('notifications.deliver',
      ${JSON.stringify({ kind: 'test', to: { orgId: gone.id }, params: {}, link: null, eventKey: 'merge-test' })}::jsonb, 'dead', now())`.execute(t.owner);

    // Every other table that references organizations gets a row of the merged street: one existing row is pointed at
    // it (with its copied path), so a table added later is exercised without this test knowing it.
    const references = await orgReferences();
    const covered: string[] = [];
    const empty: string[] = [];
    for (const r of references) {
      const key = `${r.table}.${r.column}`;
      if (r.table === 'orgs' || key in HISTORY) continue;
      const has = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(r.table)} WHERE ${sql.ref(r.column)} = ${gone.id}`.execute(t.owner))
        .rows[0]!.n;
      if (has > 0) {
        covered.push(key);
        continue;
      }
      const pathCol = await pathColumnOf(r.table, r.column);
      const set = pathCol ? sql`${sql.ref(r.column)} = ${gone.id}, ${sql.ref(pathCol)} = ${gonePath}::ltree` : sql`${sql.ref(r.column)} = ${gone.id}`;
      // A row none of whose organization columns names the merged street yet (a transfer's two sides stay distinct).
      const untouched = sql.join(
        references.filter((x) => x.table === r.table).map((x) => sql`${sql.ref(x.column)} IS DISTINCT FROM ${gone.id}`),
        sql` AND `,
      );
      const n = Number(
        (await sql`UPDATE ${sql.table(r.table)} SET ${set} WHERE ctid = (SELECT ctid FROM ${sql.table(r.table)} WHERE ${untouched} LIMIT 1)`.execute(t.owner))
          .numAffectedRows ?? 0,
      );
      (n > 0 ? covered : empty).push(key);
    }
    // A service's provider list names its providers by id: the merged street co-provides one.
    await sql`UPDATE cat_services SET providers = providers || ${JSON.stringify([{ id: gone.id, name: gone.name }])}::jsonb
      WHERE id = (SELECT min(id) FROM cat_services WHERE org_id <> ${gone.id})`.execute(t.owner);
    expect(covered.length, `tables without rows to point at the merged unit: ${empty.join(', ')}`).toBeGreaterThanOrEqual(45);

    // Scope: the surviving street may not merge its neighbour into itself, nor may the merged street's own staff.
    expect((await keptStaff.post('/api/orgs/merge', { fromId: gone.id, intoId: keptStreet.id, dryRun: true })).status).toBe(404);
    expect((await goneStaff.post('/api/orgs/merge', { fromId: gone.id, intoId: keptStreet.id })).status).toBe(404);

    const before = await pointing(gone.id);
    const preview = await districtAdmin.post('/api/orgs/merge', { fromId: gone.id, intoId: keptStreet.id, dryRun: true });
    expect(preview.status).toBe(200);
    expect(await pointing(gone.id)).toEqual(before);
    const r = await districtAdmin.post('/api/orgs/merge', { fromId: gone.id, intoId: keptStreet.id });
    expect(r.status).toBe(200);
    // The preview counted exactly what moved.
    expect(r.body.moved).toEqual(preview.body.moved);
    const moved = Object.fromEntries((r.body.moved as Array<{ kind: string; count: number }>).map((m) => [m.kind, m.count]));
    const fkCount = new Map<string, number>();
    for (const x of references) fkCount.set(x.table, (fkCount.get(x.table) ?? 0) + 1);
    for (const [key, n] of Object.entries(before)) {
      const table = key.split('.')[0]!;
      if (key in HISTORY || fkCount.get(table) !== 1 || !(table in moved)) continue;
      expect(moved[table], key).toBe(n);
    }
    expect(moved.units_below).toBe(1);
    expect(moved.talent_programmes).toBe(1);
    expect(moved.notifications_queued).toBe(1);

    // No foreign key to organizations, outside history, still names the merged street.
    const left = await pointing(gone.id);
    expect(Object.keys(left).filter((k) => !(k in HISTORY))).toEqual([]);
    // No copied organization path lies under the merged street's path, but its own row's.
    for (const c of await ltreeColumns()) {
      const n = (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(c.table)} WHERE ${sql.ref(c.column)} <@ ${gonePath}::ltree`.execute(t.owner)
      ).rows[0]!.n;
      expect(n, `${c.table}.${c.column}`).toBe(c.table === 'orgs' && c.column === 'path' ? 1 : 0);
    }
    const inProviders = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM cat_services WHERE providers @> ${JSON.stringify([{ id: gone.id }])}::jsonb`.execute(t.owner)
    ).rows[0]!.n;
    expect(inProviders).toBe(0);
    const queued = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE payload->'to'->'orgId' = to_jsonb(${gone.id}::bigint)`.execute(t.owner))
      .rows[0]!.n;
    expect(queued).toBe(0);

    // The survivor now sponsors both choirs, the merged street's under its name in brackets.
    const choirs = (await sql<{ name: string }>`SELECT name FROM cultural_societies WHERE org_id = ${keptStreet.id} ORDER BY name`.execute(t.c.db)).rows.map(
      (x) => x.name,
    );
    expect(choirs).toEqual(['街道合唱团', `街道合唱团（${gone.name}）`]);
    // One audit entry, naming both units and what moved.
    const audit = (
      await sql<{
        detail: { into: number; moved: Record<string, number> };
      }>`SELECT detail FROM audit_log WHERE action = 'org.merge' AND object_id = ${String(gone.id)}`.execute(t.c.db)
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail.into).toBe(keptStreet.id);
    expect(audit[0]!.detail.moved.talent_programmes).toBe(1);
  });
});
