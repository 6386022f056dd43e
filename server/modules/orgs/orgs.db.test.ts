import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let street: Client;
let neighbour: Client;
let streetOrg: { id: number; regionCode: string };
let neighbourOrg: { id: number; regionCode: string };

beforeAll(async () => {
  t = await setupTestEnv();
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
  const me = await street.get('/api/auth/me');
  streetOrg = (await street.get(`/api/orgs/${me.body.orgId}`)).body;
  const me2 = await neighbour.get('/api/auth/me');
  neighbourOrg = (await neighbour.get(`/api/orgs/${me2.body.orgId}`)).body;
});
afterAll(async () => t.close());

async function firstCommunity(c: Client, streetCode: string): Promise<string> {
  const r = await c.get(`/api/regions?parent=${streetCode}`);
  return r.body.items[0].code;
}

describe('organizations', () => {
  it('lists only my subtree, with paging and filters', async () => {
    const r = await street.get('/api/orgs?pageSize=200');
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(1);
    for (const o of r.body.items) expect(o.path.startsWith(`${(await street.get(`/api/orgs/${streetOrg.id}`)).body.path}`)).toBe(true);
    const levels = await street.get('/api/orgs?level=community&pageSize=5&sort=name');
    expect(levels.body.items.every((o: { level: string }) => o.level === 'community')).toBe(true);
  });

  it('creates a unit under my street with a validated credit code and records its history', async () => {
    const community = await firstCommunity(street, streetOrg.regionCode);
    const bad = await street.post('/api/orgs', { parentId: streetOrg.id, name: '测试企业工会', regionCode: community, creditCode: '91510100MA61234567' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('creditCode');
    const r = await street.post('/api/orgs', { parentId: streetOrg.id, name: '测试社区工会', regionCode: community });
    expect(r.status).toBe(201);
    expect(r.body.typeCode).toBe('union');
    expect(r.body.level).toBe('community');
    const renamed = await street.patch(`/api/orgs/${r.body.id}`, { version: r.body.version, name: '测试社区工会联合会' });
    expect(renamed.status).toBe(200);
    const stale = await street.patch(`/api/orgs/${r.body.id}`, { version: r.body.version, name: '又一个名字' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const h = await street.get(`/api/orgs/${r.body.id}/history`);
    expect(h.body.items.map((x: { action: string }) => x.action)).toEqual(['rename', 'create']);
  });

  it('refuses a region outside the parent organization region', async () => {
    const r = await street.post('/api/orgs', { parentId: streetOrg.id, name: '越界工会', regionCode: neighbourOrg.regionCode });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('regionCode');
  });

  it('moves a subtree with its descendants and refuses a cycle', async () => {
    const community = await firstCommunity(street, streetOrg.regionCode);
    const a = (await street.post('/api/orgs', { parentId: streetOrg.id, name: '甲工会', regionCode: community })).body;
    const b = (await street.post('/api/orgs', { parentId: streetOrg.id, name: '乙工会', regionCode: community })).body;
    const a1 = (await street.post('/api/orgs', { parentId: a.id, name: '甲一小组', regionCode: community })).body;
    const cycle = await street.post(`/api/orgs/${a.id}/move`, { newParentId: a1.id, version: a.version });
    expect(cycle.status).toBe(400);
    const moved = await street.post(`/api/orgs/${a.id}/move`, { newParentId: b.id, version: a.version });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(b.id);
    const child = (await street.get(`/api/orgs/${a1.id}`)).body;
    expect(child.path).toBe(`${b.path}.${a.id}.${a1.id}`);
    const arch = await street.post(`/api/orgs/${b.id}/archive`);
    expect(arch.body.affected).toBe(3);
    expect((await street.get(`/api/orgs/${a1.id}`)).body.status).toBe('archived');
  });

  it('refuses a neighbouring street on every organization endpoint, and audits the refusal', async () => {
    const community = await firstCommunity(street, streetOrg.regionCode);
    const mine = (await street.post('/api/orgs', { parentId: streetOrg.id, name: '邻居看不到的工会', regionCode: community })).body;
    const attempts = [
      await neighbour.get(`/api/orgs/${mine.id}`),
      await neighbour.get(`/api/orgs/${mine.id}/history`),
      await neighbour.patch(`/api/orgs/${mine.id}`, { version: mine.version, name: '篡改' }),
      await neighbour.post(`/api/orgs/${mine.id}/move`, { newParentId: neighbourOrg.id, version: mine.version }),
      await neighbour.post(`/api/orgs/${mine.id}/archive`),
      await neighbour.post('/api/orgs', { parentId: streetOrg.id, name: '插队', regionCode: community }),
      await neighbour.get(`/api/orgs/${mine.id}/leaders`),
      await neighbour.get(`/api/orgs/${mine.id}/staff`),
      await neighbour.post(`/api/orgs/${mine.id}/staff`, { personId: 1, programme: 'union_social_worker', startedOn: '2026-01-01' }),
    ];
    for (const r of attempts) {
      expect([403, 404]).toContain(r.status);
      expect(JSON.stringify(r.body)).not.toContain('邻居看不到的工会');
    }
    const list = await neighbour.get(`/api/orgs?q=${encodeURIComponent('邻居看不到')}`);
    expect(list.body.total).toBe(0);
    const denied = await t.c.db.selectFrom('audit_log').select('seq').where('result', '=', 'denied').where('actor_name', '=', 'union.street2').execute();
    expect(denied.length).toBeGreaterThanOrEqual(5);
    expect((await street.get(`/api/orgs/${mine.id}`)).body.name).toBe('邻居看不到的工会');
  });

  it('gives cross-type roles read access over the region and no write', async () => {
    const coord = await t.as('coordinator');
    const r = await coord.get('/api/orgs?type=women&pageSize=1');
    expect(r.body.total).toBeGreaterThan(0);
    expect((await coord.post('/api/orgs', { parentId: streetOrg.id, name: 'x', regionCode: streetOrg.regionCode })).status).toBe(403);
  });
});

describe('leadership and staff', () => {
  it('adds a leader with a new person, reports composition, and lists it masked', async () => {
    const u = await t.as('union.district');
    const me = await u.get('/api/auth/me');
    const add = await u.post(`/api/orgs/${me.body.orgId}/leaders`, {
      person: { name: '测试领导', phone: '13812341234', regionCode: '510104' },
      post: '副主席',
      termStart: '2025-01-01',
      termEnd: '2024-01-01',
      staffingMode: 'part_time',
      frontline: true,
    });
    expect(add.status).toBe(400);
    expect(add.body.error.field).toBe('termEnd');
    const ok = await u.post(`/api/orgs/${me.body.orgId}/leaders`, {
      person: { name: '测试领导', phone: '13812341234', regionCode: '510104' },
      post: '副主席',
      termStart: '2025-01-01',
      staffingMode: 'part_time',
      frontline: true,
    });
    expect(ok.status).toBe(201);
    const list = await u.get(`/api/orgs/${me.body.orgId}/leaders`);
    const mine = list.body.items.find((l: { personName: string }) => l.personName === '测试领导');
    expect(mine.phoneMasked).toBe('138****1234');
    expect(list.body.composition.hasPartTimeOrSeconded).toBe(true);
    expect(list.body.composition.frontlineShare).toBeGreaterThan(0);
    const comp = await u.get('/api/leadership/composition?type=union');
    const district = comp.body.items.find((x: { level: string }) => x.level === 'district');
    expect(district.teams).toBe(1);
    expect(district.members).toBe(list.body.items.length);
  });

  it('keeps a staff roster by programme with summary counts', async () => {
    const u = await t.as('union.street');
    const before = (await u.get('/api/staff/summary')).body.items.find((x: { programme: string }) => x.programme === 'union_social_worker')?.count ?? 0;
    const add = await u.post(`/api/orgs/${streetOrg.id}/staff`, {
      person: { name: '测试社工', regionCode: streetOrg.regionCode },
      programme: 'union_social_worker',
      startedOn: '2026-03-01',
    });
    expect(add.status).toBe(201);
    const after = (await u.get('/api/staff/summary')).body.items.find((x: { programme: string }) => x.programme === 'union_social_worker').count;
    expect(after).toBe(before + 1);
    expect((await u.post(`/api/staff/${add.body.id}/end`, { endedOn: '2026-01-01' })).status).toBe(400);
    expect((await u.post(`/api/staff/${add.body.id}/end`, { endedOn: '2026-06-30' })).status).toBe(200);
  });

  it('records a cadre exchange to a government department', async () => {
    const u = await t.as('union.district');
    const me = await u.get('/api/auth/me');
    const r = await u.post('/api/cadre-exchanges', {
      person: { name: '交流干部', regionCode: '510104' },
      fromOrgId: me.body.orgId,
      toName: '锦江区人力资源和社会保障局',
      kind: 'secondment',
      startDate: '2026-01-01',
    });
    expect(r.status).toBe(201);
    const list = await u.get('/api/cadre-exchanges');
    expect(list.body.items.some((x: { toName: string }) => x.toName === '锦江区人力资源和社会保障局')).toBe(true);
  });
});

describe('configurable catalogues', () => {
  it('lets the system administrator add an organization type and a staff programme, and nobody else', async () => {
    const sys = await t.as('sysadmin');
    const admin = await t.as('union.city');
    expect((await admin.post('/api/org-types', { code: 'redcross', nameZh: '红十字会', nameEn: 'Red Cross Society', isPartner: false })).status).toBe(403);
    expect((await sys.post('/api/org-types', { code: 'redcross', nameZh: '红十字会', nameEn: 'Red Cross Society', isPartner: false })).status).toBe(201);
    expect((await sys.post('/api/org-types', { code: 'redcross', nameZh: '红十字会', nameEn: 'Red Cross Society', isPartner: false })).status).toBe(409);
    expect((await admin.get('/api/org-types')).body.items.map((x: { code: string }) => x.code)).toContain('redcross');
    expect((await sys.post('/api/staff-programmes', { code: 'elder_care_worker', nameZh: '养老服务社工', nameEn: 'Elder-care social worker' })).status).toBe(
      201,
    );
    expect((await admin.get('/api/staff-programmes')).body.items.map((x: { code: string }) => x.code)).toContain('elder_care_worker');
  });
});
