import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let street: Client;
let neighbour: Client;
let community: Client;

beforeAll(async () => {
  t = await setupTestEnv();
  street = await t.as('union.street');
  neighbour = await t.as('union.street2');
  community = await t.as('union.community');
});
afterAll(async () => t.close());

describe('campaigns console', () => {
  it('the owner edits a campaign and hands it to a unit below; a neighbouring street is refused; audited', async () => {
    const made = await street.post('/api/campaigns', { code: 'street_reading_month', name: '职工读书月', startsOn: '2030-04-01', endsOn: '2030-04-30' });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    expect((await neighbour.patch(`/api/campaigns/${id}`, { name: '改名' })).status).toBe(404);
    expect((await street.patch(`/api/campaigns/${id}`, { endsOn: '2030-03-01' })).body.error.field).toBe('body.endsOn');
    const neighbourOrg = (await neighbour.get('/api/auth/me')).body.orgId;
    const foreign = await street.patch(`/api/campaigns/${id}`, { ownerOrgId: neighbourOrg });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('body.ownerOrgId');

    const r = await street.patch(`/api/campaigns/${id}`, { name: '职工读书月（第二季）', description: '全街道职工读书分享', endsOn: '2030-05-31' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: '职工读书月（第二季）', endsOn: '2030-05-31', startsOn: '2030-04-01' });
    const communityOrg = (await community.get('/api/auth/me')).body.orgId;
    const handed = await street.patch(`/api/campaigns/${id}`, { ownerOrgId: communityOrg });
    expect(handed.status).toBe(200);
    expect(handed.body.ownerOrgId).toBe(communityOrg);
    // Owned below the street now: the street, a unit above the owner, still edits it.
    expect((await street.patch(`/api/campaigns/${id}`, { description: '社区接手' })).status).toBe(200);
    const n = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'campaign.update' AND object_id = ${String(id)}`.execute(t.c.db)
    ).rows[0]!.n;
    expect(n).toBe(3);
    expect((await street.patch('/api/campaigns/99999999', { name: 'x' })).status).toBe(404);
  });
});
