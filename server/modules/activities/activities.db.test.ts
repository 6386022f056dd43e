import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen, type CitizenClient } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let womenStreet: Client;
let viewer: Client;
let streetOrg: { id: number; regionCode: string; name: string };
let womenStreetOrg: { id: number };
let communityCode: string;
let phoneSeq = 0;
const nextPhone = () => `137${String(20_000_000 + ++phoneSeq * 7919).slice(-8)}`;

const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string; name: string };
}

function activity(over: Record<string, unknown> = {}) {
  return {
    title: '幸福美好生活十大工程宣讲',
    type: 'lecture',
    hostOrgId: streetOrg.id,
    venueName: '街道党群服务中心二楼会议室',
    address: '某某路1号',
    targetGroups: ['worker'],
    capacity: 30,
    startsAt: at(48 * hour),
    endsAt: at(50 * hour),
    regOpensAt: at(-hour),
    regClosesAt: at(47 * hour),
    ...over,
  };
}

async function published(over: Record<string, unknown> = {}) {
  const r = await street.post('/api/activities', activity(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const p = await street.post(`/api/activities/${r.body.id}/publish`, { version: r.body.version });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return p.body as { id: number; version: number };
}

const citizen = (name = '测试居民') => signInCitizen(t, nextPhone(), { name, regionCode: communityCode });

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community, womenStreet, viewer] = await Promise.all([
    t.as('union.street'),
    t.as('union.street2'),
    t.as('union.community'),
    t.as('women.street'),
    t.as('viewer.district'),
  ]);
  streetOrg = await orgOf(street);
  womenStreetOrg = await orgOf(womenStreet);
  communityCode = (await orgOf(community)).regionCode;
});
afterAll(async () => t.close());

