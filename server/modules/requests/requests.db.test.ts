import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { chinaToday } from './requests.policy.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let district: Client;
let womenCommunity: Client;
let sysadmin: Client;
let streetOrg: { id: number; regionCode: string };
let communityOrg: { id: number; regionCode: string };
let womenCommunityOrg: { id: number; regionCode: string };
let womenStreetOrg: { id: number; regionCode: string };
let phoneSeq = 0;

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string; path: string };
}

const nextPhone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

function wages(over: Record<string, unknown> = {}) {
  return {
    categoryCode: 'wages_owed',
    description: '公司拖欠三个月工资未发放',
    regionCode: communityOrg.regionCode,
    address: '成都市锦江区某某路88号3栋2单元',
    contactName: '测试来电人',
    contactPhone: nextPhone(),
    channel: 'phone',
    fields: { employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' },
    ...over,
  };
}

async function submit(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/requests', wages(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community, district, womenCommunity, sysadmin] = await Promise.all([
    t.as('union.street'),
    t.as('union.street2'),
    t.as('union.community'),
    t.as('union.district'),
    t.as('women.community'),
    t.as('sysadmin'),
  ]);
  streetOrg = await orgOf(street);
  communityOrg = await orgOf(community);
  womenCommunityOrg = await orgOf(womenCommunity);
  womenStreetOrg = await orgOf(await t.as('women.street'));
});
afterAll(async () => t.close());

