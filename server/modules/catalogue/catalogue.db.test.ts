import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { actorOf } from '../../platform/audit/audit.js';
import { fromHsdsId } from './catalogue.policy.js';

let t: TestEnv;
let city: Client;
let street: Client;
let street2: Client;
let women: Client;

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = (name: string) => JSON.parse(readFileSync(path.join(here, 'hsds-schema', `${name}.json`), 'utf8')) as Record<string, unknown>;
// The HSDS files carry Frictionless keywords (constraints, core, example …) that are not JSON Schema: not strict.
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validators = {
  organization: ajv.compile(schema('organization')),
  service: ajv.compile(schema('service')),
  serviceAtLocation: ajv.compile(schema('service_at_location')),
};

beforeAll(async () => {
  t = await setupTestEnv();
  [city, street, street2, women] = (await Promise.all(['union.city', 'union.street', 'union.street2', 'women.city'].map((u) => t.as(u)))) as [
    Client,
    Client,
    Client,
    Client,
  ];
});
afterAll(async () => {
  await t?.close();
});

describe('service catalogue', () => {
  it('stores pinyin initials and finds services by Chinese text or initials', async () => {
    const r = await street.post('/api/catalogue/services', {
      name: '职工心理咨询',
      nameEn: 'Counselling for workers',
      description: '一对一心理咨询',
      targetGroups: ['workers'],
      channels: ['venue', 'phone'],
      officePhone: '028-88886666',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.nameInitials).toBe('zgxlzx');
    const byInitials = (await t.anonymous.get('/api/portal/catalogue/services?q=xlzx')).body.items.map((s: { name: string }) => s.name);
    expect(byInitials).toEqual(['职工心理咨询']);
    const byUpper = (await t.anonymous.get('/api/portal/catalogue/services?q=ZGFL')).body.items.map((s: { name: string }) => s.name);
    expect(byUpper).toEqual(['职工法律援助']);
    const byZh = (await t.anonymous.get(`/api/portal/catalogue/services?q=${encodeURIComponent('法律')}`)).body.items.map((s: { name: string }) => s.name);
    expect(byZh).toContain('职工法律援助');
    // In SQL, by the stored column.
    const col = (await sql<{ name: string }>`SELECT name FROM cat_services WHERE name_initials LIKE 'hgcy%'`.execute(t.c.db)).rows.map((x) => x.name);
    expect(col).toEqual(['海归创业指导']);
    expect(
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'catalogue.service.create' AND object_id = ${String(r.body.id)}`
        .execute(t.c.db)
        .then((x) => x.rows[0]!.n),
    ).toBe(1);
  });

  it('filters by brand and target group, sorts by distance, and lists venues nearest first', async () => {
    const brands = (await t.anonymous.get('/api/portal/catalogue/brands')).body.items as Array<{ id: number; name: string; services: number }>;
    expect(brands.map((b) => b.name)).toEqual(['智慧工会', '家庭教育生态圈', '创业中华·海归蓉漂', '有爱无碍']);
    const zhgh = brands.find((b) => b.name === '智慧工会')!;
    const list = (await t.anonymous.get(`/api/portal/catalogue/services?brandId=${zhgh.id}&lat=30.62&lng=104.07`)).body;
    expect(list.total).toBe(3);
    const d = list.items.map((s: { distanceM: number | null }) => s.distanceM ?? Infinity);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    expect(d[0]).toBeLessThan(3000);
    const disabled = (await t.anonymous.get('/api/portal/catalogue/services?group=disabled')).body.items.map((s: { name: string }) => s.name);
    expect(disabled).toEqual(expect.arrayContaining(['无障碍出行协助', '辅助器具适配', '残疾人就业培训']));
    expect(disabled).not.toContain('职工入会');
    const legal = list.items.find((s: { name: string }) => s.name === '职工法律援助');
    const one = (await t.anonymous.get(`/api/portal/catalogue/services/${legal.id}?lat=30.62&lng=104.07`)).body;
    expect(one.venues.length).toBe(2);
    expect(one.venues[0].distanceM).toBeLessThanOrEqual(one.venues[1].distanceM);
    expect(one.applyKind).toBe('request_category');
  });

  it('edits only within the provider tree; the neighbouring street gets 404', async () => {
    const mine = (await street.get('/api/catalogue/services?q=zgxl')).body.items[0];
    expect(mine.name).toBe('职工心理咨询');
    expect((await street2.get(`/api/catalogue/services/${mine.id}`)).status).toBe(404);
    expect((await street2.patch(`/api/catalogue/services/${mine.id}`, { version: mine.version, fees: '收费' })).status).toBe(404);
    expect((await women.patch(`/api/catalogue/services/${mine.id}`, { version: mine.version, fees: '收费' })).status).toBe(404);
    const ok = await street.patch(`/api/catalogue/services/${mine.id}`, {
      version: mine.version,
      name: '职工心理援助',
      applyKind: 'url',
      applyRef: 'http://insecure',
    });
    expect(ok.status).toBe(400);
    expect(ok.body.error.field).toBe('applyRef');
    const ren = await street.patch(`/api/catalogue/services/${mine.id}`, { version: mine.version, name: '职工心理援助' });
    expect(ren.body.nameInitials).toBe('zgxlyz');
    const off = await street.patch(`/api/catalogue/services/${mine.id}`, { version: ren.body.version, status: 'inactive' });
    expect(off.body.status).toBe('inactive');
    expect((await t.anonymous.get(`/api/portal/catalogue/services/${mine.id}`)).status).toBe(404);
    expect((await city.get(`/api/catalogue/services/${mine.id}`)).status).toBe(200);
  });
});

describe('open data: Open Referral HSDS 3.0', () => {
  it('validates against the HSDS schema files, pages, and answers 304 to a matching ETag', async () => {
    const orgs = await t.anonymous.get('/api/open-data/hsds/organizations?per_page=2');
    expect(orgs.status).toBe(200);
    expect(orgs.body).toMatchObject({ page_number: 1, size: 2, first_page: true });
    expect(orgs.body.total_items).toBeGreaterThanOrEqual(4);
    for (const o of orgs.body.contents) expect(validators.organization(o), JSON.stringify(validators.organization.errors)).toBe(true);

    const services = await t.anonymous.get('/api/open-data/hsds/services?per_page=50');
    expect(services.body.total_items).toBe(12);
    expect(services.body.contents).toHaveLength(12);
    for (const s of services.body.contents) expect(validators.service(s), JSON.stringify(validators.service.errors)).toBe(true);
    const brandProgrammes = new Set(services.body.contents.map((s: { program?: { name: string } }) => s.program?.name));
    expect(brandProgrammes).toEqual(new Set(['智慧工会', '家庭教育生态圈', '创业中华·海归蓉漂', '有爱无碍']));
    const one = await t.anonymous.get(`/api/open-data/hsds/services/${services.body.contents[0].id}`);
    expect(one.body.id).toBe(services.body.contents[0].id);
    expect((await t.anonymous.get('/api/open-data/hsds/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const sal = await t.anonymous.get('/api/open-data/hsds/service_at_locations?per_page=200');
    expect(sal.body.total_items).toBeGreaterThan(5);
    for (const x of sal.body.contents) expect(validators.serviceAtLocation(x), JSON.stringify(validators.serviceAtLocation.errors)).toBe(true);
    expect(sal.body.contents.some((x: { location: { latitude?: number } }) => typeof x.location.latitude === 'number')).toBe(true);

    // A schema that can fail: a service without its status is refused.
    const broken = { ...services.body.contents[0] };
    delete broken.status;
    expect(validators.service(broken)).toBe(false);

    const tag = services.headers.etag as string;
    expect(tag).toMatch(/^W\/"/);
    const again = await t.anonymous.get('/api/open-data/hsds/services?per_page=50', { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    // A change to the catalogue changes the tag.
    const s = (await city.get('/api/catalogue/services?q=zgrh')).body.items[0];
    await city.patch(`/api/catalogue/services/${s.id}`, { version: s.version, fees: '免费（含会员卡工本费）' });
    const afterService = await t.anonymous.get('/api/open-data/hsds/services?per_page=50', { headers: { 'if-none-match': tag } });
    expect(afterService.status).toBe(200);
    // So does a change to what a service shows from elsewhere: a venue it is offered at, its brand.
    const salTag = (await t.anonymous.get('/api/open-data/hsds/service_at_locations?per_page=200')).headers.etag as string;
    const venueId = fromHsdsId('location', sal.body.contents[0].location.id)!.a;
    await t.owner
      .updateTable('venues')
      .set({ address: sql`address || '（东门）'`, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', venueId)
      .execute();
    const afterVenue = await t.anonymous.get('/api/open-data/hsds/service_at_locations?per_page=200', { headers: { 'if-none-match': salTag } });
    expect(afterVenue.status).toBe(200);
    expect(JSON.stringify(afterVenue.body)).toContain('（东门）');
    const brandTag = afterService.headers.etag as string;
    await t.owner
      .updateTable('cat_brands')
      .set({ description: sql`description || '。'`, version: sql`version + 1` })
      .where('name', '=', '智慧工会')
      .execute();
    expect((await t.anonymous.get('/api/open-data/hsds/services?per_page=50', { headers: { 'if-none-match': brandTag } })).status).toBe(200);
  });

  it('carries no personal data: no person names, ID numbers or mobile numbers', async () => {
    const all = JSON.stringify([
      (await t.anonymous.get('/api/open-data/hsds/organizations?per_page=200')).body,
      (await t.anonymous.get('/api/open-data/hsds/services?per_page=200')).body,
      (await t.anonymous.get('/api/open-data/hsds/service_at_locations?per_page=200')).body,
    ]);
    // Mobile numbers (1[3-9] + 9 digits) and ID numbers (17 digits + check) do not occur; phones are office lines.
    expect(all).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(all).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    // No demo person's name occurs (the social organizations' contacts, registered through the people module).
    for (const name of ['周明华', '刘晓燕']) expect(all).not.toContain(name);
    expect(all).not.toMatch(/"(email|id_number|birth|gender)"/);
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          keys.add(k);
          walk(x);
        }
    };
    walk(JSON.parse(all));
    for (const k of ['email', 'title']) expect(keys.has(k), k).toBe(false);
  });

  it('brands are managed at the city level only, audited; a bad field is named', async () => {
    const refused = await street.post('/api/catalogue/brands', { name: '街道自创品牌' });
    expect(refused.status).toBe(403);
    const created = await city.post('/api/catalogue/brands', { name: '职工暖心驿站', nameEn: 'Warm Stations', description: '户外劳动者服务' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'catalogue.brand.create' AND object_id = ${String(created.body.id)}`
        .execute(t.c.db)
        .then((x) => x.rows[0]!.n),
    ).toBe(1);
    expect((await street.patch(`/api/catalogue/brands/${created.body.id}`, { description: '改', version: created.body.version })).status).toBe(403);
    const dup = await city.post('/api/catalogue/brands', { name: '职工暖心驿站' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('name');
    const bad = await street.post('/api/catalogue/services', {
      name: '服务',
      description: '说明',
      targetGroups: ['workers'],
      channels: ['venue'],
      officePhone: 'abc',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('officePhone');
  });

  it('the figures per brand equal the rows of the catalogue and the activities its services lead to', async () => {
    const figures = (await city.get('/api/catalogue/brand-figures')).body.items as Array<{
      brandId: number | null;
      services: number;
      venues: number;
      districts: number;
      activities: number;
      personTimes: number;
      rated: number;
      satisfactionRate: number | null;
    }>;
    expect(figures.length).toBeGreaterThan(0);
    const scope = (await city.get('/api/auth/me')).body.scope.orgPath as string;
    for (const f of figures) {
      const rows = (
        await sql<{ services: number; venues: number; districts: number }>`
          SELECT count(*)::int AS services,
            (SELECT count(DISTINCT v.venue_id)::int FROM cat_service_venues v JOIN cat_services s2 ON s2.id = v.service_id
              WHERE s2.status = 'active' AND s2.org_path <@ ${scope}::ltree AND s2.brand_id IS NOT DISTINCT FROM ${f.brandId}::bigint) AS venues,
            (SELECT count(DISTINCT d)::int FROM cat_services s3, unnest(s3.district_codes) d
              WHERE s3.status = 'active' AND s3.org_path <@ ${scope}::ltree AND s3.brand_id IS NOT DISTINCT FROM ${f.brandId}::bigint) AS districts
          FROM cat_services s WHERE s.status = 'active' AND s.org_path <@ ${scope}::ltree AND s.brand_id IS NOT DISTINCT FROM ${f.brandId}::bigint`.execute(
          t.c.db,
        )
      ).rows[0]!;
      expect({ services: f.services, venues: f.venues, districts: f.districts }, String(f.brandId)).toEqual(rows);
    }
    // A service that leads to an activity counts the activity and its person-times under its brand.
    // An activity with registrations; two participants rate it (one satisfied, one not) through the ratings service.
    const act = (
      await sql<{ id: number; host_org_id: number }>`SELECT a.id, a.host_org_id
      FROM activities a WHERE a.host_org_path <@ ${scope}::ltree AND EXISTS (SELECT 1 FROM activity_registrations g WHERE g.activity_id = a.id)
      ORDER BY a.id LIMIT 1`.execute(t.c.db)
    ).rows[0];
    if (act) {
      const regs = (await sql<{ id: number }>`SELECT id FROM activity_registrations WHERE activity_id = ${act.id} ORDER BY id LIMIT 2`.execute(t.c.db)).rows;
      for (const [i, g] of regs.entries()) {
        await t.c.db.transaction().execute((trx) =>
          t.c.ratings.rate(trx, actorOf(null, '127.0.0.1', 'test'), {
            subjectType: 'activity',
            subjectId: Number(g.id),
            orgId: Number(act.host_org_id),
            level: i === 0 ? 1 : 4,
          }),
        );
      }
      const brand = (await city.post('/api/catalogue/brands', { name: '活动计数品牌' })).body as { id: number };
      const made = await city.post('/api/catalogue/services', {
        name: '职工健康讲座',
        description: '讲座',
        brandId: brand.id,
        targetGroups: ['workers'],
        channels: ['venue'],
        applyKind: 'activity',
        applyRef: String(act.id),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const mine = ((await city.get('/api/catalogue/brand-figures')).body.items as typeof figures).find((f) => f.brandId === brand.id)!;
      expect(mine).toMatchObject({ services: 1, activities: 1 });
      const pt = (await t.c.activities.figuresOf(t.c.db, [act.id]))[0]!.personTimes;
      expect(mine.personTimes).toBe(pt);
      // Satisfaction: the participants' ratings of that activity, counted directly.
      const r = (
        await sql<{ rated: number; bad: number }>`SELECT count(*)::int AS rated, count(*) FILTER (WHERE level >= 4)::int AS bad FROM ratings
        WHERE NOT excluded AND subject_type = 'activity' AND subject_id IN (SELECT id FROM activity_registrations WHERE activity_id = ${act.id})`.execute(
          t.c.db,
        )
      ).rows[0]!;
      expect(r.rated).toBeGreaterThan(0);
      expect(mine.rated).toBe(r.rated);
      expect(mine.satisfactionRate).toBe(r.rated ? (r.rated - r.bad) / r.rated : null);
    }
    // A neighbouring street sees only its own tree's services.
    const other = (await street2.get('/api/catalogue/brand-figures')).body.items as typeof figures;
    expect(other.reduce((n, f) => n + f.services, 0)).toBeLessThanOrEqual(figures.reduce((n, f) => n + f.services, 0));
  });
});
