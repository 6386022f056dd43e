import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Area, type Factories } from '../../test/factories.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let f: Factories;
let city: Client;
let district: Client;
let street: Client;
let neighbour: Client;
let districtCode: string;
let otherArea: Area;

const thisYear = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
// A year long before the demo data, so that its figures are the rows this test makes.
const Y = thisYear - 7;

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
}

async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}

/** Every headline figure of an area and year counted directly over the records, independently of the report's code. */
async function direct(path: string, districtCode: string | null, year: number): Promise<Record<string, number | null>> {
  const db = t.c.db;
  const one = async (q: ReturnType<typeof sql>) => Number(((await q.execute(db)).rows[0] as { n: string | number | null }).n ?? 0);
  const inR = (col: string) => sql`${sql.ref(col)} <@ ${path}::ltree`;
  const endTs = sql`(${`${year + 1}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const startTs = sql`(${`${year}-01-01`}::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const last = `${year}-12-31`;
  const inYear = (expr: string) => sql`(${sql.raw(expr)} BETWEEN ${`${year}-01`} AND ${`${year}-12`})`;
  const inD = (col: string) => (districtCode ? sql`${sql.ref(col)} = ${districtCode}` : sql`true`);
  const ratings = await one(
    sql`SELECT count(*) AS n FROM ratings r JOIN orgs o ON o.id = r.org_id WHERE ${inR('o.region_path')} AND NOT r.excluded AND ${inYear("to_char(r.rated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
  );
  const satisfied = await one(
    sql`SELECT count(*) AS n FROM ratings r JOIN orgs o ON o.id = r.org_id WHERE ${inR('o.region_path')} AND NOT r.excluded AND r.level <= 3 AND ${inYear("to_char(r.rated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
  );
  return {
    units: await one(sql`SELECT count(*) AS n FROM orgs WHERE status = 'active' AND ${inR('region_path')} AND created_at < ${endTs}`),
    venues: await one(sql`SELECT count(*) AS n FROM venues WHERE status = 'active' AND ${inR('region_path')} AND created_at < ${endTs}`),
    requests: await one(sql`SELECT count(*) AS n FROM requests WHERE ${inR('region_path')} AND ${inYear("to_char(submitted_on, 'YYYY-MM')")}`),
    ratings,
    satisfactionRate: ratings > 0 ? Math.round((satisfied / ratings) * 10000) / 10000 : null,
    disputes: await one(sql`SELECT count(*) AS n FROM dispute_cases WHERE ${inR('region_path')} AND ${inYear("to_char(opened_on, 'YYYY-MM')")}`),
    disputesMediated: await one(
      sql`SELECT count(*) AS n FROM dispute_cases WHERE ${inR('region_path')} AND outcome IN ('mediated', 'confirmed') AND ${inYear("to_char(opened_on, 'YYYY-MM')")}`,
    ),
    activities: await one(
      sql`SELECT count(*) AS n FROM activities WHERE status = 'published' AND ${inR('region_path')} AND ${inYear("to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
    ),
    personTimes: await one(
      sql`SELECT coalesce(sum(person_times), 0) AS n FROM activities WHERE status = 'published' AND ${inR('region_path')} AND ${inYear("to_char(starts_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')")}`,
    ),
    volunteers: await one(sql`SELECT count(*) AS n FROM volunteers WHERE status = 'active' AND ${inR('region_path')} AND created_at < ${endTs}`),
    volunteerHours: await one(
      sql`SELECT round(coalesce(sum(h.hours), 0), 2) AS n FROM volunteer_hours h JOIN orgs o ON o.id = h.org_id WHERE h.status = 'confirmed' AND ${inR('o.region_path')} AND ${inYear("to_char(h.service_date, 'YYYY-MM')")}`,
    ),
    socialWorkers: await one(
      sql`SELECT count(*) AS n FROM staff_members s JOIN orgs o ON o.id = s.org_id WHERE ${inR('o.region_path')} AND s.started_on <= ${last}::date AND (s.ended_on IS NULL OR s.ended_on > ${last}::date)`,
    ),
    leaders: await one(
      sql`SELECT count(*) AS n FROM leadership_members s JOIN orgs o ON o.id = s.org_id WHERE ${inR('o.region_path')} AND s.term_start <= ${last}::date AND (s.term_end IS NULL OR s.term_end >= ${last}::date)`,
    ),
    honours: await one(
      sql`SELECT count(*) AS n FROM honour_awards a JOIN honour_nominations n ON n.id = a.nomination_id WHERE ${inD('n.district_code')} AND extract(year FROM a.awarded_on) = ${year}`,
    ),
    socialOrgs: await one(sql`SELECT count(*) AS n FROM sorg_orgs WHERE status = 'active' AND ${inR('region_path')} AND registered_on <= ${last}::date`),
    benefitClaims: await one(
      sql`SELECT count(*) AS n FROM benefit_claims WHERE ${inD('district_code')} AND created_at >= ${startTs} AND created_at < ${endTs}`,
    ),
    benefitRedeemed: await one(
      sql`SELECT count(*) AS n FROM benefit_claims WHERE ${inD('district_code')} AND redeemed_at >= ${startTs} AND redeemed_at < ${endTs}`,
    ),
  };
}

/** Starts a report as `c`, runs the job queue and returns the finished report. */
async function make(c: Client, body: { year: number; district?: string }) {
  const r = await c.post('/api/dashboard/annual-reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body.status).toBe('pending');
  await t.c.jobs.drain();
  const done = await c.get(`/api/dashboard/annual-reports/${r.body.id}`);
  expect(done.body.status, JSON.stringify(done.body)).toBe('done');
  expect(done.body.progress).toBe(100);
  return done.body as { id: number; year: number; district: string | null };
}

beforeAll(async () => {
  t = await setupTestEnv();
  f = factories(t);
  city = await t.as('union.city');
  district = await t.as('union.district');
  street = await t.as('union.street');
  districtCode = (await me(district)).scope.regionPath.split('.')[1]!;
  const other = (
    await sql<{ d_code: string; d_name: string; s_code: string; s_name: string; c_code: string; c_name: string }>`
      SELECT d.code AS d_code, d.name AS d_name, s.code AS s_code, s.name AS s_name, min(c.code) AS c_code, min(c.name) AS c_name
      FROM regions d JOIN regions s ON s.parent_code = d.code JOIN regions c ON c.parent_code = s.code
      WHERE d.level = 'district' AND d.code <> ${districtCode} AND s.level = 'street' AND c.level = 'community'
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 3 LIMIT 1`.execute(t.c.db)
  ).rows[0]!;
  otherArea = {
    district: { code: other.d_code, name: other.d_name },
    street: { code: other.s_code, name: other.s_name },
    community: { code: other.c_code, name: other.c_name },
  };
  const [tree] = await f.tree('union', [otherArea]);
  neighbour = await f.staff(tree!.district.id, ['worker']);
}, 180_000);
afterAll(async () => t?.close());

describe('annual report', () => {
  it('offers the years with figures, last year first when it has any', async () => {
    const r = await city.get('/api/dashboard/annual-reports/years');
    expect(r.status).toBe(200);
    expect(r.body.years.every((y: number) => y <= thisYear)).toBe(true);
    if (r.body.years.includes(thisYear - 1)) expect(r.body.defaultYear).toBe(thisYear - 1);
  });

  it("reproduces the city's figures of last year from the records, with the PDF and the workbook", async () => {
    const year = thisYear - 1;
    const rep = await make(city, { year });
    const data = await t.c.annualReports.figures(null, year);
    const want = await direct('5101', null, year);
    const wantPrev = await direct('5101', null, year - 1);
    for (const h of data.headline) {
      expect(h.value, h.code).toEqual(want[h.code]);
      expect(h.prev, `${h.code} (previous year)`).toEqual(wantPrev[h.code]);
    }
    const pdf = await city.get(`/api/dashboard/annual-reports/${rep.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text;
    expect(text).toContain(`${year} 年度群团工作报告`);
    expect(text).toContain('受理群众诉求');
    const xlsx = await city.get(`/api/dashboard/annual-reports/${rep.id}/xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('概览 Summary')!;
    const requestsRow = summary.getRows(3, summary.rowCount - 2)!.find((r) => r.getCell(1).value === 'requests')!;
    expect(requestsRow.getCell(4).value).toBe(want.requests);
    expect(await audited('dashboard.annual_report.start', rep.id)).toBe(1);
    expect(await audited('dashboard.annual_report.generate', rep.id)).toBe(1);
    expect(await audited('dashboard.annual_report.download', rep.id)).toBe(2);
  }, 120_000);

  it('counts the units, volunteers and activities of a district as at the end of a year, against a year with none', async () => {
    // Units made now, dated into the year (two) and the year before (one): stocks at each year's end.
    const [tree] = await f.tree('union', [(await f.neighbours())[0]]);
    const d = tree!.district;
    const dPath = (await sql<{ p: string }>`SELECT region_path::text AS p FROM orgs WHERE id = ${d.id}`.execute(t.c.db)).rows[0]!.p;
    const code = dPath.split('.')[1]!;
    await sql`UPDATE orgs SET created_at = ${`${Y}-06-15T12:00:00+08:00`}::timestamptz WHERE id IN (${tree!.street.id}, ${tree!.community.id})`.execute(t.c.db);
    await sql`UPDATE orgs SET created_at = ${`${Y - 1}-03-01T12:00:00+08:00`}::timestamptz WHERE id = ${d.id}`.execute(t.c.db);
    // An activity of the district moved into the year, as if it had been held then.
    const act = (
      await sql<{ id: number; y: number }>`SELECT id::int AS id, extract(year FROM starts_at AT TIME ZONE 'Asia/Shanghai')::int AS y FROM activities
      WHERE status = 'published' AND region_path <@ ${dPath}::ltree AND person_times > 0 ORDER BY id LIMIT 1`.execute(t.c.db)
    ).rows[0];
    if (act)
      await sql`UPDATE activities SET starts_at = starts_at - make_interval(years => ${act.y - Y}), ends_at = ends_at - make_interval(years => ${act.y - Y}) WHERE id = ${act.id}`.execute(
        t.c.db,
      );

    const rep = await make(city, { year: Y, district: code });
    expect(rep.district).toBe(code);
    const data = await t.c.annualReports.figures(code, Y);
    const want = await direct(dPath, code, Y);
    const wantPrev = await direct(dPath, code, Y - 1);
    const byCode = Object.fromEntries(data.headline.map((h) => [h.code, h]));
    for (const h of data.headline) {
      expect(h.value, h.code).toEqual(want[h.code]);
      expect(h.prev, `${h.code} (previous year)`).toEqual(wantPrev[h.code]);
    }
    expect(byCode.units!.value).toBeGreaterThanOrEqual(3);
    expect(byCode.units!.prev).toBeGreaterThanOrEqual(1);
    if (act) {
      expect(byCode.activities!.value).toBeGreaterThanOrEqual(1);
      // Nothing the year before: the change is "—", not a division by zero.
      expect(byCode.activities!.prev).toBe(0);
      const text = (await new PDFParse({ data: new Uint8Array((await city.get(`/api/dashboard/annual-reports/${rep.id}/pdf`)).raw) }).getText()).text;
      expect(text).toContain('—');
    }
    // The tile map of a district shows its streets.
    const streets = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM regions WHERE level = 'street' AND parent_code = ${code}`.execute(t.c.db)).rows[0]!
      .n;
    expect(data.tiles.items.length).toBe(streets);
  }, 120_000);

  it('lets each user reach only the levels of their scope', async () => {
    // District staff: their district only; never the city or another district.
    expect((await district.post('/api/dashboard/annual-reports', { year: thisYear - 1 })).status).toBe(404);
    expect((await district.post('/api/dashboard/annual-reports', { year: thisYear - 1, district: otherArea.district.code })).status).toBe(404);
    // A street's staff has no district-wide figures.
    expect((await street.post('/api/dashboard/annual-reports', { year: thisYear - 1, district: districtCode })).status).toBe(404);
    expect((await street.get('/api/dashboard/annual-reports')).status).toBe(404);

    const mine = await make(district, { year: thisYear - 1, district: districtCode });
    const cityRep = await make(city, { year: thisYear - 1 });
    const otherRep = await make(city, { year: thisYear - 1, district: otherArea.district.code });
    // The neighbouring district's user: 404 on my district's report, its files and the city's.
    for (const url of [
      `/api/dashboard/annual-reports/${mine.id}`,
      `/api/dashboard/annual-reports/${mine.id}/pdf`,
      `/api/dashboard/annual-reports/${mine.id}/xlsx`,
      `/api/dashboard/annual-reports/${cityRep.id}/pdf`,
    ]) {
      expect((await neighbour.get(url)).status, url).toBe(404);
    }
    expect((await neighbour.get(`/api/dashboard/annual-reports/${otherRep.id}/pdf`)).status).toBe(200);
    expect((await district.get(`/api/dashboard/annual-reports/${otherRep.id}`)).status).toBe(404);
    const listed = (await district.get('/api/dashboard/annual-reports')).body.items.map((r: { id: number }) => r.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(cityRep.id);
    expect(listed).not.toContain(otherRep.id);
    // City staff: the city and every district.
    const cityListed = (await city.get('/api/dashboard/annual-reports')).body.items.map((r: { id: number }) => r.id);
    expect(cityListed).toEqual(expect.arrayContaining([mine.id, cityRep.id, otherRep.id]));
    expect((await city.get(`/api/dashboard/annual-reports/${mine.id}/pdf`)).status).toBe(200);
  }, 180_000);

  it('refuses a future year and a download before the report is made', async () => {
    const r = await city.post('/api/dashboard/annual-reports', { year: thisYear + 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('body.year');
    const pending = await city.post('/api/dashboard/annual-reports', { year: thisYear - 2 });
    expect(pending.status).toBe(202);
    const early = await city.get(`/api/dashboard/annual-reports/${pending.body.id}/pdf`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    await t.c.jobs.drain();
  });
});