describe('category catalogue', () => {
  it('lists the seeded tree with typed fields to any signed-in account', async () => {
    const r = await community.get('/api/request-categories');
    expect(r.status).toBe(200);
    const codes = r.body.items.map((c: { code: string }) => c.code);
    for (const code of [
      'wages_owed',
      'labour_contract',
      'work_injury',
      'youth_employment',
      'family_dispute',
      'domestic_violence',
      'child_care',
      'disability_assistance',
      'science_popularisation',
      'returnee_entrepreneurship',
    ]) {
      expect(codes).toContain(code);
    }
    const w = r.body.items.find((c: { code: string }) => c.code === 'wages_owed');
    expect(w.defaultOrgType).toBe('union');
    expect(w.parentId).toBe(r.body.items.find((c: { code: string }) => c.code === 'labour').id);
    expect(w.fields.find((f: { code: string }) => f.code === 'amount')).toMatchObject({ datatype: 'number', required: true });
  });

  it('lets only the category administrator create and edit, with optimistic versions', async () => {
    const body = {
      code: 'test_cat',
      nameZh: '测试类别',
      nameEn: 'Test category',
      defaultOrgType: 'union',
      slaAcceptDays: 1,
      slaResponseDays: 2,
      slaResolveDays: 5,
      fields: [{ code: 'x', label: '某字段', datatype: 'singlevaluelist', required: true }],
    };
    expect((await street.post('/api/request-categories', body)).status).toBe(403);
    const noValues = await sysadmin.post('/api/request-categories', body);
    expect(noValues.status).toBe(400);
    expect(noValues.body.error.field).toBe('fields.0.values');
    const created = await sysadmin.post('/api/request-categories', { ...body, fields: [{ ...body.fields[0], values: [{ key: 'a', name: '甲' }] }] });
    expect(created.status).toBe(201);
    expect(created.body.descriptionEn).toBe('');
    const edited = await sysadmin.patch(`/api/request-categories/${created.body.id}`, {
      version: created.body.version,
      slaResolveDays: 10,
      descriptionEn: ' For testing ',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.slaResolveDays).toBe(10);
    expect(edited.body.descriptionEn).toBe('For testing');
    // Every seeded category carries an English description.
    const seeded = (await street.get('/api/request-categories')).body.items as Array<{ code: string; descriptionEn: string }>;
    expect(seeded.filter((c) => c.code !== 'test_cat' && !c.descriptionEn).map((c) => c.code)).toEqual([]);
    const stale = await sysadmin.patch(`/api/request-categories/${created.body.id}`, { version: created.body.version, nameZh: '又改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
  });
});

describe('demo data', () => {
  it('gives the demo street union requests at every stage, none visible to the neighbouring street', async () => {
    const mine = (await street.get('/api/requests?pageSize=100')).body;
    const demo = mine.items.filter((x: { handlerOrgId: number; channel: string }) => x.handlerOrgId === streetOrg.id && x.channel !== 'portal');
    const statuses = new Set(demo.map((x: { status: string }) => x.status));
    for (const s of ['dispatched', 'accepted', 'in_progress', 'resolved', 'closed']) expect(statuses, s).toContain(s);
    expect(demo.some((x: { status: string; callbackPending: boolean }) => x.status === 'closed' && !x.callbackPending)).toBe(true);
    const theirs = (await street2.get('/api/requests?pageSize=100')).body.items.map((x: { id: number }) => x.id);
    expect(demo.filter((x: { id: number }) => theirs.includes(x.id))).toEqual([]);
  });
});

describe('intake and routing', () => {
  it('takes a call on behalf of a caller: readable number, SLA, masked personal data, routed to the community union', async () => {
    const r = await submit(street);
    expect(r.number).toMatch(/^QH-\d{4}-\d{6}$/);
    expect(r.status).toBe('dispatched');
    expect(r.handlerOrgId).toBe(communityOrg.id);
    expect(r.channel).toBe('phone');
    expect(r.addressMasked).toBe('成都市锦江区***');
    expect(r.requesterPhoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(r.requesterNameMasked).toBe('测****');
    expect(r.acceptDue <= r.responseDue && r.responseDue <= r.resolveDue).toBe(true);
    expect(r.events.map((e: { kind: string }) => e.kind)).toEqual(['submit']);
    const row = await t.c.db.selectFrom('requests').select(['address_enc', 'fields']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.address_enc!).toString('utf8')).not.toContain('某某路');
    expect(row.fields).toEqual({ employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' });
  });

  it('validates the extra fields against the category definition, naming fields.<code>', async () => {
    const missing = await street.post('/api/requests', wages({ fields: { employer: '某公司' } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('fields.amount');
    const badList = await street.post('/api/requests', wages({ fields: { employer: '某公司', amount: 1, months: 'forever' } }));
    expect(badList.body.error.field).toBe('fields.months');
    const unknown = await street.post('/api/requests', wages({ fields: { employer: '某公司', amount: 1, shoe_size: 42 } }));
    expect(unknown.body.error.field).toBe('fields.shoe_size');
    const notNumber = await street.post('/api/requests', wages({ fields: { employer: '某公司', amount: '很多' } }));
    expect(notNumber.body.error.field).toBe('fields.amount');
    const group = await street.post('/api/requests', wages({ categoryCode: 'labour', fields: {} }));
    expect(group.body.error.field).toBe('categoryCode');
    const phone = await street.post('/api/requests', wages({ contactPhone: '12345' }));
    expect(phone.body.error.field).toBe('contactPhone');
    const district = await street.post('/api/requests', wages({ regionCode: '510104' }));
    expect(district.body.error.field).toBe('regionCode');
  });

  it('falls back along the org tree from the category level: community, street, district', async () => {
    const injury = await submit(street, { categoryCode: 'work_injury', fields: { employer: '某厂' } });
    expect(injury.handlerOrgId).toBe(streetOrg.id);
    const dv = await submit(street, { categoryCode: 'domestic_violence', fields: { urgent: 'no' } });
    expect(dv.handlerOrgId).toBe(womenCommunityOrg.id);
    expect(dv.access).toBe('receipt');
    expect((await street.get(`/api/requests/${dv.id}`)).status).toBe(404);
    expect((await womenCommunity.get(`/api/requests/${dv.id}`)).body.access).toBe('primary');
    const returnee = await submit(street, { categoryCode: 'returnee_entrepreneurship', fields: {} });
    const returneeOrg = await t.c.db
      .selectFrom('orgs')
      .select(['type_code', 'level', 'region_code'])
      .where('id', '=', returnee.handlerOrgId)
      .executeTakeFirstOrThrow();
    expect(returneeOrg).toEqual({ type_code: 'returnees', level: 'district', region_code: '510104' });
    const sci = await submit(street, { categoryCode: 'science_popularisation', fields: {} });
    const sciOrg = await t.c.db.selectFrom('orgs').select(['type_code', 'level']).where('id', '=', sci.handlerOrgId).executeTakeFirstOrThrow();
    expect(sciOrg).toEqual({ type_code: 'scitech', level: 'street' });
  });

  it('lets routing rules win, the most specific region first', async () => {
    const womenDistrict = await t.c.db
      .selectFrom('orgs')
      .select('id')
      .where('type_code', '=', 'women')
      .where('region_code', '=', '510104')
      .where('level', '=', 'district')
      .executeTakeFirstOrThrow();
    expect((await street.post('/api/request-routing-rules', { categoryCode: 'family_dispute', regionCode: '510104', orgId: womenDistrict.id })).status).toBe(
      403,
    );
    expect((await sysadmin.post('/api/request-routing-rules', { categoryCode: 'family_dispute', regionCode: '510104', orgId: womenDistrict.id })).status).toBe(
      201,
    );
    expect(
      (await sysadmin.post('/api/request-routing-rules', { categoryCode: 'family_dispute', regionCode: womenStreetOrg.regionCode, orgId: womenStreetOrg.id }))
        .status,
    ).toBe(201);
    const inStreet = await submit(street, { categoryCode: 'family_dispute', fields: {} });
    expect(inStreet.handlerOrgId).toBe(womenStreetOrg.id);
    const neighbourCommunity = (await street2.get(`/api/regions?parent=${(await orgOf(street2)).regionCode}`)).body.items[0].code;
    const elsewhere = await submit(street2, { categoryCode: 'family_dispute', regionCode: neighbourCommunity, fields: {} });
    expect(elsewhere.handlerOrgId).toBe(womenDistrict.id);
    const rules = await street.get('/api/request-routing-rules?category=family_dispute');
    expect(rules.body.items).toHaveLength(2);
  });

  it('reuses the person with the same phone and name, and creates another for another name', async () => {
    const phone = nextPhone();
    const a = await submit(street, { contactPhone: phone });
    const b = await submit(street, { contactPhone: phone });
    const c = await submit(street, { contactPhone: phone, contactName: '另一个人' });
    expect(b.personId).toBe(a.personId);
    expect(c.personId).not.toBe(a.personId);
  });

  it('honours Idempotency-Key on staff entry', async () => {
    const body = wages();
    const before = (
      await t.c.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const a = await street.post('/api/requests', body, { headers: { 'idempotency-key': 'request-intake-0001' } });
    const b = await street.post('/api/requests', body, { headers: { 'idempotency-key': 'request-intake-0001' } });
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const after = (
      await t.c.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(after)).toBe(Number(before) + 1);
  });

  it('keeps personal data out of the audit trail', async () => {
    const phone = nextPhone();
    const r = await submit(street, { contactPhone: phone, contactName: '审计不见名' });
    const rows = await t.c.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('object_id', '=', String(r.id))
      .where('object_type', '=', 'request')
      .execute();
    expect(rows.map((x) => x.action)).toContain('request.create');
    const all = JSON.stringify(await t.c.db.selectFrom('audit_log').select('detail').execute());
    expect(all).not.toContain(phone);
    expect(all).not.toContain('审计不见名');
    expect(all).not.toContain('某某路');
  });
});

describe('handling: actions, co-handling, scope', () => {
  it('runs accept → co-handle → respond → resolve → close, each step an event with a strictly increasing version', async () => {
    const r = await submit(street);
    const acc = await community.post(`/api/requests/${r.id}/accept`, { version: r.version });
    expect(acc.status).toBe(200);
    expect(acc.body.status).toBe('accepted');
    expect((await community.post(`/api/requests/${r.id}/co-handlers`, { orgId: womenCommunityOrg.id })).status).toBe(403);
    const co = await street.post(`/api/requests/${r.id}/co-handlers`, { orgId: womenCommunityOrg.id, note: '涉及女职工权益' });
    expect(co.status).toBe(200);
    expect((await street.post(`/api/requests/${r.id}/co-handlers`, { orgId: womenCommunityOrg.id })).status).toBe(409);
    const note = await womenCommunity.post(`/api/requests/${r.id}/note`, { note: '妇联已联系当事人' });
    expect(note.status).toBe(200);
    expect((await womenCommunity.post(`/api/requests/${r.id}/resolve`, { version: note.body.version, reply: '越权' })).status).toBe(403);
    const early = await community.post(`/api/requests/${r.id}/close`, { version: note.body.version });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    const resp = await community.post(`/api/requests/${r.id}/respond`, { version: note.body.version, note: '已联系用人单位，正在协调' });
    expect(resp.body.status).toBe('in_progress');
    const res = await community.post(`/api/requests/${r.id}/resolve`, { version: resp.body.version, reply: '用人单位已承诺本月底前结清' });
    expect(res.body.status).toBe('resolved');
    const closed = await community.post(`/api/requests/${r.id}/close`, { version: res.body.version });
    expect(closed.body.status).toBe('closed');
    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'accept', 'co_handler', 'note', 'respond', 'resolve', 'close']);
    expect(d.events.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(d.coHandlers).toEqual([{ orgId: womenCommunityOrg.id, orgName: expect.any(String) }]);
    expect(d.reply).toBe('用人单位已承诺本月底前结清');
    expect(d.acceptedAt && d.respondedAt && d.resolvedAt && d.closedAt).toBeTruthy();
    const trail = await t.c.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'request')
      .where('object_id', '=', String(r.id))
      .orderBy('seq')
      .execute();
    expect(trail.map((x) => x.action)).toEqual([
      'request.create',
      'request.accept',
      'request.co_handler',
      'request.note',
      'request.respond',
      'request.resolve',
      'request.close',
    ]);
  });

  it('shows a co-handler organization that one request only', async () => {
    const shared = await submit(street);
    const other = await submit(street);
    await street.post(`/api/requests/${shared.id}/co-handlers`, { orgId: womenCommunityOrg.id });
    const inbox = await womenCommunity.get('/api/requests?pageSize=200');
    const unionItems = inbox.body.items.filter((x: { categoryCode: string }) => x.categoryCode === 'wages_owed');
    expect(unionItems.map((x: { id: number }) => x.id)).toContain(shared.id);
    expect(unionItems.map((x: { id: number }) => x.id)).not.toContain(other.id);
    expect(unionItems.every((x: { access: string }) => x.access === 'co_handler')).toBe(true);
    expect((await womenCommunity.get(`/api/requests/${shared.id}`)).body.access).toBe('co_handler');
    expect((await womenCommunity.get(`/api/requests/${other.id}`)).status).toBe(404);
  });

  it('returns to the level above with a reason, re-dispatches, escalates and transfers ("not ours")', async () => {
    const r = await submit(street);
    expect((await community.post(`/api/requests/${r.id}/return`, { version: r.version, note: '' })).status).toBe(400);
    const ret = await community.post(`/api/requests/${r.id}/return`, { version: r.version, note: '涉及多个社区，请街道统筹' });
    expect(ret.body).toMatchObject({ status: 'returned', handlerOrgId: streetOrg.id });
    expect((await community.get(`/api/requests/${r.id}`)).status).toBe(404);
    const outside = await street.post(`/api/requests/${r.id}/dispatch`, { version: ret.body.version, orgId: womenCommunityOrg.id });
    expect(outside.status).toBe(404);
    const back = await street.post(`/api/requests/${r.id}/dispatch`, { version: ret.body.version, orgId: communityOrg.id, note: '由社区承办，街道协调' });
    expect(back.body).toMatchObject({ status: 'dispatched', handlerOrgId: communityOrg.id });
    const esc = await community.post(`/api/requests/${r.id}/escalate`, { version: back.body.version, note: '金额较大，提请街道办理' });
    expect(esc.body.handlerOrgId).toBe(streetOrg.id);
    const tr = await street.post(`/api/requests/${r.id}/transfer`, { version: esc.body.version, orgId: womenStreetOrg.id, note: '非工会职责' });
    expect(tr.body).toMatchObject({ status: 'dispatched', handlerOrgId: womenStreetOrg.id });
    expect((await street.get(`/api/requests/${r.id}`)).status).toBe(404);
    const women = await t.as('women.street');
    const d = (await women.get(`/api/requests/${r.id}`)).body;
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'return', 'dispatch', 'escalate', 'transfer']);
  });

  it('answers a neighbouring street with 404 on every request endpoint', async () => {
    const r = await submit(street);
    const v = r.version;
    const attempts = [
      await street2.get(`/api/requests/${r.id}`),
      await street2.post(`/api/requests/${r.id}/accept`, { version: v }),
      await street2.post(`/api/requests/${r.id}/respond`, { version: v, note: 'x' }),
      await street2.post(`/api/requests/${r.id}/note`, { note: 'x' }),
      await street2.post(`/api/requests/${r.id}/return`, { version: v, note: 'x' }),
      await street2.post(`/api/requests/${r.id}/escalate`, { version: v, note: 'x' }),
      await street2.post(`/api/requests/${r.id}/resolve`, { version: v, reply: 'x' }),
      await street2.post(`/api/requests/${r.id}/close`, { version: v }),
      await street2.post(`/api/requests/${r.id}/transfer`, { version: v, orgId: womenStreetOrg.id }),
      await street2.post(`/api/requests/${r.id}/dispatch`, { version: v, orgId: womenStreetOrg.id }),
      await street2.post(`/api/requests/${r.id}/co-handlers`, { orgId: womenStreetOrg.id }),
      await street2.post(`/api/requests/${r.id}/supervise`, { note: 'x' }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(404);
      expect(a.text).not.toContain(r.number);
    }
    const list = await street2.get(`/api/requests?number=${r.number}`);
    expect(list.body.total).toBe(0);
    expect((await street2.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(r.id);
    const fresh = (await street.get(`/api/requests/${r.id}`)).body;
    expect(fresh.version).toBe(1);
    expect(fresh.events).toHaveLength(1);
  });

  it('keeps one consistent history under 50 concurrent notes (no lost update)', async () => {
    const r = await submit(street);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => community.post(`/api/requests/${r.id}/note`, { note: `并发备注 ${i}` })));
    expect(results.every((x) => x.status === 200)).toBe(true);
    const versions = results.map((x) => x.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d.version).toBe(51);
    expect(d.events).toHaveLength(51);
    expect(new Set(d.events.map((e: { note: string }) => e.note)).size).toBe(51);
  });

  it('lets exactly one of 50 concurrent responses on the same version win', async () => {
    const r = await submit(street);
    const acc = await community.post(`/api/requests/${r.id}/accept`, { version: r.version });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => community.post(`/api/requests/${r.id}/respond`, { version: acc.body.version, note: `答复 ${i}` })),
    );
    const ok = results.filter((x) => x.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((x) => x.status === 409 && x.body.error.code === 'STALE_VERSION')).toHaveLength(49);
    const d = (await community.get(`/api/requests/${r.id}`)).body;
    expect(d.version).toBe(3);
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'accept', 'respond']);
    expect(d.events[2].note).toMatch(/^答复 \d+$/);
  });
});

describe('SLA and supervision', () => {
  it('counts due dates in working days across the 2025 National Day and the 2026 Spring Festival', async () => {
    const sla = { slaAcceptDays: 1, slaResponseDays: 3, slaResolveDays: 15 };
    expect(await t.c.requests.dueDates('2025-09-30', sla)).toEqual({ accept: '2025-10-09', response: '2025-10-11', resolve: '2025-10-28', provisional: false });
    expect(await t.c.requests.dueDates('2026-02-13', sla)).toEqual({ accept: '2026-02-14', response: '2026-02-25', resolve: '2026-03-12', provisional: false });
  });

  it('puts overdue requests in the queue of the levels above only, and lets the level above supervise', async () => {
    const late = await submit(street);
    const onTime = await submit(street);
    const ownStreet = await submit(street, { categoryCode: 'work_injury', fields: { employer: '某厂' } });
    for (const id of [late.id, ownStreet.id]) {
      await t.c.db
        .updateTable('requests')
        .set({ submitted_on: '2026-01-05', accept_due: '2026-01-06', response_due: '2026-01-08', resolve_due: '2026-01-23' })
        .where('id', '=', id)
        .execute();
    }
    expect((await community.get(`/api/requests/${late.id}`)).body.overdue).toBe(true);
    expect((await community.get('/api/requests?overdue=true&pageSize=200')).body.items.map((x: { id: number }) => x.id)).toContain(late.id);
    const streetQueue = (await street.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id);
    expect(streetQueue).toContain(late.id);
    expect(streetQueue).not.toContain(onTime.id);
    expect(streetQueue).not.toContain(ownStreet.id);
    const districtQueue = (await district.get('/api/requests/supervision?pageSize=200')).body.items.map((x: { id: number }) => x.id);
    expect(districtQueue).toEqual(expect.arrayContaining([late.id, ownStreet.id]));
    expect((await community.get('/api/requests/supervision')).status).toBe(403);
    expect((await street.post(`/api/requests/${ownStreet.id}/supervise`, { note: '自己督办自己' })).status).toBe(404);
    const newDue = await t.c.calendar.addWorkingDays(chinaToday(), 5);
    const sup = await district.post(`/api/requests/${late.id}/supervise`, { note: '请于下周内办结', resolveDue: newDue });
    expect(sup.status).toBe(200);
    const d = (await community.get(`/api/requests/${late.id}`)).body;
    expect(d.resolveDue).toBe(newDue);
    expect(d.events.at(-1)).toMatchObject({ kind: 'supervise', note: '请于下周内办结' });
  });
});

describe('citizen portal', () => {
  it('submits with consent, follows by number and phone, and rates once after closure', async () => {
    const phone = nextPhone();
    const body = {
      categoryCode: 'child_care',
      description: '小区附近缺少托育点',
      regionCode: communityOrg.regionCode,
      contactName: '王女士',
      contactPhone: phone,
      fields: { child_age: 2 },
    };
    const noConsent = await t.anonymous.post('/api/portal/requests', body);
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.field).toBe('consent');
    const r = await t.anonymous.post('/api/portal/requests', { ...body, consent: true });
    expect(r.status).toBe(201);
    expect(r.body.number).toMatch(/^QH-\d{4}-\d{6}$/);
    expect((await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=13800000000`)).status).toBe(404);
    const view = await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=${phone}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'dispatched', canRate: false });
    expect((await t.anonymous.post(`/api/portal/requests/${r.body.number}/ratings`, { phone, level: 1 })).status).toBe(409);

    const id = (await womenCommunity.get(`/api/requests?number=${r.body.number}`)).body.items[0].id;
    expect((await womenCommunity.post(`/api/requests/${id}/accept`, { version: 1 })).status).toBe(200);
    let v = (await womenCommunity.post(`/api/requests/${id}/note`, { note: '内部备注：不对外' })).body.version;
    v = (await womenCommunity.post(`/api/requests/${id}/resolve`, { version: v, reply: '已对接街道托育服务中心，下月开放' })).body.version;
    await womenCommunity.post(`/api/requests/${id}/close`, { version: v });

    const after = (await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=${phone}`)).body;
    expect(after.reply).toBe('已对接街道托育服务中心，下月开放');
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'accept', 'resolve', 'close']);
    expect(JSON.stringify(after)).not.toContain('内部备注');
    expect(after.canRate).toBe(true);
    const rated = await t.anonymous.post(`/api/portal/requests/${r.body.number}/ratings`, { phone, level: 4, comment: '太慢了' });
    expect(rated.status).toBe(201);
    expect(rated.body.label).toBe('不满意');
    expect((await t.anonymous.post(`/api/portal/requests/${r.body.number}/ratings`, { phone, level: 1 })).status).toBe(409);
    expect((await t.anonymous.post(`/api/portal/requests/${r.body.number}/ratings`, { phone, level: 6 })).status).toBe(400);
    expect((await womenCommunity.get(`/api/requests/${id}`)).body.rating).toMatchObject({ level: 4, label: '不满意' });
  });
});

