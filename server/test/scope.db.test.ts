import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from './harness.js';

let t: TestEnv;
let mine: Client;
let other: Client;
let myUnit: { id: number; version: number };
let myPerson: { id: number };

/** Signs in a fresh org_admin account at the given organization (created by the system administrator, roles by the security administrator). */
async function accountAt(orgId: number, username: string): Promise<Client> {
  const sys = await t.as('sysadmin');
  const sec = await t.as('secadmin');
  const a = await sys.post('/api/accounts', { username, displayName: username, orgId, password: 'Community#Worker2026' });
  expect(a.status).toBe(201);
  expect((await sec.put(`/api/accounts/${a.body.id}/roles`, { roles: ['org_admin'] })).status).toBe(200);
  await sql`UPDATE accounts SET password_changed_at = now() WHERE id = ${a.body.id}`.execute(t.c.db);
  return t.login(username, 'Community#Worker2026');
}

beforeAll(async () => {
  t = await setupTestEnv();
  const communities = (
    await sql<{ id: number; region_code: string }>`
      SELECT o.id, o.region_code FROM orgs o JOIN accounts a ON a.username = 'union.community'
      JOIN orgs mine ON mine.id = a.org_id
      WHERE o.type_code = 'union' AND o.level = 'community' AND o.parent_id = mine.parent_id ORDER BY o.id`.execute(t.c.db)
  ).rows;
  const myOrg = communities[0]!;
  const neighbourOrg = communities[1]!;
  mine = await accountAt(myOrg.id, 'community.a');
  other = await accountAt(neighbourOrg.id, 'community.b');
  myUnit = (await mine.post('/api/orgs', { parentId: myOrg.id, name: '甲社区楼栋工会小组', regionCode: myOrg.region_code })).body;
  myPerson = (await mine.post('/api/people', { name: '甲社区居民', phone: '13900001111', regionCode: myOrg.region_code })).body;
  expect(myUnit.id).toBeGreaterThan(0);
  expect(myPerson.id).toBeGreaterThan(0);
});
afterAll(async () => t.close());

describe('a community worker and the neighbouring community', () => {
  it('cannot read, change, move, archive or staff a unit of the other community', async () => {
    const rs = [
      await other.get(`/api/orgs/${myUnit.id}`),
      await other.get(`/api/orgs/${myUnit.id}/history`),
      await other.get(`/api/orgs/${myUnit.id}/leaders`),
      await other.get(`/api/orgs/${myUnit.id}/staff`),
      await other.patch(`/api/orgs/${myUnit.id}`, { version: myUnit.version, name: '改名' }),
      await other.post(`/api/orgs/${myUnit.id}/move`, { newParentId: myUnit.id, version: myUnit.version }),
      await other.post(`/api/orgs/${myUnit.id}/archive`),
      await other.post(`/api/orgs/${myUnit.id}/restore`),
      await other.post(`/api/orgs/${myUnit.id}/leaders`, { personId: myPerson.id, post: '主席', termStart: '2026-01-01', staffingMode: 'part_time' }),
      await other.post(`/api/orgs/${myUnit.id}/staff`, { personId: myPerson.id, programme: 'union_social_worker', startedOn: '2026-01-01' }),
    ];
    for (const r of rs) {
      expect(r.status, r.text).toBe(404);
      expect(r.text).not.toContain('甲社区楼栋工会小组');
    }
  });

  it('cannot read, change or reveal a person of the other community', async () => {
    for (const r of [
      await other.get(`/api/people/${myPerson.id}`),
      await other.patch(`/api/people/${myPerson.id}`, { name: '改名' }),
      await other.post(`/api/people/${myPerson.id}/reveal`, { field: 'phone', purpose: '越权' }),
    ]) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('甲社区居民');
    }
  });

  it('does not find them in lists or exports', async () => {
    expect((await other.get(`/api/orgs?q=${encodeURIComponent('甲社区楼栋')}`)).body.total).toBe(0);
    expect((await other.get(`/api/people?q=${encodeURIComponent('甲社区居民')}`)).body.total).toBe(0);
    expect((await other.post('/api/people/lookup', { phone: '13900001111' })).body.items).toHaveLength(0);
    for (const url of ['/api/orgs/export', '/api/people/export']) {
      const r = await other.get(url);
      expect(r.status).toBe(200);
      expect(String(r.headers['content-disposition'])).toContain('attachment');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
      const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
      expect(text).not.toContain('甲社区');
      expect(text).not.toContain('13900001111');
    }
    const own = await mine.get('/api/people/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(own.raw as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('甲社区居民');
    expect(text).toContain('139****1111');
    expect(text).not.toContain('13900001111');
  });
});
