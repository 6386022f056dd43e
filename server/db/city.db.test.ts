import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../test/harness.js';
import { loadReferenceData } from './reference.js';

// Another city deploys by configuration: a first start with QUNHUB_CITY=4401 loads Guangzhou's tree and no demo data.
let t: TestEnv;
beforeAll(async () => {
  t = await setupTestEnv({ QUNHUB_CITY: '4401' }, { fresh: true });
});
afterAll(async () => t?.close());

describe('a fresh start for Guangzhou (QUNHUB_CITY=4401)', () => {
  it("loads Guangzhou's districts, streets and communities, and nothing of Chengdu", async () => {
    const counts = (await sql<{ level: string; n: number }>`SELECT level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level`.execute(t.c.db)).rows;
    const by = Object.fromEntries(counts.map((r) => [r.level, r.n]));
    expect(by.city).toBe(1);
    expect(by.district).toBe(11);
    expect(by.street).toBeGreaterThan(150);
    expect(by.community).toBeGreaterThan(2500);
    const root = await t.c.regions.children(null);
    expect(root.map((r) => [r.code, r.name])).toEqual([['4401', '广州市']]);
    const tianhe = await t.c.regions.get('440106');
    expect(tianhe).toMatchObject({ name: '天河区', level: 'district', path: '4401.440106' });
    const streets = await t.c.regions.children('440106');
    expect(streets.length).toBeGreaterThan(10);
    expect(streets.every((s) => s.level === 'street' && s.path.startsWith('4401.440106.'))).toBe(true);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM regions WHERE code LIKE '5101%'`.execute(t.c.db)).rows[0]!.n).toBe(0);
    // The demo dataset is Chengdu's: none of its organizations or accounts.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(t.c.db)).rows[0]!.n).toBe(0);
  });

  it('serves: health, the public region tree of the portal, and the sign-in refusing unknown accounts', async () => {
    const health = await t.anonymous.get('/api/health');
    expect(health.status).toBe(200);
    const tree = await t.anonymous.get('/api/portal/regions');
    expect(tree.status).toBe(200);
    expect(tree.body.regions[0]).toMatchObject({ code: '4401', name: '广州市', level: 'city', parentCode: null });
    expect(tree.body.regions.find((r: { code: string }) => r.code === '440106')).toMatchObject({ name: '天河区', parentCode: '4401' });
    expect((await t.anonymous.post('/api/auth/login', { username: 'sysadmin', password: 'QunHub@2026' })).status).toBe(401);
  });

  it('refuses to load another city into the same database', async () => {
    await expect(loadReferenceData(t.c.db, '5101')).rejects.toThrow(/holds the regions of 广州市 \(4401\)/);
    // Loading the same city again is a no-op (every start does it).
    expect((await loadReferenceData(t.c.db, '4401')).regions).toBe(0);
  });
});
