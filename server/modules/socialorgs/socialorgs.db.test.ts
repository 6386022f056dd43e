import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { makeIdNumber } from '../../platform/validation/id-card.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let city: Client;
let district: Client;
let street: Client;
let street2: Client;
let women: Client;
let sorgA: Client;
let sorgB: Client;
let sorgHub: Client;
let streetCode = '';
let seq = 0;

const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const day = (offset: number) => new Date(Date.now() + 8 * hour + offset * 86_400_000).toISOString().slice(0, 10);

async function me(c: Client) {
  const b = (await c.get('/api/auth/me')).body as { id: number; orgId: number; scope: { regionPath: string } };
  return { ...b, accountId: b.id };
}
async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}

function callBody(over: Record<string, unknown> = {}) {
  seq++;
  return {
    title: `测试购买服务项目${seq}`,
    description: '职工服务',
    budget: 100000,
    areaCode: '510104',
    targetGroups: ['workers'],
    criteria: [
      { key: 'plan', label: '服务方案', weight: 60 },
      { key: 'team', label: '团队能力', weight: 40 },
    ],
    deadline: day(10),
    ...over,
  };
}

/** A call by the city union, published with the given panel. */
async function openCall(panel: Client[], over: Record<string, unknown> = {}) {
  const c = await city.post('/api/sorg-calls', callBody(over));
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const p = await city.post(`/api/sorg-calls/${c.body.id}/publish`, { version: c.body.version });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  const ids = await Promise.all(panel.map(async (x) => (await me(x)).accountId));
  const s = await city.put(`/api/sorg-calls/${c.body.id}/panel`, { accountIds: ids });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return s.body as { id: number; version: number };
}

async function apply(c: Client, callId: number, amount = 90000) {
  const r = await c.post(`/api/sorg-calls/${callId}/applications`, { title: '职工关爱行动', proposal: '每月两场讲座', amount, documents: ['申报书.pdf'] });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}

