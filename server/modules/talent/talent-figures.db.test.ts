import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

/**
 * The talent figures (GET /api/talent/figures) against counts taken here in SQL a different way: the scope from the
 * live organization tree (not the programme's copied path), the district from the organization's region, the period
 * from the enrolment's China month as text.
 */
let t: TestEnv;
let city: Client;
let district: Client;
let street: Client;
let neighbour: Client;
let streetMe = { orgId: 0, regionCode: '' };
let neighbourOrgId = 0;
let phoneSeq = 0;

type Figures = {
  totals: { programmes: number; enrolled: number; completed: number; certificates: number };
  byDistrict: Array<{ code: string | null; name: string; enrolled: number; completed: number }>;
  byOrg: Array<{ orgId: number; orgName: string; programmes: number; enrolled: number; completed: number }>;
};

/** The China month `n` months from now, YYYY-MM. */
const month = (n: number): string => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
};

async function me(c: Client) {
  const b = (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
  return { orgId: b.orgId, regionCode: b.scope.regionPath.split('.').pop()! };
}

async function person(c: Client, regionCode: string) {
  phoneSeq++;
  const r = await c.post('/api/people', {
    name: `学员${phoneSeq}`,
    phone: `1360000${String(3000 + phoneSeq).slice(-4)}`,
    gender: 'female',
    birthDate: '1990-05-16',
    regionCode,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}

/** A programme of `orgId` needing no session, with one enrolment per outcome given. */
async function programme(c: Client, orgId: number, regionCode: string, outcomes: Array<'enrolled' | 'completed' | 'failed' | 'certified'>) {
  const p = await c.post('/api/talent-programmes', {
    orgId,
    name: `工匠班${orgId}-${phoneSeq}`,
    kind: 'craftsman',
    eligibility: 'open',
    requiredSessions: 0,
    capacity: 50,
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const enrolments: number[] = [];
  for (const o of outcomes) {
    const x = await person(c, regionCode);
    const e = await c.post(`/api/talent-programmes/${p.body.id}/enrolments`, { personId: x.id });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    enrolments.push(e.body.id);
    if (o === 'enrolled') continue;
    const a = await c.post(`/api/talent-enrolments/${e.body.id}/assessment`, {
      score: o === 'failed' ? 40 : 85,
      passed: o !== 'failed',
      version: e.body.version,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    if (o === 'certified') expect((await c.get(`/api/talent-enrolments/${e.body.id}/certificate`)).status).toBe(200);
  }
  return { id: p.body.id as number, enrolments };
}

/** The figures of the subtree of `orgId` counted independently: live organization paths, districts from the regions, text months. */
async function expected(orgId: number, period: { from?: string; to?: string } = {}): Promise<Figures> {
  const inPeriod = sql`(${period.from ?? null}::text IS NULL OR to_char(e.enrolled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') >= ${period.from ?? null}::text)
    AND (${period.to ?? null}::text IS NULL OR to_char(e.enrolled_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') <= ${period.to ?? null}::text)`;
  const mine = sql`SELECT tp.id, tp.org_id, o.region_code FROM talent_programmes tp JOIN orgs o ON o.id = tp.org_id
    WHERE o.path <@ (SELECT path FROM orgs WHERE id = ${orgId})`;
  const rows = (
    await sql<{ programme_id: number; org_id: number; district: string | null; enrolment_id: number | null; status: string | null; certified: boolean }>`
      SELECT m.id::int AS programme_id, m.org_id::int AS org_id,
        (SELECT d.code FROM regions r JOIN regions d ON d.level = 'district' AND r.path <@ d.path WHERE r.code = m.region_code) AS district,
        e.id::int AS enrolment_id, e.status, EXISTS (SELECT 1 FROM talent_certificates c WHERE c.enrolment_id = e.id) AS certified
      FROM (${mine}) m LEFT JOIN talent_enrolments e ON e.programme_id = m.id AND ${inPeriod}`.execute(t.c.db)
  ).rows;
  const enrolled = rows.filter((r) => r.enrolment_id !== null);
  const districts = new Map<string | null, { enrolled: number; completed: number }>();
  const orgs = new Map<number, { programmes: Set<number>; enrolled: number; completed: number }>();
  for (const r of rows) {
    const d = districts.get(r.district) ?? { enrolled: 0, completed: 0 };
    const o = orgs.get(r.org_id) ?? { programmes: new Set<number>(), enrolled: 0, completed: 0 };
    o.programmes.add(r.programme_id);
    if (r.enrolment_id !== null) {
      d.enrolled++;
      o.enrolled++;
      if (r.status === 'completed') {
        d.completed++;
        o.completed++;
      }
    }
    districts.set(r.district, d);
    orgs.set(r.org_id, o);
  }
  return {
    totals: {
      programmes: new Set(rows.map((r) => r.programme_id)).size,
      enrolled: enrolled.length,
      completed: enrolled.filter((r) => r.status === 'completed').length,
      certificates: enrolled.filter((r) => r.certified).length,
    },
    byDistrict: [...districts].map(([code, v]) => ({ code, name: '', ...v })),
    byOrg: [...orgs].map(([orgId, v]) => ({ orgId, orgName: '', programmes: v.programmes.size, enrolled: v.enrolled, completed: v.completed })),
  };
}

/** The figures without names, in a fixed order, to compare with `expected`. */
const counts = (f: Figures) => ({
  totals: f.totals,
  byDistrict: f.byDistrict
    .map((d) => ({ code: d.code, enrolled: d.enrolled, completed: d.completed }))
    .sort((a, b) => String(a.code).localeCompare(String(b.code))),
  byOrg: f.byOrg.map((o) => ({ orgId: o.orgId, programmes: o.programmes, enrolled: o.enrolled, completed: o.completed })).sort((a, b) => a.orgId - b.orgId),
});

async function figures(c: Client, query = ''): Promise<Figures> {
  const r = await c.get(`/api/talent/figures${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Figures;
}

beforeAll(async () => {
  t = await setupTestEnv();
  [city, district, street] = (await Promise.all(['union.city', 'union.district', 'union.street'].map((u) => t.as(u)))) as [Client, Client, Client];
  streetMe = await me(street);
  // The union of the neighbouring district (青羊区, beside 锦江区 where union.district sits) and an administrator of it.
  neighbourOrgId = (
    await sql<{ id: number }>`SELECT id::int AS id FROM orgs WHERE type_code = 'union' AND level = 'district' AND region_code = '510105'`.execute(t.c.db)
  ).rows[0]!.id;
  neighbour = await factories(t).staff(neighbourOrgId, ['org_admin']);

  const districtMe = await me(district);
  const p1 = await programme(street, streetMe.orgId, streetMe.regionCode, ['certified', 'completed', 'failed', 'enrolled', 'completed']);
  await programme(district, districtMe.orgId, districtMe.regionCode, ['enrolled', 'certified']);
  await programme(neighbour, neighbourOrgId, '510105', ['certified', 'enrolled']);
  // Two enrolments of the street's programme were made four months ago (one of them completed).
  await sql`UPDATE talent_enrolments SET enrolled_at = now() - interval '4 months' WHERE id IN (${p1.enrolments[3]!}, ${p1.enrolments[4]!})`.execute(t.owner);
});
afterAll(async () => {
  await t?.close();
});

describe('talent figures: counted in the database for the caller’s scope', () => {
  it('equals independent counts for the city, with and without a period of enrolment months', async () => {
    const cityMe = await me(city);
    const all = await figures(city);
    expect(counts(all)).toEqual(counts(await expected(cityMe.orgId)));
    expect(all.totals.enrolled).toBeGreaterThanOrEqual(9);
    expect(all.totals.certificates).toBeGreaterThanOrEqual(3);
    // Names come with the rows: the district's name from the regions, city-level programmes as 市本级.
    expect(all.byDistrict.find((d) => d.code === '510104')?.name).toBe('锦江区');
    expect(all.byDistrict.find((d) => d.code === '510105')?.name).toBe('青羊区');
    expect(all.byOrg.find((o) => o.orgId === streetMe.orgId)?.orgName).toBeTruthy();
    expect(all.byOrg.map((o) => o.enrolled)).toEqual([...all.byOrg.map((o) => o.enrolled)].sort((a, b) => b - a));

    const now = await figures(city, `?from=${month(-1)}&to=${month(0)}`);
    expect(counts(now)).toEqual(counts(await expected(cityMe.orgId, { from: month(-1), to: month(0) })));
    const earlier = await figures(city, `?from=${month(-5)}&to=${month(-3)}`);
    expect(counts(earlier)).toEqual(counts(await expected(cityMe.orgId, { from: month(-5), to: month(-3) })));
    expect(earlier.totals).toMatchObject({ enrolled: 2, completed: 1, certificates: 0 });
    expect(now.totals.enrolled + earlier.totals.enrolled).toBe(all.totals.enrolled);
    expect(earlier.byOrg.find((o) => o.orgId === streetMe.orgId)).toMatchObject({ programmes: 1, enrolled: 2, completed: 1 });
    expect(counts(await figures(city, `?from=${month(-3)}`))).toEqual(counts(await expected(cityMe.orgId, { from: month(-3) })));
  });

  it('equals independent counts for the district, which sees its streets and not the neighbouring district', async () => {
    const districtMe = await me(district);
    const f = await figures(district);
    expect(counts(f)).toEqual(counts(await expected(districtMe.orgId)));
    expect(f.byDistrict.map((d) => d.code)).toEqual(['510104']);
    expect(f.byOrg.map((o) => o.orgId)).toContain(streetMe.orgId);
    expect(f.byOrg.map((o) => o.orgId)).not.toContain(neighbourOrgId);
    const street1 = f.byOrg.find((o) => o.orgId === streetMe.orgId)!;
    expect(street1).toMatchObject({ programmes: 1, enrolled: 5, completed: 3 });
  });

  it('shows the neighbouring district only its own rows, none of the other district’s', async () => {
    const f = await figures(neighbour);
    expect(counts(f)).toEqual(counts(await expected(neighbourOrgId)));
    expect(f.totals).toEqual({ programmes: 1, enrolled: 2, completed: 1, certificates: 1 });
    expect(f.byDistrict).toEqual([{ code: '510105', name: '青羊区', enrolled: 2, completed: 1 }]);
    expect(f.byOrg.map((o) => o.orgId)).toEqual([neighbourOrgId]);
    // And the other way round: the street's figures hold nothing of the neighbouring district.
    const s = await figures(street);
    expect(s.byOrg.map((o) => o.orgId)).toEqual([streetMe.orgId]);
    expect(s.totals).toEqual({ programmes: 1, enrolled: 5, completed: 3, certificates: 1 });
  });

  it('refuses a malformed or reversed period with 400 naming the field', async () => {
    const bad = await district.get('/api/talent/figures?from=2024-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('from');
    const text = await district.get('/api/talent/figures?from=last-month');
    expect(text.status).toBe(400);
    expect(text.body.error.message).toContain('from');
    const reversed = await district.get(`/api/talent/figures?from=${month(0)}&to=${month(-2)}`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toContain('to');
    expect((await t.anonymous.get('/api/talent/figures')).status).toBe(401);
  });
});
