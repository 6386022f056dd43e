import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { chinaToday } from './ratings.policy.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let district: Client;
let womenCommunity: Client;
let communityOrg: { id: number; regionCode: string; path: string };
let womenCommunityOrg: { id: number };
let phoneSeq = 0;
const nextPhone = () => `137${String(20_000_000 + ++phoneSeq * 7919).slice(-8)}`;

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string; path: string };
}

/** A request entered by the street, handled by the community union to closure; returns its id, number and phone. */
async function closedRequest(opts: { coHandle?: boolean } = {}) {
  const phone = nextPhone();
  const s = await street.post('/api/requests', {
    categoryCode: 'wages_owed',
    description: '拖欠工资两个月',
    regionCode: communityOrg.regionCode,
    contactName: '评价测试人',
    contactPhone: phone,
    channel: 'phone',
    fields: { employer: '某餐饮公司', amount: 9000 },
  });
  expect(s.status, JSON.stringify(s.body)).toBe(201);
  expect(s.body.handlerOrgId).toBe(communityOrg.id);
  let v = (await community.post(`/api/requests/${s.body.id}/accept`, { version: 1 })).body.version;
  if (opts.coHandle) {
    const co = await street.post(`/api/requests/${s.body.id}/co-handlers`, { orgId: womenCommunityOrg.id, note: '请妇联协助' });
    expect(co.status).toBe(200);
    const note = await womenCommunity.post(`/api/requests/${s.body.id}/note`, { note: '已联系当事人家属' });
    expect(note.status).toBe(200);
    v = note.body.version;
  }
  const res = await community.post(`/api/requests/${s.body.id}/resolve`, { version: v, reply: '已督促企业支付' });
  expect(res.status).toBe(200);
  const closed = await community.post(`/api/requests/${s.body.id}/close`, { version: res.body.version });
  expect(closed.status).toBe(200);
  return { id: s.body.id as number, number: s.body.number as string, phone };
}

async function rateIt(r: { number: string; phone: string }, level: number, comment?: string) {
  // Each rater comes from its own address: the portal limits ratings per address and minute.
  const x = await t.app.inject({
    method: 'POST',
    url: `/api/portal/requests/${r.number}/ratings`,
    payload: { phone: r.phone, level, ...(comment ? { comment } : {}) },
    remoteAddress: `10.9.${phoneSeq}.${level}`,
  });
  expect(x.statusCode, x.body).toBe(201);
  return x.json();
}

async function rectificationOf(requestId: number) {
  const list = await community.get('/api/rectifications?pageSize=200');
  return list.body.items.find((x: { subjectType: string; subjectId: number }) => x.subjectType === 'request' && x.subjectId === requestId);
}

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community, district, womenCommunity] = await Promise.all([
    t.as('union.street'),
    t.as('union.street2'),
    t.as('union.community'),
    t.as('union.district'),
    t.as('women.community'),
  ]);
  communityOrg = await orgOf(community);
  womenCommunityOrg = await orgOf(womenCommunity);
});
afterAll(async () => t.close());

