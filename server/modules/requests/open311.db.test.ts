import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type Res, type TestEnv } from '../../test/harness.js';
import { wgs84ToGcj02 } from './open311.policy.js';

// What a stock GeoReport v2 client sends: application/x-www-form-urlencoded bodies with attribute[code]=value, the
// api_key in the body, jurisdiction_id in the query string (node-open311 and FixMyStreet both do so), UTC dates.

let t: TestEnv;
let sysadmin: Client;
let community: Client;
let street2: Client;
let coordinator: Client;
let women: Client;
let key: string;
let otherKey: string;
let home: { code: string; name: string; streetName: string; districtName: string };
const xml = new XMLParser({ parseTagValue: false, isArray: (n) => ['request', 'request_update', 'error'].includes(n) });

/** A form POST exactly as a client library encodes it (querystring.stringify of a flat object). */
function form(url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Res> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return t.anonymous.raw('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
}

const PERSONAL = ['zhang.sanfeng@example.cn', '13912345678', '三丰', '某某街12号', 'device-8f2c', 'acct-77'];

function stockReport(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    api_key: key,
    service_code: 'wages_owed',
    lat: '30.657412',
    long: '104.080987',
    address_string: `成都市${home.districtName}${home.streetName}${home.name}某某街12号`,
    email: 'zhang.sanfeng@example.cn',
    first_name: '张',
    last_name: '三丰',
    phone: '',
    device_id: 'device-8f2c',
    account_id: 'acct-77',
    description: '工地项目部拖欠三个月工资',
    media_url: 'https://photos.example.org/r/123.jpg',
    'attribute[employer]': '某某建筑劳务公司',
    'attribute[amount]': '56000',
    'attribute[fixmystreet_id]': '98765',
    'attribute[report_url]': 'https://fix.example.org/report/98765',
    'attribute[title]': '欠薪',
    ...over,
  };
}

async function staffFind(c: Client, number: string) {
  const list = await c.get(`/api/requests?number=${number}`);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const id = list.body.items[0]?.id as number | undefined;
  return id ? (await c.get(`/api/requests/${id}`)).body : null;
}

beforeAll(async () => {
  t = await setupTestEnv();
  [sysadmin, community, street2, coordinator, women] = await Promise.all([
    t.as('sysadmin'),
    t.as('union.community'),
    t.as('union.street2'),
    t.as('coordinator'),
    t.as('women.community'),
  ]);
  key = (await sysadmin.post('/api/open311-keys', { name: '市民随手拍' })).body.key;
  otherKey = (await sysadmin.post('/api/open311-keys', { name: '其他客户端' })).body.key;
  const me = await community.get('/api/auth/me');
  const org = (await community.get(`/api/orgs/${me.body.orgId}`)).body as { regionCode: string };
  const region = (await community.get(`/api/regions/${org.regionCode}`)).body as {
    code: string;
    name: string;
    ancestors: Array<{ name: string; level: string }>;
  };
  home = {
    code: region.code,
    name: region.name,
    streetName: region.ancestors.find((a) => a.level === 'street')!.name,
    districtName: region.ancestors.find((a) => a.level === 'district')!.name,
  };
});
afterAll(async () => t.close());