describe('Open311 GeoReport v2', () => {
  it('serves discovery, services and service definitions from the catalogue', async () => {
    expect((await t.anonymous.get('/open311/v2/discovery.json')).body.endpoints[0].specification).toContain('GeoReport_v2');
    const services = (await t.anonymous.get('/open311/v2/services.json?jurisdiction_id=chengdu')).body;
    expect(services.find((s: { service_code: string }) => s.service_code === 'wages_owed')).toMatchObject({
      metadata: true,
      type: 'realtime',
      group: '劳动权益',
    });
    expect(services.find((s: { service_code: string }) => s.service_code === 'labour')).toBeUndefined();
    const def = (await t.anonymous.get('/open311/v2/services/wages_owed.json')).body;
    expect(def.attributes.find((a: { code: string }) => a.code === 'months')).toMatchObject({
      datatype: 'singlevaluelist',
      required: false,
      values: expect.any(Array),
    });
    expect((await t.anonymous.get('/open311/v2/services/nothing_here.json')).status).toBe(404);
  });

  it('creates through the same intake and publishes requests without personal fields', async () => {
    const phone = nextPhone();
    const key = (await sysadmin.post('/api/open311-keys', { name: '市12345平台' })).body.key;
    const post = await t.anonymous.post('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'wages_owed',
      description: '项目部拖欠农民工工资',
      address_id: communityOrg.regionCode,
      address_string: '锦江区某某工地门口',
      last_name: '李',
      first_name: '师傅',
      phone,
      attribute: { employer: '某某项目部', amount: 56000 },
    });
    expect(post.status).toBe(201);
    const number = post.body[0].service_request_id;
    const one = await t.anonymous.get(`/open311/v2/requests/${number}.json`);
    expect(one.body[0]).toMatchObject({
      service_request_id: number,
      status: 'open',
      service_code: 'wages_owed',
      agency_responsible: expect.any(String),
      address_id: communityOrg.regionCode,
    });
    expect(one.body[0].expected_datetime).toMatch(/T23:59:59\+08:00$/);
    const list = await t.anonymous.get('/open311/v2/requests.json?status=open');
    expect(list.status).toBe(200);
    expect(list.body.map((x: { service_request_id: string }) => x.service_request_id)).toContain(number);
    expect(list.body.every((x: { status: string }) => x.status === 'open')).toBe(true);
    for (const text of [one.text, list.text]) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain('师傅');
      expect(text).not.toContain('工地门口');
      expect(text).not.toContain('拖欠农民工工资');
    }
    const closed = await t.anonymous.get('/open311/v2/requests.json?status=closed');
    expect(closed.body.map((x: { service_request_id: string }) => x.service_request_id)).not.toContain(number);
    const wide = await t.anonymous.get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z');
    expect(wide.status).toBe(400);
    expect(wide.body).toEqual([{ code: 400, description: expect.stringContaining('end_date') }]);
    const byId = await t.anonymous.get(`/open311/v2/requests.json?service_request_id=${number},QH-2000-000001`);
    expect(byId.body).toHaveLength(1);
  });
});

describe('public doors are rate-limited', () => {
  it('answers 429 once an address exceeds the submissions per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.anonymous.post('/api/portal/requests', { categoryCode: 'child_care' })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 400)).toBe(true);
  });
});