describe('satisfaction: bad review → rectification with call-back', () => {
  it('runs submit → route → accept → co-handle → resolve → close → rate → bad review → rectification → call-back', async () => {
    const r = await closedRequest({ coHandle: true });
    const rated = await rateIt(r, 5, '拖了很久才处理');
    expect(rated).toEqual({ level: 5, label: '非常不满意' });

    const detail = (await community.get(`/api/requests/${r.id}`)).body;
    expect(detail.rating).toMatchObject({ level: 5, label: '非常不满意', comment: '拖了很久才处理', excluded: false });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'accept', 'co_handler', 'note', 'resolve', 'close', 'rate']);

    const rect = await rectificationOf(r.id);
    expect(rect).toMatchObject({
      subjectLabel: r.number,
      orgId: communityOrg.id,
      level: 5,
      status: 'open',
      overdue: false,
      callbackNote: null,
      appealStatus: null,
    });
    expect(rect.due).toBe(await t.c.calendar.addWorkingDays(chinaToday(), 15));
    expect((await community.get(`/api/rectifications/${rect.id}`)).body.id).toBe(rect.id);
    // The levels above see it too; the neighbouring street does not.
    expect((await street.get(`/api/rectifications/${rect.id}`)).status).toBe(200);
    expect((await district.get('/api/rectifications?status=open&pageSize=200')).body.items.map((x: { id: number }) => x.id)).toContain(rect.id);

    const noCallback = await community.post(`/api/rectifications/${rect.id}/complete`, { version: rect.version, measures: '约谈企业负责人' });
    expect(noCallback.status).toBe(400);
    expect(noCallback.body.error.field).toBe('callbackNote');
    const blank = await community.post(`/api/rectifications/${rect.id}/complete`, { version: rect.version, measures: '约谈', callbackNote: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.field).toBe('callbackNote');
    const future = await community.post(`/api/rectifications/${rect.id}/complete`, {
      version: rect.version,
      measures: '约谈',
      callbackNote: '已回访',
      callbackAt: '2099-01-01T00:00:00Z',
    });
    expect(future.body.error.field).toBe('callbackAt');

    const done = await community.post(`/api/rectifications/${rect.id}/complete`, {
      version: rect.version,
      measures: '约谈企业负责人，工资已全额补发',
      callbackNote: '电话回访，当事人确认已收到工资',
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      callbackNote: '电话回访，当事人确认已收到工资',
      completedByName: expect.any(String),
      version: rect.version + 1,
    });
    expect(done.body.callbackAt).not.toBeNull();
    const again = await community.post(`/api/rectifications/${rect.id}/complete`, { version: done.body.version, measures: 'x', callbackNote: 'y' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    const stale = await community.post(`/api/rectifications/${rect.id}/complete`, { version: rect.version, measures: 'x', callbackNote: 'y' });
    expect(stale.body.error.code).toBe('STALE_VERSION');

    const audit = await t.c.db.selectFrom('audit_log').select(['action', 'detail']).where('object_type', 'in', ['rating', 'rectification']).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['rating.create', 'rectification.complete']));
    expect(JSON.stringify(audit)).not.toContain(r.phone);
  });

  it('opens no rectification for a good or fair review, and one rating per subject only', async () => {
    for (const level of [1, 2, 3]) {
      const r = await closedRequest();
      await rateIt(r, level);
      expect(await rectificationOf(r.id)).toBeUndefined();
      const second = await t.app.inject({
        method: 'POST',
        url: `/api/portal/requests/${r.number}/ratings`,
        payload: { phone: r.phone, level: 5 },
        remoteAddress: `10.8.0.${level}`,
      });
      expect(second.statusCode).toBe(409);
    }
    const r4 = await closedRequest();
    await rateIt(r4, 4);
    expect(await rectificationOf(r4.id)).toMatchObject({ level: 4, label: '不满意', status: 'open' });
  });
});