describe('activities: create, edit, publish', () => {
  it('creates a draft, publishes it once, and refuses stale versions', async () => {
    const a = await street.post('/api/activities', activity());
    expect(a.status).toBe(201);
    expect(a.body.status).toBe('draft');
    expect(a.body.regionCode).toBe(streetOrg.regionCode);
    const stale = await street.post(`/api/activities/${a.body.id}/publish`, { version: a.body.version + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const p = await street.post(`/api/activities/${a.body.id}/publish`, { version: a.body.version });
    expect(p.body.status).toBe('published');
    const again = await street.post(`/api/activities/${a.body.id}/publish`, { version: p.body.version });
    expect(again.body.error.code).toBe('INVALID_STATE');
    const e = await street.patch(`/api/activities/${a.body.id}`, { title: '新标题', version: p.body.version });
    expect(e.status).toBe(200);
    expect(e.body.title).toBe('新标题');
    const c = await street.post(`/api/activities/${a.body.id}/cancel`, { version: e.body.version });
    expect(c.body.status).toBe('cancelled');
  });

  it('refuses bad input with a stable code naming the field, and writes nothing', async () => {
    const before = (await street.get('/api/activities')).body.total;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ type: 'party' }, 'type'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: 'many' }, 'capacity'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ endsAt: at(47 * hour) }, 'body.endsAt'],
      [{ regClosesAt: at(49 * hour) }, 'body.regClosesAt'],
      [{ regClosesAt: at(-2 * hour) }, 'body.regClosesAt'],
      [{ type: 'online', venueName: null }, 'body.onlineUrl'],
      [{ type: 'online', venueName: null, onlineUrl: 'javascript:alert(1)' }, 'body.onlineUrl'],
      [{ onlineUrl: 'https://meeting.example/1' }, 'body.onlineUrl'],
      [{ venueName: null }, 'body.venueName'],
      [{ campaignId: 999999 }, 'body.campaignId'],
      [{ cohostOrgIds: [999999999] }, 'body.cohostOrgIds'],
      [{ regionCode: '510105' }, 'body.regionCode'],
      [{ isAdmin: true }, 'isAdmin'],
      [{ targetGroups: ['Bad Group'] }, 'targetGroups.0'],
    ];
    for (const [over, field] of cases) {
      const r = await street.post('/api/activities', activity(over));
      expect(r.status, `${JSON.stringify(over)} → ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error.field ?? '', JSON.stringify(over)).toContain(field);
    }
    const ooscope = await street.post('/api/activities', activity({ hostOrgId: (await orgOf(street2)).id }));
    expect(ooscope.status).toBe(404);
    expect((await street.get('/api/activities')).body.total).toBe(before);
    expect((await street.patch('/api/activities/1', { version: 'x' })).status).toBe(400);
    expect((await street.get('/api/activities?sort=evil')).status).toBe(400);
    expect((await street.get('/api/activities/0')).status).toBe(400);
    expect((await street.post('/api/activities/check-in', { code: 'short' })).status).toBe(400);
    expect((await street.get('/api/activities/totals?by=person')).status).toBe(400);
    expect((await viewer.post('/api/activities', activity())).status).toBe(403);
  });

  it('a capacity below the registered count is refused; a larger one promotes from the waitlist', async () => {
    const a = await published({ capacity: 1 });
    const [c1, c2] = [await citizen(), await citizen()];
    expect((await c1.post(`/api/portal/activities/${a.id}/registrations`)).body.status).toBe('registered');
    expect((await c2.post(`/api/portal/activities/${a.id}/registrations`)).body.status).toBe('waitlisted');
    const v = (await street.get(`/api/activities/${a.id}`)).body.version;
    const up = await street.patch(`/api/activities/${a.id}`, { capacity: 2, version: v });
    expect(up.status).toBe(200);
    expect(up.body.registeredCount).toBe(2);
    const low = await street.patch(`/api/activities/${a.id}`, { capacity: 1, version: up.body.version });
    expect(low.status).toBe(400);
    expect(low.body.error.field).toBe('body.capacity');
    expect((await c2.get('/api/portal/me/registrations')).body.items[0].status).toBe('registered');
  });
});

describe('scope: the neighbouring street is refused, co-hosts see their one activity', () => {
  it('refuses every read and write of another street with 404', async () => {
    const a = await published({ cohostOrgIds: [womenStreetOrg.id] });
    const c = await citizen();
    await c.post(`/api/portal/activities/${a.id}/registrations`);
    const code = (await c.get('/api/portal/me/registrations')).body.items[0].code as string;
    expect((await street2.get(`/api/activities/${a.id}`)).status).toBe(404);
    expect((await street2.patch(`/api/activities/${a.id}`, { title: 'x', version: a.version })).status).toBe(404);
    expect((await street2.post(`/api/activities/${a.id}/publish`, { version: a.version })).status).toBe(404);
    expect((await street2.post(`/api/activities/${a.id}/cancel`, { version: a.version })).status).toBe(404);
    expect((await street2.get(`/api/activities/${a.id}/registrations`)).status).toBe(404);
    const regId = (await street.get(`/api/activities/${a.id}/registrations`)).body.items[0].id;
    expect((await street2.post(`/api/activities/${a.id}/registrations/${regId}/decision`, { decision: 'reject' })).status).toBe(404);
    expect((await street2.post('/api/activities/check-in', { code })).status).toBe(404);
    expect((await street2.post(`/api/activities/${a.id}/walk-ins`, { phone: nextPhone(), name: '路人' })).status).toBe(404);
    const list = (await street2.get('/api/activities', { query: { pageSize: '200' } })).body.items as Array<{ id: number }>;
    expect(list.some((x) => x.id === a.id)).toBe(false);
    const totals = (await street2.get('/api/activities/totals?by=org')).body.items as Array<{ key: string }>;
    expect(totals.some((x) => x.key === String(streetOrg.id))).toBe(false);

    // The co-host (another organization type) reads and checks in, but does not edit.
    expect((await womenStreet.get(`/api/activities/${a.id}`)).status).toBe(200);
    expect((await womenStreet.patch(`/api/activities/${a.id}`, { title: 'x', version: a.version })).status).toBe(404);
    const ci = await womenStreet.post('/api/activities/check-in', { code: code.toLowerCase().replace(/(.{4})/g, '$1-') });
    expect(ci.status, JSON.stringify(ci.body)).toBe(200);
    expect(ci.body.status).toBe('checked_in');
  });
});

describe('registration under concurrency', () => {
  it('500 concurrent registrations to 50 places: exactly 50 registered, 450 waitlisted in arrival order; a cancellation promotes the first', async () => {
    const a = await published({ capacity: 50, title: '青年交友活动', type: 'youth_social' });
    const people: CitizenClient[] = [];
    for (let i = 0; i < 500; i += 25) people.push(...(await Promise.all(Array.from({ length: 25 }, () => citizen()))));
    const t0 = performance.now();
    const results = await Promise.all(people.map((p) => p.post(`/api/portal/activities/${a.id}/registrations`)));
    console.info(`500 concurrent registrations answered in ${Math.round(performance.now() - t0)} ms`);
    expect(results.filter((r) => r.status !== 201).map((r) => JSON.stringify(r.body))).toEqual([]);
    const statuses = results.map((r) => r.body.status as string);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(50);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(450);

    const all: Array<{ id: number; seq: number; status: string; position: number | null; personId: number }> = [];
    for (let page = 1; page <= 3; page++)
      all.push(...(await street.get(`/api/activities/${a.id}/registrations`, { query: { page: String(page), pageSize: '200' } })).body.items);
    expect(all).toHaveLength(500);
    // Arrival order = the order places were taken under the row lock: the first 50 arrivals hold the places,
    // the rest wait in arrival order with positions 1..450.
    const bySeq = [...all].sort((x, y) => x.seq - y.seq);
    expect(bySeq.slice(0, 50).every((r) => r.status === 'registered')).toBe(true);
    expect(bySeq.slice(50).every((r) => r.status === 'waitlisted')).toBe(true);
    expect(bySeq.slice(50).map((r) => r.position)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    const detail = (await street.get(`/api/activities/${a.id}`)).body;
    expect(detail.registeredCount).toBe(50);
    expect(detail.waitlistedCount).toBe(450);

    // A registered citizen cancels: the first waitlisted (lowest arrival sequence) is promoted.
    const leaver = people.find((p) => p.personId === bySeq[0]!.personId)!;
    const first = people.find((p) => p.personId === bySeq[50]!.personId)!;
    const second = people.find((p) => p.personId === bySeq[51]!.personId)!;
    const mine = (await leaver.get('/api/portal/me/registrations')).body.items[0];
    const cancel = await leaver.post(`/api/portal/me/registrations/${mine.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.promotedRegistrationId).toBe(bySeq[50]!.id);
    const promoted = (await first.get('/api/portal/me/registrations')).body.items[0];
    expect(promoted.status).toBe('registered');
    expect(promoted.code).toMatch(/^[A-Z2-9]{12}$/);
    expect((await second.get('/api/portal/me/registrations')).body.items[0].position).toBe(1);
    const after = (await street.get(`/api/activities/${a.id}`)).body;
    expect(after.registeredCount).toBe(50);
    expect(after.waitlistedCount).toBe(449);
    // Registering twice is refused; a cancelled registration cannot be cancelled again.
    expect((await first.post(`/api/portal/activities/${a.id}/registrations`)).status).toBe(409);
    expect((await leaver.post(`/api/portal/me/registrations/${mine.id}/cancel`)).status).toBe(409);
  }, 240_000);
});

