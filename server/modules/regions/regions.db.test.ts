import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let u: Client;
beforeAll(async () => {
  t = await setupTestEnv();
  u = await t.as('union.street');
});
afterAll(async () => t.close());

describe('regions', () => {
  it('holds Chengdu: 20 districts, 261 streets, 3,047 communities', async () => {
    expect(await t.c.regions.counts()).toEqual({ city: 1, district: 20, street: 261, community: 3047 });
    const roots = await u.get('/api/regions');
    expect(roots.body.items).toHaveLength(1);
    expect(roots.body.items[0].name).toBe('成都市');
    const districts = await u.get('/api/regions?parent=5101');
    expect(districts.body.items).toHaveLength(20);
  });

  it('finds 锦江区 by initials, full pinyin, name and code; 郫都 reads dū', async () => {
    for (const q of ['jjq', 'jinjiang', '锦江', '510104']) {
      const r = await u.get(`/api/regions/search?q=${encodeURIComponent(q)}`);
      expect(r.body.items[0].name, q).toBe('锦江区');
    }
    const pidu = await u.get('/api/regions/search?q=pidu');
    expect(pidu.body.items[0].name).toBe('郫都区');
  });

  it('shows names without the 居委会 suffix and gives ancestors', async () => {
    const r = await u.get('/api/regions/search?q=社区&limit=50');
    expect(r.body.items.every((x: { name: string }) => !x.name.endsWith('居委会'))).toBe(true);
    const one = await u.get(`/api/regions/${r.body.items[0].code}`);
    expect(one.body.ancestors.map((a: { level: string }) => a.level)).toEqual(['city', 'district', 'street']);
  });

  it('lets the system administrator edit functional zones and refuses others', async () => {
    const streets = (await u.get('/api/regions?parent=510107')).body.items.slice(0, 2).map((s: { code: string }) => s.code);
    expect((await u.post('/api/zones', { name: '高新区', streetCodes: streets })).status).toBe(403);
    const sys = await t.as('sysadmin');
    const bad = await sys.post('/api/zones', { name: '高新区', streetCodes: ['510107'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('streetCodes');
    const z = await sys.post('/api/zones', { name: '高新区', streetCodes: streets });
    expect(z.status).toBe(201);
    expect((await u.get('/api/zones')).body.items[0].streetCodes).toEqual([...streets].sort());
    expect((await sys.del(`/api/zones/${z.body.id}`)).status).toBe(200);
  });
});

describe('working-day calendar', () => {
  it('counts 调休: 2025-09-30 + 1 working day is 2025-10-09', async () => {
    const r = await u.get('/api/calendar/add-working-days?from=2025-09-30&days=1');
    expect(r.body.result).toBe('2025-10-09');
    expect(await t.c.calendar.isWorkday('2025-09-28')).toBe(true);
    expect(await t.c.calendar.isWorkday('2026-01-01')).toBe(false);
  });

  it('computes a year without an official arrangement and marks it provisional; refuses only what it cannot compute', async () => {
    const years: number[] = (await u.get('/api/calendar/2025')).body.years;
    const next = Math.max(...years) + 1;
    const r = await u.get(`/api/calendar/add-working-days?from=${next}-03-02&days=3`);
    expect(r.status).toBe(200);
    expect(r.body.provisional).toBe(true);
    expect((await u.get('/api/calendar/add-working-days?from=2025-09-30&days=1')).body.provisional).toBe(false);
    const y = await u.get(`/api/calendar/${next}`);
    expect(y.body).toMatchObject({ covered: true, provisional: true });
    expect(y.body.days.find((d: { date: string }) => d.date === `${next}-01-01`)).toMatchObject({ kind: 'holiday', source: 'statutory' });
    const beyond = await u.get('/api/calendar/add-working-days?from=2099-12-28&days=10');
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.code).toBe('CALENDAR_NOT_COVERED');
  });

  it('applies an administrator override', async () => {
    const sys = await t.as('sysadmin');
    expect((await u.put('/api/calendar/overrides/2025-10-09', { kind: 'holiday', reason: '测试' })).status).toBe(403);
    expect((await sys.put('/api/calendar/overrides/2025-10-09', { kind: 'holiday', reason: '城市特别假日' })).status).toBe(200);
    expect((await u.get('/api/calendar/add-working-days?from=2025-09-30&days=1')).body.result).toBe('2025-10-10');
    expect((await sys.del('/api/calendar/overrides/2025-10-09')).status).toBe(200);
    expect((await u.get('/api/calendar/add-working-days?from=2025-09-30&days=1')).body.result).toBe('2025-10-09');
  });
});