async function toReview(callId: number) {
  const v = (await city.get(`/api/sorg-calls/${callId}`)).body.version;
  const r = await city.post(`/api/sorg-calls/${callId}/review`, { version: v });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

beforeAll(async () => {
  t = await setupTestEnv();
  [city, district, street, street2, women, sorgA, sorgB, sorgHub] = (await Promise.all(
    ['union.city', 'union.district', 'union.street', 'union.street2', 'women.city', 'sorg.a', 'sorg.b', 'sorg.hub'].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client, Client];
  streetCode = (await me(street)).scope.regionPath.split('.').pop()!;
});
afterAll(async () => {
  await t?.close();
});

describe('social organization registry', () => {
  it('validates the credit code (GB 32100), registers with a partner organization, and masks the contact', async () => {
    const base = {
      name: '测试社工服务中心',
      regType: 'social_service',
      authority: '锦江区民政局',
      registeredOn: day(-100),
      domain: 'labour',
      regionCode: streetCode,
      serviceAreas: [streetCode],
    };
    const bad = await city.post('/api/social-orgs', { ...base, creditCode: '52510104MJ0000001X' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toContain('creditCode');
    // A valid code of another kind of organization (51: an association) does not fit a social service organization.
    const association = await city.post(
      '/api/social-orgs',
      { ...base, creditCode: makeCreditCode('51510104MJ7000009') },
      { headers: { 'accept-language': 'en' } },
    );
    expect(association.status).toBe(400);
    expect(association.body.error).toMatchObject({ code: 'VALIDATION', field: 'creditCode' });
    expect(association.body.error.message).toContain('registration type');
    const code = makeCreditCode('52510104MJ7000001');
    const broken = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect((await city.post('/api/social-orgs', { ...base, creditCode: broken })).status).toBe(400);
    const ok = await city.post('/api/social-orgs', { ...base, creditCode: code.toLowerCase(), contact: { name: '王小红', phone: '13812345678' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.creditCode).toBe(code);
    expect(ok.body.contactNameMasked).toBe('王**');
    expect(JSON.stringify(ok.body)).not.toContain('13812345678');
    expect(JSON.stringify(ok.body)).not.toContain('王小红');
    const org = (await sql<{ type_code: string }>`SELECT type_code FROM orgs WHERE id = ${ok.body.orgId}`.execute(t.c.db)).rows[0]!;
    expect(org.type_code).toBe('social_org');
    expect(await audited('sorg.register', ok.body.id)).toBe(1);
    const dup = await city.post('/api/social-orgs', { ...base, creditCode: code });
    expect(dup.status).toBe(409);
    // The neighbouring street does not see an organization registered in this street.
    expect((await street2.get(`/api/social-orgs/${ok.body.id}`)).status).toBe(404);
    expect((await street.get(`/api/social-orgs/${ok.body.id}`)).status).toBe(200);
    expect((await street2.patch(`/api/social-orgs/${ok.body.id}`, { version: ok.body.version, rating: '5A' })).status).toBe(404);
    const up = await city.patch(`/api/social-orgs/${ok.body.id}`, { version: ok.body.version, rating: '4A' });
    expect(up.body.rating).toBe('4A');
  });

  it('flags documents close to expiry, runs federation membership and incubation', async () => {
    const list = (await city.get('/api/social-orgs?expiring=true')).body.items as Array<{ name: string; expiringDocuments: number }>;
    expect(list.find((s) => s.name === '锦江区益工社会工作服务中心')?.expiringDocuments).toBe(1);
    const hub = (await city.get('/api/social-orgs?q=联合会')).body.items[0];
    const detail = (await city.get(`/api/social-orgs/${hub.id}`)).body;
    expect(detail.members.filter((m: { leftOn: string | null }) => m.leftOn === null)).toHaveLength(2);
    const gone = detail.members.find((m: { leftOn: string | null }) => m.leftOn !== null);
    const rejoin = await city.post(`/api/social-orgs/${hub.id}/members`, { memberId: gone.memberId });
    expect(rejoin.status, JSON.stringify(rejoin.body)).toBe(201);
    expect((await city.post(`/api/social-orgs/${hub.id}/members`, { memberId: gone.memberId })).status).toBe(409);
    const open = rejoin.body.members.find((m: { memberId: number; leftOn: string | null }) => m.memberId === gone.memberId && m.leftOn === null);
    expect((await street2.post(`/api/sorg-memberships/${open.id}/leave`, {})).status).toBe(404);
    expect((await city.post(`/api/sorg-memberships/${open.id}/leave`, {})).status).toBe(200);

    const w = (await women.get('/api/social-orgs?domain=women_children')).body.items[0];
    const inc = (await women.get(`/api/social-orgs/${w.id}`)).body.incubations[0];
    expect(inc.phase).toBe('growing');
    expect((await city.patch(`/api/sorg-incubations/${inc.id}`, { version: inc.version, phase: 'graduated' })).status).toBe(404);
    const grad = await women.patch(`/api/sorg-incubations/${inc.id}`, { version: inc.version, phase: 'graduated' });
    expect(grad.body).toMatchObject({ phase: 'graduated', graduatedOn: day(0) });
  });

  it('reminds the organization and the unit keeping its record before a document expires, once per stage', async () => {
    const sorg = (await city.get('/api/social-orgs?q=益工')).body.items[0];
    const title = `年度检查结论${Date.now()}`;
    const added = await city.post(`/api/social-orgs/${sorg.id}/documents`, { kind: 'annual_inspection', title, expiresOn: day(20) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const sent = async () =>
      (
        await sql<{
          kind: string;
          org: number;
          key: string;
        }>`SELECT payload->>'kind' AS kind, (payload->'to'->>'orgId')::int AS org, payload->>'eventKey' AS key
          FROM jobs WHERE kind = 'notifications.deliver' AND payload->'params'->>'title' = ${title} ORDER BY id`.execute(t.c.db)
      ).rows;
    const orgs = (
      await sql<{
        org_id: number;
        keeper_org_id: number;
      }>`SELECT org_id::int AS org_id, keeper_org_id::int AS keeper_org_id FROM sorg_orgs WHERE id = ${sorg.id}`.execute(t.c.db)
    ).rows[0]!;

    // 20 days before: the 30-day reminder, to the organization's staff and to the keeper, in their transaction.
    await t.c.socialorgs.sendDocumentReminders(day(0));
    expect(await sent()).toEqual(
      [orgs.org_id, orgs.keeper_org_id].map((org) => ({
        kind: 'sorg.document_expiring',
        org,
        key: expect.stringMatching(/^sorg\.document_expiring:\d+:30$/) as unknown as string,
      })),
    );
    // The next day's run sends nothing new; six days before, the 7-day one; on the day, that it has expired.
    await t.c.socialorgs.sendDocumentReminders(day(1));
    expect(await sent()).toHaveLength(2);
    await t.c.socialorgs.sendDocumentReminders(day(14));
    expect((await sent()).map((r) => r.key.split(':').pop())).toEqual(['30', '30', '7', '7']);
    await t.c.socialorgs.sendDocumentReminders(day(20));
    await t.c.socialorgs.sendDocumentReminders(day(40));
    const all = await sent();
    expect(all.map((r) => r.kind).slice(4)).toEqual(['sorg.document_expired', 'sorg.document_expired']);
    expect(all).toHaveLength(6);
  });

  it('a social organization sees only its own record', async () => {
    const mine = (await sorgA.get('/api/social-orgs/mine')).body;
    expect(mine.name).toBe('锦江区益工社会工作服务中心');
    expect((await sorgA.get(`/api/social-orgs/${mine.id}`)).status).toBe(403);
    expect((await sorgA.get('/api/social-orgs')).status).toBe(403);
  });
});

describe('purchased services: call → application → review → contract → delivery → evaluation', () => {
  it('runs the whole path, every decision audited', async () => {
    const call = await openCall([district, street]);
    // Weights must sum to 100.
    const badWeights = await city.post('/api/sorg-calls', callBody({ criteria: [{ key: 'plan', label: '方案', weight: 50 }] }));
    expect(badWeights.status).toBe(400);
    expect(badWeights.body.error.field).toBe('criteria');
    // The organization in 锦江区 sees the call; the one in 青羊区 does not.
    expect((await sorgA.get('/api/sorg-calls')).body.items.map((c: { id: number }) => c.id)).toContain(call.id);
    expect((await sorgB.get(`/api/sorg-calls/${call.id}`)).status).toBe(404);
    expect((await sorgB.post(`/api/sorg-calls/${call.id}/applications`, { title: '申请', proposal: '方案', amount: 1000 })).status).toBe(404);
    const over = await sorgA.post(`/api/sorg-calls/${call.id}/applications`, { title: '职工关爱行动', proposal: '方案', amount: 200000 });
    expect(over.status).toBe(400);
    const app = await apply(sorgA, call.id);
    const app2 = await apply(sorgHub, call.id, 80000);
    expect((await sorgA.post(`/api/sorg-calls/${call.id}/applications`, { title: '再次申请', proposal: '方案', amount: 1000 })).status).toBe(409);
    // Scoring waits for the review.
    expect((await district.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false })).status).toBe(409);
    await toReview(call.id);
    expect((await sorgA.post(`/api/sorg-calls/${call.id}/applications`, { title: '迟到申请', proposal: '方案', amount: 1000 })).status).toBe(409);

    // Declarations, then scores per criterion; no score before a declaration.
    expect((await district.post(`/api/sorg-applications/${app.id}/scores`, { scores: [{ criterion: 'plan', score: 80 }] })).status).toBe(409);
    for (const r of [district, street]) expect((await r.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false })).status).toBe(200);
    await district.post(`/api/sorg-applications/${app.id}/scores`, {
      scores: [
        { criterion: 'plan', score: 90 },
        { criterion: 'team', score: 80 },
      ],
    });
    const s2 = await street.post(`/api/sorg-applications/${app.id}/scores`, {
      scores: [
        { criterion: 'plan', score: 70 },
        { criterion: 'team', score: 60 },
      ],
    });
    expect(s2.status, JSON.stringify(s2.body)).toBe(200);
    expect(s2.body.myScores).toHaveLength(2);
    expect((await district.post(`/api/sorg-applications/${app.id}/scores`, { scores: [{ criterion: 'price', score: 70 }] })).body.error.field).toBe(
      'scores.0.criterion',
    );
    // (90*.6+80*.4 = 86) and (70*.6+60*.4 = 66) → 76.
    const staffView = (await city.get(`/api/sorg-applications/${app.id}`)).body;
    expect(staffView.totalScore).toBe(76);
    expect(staffView.reviews).toHaveLength(2);
    // The organization sees its application but not who scored what; a non-panel account cannot score.
    const own = (await sorgA.get(`/api/sorg-applications/${app.id}`)).body;
    expect(own.reviews).toEqual([]);
    expect((await sorgA.get(`/api/sorg-applications/${app2.id}`)).status).toBe(404);
    expect((await street2.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false })).status).toBe(404);
    expect((await city.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false })).status).toBe(403);
    expect(await audited('sorg.review.score', app.id)).toBe(2);

    // Award and contract: payments must add up to the amount.
    const award = {
      amount: 90000,
      startsOn: day(0),
      endsOn: day(180),
      deliverables: [
        { key: 'events', label: '活动场次', kind: 'activities', target: 2 },
        { key: 'people', label: '服务人次', kind: 'person_times', target: 2 },
      ],
      milestones: [
        { title: '中期', dueOn: day(90), payment: 45000 },
        { title: '结项', dueOn: day(180), payment: 45000 },
      ],
    };
    const badPay = await city.post(`/api/sorg-applications/${app.id}/award`, { ...award, milestones: [award.milestones[0]] });
    expect(badPay.status).toBe(400);
    expect(badPay.body.error.field).toBe('milestones');
    expect((await street2.post(`/api/sorg-applications/${app.id}/award`, award)).status).toBe(404);
    const signed = await city.post(`/api/sorg-applications/${app.id}/award`, award);
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const pid = signed.body.id as number;
    expect(signed.body.status).toBe('signed');
    expect((await city.get(`/api/sorg-applications/${app2.id}`)).body.status).toBe('declined');
    expect((await city.get(`/api/sorg-calls/${call.id}`)).body.status).toBe('awarded');
    expect(await audited('sorg.award', pid)).toBe(1);

    // Delivery: the organization records activities through the activities module and counts them.
    const orgId = (await me(sorgA)).orgId;
    const acts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = await sorgA.post('/api/activities', {
        title: `职工心理健康讲座${i + 1}`,
        type: 'lecture',
        hostOrgId: orgId,
        venueName: '职工之家',
        address: '某某路1号',
        targetGroups: ['worker'],
        capacity: 30,
        startsAt: at(2 * hour),
        endsAt: at(4 * hour),
        regOpensAt: at(-hour),
        regClosesAt: at(hour),
      });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      const p = await sorgA.post(`/api/activities/${a.body.id}/publish`, { version: a.body.version });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      acts.push(a.body.id);
    }
    const walk = await sorgA.post(`/api/activities/${acts[0]}/walk-ins`, { phone: '13700001111', name: '参与职工' });
    expect(walk.status, JSON.stringify(walk.body)).toBe(200);
    let linked = await sorgA.post(`/api/sorg-projects/${pid}/activities`, { activityId: acts[0] });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.deliverables.map((d: { achieved: number }) => d.achieved)).toEqual([1, 1]);
    linked = await sorgA.post(`/api/sorg-projects/${pid}/activities`, { activityId: acts[1] });
    expect(linked.body.deliverables.map((d: { achieved: number }) => d.achieved)).toEqual([2, 1]);
    expect((await sorgA.post(`/api/sorg-projects/${pid}/activities`, { activityId: acts[1] })).status).toBe(409);
    // Someone else's activity does not count.
    const other = (await sql<{ id: number }>`SELECT id FROM activities WHERE host_org_id <> ${orgId} ORDER BY id LIMIT 1`.execute(t.c.db)).rows[0]!;
    expect((await sorgA.post(`/api/sorg-projects/${pid}/activities`, { activityId: other.id })).status).toBe(404);
    // Staff see the same counts.
    expect((await city.get(`/api/sorg-projects/${pid}`)).body.deliverables[0].achieved).toBe(2);
    expect(linked.body.userRatings).toEqual({ rated: 0, satisfied: 0, bad: 0, satisfactionRate: null });
    // The users' half of the evaluation: a registered participant, checked in, rates the activity once it has taken
    // place (好差评).
    const community = (await sql<{ code: string }>`SELECT code FROM regions WHERE parent_code = ${streetCode} ORDER BY code LIMIT 1`.execute(t.c.db)).rows[0]!
      .code;
    const participant = await signInCitizen(t, '13700002222', { name: '报名职工', regionCode: community });
    expect((await participant.post(`/api/portal/activities/${acts[1]}/registrations`)).status).toBe(201);
    const regOf = async () => (await participant.get('/api/portal/me/registrations')).body.items.find((r: { activityId: number }) => r.activityId === acts[1]);
    expect((await sorgA.post('/api/activities/check-in', { code: (await regOf()).code })).body.status).toBe('checked_in');
    await t.c.pool.query(
      `UPDATE activities SET reg_opens_at = reg_opens_at - interval '60 hours', reg_closes_at = reg_closes_at - interval '60 hours',
         starts_at = starts_at - interval '60 hours', ends_at = ends_at - interval '60 hours' WHERE id = $1`,
      [acts[1]],
    );
    expect((await participant.post(`/api/portal/me/registrations/${(await regOf()).id}/rating`, { level: 5, comment: '场地太吵' })).status).toBe(201);
    expect((await city.get(`/api/sorg-projects/${pid}`)).body.userRatings).toEqual({ rated: 1, satisfied: 0, bad: 1, satisfactionRate: 0 });

    // Milestones: report, return, report again, accept (payment released); evaluation after the last.
    const ms = linked.body.milestones as Array<{ id: number }>;
    expect((await city.post(`/api/sorg-milestones/${ms[0]!.id}/decision`, { accept: true })).status).toBe(409);
    expect((await sorgA.post(`/api/sorg-milestones/${ms[0]!.id}/report`, { report: '完成讲座两场' })).status).toBe(200);
    expect((await city.post(`/api/sorg-milestones/${ms[0]!.id}/decision`, { accept: false })).body.milestones[0].status).toBe('returned');
    await sorgA.post(`/api/sorg-milestones/${ms[0]!.id}/report`, { report: '补充了签到表' });
    expect((await street2.post(`/api/sorg-milestones/${ms[0]!.id}/decision`, { accept: true })).status).toBe(404);
    expect((await sorgA.post(`/api/sorg-milestones/${ms[0]!.id}/decision`, { accept: true })).status).toBe(403);
    const acc = await city.post(`/api/sorg-milestones/${ms[0]!.id}/decision`, { accept: true });
    expect(acc.body.milestones[0]).toMatchObject({ status: 'accepted', paidOn: day(0) });
    expect(acc.body.paid).toBe(45000);
    const early = await city.post(`/api/sorg-projects/${pid}/evaluation`, { version: acc.body.version, score: 90, note: '良好' });
    expect(early.status).toBe(409);
    await sorgA.post(`/api/sorg-milestones/${ms[1]!.id}/report`, { report: '结项报告' });
    const fin = await city.post(`/api/sorg-milestones/${ms[1]!.id}/decision`, { accept: true });
    const ev = await city.post(`/api/sorg-projects/${pid}/evaluation`, { version: fin.body.version, score: 92, note: '完成全部交付' });
    expect(ev.status, JSON.stringify(ev.body)).toBe(200);
    expect(ev.body).toMatchObject({ status: 'evaluated', evaluationScore: 92, paid: 90000 });
    for (const a of ['sorg.call.create', 'sorg.call.publish', 'sorg.call.panel', 'sorg.call.review']) expect(await audited(a, call.id), a).toBe(1);
    expect(await audited('sorg.milestone.accept', pid)).toBe(2);
    expect(await audited('sorg.milestone.return', pid)).toBe(1);
    expect(await audited('sorg.evaluate', pid)).toBe(1);

    // Projects: the organization sees its own, another organization gets 404, the neighbouring street sees nothing.
    expect((await sorgA.get('/api/sorg-projects')).body.items.map((p: { id: number }) => p.id)).toContain(pid);
    expect((await sorgHub.get(`/api/sorg-projects/${pid}`)).status).toBe(404);
    expect((await sorgHub.get('/api/sorg-projects')).body.items).toEqual([]);
    expect((await street2.get(`/api/sorg-projects/${pid}`)).status).toBe(404);
    expect((await sorgB.get(`/api/sorg-calls/${call.id}`)).status).toBe(404);
  });

  it('a reviewer who declared a conflict cannot score, neither through the API nor in the database', async () => {
    const call = await openCall([district, street]);
    const app = await apply(sorgA, call.id);
    await toReview(call.id);
    expect((await district.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: true, note: '曾在该机构任职' })).status).toBe(200);
    const r = await district.post(`/api/sorg-applications/${app.id}/scores`, {
      scores: [
        { criterion: 'plan', score: 100 },
        { criterion: 'team', score: 100 },
      ],
    });
    expect(r.status).toBe(403);
    expect(r.body.error.field).toBe('scores');
    // A second declaration cannot change it.
    expect((await district.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false })).status).toBe(409);
    const accountId = (await me(district)).accountId;
    await expect(
      sql`INSERT INTO sorg_scores (application_id, account_id, criterion, score) VALUES (${app.id}, ${accountId}, 'plan', 100)`.execute(t.c.db),
    ).rejects.toThrow(/foreign key/);
    await expect(sql`UPDATE sorg_declarations SET conflict = false WHERE application_id = ${app.id}`.execute(t.c.db)).resolves.toBeDefined();
    // Once a no-conflict declaration has scores, it cannot be turned into a conflict under them.
    await street.post(`/api/sorg-applications/${app.id}/declaration`, { conflict: false });
    await street.post(`/api/sorg-applications/${app.id}/scores`, {
      scores: [
        { criterion: 'plan', score: 60 },
        { criterion: 'team', score: 60 },
      ],
    });
    const sid = (await me(street)).accountId;
    await expect(sql`UPDATE sorg_declarations SET conflict = true WHERE application_id = ${app.id} AND account_id = ${sid}`.execute(t.c.db)).rejects.toThrow(
      /foreign key/,
    );
    // The conflicted reviewer's absence leaves the mean to the others.
    expect((await city.get(`/api/sorg-applications/${app.id}`)).body.totalScore).toBe(60);
  });

  it('an ID number typed into a proposal or a milestone report is masked in every read and revealed only through an audited reveal', async () => {
    const idn = makeIdNumber('510104', '19850312', '027');
    const call = await openCall([district]);
    const r = await sorgA.post(`/api/sorg-calls/${call.id}/applications`, {
      title: '困难职工帮扶',
      proposal: `联系人身份证 ${idn}，电话 13812345678`,
      amount: 50000,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.proposal).not.toContain(idn);
    expect(r.body.proposal).toContain('138****5678');
    await toReview(call.id);
    await district.post(`/api/sorg-applications/${r.body.id}/declaration`, { conflict: false, note: `与 ${idn} 无亲属关系` });
    await district.post(`/api/sorg-applications/${r.body.id}/scores`, {
      scores: [
        { criterion: 'plan', score: 80 },
        { criterion: 'team', score: 80 },
      ],
    });
    const award = {
      amount: 50000,
      startsOn: day(0),
      endsOn: day(60),
      deliverables: [{ key: 'events', label: '活动场次', kind: 'activities', target: 1 }],
      milestones: [{ title: '结项', dueOn: day(60), payment: 50000 }],
    };
    const signed = await city.post(`/api/sorg-applications/${r.body.id}/award`, award);
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const pid = signed.body.id as number;
    const mid = signed.body.milestones[0].id as number;
    const rep = await sorgA.post(`/api/sorg-milestones/${mid}/report`, { report: `服务对象王某（身份证号 ${idn}）已结案。` });
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    // Every read shows the masked form; the column holds it masked and the ciphertext beside it.
    for (const c of [sorgA, city]) {
      const p = (await c.get(`/api/sorg-projects/${pid}`)).body;
      expect(p.milestones[0].report).toContain(`${idn.slice(0, 4)}**********${idn.slice(-4)}`);
      expect(JSON.stringify(p)).not.toContain(idn);
      expect(JSON.stringify((await c.get(`/api/sorg-applications/${r.body.id}`)).body)).not.toContain(idn);
    }
    const row = (await sql<{ report: string; report_enc: Buffer | null }>`SELECT report, report_enc FROM sorg_milestones WHERE id = ${mid}`.execute(t.c.db))
      .rows[0]!;
    expect(row.report).not.toContain(idn);
    expect(row.report_enc).not.toBeNull();
    expect(row.report_enc!.toString('latin1')).not.toContain(idn);
    const decl = (
      await sql<{ note: string; note_enc: Buffer | null }>`SELECT note, note_enc FROM sorg_declarations WHERE application_id = ${r.body.id}`.execute(t.c.db)
    ).rows[0]!;
    expect(decl.note).not.toContain(idn);
    expect(decl.note_enc).not.toBeNull();

    // The reveal: the funder's tree for a stated purpose, audited; a neighbouring street 404, no purpose 400 naming it.
    expect((await street2.post(`/api/sorg-projects/${pid}/reveal`, { purpose: '核实服务对象' })).status).toBe(404);
    const bad = await city.post(`/api/sorg-projects/${pid}/reveal`, { purpose: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('purpose');
    const before = await audited('sorg.reveal', pid);
    const shown = await city.post(`/api/sorg-projects/${pid}/reveal`, { purpose: '核实服务对象' });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.milestones).toEqual([{ id: mid, report: `服务对象王某（身份证号 ${idn}）已结案。` }]);
    expect(await audited('sorg.reveal', pid)).toBe(before + 1);
    const app = await city.post(`/api/sorg-applications/${r.body.id}/reveal`, { purpose: '核实申报材料' });
    expect(app.status, JSON.stringify(app.body)).toBe(200);
    expect(app.body.proposal).toBe(`联系人身份证 ${idn}，电话 13812345678`);
    expect(app.body.notes[0].note).toBe(`与 ${idn} 无亲属关系`);
    expect((await sorgA.post(`/api/sorg-projects/${pid}/reveal`, { purpose: '核实服务对象' })).status).toBe(403);

    // Text stored before protection is masked and encrypted at start.
    await sql`UPDATE sorg_milestones SET report = ${`旧报告 ${idn}`}, report_enc = NULL WHERE id = ${mid}`.execute(t.c.db);
    expect(await t.c.socialorgs.protectStoredText()).toBeGreaterThanOrEqual(1);
    const after = (await sql<{ report: string; report_enc: Buffer | null }>`SELECT report, report_enc FROM sorg_milestones WHERE id = ${mid}`.execute(t.c.db))
      .rows[0]!;
    expect(after.report).not.toContain(idn);
    expect(after.report_enc).not.toBeNull();
    expect((await city.post(`/api/sorg-projects/${pid}/reveal`, { purpose: '核实服务对象' })).body.milestones[0].report).toBe(`旧报告 ${idn}`);
  });
});
