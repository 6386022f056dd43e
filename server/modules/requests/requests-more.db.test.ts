import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { chinaToday } from './requests.policy.js';
import { officialArrangements } from '../calendar/official.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let district: Client;
let sysadmin: Client;
let streetOrg: { id: number; regionCode: string };
let communityOrg: { id: number; regionCode: string };
let phoneSeq = 0;
let ipSeq = 0;
const nextPhone = () => `136${String(30_000_000 + ++phoneSeq * 7919).slice(-8)}`;
const nextIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string };
}

async function submit(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/requests', {
    categoryCode: 'wages_owed',
    description: `用人单位拖欠工资，编号${phoneSeq}-${Math.random()}`,
    regionCode: communityOrg.regionCode,
    contactName: '来电人',
    contactPhone: nextPhone(),
    channel: 'phone',
    fields: { employer: '某公司', amount: 5000 },
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function close(id: number) {
  let v = (await community.post(`/api/requests/${id}/accept`, { version: 1 })).body.version;
  v = (await community.post(`/api/requests/${id}/resolve`, { version: v, reply: '已办结' })).body.version;
  const c = await community.post(`/api/requests/${id}/close`, { version: v });
  expect(c.status).toBe(200);
  return c.body.version as number;
}

/** A multipart body built by hand: named text fields and one file part. */
function multipartBody(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const boundary = `----qh${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(c: Client | null, url: string, fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const { payload, contentType } = multipartBody(fields, file);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (c) Object.assign(headers, { cookie: c.cookie, 'x-csrf-token': c.csrf });
  const r = await t.app.inject({ method: 'POST', url, payload, headers, remoteAddress: nextIp() });
  return { status: r.statusCode, body: r.json() };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body for the test')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community, district, sysadmin] = await Promise.all([
    t.as('union.street'),
    t.as('union.street2'),
    t.as('union.community'),
    t.as('union.district'),
    t.as('sysadmin'),
  ]);
  streetOrg = await orgOf(street);
  communityOrg = await orgOf(community);
});
afterAll(async () => t.close());

describe('call-back of closed requests', () => {
  it('lists closed requests without call-back, records it once, and refuses out of scope and bad input', async () => {
    const r = await submit(street);
    const early = await community.post(`/api/requests/${r.id}/callback`, { note: '尚未办结', reached: true });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    await close(r.id);
    expect((await community.get(`/api/requests/${r.id}`)).body).toMatchObject({ callbackPending: true, callback: null });
    expect((await community.get('/api/requests?callbackPending=true&pageSize=200')).body.items.map((x: { id: number }) => x.id)).toContain(r.id);

    const noReached = await community.post(`/api/requests/${r.id}/callback`, { note: '已回访' });
    expect(noReached.status).toBe(400);
    expect(noReached.body.error.field).toBe('reached');
    const blank = await community.post(`/api/requests/${r.id}/callback`, { note: '  ', reached: true });
    expect(blank.body.error.field).toBe('note');
    expect((await street2.post(`/api/requests/${r.id}/callback`, { note: '隔壁回访', reached: true })).status).toBe(404);

    const ok = await community.post(`/api/requests/${r.id}/callback`, { note: '电话回访，当事人表示满意', reached: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d).toMatchObject({ callbackPending: false, callback: { note: '电话回访，当事人表示满意', reached: true } });
    expect(d.events.at(-1)).toMatchObject({ kind: 'callback', public: false });
    expect((await community.get('/api/requests?callbackPending=true&pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect((await community.post(`/api/requests/${r.id}/callback`, { note: '再回访', reached: false })).status).toBe(409);
  });

  it('lets exactly one of 50 concurrent call-backs win and keeps one history', async () => {
    const r = await submit(street);
    await close(r.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => community.post(`/api/requests/${r.id}/callback`, { note: `回访 ${i}`, reached: true })),
    );
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409)).toHaveLength(49);
    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d.events.filter((e: { kind: string }) => e.kind === 'callback')).toHaveLength(1);
    expect(d.events.map((e: { version: number }) => e.version)).toEqual(Array.from({ length: d.version }, (_, i) => i + 1));
  });
});

describe('citizen adds information and reads replies', () => {
  it('appends information by number and phone while open, visible to both sides', async () => {
    const phone = nextPhone();
    const r = await submit(street, { contactPhone: phone });
    const bad = await t.anonymous.post(`/api/portal/requests/${r.number}/info`, { phone: '13900000000', text: '补充' });
    expect(bad.status).toBe(404);
    expect((await t.anonymous.post(`/api/portal/requests/${r.number}/info`, { phone, text: '' })).body.error.field).toBe('text');
    expect((await t.anonymous.post(`/api/portal/requests/${r.number}/info`, { phone })).body.error.field).toBe('text');
    const ok = await t.anonymous.post(`/api/portal/requests/${r.number}/info`, { phone, text: '补充：公司地址已搬迁到高新区' });
    expect(ok.status).toBe(201);
    let v = (await community.post(`/api/requests/${r.id}/accept`, { version: ok.body.version })).body.version;
    v = (await community.post(`/api/requests/${r.id}/respond`, { version: v, note: '已联系劳动监察大队' })).body.version;
    const view = (await t.anonymous.get(`/api/portal/requests/${r.number}?phone=${phone}`)).body;
    expect(view.events.map((e: { kind: string; note: string }) => [e.kind, e.note])).toEqual([
      ['submit', ''],
      ['info', '补充：公司地址已搬迁到高新区'],
      ['accept', ''],
      ['respond', '已联系劳动监察大队'],
    ]);
    expect((await community.get(`/api/requests/${r.id}`)).body.events.find((e: { kind: string }) => e.kind === 'info').note).toBe(
      '补充：公司地址已搬迁到高新区',
    );
    v = (await community.post(`/api/requests/${r.id}/resolve`, { version: v, reply: '已追回' })).body.version;
    await community.post(`/api/requests/${r.id}/close`, { version: v });
    expect((await t.anonymous.post(`/api/portal/requests/${r.number}/info`, { phone, text: '迟到的补充' })).status).toBe(409);
  });
});

describe('duplicate detection at intake', () => {
  it('warns with earlier numbers for the same person and category, and for near-identical text in the street', async () => {
    const phone = nextPhone();
    const first = await submit(street, { contactPhone: phone, contactName: '重复来电人', description: '第一次反映：某工地拖欠三个月工资' });
    expect(first.duplicateCandidates).toEqual([]);
    const again = await submit(street, { contactPhone: phone, contactName: '重复来电人', description: '又打电话来问工资的事情' });
    expect(again.duplicateCandidates).toEqual([expect.objectContaining({ id: first.id, number: first.number, samePerson: true })]);
    const otherCategory = await submit(street, { contactPhone: phone, contactName: '重复来电人', categoryCode: 'family_dispute', fields: {} });
    expect(otherCategory.duplicateCandidates).toEqual([]);

    const text = '锦江区某某路某某建筑工地项目部拖欠四十名农民工工资共计八十万元';
    const a = await submit(street, { description: text });
    const b = await submit(street, { description: `${text}。` });
    expect(b.duplicateCandidates.map((x: { number: string; samePerson: boolean }) => [x.number, x.samePerson])).toContainEqual([a.number, false]);
    const unrelated = await submit(street, { description: '想咨询一下职工疗休养政策' });
    expect(unrelated.duplicateCandidates.map((x: { id: number }) => x.id)).not.toContain(a.id);

    // A category whose window is 0 days does not look.
    const cat = (await sysadmin.get('/api/request-categories')).body.items.find((c: { code: string }) => c.code === 'labour_contract');
    expect((await sysadmin.patch(`/api/request-categories/${cat.id}`, { version: cat.version, duplicateDays: 0 })).status).toBe(200);
    const lc = { categoryCode: 'labour_contract', contactPhone: phone, contactName: '重复来电人', fields: { employer: 'x', issue: 'other' } };
    await submit(street, lc);
    expect((await submit(street, lc)).duplicateCandidates).toEqual([]);
    expect((await sysadmin.patch(`/api/request-categories/${cat.id}`, { version: cat.version + 1, duplicateDays: 400 })).body.error.field).toBe(
      'duplicateDays',
    );
  });

  it('links a request as a duplicate of one the actor can read', async () => {
    const a = await submit(street);
    const b = await submit(street);
    const neighbour = await submit(street2, { regionCode: (await orgOf(street2)).regionCode });
    expect((await street2.post(`/api/requests/${b.id}/duplicate`, { ofId: a.id })).status).toBe(404);
    expect((await community.post(`/api/requests/${b.id}/duplicate`, { ofId: b.id })).body.error.field).toBe('ofId');
    expect((await community.post(`/api/requests/${b.id}/duplicate`, { ofId: 0 })).status).toBe(400);
    expect((await community.post(`/api/requests/${b.id}/duplicate`, { ofId: neighbour.id })).status).toBe(404);
    const ok = await community.post(`/api/requests/${b.id}/duplicate`, { ofId: a.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const d = (await community.get(`/api/requests/${b.id}`)).body;
    expect(d.duplicateOf).toEqual({ id: a.id, number: a.number });
    expect(d.events.at(-1)).toMatchObject({ kind: 'duplicate', note: a.number });
    expect((await community.post(`/api/requests/${a.id}/duplicate`, { ofId: b.id })).body.error.field).toBe('ofId');
  });
});

describe('supervision: reminders and take-over', () => {
  it('flags requests due today or on the next working day, and overdue ones apart', async () => {
    const soon = await submit(street);
    const later = await submit(street);
    const today = chinaToday();
    await t.c.db.updateTable('requests').set({ accept_due: today, response_due: '2099-01-01', resolve_due: '2099-01-01' }).where('id', '=', soon.id).execute();
    await t.c.db
      .updateTable('requests')
      .set({ accept_due: '2099-01-01', response_due: '2099-01-01', resolve_due: '2099-01-01' })
      .where('id', '=', later.id)
      .execute();
    expect((await community.get(`/api/requests/${soon.id}`)).body).toMatchObject({ dueSoon: true, overdue: false });
    expect((await community.get(`/api/requests/${later.id}`)).body).toMatchObject({ dueSoon: false, overdue: false });
    const list = (await community.get('/api/requests?dueSoon=true&pageSize=200')).body.items.map((x: { id: number }) => x.id);
    expect(list).toContain(soon.id);
    expect(list).not.toContain(later.id);
    await t.c.db.updateTable('requests').set({ accept_due: '2026-01-05' }).where('id', '=', soon.id).execute();
    expect((await community.get(`/api/requests/${soon.id}`)).body).toMatchObject({ dueSoon: false, overdue: true });
    expect((await street2.get('/api/requests?dueSoon=true&pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(soon.id);
  });

  it('lets the level above take an overdue request over; never the unit itself or a neighbour', async () => {
    const r = await submit(street);
    await t.c.db
      .updateTable('requests')
      .set({ accept_due: '2026-01-06', response_due: '2026-01-08', resolve_due: '2026-01-23' })
      .where('id', '=', r.id)
      .execute();
    expect((await street.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id)).toContain(r.id);
    expect((await community.post(`/api/requests/${r.id}/take-over`, { note: '自己接管' })).status).toBe(403);
    expect((await street2.post(`/api/requests/${r.id}/take-over`, { note: '隔壁接管' })).status).toBe(404);
    expect((await street.post(`/api/requests/${r.id}/take-over`, {})).body.error.field).toBe('note');
    expect((await street.post(`/api/requests/${r.id}/take-over`, { note: 'x', version: 0 })).body.error.field).toBe('version');
    const ok = await street.post(`/api/requests/${r.id}/take-over`, { note: '逾期未受理，街道总工会接管' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.handlerOrgId).toBe(streetOrg.id);
    const d = (await street.get(`/api/requests/${r.id}`)).body;
    expect(d).toMatchObject({ handlerOrgId: streetOrg.id, access: 'primary' });
    expect(d.events.at(-1)).toMatchObject({ kind: 'take_over', note: '逾期未受理，街道总工会接管' });
    // Now the street's own: it leaves the street's supervision queue and enters the district's.
    expect((await street.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect((await district.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id)).toContain(r.id);
  });
});

describe('attachments', () => {
  it('stores files content-addressed, checks type by magic bytes and size, and serves them only in scope', async () => {
    const phone = nextPhone();
    const r = await submit(street, { contactPhone: phone });
    const up = await upload(community, `/api/requests/${r.id}/attachments`, {}, { name: '欠条.png', data: PNG, type: 'image/png' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ name: '欠条.png', mime: 'image/png', size: PNG.length, source: 'staff' });
    const sha = createHash('sha256').update(PNG).digest('hex');
    const stored = path.join(os.tmpdir(), 'files', sha.slice(0, 2), sha);
    expect(existsSync(stored)).toBe(true);
    expect(readFileSync(stored).equals(PNG)).toBe(true);

    // The declared type and name are not trusted: bytes decide (text named .png is refused; a PDF named .jpg is a PDF).
    const fake = await upload(
      community,
      `/api/requests/${r.id}/attachments`,
      {},
      { name: 'virus.png', data: Buffer.from('MZ this is not an image'), type: 'image/png' },
    );
    expect(fake.status).toBe(415);
    expect(fake.body.error.field).toBe('file');
    const pdf = await upload(community, `/api/requests/${r.id}/attachments`, {}, { name: 'contract.jpg', data: PDF, type: 'image/jpeg' });
    expect(pdf.body.mime).toBe('application/pdf');
    const big = await upload(
      community,
      `/api/requests/${r.id}/attachments`,
      {},
      { name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]) },
    );
    expect(big.status).toBe(413);
    const none = await upload(community, `/api/requests/${r.id}/attachments`, { note: 'x' });
    expect(none.status).toBe(400);
    expect((await upload(street2, `/api/requests/${r.id}/attachments`, {}, { name: 'a.png', data: PNG })).status).toBe(404);
    const json = await community.post(`/api/requests/${r.id}/attachments`, { file: { name: 'x.png', data: PNG.toString('base64') } });
    expect(json.status).toBe(400);
    expect(json.body.error.field).toBe('file');

    // The citizen attaches by number and phone.
    const cit = await upload(null, `/api/portal/requests/${r.number}/attachments`, { phone }, { name: '工资条.pdf', data: PDF });
    expect(cit.status, JSON.stringify(cit.body)).toBe(201);
    expect(cit.body.source).toBe('citizen');
    expect((await upload(null, `/api/portal/requests/${r.number}/attachments`, { phone: '13900000000' }, { name: 'x.pdf', data: PDF })).status).toBe(404);

    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d.attachments.map((a: { name: string }) => a.name)).toEqual(['欠条.png', 'contract.jpg', '工资条.pdf']);
    const dl = await community.get(`/api/requests/${r.id}/attachments/${up.body.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.raw.equals(PNG)).toBe(true);
    expect((await street.get(`/api/requests/${r.id}/attachments/${up.body.id}`)).status).toBe(200);
    expect((await street2.get(`/api/requests/${r.id}/attachments/${up.body.id}`)).status).toBe(404);
    const other = await submit(street);
    expect((await community.get(`/api/requests/${other.id}/attachments/${up.body.id}`)).status).toBe(404);
    expect((await community.get(`/api/requests/${r.id}/attachments/abc`)).status).toBe(400);
  });
});

