import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCity } from '../../db/seed/city.js';
import { CITY_BENEFITS } from '../../db/seed/city-benefits.js';
import { rankEntrants } from '../benefits/benefits.policy.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let city: Client;
let district: Client;
let street: Client;
let street2: Client;
let streetCode: string;
let street2Code: string;

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
}

/** Every card of an area counted directly over the records, independently of the rollup definitions. */
async function direct(regionPath: string, period: { from?: string; to?: string } = {}) {
  const db = t.c.db;
  const inR = (col: string) => sql`${sql.ref(col)} <@ ${regionPath}::ltree`;
  const inP = (expr: string) => sql`(${sql.raw(expr)} >= ${period.from ?? '0000-00'} AND ${sql.raw(expr)} <= ${period.to ?? '9999-99'})`;
  const one = async (q: ReturnType<typeof sql>) => Number(((await q.execute(db)).rows[0] as { n: string | number | null }).n ?? 0);
  const requests = await one(sql`SELECT count(*) AS n FROM requests WHERE ${inR('region_path')} AND ${inP("to_char(submitted_on, 'YYYY-MM')")}`);
  const resolved = await one(
    sql`SELECT count(*) AS n FROM requests WHERE ${inR('region_path')} AND ${inP("to_char(submitted_on, 'YYYY-MM')")} AND status IN ('resolved', 'closed')`,
  );
  const ratingsAll = await one(
    sql`SELECT count(*) AS n FROM ratings r JOIN orgs o ON o.id = r.org_id WHERE ${inR('o.region_path')} AND NOT r.excluded AND ${inP("to_char(r.rated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
  );
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
  const gaps = await one(sql`
    SELECT count(*) AS n FROM regions c CROSS JOIN venue_types t
    WHERE c.level = 'community' AND c.path <@ ${regionPath}::ltree AND t.expected
      AND NOT EXISTS (SELECT 1 FROM venues v WHERE v.status = 'active' AND v.type_code = t.code AND v.region_path <@ c.path)`);
  return {
    units: await one(sql`SELECT count(*) AS n FROM orgs WHERE status = 'active' AND ${inR('region_path')}`),
    members: await one(sql`SELECT count(*) AS n FROM union_members WHERE left_on IS NULL AND ${inR('region_path')}`),
    socialWorkers: await one(
      sql`SELECT count(*) AS n FROM staff_members s JOIN orgs o ON o.id = s.org_id WHERE s.ended_on IS NULL AND ${inR('o.region_path')}`,
    ),
    leaders: await one(
      sql`SELECT count(*) AS n FROM leadership_members s JOIN orgs o ON o.id = s.org_id WHERE (s.term_end IS NULL OR s.term_end >= (now() AT TIME ZONE 'Asia/Shanghai')::date) AND ${inR('o.region_path')}`,
    ),
    requests,
    responseRate: rate(
      await one(
        sql`SELECT count(*) AS n FROM requests WHERE ${inR('region_path')} AND ${inP("to_char(submitted_on, 'YYYY-MM')")} AND responded_at IS NOT NULL`,
      ),
      requests,
    ),
    resolutionRate: rate(resolved, requests),
    onTimeRate: rate(
      await one(
        sql`SELECT count(*) AS n FROM requests WHERE ${inR('region_path')} AND ${inP("to_char(submitted_on, 'YYYY-MM')")} AND (resolved_at AT TIME ZONE 'Asia/Shanghai')::date <= resolve_due`,
      ),
      resolved,
    ),
    satisfactionRate: rate(
      await one(
        sql`SELECT count(*) AS n FROM ratings r JOIN orgs o ON o.id = r.org_id WHERE ${inR('o.region_path')} AND NOT r.excluded AND r.level <= 3 AND ${inP("to_char(r.rated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
      ),
      ratingsAll,
    ),
    disputes: await one(sql`SELECT count(*) AS n FROM dispute_cases WHERE ${inR('region_path')} AND ${inP("to_char(opened_on, 'YYYY-MM')")}`),
    disputesMediated: await one(
      sql`SELECT count(*) AS n FROM dispute_cases WHERE ${inR('region_path')} AND outcome IN ('mediated', 'confirmed') AND ${inP("to_char(opened_on, 'YYYY-MM')")}`,
    ),
    venues: await one(sql`SELECT count(*) AS n FROM venues WHERE status = 'active' AND ${inR('region_path')}`),
    coverageGaps: gaps,
    volunteers: await one(sql`SELECT count(*) AS n FROM volunteers WHERE status = 'active' AND ${inR('region_path')}`),
    volunteerHours: await one(
      sql`SELECT round(sum(h.hours), 2) AS n FROM volunteer_hours h JOIN orgs o ON o.id = h.org_id WHERE h.status = 'confirmed' AND ${inR('o.region_path')} AND ${inP("to_char(h.service_date, 'YYYY-MM')")}`,
    ),
    activities: await one(
      sql`SELECT count(*) AS n FROM activities WHERE status = 'published' AND ${inR('region_path')} AND ${inP("to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
    ),
    personTimes: await one(
      sql`SELECT coalesce(sum(person_times), 0) AS n FROM activities WHERE status = 'published' AND ${inR('region_path')} AND ${inP("to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
    ),
    benefitClaims: await one(sql`SELECT count(*) AS n FROM benefit_claims c JOIN orgs o ON o.id = c.member_org_id
      WHERE c.status IN ('issued', 'redeemed') AND ${inR('o.region_path')} AND ${inP("to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`),
    socialOrgs: await one(sql`SELECT count(*) AS n FROM sorg_orgs WHERE status = 'active' AND ${inR('region_path')}`),
    // Person-times are recorded per district: a street has none to show; the city counts those of no district too.
    benefitPersonTimes:
      regionPath.split('.').length >= 3
        ? null
        : await one(sql`SELECT coalesce(sum(count), 0) AS n FROM benefit_usage
      WHERE ${regionPath.includes('.') ? sql`district_code = ${regionPath.split('.')[1]!}` : sql`true`} AND ${inP("to_char(day, 'YYYY-MM')")}`),
  };
}

async function directByType(regionPath: string) {
  return Object.fromEntries(
    (
      await sql<{
        k: string;
        n: number;
      }>`SELECT type_code AS k, count(*)::int AS n FROM orgs WHERE status = 'active' AND region_path <@ ${regionPath}::ltree GROUP BY 1`.execute(t.c.db)
    ).rows.map((r) => [r.k, r.n]),
  );
}

beforeAll(async () => {
  t = await setupTestEnv();
  city = await t.as('union.city');
  district = await t.as('union.district');
  street = await t.as('union.street');
  street2 = await t.as('union.street2');
  streetCode = (await me(street)).scope.regionPath.split('.')[2]!;
  street2Code = (await me(street2)).scope.regionPath.split('.')[2]!;
}, 120_000);
afterAll(async () => t?.close());

describe('dashboard over the demo data', () => {
  it('shows each area its figures, equal to direct counts over the records', async () => {
    const c = await city.get('/api/dashboard');
    expect(c.status).toBe(200);
    expect(c.body.cards).toEqual(await direct('5101'));
    expect(Object.fromEntries(c.body.tables.unitsByType.map((r: { code: string; value: number }) => [r.code, r.value]))).toEqual(await directByType('5101'));
    expect(c.body.districts).toHaveLength(20);
    const d = await district.get('/api/dashboard');
    expect(d.body.area.district).toBe('510104');
    expect(d.body.cards).toEqual(await direct('5101.510104'));
    const s = await street.get('/api/dashboard');
    expect(s.body.area.street).toBe(streetCode);
    expect(s.body.cards).toEqual(await direct(`5101.510104.${streetCode}`));
    expect(s.body.cards.units).toBeGreaterThan(0);
  });

  it('refuses an area outside the scope as NOT_FOUND, and a neighbouring street cannot see or drill into mine', async () => {
    expect((await street2.get('/api/dashboard', { query: { street: streetCode } })).status).toBe(404);
    expect((await street2.get('/api/dashboard/members', { query: { street: streetCode } })).status).toBe(404);
    expect((await street2.get('/api/dashboard/export', { query: { table: 'unitsByType', street: streetCode } })).status).toBe(404);
    expect((await street2.get('/api/dashboard', { query: { street: street2Code } })).status).toBe(200);
    expect((await district.get('/api/dashboard', { query: { district: '510105' } })).status).toBe(404);
    expect((await street.get('/api/dashboard', { query: { district: '510104', street: street2Code } })).status).toBe(404);
    expect((await (await t.as('union.community')).get('/api/dashboard')).status).toBe(404);
    expect((await (await t.as('sysadmin')).get('/api/dashboard')).status).toBe(403);
    expect((await city.get('/api/dashboard', { query: { district: '999999' } })).status).toBe(404);
    const bad = await city.get('/api/dashboard', { query: { from: '2026-13' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.field).toContain('from');
    expect((await city.get('/api/dashboard', { query: { from: '2026-09', to: '2026-01' } })).status).toBe(400);
    expect((await t.anonymous.get('/api/dashboard')).status).toBe(401);
  });

  it('exports a table to Excel and audits it', async () => {
    const r = await street.get('/api/dashboard/export', { query: { table: 'unitsByType' } });
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    expect(r.raw.subarray(0, 2).toString()).toBe('PK');
    const a = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dashboard.export'`.execute(t.c.db);
    expect(a.rows[0]!.n).toBe(1);
  });

  it('keeps the rollups equal to a full recomputation through inserts, updates and deletes in one transaction or many', async () => {
    const before = (await street.get('/api/dashboard')).body.cards;
    const org = await sql<{ id: number; region_code: string; region_path: string }>`
      SELECT id, region_code, region_path::text AS region_path FROM orgs WHERE type_code = 'union' AND region_path <@ ${`5101.510104.${streetCode}`}::ltree AND level = 'street'`.execute(
      t.c.db,
    );
    const o = org.rows[0]!;
    await t.c.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO union_members (org_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path)
        SELECT ${o.id}, 'M' || lpad(g::text, 10, '0'), '王*', CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, 1990, date '2025-03-01', ${o.region_code}, ${o.region_path}::ltree
        FROM generate_series(900000001, 900000010) g`.execute(trx);
      await sql`UPDATE union_members SET left_on = date '2026-01-01' WHERE member_no IN ('M0900000001', 'M0900000002')`.execute(trx);
    });
    await sql`DELETE FROM union_members WHERE member_no = 'M0900000003'`.execute(t.c.db);
    await sql`UPDATE union_members SET gender = 'female' WHERE member_no = 'M0900000005'`.execute(t.c.db);
    const after = (await street.get('/api/dashboard')).body;
    expect(after.cards.members).toBe(before.members + 7);
    expect(after.cards).toEqual(await direct(`5101.510104.${streetCode}`));
    const m = await street.get('/api/dashboard/members', { query: { pageSize: '50' } });
    expect(m.status).toBe(200);
    expect(m.body.total).toBe(after.cards.members);
    expect(m.body.items.every((x: { nameMasked: string }) => x.nameMasked.includes('*'))).toBe(true);
    // Archiving a unit through the organizations API leaves the rollup equal to the recomputation.
    const leaf = await sql<{ id: number; version: number }>`
      SELECT o.id, o.version FROM orgs o WHERE o.type_code = 'union' AND o.level = 'grassroots' AND o.region_path <@ ${`5101.510104.${streetCode}`}::ltree
        AND NOT EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id) AND NOT EXISTS (SELECT 1 FROM union_members u WHERE u.org_id = o.id) LIMIT 1`.execute(
      t.c.db,
    );
    if (leaf.rows[0]) {
      const r = await street.post(`/api/orgs/${leaf.rows[0].id}/archive`);
      expect([200, 204]).toContain(r.status);
      expect((await street.get('/api/dashboard')).body.cards.units).toBe(after.cards.units - 1);
    }
    const v = await t.c.dashboard.verify();
    expect(v.metrics.flatMap((x) => x.mismatches)).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it('gives the same figures before and after the deltas are folded into the rollup', async () => {
    const before = await t.c.dashboard.verify();
    expect(before.ok).toBe(true);
    const pending = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM dashboard_delta`.execute(t.c.db)).rows[0]!.n);
    expect(pending).toBeGreaterThan(0);
    expect(await t.c.dashboard.fold()).toBe(pending);
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM dashboard_delta`.execute(t.c.db)).rows[0]!.n)).toBe(0);
    const after = await t.c.dashboard.verify();
    expect(after.ok).toBe(true);
    expect(after.metrics.map((m) => m.cityTotal)).toEqual(before.metrics.map((m) => m.cityTotal));
  });

  it('lets two transactions that change the same city figures commit without waiting for each other', async () => {
    const org = (
      await sql<{ id: number; region_code: string; region_path: string }>`SELECT id, region_code, region_path::text AS region_path FROM orgs
      WHERE type_code = 'union' AND level = 'community' LIMIT 1`.execute(t.c.db)
    ).rows[0]!;
    const member = (no: string) => sql`INSERT INTO union_members (org_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path)
      VALUES (${org.id}, ${no}, '王*', 'female', 1990, date '2026-01-05', ${org.region_code}, ${org.region_path}::ltree)`;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted = false;
    const first = t.c.db.transaction().execute(async (trx) => {
      await member('M99000000001').execute(trx);
      inserted = true;
      await held;
    });
    await expect.poll(() => inserted).toBe(true);
    const second = await Promise.race([
      t.c.db.transaction().execute(async (trx) => {
        await member('M99000000002').execute(trx);
        return 'committed' as const;
      }),
      new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 3000)),
    ]);
    release();
    await first;
    expect(second).toBe('committed');
    expect((await t.c.dashboard.verify()).ok).toBe(true);
  });

  it('detects a rollup that drifted from the records', async () => {
    await t.c.dashboard.fold();
    await sql`UPDATE dashboard_rollup SET value = value + 1 WHERE metric = 'org_units' AND district = '*' AND street = '*' AND dim = 'union.city' AND month = '*'`.execute(
      t.c.db,
    );
    const v = await t.c.dashboard.verify();
    expect(v.ok).toBe(false);
    expect(v.metrics.find((m) => m.metric === 'org_units')!.mismatches).toHaveLength(1);
    await sql`UPDATE dashboard_rollup SET value = value - 1 WHERE metric = 'org_units' AND district = '*' AND street = '*' AND dim = 'union.city' AND month = '*'`.execute(
      t.c.db,
    );
    expect((await t.c.dashboard.verify()).ok).toBe(true);
  });
});

describe('the seed-scale city at scale 0.01 and its dashboard', () => {
  beforeAll(async () => {
    await seedCity(t.owner, t.ownerPool, t.c.keyring, 0.01, undefined, { compareRaw: true });
  }, 300_000);

  it('has every figure of the city, of a district and of a street equal to a direct SQL count over the generated data', async () => {
    const c = (await city.get('/api/dashboard')).body;
    expect(c.cards.members).toBeGreaterThan(40_000);
    expect(c.cards).toEqual(await direct('5101'));
    expect(Object.fromEntries(c.tables.unitsByType.map((r: { code: string; value: number }) => [r.code, r.value]))).toEqual(await directByType('5101'));
    const prog = (
      await sql<{ k: string; n: number }>`SELECT programme AS k, count(*)::int AS n FROM staff_members WHERE ended_on IS NULL GROUP BY 1`.execute(t.c.db)
    ).rows;
    expect(Object.fromEntries(c.tables.socialWorkers.map((r: { code: string; value: number }) => [r.code, r.value]))).toEqual(
      Object.fromEntries(prog.map((r) => [r.k, r.n])),
    );
    const gender = (
      await sql<{ k: string; n: number }>`SELECT gender AS k, count(*)::int AS n FROM union_members WHERE left_on IS NULL GROUP BY 1`.execute(t.c.db)
    ).rows;
    expect(Object.fromEntries(c.tables.membersByGender.map((r: { code: string; value: number }) => [r.code, r.value]))).toEqual(
      Object.fromEntries(gender.map((r) => [r.k, r.n])),
    );
    for (const d of c.districts as { code: string; values: Record<string, number> }[]) expect(d.values).toEqual(await direct(`5101.${d.code}`));
    expect((await district.get('/api/dashboard')).body.cards).toEqual(await direct('5101.510104'));
    expect((await street.get('/api/dashboard')).body.cards).toEqual(await direct(`5101.510104.${streetCode}`));
    // The six months before the current one, whatever the year.
    const month = (back: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - back);
      return d.toISOString().slice(0, 7);
    };
    const [from, to] = [month(6), month(1)];
    const p = (await city.get('/api/dashboard', { query: { from, to } })).body;
    expect(p.cards).toEqual(await direct('5101', { from, to }));
    const joined = (
      await sql<{ k: string; n: number }>`SELECT to_char(joined_on, 'YYYY-MM') AS k, count(*)::int AS n FROM union_members
      WHERE joined_on >= ${`${from}-01`}::date AND joined_on < ${`${month(0)}-01`}::date GROUP BY 1`.execute(t.c.db)
    ).rows;
    expect(joined.length).toBeGreaterThan(0);
    expect(
      Object.fromEntries(
        p.trend
          .filter((x: { values: Record<string, number> }) => x.values.members_joined)
          .map((x: { month: string; values: Record<string, number> }) => [x.month, x.values.members_joined]),
      ),
    ).toEqual(Object.fromEntries(joined.map((r) => [r.k, r.n])));
  }, 120_000);

  it('generates benefit claims that keep every rule of the claim path, and shows them on the dashboard', async () => {
    const n = async (q: ReturnType<typeof sql>) => Number(((await q.execute(t.c.db)).rows[0] as { n: string | number }).n);
    const holding = sql.raw(`status IN ('issued', 'redeemed')`);
    expect(await n(sql`SELECT count(*) AS n FROM benefit_claims WHERE ${holding}`)).toBeGreaterThan(1_000);
    // Never more vouchers than the quota; the slices hold exactly what the vouchers leave.
    expect(
      await n(sql`SELECT count(*) AS n FROM benefit_offers o WHERE (SELECT count(*) FROM benefit_claims c WHERE c.offer_id = o.id AND c.${holding}) > o.quota`),
    ).toBe(0);
    expect(
      await n(sql`SELECT count(*) AS n FROM benefit_offers o
      WHERE o.quota <> (SELECT coalesce(sum(remaining), 0) FROM benefit_quota_slices s WHERE s.offer_id = o.id) + (SELECT count(*) FROM benefit_claims c WHERE c.offer_id = o.id AND c.${holding})`),
    ).toBe(0);
    // The per-member counters equal the claims that count against the limit, and none is over it.
    expect(
      await n(sql`SELECT count(*) AS n FROM benefit_member_counts m FULL JOIN (
        SELECT offer_id, person_id, period, count(*) FILTER (WHERE status NOT IN ('cancelled', 'rejected')) AS k FROM benefit_claims GROUP BY 1, 2, 3) c
      USING (offer_id, person_id, period) WHERE m.used IS DISTINCT FROM c.k`),
    ).toBe(0);
    expect(await n(sql`SELECT count(*) AS n FROM benefit_member_counts m JOIN benefit_offers o ON o.id = m.offer_id WHERE m.used > o.per_member_limit`)).toBe(
      0,
    );
    // Every claimant was a member of a union in the offer's subtree and had joined by the claim; claims fall in the last year.
    expect(
      await n(sql`SELECT count(*) AS n FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id JOIN union_members m ON m.id = c.member_id
      JOIN orgs u ON u.id = m.org_id
      WHERE NOT (u.path <@ o.eligible_org_path) OR m.person_id <> c.person_id OR m.joined_on > (c.created_at AT TIME ZONE 'Asia/Shanghai')::date`),
    ).toBe(0);
    expect(await n(sql`SELECT count(*) AS n FROM benefit_claims WHERE created_at > now() OR created_at < now() - interval '366 days'`)).toBe(0);
    expect(
      await n(
        sql`SELECT count(*) AS n FROM benefit_claims WHERE redeemed_at IS NOT NULL AND (redeemed_at < created_at OR redeemed_at > least(expires_at, now()))`,
      ),
    ).toBe(0);
    // A year of person-times, within 15 % of the city's 150 million at this scale, with online services' reports among them.
    const personTimes = await n(sql`SELECT coalesce(sum(count), 0) AS n FROM benefit_usage`);
    expect(Math.abs(personTimes / (CITY_BENEFITS.personTimes * 0.01) - 1)).toBeLessThan(0.15);
    expect(await n(sql`SELECT count(*) AS n FROM benefit_usage WHERE source = 'report'`)).toBeGreaterThan(0);
    // A drawn lottery re-runs from its published seed and entrants to exactly the claims holding vouchers.
    const drawn = (
      await sql<{ id: number; seed: string; entrants: string[]; places: number }>`
      SELECT id::int AS id, lottery_seed AS seed, lottery_entrants::text[] AS entrants, lottery_places AS places FROM benefit_offers WHERE status = 'drawn'`.execute(
        t.c.db,
      )
    ).rows;
    expect(drawn.length).toBeGreaterThan(0);
    for (const o of drawn) {
      const claims = (
        await sql<{ id: number; status: string }>`SELECT id::int AS id, status FROM benefit_claims WHERE offer_id = ${o.id} AND status <> 'cancelled'`.execute(
          t.c.db,
        )
      ).rows;
      const entrants = o.entrants.map(Number);
      expect(entrants.sort((a, b) => a - b)).toEqual(claims.map((c) => c.id).sort((a, b) => a - b));
      const winners = rankEntrants(o.seed, entrants)
        .slice(0, o.places)
        .sort((a, b) => a - b);
      expect(
        claims
          .filter((c) => c.status === 'issued' || c.status === 'redeemed')
          .map((c) => c.id)
          .sort((a, b) => a - b),
      ).toEqual(winners);
      expect(claims.filter((c) => c.status === 'lost')).toHaveLength(entrants.length - winners.length);
    }
    // The dashboard: claims by kind and by district add up to the card, which direct counts confirmed above.
    const c = (await city.get('/api/dashboard')).body;
    expect(c.cards.benefitClaims).toBe(await n(sql`SELECT count(*) AS n FROM benefit_claims WHERE ${holding}`));
    expect(c.cards.benefitPersonTimes).toBe(personTimes);
    const total = (rows: { value: number }[]) => rows.reduce((s, r) => s + r.value, 0);
    expect(total(c.tables.benefitClaimsByKind)).toBe(c.cards.benefitClaims);
    expect(total(c.tables.benefitClaimsByDistrict)).toBe(c.cards.benefitClaims);
    expect(total(c.tables.benefitPersonTimesBySource)).toBe(personTimes);
    expect((await street.get('/api/dashboard')).body.cards.benefitPersonTimes).toBeNull();
  }, 120_000);

  it('counts leaders whose term ends today or later, not those whose term has ended', async () => {
    const before = (await street.get('/api/dashboard')).body;
    // Terms that end in the future are the common case: the demo has no open-ended term at all.
    expect(before.cards.leaders).toBeGreaterThan(0);
    const org = await sql<{
      id: number;
    }>`SELECT id FROM orgs WHERE type_code = 'union' AND level = 'street' AND region_path <@ ${`5101.510104.${streetCode}`}::ltree`.execute(t.c.db);
    const person = await sql<{ id: number }>`SELECT id FROM people LIMIT 1`.execute(t.c.db);
    const today = (await sql<{ d: string }>`SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS d`.execute(t.c.db)).rows[0]!.d;
    const ins = (end: string | null) =>
      sql`INSERT INTO leadership_members (org_id, person_id, post, term_start, term_end, staffing_mode)
      VALUES (${org.rows[0]!.id}, ${person.rows[0]!.id}, '委员', date '2020-01-01', ${end}::date, 'part_time')`.execute(t.c.db);
    await ins(today); // ends today: still serving
    await ins('2099-12-31');
    await ins(null);
    await ins('2021-06-30'); // ended
    const after = (await street.get('/api/dashboard')).body;
    expect(after.cards.leaders).toBe(before.cards.leaders + 3);
    expect(after.cards).toEqual(await direct(`5101.510104.${streetCode}`));
    const partTime = (b: { tables: { leadership: { code: string; value: number }[] } }) =>
      b.tables.leadership.find((r) => r.code === 'mode.part_time')?.value ?? 0;
    expect(partTime(after)).toBe(partTime(before) + 3);
    expect(after.tables.leadership.every((r: { code: string }) => !r.code.includes('@'))).toBe(true);
    const v = await t.c.dashboard.verify();
    expect(v.ok).toBe(true);
  });

  it('answers the map with null when none was uploaded, says so in the dashboard, and a rate with null when its base is zero', async () => {
    expect((await street.get('/api/dashboard')).body.hasMap).toBe(false);
    const m = await street.get('/api/dashboard/map');
    expect(m.status).toBe(200);
    expect(m.body).toBeNull();
    expect((await t.anonymous.get('/api/dashboard/map')).status).toBe(401);
    // A street with no ratings in an empty period: no satisfaction rate rather than 0 %.
    const empty = await street2.get('/api/dashboard', { query: { from: '2001-01', to: '2001-01' } });
    expect(empty.status).toBe(200);
    expect(empty.body.cards.requests).toBe(0);
    expect(empty.body.cards.satisfactionRate).toBeNull();
    expect(empty.body.cards.responseRate).toBeNull();
  });

  it('reads the same figures from the rollup as from the naive recomputation, and the rollup verifies', async () => {
    const v = await t.c.dashboard.verify();
    expect(v.ok).toBe(true);
    const members = v.metrics.find((m) => m.metric === 'members')!;
    expect(members.cityTotal.rollup).toBe(
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM union_members WHERE left_on IS NULL`.execute(t.c.db)).rows[0]!.n),
    );
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'seed_raw_%'`.execute(t.c.db);
    expect(raw.rows[0]!.n).toBe(0);
  });
});
