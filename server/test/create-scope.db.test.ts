import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../platform/validation/credit-code.js';
import { setupTestEnv, type Client, type TestEnv } from './harness.js';

/*
 * Every route that creates a record somewhere chosen by the caller (an organization, a region), tried by a street
 * administrator with a place outside its scope: the neighbouring street, the city above, another organization type
 * in the same street. Each must be refused, and the catalogue check below fails when a new such route is added
 * without being tried here.
 */

type Place = { orgId: number; regionCode: string; label: string };
type Case = { url: string; body: (p: Place) => Record<string, unknown>; places: Array<'neighbour' | 'above' | 'otherType'> };

let t: TestEnv;
let street: Client;
let places: Record<'neighbour' | 'above' | 'otherType', Place>;
let seq = 0;
let ownRegion = '';
const hour = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function orgOf(c: Client): Promise<Place> {
  const me = await c.get('/api/auth/me');
  const o = (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string };
  return { orgId: o.id, regionCode: o.regionCode, label: c.username };
}

// Records anchored to a region (people, disputes) are scoped by region: another type's unit in the same street is in scope.
const CASES: Case[] = [
  { url: '/api/orgs', body: (p) => ({ parentId: p.orgId, name: `越权组织${++seq}`, regionCode: p.regionCode }), places: ['neighbour', 'above', 'otherType'] },
  {
    url: '/api/campaigns',
    body: (p) => ({ code: `scope_probe_${++seq}`, name: '越权活动季', ownerOrgId: p.orgId }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/activities',
    body: (p) => ({
      title: '越权活动',
      type: 'lecture',
      hostOrgId: p.orgId,
      venueName: '某会议室',
      address: '某某路1号',
      targetGroups: ['worker'],
      capacity: 30,
      startsAt: at(48 * hour),
      endsAt: at(50 * hour),
      regOpensAt: at(-hour),
      regClosesAt: at(47 * hour),
    }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/volunteer-needs',
    body: (p) => ({ orgId: p.orgId, role: '越权岗位', headcount: 1, startsAt: at(hour), endsAt: at(2 * hour) }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/venues',
    body: (p) => ({ typeCode: 'workers_home', modelLevel: 'city', name: `越权场馆${++seq}`, regionCode: p.regionCode, managingOrgId: p.orgId }),
    places: ['neighbour', 'above', 'otherType'],
  },
  { url: '/api/people', body: (p) => ({ name: '越权登记', regionCode: p.regionCode }), places: ['neighbour', 'above'] },
  {
    url: '/api/disputes',
    body: (p) => ({
      regionCode: p.regionCode,
      employerName: `越权测试公司${++seq}`,
      employerCreditCode: '91510100MA6CGUGA1W',
      facts: '越权立案测试。',
      workers: [{ name: '测试职工', phone: '13900009999' }],
      claims: [{ kind: 'wages', amount: 100 }],
    }),
    places: ['neighbour', 'above'],
  },
  {
    url: '/api/requests',
    body: (p) => ({
      categoryCode: 'wages_owed',
      description: '越权受理测试',
      regionCode: p.regionCode,
      contactName: '测试来电人',
      contactPhone: `1391${String(1_000_000 + ++seq).slice(-7)}`,
      channel: 'phone',
      fields: { employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' },
    }),
    places: ['neighbour', 'above'],
  },
  {
    url: '/api/cadre-exchanges',
    body: (p) => ({
      person: { name: '交流干部', regionCode: ownRegion },
      fromOrgId: p.orgId,
      toName: '某区人力资源和社会保障局',
      kind: 'secondment',
      startDate: '2026-01-01',
    }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/talent-programmes',
    body: (p) => ({ orgId: p.orgId, name: `越权培训${++seq}`, kind: 'other', eligibility: 'open', requiredSessions: 0 }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/cultural-societies',
    body: (p) => ({ orgId: p.orgId, name: `越权社团${++seq}`, artForm: 'music' }),
    places: ['neighbour', 'above', 'otherType'],
  },
  {
    url: '/api/social-orgs',
    body: (p) => ({
      name: `越权社会组织${++seq}`,
      creditCode: makeCreditCode(`52510104MJ${String(seq).padStart(7, '0')}`),
      regType: 'social_service',
      authority: '成都市锦江区民政局',
      registeredOn: '2020-01-01',
      domain: 'labour',
      regionCode: p.regionCode,
      serviceAreas: [],
    }),
    places: ['neighbour', 'above'],
  },
];

/** Create routes that place a record but are tried elsewhere, or place it by design wherever the caller names. */
const ELSEWHERE: Record<string, string> = {
  '/api/venue-bookings': 'needs a bookable room; venues.db.test refuses a neighbouring unit with 404',
  '/api/volunteer-hours': 'needs a volunteer and a need; volunteers.db.test refuses a neighbouring unit with 404',
  '/api/venue-feeds': 'a calendar feed of a venue the caller can read; it creates nothing outside the caller',
  '/api/members': "needs a valid ID number per member; members.db.test has the neighbouring street enrol into this street's union refused with 404",
  '/api/member-transfers':
    'names the receiving union elsewhere by design; the member and the sending union must be in scope and both unions confirm (members.db.test)',
  '/api/benefit-offers': "needs a provider; benefits.db.test has the neighbouring street publish for this street's union refused with 404",
  '/api/webhooks': 'needs a reachable receiver; webhooks.db.test has the neighbouring street subscribe for this street refused with 404',
};

const PLACING = /^(orgId|parentId|hostOrgId|ownerOrgId|managingOrgId|fromOrgId|toOrgId|regionCode)$/;

beforeAll(async () => {
  t = await setupTestEnv();
  street = await t.as('union.street');
  const [neighbour, above, otherType] = await Promise.all([t.as('union.street2'), t.as('union.city'), t.as('women.street')].map(async (c) => orgOf(await c)));
  places = { neighbour: neighbour!, above: above!, otherType: otherType! };
  ownRegion = (await orgOf(street)).regionCode;
});
afterAll(async () => t.close());

describe('a street administrator creates nothing outside its scope', () => {
  it('is refused by every create route for the neighbouring street, the city above and another type', async () => {
    let tried = 0;
    for (const c of CASES) {
      for (const where of c.places) {
        const r = await street.post(c.url, c.body(places[where]));
        tried++;
        // A 404 (no existence oracle), a 403, or a 400 that names the place as outside the caller's scope.
        const refused = r.status === 404 || r.status === 403 || (r.status === 400 && PLACING.test(String(r.body.error?.field ?? '').replace(/^body\./, '')));
        expect(refused, `${c.url} at ${where} (${places[where].label}) → ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
      }
    }
    // The same bodies at the street's own place are accepted, so the refusals above are the scope rule's.
    const own = await orgOf(street);
    for (const c of CASES) {
      const r = await street.post(c.url, c.body(own));
      expect(r.status, `${c.url} at its own place → ${JSON.stringify(r.body)}`).toBe(201);
    }
    expect(tried).toBeGreaterThanOrEqual(24);
  });

  it('covers every create route that takes a place', async () => {
    const me = (await street.get('/api/auth/me')).body as { permissions: string[] };
    const untested: string[] = [];
    for (const r of t.app.routeCatalog) {
      if (r.method !== 'POST' || !r.url.startsWith('/api/') || r.url.includes(':')) continue;
      const perm = r.config.permission as string | undefined;
      if (!perm || !me.permissions.includes(perm)) continue;
      const props = Object.keys(((r.schema?.body as { properties?: object } | undefined)?.properties ?? {}) as object);
      if (!props.some((p) => PLACING.test(p))) continue;
      if (!CASES.some((c) => c.url === r.url) && !ELSEWHERE[r.url]) untested.push(r.url);
    }
    expect(untested).toEqual([]);
  });
});
