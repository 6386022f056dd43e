import { sql } from 'kysely';
import zxing from '@zxing/library';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';

let t: TestEnv;
let city: Client;
let district: Client;
let street: Client;
let street2: Client;
let community: Client;
let league: Client;
let jiwei: Client;
let police: Client;
const vetterIds: number[] = [];
let communityCode = '';
let seq = 0;

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { regionPath: string } };
}

function programmeBody(over: Record<string, unknown> = {}) {
  seq++;
  return {
    title: `测试评选${seq}`,
    awardTitle: '成都市五一劳动奖章',
    year: 2027,
    kinds: ['individual', 'collective'],
    criteria: [{ key: 'years_of_work', type: 'number', labelZh: '工龄', labelEn: 'Years of work', required: true, min: 0, max: 60 }],
    documents: [{ key: 'deeds_report', labelZh: '先进事迹材料', labelEn: 'Report of deeds' }],
    rules: [
      { attribute: 'frontline', op: 'min', percent: 60 },
      { attribute: 'female', op: 'min', percent: 20 },
      { attribute: 'leader', op: 'max', percent: 20 },
    ],
    allowException: false,
    nominationFrom: day(-5),
    nominationTo: day(20),
    reviewTo: day(30),
    noticeDays: 5,
    announceOn: day(50),
    quotas: [
      { districtCode: '510104', quota: 3 },
      { districtCode: '510105', quota: 3 },
    ],
    vetterOrgIds: vetterIds,
    ...over,
  };
}