describe('Open311 GeoReport v2: XML, form encoding, API keys', () => {
  const xml = new XMLParser({
    ignoreAttributes: true,
    isArray: (name) => ['service', 'request', 'attribute', 'value', 'endpoint', 'format'].includes(name),
    parseTagValue: false,
  });
  let key = '';

  it('issues, lists and revokes API keys (system administrator only)', async () => {
    expect((await street.post('/api/open311-keys', { name: 'x' })).status).toBe(403);
    expect((await sysadmin.post('/api/open311-keys', { name: '' })).body.error.field).toBe('name');
    const k = await sysadmin.post('/api/open311-keys', { name: '12345 热线' });
    expect(k.status).toBe(201);
    expect(k.body.key).toMatch(/^qh_/);
    key = k.body.key;
    const list = (await sysadmin.get('/api/open311-keys')).body.items;
    expect(list[0]).toMatchObject({ id: k.body.id, prefix: key.slice(0, 10), revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(key);
    const row = await t.c.db.selectFrom('open311_api_keys').select('key_hash').where('id', '=', k.body.id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.key_hash).toString('utf8')).not.toContain(key);

    const spare = (await sysadmin.post('/api/open311-keys', { name: '测试' })).body;
    expect((await sysadmin.del(`/api/open311-keys/${spare.id}`)).status).toBe(200);
    expect((await sysadmin.del(`/api/open311-keys/${spare.id}`)).status).toBe(404);
    const revoked = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: spare.key, service_code: 'child_care', description: 'x', address_id: communityOrg.regionCode, last_name: '王', phone: nextPhone() },
      remoteAddress: nextIp(),
    });
    expect(revoked.statusCode).toBe(403);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { service_code: 'child_care', description: 'x', address_id: communityOrg.regionCode, last_name: '王', phone: nextPhone() },
      remoteAddress: nextIp(),
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
  });

  it('takes the spec form encoding with attribute[code] and answers in XML', async () => {
    const phone = nextPhone();
    const form = new URLSearchParams({
      api_key: key,
      jurisdiction_id: 'chengdu',
      service_code: 'wages_owed',
      description: '商场保洁员工资被拖欠',
      address_id: communityOrg.regionCode,
      last_name: '赵',
      first_name: '阿姨',
      phone,
      'attribute[employer]': '某物业公司',
      'attribute[amount]': '4200',
      'attribute[months]': 'lt3',
    });
    const post = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    expect(post.statusCode, post.body).toBe(201);
    expect(post.headers['content-type']).toContain('text/xml');
    const answer = xml.parse(post.body);
    const number = answer.service_requests.request[0].service_request_id as string;
    expect(number).toMatch(/^QH-\d{4}-\d{6}$/);
    const stored = await t.c.db.selectFrom('requests').select(['fields', 'channel']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'open311', fields: { employer: '某物业公司', amount: 4200, months: 'lt3' } });

    const badForm = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: `${form.toString()}&attribute[amount]=abc&attribute[amount]=1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    // A repeated attribute is a list, which a number field refuses, naming the parameter as sent.
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json()[0].description).toContain('attribute[amount]');
    const badAttr = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: form.toString().replace('attribute%5Bamount%5D=4200', 'attribute%5Bamount%5D=abc'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    expect(badAttr.statusCode).toBe(400);
    expect(badAttr.json()[0].description).toContain('attribute[amount]');

    // GET in XML, parsed back: the same request, open, with the SLA and the handling unit, without any personal field.
    const one = await t.anonymous.get(`/open311/v2/requests/${number}.xml`);
    expect(one.status).toBe(200);
    const req = xml.parse(one.text).service_requests.request[0];
    const json = (await t.anonymous.get(`/open311/v2/requests/${number}.json`)).body[0];
    expect(req).toMatchObject({
      service_request_id: number,
      status: 'open',
      service_code: 'wages_owed',
      agency_responsible: json.agency_responsible,
      expected_datetime: json.expected_datetime,
    });
    expect(json.agency_responsible).toBeTruthy();
    for (const text of [one.text, (await t.anonymous.get('/open311/v2/requests.xml')).text]) {
      for (const personal of [phone, '阿姨', '商场保洁员工资被拖欠', '某物业公司']) expect(text).not.toContain(personal);
    }
    const list = xml.parse((await t.anonymous.get('/open311/v2/requests.xml?status=open&service_code=wages_owed')).text).service_requests.request;
    expect(list.map((x: { service_request_id: string }) => x.service_request_id)).toContain(number);
    expect(list.every((x: { status: string; service_code: string }) => x.status === 'open' && x.service_code === 'wages_owed')).toBe(true);
  });

  it('serves discovery, services and definitions in XML, and errors in the XML error shape', async () => {
    const disc = xml.parse((await t.anonymous.get('/open311/v2/discovery.xml')).text).discovery;
    expect(disc.endpoints.endpoint[0].formats.format).toEqual(['application/json', 'text/xml']);
    const services = xml.parse((await t.anonymous.get('/open311/v2/services.xml')).text).services.service;
    const jsonServices = (await t.anonymous.get('/open311/v2/services.json')).body;
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(jsonServices.map((s: { service_code: string }) => s.service_code));
    const def = xml.parse((await t.anonymous.get('/open311/v2/services/wages_owed.xml')).text).service_definition;
    const months = def.attributes.attribute.find((a: { code: string }) => a.code === 'months');
    expect(months.values.value.map((v: { key: string }) => v.key)).toEqual(['lt3', '3to6', 'gt6']);
    const missing = await t.anonymous.get('/open311/v2/services/nothing_here.xml');
    expect(missing.status).toBe(404);
    expect(String(missing.headers['content-type'])).toContain('text/xml');
    expect(xml.parse(missing.text).errors.error.code).toBe('404');
    const wide = await t.anonymous.get('/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(wide.status).toBe(400);
    expect(xml.parse(wide.text).errors.error.description).toContain('end_date');
    // A malformed id is a request that does not exist.
    expect((await t.anonymous.get('/open311/v2/requests/QH-2026-1.xml')).status).toBe(404);
  });

  it('defaults to the last 90 days', async () => {
    const old = await submit(street);
    const recent = await submit(street);
    await t.c.db
      .updateTable('requests')
      .set({ submitted_at: new Date(Date.now() - 100 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    const ids = (await t.anonymous.get('/open311/v2/requests.json')).body.map((x: { service_request_id: string }) => x.service_request_id);
    expect(ids).toContain(recent.number);
    expect(ids).not.toContain(old.number);
    const byId = (await t.anonymous.get(`/open311/v2/requests.json?service_request_id=${old.number}`)).body;
    expect(byId).toHaveLength(1);
  });
});

describe('working-day SLA against the reference calendar', () => {
  type Day = { date: string; kind: 'holiday' | 'workday'; name: string };
  const ref = officialArrangements() as { days: Day[] };
  const kinds = new Map(ref.days.map((d) => [d.date, d.kind]));
  const isWork = (d: Date) => {
    const iso = d.toISOString().slice(0, 10);
    const k = kinds.get(iso);
    if (k) return k === 'workday';
    return d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
  };
  /** An independent oracle: step day by day, counting the days the reference file says are worked (调休 included). */
  const oracle = (from: string, n: number) => {
    const d = new Date(`${from}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (isWork(d)) left--;
    }
    return d.toISOString().slice(0, 10);
  };

  it('matches the reference file across the 2025 National Day and the 2026 Spring Festival', async () => {
    expect(ref.days.filter((d) => d.date.startsWith('2025-10') && d.kind === 'holiday').length).toBeGreaterThanOrEqual(7);
    expect(ref.days.some((d) => d.date.startsWith('2026-02') && d.name === '春节' && d.kind === 'workday')).toBe(true);
    expect(oracle('2025-09-30', 1)).toBe('2025-10-09');
    const sla = { slaAcceptDays: 1, slaResponseDays: 3, slaResolveDays: 15 };
    for (const [start, days] of [
      ['2025-09-24', 20],
      ['2026-02-09', 22],
    ] as const) {
      for (let i = 0; i < days; i++) {
        const d = new Date(`${start}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + i);
        const from = d.toISOString().slice(0, 10);
        expect(await t.c.requests.dueDates(from, sla), from).toEqual({
          accept: oracle(from, 1),
          response: oracle(from, 3),
          resolve: oracle(from, 15),
          provisional: false,
        });
      }
    }
  });
});