describe('portal registration rules', () => {
  it('approval: pending until the host approves; rejection frees nothing', async () => {
    const a = await published({ needsApproval: true, capacity: 1 });
    const [c1, c2, c3] = [await citizen(), await citizen(), await citizen()];
    const r1 = await c1.post(`/api/portal/activities/${a.id}/registrations`);
    const r2 = await c2.post(`/api/portal/activities/${a.id}/registrations`);
    const r3 = await c3.post(`/api/portal/activities/${a.id}/registrations`);
    expect([r1.body.status, r2.body.status, r3.body.status]).toEqual(['pending', 'pending', 'pending']);
    expect(r1.body.code).toBeNull();
    const d1 = await street.post(`/api/activities/${a.id}/registrations/${r1.body.id}/decision`, { decision: 'approve' });
    expect(d1.body.status).toBe('registered');
    const d2 = await street.post(`/api/activities/${a.id}/registrations/${r2.body.id}/decision`, { decision: 'approve' });
    expect(d2.body.status).toBe('waitlisted');
    const d3 = await street.post(`/api/activities/${a.id}/registrations/${r3.body.id}/decision`, { decision: 'reject' });
    expect(d3.body.status).toBe('rejected');
    expect((await street.post(`/api/activities/${a.id}/registrations/${r3.body.id}/decision`, { decision: 'approve' })).body.error.code).toBe('INVALID_STATE');
    expect((await street.post(`/api/activities/${a.id}/registrations/${r3.body.id}/decision`, { decision: 'maybe' })).status).toBe(400);
    expect((await street.post(`/api/activities/${a.id}/registrations/999999/decision`, { decision: 'approve' })).status).toBe(404);
    expect((await community.post(`/api/activities/${a.id}/registrations/${r3.body.id}/decision`, { decision: 'approve' })).status).toBe(403);
  });

  it('refuses outside the registration window, past the cancellation window, drafts, and full lists without a waitlist', async () => {
    const c = await citizen();
    const closed = await published({ regOpensAt: at(2 * hour), regClosesAt: at(3 * hour) });
    expect((await c.post(`/api/portal/activities/${closed.id}/registrations`)).body.error.code).toBe('INVALID_STATE');
    const draft = (await street.post('/api/activities', activity())).body;
    expect((await c.post(`/api/portal/activities/${draft.id}/registrations`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/portal/activities/${draft.id}`)).status).toBe(404);
    const soon = await published({ startsAt: at(hour), endsAt: at(2 * hour), regClosesAt: at(hour / 2), cancelHours: 2 });
    const reg = await c.post(`/api/portal/activities/${soon.id}/registrations`);
    expect(reg.body.canCancel).toBe(false);
    const cancel = await c.post(`/api/portal/me/registrations/${reg.body.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.message).toContain('取消');
    const tight = await published({ capacity: 1, waitlistEnabled: false });
    await (await citizen()).post(`/api/portal/activities/${tight.id}/registrations`);
    expect((await c.post(`/api/portal/activities/${tight.id}/registrations`)).body.error.code).toBe('INVALID_STATE');
    // Someone else's registration is not mine to cancel.
    expect((await (await citizen()).post(`/api/portal/me/registrations/${reg.body.id}/cancel`)).status).toBe(404);
    expect((await c.post('/api/portal/me/registrations/abc/cancel')).status).toBe(400);
    expect((await c.post('/api/portal/activities/99999999/registrations')).status).toBe(404);
  });

  it('needs a citizen session with its CSRF token; a staff session is not a citizen', async () => {
    const a = await published();
    expect((await t.anonymous.post(`/api/portal/activities/${a.id}/registrations`)).status).toBe(401);
    const c = await citizen();
    const noCsrf = await t.app.inject({ method: 'POST', url: `/api/portal/activities/${a.id}/registrations`, payload: {}, headers: { cookie: c.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/portal/activities/${a.id}/registrations`,
      payload: {},
      headers: { cookie: c.cookie, 'x-citizen-csrf': c.csrf, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect((await street.get('/api/portal/me/registrations')).status).toBe(401);
  });

  it('lists published, upcoming activities near my community, street or district', async () => {
    const a = await published({ title: '社区附近的活动' });
    const c = await citizen();
    const near = await c.get('/api/portal/activities?near=community&pageSize=200');
    expect(near.status).toBe(200);
    // The street-level activity's region contains my community, so it is near me at every level.
    expect((near.body.items as Array<{ id: number }>).some((x) => x.id === a.id)).toBe(true);
    const anon = await t.anonymous.get('/api/portal/activities?pageSize=200');
    expect((anon.body.items as Array<{ id: number; mine: unknown; status: string }>).every((x) => x.status === 'published' && x.mine === null)).toBe(true);
    const detail = await c.get(`/api/portal/activities/${a.id}`);
    expect(detail.body.placesLeft).toBe(detail.body.capacity - detail.body.registeredCount);
    expect(detail.body).not.toHaveProperty('onlineUrl');
    expect((await t.anonymous.get('/api/portal/activities?near=galaxy')).status).toBe(400);
  });
});

describe('check-in, walk-ins, online joins and totals', () => {
  it('checks in by code once, records walk-ins by phone and counts person-times', async () => {
    const a = await published({ capacity: 1 });
    const [c1, c2] = [await citizen(), await citizen()];
    await c1.post(`/api/portal/activities/${a.id}/registrations`);
    await c2.post(`/api/portal/activities/${a.id}/registrations`);
    const mine1 = (await c1.get('/api/portal/me/registrations')).body.items[0];
    const mine2 = (await c2.get('/api/portal/me/registrations')).body.items[0];
    expect(mine2.status).toBe('waitlisted');
    expect(mine2.code).toBeNull();
    const first = await street.post('/api/activities/check-in', { code: mine1.code });
    expect(first.body).toMatchObject({ status: 'checked_in', personTimes: 1 });
    expect((await street.post('/api/activities/check-in', { code: mine1.code })).body.status).toBe('already_checked_in');
    expect((await street.post('/api/activities/check-in', { code: 'ABCDEFGHJKMN' })).status).toBe(404);
    const walk = await street.post(`/api/activities/${a.id}/walk-ins`, { phone: nextPhone(), name: '现场参加者' });
    expect(walk.body).toMatchObject({ status: 'walk_in', personTimes: 2 });
    const phone = nextPhone();
    expect((await street.post(`/api/activities/${a.id}/walk-ins`, { phone })).body.error.field).toBe('body.name');
    expect((await street.post(`/api/activities/${a.id}/walk-ins`, { phone: '12345', name: 'x' })).status).toBe(400);
    // The registered person arriving without the code is checked in by phone, not counted twice.
    expect((await street.post(`/api/activities/${a.id}/walk-ins`, { phone: c1.phone })).body.status).toBe('already_checked_in');
    const detail = (await street.get(`/api/activities/${a.id}`)).body;
    expect(detail.personTimes).toBe(2);
    expect(detail.participation).toEqual({ check_in: 1, walk_in: 1 });
    // A checked-in registration cannot be cancelled.
    expect((await c1.post(`/api/portal/me/registrations/${mine1.id}/cancel`)).status).toBe(409);
  });

  it('counts online participation from join records, once per person', async () => {
    const a = await published({
      type: 'online',
      venueName: null,
      address: null,
      onlineUrl: 'https://live.example.cn/room/1',
      startsAt: at(10 * 60_000),
      endsAt: at(2 * hour),
      regClosesAt: at(5 * 60_000),
      capacity: 1000,
    });
    const c = await citizen();
    const j1 = await c.post(`/api/portal/activities/${a.id}/join`);
    expect(j1.body).toEqual({ url: 'https://live.example.cn/room/1', counted: true });
    expect((await c.post(`/api/portal/activities/${a.id}/join`)).body.counted).toBe(false);
    await (await citizen()).post(`/api/portal/activities/${a.id}/join`);
    expect((await street.get(`/api/activities/${a.id}`)).body.participation).toEqual({ online: 2 });
    const offline = await published();
    expect((await c.post(`/api/portal/activities/${offline.id}/join`)).status).toBe(404);
    const later = await published({ type: 'online', venueName: null, onlineUrl: 'https://live.example.cn/room/2' });
    expect((await c.post(`/api/portal/activities/${later.id}/join`)).body.error.code).toBe('INVALID_STATE');
  });

  it("gives a campaign the owner of every other write: a street account starts only its own street's campaigns", async () => {
    const code = `street_${Date.now() % 100000}`;
    const own = await street.post('/api/campaigns', { code, name: '街道宣讲季' });
    expect(own.status).toBe(201);
    expect(own.body.ownerOrgId).toBe(streetOrg.id);
    // Above its own scope (the city union) and a neighbouring unit are both out of reach.
    const cityUnion = (await (await t.as('union.city')).get('/api/auth/me')).body.orgId as number;
    for (const ownerOrgId of [cityUnion, (await orgOf(street2)).id, womenStreetOrg.id]) {
      const r = await street.post('/api/campaigns', { code: `${code}_x`, name: '越权宣讲季', ownerOrgId });
      expect(r.status, String(ownerOrgId)).toBe(404);
      expect(r.body.error.field).toBe('body.ownerOrgId');
    }
    // The neighbouring street neither sees the campaign nor files an activity under it; the district above sees it.
    expect((await street2.get('/api/campaigns')).body.items.some((x: { id: number }) => x.id === own.body.id)).toBe(false);
    expect((await (await t.as('union.district')).get('/api/campaigns')).body.items.some((x: { id: number }) => x.id === own.body.id)).toBe(true);
    const street2Org = await orgOf(street2);
    const foreign = await street2.post('/api/activities', activity({ hostOrgId: street2Org.id, campaignId: own.body.id }));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('body.campaignId');
    // A district campaign is joinable from a street below it.
    const district = await t.as('union.district');
    const dc = await district.post('/api/campaigns', { code: `${code}_d`, name: '区级宣讲季' });
    expect(dc.status).toBe(201);
    expect((await street.post('/api/activities', activity({ campaignId: dc.body.id }))).status).toBe(201);
    const count = await t.c.db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('name', '=', '越权宣讲季')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('totals by campaign, organization, district and month agree with the records, and export to Excel', async () => {
    const camp = await street.post('/api/campaigns', { code: `lect_${Date.now() % 100000}`, name: '测试宣讲季' });
    expect(camp.status).toBe(201);
    expect((await street.post('/api/campaigns', { code: 'Bad Code', name: 'x' })).status).toBe(400);
    const a = await published({ campaignId: camp.body.id });
    const b = await published({ campaignId: camp.body.id });
    for (const x of [a, b]) await street.post(`/api/activities/${x.id}/walk-ins`, { phone: nextPhone(), name: '参加者' });
    await street.post(`/api/activities/${b.id}/walk-ins`, { phone: nextPhone(), name: '参加者' });
    const byCampaign = (await street.get(`/api/activities/totals?by=campaign`)).body;
    expect(byCampaign.items.find((x: { key: string }) => x.key === String(camp.body.id))).toEqual({
      key: String(camp.body.id),
      label: '测试宣讲季',
      activities: 2,
      personTimes: 3,
    });
    // Every dimension sums to the same totals, which equal the published activities listed in scope.
    const listed = (await street.get('/api/activities', { query: { status: 'published', pageSize: '200' } })).body;
    const sumPT = (listed.items as Array<{ personTimes: number }>).reduce((s, x) => s + x.personTimes, 0);
    for (const by of ['campaign', 'org', 'region', 'month']) {
      const r = (await street.get(`/api/activities/totals?by=${by}`)).body;
      expect(r.total, by).toEqual({ activities: listed.total, personTimes: sumPT });
    }
    const campaigns = (await street.get('/api/campaigns')).body.items;
    expect(campaigns.find((x: { id: number }) => x.id === camp.body.id)).toMatchObject({ activities: 2, personTimes: 3 });
    const x = await street.get(`/api/activities/totals/export?by=campaign&campaignId=${camp.body.id}`);
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain('测试宣讲季');
    expect((await street.get('/api/activities/totals?by=month&from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });
});

describe('venue booking made with an offline activity', () => {
  it('books a room of a venue for the activity time, refuses an overlap, and frees the room on cancel', async () => {
    const venues = (await street.get('/api/venues', { query: { pageSize: '100' } })).body.items as Array<{
      id: number;
      managingOrgId: number;
      roomCount: number;
    }>;
    const own = venues.find((v) => v.managingOrgId === streetOrg.id && v.roomCount > 0);
    expect(own, 'the street union manages a venue with rooms in the demo data').toBeTruthy();
    const room = (await street.get(`/api/venues/${own!.id}`)).body.rooms[0] as { id: number; name: string };
    // A Wednesday two to three weeks ahead, 10:00–11:00 China time.
    const d = new Date(Date.now() + 14 * 86_400_000);
    while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const times = { startsAt: `${day}T02:00:00.000Z`, endsAt: `${day}T03:00:00.000Z`, regClosesAt: `${day}T01:00:00.000Z` };
    const a = await street.post('/api/activities', activity({ ...times, venueName: null, roomId: room.id }));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.venueBookingId).toBeGreaterThan(0);
    expect(a.body.venueName).toContain(room.name);
    const clash = await street.post('/api/activities', activity({ ...times, venueName: null, roomId: room.id }));
    expect(clash.status).toBe(409);
    expect(clash.body.error.field).toBe('start');
    const c = await street.post(`/api/activities/${a.body.id}/cancel`, { version: a.body.version });
    expect(c.status).toBe(200);
    const again = await street.post('/api/activities', activity({ ...times, venueName: null, roomId: room.id }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect((await street2.post('/api/activities', activity({ ...times, hostOrgId: (await orgOf(street2)).id, venueName: null, roomId: room.id }))).status).toBe(
      404,
    );
  });
});

describe('participants rate an activity (好差评), the host is the rated unit', () => {
  it('rates once after taking part; a bad review opens a rectification; the host sees the figures, a neighbour does not', async () => {
    const a = await published({ title: '职工心理健康讲座' });
    const [c1, c2, c3, c4] = [await citizen(), await citizen(), await citizen(), await citizen()];
    for (const c of [c1, c2, c4]) expect((await c.post(`/api/portal/activities/${a.id}/registrations`)).status).toBe(201);
    const regOf = async (c: CitizenClient) =>
      (await c.get('/api/portal/me/registrations')).body.items.find((r: { activityId: number }) => r.activityId === a.id);
    const [r1, r2, r4] = [await regOf(c1), await regOf(c2), await regOf(c4)];
    for (const r of [r1, r4]) expect((await street.post('/api/activities/check-in', { code: r.code })).body.status).toBe('checked_in');
    expect(r1).toMatchObject({ rating: null, canRate: false });

    // Not before the activity has begun.
    const early = await c1.post(`/api/portal/me/registrations/${r1.id}/rating`, { level: 1 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'INVALID_STATE', field: 'id' });
    // The activity takes place (its times move into the past).
    await t.c.pool.query(
      `UPDATE activities SET reg_opens_at = reg_opens_at - interval '60 hours', reg_closes_at = reg_closes_at - interval '60 hours',
      starts_at = starts_at - interval '60 hours', ends_at = ends_at - interval '60 hours' WHERE id = $1`,
      [a.id],
    );
    expect(await regOf(c1)).toMatchObject({ rating: null, canRate: true });
    expect((await regOf(c2)).canRate).toBe(false);

    const absent = await c2.post(`/api/portal/me/registrations/${r2.id}/rating`, { level: 1 });
    expect(absent.status).toBe(409);
    expect(absent.body.error.message).toContain('签到或参与后才能评价');
    expect((await c3.post(`/api/portal/me/registrations/${r1.id}/rating`, { level: 1 })).status).toBe(404);
    const bad = await c1.post(`/api/portal/me/registrations/${r1.id}/rating`, { level: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('level');

    const good = await c1.post(`/api/portal/me/registrations/${r1.id}/rating`, { level: 2, comment: '讲得很实用' });
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ level: 2, label: '满意' });
    expect((await c1.post(`/api/portal/me/registrations/${r1.id}/rating`, { level: 1 })).status).toBe(409);
    expect(await regOf(c1)).toMatchObject({ rating: { level: 2, label: '满意', comment: '讲得很实用' }, canRate: false });
    expect((await c4.post(`/api/portal/me/registrations/${r4.id}/rating`, { level: 5, comment: '音响太差' })).status).toBe(201);

    // The host's view: the summary on the activity and the rectification of the bad review, labelled with the title.
    const detail = (await street.get(`/api/activities/${a.id}`)).body;
    expect(detail.ratings).toEqual({ rated: 2, satisfied: 1, bad: 1, satisfactionRate: 0.5, levels: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } });
    const rect = (await street.get('/api/rectifications', { query: { subjectType: 'activity' } })).body.items;
    const mine = rect.find((x: { subjectId: number }) => x.subjectId === r4.id);
    expect(mine).toMatchObject({ subjectLabel: '职工心理健康讲座', orgId: streetOrg.id, level: 5, status: 'open' });
    // The satisfaction index of activities: the rate alone, activities having no deadlines to meet.
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const idx = await street.get('/api/rating-indices', { query: { month, level: 'street', subjectType: 'activity' } });
    expect(idx.status).toBe(200);
    const row = idx.body.items.find((x: { orgId: number }) => x.orgId === streetOrg.id);
    expect(row).toMatchObject({ rated: 2, satisfied: 1, bad: 1, satisfactionRate: 0.5, responseRate: null, resolutionRate: null });

    // A neighbouring street's staff see neither the activity nor the rectification.
    expect((await street2.get(`/api/activities/${a.id}`)).status).toBe(404);
    expect(
      (await street2.get('/api/rectifications', { query: { subjectType: 'activity' } })).body.items.some((x: { subjectId: number }) => x.subjectId === r4.id),
    ).toBe(false);
    expect((await street2.get(`/api/rectifications/${mine.id}`)).status).toBe(404);
  });
});