async function programme(over: Record<string, unknown> = {}) {
  const r = await city.post('/api/honour-programmes', programmeBody(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}

let phoneSeq = 0;
async function nominate(c: Client, programmeId: number, o: { frontline?: boolean; leader?: boolean; gender?: 'male' | 'female'; name?: string } = {}) {
  phoneSeq++;
  const r = await c.post(`/api/honour-programmes/${programmeId}/nominations`, {
    kind: 'individual',
    person: {
      name: o.name ?? `候选人${phoneSeq}`,
      phone: `1370000${String(1000 + phoneSeq).slice(-4)}`,
      gender: o.gender ?? 'female',
      regionCode: communityCode,
    },
    unitName: '成都蜀锦智能制造有限公司',
    position: '焊工',
    deeds: '扎根生产一线二十年，带领班组攻克精密焊接难题。',
    recommendation: '同意推荐。',
    attributes: { frontline: o.frontline ?? true, leader: o.leader ?? false },
    answers: { years_of_work: 20 },
    documents: { deeds_report: '事迹材料.pdf' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; version: number; personId: number; stage: string };
}

async function collective(c: Client, programmeId: number, i: number) {
  const r = await c.post(`/api/honour-programmes/${programmeId}/nominations`, {
    kind: 'collective',
    collectiveName: `测试班组${i}`,
    creditCode: makeCreditCode(`91510104MA${String(6100000 + i).padStart(7, '0')}`),
    unitName: '成都测试科技有限公司',
    deeds: '三年完成技术革新十五项。',
    recommendation: '同意推荐。',
    answers: { years_of_work: 3 },
    documents: { deeds_report: '班组事迹.pdf' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number };
}

/**
 * Reads the QR code embedded in the first page of a PDF. The image taken out of the PDF is the code itself with its
 * margin, so it is read as a pure barcode, module by module; zxing's search for finder patterns, made for camera
 * frames, misses about one in fifteen of these flawless images (which other camera decoders read).
 */
async function qrOf(pdf: Buffer): Promise<string> {
  const images = await new PDFParse({ data: new Uint8Array(pdf) }).getImage({ imageBuffer: true });
  const { data, width, height } = PNG.sync.read(Buffer.from(images.pages[0]!.images[0]!.data));
  const lum = new Uint8ClampedArray(width * height);
  for (let i = 0; i < width * height; i++) lum[i] = (data[i * 4]! * 299 + data[i * 4 + 1]! * 587 + data[i * 4 + 2]! * 114) / 1000;
  const hints = new Map<zxing.DecodeHintType, unknown>([[zxing.DecodeHintType.PURE_BARCODE, true]]);
  return new zxing.QRCodeReader().decode(new zxing.BinaryBitmap(new zxing.HybridBinarizer(new zxing.RGBLuminanceSource(lum, width, height))), hints).getText();
}

async function version(c: Client, id: number) {
  const r = await c.get(`/api/honour-nominations/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.version as number;
}

async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}

beforeAll(async () => {
  t = await setupTestEnv();
  [city, district, street, street2, community, league, jiwei, police] = (await Promise.all(
    ['union.city', 'union.district', 'union.street', 'union.street2', 'union.community', 'league.district', 'vet.jiwei', 'vet.police'].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client, Client];
  for (const v of [jiwei, police]) vetterIds.push((await me(v)).orgId);
  communityCode = (await me(community)).scope.regionPath.split('.').pop()!;
});
afterAll(async () => {
  await t?.close();
});

describe('honours: one programme from nomination to certificate', () => {
  let pid = 0;
  let nom = { id: 0, version: 1, personId: 0 };
  let objectionId = 0;

  it('refuses a programme from a unit below the city, and bad criteria answers naming the field', async () => {
    expect((await district.post('/api/honour-programmes', programmeBody())).status).toBe(403);
    const badRule = await city.post(
      '/api/honour-programmes',
      programmeBody({
        rules: [
          { attribute: 'female', op: 'min', percent: 20 },
          { attribute: 'female', op: 'min', percent: 30 },
        ],
      }),
    );
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.message).toContain('rules.1.attribute');
    const notPartner = await city.post('/api/honour-programmes', programmeBody({ vetterOrgIds: [(await me(street)).orgId] }));
    expect(notPartner.status).toBe(400);
    expect(notPartner.body.error.message).toContain('vetterOrgIds.0');
    pid = (await programme()).id;
    const bad = await street.post(`/api/honour-programmes/${pid}/nominations`, {
      kind: 'individual',
      person: { name: '测试', regionCode: communityCode },
      unitName: '单位',
      deeds: '事迹',
      recommendation: '推荐',
      answers: { years_of_work: 'twenty' },
      documents: { deeds_report: 'a.pdf' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.message).toContain('answers.years_of_work');
    const noDoc = await street.post(
      `/api/honour-programmes/${pid}/nominations`,
      {
        kind: 'individual',
        person: { name: '测试', regionCode: communityCode },
        unitName: '单位',
        deeds: '事迹',
        recommendation: '推荐',
        answers: { years_of_work: 3 },
      },
      { headers: { 'accept-language': 'en' } },
    );
    expect(noDoc.status).toBe(400);
    expect(noDoc.body.error.message).toBe('Field documents.deeds_report is required');
  });

  it('a street nominates; only its own chain sees the nomination until it is forwarded', async () => {
    nom = await nominate(street, pid, { name: '李秀英' });
    expect(nom).toMatchObject({ stage: 'street' });
    const byCommunity = await nominate(community, pid, { name: '王桂兰' });

    const streetList = (await street.get(`/api/honour-programmes/${pid}/nominations`)).body.items.map((n: { id: number }) => n.id);
    expect(streetList).toEqual(expect.arrayContaining([nom.id, byCommunity.id]));
    const communityList = (await community.get(`/api/honour-programmes/${pid}/nominations`)).body.items.map((n: { id: number }) => n.id);
    expect(communityList).toEqual([byCommunity.id]);
    expect((await street2.get(`/api/honour-programmes/${pid}/nominations`)).body.items).toEqual([]);
    expect((await street2.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);
    expect((await district.get(`/api/honour-programmes/${pid}/nominations`)).body.items).toEqual([]);
    expect((await district.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);
    expect((await league.get(`/api/honour-programmes/${pid}`)).status).toBe(404);
    expect((await league.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);
    // The neighbouring street cannot forward or return it.
    expect((await street2.post(`/api/honour-programmes/${pid}/forward`, { nominationIds: [nom.id] })).status).toBe(404);
    expect((await street2.post(`/api/honour-nominations/${nom.id}/return`, { reason: '材料不全', version: nom.version })).status).toBe(404);
    const detail = (await street.get(`/api/honour-nominations/${nom.id}`)).body;
    expect(detail.nameMasked).toBe('李**');
    expect(JSON.stringify(detail)).not.toContain('李秀英');
  });

  it('the street forwards, the district sees only what was forwarded, returns with a reason, and forwards again', async () => {
    const f = await street.post(`/api/honour-programmes/${pid}/forward`, { nominationIds: [nom.id] });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body).toMatchObject({ forwarded: 1, stage: 'district', exceptionId: null });
    const dl = (await district.get(`/api/honour-programmes/${pid}/nominations`)).body.items.map((n: { id: number }) => n.id);
    expect(dl).toEqual([nom.id]);
    // The city does not see it before the district forwards.
    expect((await city.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);

    const back = await district.post(`/api/honour-nominations/${nom.id}/return`, { reason: '请补充近三年考核情况', version: await version(district, nom.id) });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.stage).toBe('street');
    expect((await district.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);
    const q = (await city.get(`/api/honour-programmes/${pid}`)).body.quotas.find((x: { districtCode: string }) => x.districtCode === '510104');
    expect(q).toMatchObject({ quota: 3, streetUsed: 0 });
    expect((await street.get(`/api/honour-nominations/${nom.id}`)).body.returnReason).toBe('请补充近三年考核情况');

    expect((await street.post(`/api/honour-programmes/${pid}/forward`, { nominationIds: [nom.id] })).status).toBe(200);
    const d = await district.post(`/api/honour-programmes/${pid}/forward`, { nominationIds: [nom.id] });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.stage).toBe('city');
    expect(await audited('honour.forward', pid)).toBe(3);
    expect(await audited('honour.return', nom.id)).toBe(1);
  });

  it('vetting: each department answers for itself; an objection blocks shortlisting without a written decision', async () => {
    expect((await jiwei.get(`/api/honour-nominations/${nom.id}`)).status).toBe(404);
    const v = await city.post(`/api/honour-programmes/${pid}/vetting`, {});
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body).toEqual({ nominees: 1, asked: 2 });
    expect(
      (await city.post(`/api/honour-nominations/${nom.id}/decision`, { decision: 'shortlist', version: await version(city, nom.id) })).body.error.message,
    ).toContain('征求意见');

    const seen = (await jiwei.get(`/api/honour-nominations/${nom.id}`)).body;
    expect(seen.vettings).toHaveLength(1);
    expect(seen.objections).toEqual([]);
    expect((await jiwei.post(`/api/honour-nominations/${nom.id}/vet`, { verdict: 'clear' })).status).toBe(200);
    expect((await jiwei.post(`/api/honour-nominations/${nom.id}/vet`, { verdict: 'clear' })).status).toBe(409);
    const noReason = await police.post(`/api/honour-nominations/${nom.id}/vet`, { verdict: 'objection' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('reason');
    expect((await police.post(`/api/honour-nominations/${nom.id}/vet`, { verdict: 'objection', reason: '2025年有一起交通违法记录未处理' })).status).toBe(200);
    // A street cannot vet, and a department not asked sees nothing.
    expect((await street.post(`/api/honour-nominations/${nom.id}/vet`, { verdict: 'clear' })).status).toBe(403);

    const blocked = await city.post(`/api/honour-nominations/${nom.id}/decision`, { decision: 'shortlist', version: await version(city, nom.id) });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('INVALID_STATE');
    expect(blocked.body.error.message).toContain('异议');
    const ok = await city.post(`/api/honour-nominations/${nom.id}/decision`, {
      decision: 'shortlist',
      note: '经核实，交通违法已于2025年处理完毕，不影响评选，同意列入拟表彰名单',
      version: await version(city, nom.id),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.stage).toBe('shortlisted');
    expect(await audited('honour.shortlist', nom.id)).toBe(1);
    expect(await audited('honour.vet', nom.id)).toBe(2);
  });

  it('publishes the notice: the portal shows names, units and deeds and no personal field', async () => {
    const n = await city.post(`/api/honour-programmes/${pid}/notice`, {});
    expect(n.status, JSON.stringify(n.body)).toBe(200);
    expect(n.body.noticeFrom <= n.body.noticeTo).toBe(true);
    const list = await t.anonymous.get('/api/portal/honour-notices');
    expect(list.status).toBe(200);
    expect(list.body.items.find((x: { id: number }) => x.id === pid)).toMatchObject({ open: true, nominees: 1 });
    const d = await t.anonymous.get(`/api/portal/honour-notices/${pid}`);
    expect(d.status).toBe(200);
    expect(d.body.nominees).toHaveLength(1);
    expect(d.body.nominees[0]).toEqual({
      id: nom.id,
      kind: 'individual',
      name: '李秀英',
      unitName: '成都蜀锦智能制造有限公司',
      position: '焊工',
      deeds: '扎根生产一线二十年，带领班组攻克精密焊接难题。',
      districtName: '锦江区',
    });
    const text = d.text;
    for (const forbidden of ['phone', 'idNumber', 'personId', 'address', 'creditCode', 'recommendation', '137000', 'answers'])
      expect(text).not.toContain(forbidden);
  });

  it('a citizen signed in by phone and one-time code lodges an objection; announcement waits for the notice period and the outcome', async () => {
    const anon = await t.anonymous.post(`/api/portal/honour-nominees/${nom.id}/objections`, { evidence: '该候选人长期不在岗，事迹材料与实际不符。' });
    expect(anon.status).toBe(401);
    const citizen = await signInCitizen(t, '13912345670', { name: '市民甲', regionCode: communityCode });
    const short = await citizen.post(`/api/portal/honour-nominees/${nom.id}/objections`, { evidence: '不符' });
    expect(short.status).toBe(400);
    const o = await citizen.post(`/api/portal/honour-nominees/${nom.id}/objections`, { evidence: '该候选人长期不在岗，事迹材料与实际不符。' });
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    objectionId = o.body.id;

    const early = await city.post(`/api/honour-programmes/${pid}/announce`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('公示期');
    // The notice period ends (the calendar moves on).
    await sql`UPDATE honour_programmes SET notice_from = notice_from - 20, notice_to = current_date - 1 WHERE id = ${pid}`.execute(t.c.db);
    const open = await city.post(`/api/honour-programmes/${pid}/announce`, {});
    expect(open.status).toBe(409);
    expect(open.body.error.message).toContain('异议');
    // A late objection is refused: the window is over.
    expect((await citizen.post(`/api/portal/honour-nominees/${nom.id}/objections`, { evidence: '补充反映：该候选人长期不在岗。' })).status).toBe(409);

    const detail = (await city.get(`/api/honour-nominations/${nom.id}`)).body;
    expect(detail.objections).toHaveLength(1);
    // The district sees the nominee it forwarded but does not decide; a neighbouring street does not see it at all.
    expect((await district.post(`/api/honour-objections/${objectionId}/decision`, { status: 'dismissed', outcome: '经调查' })).status).toBe(403);
    expect((await street2.post(`/api/honour-objections/${objectionId}/decision`, { status: 'dismissed', outcome: '经调查' })).status).toBe(404);
    const dec = await city.post(`/api/honour-objections/${objectionId}/decision`, {
      status: 'dismissed',
      outcome: '经实地走访所在单位和班组，反映情况不属实，维持拟表彰。',
    });
    expect(dec.status, JSON.stringify(dec.body)).toBe(200);
    expect(await audited('honour.objection.decide', objectionId)).toBe(1);
    expect(await audited('honour.objection.lodge', objectionId)).toBe(1);

    const a = await city.post(`/api/honour-programmes/${pid}/announce`, {});
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toEqual({ status: 'announced', awarded: 1, rejected: 0 });
  });

  it('issues a certificate with a number and a QR that verifies on the portal; the honour is on the person’s record', async () => {
    const awards = (await city.get(`/api/honour-programmes/${pid}/awards`)).body.items;
    expect(awards).toHaveLength(1);
    expect(awards[0].number).toMatch(/^RY-2027-\d{6}$/);
    expect((await street2.get(`/api/honour-programmes/${pid}/awards`)).body.items).toEqual([]);
    expect((await street2.get(`/api/honour-awards/${awards[0].id}/certificate`)).status).toBe(404);
    const pdf = await street.get(`/api/honour-awards/${awards[0].id}/certificate`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.raw) }).getText()).text;
    expect(text).toContain(awards[0].number);
    expect(text).toContain('李秀英');

    // The QR code printed on the certificate carries the portal's verification address.
    const url = new URL(await qrOf(pdf.raw));
    expect(`${url.pathname}${url.search}`).toBe(awards[0].verifyPath);
    const ok = await t.anonymous.get(
      `/api/portal/honours/verify?no=${encodeURIComponent(url.searchParams.get('no')!)}&t=${encodeURIComponent(url.searchParams.get('t')!)}`,
    );
    expect(ok.body).toMatchObject({ valid: true, number: awards[0].number, name: '李秀英', awardTitle: '成都市五一劳动奖章' });
    expect(ok.text).not.toContain('137000');
    const forged = await t.anonymous.get(`/api/portal/honours/verify?no=${encodeURIComponent(awards[0].number)}&t=${'A'.repeat(24)}`);
    expect(forged.body).toEqual({ valid: false });

    const record = await city.get(`/api/people/${nom.personId}/honours`);
    expect(record.status).toBe(200);
    expect(record.body.items.map((x: { number: string }) => x.number)).toEqual([awards[0].number]);
    expect(await audited('honour.announce', pid)).toBe(1);
    const final = (await t.anonymous.get(`/api/portal/honour-notices/${pid}`)).body;
    expect(final).toMatchObject({ status: 'announced', open: false });
    expect(final.nominees.map((x: { name: string }) => x.name)).toEqual(['李秀英']);
  });
});

describe('honours: neighbours and bad input', () => {
  it('refuses a neighbouring unit on every endpoint: 404 where it cannot see, 403 where it sees but may not act', async () => {
    const { id } = await programme();
    const n = await nominate(street, id, { name: '张桂芳' });
    const market = await t.as('vet.market');
    const hidden = [
      () => league.get(`/api/honour-programmes/${id}`),
      () => league.get(`/api/honour-programmes/${id}/nominations`),
      () => league.get(`/api/honour-programmes/${id}/awards`),
      () =>
        league.post(`/api/honour-programmes/${id}/nominations`, {
          kind: 'collective',
          collectiveName: 'x',
          creditCode: makeCreditCode('91510104MA6199999'),
          unitName: 'x',
          deeds: 'x',
          recommendation: 'x',
          answers: { years_of_work: 1 },
          documents: { deeds_report: 'x' },
        }),
      () => league.post(`/api/honour-programmes/${id}/vetting`, {}),
      () => league.post(`/api/honour-programmes/${id}/notice`, {}),
      () => league.post(`/api/honour-programmes/${id}/announce`, {}),
      () => street2.get(`/api/honour-nominations/${n.id}`),
      () => street2.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [n.id] }),
      () => street2.post(`/api/honour-nominations/${n.id}/return`, { reason: '不符合条件', version: n.version }),
      () => street2.post(`/api/honour-nominations/${n.id}/resubmit`, { version: n.version }),
      () => street2.post(`/api/honour-nominations/${n.id}/decision`, { decision: 'reject', note: '不符合', version: n.version }),
      () => street2.get(`/api/people/${n.personId}/honours`),
      () => market.post(`/api/honour-nominations/${n.id}/vet`, { verdict: 'clear' }),
      () => market.get(`/api/honour-nominations/${n.id}`),
    ];
    for (const call of hidden) {
      const r = await call();
      expect(r.status, `${r.status} ${r.text}`).toBe(404);
    }
    expect((await league.get('/api/honour-programmes')).body.items.map((p: { id: number }) => p.id)).not.toContain(id);
    // Seen but not theirs to do: a street does not run the programme's vetting, notice or announcement.
    for (const step of ['vetting', 'notice', 'announce']) expect((await street2.post(`/api/honour-programmes/${id}/${step}`, {})).status).toBe(403);
  });

  it('returns to the nominating street and resubmits; answers bad input with a field-naming 4xx, never a 500', async () => {
    const { id } = await programme();
    const n = await nominate(community, id);
    const back = await street.post(`/api/honour-nominations/${n.id}/return`, { reason: '请补充事迹材料', version: n.version });
    expect(back.status, back.text).toBe(200);
    expect(back.body.stage).toBe('returned');
    const again = await community.post(`/api/honour-nominations/${n.id}/resubmit`, { version: back.body.version });
    expect(again.status, again.text).toBe(200);
    expect(again.body.stage).toBe('street');
    expect((await community.post(`/api/honour-nominations/${n.id}/resubmit`, { version: again.body.version })).status).toBe(409);
    expect((await street.post(`/api/honour-nominations/${n.id}/return`, { reason: '再补充', version: n.version })).status).toBe(409);

    const bad: Array<[Promise<{ status: number; body: { error?: { code: string; message: string } } }>, string]> = [
      [street.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [] }), 'nominationIds'],
      [street.post(`/api/honour-nominations/${n.id}/return`, { reason: '', version: 1 }), 'reason'],
      [street.post(`/api/honour-nominations/${n.id}/return`, { reason: '   ', version: again.body.version }), 'reason'],
      [jiwei.post(`/api/honour-nominations/${n.id}/vet`, { verdict: 'maybe' }), 'verdict'],
      [city.post(`/api/honour-nominations/${n.id}/decision`, { decision: 'shortlist' }), 'version'],
      [city.post('/api/honour-programmes', programmeBody({ nominationTo: day(-10) })), 'nominationTo'],
      [city.post('/api/honour-programmes', programmeBody({ quotas: [{ districtCode: '510104017', quota: 3 }] })), 'quotas.0.districtCode'],
      [
        city.post('/api/honour-programmes', programmeBody({ criteria: [{ key: 'a', type: 'choice', labelZh: 'a', labelEn: 'a', required: true }] })),
        'criteria.0.options',
      ],
      [
        street.post(`/api/honour-programmes/${id}/nominations`, {
          kind: 'collective',
          collectiveName: '班组',
          creditCode: '91510104MA61XKQ7B0',
          unitName: 'x',
          deeds: 'x',
          recommendation: 'x',
          answers: { years_of_work: 1 },
          documents: { deeds_report: 'x' },
        }),
        'creditCode',
      ],
      [
        street.post(`/api/honour-programmes/${id}/nominations`, {
          kind: 'individual',
          unitName: 'x',
          deeds: 'x',
          recommendation: 'x',
          answers: { years_of_work: 1 },
          documents: { deeds_report: 'x' },
        }),
        'personId',
      ],
      [t.anonymous.get('/api/portal/honours/verify?no=RY-2027-000001'), 't'],
    ];
    for (const [p, field] of bad) {
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
      expect(r.body.error!.message, JSON.stringify(r.body)).toContain(field);
    }
  });
});

describe('honours: quotas are hard limits', () => {
  it('50 concurrent forwards against a quota of 10: exactly 10 pass, never more', async () => {
    const { id } = await programme({ rules: [], quotas: [{ districtCode: '510104', quota: 10 }] });
    const noms: number[] = [];
    for (let i = 0; i < 50; i++) noms.push((await collective(street, id, i + 1)).id);
    const results = await Promise.all(noms.map((n) => street.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [n] })));
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toBe(10);
    expect(refused).toHaveLength(40);
    expect(refused[0]!.body.error.code).toBe('CONFLICT');
    expect(refused[0]!.body.error.message).toContain('10');
    const q = (await sql<{ street_used: number }>`SELECT street_used FROM honour_quotas WHERE programme_id = ${id}`.execute(t.c.db)).rows[0]!;
    expect(q.street_used).toBe(10);
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM honour_nominations WHERE programme_id = ${id} AND stage = 'district'`.execute(t.c.db))
      .rows[0]!.n;
    expect(n).toBe(10);
    // The database refuses even a statement that forgets the limit.
    await expect(sql`UPDATE honour_quotas SET street_used = quota + 1 WHERE programme_id = ${id}`.execute(t.c.db)).rejects.toThrow(/check/i);
  });
});

describe('honours: composition rules', () => {
  it('refuses a list that breaks a rule, showing the shortfall', async () => {
    const { id } = await programme();
    const a = await nominate(street, id, { frontline: false, gender: 'male' });
    const b = await nominate(street, id, { frontline: true, gender: 'male', leader: true });
    const detail = (await street.get(`/api/honour-programmes/${id}`)).body;
    expect(detail.myLevel).toBe('street');
    const frontline = detail.composition.find((r: { attribute: string }) => r.attribute === 'frontline');
    expect(frontline).toMatchObject({ individuals: 2, count: 1, achieved: 50, ok: false, shortfall: 1 });
    const r = await street.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [a.id, b.id], exceptionReason: '本街道一线职工较少' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_STATE');
    expect(r.body.error.message).toContain('frontline');
    expect(r.body.error.message).toContain('female');
    // Nothing moved and no place was taken.
    expect(
      (await sql<{ street_used: number }>`SELECT street_used FROM honour_quotas WHERE programme_id = ${id} AND district_code = '510104'`.execute(t.c.db))
        .rows[0]!.street_used,
    ).toBe(0);
  });

  it('forwards with a written reason when the programme allows an exception; the exception is recorded', async () => {
    const { id } = await programme({ allowException: true });
    const a = await nominate(street, id, { frontline: false, gender: 'male' });
    const noReason = await street.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [a.id] }, { headers: { 'accept-language': 'en' } });
    expect(noReason.status).toBe(409);
    expect(noReason.body.error.message).toContain('an exception needs a written reason');
    const r = await street.post(`/api/honour-programmes/${id}/forward`, { nominationIds: [a.id], exceptionReason: '本街道以科研院所为主，一线职工候选人不足' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.exceptionId).toBeGreaterThan(0);
    const detail = (await street.get(`/api/honour-programmes/${id}`)).body;
    expect(detail.exceptions).toHaveLength(1);
    expect(detail.exceptions[0]).toMatchObject({ reason: '本街道以科研院所为主，一线职工候选人不足', nominationIds: [a.id] });
    const row = (
      await sql<{ detail: { exceptionId: number } }>`SELECT detail FROM audit_log WHERE action = 'honour.forward' AND object_id = ${String(id)}`.execute(t.c.db)
    ).rows[0]!;
    expect(row.detail.exceptionId).toBe(r.body.exceptionId);
  });
});
