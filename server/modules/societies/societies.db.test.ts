import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let district: Client;
let street: Client;
let street2: Client;
let streetMe = { orgId: 0, regionCode: '' };
let street2Me = { orgId: 0, regionCode: '' };
let seq = 0;

async function me(c: Client) {
  const b = (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
  return { orgId: b.orgId, regionCode: b.scope.regionPath.split('.').pop()! };
}
async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}
async function person(c: Client, regionCode: string, name: string) {
  seq++;
  const r = await c.post('/api/people', { name, phone: `1360000${String(3000 + seq).slice(-4)}`, gender: 'female', regionCode });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}
const iso = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await setupTestEnv();
  [district, street, street2] = (await Promise.all(['union.district', 'union.street', 'union.street2'].map((u) => t.as(u)))) as [Client, Client, Client];
  streetMe = await me(street);
  street2Me = await me(street2);
});
afterAll(async () => {
  await t?.close();
});

describe('mass cultural societies', () => {
  it('registers a society with members, an activity it runs and its works, each audited; the district reads it', async () => {
    const r = await street.post('/api/cultural-societies', {
      orgId: streetMe.orgId,
      name: '职工文学创作院',
      artForm: 'literature',
      foundedOn: '2019-06-01',
      description: '职工文学爱好者的创作团体',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as number;
    expect(await audited('society.create', id)).toBe(1);
    expect((await street.post('/api/cultural-societies', { orgId: streetMe.orgId, name: '职工文学创作院', artForm: 'literature' })).status).toBe(409);

    const p = await person(street, streetMe.regionCode, '林晓梅');
    const m = await street.post(`/api/cultural-societies/${id}/members`, { personId: p.id, role: 'leader' });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body).toMatchObject({ name: '林晓梅', role: 'leader' });
    expect((await street.post(`/api/cultural-societies/${id}/members`, { personId: p.id, role: 'member' })).status).toBe(409);
    expect(await audited('society.member.add', id)).toBe(1);

    const a = await street.post('/api/activities', {
      title: '职工诗歌朗诵会',
      type: 'culture_sports',
      hostOrgId: streetMe.orgId,
      venueName: '街道职工书屋',
      capacity: 50,
      startsAt: iso(72),
      endsAt: iso(74),
      regOpensAt: iso(-1),
      regClosesAt: iso(70),
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const la = await street.post(`/api/cultural-societies/${id}/activities`, { activityId: a.body.id });
    expect(la.status, JSON.stringify(la.body)).toBe(201);
    expect(la.body.title).toBe('职工诗歌朗诵会');
    expect(await audited('society.activity.add', id)).toBe(1);

    const w = await street.post(`/api/cultural-societies/${id}/works`, {
      kind: 'work',
      title: '《锦江边的灯火》诗集',
      date: '2026-05-01',
      note: '收录职工诗作 60 首',
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    const perf = await street.post(`/api/cultural-societies/${id}/works`, { kind: 'performance', title: '五一劳动节专场朗诵演出', date: '2026-04-30' });
    expect(perf.status).toBe(201);
    expect(await audited('society.work.add', id)).toBe(2);

    const d = await district.get(`/api/cultural-societies/${id}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ members: 1, activities: 1, works: 2 });
    expect(d.body.memberList[0].name).toBe('林晓梅');
    expect(d.body.workList.map((x: { title: string }) => x.title)).toEqual(['《锦江边的灯火》诗集', '五一劳动节专场朗诵演出']);
    expect((await district.get('/api/cultural-societies')).body.items.some((s: { id: number }) => s.id === id)).toBe(true);
  });

  it('refuses a neighbouring street every read and write (404), and foreign people and activities', async () => {
    const id = (await street.post('/api/cultural-societies', { orgId: streetMe.orgId, name: '残疾人艺术团', artForm: 'music' })).body.id as number;
    expect((await street2.post('/api/cultural-societies', { orgId: streetMe.orgId, name: '越权社团', artForm: 'other' })).status).toBe(404);
    expect((await street2.get(`/api/cultural-societies/${id}`)).status).toBe(404);
    expect((await street2.get('/api/cultural-societies')).body.items.some((s: { id: number }) => s.id === id)).toBe(false);
    const own = await person(street2, street2Me.regionCode, '赵明');
    expect((await street2.post(`/api/cultural-societies/${id}/members`, { personId: own.id, role: 'member' })).status).toBe(404);
    expect((await street2.post(`/api/cultural-societies/${id}/works`, { kind: 'work', title: 'x', date: '2026-01-01' })).status).toBe(404);
    const act = await street2.post('/api/activities', {
      title: '邻街活动',
      type: 'culture_sports',
      hostOrgId: street2Me.orgId,
      venueName: '邻街文化站',
      capacity: 10,
      startsAt: iso(72),
      endsAt: iso(74),
      regOpensAt: iso(-1),
      regClosesAt: iso(70),
    });
    expect(act.status).toBe(201);
    expect((await street2.post(`/api/cultural-societies/${id}/activities`, { activityId: act.body.id })).status).toBe(404);
    // The owning street cannot add the neighbour's person or the neighbour's activity either.
    expect((await street.post(`/api/cultural-societies/${id}/members`, { personId: own.id, role: 'member' })).status).toBe(404);
    expect((await street.post(`/api/cultural-societies/${id}/activities`, { activityId: act.body.id })).status).toBe(404);
    expect(await audited('society.member.add', id)).toBe(0);
  });
});
