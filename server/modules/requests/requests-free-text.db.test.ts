import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../platform/validation/id-card.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

// Personal data typed into free text: stored masked beside an SM4 ciphertext, shown masked, revealed only when audited.
let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let communityRegion: string;
let phoneSeq = 0;
const nextPhone = () => `137${String(30_000_000 + ++phoneSeq * 7919).slice(-8)}`;

const idNumber = makeIdNumber('510104', '19880512', '237');
const typedPhone = '13987654321';
const card = '6222021234567890128';
const description = `公司拖欠工资三个月，我的身份证号${idNumber}，手机 ${typedPhone}，工资卡 ${card}，请尽快处理`;

async function orgOf(c: Client) {
  const me = await c.get('/api/auth/me');
  return (await c.get(`/api/orgs/${me.body.orgId}`)).body as { id: number; regionCode: string };
}

function wages(over: Record<string, unknown> = {}) {
  return {
    categoryCode: 'wages_owed',
    description,
    regionCode: communityRegion,
    contactName: '测试来电人',
    contactPhone: nextPhone(),
    channel: 'phone',
    fields: { employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' },
    ...over,
  };
}

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community] = await Promise.all([t.as('union.street'), t.as('union.street2'), t.as('union.community')]);
  communityRegion = (await orgOf(community)).regionCode;
});
afterAll(async () => t.close());

const stored = async (id: number) =>
  (
    await sql<{
      description: string;
      description_enc: Buffer | null;
      reply: string | null;
      reply_enc: Buffer | null;
    }>`SELECT description, description_enc, reply, reply_enc FROM requests WHERE id = ${id}`.execute(t.c.db)
  ).rows[0]!;

describe('free text with personal data in a request', () => {
  it('is stored masked with the full text encrypted, and shown masked in the list and the detail', async () => {
    const r = await street.post('/api/requests', wages());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const row = await stored(r.body.id);
    for (const secret of [idNumber, typedPhone, card]) {
      expect(row.description).not.toContain(secret);
      expect(Buffer.from(row.description_enc!).toString('latin1')).not.toContain(secret);
    }
    expect(row.description).toContain('139****4321');
    expect(row.description).toContain(`5101**********${idNumber.slice(-4)}`);
    expect(row.description).toContain('****0128');
    const detail = (await street.get(`/api/requests/${r.body.id}`)).body;
    expect(detail.description).toBe(row.description);
    // Nothing in the database holds the typed identifiers in the clear.
    const leaks = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM requests WHERE description LIKE ${'%' + typedPhone + '%'} OR description LIKE ${'%' + idNumber + '%'}`.execute(t.c.db);
    expect(leaks.rows[0]!.n).toBe(0);
  });

  it('reveals the full text for a stated purpose to the handling unit, audits it, and refuses a neighbouring unit', async () => {
    const r = await street.post('/api/requests', wages());
    const id = r.body.id as number;
    expect((await community.post(`/api/requests/${id}/accept`, { version: r.body.version })).status).toBe(200);
    const v = (await community.post(`/api/requests/${id}/respond`, { version: 2, note: `已电话联系 ${typedPhone}` })).body.version;
    const res = await community.post(`/api/requests/${id}/resolve`, { version: v, reply: `已协调发放，打入卡号 ${card}` });
    expect(res.status).toBe(200);
    const detail = (await community.get(`/api/requests/${id}`)).body;
    expect(detail.reply).toBe('已协调发放，打入卡号 ****0128');
    expect(JSON.stringify(detail)).not.toContain(typedPhone);
    expect((await stored(id)).reply).not.toContain(card);

    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'request.reveal'`.execute(t.c.db)).rows[0]!.n);
    const shown = await community.post(`/api/requests/${id}/reveal`, { purpose: '回访核实当事人信息' });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.description).toBe(description);
    expect(shown.body.reply).toBe(`已协调发放，打入卡号 ${card}`);
    expect(shown.body.notes).toContainEqual({ version: 3, note: `已电话联系 ${typedPhone}` });
    const after = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'request.reveal'`.execute(t.c.db)).rows[0]!.n);
    expect(after).toBe(before + 1);

    const foreign = await street2.post(`/api/requests/${id}/reveal`, { purpose: '越权查看' });
    expect(foreign.status).toBe(404);
    expect((await community.post(`/api/requests/${id}/reveal`, { purpose: '' })).status).toBe(400);
    const viewer = await t.as('viewer.district');
    expect((await viewer.post(`/api/requests/${id}/reveal`, { purpose: '查看' })).status).toBe(403);
  });

  it('masks what a citizen adds through the portal and what the requester sees', async () => {
    const phone = nextPhone();
    const r = await street.post('/api/requests', wages({ contactPhone: phone }));
    const info = await t.anonymous.post(`/api/portal/requests/${r.body.number}/info`, { phone, text: `补充：我爱人电话 ${typedPhone}` });
    expect(info.status).toBe(201);
    const view = await t.anonymous.get(`/api/portal/requests/${r.body.number}?phone=${phone}`);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).not.toContain(typedPhone);
    expect(JSON.stringify(view.body)).toContain('139****4321');
  });

  it('keeps duplicate detection working on the masked form', async () => {
    const a = await street.post('/api/requests', wages({ description: `工地拖欠农民工工资，联系人电话 ${typedPhone}，涉及二十人` }));
    const b = await street.post('/api/requests', wages({ description: `工地拖欠农民工工资，联系人电话 ${typedPhone}，涉及二十人。` }));
    expect(b.body.duplicateCandidates.map((x: { id: number }) => x.id)).toContain(a.body.id);
  });

  it('protects rows written before protection existed, once, at start', async () => {
    const r = await street.post('/api/requests', wages());
    const id = r.body.id as number;
    // A row as migration 0081 finds it: plaintext and no ciphertext.
    await sql`UPDATE requests SET description = ${description}, description_enc = NULL WHERE id = ${id}`.execute(t.c.db);
    await sql`UPDATE request_events SET note = ${'旧备注 ' + typedPhone}, note_enc = NULL WHERE request_id = ${id} AND version = 1`.execute(t.c.db);
    const done = await t.c.requests.protectStoredText();
    expect(done.requests).toBeGreaterThanOrEqual(1);
    expect(done.events).toBeGreaterThanOrEqual(1);
    expect((await stored(id)).description).not.toContain(typedPhone);
    const shown = await street.post(`/api/requests/${id}/reveal`, { purpose: '核对历史记录' });
    expect(shown.body.description).toBe(description);
    expect(shown.body.notes).toContainEqual({ version: 1, note: `旧备注 ${typedPhone}` });
    expect(await t.c.requests.protectStoredText()).toEqual({ requests: 0, events: 0 });
  });
});
