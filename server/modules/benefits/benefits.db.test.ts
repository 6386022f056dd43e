import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen, type CitizenClient } from '../citizens/citizens.test-helpers.js';
import { rankEntrants } from './benefits.policy.js';
import * as repo from './benefits.repository.js';

let t: TestEnv;
let city: Client;
let street: Client;
let street2: Client;
let cinema: Client;
let health: Client;
let streetOrg = { id: 0, path: '' };
let street2Org = { id: 0, path: '' };
let cinemaId = 0;
let communityCode = '';
let communityPath = '';
let phoneSeq = 0;
let memberSeq = 0;

const at = (ms: number) => new Date(Date.now() + ms).toISOString();

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { orgPath: string; regionPath: string } };
}

/** A signed-in citizen who is an active member of `orgId` (the member registry's row, written as enrolment would). */
async function member(orgId: number, tags: string[] = []): Promise<CitizenClient> {
  phoneSeq++;
  const c = await signInCitizen(t, `1390000${String(phoneSeq).padStart(4, '0')}`, { name: `会员${phoneSeq}`, regionCode: communityCode });
  memberSeq++;
  await sql`INSERT INTO union_members (org_id, person_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path, status, tags, hardship_level, source)
    VALUES (${orgId}, ${c.personId}, ${`M7${String(memberSeq).padStart(8, '0')}`}, '会*', 'female', 1990, current_date, ${communityCode}, ${communityPath}::ltree, 'active',
      ${tags}::text[], ${tags.includes('hardship') ? 'relative' : null}, 'staff')`.execute(t.owner);
  return c;
}

async function offer(by: Client, orgId: number, over: Record<string, unknown> = {}) {
  const r = await by.post('/api/benefit-offers', {
    title: '职工观影：电影票',
    brand: '蓉城影城',
    kind: 'voucher',
    orgId,
    providerOrgId: cinemaId,
    quota: 10,
    perMemberLimit: 1,
    limitPeriod: 'month',
    claimFrom: at(-3_600_000),
    claimTo: at(86_400_000),
    voucherDays: 30,
    mode: 'fcfs',
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; version: number; remaining: number };
}

const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.owner)).rows[0]!.n;

