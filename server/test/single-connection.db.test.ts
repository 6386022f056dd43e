import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../platform/validation/credit-code.js';
import { setupTestEnv, type Client, type TestEnv } from './harness.js';

/**
 * With one pooled connection, a transaction that asked the pool for a second one would wait for itself until the
 * connection timeout and answer 503. These writes once did (a region, the calendar, the portal context or a venue
 * type read outside the transaction, a refusal audited inside it); with every cache cold they must all succeed.
 */
let t: TestEnv;
let street: Client;
let womenStreet: Client;
let courtQy: Client;
let streetOrg: { id: number; regionCode: string };
let communityCode: string;

const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

beforeAll(async () => {
  t = await setupTestEnv({ DATABASE_POOL_MAX: '1' });
  street = await t.as('union.street');
  womenStreet = await t.as('women.street');
  courtQy = await t.as('court.qingyang');
  const me = (await street.get('/api/auth/me')).body;
  streetOrg = (await street.get(`/api/orgs/${me.orgId}`)).body;
  communityCode = (await t.c.db.selectFrom('regions').select('code').where('parent_code', '=', streetOrg.regionCode).orderBy('code').executeTakeFirstOrThrow())
    .code;
});
afterAll(async () => t?.close());

describe('every write runs on a single pooled connection', () => {
  it('creates a unit, a venue and edits it, an activity with a co-host and a room, a walk-in and a volunteer need', async () => {
    const unit = await street.post('/api/orgs', { parentId: streetOrg.id, name: '单连接测试社区工会', regionCode: communityCode });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);

    const women = (await womenStreet.get('/api/auth/me')).body.orgId;
    const venue = await street.post('/api/venues', {
      typeCode: 'workers_home',
      modelLevel: 'city',
      name: '单连接测试职工之家',
      regionCode: streetOrg.regionCode,
      managingOrgId: streetOrg.id,
      cobuilderOrgIds: [women],
    });
    expect(venue.status, JSON.stringify(venue.body)).toBe(201);
    const edited = await street.patch(`/api/venues/${venue.body.id}`, { version: venue.body.version, modelLevel: 'provincial' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    const venues = (await street.get('/api/venues', { query: { pageSize: '100' } })).body.items as Array<{
      id: number;
      managingOrgId: number;
      roomCount: number;
    }>;
    const own = venues.find((v) => v.managingOrgId === streetOrg.id && v.roomCount > 0)!;
    const room = (await street.get(`/api/venues/${own.id}`)).body.rooms[0] as { id: number };
    const d = new Date(Date.now() + 21 * 86_400_000);
    while (d.getUTCDay() !== 4) d.setUTCDate(d.getUTCDate() + 1);
    const day = d.toISOString().slice(0, 10);
    const activity = await street.post('/api/activities', {
      title: '单连接测试宣讲',
      type: 'lecture',
      hostOrgId: streetOrg.id,
      cohostOrgIds: [women],
      roomId: room.id,
      capacity: 30,
      startsAt: `${day}T02:00:00.000Z`,
      endsAt: `${day}T03:00:00.000Z`,
      regOpensAt: at(-hour),
      regClosesAt: `${day}T01:00:00.000Z`,
    });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    expect(activity.body.venueBookingId).toBeGreaterThan(0);
    const published = await street.post(`/api/activities/${activity.body.id}/publish`, { version: activity.body.version });
    expect(published.status).toBe(200);
    const walkIn = await street.post(`/api/activities/${activity.body.id}/walk-ins`, { phone: '13700001111', name: '现场参加者' });
    expect(walkIn.status, JSON.stringify(walkIn.body)).toBe(200);

    const need = await street.post('/api/volunteer-needs', {
      orgId: streetOrg.id,
      activityId: activity.body.id,
      role: '签到引导',
      headcount: 2,
      startsAt: at(hour),
      endsAt: at(3 * hour),
    });
    expect(need.status, JSON.stringify(need.body)).toBe(201);
  });

  it('takes a request by phone, opens a dispute case, and refuses (and audits) a partner on a case it was not invited to', async () => {
    const req = await street.post('/api/requests', {
      categoryCode: 'wages_owed',
      description: '单连接测试：公司拖欠工资',
      regionCode: communityCode,
      contactName: '测试来电人',
      contactPhone: '13912340000',
      channel: 'phone',
      fields: { employer: '成都测试公司', amount: 1000 },
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);

    const opened = await street.post('/api/disputes', {
      regionCode: streetOrg.regionCode,
      employerName: '成都单连接测试有限公司',
      employerCreditCode: makeCreditCode('91510104MA61XKQ7B'),
      facts: '两名职工反映工资被拖欠。',
      workers: [{ name: '测试职工甲', phone: '13900001234' }],
      claims: [{ kind: 'wages', amount: 10_000 }],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const refused = await courtQy.post(`/api/disputes/${opened.body.id}/sessions`, {
      version: opened.body.version,
      heldAt: '2026-11-20T02:00:00Z',
      place: 'x',
      mediators: ['y'],
    });
    expect(refused.status).toBe(404);
    const audited = await t.c.db
      .selectFrom('audit_log')
      .select('result')
      .where('object_type', '=', 'dispute')
      .where('object_id', '=', String(opened.body.id))
      .where('actor_name', '=', 'court.qingyang')
      .execute();
    expect(audited.map((r) => r.result)).toContain('denied');
  });
});
