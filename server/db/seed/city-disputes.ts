import { sql } from 'kysely';
import { encryptField } from '../../platform/crypto/field-cipher.js';
import { maskName, maskPhone } from '../../platform/crypto/masking.js';
import { chinaToday } from '../../platform/time.js';
import { copyRows, type CityContext } from './city.js';
import { fakeFirm, fakeName, fakePhone, pick, rng } from './generate.js';

/** Disputes mediated successfully in the source text at scale 1.0 (成功调解劳动纠纷 7,859 件). */
export const CITY_MEDIATED = 7_859;

/** The other outcomes and open cases, as shares of the mediated count. */
const OTHERS: Array<[status: string, outcome: string | null, share: number]> = [
  ['closed', 'failed', 0.06],
  ['closed', 'withdrawn', 0.05],
  ['closed', 'arbitrated', 0.07],
  ['closed', 'litigated', 0.03],
  ['open', null, 0.02],
  ['mediating', null, 0.04],
  ['agreed', null, 0.02],
];

const DAY = 86_400_000;

type Org = { id: number; region_code: string; region_path: string; district_code: string | null };
type Partner = { id: number; type_code: string; district_code: string | null };

/**
 * The seed-scale dispute cases over the street unions and women's federations: 7,859 mediated successfully at
 * scale 1.0 (a share judicially confirmed) beside failed, withdrawn, referred and open cases, with their workers
 * (person records with encrypted phones), claims, invitations of partner agencies, sessions and events, by COPY.
 */