beforeAll(async () => {
  t = await setupTestEnv();
  [city, street, street2, cinema, health] = (await Promise.all(
    ['union.city', 'union.street', 'union.street2', 'provider.cinema', 'provider.health'].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client];
  const s = await me(street);
  streetOrg = { id: s.orgId, path: s.scope.orgPath };
  const s2 = await me(street2);
  street2Org = { id: s2.orgId, path: s2.scope.orgPath };
  cinemaId = (await me(cinema)).orgId;
  const community = await me(await t.as('union.community'));
  communityPath = community.scope.regionPath;
  communityCode = communityPath.split('.').pop()!;
});
afterAll(async () => {
  await t?.close();
});

describe('benefits: publishing and scope', () => {
  it('lists providers; a street publishes for its subtree; the neighbouring street sees and edits none of it', async () => {
    const providers = (await street.get('/api/benefit-providers')).body.items as Array<{ id: number; name: string }>;
    expect(providers.map((p) => p.id)).toContain(cinemaId);
    const o = await offer(street, streetOrg.id);
    expect(o.remaining).toBe(10);
    expect((await street.get(`/api/benefit-offers/${o.id}`)).status).toBe(200);
    expect((await city.get(`/api/benefit-offers/${o.id}`)).status).toBe(200);
    expect((await street2.get(`/api/benefit-offers/${o.id}`)).status).toBe(404);
    expect((await street2.get('/api/benefit-offers')).body.items.map((x: { id: number }) => x.id)).not.toContain(o.id);
    expect((await street2.post(`/api/benefit-offers/${o.id}/pause`, { version: o.version })).status).toBe(404);
    expect((await street2.post(`/api/benefit-offers/${o.id}/quota`, { add: 5, version: o.version })).status).toBe(404);
    expect((await street2.get(`/api/benefit-offers/${o.id}/claims`)).status).toBe(404);
    // Nor can it publish for a union outside its subtree.
    expect(
      (
        await street2.post('/api/benefit-offers', {
          title: 'x',
          kind: 'voucher',
          orgId: streetOrg.id,
          providerOrgId: cinemaId,
          quota: 1,
          perMemberLimit: 1,
          limitPeriod: 'offer',
          claimFrom: at(0),
          claimTo: at(60_000),
          voucherDays: 1,
          mode: 'fcfs',
        })
      ).status,
    ).toBe(404);
    // A provider that is not a provider organization is refused by field.
    const bad = await street.post('/api/benefit-offers', {
      title: 'x',
      kind: 'voucher',
      orgId: streetOrg.id,
      providerOrgId: street2Org.id,
      quota: 1,
      perMemberLimit: 1,
      limitPeriod: 'offer',
      claimFrom: at(0),
      claimTo: at(60_000),
      voucherDays: 1,
      mode: 'fcfs',
    });
    expect(bad.status).toBe(404);
    expect(bad.body.error.field ?? bad.body.error.message).toContain('providerOrgId');
    // Pause, resume, extend, add quota: each audited.
    const p = await street.post(`/api/benefit-offers/${o.id}/pause`, { version: o.version });
    expect(p.body.status).toBe('paused');
    const r = await street.post(`/api/benefit-offers/${o.id}/resume`, { version: p.body.version });
    const e = await street.post(`/api/benefit-offers/${o.id}/extend`, { claimTo: at(2 * 86_400_000), version: r.body.version });
    expect(e.status).toBe(200);
    const q = await street.post(`/api/benefit-offers/${o.id}/quota`, { add: 5, version: e.body.version });
    expect(q.body).toMatchObject({ quota: 15, remaining: 15 });
    const audited = await count(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'benefit_offer' AND object_id = ${String(o.id)}`,
    );
    expect(audited).toBe(5);
  });

  it('eligibility by union subtree and by tag', async () => {
    const mine = await member(streetOrg.id);
    const neighbour = await member(street2Org.id);
    const hardship = await member(streetOrg.id, ['hardship']);
    const notMember = await signInCitizen(t, '13900009999', { name: '非会员', regionCode: communityCode });
    const all = await offer(street, streetOrg.id);
    const tagged = await offer(street, streetOrg.id, { eligibleTags: ['hardship'], kind: 'seasonal_care', mode: 'review' });
    const ids = async (c: CitizenClient) => (await c.get('/api/portal/benefit-offers')).body.items.map((x: { id: number }) => x.id);
    expect(await ids(mine)).toContain(all.id);
    expect(await ids(mine)).not.toContain(tagged.id);
    expect(await ids(hardship)).toEqual(expect.arrayContaining([all.id, tagged.id]));
    expect(await ids(neighbour)).not.toContain(all.id);
    expect((await notMember.get('/api/portal/benefit-offers')).body).toEqual({ member: false, items: [] });
    expect((await neighbour.post(`/api/portal/benefit-offers/${all.id}/claims`)).status).toBe(404);
    expect((await mine.post(`/api/portal/benefit-offers/${tagged.id}/claims`)).status).toBe(404);
    const applied = await hardship.post(`/api/portal/benefit-offers/${tagged.id}/claims`, { note: '家庭困难' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(applied.body).toMatchObject({ status: 'applied', code: null });
    // The union reviews: approval issues a voucher.
    const d = await street.post(`/api/benefit-claims/${applied.body.id}/decision`, { approve: true });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.status).toBe('issued');
    expect((await street2.post(`/api/benefit-claims/${applied.body.id}/decision`, { approve: false })).status).toBe(404);
  });
});

describe('benefits: claiming under a crowd', () => {
  it('1,000 concurrent claims on a 100-quota offer leave exactly 100 vouchers (sliced quota)', async () => {
    const members = [];
    for (let i = 0; i < 100; i++) members.push(await member(streetOrg.id));
    const o = await offer(street, streetOrg.id, { quota: 100, perMemberLimit: 10, slices: 8 });
    // Through the service, all at once: HTTP session checks of a thousand requests on this shared machine would
    // only measure the pool's queue; the sign-in path is exercised by every other test.
    const citizens = await Promise.all(members.map((m) => t.c.citizens.resolve(decodeURIComponent(m.cookie.split('=')[1]!))));
    const results = await Promise.allSettled(
      citizens.flatMap((ci, i) => Array.from({ length: 10 }, (_, k) => t.c.benefits.claim({ ip: '127.0.0.1', requestId: `crowd-${i}-${k}` }, ci!, o.id, {}))),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(100);
    expect(refused.filter((r) => (r.reason as { code?: string }).code !== 'CONFLICT').map((r) => String(r.reason))).toEqual([]);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims WHERE offer_id = ${o.id} AND status = 'issued'`)).toBe(100);
    expect(await count(sql<{ n: number }>`SELECT coalesce(sum(remaining), 0)::int AS n FROM benefit_quota_slices WHERE offer_id = ${o.id}`)).toBe(0);
    expect(await count(sql<{ n: number }>`SELECT count(DISTINCT code)::int AS n FROM benefit_claims WHERE offer_id = ${o.id}`)).toBe(100);
    expect(
      await count(
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM (SELECT person_id FROM benefit_claims WHERE offer_id = ${o.id} GROUP BY person_id HAVING count(*) > 10) x`,
      ),
    ).toBe(0);
  }, 180_000);

  it('first-come units taken by several servers at once never deadlock while the slices run out', async () => {
    // Each server gates the claims of one offer on its own, so the database sees as many at once as there are
    // servers: here 16 transactions at a time, on offers of 16 slices that empty one after another.
    const errors: string[] = [];
    for (let round = 0; round < 24; round++) {
      const o = await offer(street, streetOrg.id, { quota: 100, perMemberLimit: 100, slices: 16 });
      let taken = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 250) {
            next++;
            try {
              const slice = await t.c.db.transaction().execute((trx) => repo.takeFirstComeUnit(trx, o.id, randomInt(16), 16));
              if (slice !== null) taken++;
            } catch (e) {
              errors.push(String(e));
            }
          }
        }),
      );
      expect(errors).toEqual([]);
      expect(taken).toBe(100);
      expect(await count(sql<{ n: number }>`SELECT coalesce(sum(remaining), 0)::int AS n FROM benefit_quota_slices WHERE offer_id = ${o.id}`)).toBe(0);
    }
  }, 120_000);

  it('the per-member limit holds under concurrent retries, across slices', async () => {
    const m = await member(streetOrg.id);
    const o = await offer(street, streetOrg.id, { quota: 50, perMemberLimit: 2, slices: 4 });
    const left = async (c: typeof m) => (await c.get('/api/portal/benefit-offers')).body.items.find((x: { id: number }) => x.id === o.id)?.claimsLeft;
    expect(await left(m)).toBe(2);
    const results = await Promise.all(Array.from({ length: 20 }, () => m.post(`/api/portal/benefit-offers/${o.id}/claims`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    // The portal says the limit is reached, so the phone offers no claim button.
    expect(await left(m)).toBe(0);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.message.includes('2'))).toBe(true);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims WHERE offer_id = ${o.id} AND person_id = ${m.personId}`)).toBe(2);
    // The same Idempotency-Key twice claims once.
    const m2 = await member(streetOrg.id);
    const key = { 'idempotency-key': `claim-${o.id}-${m2.personId}` };
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/portal/benefit-offers/${o.id}/claims`,
      payload: {},
      headers: { cookie: m2.cookie, 'x-citizen-csrf': m2.csrf, ...key },
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/portal/benefit-offers/${o.id}/claims`,
      payload: {},
      headers: { cookie: m2.cookie, 'x-citizen-csrf': m2.csrf, ...key },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(JSON.parse(again.body).id).toBe(JSON.parse(first.body).id);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims WHERE offer_id = ${o.id} AND person_id = ${m2.personId}`)).toBe(1);
    expect(await left(m2)).toBe(1);
  });
});

describe('benefits: lottery, redemption, cancellation, ratings, person-times', () => {
  it('a lottery drawn after its window can be re-run from its seed and entrants to the same winners', async () => {
    const entrants = [];
    for (let i = 0; i < 6; i++) entrants.push(await member(streetOrg.id));
    const o = await offer(street, streetOrg.id, { mode: 'lottery', quota: 2, claimTo: at(4000), kind: 'free_service' });
    for (const m of entrants) expect((await m.post(`/api/portal/benefit-offers/${o.id}/claims`)).body.status).toBe('entered');
    expect((await street.post(`/api/benefit-offers/${o.id}/draw`)).status).toBe(409);
    await new Promise((r) => setTimeout(r, Math.max(0, 4200 - 0)));
    const d = await street.post(`/api/benefit-offers/${o.id}/draw`);
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.entrants).toHaveLength(6);
    expect(d.body.winners).toHaveLength(2);
    const pub = (await t.anonymous.get(`/api/portal/benefit-offers/${o.id}/lottery`)).body;
    expect(pub).toEqual(d.body);
    expect(rankEntrants(pub.seed, pub.entrants).slice(0, 2)).toEqual(pub.winners);
    const issued = (
      await sql<{ id: number }>`SELECT id FROM benefit_claims WHERE offer_id = ${o.id} AND status = 'issued' ORDER BY id`.execute(t.owner)
    ).rows.map((r) => Number(r.id));
    expect(issued).toEqual([...pub.winners].sort((a: number, b: number) => a - b));
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims WHERE offer_id = ${o.id} AND status = 'lost'`)).toBe(4);
    expect((await street.post(`/api/benefit-offers/${o.id}/draw`)).status).toBe(409);
  });

  it('a provider redeems a voucher once and sees only its own; the member rates it and a bad review opens a rectification', async () => {
    const m = await member(streetOrg.id);
    const o = await offer(street, streetOrg.id);
    const claim = (await m.post(`/api/portal/benefit-offers/${o.id}/claims`)).body as { id: number; code: string };
    expect(claim.code).toMatch(/^[0-9A-HJ-NP-Z]{12}$/);
    expect((await health.post('/api/benefit-vouchers/lookup', { code: claim.code })).status).toBe(404);
    expect((await health.post('/api/benefit-vouchers/redeem', { code: claim.code })).status).toBe(404);
    expect((await health.get('/api/benefit-vouchers')).body.items.map((x: { id: number }) => x.id)).not.toContain(claim.id);
    expect((await health.get(`/api/benefit-offers/${o.id}`)).status).toBe(404);
    expect((await cinema.get(`/api/benefit-offers/${o.id}`)).status).toBe(200);
    expect((await cinema.post('/api/benefit-vouchers/lookup', { code: claim.code.toLowerCase() })).body.status).toBe('issued');
    expect((await m.post(`/api/portal/me/benefit-claims/${claim.id}/rating`, { level: 5 })).status).toBe(409);
    const r1 = await cinema.post('/api/benefit-vouchers/redeem', { code: claim.code });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body.status).toBe('redeemed');
    const r2 = await cinema.post('/api/benefit-vouchers/redeem', { code: claim.code });
    expect(r2.status).toBe(409);
    expect((await cinema.get('/api/benefit-vouchers')).body.items.map((x: { id: number }) => x.id)).toContain(claim.id);
    expect((await m.post(`/api/portal/me/benefit-claims/${claim.id}/cancel`)).status).toBe(409);
    const rate = await m.post(`/api/portal/me/benefit-claims/${claim.id}/rating`, { level: 5, comment: '排队太久' });
    expect(rate.status, JSON.stringify(rate.body)).toBe(201);
    const rect = await count(
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM rating_rectifications x JOIN ratings r ON r.id = x.rating_id WHERE r.subject_type = 'benefit' AND r.subject_id = ${claim.id} AND x.org_id = ${streetOrg.id}`,
    );
    expect(rect).toBe(1);
    expect((await m.get('/api/portal/me/benefit-claims')).body.items.find((x: { id: number }) => x.id === claim.id)).toMatchObject({
      status: 'redeemed',
      rated: true,
    });
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const pt = (await street.get(`/api/benefit-person-times?month=${month}`)).body;
    expect(pt.byOffer.find((x: { offerId: number }) => x.offerId === o.id).count).toBe(1);
  });

  it('an expired voucher is refused at the counter', async () => {
    const m = await member(streetOrg.id);
    const o = await offer(street, streetOrg.id);
    const claim = (await m.post(`/api/portal/benefit-offers/${o.id}/claims`)).body as { id: number; code: string };
    await sql`UPDATE benefit_claims SET expires_at = now() - interval '1 minute' WHERE id = ${claim.id}`.execute(t.owner);
    const r = await cinema.post('/api/benefit-vouchers/redeem', { code: claim.code });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_STATE');
  });

  it('cancelling before redemption returns the quota, or promotes the first waiting member', async () => {
    const [a, b, c] = [await member(streetOrg.id), await member(streetOrg.id), await member(streetOrg.id)];
    const plain = await offer(street, streetOrg.id, { quota: 1 });
    const ca = (await a.post(`/api/portal/benefit-offers/${plain.id}/claims`)).body;
    const sold = await b.post(`/api/portal/benefit-offers/${plain.id}/claims`);
    expect(sold.status).toBe(409);
    expect((await b.post(`/api/portal/me/benefit-claims/${ca.id}/cancel`)).status).toBe(404);
    const cancelled = await a.post(`/api/portal/me/benefit-claims/${ca.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await b.post(`/api/portal/benefit-offers/${plain.id}/claims`)).status).toBe(201);
    // A cancelled claim gives the member's limit back too.
    expect((await a.post(`/api/portal/benefit-offers/${plain.id}/claims`)).status).toBe(409);

    const wl = await offer(street, streetOrg.id, { quota: 1, waitlist: true });
    const wa = (await a.post(`/api/portal/benefit-offers/${wl.id}/claims`)).body;
    const wc = (await c.post(`/api/portal/benefit-offers/${wl.id}/claims`)).body;
    expect(wc.status).toBe('waitlisted');
    await a.post(`/api/portal/me/benefit-claims/${wa.id}/cancel`);
    const cMine = (await c.get('/api/portal/me/benefit-claims')).body.items.find((x: { id: number }) => x.id === wc.id);
    expect(cMine.status).toBe('issued');
    expect(cMine.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(await count(sql<{ n: number }>`SELECT coalesce(sum(remaining), 0)::int AS n FROM benefit_quota_slices WHERE offer_id = ${wl.id}`)).toBe(0);
  });

  it('an online service reports daily usage with its API key; another provider’s key is refused', async () => {
    const o = await offer(street, streetOrg.id, { kind: 'free_service', title: '职工在线课堂' });
    const key = (await cinema.post('/api/benefit-api-keys', { name: '在线课堂' })).body.key as string;
    const other = (await health.post('/api/benefit-api-keys', { name: '体检' })).body.key as string;
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const send = (k: string | null, body: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/benefit-usage', payload: body as object, headers: k ? { 'x-api-key': k } : {} });
    expect((await send(null, { offerId: o.id, day, count: 5 })).statusCode).toBe(401);
    expect((await send(other, { offerId: o.id, day, count: 5 })).statusCode).toBe(404);
    expect((await send(key, { offerId: o.id, day, count: 1200 })).statusCode).toBe(200);
    expect((await send(key, { offerId: o.id, day, count: 1500 })).statusCode).toBe(200);
    const d = (await street.get(`/api/benefit-offers/${o.id}`)).body;
    expect(d.personTimes).toBe(1500);
    expect((await street.post('/api/benefit-api-keys', { name: 'x' })).status).toBe(403);
  });
});
