import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { ageOn } from './leader-breakdown.js';

let t: TestEnv;
let district: Client;
let street: Client;
let neighbour: Client;

beforeAll(async () => {
  t = await setupTestEnv();
  district = await t.as('union.district');
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
});
afterAll(async () => t.close());

describe('leadership composition', () => {
  it('rolls the units below up and adds up to the total; the parts match the members', async () => {
    const r = await district.get('/api/leadership/breakdown');
    expect(r.status).toBe(200);
    const { rows, total } = r.body;
    expect(rows[0].own).toBe(true);
    expect(total.members).toBeGreaterThan(0);
    const sum = (k: string) => rows.reduce((s: number, x: Record<string, number>) => s + x[k]!, 0);
    for (const k of ['members', 'male', 'female', 'fullTime', 'seconded', 'partTime', 'frontline', 'ageUnder35', 'postgraduate'])
      expect(sum(k), k).toBe(total[k]);
    expect(total.ageUnder35 + total.age35to44 + total.age45to54 + total.age55plus + total.ageUnknown).toBe(total.members);
    expect(total.postgraduate + total.bachelor + total.college + total.secondary + total.educationUnknown).toBe(total.members);
    expect(total.fullTime + total.seconded + total.partTime).toBe(total.members);
    // The database agrees on the number of current members below the district.
    const me = (await district.get('/api/auth/me')).body.orgId;
    const n = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM leadership_members l JOIN orgs o ON o.id = l.org_id
        WHERE o.path <@ (SELECT path FROM orgs WHERE id = ${me}) AND o.status = 'active' AND (l.term_end IS NULL OR l.term_end >= current_date)`.execute(t.c.db)
    ).rows[0]!.n;
    expect(total.members).toBe(n);
  });

  it('one street, from the district; a neighbouring street is refused', async () => {
    const streetOrg = (await street.get('/api/auth/me')).body.orgId;
    const one = await district.get(`/api/leadership/breakdown?orgId=${streetOrg}`);
    expect(one.status).toBe(200);
    expect(one.body.root.id).toBe(streetOrg);
    const refused = await neighbour.get(`/api/leadership/breakdown?orgId=${streetOrg}`);
    expect(refused.status).toBe(404);
    expect((await neighbour.get(`/api/leadership/breakdown/export?orgId=${streetOrg}`)).status).toBe(404);
  });

  it('counts a leader saved with an education level, and again after it is changed; a neighbouring street cannot change it', async () => {
    const streetOrg = (await street.get('/api/auth/me')).body.orgId;
    const region = (await street.get(`/api/orgs/${streetOrg}`)).body.regionCode;
    const counts = async () => (await district.get(`/api/leadership/breakdown?orgId=${streetOrg}`)).body.total as Record<string, number>;
    const before = await counts();
    const termStart = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const body = { person: { name: '学历测试', phone: '13990001234', regionCode: region }, post: '副主席', termStart, staffingMode: 'full_time' };
    const bad = await street.post(`/api/orgs/${streetOrg}/leaders`, { ...body, education: 'doctorate' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('education');
    const added = await street.post(`/api/orgs/${streetOrg}/leaders`, { ...body, education: 'postgraduate' });
    expect(added.status).toBe(201);
    const id = added.body.id as number;
    const listed = (await street.get(`/api/orgs/${streetOrg}/leaders`)).body.items.find((l: { id: number }) => l.id === id);
    expect(listed.education).toBe('postgraduate');
    const after = await counts();
    expect(after.members).toBe(before.members! + 1);
    expect(after.postgraduate).toBe(before.postgraduate! + 1);
    expect(after.educationUnknown).toBe(before.educationUnknown);

    expect((await neighbour.patch(`/api/leaders/${id}`, { education: 'college' })).status).toBe(404);
    expect((await street.patch(`/api/leaders/${id}`, { education: 'primary' })).status).toBe(400);
    const early = await street.patch(`/api/leaders/${id}`, { termEnd: '2000-01-01' });
    expect(early.status).toBe(400);
    expect(early.body.error.field).toBe('termEnd');
    expect((await street.patch(`/api/leaders/${id}`, { education: 'college', post: '常务副主席' })).status).toBe(200);
    const changed = await counts();
    expect(changed.postgraduate).toBe(before.postgraduate);
    expect(changed.college).toBe(before.college! + 1);
    const audit = (
      await sql<{ detail: { fields: string[] } }>`SELECT detail FROM audit_log WHERE action = 'leader.edit' AND object_id = ${String(id)}`.execute(t.c.db)
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail.fields.sort()).toEqual(['education', 'post']);
  });

  it('exports the table as Excel, audited', async () => {
    const r = await district.get('/api/leadership/breakdown/export');
    expect(r.status).toBe(200);
    expect(r.raw.subarray(0, 2).toString()).toBe('PK');
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'leadership.export'`.execute(t.c.db)).rows[0]!.n;
    expect(n).toBe(1);
  });

  it('computes ages by birthday', () => {
    expect(ageOn('1990-06-15', '2025-06-14')).toBe(34);
    expect(ageOn('1990-06-15', '2025-06-15')).toBe(35);
  });
});
