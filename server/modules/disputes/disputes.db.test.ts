import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let district: Client;
let women: Client;
let league: Client;
let courtJj: Client;
let courtQy: Client;
let hrJj: Client;
let justiceJj: Client;
let streetRegion: string;
const orgIds: Record<string, number> = {};
let seq = 0;

const CREDIT = makeCreditCode('91510104MA61XKQ7B');

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
}

function caseBody(over: Record<string, unknown> = {}) {
  seq++;
  return {
    regionCode: streetRegion,
    employerName: `成都测试建筑劳务有限公司${seq}`,
    employerCreditCode: CREDIT,
    facts: '三名职工反映2026年8月至10月工资被拖欠，共计五万余元。',
    workers: [
      { name: '测试职工甲', phone: `1390000${String(1000 + seq).slice(-4)}` },
      { name: '测试职工乙', phone: `1380000${String(1000 + seq).slice(-4)}` },
    ],
    claims: [
      { kind: 'wages', amount: 52_300.5, note: '三个月工资' },
      { kind: 'overtime', amount: 4_000 },
    ],
    ...over,
  };
}

async function open(c: Client = street, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/disputes', caseBody(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: string; version: number; status: string };
}

async function invite(c: Client, id: number, version: number, org: string) {
  const r = await c.post(`/api/disputes/${id}/invitations`, { version, orgId: orgIds[org], note: '请参与联合调解' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { version: number };
}

async function invitationOf(c: Client, id: number): Promise<{ inv: number; version: number }> {
  const r = await c.get(`/api/disputes/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { inv: r.body.myInvitationId, version: r.body.version };
}

async function auditRows(action: string, username: string, objectId: number) {
  return (
    await sql<{
      result: string;
    }>`SELECT result FROM audit_log WHERE action = ${action} AND actor_name = ${username} AND object_id = ${String(objectId)}`.execute(t.c.db)
  ).rows.map((r) => r.result);
}

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, district, women, league, courtJj, courtQy, hrJj, justiceJj] = (await Promise.all(
    [
      'union.street',
      'union.street2',
      'union.district',
      'women.street',
      'league.city',
      'court.jinjiang',
      'court.qingyang',
      'hr.jinjiang',
      'justice.jinjiang',
    ].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client, Client, Client];
  for (const [name, c] of Object.entries({ courtJj, courtQy, hrJj, justiceJj })) orgIds[name] = (await me(c)).orgId;
  streetRegion = (await me(street)).scope.regionPath.split('.').pop()!;
});
afterAll(async () => {
  await t?.close();
});

describe('labour-dispute joint mediation', () => {
  it('runs the whole flow from a request to a judicially confirmed agreement, each step an event', async () => {
    const before = (await street.get('/api/disputes/figures')).body;
    const community = (await t.c.db.selectFrom('regions').select('code').where('parent_code', '=', streetRegion).orderBy('code').executeTakeFirstOrThrow())
      .code;
    const req = await street.post('/api/requests', {
      categoryCode: 'wages_owed',
      description: '公司拖欠三个月工资未发放',
      regionCode: community,
      contactName: '测试来电人',
      contactPhone: '13912345678',
      channel: 'phone',
      fields: { employer: '成都测试建筑劳务有限公司', amount: 56300 },
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const opened = await street.post(
      '/api/disputes',
      { ...caseBody({ regionCode: undefined }), requestId: req.body.id },
      { headers: { 'idempotency-key': `dispute-flow-${Date.now()}` } },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const c = opened.body;
    expect(c.requestId).toBe(req.body.id);
    expect(c.regionCode).toBe(community);
    expect(c.number).toMatch(/^LD-\d{4}-\d{6}$/);
    expect(c.claimedTotal).toBe(56_300.5);
    expect(c.status).toBe('open');
    expect(c.workers.map((w: { nameMasked: string }) => w.nameMasked)).toEqual(['测****', '测****']);
    expect(c.workers[0].phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(c.factsMasked).toMatch(/\*\*\*$/);
    expect(JSON.stringify(c)).not.toContain('五万余元');

    let v = (await invite(street, c.id, c.version, 'courtJj')).version;
    const asCourt = await invitationOf(courtJj, c.id);
    expect(asCourt.inv).toBeGreaterThan(0);
    v = (await courtJj.post(`/api/disputes/${c.id}/invitations/${asCourt.inv}/accept`, { version: v })).body.version;
    const s = await courtJj.post(`/api/disputes/${c.id}/sessions`, {
      version: v,
      heldAt: '2026-11-20T02:00:00Z',
      place: '锦江区诉调对接中心',
      mediators: ['法官助理', '工会调解员'],
      notes: '用人单位同意分期支付',
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.status).toBe('mediating');
    const ag = await street.post(`/api/disputes/${c.id}/agreement`, { version: s.body.version, amount: 50_000, terms: '两个月内分两期支付50,000元' });
    expect(ag.status, JSON.stringify(ag.body)).toBe(200);
    expect(ag.body.status).toBe('agreed');
    const cf = await courtJj.post(`/api/disputes/${c.id}/confirm`, { version: ag.body.version, ref: '（2026）川0104民特1号' });
    expect(cf.status, JSON.stringify(cf.body)).toBe(200);
    expect(cf.body.status).toBe('confirmed');
    const cl = await street.post(`/api/disputes/${c.id}/close`, { version: cf.body.version, outcome: 'confirmed' });
    expect(cl.status, JSON.stringify(cl.body)).toBe(200);
    expect(cl.body).toMatchObject({ status: 'closed', outcome: 'confirmed', version: 7 });

    const d = (await street.get(`/api/disputes/${c.id}`)).body;
    expect(d.events.map((e: { kind: string }) => e.kind)).toEqual(['open', 'invite', 'accept', 'session', 'agreement', 'confirm', 'close']);
    expect(d.events.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(d.events.every((e: { actorName: string | null; at: string }) => e.actorName && e.at)).toBe(true);
    expect(d.agreedAmount).toBe(50_000);
    expect(d.confirmedByOrgName).toContain('锦江区人民法院');
    expect(d.sessions).toHaveLength(1);
    expect(d.sessions[0].hasNotes).toBe(true);

    // The facts and notes are encrypted at rest and revealed for a purpose, audited.
    const raw = (await sql<{ f: Buffer }>`SELECT facts_enc AS f FROM dispute_cases WHERE id = ${c.id}`.execute(t.c.db)).rows[0]!.f;
    expect(Buffer.from(raw).toString('utf8')).not.toContain('工资');
    const rv = await street.post(`/api/disputes/${c.id}/reveal`, { purpose: '调解准备' });
    expect(rv.status).toBe(200);
    expect(rv.body.facts).toContain('五万余元');
    expect(rv.body.sessions[0].notes).toBe('用人单位同意分期支付');
    expect(await auditRows('dispute.reveal', 'union.street', c.id)).toEqual(['ok']);

    const after = (await street.get('/api/disputes/figures')).body;
    expect(after.total).toBe(before.total + 1);
    expect(after.success).toBe(before.success + 1);
    expect(after.byOutcome.find((o: { outcome: string }) => o.outcome === 'confirmed').count).toBe(
      before.byOutcome.find((o: { outcome: string }) => o.outcome === 'confirmed').count + 1,
    );
    expect(after.successRate).toBeCloseTo(after.success / after.closed, 4);
    // Every court read was audited.
    expect((await auditRows('dispute.read', 'court.jinjiang', c.id)).length).toBeGreaterThan(0);
  });

  it('refuses a partner agency on a case it was not invited to, and audits the refusal', async () => {
    const c = await open();
    const v = (await invite(street, c.id, c.version, 'courtJj')).version;
    const { inv } = await invitationOf(courtJj, c.id);
    expect((await courtQy.get(`/api/disputes/${c.id}`)).status).toBe(404);
    expect((await courtQy.post(`/api/disputes/${c.id}/invitations/${inv}/accept`, { version: v })).status).toBe(404);
    expect((await courtQy.post(`/api/disputes/${c.id}/sessions`, { version: v, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: ['y'] })).status).toBe(
      404,
    );
    expect((await courtQy.post(`/api/disputes/${c.id}/reveal`, { purpose: '查看' })).status).toBe(404);
    const list = (await courtQy.get('/api/disputes', { query: { pageSize: '200' } })).body;
    expect(list.items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect(await auditRows('dispute.read', 'court.qingyang', c.id)).toEqual(['denied']);
    // The invited court sees it while pending, but may not act before accepting nor read the facts.
    expect((await courtJj.get(`/api/disputes/${c.id}`)).status).toBe(200);
    expect(
      (await courtJj.post(`/api/disputes/${c.id}/sessions`, { version: v, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: ['y'] })).body.error.code,
    ).toBe('FORBIDDEN');
    expect((await courtJj.post(`/api/disputes/${c.id}/reveal`, { purpose: '查看' })).status).toBe(404);
    // Partner staff have no access to figures, exports or opening cases.
    expect((await courtJj.get('/api/disputes/figures')).status).toBe(403);
    expect((await courtJj.get('/api/disputes/export')).status).toBe(403);
    expect((await courtJj.post('/api/disputes', caseBody())).status).toBe(403);
  });

  it('refuses a partner once its invitation is withdrawn or declined', async () => {
    const c = await open();
    let v = (await invite(street, c.id, c.version, 'hrJj')).version;
    const { inv } = await invitationOf(hrJj, c.id);
    v = (await hrJj.post(`/api/disputes/${c.id}/invitations/${inv}/accept`, { version: v })).body.version;
    expect((await hrJj.get('/api/disputes', { query: { invited: 'true', pageSize: '200' } })).body.items.map((x: { id: number }) => x.id)).toContain(c.id);
    const w = await street.post(`/api/disputes/${c.id}/invitations/${inv}/withdraw`, { version: v, reason: '另行处理' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect((await hrJj.get(`/api/disputes/${c.id}`)).status).toBe(404);
    expect(
      (await hrJj.post(`/api/disputes/${c.id}/sessions`, { version: w.body.version, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: ['y'] })).status,
    ).toBe(404);
    expect((await hrJj.get('/api/disputes', { query: { pageSize: '200' } })).body.items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect(await auditRows('dispute.read', 'hr.jinjiang', c.id)).toContain('denied');
    // A withdrawn invitation cannot be withdrawn again; the bureau can be invited anew.
    expect((await street.post(`/api/disputes/${c.id}/invitations/${inv}/withdraw`, { version: w.body.version })).body.error.code).toBe('INVALID_STATE');
    v = (await invite(street, c.id, w.body.version, 'hrJj')).version;
    // A decline needs a reason and ends access too.
    const again = await invitationOf(hrJj, c.id);
    expect((await hrJj.post(`/api/disputes/${c.id}/invitations/${again.inv}/decline`, { version: v })).status).toBe(400);
    const dec = await hrJj.post(`/api/disputes/${c.id}/invitations/${again.inv}/decline`, { version: v, reason: '不属于本单位职责' });
    expect(dec.status, JSON.stringify(dec.body)).toBe(200);
    expect((await hrJj.get(`/api/disputes/${c.id}`)).status).toBe(404);
    const d = (await street.get(`/api/disputes/${c.id}`)).body;
    expect(d.invitations.map((i: { status: string }) => i.status)).toEqual(['withdrawn', 'declined']);
    expect(d.invitations[1].reason).toBe('不属于本单位职责');
  });

  it("refuses a neighbouring street's union on every endpoint, and keeps the case out of its lists, figures and export", async () => {
    const c = await open();
    const before2 = (await street2.get('/api/disputes/figures')).body.total;
    expect((await street2.get(`/api/disputes/${c.id}`)).status).toBe(404);
    const body = { version: c.version };
    for (const [url, b] of [
      [`/api/disputes/${c.id}/invitations`, { ...body, orgId: orgIds.courtJj }],
      [`/api/disputes/${c.id}/sessions`, { ...body, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: ['y'] }],
      [`/api/disputes/${c.id}/agreement`, { ...body, amount: 1, terms: 'x' }],
      [`/api/disputes/${c.id}/refer`, { ...body, kind: 'arbitration' }],
      [`/api/disputes/${c.id}/close`, { ...body, outcome: 'withdrawn' }],
      [`/api/disputes/${c.id}/reveal`, { purpose: '查看' }],
      [`/api/disputes/${c.id}/invitations/1/withdraw`, body],
    ] as const) {
      const r = await street2.post(url, b);
      expect(r.status, `${url} ${JSON.stringify(r.body)}`).toBe(404);
    }
    expect((await street2.get('/api/disputes', { query: { q: c.number } })).body.total).toBe(0);
    expect((await street.get('/api/disputes', { query: { q: c.number } })).body.total).toBe(1);
    // The district above sees it; the figures of the neighbour do not count it.
    expect((await district.get(`/api/disputes/${c.id}`)).status).toBe(200);
    expect((await street2.get('/api/disputes/figures')).body.total).toBe(before2);
    const x = await street2.get('/api/disputes/export', { query: { q: c.number } });
    expect(x.status).toBe(200);
    expect(x.raw.includes(Buffer.from(c.number))).toBe(false);
    const mine = await street.get('/api/disputes/export', { query: { q: c.number } });
    expect(mine.status).toBe(200);
    expect(String(mine.headers['content-type'])).toContain('spreadsheetml');
  });

  it('enforces the state machine, the sides and optimistic concurrency', async () => {
    const c = await open(women);
    // Confirmation needs an agreement and a court; a referral and close need the opener.
    let v = (await invite(women, c.id, c.version, 'justiceJj')).version;
    const { inv } = await invitationOf(justiceJj, c.id);
    v = (await justiceJj.post(`/api/disputes/${c.id}/invitations/${inv}/accept`, { version: v })).body.version;
    expect((await justiceJj.post(`/api/disputes/${c.id}/invitations/${inv}/accept`, { version: v })).body.error.code).toBe('INVALID_STATE');
    expect((await women.post(`/api/disputes/${c.id}/close`, { version: v, outcome: 'mediated' })).body.error.code).toBe('INVALID_STATE');
    const stale = await women.post(`/api/disputes/${c.id}/agreement`, { version: v - 1, amount: 100, terms: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const ag = await justiceJj.post(`/api/disputes/${c.id}/agreement`, { version: v, amount: 100, terms: '当场支付' });
    expect(ag.status, JSON.stringify(ag.body)).toBe(200);
    v = ag.body.version;
    expect((await justiceJj.post(`/api/disputes/${c.id}/confirm`, { version: v })).body.error.code).toBe('FORBIDDEN');
    expect(
      (await women.post(`/api/disputes/${c.id}/sessions`, { version: v, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: ['y'] })).body.error.code,
    ).toBe('INVALID_STATE');
    expect((await women.post(`/api/disputes/${c.id}/refer`, { version: v, kind: 'litigation' })).body.error.code).toBe('INVALID_STATE');
    expect((await women.post(`/api/disputes/${c.id}/close`, { version: v, outcome: 'confirmed' })).body.error.code).toBe('INVALID_STATE');
    const cl = await women.post(`/api/disputes/${c.id}/close`, { version: v, outcome: 'mediated' });
    expect(cl.status, JSON.stringify(cl.body)).toBe(200);
    expect((await women.post(`/api/disputes/${c.id}/invitations`, { version: cl.body.version, orgId: orgIds.courtJj })).body.error.code).toBe('INVALID_STATE');
    // A referral leads to arbitrated or litigated.
    const r = await open();
    const rf = await street.post(`/api/disputes/${r.id}/refer`, { version: r.version, kind: 'arbitration', note: '转仲裁' });
    expect(rf.body.status).toBe('referred');
    expect((await street.post(`/api/disputes/${r.id}/close`, { version: rf.body.version, outcome: 'mediated' })).body.error.code).toBe('INVALID_STATE');
    expect((await street.post(`/api/disputes/${r.id}/close`, { version: rf.body.version, outcome: 'arbitrated' })).body.outcome).toBe('arbitrated');
    // Concurrent steps on one version: exactly one wins, the history stays gapless.
    const k = await open();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        street.post(`/api/disputes/${k.id}/sessions`, { version: k.version, heldAt: '2026-11-20T02:00:00Z', place: `调解室${i}`, mediators: ['调解员'] }),
      ),
    );
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status === 409).every((x) => x.body.error.code === 'STALE_VERSION')).toBe(true);
    expect((await street.get(`/api/disputes/${k.id}`)).body.events.map((e: { version: number }) => e.version)).toEqual([1, 2]);
  });

  it('lets the union and the women’s federation open cases, not other organizations', async () => {
    expect((await league.post('/api/disputes', caseBody({ regionCode: '510104' }))).status).toBe(403);
    // Without a request or a region, the case lies in the opening unit's own region.
    const own = await street.post('/api/disputes', caseBody({ regionCode: undefined }));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.regionCode).toBe(streetRegion);
    // A region outside the opener's subtree is refused.
    const out = await street.post('/api/disputes', caseBody({ regionCode: '510105' }));
    expect(out.status).toBe(400);
    expect(out.body.error.field).toBe('regionCode');
    // A request the opener cannot see is a 404 naming requestId.
    const r = await street2.post('/api/disputes', { ...caseBody({ regionCode: undefined }), requestId: 999_999_999 });
    expect(r.status).toBe(404);
    expect(r.body.error.field).toBe('requestId');
  });

  it('answers bad input on every endpoint with a stable 4xx code naming the field, never a 500, and writes nothing', async () => {
    const c = await open();
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dispute_cases`.execute(t.c.db)).rows[0]!.n;
    const n0 = await count();
    const cases: Array<[Client, 'get' | 'post', string, unknown, string, string | undefined]> = [
      [street, 'get', '/api/disputes?status=bogus', undefined, 'VALIDATION', 'querystring/status'],
      [street, 'get', '/api/disputes?from=2026-13-01', undefined, 'VALIDATION', undefined],
      [street, 'get', '/api/disputes?from=2026-05-01&to=2026-04-01', undefined, 'VALIDATION', 'to'],
      [street, 'get', '/api/disputes?sort=drop', undefined, 'VALIDATION', undefined],
      [street, 'get', '/api/disputes?regionCode=999999', undefined, 'VALIDATION', 'regionCode'],
      [street, 'get', '/api/disputes/export?outcome=nope', undefined, 'VALIDATION', undefined],
      [street, 'get', '/api/disputes/figures?from=x', undefined, 'VALIDATION', undefined],
      [street, 'get', '/api/disputes/0', undefined, 'VALIDATION', undefined],
      [street, 'get', '/api/disputes/abc', undefined, 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ employerCreditCode: '91510104MA61XKQ7BX' }), 'VALIDATION', 'employerCreditCode'],
      [street, 'post', '/api/disputes', caseBody({ employerName: '' }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ workers: [] }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ workers: [{ phone: '13900001111' }] }), 'VALIDATION', 'workers.0.name'],
      [street, 'post', '/api/disputes', caseBody({ workers: [{ name: '某某', phone: '12345' }] }), 'VALIDATION', 'workers.0.phone'],
      [street, 'post', '/api/disputes', caseBody({ workers: [{ name: '某某', idNumber: '510104199001011235' }] }), 'VALIDATION', 'workers.0.idNumber'],
      [street, 'post', '/api/disputes', caseBody({ claims: [] }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ claims: [{ kind: 'bribe', amount: 1 }] }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ claims: [{ kind: 'wages', amount: -1 }] }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ claims: [{ kind: 'wages', amount: 1.005 }] }), 'VALIDATION', 'claims.0.amount'],
      [street, 'post', '/api/disputes', caseBody({ extra: 1 }), 'VALIDATION', undefined],
      [street, 'post', '/api/disputes', caseBody({ regionCode: '5101' }), 'VALIDATION', 'regionCode'],
      [street, 'post', `/api/disputes/${c.id}/reveal`, { purpose: '' }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/invitations`, { version: c.version }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/invitations`, { version: c.version, orgId: (await me(street)).orgId }, 'VALIDATION', 'orgId'],
      [street, 'post', `/api/disputes/${c.id}/invitations`, { version: c.version, orgId: 999_999_999 }, 'NOT_FOUND', 'orgId'],
      [street, 'post', `/api/disputes/${c.id}/invitations/999999/withdraw`, { version: c.version }, 'NOT_FOUND', 'invitationId'],
      [courtJj, 'post', `/api/disputes/${c.id}/invitations/1/accept`, {}, 'VALIDATION', undefined],
      [courtJj, 'post', `/api/disputes/${c.id}/invitations/1/decline`, { version: 1, reason: '' }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/sessions`, { version: c.version, heldAt: 'yesterday', place: 'x', mediators: ['y'] }, 'VALIDATION', undefined],
      [
        street,
        'post',
        `/api/disputes/${c.id}/sessions`,
        { version: c.version, heldAt: '2026-11-20T02:00:00Z', place: '   ', mediators: ['y'] },
        'VALIDATION',
        'place',
      ],
      [
        street,
        'post',
        `/api/disputes/${c.id}/sessions`,
        { version: c.version, heldAt: '2026-11-20T02:00:00Z', place: 'x', mediators: [] },
        'VALIDATION',
        undefined,
      ],
      [street, 'post', `/api/disputes/${c.id}/agreement`, { version: c.version, amount: 'lots', terms: 'x' }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/agreement`, { version: c.version, amount: 10, terms: '  ' }, 'VALIDATION', 'terms'],
      [courtJj, 'post', `/api/disputes/${c.id}/confirm`, { version: 0 }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/refer`, { version: c.version, kind: 'mediation' }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/close`, { version: c.version, outcome: 'won' }, 'VALIDATION', undefined],
      [street, 'post', `/api/disputes/${c.id}/close`, { version: c.version + 5, outcome: 'withdrawn' }, 'STALE_VERSION', 'version'],
    ];
    for (const [client, method, url, body, code, field] of cases) {
      const r = method === 'get' ? await client.get(url) : await client.post(url, body);
      expect(r.status, `${method} ${url} ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${url}`).toBeLessThan(500);
      expect(r.body.error.code, `${method} ${url} ${JSON.stringify(r.body)}`).toBe(code);
      if (field) expect(r.body.error.field, `${method} ${url}`).toContain(field.split('/').pop());
      expect(r.body.error.message.length).toBeGreaterThan(0);
    }
    const en = await street.post('/api/disputes', caseBody({ employerCreditCode: 'bad' }), { headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toContain('employerCreditCode');
    expect(await count()).toBe(n0);
    expect((await street.get(`/api/disputes/${c.id}`)).body.version).toBe(c.version);
  });

  it('honours Idempotency-Key on opening a case', async () => {
    const key = `dispute-idem-${Date.now()}`;
    const body = caseBody();
    const a = await street.post('/api/disputes', body, { headers: { 'idempotency-key': key } });
    const b = await street.post('/api/disputes', body, { headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await street.get('/api/disputes', { query: { q: body.employerName as string } })).body.total).toBe(1);
  });

  it('computes figures from the records of the scope: by outcome, district and month', async () => {
    const f = (await district.get('/api/disputes/figures')).body;
    const counted = (
      await sql<{ n: number; ok: number; closed: number }>`SELECT count(*)::int AS n,
        count(*) FILTER (WHERE d.outcome IN ('mediated', 'confirmed'))::int AS ok, count(*) FILTER (WHERE d.status = 'closed')::int AS closed
      FROM dispute_cases d JOIN orgs o ON o.id = d.org_id JOIN accounts a ON a.username_norm = 'union.district' JOIN orgs ao ON ao.id = a.org_id
      WHERE o.path <@ ao.path`.execute(t.c.db)
    ).rows[0]!;
    expect(f.total).toBe(counted.n);
    expect(f.success).toBe(counted.ok);
    expect(f.closed).toBe(counted.closed);
    expect(f.byDistrict.reduce((s: number, d: { total: number }) => s + d.total, 0)).toBe(counted.n);
    expect(f.byMonth.reduce((s: number, d: { total: number }) => s + d.total, 0)).toBe(counted.n);
    expect(f.byOutcome.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(counted.closed);
    expect(f.byDistrict.map((d: { districtName: string }) => d.districtName)).toContain('锦江区');
  });
});