describe('a stock client reports into QunHub (JSON)', () => {
  let number: string;

  it('creates a form-encoded report with coordinates, address, e-mail, split name, media link and its own attributes, routed to the community', async () => {
    const r = await form('/open311/v2/requests.json?jurisdiction_id=chengdu', stockReport());
    expect(r.status, r.text).toBe(201);
    expect(r.body).toEqual([{ service_request_id: expect.stringMatching(/^QH-\d{4}-\d{6,}$/), service_notice: expect.any(String), account_id: 'acct-77' }]);
    number = r.body[0].service_request_id;

    const d = await staffFind(community, number);
    expect(d).toMatchObject({
      channel: 'open311',
      regionCode: home.code,
      location: { lat: 30.657412, lng: 104.080987, source: 'address' },
      mediaUrl: 'https://photos.example.org/r/123.jpg',
      deviceId: 'device-8f2c',
      accountId: 'acct-77',
      contactEmailMasked: 'z************@example.cn',
      requesterNameMasked: '张**',
      requesterPhoneMasked: null,
      fields: { employer: '某某建筑劳务公司', amount: 56000 },
      extra: { fixmystreet_id: '98765', report_url: 'https://fix.example.org/report/98765', title: '欠薪' },
      publishDescription: false,
    });
    // The e-mail address is stored encrypted, like the street address.
    const row = await t.c.db
      .selectFrom('requests')
      .select(['contact_email_enc', 'address_enc', 'contact_phone_bidx'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.contact_email_enc!).toString('utf8')).not.toContain('zhang.sanfeng');
    expect(Buffer.from(row.address_enc!).toString('utf8')).not.toContain('某某街');
    expect(row.contact_phone_bidx).toBeNull();
    // A unit of the neighbouring street does not see it.
    expect((await street2.get(`/api/requests/${d.id}`)).status).toBe(404);
  });

  it('is followed by id and in the list with rounded coordinates and the community as address, and no personal field', async () => {
    const one = await t.anonymous.get(`/open311/v2/requests/${number}.json?jurisdiction_id=chengdu`);
    expect(one.status).toBe(200);
    expect(one.body[0]).toMatchObject({
      service_request_id: number,
      status: 'open',
      service_code: 'wages_owed',
      address: home.name,
      lat: 30.657,
      long: 104.081,
      description: '',
      media_url: '',
    });
    const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const end = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const list = await t.anonymous.get(
      `/open311/v2/requests.json?jurisdiction_id=chengdu&start_date=${start}&end_date=${end}&service_code=wages_owed,child_care&status=open&status=closed`,
    );
    expect(list.status, list.text).toBe(200);
    expect(list.body.map((x: { service_request_id: string }) => x.service_request_id)).toContain(number);
    for (const text of [one.text, list.text]) for (const p of [...PERSONAL, '工地项目部拖欠', 'photos.example.org']) expect(text).not.toContain(p);
  });

  it("is followed by updates, and the client adds information that staff read as the requester's addition", async () => {
    const d = await staffFind(community, number);
    expect((await community.post(`/api/requests/${d.id}/accept`, { version: d.version })).status).toBe(200);
    const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const end = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ups = await t.anonymous.get(`/open311/v2/servicerequestupdates.json?jurisdiction_id=chengdu&start_date=${start}&end_date=${end}`);
    expect(ups.status, ups.text).toBe(200);
    const mine = ups.body.filter((u: { service_request_id: string }) => u.service_request_id === number);
    expect(mine.map((u: { description: string }) => u.description)).toEqual(['已登记 (submitted)', '已受理 (accepted)']);
    expect(mine[0]).toMatchObject({ update_id: expect.any(String), status: 'open', updated_datetime: expect.stringMatching(/Z$/), media_url: '' });

    const add = await form('/open311/v2/servicerequestupdates.json?jurisdiction_id=chengdu', {
      api_key: key,
      service_request_id: number,
      description: '补充：项目部地址在二楼',
      status: 'OPEN',
      updated_datetime: end,
      email: '',
      first_name: '',
      last_name: '',
    });
    expect(add.status, add.text).toBe(201);
    expect(add.body).toEqual([{ update_id: expect.any(String) }]);
    const after = await staffFind(community, number);
    expect(after.events.at(-1)).toMatchObject({ kind: 'info', note: '补充：项目部地址在二楼', public: true, actorName: null });
    // Another client's key cannot add to this report, and does not learn it exists.
    const foreign = await form('/open311/v2/servicerequestupdates.json', { api_key: otherKey, service_request_id: number, description: 'x' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual([{ code: 404, description: expect.stringContaining('service_request_id') }]);
    // The text of the addition is not published; its status note is.
    const again = await t.anonymous.get(`/open311/v2/servicerequestupdates.json?start_date=${start}&end_date=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(again.text).not.toContain('项目部地址在二楼');
    expect(again.body.filter((u: { service_request_id: string }) => u.service_request_id === number).at(-1).description).toContain('added information');
  });
});

describe('a stock client reports into QunHub (XML)', () => {
  it('creates, follows by id and by updates in XML; a consented description and media link are published, nothing personal is', async () => {
    const r = await form(
      '/open311/v2/requests.xml?jurisdiction_id=chengdu',
      stockReport({ 'attribute[qh_publish_description]': 'true', description: '工资拖欠已经半年，请尽快处理' }),
    );
    expect(r.status, r.text).toBe(201);
    expect(String(r.headers['content-type'])).toContain('text/xml');
    const created = xml.parse(r.text).service_requests.request[0];
    expect(created.service_request_id).toMatch(/^QH-/);
    const number = created.service_request_id as string;

    const one = await t.anonymous.get(`/open311/v2/requests/${number}.xml`);
    const req = xml.parse(one.text).service_requests.request[0];
    expect(req).toMatchObject({
      service_request_id: number,
      status: 'open',
      address: home.name,
      lat: '30.657',
      long: '104.081',
      description: '工资拖欠已经半年，请尽快处理',
      media_url: 'https://photos.example.org/r/123.jpg',
    });
    for (const p of PERSONAL) expect(one.text).not.toContain(p);

    const start = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ups = await t.anonymous.get(`/open311/v2/servicerequestupdates.xml?start_date=${start}&end_date=`);
    expect(ups.status, ups.text).toBe(200);
    const items = xml.parse(ups.text).service_request_updates.request_update as Array<{ service_request_id: string; status: string }>;
    expect(items.find((u) => u.service_request_id === number)).toMatchObject({ status: 'open' });

    const add = await form('/open311/v2/servicerequestupdates.xml', {
      api_key: key,
      service_request_id: number,
      description: '补充照片',
      media_url: 'https://photos.example.org/r/124.jpg',
    });
    expect(add.status, add.text).toBe(201);
    expect(xml.parse(add.text).service_request_updates.request_update[0].update_id).toMatch(/^\d+$/);
  });
});

describe('the place of a report', () => {
  it('takes the community of the nearest venue within a kilometre of the coordinates (venues in GCJ-02)', async () => {
    const venue = (
      await sql<{ id: number; region_code: string; name: string }>`SELECT v.id, v.region_code, g.name FROM venues v JOIN regions g ON g.code = v.region_code
        WHERE g.level = 'community' AND v.status = 'active' ORDER BY v.id LIMIT 1`.execute(t.c.db)
    ).rows[0]!;
    const at = wgs84ToGcj02(30.6101, 104.1102);
    await sql`UPDATE venues SET lat = ${at.lat}, lng = ${at.lng} WHERE id = ${venue.id}`.execute(t.c.db);
    const r = await form('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'child_care',
      lat: '30.6103',
      long: '104.1104',
      description: '小区儿童游乐设施损坏',
    });
    expect(r.status, r.text).toBe(201);
    const one = await t.anonymous.get(`/open311/v2/requests/${r.body[0].service_request_id}.json`);
    expect(one.body[0]).toMatchObject({ address: venue.name, address_id: venue.region_code, lat: 30.61, long: 104.11 });
  });

  it('sends a report whose place is not found, or known only to the district, to the dispatcher desk instead of refusing it', async () => {
    const far = await form('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'wages_owed',
      lat: '31.9',
      long: '102.2',
      'attribute[employer]': '某公司',
      'attribute[amount]': '100',
    });
    expect(far.status, far.text).toBe(201);
    const vague = await form('/open311/v2/requests.json', { api_key: key, service_code: 'child_care', address_string: `${home.districtName}某某路` });
    expect(vague.status, vague.text).toBe(201);
    const desk = await staffFind(coordinator, far.body[0].service_request_id);
    expect(desk).toMatchObject({ location: { lat: 31.9, lng: 102.2, source: 'unresolved' }, handlerOrgName: expect.stringContaining('联席') });
    const vagueDetail = await staffFind(coordinator, vague.body[0].service_request_id);
    expect(vagueDetail).toMatchObject({ regionName: home.districtName, location: { source: 'unresolved' }, access: 'primary' });
    // The desk dispatches by hand: transfer to the unit that handles it.
    const me = await community.get('/api/auth/me');
    const moved = await coordinator.post(`/api/requests/${vagueDetail.id}/transfer`, { orgId: me.body.orgId, version: vagueDetail.version, note: '人工派单' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // The community's union is not the desk: it does not see the unresolved one.
    expect(await staffFind(community, far.body[0].service_request_id)).toBeNull();
  });

  it('takes a multivaluelist as attribute[code][] and keeps an address_id given with coordinates', async () => {
    const cat = (await sysadmin.get('/api/request-categories')).body.items.find((c: { code: string }) => c.code === 'child_care');
    const fields = [
      ...cat.fields,
      {
        code: 'needs',
        label: '需要的帮助',
        labelEn: 'Help needed',
        datatype: 'multivaluelist',
        required: false,
        values: [
          { key: 'care', name: '托育' },
          { key: 'safety', name: '安全' },
          { key: 'play', name: '游乐' },
        ],
      },
    ];
    expect((await sysadmin.patch(`/api/request-categories/${cat.id}`, { version: cat.version, fields })).status).toBe(200);
    const def = await t.anonymous.get('/open311/v2/services/child_care.json');
    expect(def.body.attributes.map((a: { code: string; datatype: string }) => `${a.code}:${a.datatype}`)).toEqual([
      'child_age:number',
      'needs:multivaluelist',
      'qh_publish_description:singlevaluelist',
    ]);
    const r = await form('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'child_care',
      address_id: home.code,
      lat: '30.6',
      long: '104.0',
      'attribute[needs][]': ['care', 'play'],
      description: '需要托育和游乐场地',
    });
    expect(r.status, r.text).toBe(201);
    const d = await staffFind(women, r.body[0].service_request_id);
    expect(d).toMatchObject({ fields: { needs: ['care', 'play'] }, location: { lat: 30.6, lng: 104, source: 'region' } });
    const pub = await t.anonymous.get(`/open311/v2/requests/${r.body[0].service_request_id}.json`);
    expect(pub.body[0]).toMatchObject({ address_id: home.code, address: home.name });
  });
});

describe("answers in the spec's shapes", () => {
  it('checks the key first: 403 before any parameter is read, in the format of the call', async () => {
    const none = await form('/open311/v2/requests.json', {});
    expect(none.status).toBe(403);
    expect(none.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const bad = await form('/open311/v2/requests.xml', { api_key: 'qh_wrong', service_code: 'nothing' });
    expect(bad.status).toBe(403);
    expect(xml.parse(bad.text).errors.error[0]).toMatchObject({ code: '403' });
  });

  it("names the spec's parameters: unknown service_code is 404, a missing place or bad coordinate is 400", async () => {
    const unknown = await form('/open311/v2/requests.json', { api_key: key, service_code: 'no_such_service', lat: '30.6', long: '104.0' });
    expect(unknown.status).toBe(404);
    expect(unknown.body[0].description).toContain('service_code');
    const noPlace = await form('/open311/v2/requests.json', { api_key: key, service_code: 'child_care', address_string: '' }, { 'accept-language': 'en' });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body).toEqual([{ code: 400, description: expect.stringMatching(/lat.*address_string.*address_id/) }]);
    const badLat = await form('/open311/v2/requests.json', { api_key: key, service_code: 'child_care', lat: 'north', long: '104' });
    expect(badLat.body[0].description).toContain('lat');
    const badAttr = await form('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'wages_owed',
      lat: '30.6',
      long: '104.0',
      'attribute[amount]': 'lots',
      'attribute[employer]': 'x',
    });
    expect(badAttr.status).toBe(400);
    expect(badAttr.body[0].description).toContain('attribute[amount]');
    const unknownParam = await form('/open311/v2/requests.json', { api_key: key, service_code: 'child_care', lat: '30.6', long: '104.0', colour: 'red' });
    expect(unknownParam.body[0].description).toContain('colour');
  });

  it('answers 404 in the format for a malformed id and for every unknown path under /open311/, never the console page', async () => {
    for (const [method, url, format] of [
      ['GET', '/open311/v2/requests/not-a-number.json', 'json'],
      ['GET', '/open311/v2/requests/QH-2000-000001.xml', 'xml'],
      ['GET', '/open311/v2/tokens/abc.xml', 'xml'],
      ['GET', '/open311/v2/services.rss', 'json'],
      ['GET', '/open311/v2/discovery', 'json'],
      ['GET', '/open311/v3/services.json', 'json'],
      ['POST', '/open311/v2/nothing.xml', 'xml'],
      ['DELETE', '/open311/v2/requests.json', 'json'],
    ] as const) {
      const r = await t.anonymous.raw(method, url, '', {});
      expect(r.status, `${method} ${url}`).toBe(404);
      if (format === 'xml') expect(xml.parse(r.text).errors.error[0].code, url).toBe('404');
      else expect(r.body, url).toEqual([{ code: 404, description: expect.any(String) }]);
      expect(r.text).not.toContain('<html');
    }
  });

  it('reads comma lists, repeated parameters and empty parameters as the spec says; a wrong status is named', async () => {
    const r = await t.anonymous.get(
      '/open311/v2/requests.json?service_code=wages_owed,child_care&status=open&status=closed&start_date=&end_date=&jurisdiction_id=',
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    expect(new Set(r.body.map((x: { service_code: string }) => x.service_code))).toEqual(new Set(['wages_owed', 'child_care']));
    const bad = await t.anonymous.get('/open311/v2/requests.json?status=pending');
    expect(bad.status).toBe(400);
    expect(bad.body[0].description).toContain('status');
    const wide = await t.anonymous.get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(wide.body[0].description).toContain('end_date');
  });

  it("publishes a portal request's description only when the citizen consented at intake", async () => {
    const base = { categoryCode: 'child_care', regionCode: home.code, contactName: '王女士', contactPhone: '13812349876', consent: true };
    const yes = await t.anonymous.post('/api/portal/requests', { ...base, description: '希望社区增设托育点', publishDescription: true });
    const no = await t.anonymous.post('/api/portal/requests', { ...base, description: '孩子在家无人照看，住某某小区3栋' });
    expect([yes.status, no.status]).toEqual([201, 201]);
    const a = await t.anonymous.get(`/open311/v2/requests/${yes.body.number}.json`);
    const b = await t.anonymous.get(`/open311/v2/requests/${no.body.number}.json`);
    expect(a.body[0].description).toBe('希望社区增设托育点');
    expect(b.body[0].description).toBe('');
    expect(b.text).not.toContain('某某小区');
    expect(a.text + b.text).not.toMatch(/王女士|13812349876/);
  });
});

describe('with the console built', () => {
  it('answers unknown Open311 paths in their format while other paths get the single-page console', async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'qh-web-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><body>console</body></html>');
    const env = await setupTestEnv({ WEB_DIST_DIR: dist });
    try {
      expect((await env.anonymous.get('/requests/12')).text).toContain('console');
      for (const url of ['/open311/v2/servicerequestupdates.rss', '/open311/v2/tokens/x.xml', '/open311/v2/discovery', '/open311/anything']) {
        const r = await env.anonymous.get(url);
        expect(r.status, url).toBe(404);
        expect(r.text, url).not.toContain('console');
      }
      expect((await env.anonymous.get('/open311/v2/services.json')).status).toBe(200);
    } finally {
      await env.close();
    }
  });

  it('serves the portal page for /portal and below, the console page elsewhere, and leaves /api and /open311 alone', async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'qh-web-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><body>console</body></html>');
    writeFileSync(path.join(dist, 'portal.html'), '<!doctype html><html><body>portal</body></html>');
    const env = await setupTestEnv({ WEB_DIST_DIR: dist });
    try {
      for (const url of ['/portal', '/portal/', '/portal/requests/new', '/portal/requests/track?number=QH-2026-000001', '/portal/activities/5']) {
        const r = await env.anonymous.get(url);
        expect([r.status, r.text.includes('portal') && !r.text.includes('console')], url).toEqual([200, true]);
      }
      for (const url of ['/', '/login', '/requests/12', '/portalx', '/dashboard']) {
        const r = await env.anonymous.get(url);
        expect([r.status, r.text.includes('console')], url).toEqual([200, true]);
      }
      const api = await env.anonymous.get('/api/portal/no-such-route');
      expect([api.status, api.text.includes('portal</body>')]).toEqual([404, false]);
      expect((await env.anonymous.get('/open311/v2/services.json')).status).toBe(200);
      expect((await env.anonymous.get('/open311/portal')).text).not.toContain('portal</body>');
    } finally {
      await env.close();
    }
  });
});