describe('appeal of an untrue bad review', () => {
  it('goes to the parent organization; upheld excludes the review and voids the rectification, rejected lets it stand', async () => {
    const a = await closedRequest();
    const b = await closedRequest();
    const good = await closedRequest();
    await rateIt(a, 5, '恶意差评');
    await rateIt(b, 4);
    await rateIt(good, 1);
    const ratingA = (await community.get(`/api/requests/${a.id}`)).body.rating.id;
    const ratingB = (await community.get(`/api/requests/${b.id}`)).body.rating.id;
    const ratingGood = (await community.get(`/api/requests/${good.id}`)).body.rating.id;

    expect((await street2.post(`/api/ratings/${ratingA}/appeal`, { reason: '不是我们' })).status).toBe(404);
    const notBad = await community.post(`/api/ratings/${ratingGood}/appeal`, { reason: '好评也申诉' });
    expect(notBad.status).toBe(409);
    expect(notBad.body.error.code).toBe('INVALID_STATE');

    const appA = await community.post(`/api/ratings/${ratingA}/appeal`, { reason: '来电人承认与本单位无关，评价不实' });
    expect(appA.status, JSON.stringify(appA.body)).toBe(201);
    expect(appA.body).toMatchObject({ status: 'pending', orgId: communityOrg.id, subjectLabel: a.number, level: 5 });
    const streetOrg = await orgOf(street);
    expect(appA.body.reviewerOrgId).toBe(streetOrg.id);
    expect((await community.post(`/api/ratings/${ratingA}/appeal`, { reason: '再申诉' })).status).toBe(409);
    const appB = (await community.post(`/api/ratings/${ratingB}/appeal`, { reason: '已按时办结' })).body;

    // The rated unit cannot decide its own appeal; a worker lacks the permission, and the neighbouring street sees nothing.
    expect((await community.post(`/api/rating-appeals/${appA.body.id}/decide`, { version: 1, decision: 'upheld', note: '自己批' })).status).toBe(403);
    expect((await street2.post(`/api/rating-appeals/${appA.body.id}/decide`, { version: 1, decision: 'upheld', note: '隔壁批' })).status).toBe(404);
    expect((await street2.get(`/api/rating-appeals/${appA.body.id}`)).status).toBe(404);
    expect((await street2.get('/api/rating-appeals?pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(appA.body.id);
    expect((await street.get('/api/rating-appeals?status=pending&pageSize=200')).body.items.map((x: { id: number }) => x.id)).toEqual(
      expect.arrayContaining([appA.body.id, appB.id]),
    );

    const upheld = await street.post(`/api/rating-appeals/${appA.body.id}/decide`, { version: 1, decision: 'upheld', note: '经核实评价不实' });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', decisionNote: '经核实评价不实', decidedByName: expect.any(String) });
    expect((await street.post(`/api/rating-appeals/${appA.body.id}/decide`, { version: 2, decision: 'rejected', note: '反悔' })).body.error.code).toBe(
      'INVALID_STATE',
    );
    expect((await community.get(`/api/requests/${a.id}`)).body.rating.excluded).toBe(true);
    expect(await rectificationOf(a.id)).toMatchObject({ status: 'void', appealStatus: 'upheld' });

    const rejected = await district.post(`/api/rating-appeals/${appB.id}/decide`, { version: 1, decision: 'rejected', note: '证据不足' });
    expect(rejected.status).toBe(200);
    expect((await community.get(`/api/requests/${b.id}`)).body.rating.excluded).toBe(false);
    expect(await rectificationOf(b.id)).toMatchObject({ status: 'open', appealStatus: 'rejected' });
  });
});

describe('indices (三率) and ranking', () => {
  it('computes response, resolution and satisfaction rates per unit from the records, excluding upheld appeals', async () => {
    // A request accepted late: its accept date lies after the accept SLA.
    const late = await closedRequest();
    await t.c.db
      .updateTable('requests')
      .set({ accepted_at: new Date(Date.now() + 30 * 86_400_000) })
      .where('id', '=', late.id)
      .execute();
    const open = await street.post('/api/requests', {
      categoryCode: 'wages_owed',
      description: '未处理',
      regionCode: communityOrg.regionCode,
      contactName: '某人',
      contactPhone: nextPhone(),
      channel: 'phone',
      fields: { employer: 'x', amount: 1 },
    });
    expect(open.status).toBe(201);
    await rateIt(late, 2);

    const month = chinaToday().slice(0, 7);
    const res = await street.get(`/api/rating-indices?month=${month}&level=community`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.items.find((x: { orgId: number }) => x.orgId === communityOrg.id);
    // Expected figures straight from the tables, over the community union's subtree.
    const q = await t.c.db
      .selectFrom('requests as r')
      .innerJoin('orgs as o', 'o.id', 'r.org_id')
      .where((eb) => eb(eb.ref('o.path'), '<@' as never, communityOrg.path as never))
      .where('r.submitted_on', '>=', `${month}-01`)
      .select(['r.status', 'r.accepted_at', 'r.accept_due'])
      .execute();
    const total = q.length;
    const inTime = q.filter(
      (x) => x.accepted_at && new Date(new Date(x.accepted_at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) <= String(x.accept_due).slice(0, 10),
    ).length;
    const resolved = q.filter((x) => x.status === 'resolved' || x.status === 'closed').length;
    const ratings = await t.c.db.selectFrom('ratings').select(['level', 'excluded']).where('org_id', '=', communityOrg.id).execute();
    const counted = ratings.filter((x) => !x.excluded);
    expect(ratings.some((x) => x.excluded)).toBe(true);
    expect(row).toMatchObject({
      total,
      acceptedInTime: inTime,
      resolved,
      rated: counted.length,
      satisfied: counted.filter((x) => x.level <= 3).length,
      bad: counted.filter((x) => x.level >= 4).length,
    });
    expect(total).toBeGreaterThan(inTime);
    expect(row.responseRate).toBeCloseTo(inTime / total, 4);
    expect(row.resolutionRate).toBeCloseTo(resolved / total, 4);
    expect(row.satisfactionRate).toBeCloseTo(counted.filter((x) => x.level <= 3).length / counted.length, 4);
    expect(row.rank).toBe(1);
    expect(res.body.items.every((x: { orgId: number; rank: number }) => x.orgId === communityOrg.id || x.rank === 0)).toBe(true);

    // The street level rolls the community up; the district ranks its streets, the neighbour street included.
    const streets = (await district.get(`/api/rating-indices?month=${month}&level=street&type=union`)).body.items;
    const streetOrg = await orgOf(street);
    const streetRow = streets.find((x: { orgId: number }) => x.orgId === streetOrg.id);
    expect(streetRow.total).toBeGreaterThanOrEqual(total);
    expect(streetRow.rated).toBe(row.rated);
    expect(streets.length).toBeGreaterThan(1);
    const scores = streets.filter((x: { rank: number }) => x.rank > 0).map((x: { score: number }) => x.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    // The neighbouring street sees only its own subtree.
    const neighbour = (await street2.get(`/api/rating-indices?month=${month}&level=community`)).body.items;
    expect(neighbour.map((x: { orgId: number }) => x.orgId)).not.toContain(communityOrg.id);
    expect((await street2.get(`/api/rating-indices?month=${month}&level=street`)).body.items.map((x: { orgId: number }) => x.orgId)).not.toContain(
      streetOrg.id,
    );
  });

  it('exports the indices as an Excel workbook', async () => {
    const month = chinaToday().slice(0, 7);
    const r = await street.get(`/api/rating-indices/export?month=${month}&level=community`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(2).value).toBe('单位 Unit');
    const json = (await street.get(`/api/rating-indices?month=${month}&level=community`)).body.items;
    expect(ws.rowCount - 2).toBe(json.length);
    expect(ws.getRow(3).getCell(2).value).toBe(json[0].orgName);
  });
});

describe('input and scope on every endpoint', () => {
  it('refuses bad input with 400 naming the field', async () => {
    const cases: Array<[Promise<{ status: number; body: { error: { field?: string } } }>, string]> = [
      [street.get('/api/rating-indices?month=2026-13&level=community'), 'query.month'],
      [street.get('/api/rating-indices?month=2026-01&level=planet'), 'query.level'],
      [street.get('/api/rating-indices?level=street'), 'query.month'],
      [street.get('/api/rating-indices/export?month=26-01&level=street'), 'query.month'],
      [street.get('/api/rectifications?status=closed'), 'query.status'],
      [street.get('/api/rating-appeals?status=maybe'), 'query.status'],
      [community.post('/api/rectifications/1/complete', { version: 1, callbackNote: 'x' }), 'measures'],
      [community.post('/api/rectifications/1/complete', { version: 0, measures: 'x', callbackNote: 'y' }), 'version'],
      [community.post('/api/ratings/1/appeal', { reason: '' }), 'reason'],
      [street.post('/api/rating-appeals/1/decide', { version: 1, decision: 'maybe', note: 'x' }), 'decision'],
      [street.post('/api/rating-appeals/1/decide', { version: 1, decision: 'upheld', note: 'x', extra: 1 }), 'extra'],
    ];
    for (const [p, field] of cases) {
      const r = await p;
      expect(r.status, field).toBe(400);
      expect(r.body.error.field, field).toBe(field);
    }
    expect((await street.get('/api/rectifications/abc')).status).toBe(400);
  });

  it('answers the neighbouring street 404 on every rectification and appeal endpoint', async () => {
    const r = await closedRequest();
    await rateIt(r, 4);
    const rect = await rectificationOf(r.id);
    const ratingId = (await community.get(`/api/requests/${r.id}`)).body.rating.id;
    expect((await street2.get(`/api/rectifications/${rect.id}`)).status).toBe(404);
    expect((await street2.get('/api/rectifications?pageSize=200')).body.items.map((x: { id: number }) => x.id)).not.toContain(rect.id);
    expect((await street2.post(`/api/rectifications/${rect.id}/complete`, { version: 1, measures: 'x', callbackNote: 'y' })).status).toBe(404);
    expect((await street2.post(`/api/ratings/${ratingId}/appeal`, { reason: 'x' })).status).toBe(404);
    const appeal = (await community.post(`/api/ratings/${ratingId}/appeal`, { reason: '不实' })).body;
    expect((await street2.get(`/api/rating-appeals/${appeal.id}`)).status).toBe(404);
    expect((await street2.post(`/api/rating-appeals/${appeal.id}/decide`, { version: 1, decision: 'upheld', note: 'x' })).status).toBe(404);
    // A co-handler organization of another type reads the request but not the rectification of the rated unit.
    expect((await womenCommunity.get(`/api/rectifications/${rect.id}`)).status).toBe(404);
    expect((await t.anonymous.get('/api/rectifications')).status).toBe(401);
  });
});