export async function seedCityDisputes(ctx: CityContext): Promise<{ cases: number; mediated: number }> {
  const { db, pool, keyring, scale, progress } = ctx;
  const r = rng(Math.round(scale * 1e6) + 20);
  // Cases opened over the 23 months before the last two weeks, wherever today falls.
  const END = Date.parse(`${chinaToday()}T00:00:00Z`) - 14 * DAY;
  const START = END - 688 * DAY;
  const openers = (
    await sql<Org>`SELECT id, region_code, region_path::text AS region_path, district_code FROM orgs
      WHERE type_code IN ('union', 'women') AND level = 'street' AND status = 'active' ORDER BY id`.execute(db)
  ).rows;
  if (openers.length === 0) return { cases: 0, mediated: 0 };
  const partners = (
    await sql<Partner>`SELECT id, type_code, district_code FROM orgs WHERE type_code IN ('court', 'hrss', 'justice') AND status = 'active'`.execute(db)
  ).rows;
  const partnerFor = (type: string, district: string | null) =>
    partners.find((p) => p.type_code === type && p.district_code === district) ?? partners.find((p) => p.type_code === type) ?? null;

  const mediated = Math.max(1, Math.round(CITY_MEDIATED * scale));
  const plan: Array<[string, string | null]> = [];
  for (let i = 0; i < mediated; i++) plan.push(['closed', r() < 0.3 ? 'confirmed' : 'mediated']);
  for (const [status, outcome, share] of OTHERS) for (let i = 0; i < Math.round(mediated * share); i++) plan.push([status, outcome]);

  let caseId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM dispute_cases`.execute(db)).rows[0]!.m);
  let personId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM people`.execute(db)).rows[0]!.m);
  let sessionId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM dispute_sessions`.execute(db)).rows[0]!.m);
  let numberSeq = Number(
    (await sql<{ m: number }>`SELECT coalesce(max(substring(number from 9)::bigint), 0) + 1 AS m FROM dispute_cases`.execute(db)).rows[0]!.m,
  );

  const cases: unknown[][] = [];
  const people: unknown[][] = [];
  const workers: unknown[][] = [];
  const claims: unknown[][] = [];
  const invitations: unknown[][] = [];
  const sessions: unknown[][] = [];
  const events: unknown[][] = [];
  const kinds = ['wages', 'wages', 'wages', 'severance', 'social_insurance', 'injury', 'overtime', 'contract'];

  for (const [i, [status, outcome]] of plan.entries()) {
    const o = pick(r, openers);
    const id = caseId++;
    const opened = new Date(START + Math.floor(r() * ((END - START) / DAY)) * DAY);
    const at = (days: number) => new Date(opened.getTime() + days * DAY + 9 * 3_600_000).toISOString();
    const firm = fakeFirm(r, i % 97);
    const total = Math.round((3_000 + r() * 120_000) * 100) / 100;
    const facts = `${1 + Math.floor(r() * 12)}名职工反映${firm.name}拖欠工资或未依法支付相关待遇。`;
    let version = 1;
    const ev = (kind: string, day: number, target: number | null = null, note = '') => events.push([id, version++, kind, null, o.id, target, note, at(day)]);
    ev('open', 0);

    for (let w = 0, n = 1 + Math.floor(r() * 3); w < n; w++) {
      const pid = personId++;
      const name = fakeName(r);
      const phone = fakePhone(r);
      people.push([
        pid,
        name,
        encryptField(keyring, phone, { table: 'people', column: 'phone', rowId: String(pid) }),
        maskPhone(phone),
        ['worker'],
        o.region_code,
        o.region_path,
        o.district_code,
      ]);
      workers.push([id, pid, maskName(name), maskPhone(phone), null]);
    }
    const kind = pick(r, kinds);
    claims.push([id, kind, total, '']);

    const success = outcome === 'mediated' || outcome === 'confirmed';
    const court = outcome === 'confirmed' || outcome === 'litigated' ? partnerFor('court', o.district_code) : null;
    const invited = court ?? (outcome === 'arbitrated' ? partnerFor('hrss', o.district_code) : r() < 0.4 ? partnerFor('justice', o.district_code) : null);
    if (invited) {
      ev('invite', 1, invited.id);
      ev('accept', 2, invited.id);
      invitations.push([id, invited.id, 'accepted', '请参与联合调解', '', at(1), at(2)]);
    }
    let agreed: number | null = null;
    if (status !== 'open') {
      const sid = sessionId++;
      sessions.push([sid, id, at(5), '街道职工服务中心调解室', ['工会调解员'], null, o.id, at(5)]);
      ev('session', 5, null, '街道职工服务中心调解室');
    }
    if (success || status === 'agreed') {
      agreed = Math.round(total * (0.6 + r() * 0.4) * 100) / 100;
      ev('agreement', 8, null, String(agreed));
    }
    if (outcome === 'confirmed') ev('confirm', 15, court?.id ?? null);
    if (outcome === 'arbitrated' || outcome === 'litigated') ev('refer', 10, null);
    const closedDay = outcome === 'confirmed' ? 16 : outcome === 'arbitrated' || outcome === 'litigated' ? 60 : 9;
    if (status === 'closed') ev('close', closedDay);
    cases.push([
      id,
      `LD-${opened.toISOString().slice(0, 4)}-${String(numberSeq++).padStart(6, '0')}`,
      o.id,
      o.region_code,
      o.region_path,
      o.district_code,
      firm.name,
      firm.creditCode,
      encryptField(keyring, facts, { table: 'dispute_cases', column: 'facts', rowId: String(id) }),
      `${Array.from(facts).slice(0, 8).join('')}***`,
      total,
      status,
      outcome,
      agreed,
      agreed === null ? null : `用人单位支付${agreed}元`,
      agreed === null ? null : at(8),
      outcome === 'confirmed' ? at(15) : null,
      outcome === 'confirmed' ? (court?.id ?? null) : null,
      outcome === 'confirmed' ? `（${opened.toISOString().slice(0, 4)}）川01民特${i + 1}号` : null,
      outcome === 'arbitrated' ? 'arbitration' : outcome === 'litigated' ? 'litigation' : null,
      outcome === 'arbitrated' || outcome === 'litigated' ? at(10) : null,
      status === 'closed' ? at(closedDay) : null,
      opened.toISOString().slice(0, 10),
      at(0),
      null,
      version - 1,
    ]);
  }

  await copyRows(
    pool,
    'people',
    ['id', 'name', 'phone_enc', 'phone_masked', 'groups', 'region_code', 'region_path', 'district_code'],
    people,
    people.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);
  const n = await copyRows(
    pool,
    'dispute_cases',
    [
      'id',
      'number',
      'org_id',
      'region_code',
      'region_path',
      'district_code',
      'employer_name',
      'employer_credit_code',
      'facts_enc',
      'facts_masked',
      'claimed_total',
      'status',
      'outcome',
      'agreed_amount',
      'agreement_terms',
      'agreed_at',
      'confirmed_at',
      'confirmed_by_org_id',
      'confirmation_ref',
      'referral_kind',
      'referred_at',
      'closed_at',
      'opened_on',
      'opened_at',
      'created_by',
      'version',
    ],
    cases,
    cases.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('dispute_cases', 'id'), (SELECT max(id) FROM dispute_cases))`.execute(db);
  await sql`SELECT setval('dispute_number_seq', ${numberSeq})`.execute(db);
  await copyRows(pool, 'dispute_workers', ['case_id', 'person_id', 'name_masked', 'phone_masked', 'id_number_masked'], workers, workers.length, progress);
  await copyRows(pool, 'dispute_claims', ['case_id', 'kind', 'amount', 'note'], claims, claims.length, progress);
  await copyRows(
    pool,
    'dispute_invitations',
    ['case_id', 'org_id', 'status', 'note', 'reason', 'invited_at', 'responded_at'],
    invitations,
    invitations.length,
    progress,
  );
  await copyRows(
    pool,
    'dispute_sessions',
    ['id', 'case_id', 'held_at', 'place', 'mediators', 'notes_enc', 'org_id', 'created_at'],
    sessions,
    sessions.length,
    progress,
  );
  if (sessions.length) await sql`SELECT setval(pg_get_serial_sequence('dispute_sessions', 'id'), (SELECT max(id) FROM dispute_sessions))`.execute(db);
  await copyRows(pool, 'dispute_events', ['case_id', 'version', 'kind', 'actor_id', 'org_id', 'target_org_id', 'note', 'at'], events, events.length, progress);
  await sql`ANALYZE dispute_cases`.execute(db);
  return { cases: n, mediated };
}
