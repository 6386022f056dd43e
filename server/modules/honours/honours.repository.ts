import { sql } from 'kysely';
import { affected, moveLinks, type OrgReassignment, type OrgRepath, repath } from '../../platform/repath.js';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import type { Criterion, DocumentSpec, Rule } from './honours.policy.js';

// ───────────── Organizations ─────────────

export type OrgRow = {
  id: number;
  name: string;
  path: string;
  level: string;
  type_code: string;
  status: string;
  region_code: string;
  district_code: string | null;
  is_partner: boolean;
};

export async function findOrg(db: Db, id: number): Promise<OrgRow | undefined> {
  return (
    await sql<OrgRow>`SELECT o.id, o.name, o.path::text AS path, o.level, o.type_code, o.status, o.region_code, o.district_code, t.is_partner
      FROM orgs o JOIN org_types t ON t.code = o.type_code WHERE o.id = ${id}`.execute(db)
  ).rows[0];
}

/** The ancestor-or-self of a path at one level (street, district). */
export async function ancestorAt(db: Db, path: string, level: string): Promise<OrgRow | undefined> {
  return (
    await sql<OrgRow>`SELECT o.id, o.name, o.path::text AS path, o.level, o.type_code, o.status, o.region_code, o.district_code, false AS is_partner
      FROM orgs o WHERE o.path @> ${path}::ltree AND o.level = ${level} ORDER BY nlevel(o.path) DESC LIMIT 1`.execute(db)
  ).rows[0];
}

/** Partner departments that can vet: active partner organizations whose region contains or lies within a region. */
export async function listVettingOrgs(db: Db, regionPath: string) {
  return (
    await sql<{
      id: number;
      name: string;
      type_code: string;
      level: string;
    }>`SELECT o.id, o.name, o.type_code, o.level FROM orgs o JOIN org_types t ON t.code = o.type_code
      WHERE t.is_partner AND o.status = 'active' AND (o.region_path @> ${regionPath}::ltree OR o.region_path <@ ${regionPath}::ltree)
      ORDER BY t.sort, o.path`.execute(db)
  ).rows;
}

// ───────────── Programmes ─────────────

export type NewProgramme = {
  org_id: number;
  title: string;
  award_title: string;
  year: number;
  kinds: string[];
  criteria: Criterion[];
  documents: DocumentSpec[];
  rules: Rule[];
  allow_exception: boolean;
  nomination_from: string;
  nomination_to: string;
  review_to: string;
  notice_days: number;
  announce_on: string;
  created_by: number | null;
};

export async function insertProgramme(db: Db, p: NewProgramme): Promise<number> {
  const r = await db
    .insertInto('honour_programmes')
    .values({ ...p, criteria: JSON.stringify(p.criteria), documents: JSON.stringify(p.documents), rules: JSON.stringify(p.rules) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertQuota(db: Db, q: { programme_id: number; district_code: string; quota: number }): Promise<void> {
  await db.insertInto('honour_quotas').values(q).execute();
}

export async function insertVetter(db: Db, programmeId: number, orgId: number): Promise<void> {
  await db.insertInto('honour_vetters').values({ programme_id: programmeId, org_id: orgId }).execute();
}

export type ProgrammeRow = {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  title: string;
  award_title: string;
  year: number;
  kinds: string[];
  criteria: Criterion[];
  documents: DocumentSpec[];
  rules: Rule[];
  allow_exception: boolean;
  nomination_from: string;
  nomination_to: string;
  review_to: string;
  notice_days: number;
  announce_on: string;
  status: string;
  notice_from: string | null;
  notice_to: string | null;
  announced_at: Date | null;
  version: number;
};

const programmeCols = sql`p.id, p.org_id, po.name AS org_name, po.path::text AS org_path, p.title, p.award_title, p.year, p.kinds, p.criteria,
  p.documents, p.rules, p.allow_exception, p.nomination_from::text AS nomination_from, p.nomination_to::text AS nomination_to,
  p.review_to::text AS review_to, p.notice_days, p.announce_on::text AS announce_on, p.status, p.notice_from::text AS notice_from,
  p.notice_to::text AS notice_to, p.announced_at, p.version`;

export async function listProgrammes(db: Db, scope: ScopeSql): Promise<ProgrammeRow[]> {
  return (
    await sql<ProgrammeRow>`SELECT ${programmeCols} FROM honour_programmes p JOIN orgs po ON po.id = p.org_id WHERE ${scope}
    ORDER BY p.year DESC, p.id DESC LIMIT 200`.execute(db)
  ).rows;
}

export async function findProgramme(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ProgrammeRow | undefined> {
  return (
    await sql<ProgrammeRow>`SELECT ${programmeCols} FROM honour_programmes p JOIN orgs po ON po.id = p.org_id WHERE p.id = ${id} AND ${scope}
      ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(db)
  ).rows[0];
}

export async function setProgramme(db: Db, id: number, set: { status: string; notice_from?: string; notice_to?: string; announced_at?: Date }): Promise<void> {
  await db
    .updateTable('honour_programmes')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export type QuotaRow = { district_code: string; district_name: string; quota: number; street_used: number; district_used: number };

export async function listQuotas(db: Db, programmeId: number): Promise<QuotaRow[]> {
  return (
    await sql<QuotaRow>`SELECT q.district_code, g.name AS district_name, q.quota, q.street_used, q.district_used
      FROM honour_quotas q JOIN regions g ON g.code = q.district_code WHERE q.programme_id = ${programmeId} ORDER BY q.district_code`.execute(db)
  ).rows;
}

/**
 * Takes k places of a district's quota at one level, or none: the row lock serializes concurrent forwards and the
 * WHERE is re-checked on the locked row, so the count never passes the quota.
 */
export async function takePlaces(db: Db, programmeId: number, districtCode: string, level: 'street' | 'district', k: number): Promise<boolean> {
  const col = level === 'street' ? sql.ref('street_used') : sql.ref('district_used');
  const r = await sql`UPDATE honour_quotas SET ${col} = ${col} + ${k}
    WHERE programme_id = ${programmeId} AND district_code = ${districtCode} AND ${col} + ${k} <= quota`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Gives a place back when a forwarded nomination is returned. */
export async function releasePlace(db: Db, programmeId: number, districtCode: string, level: 'street' | 'district'): Promise<void> {
  const col = level === 'street' ? sql.ref('street_used') : sql.ref('district_used');
  await sql`UPDATE honour_quotas SET ${col} = ${col} - 1 WHERE programme_id = ${programmeId} AND district_code = ${districtCode}`.execute(db);
}

export async function findQuota(db: Db, programmeId: number, districtCode: string): Promise<{ quota: number } | undefined> {
  return db.selectFrom('honour_quotas').select('quota').where('programme_id', '=', programmeId).where('district_code', '=', districtCode).executeTakeFirst();
}

export async function listVetters(db: Db, programmeId: number) {
  return (
    await sql<{ id: number; name: string; type_code: string }>`SELECT o.id, o.name, o.type_code FROM honour_vetters v JOIN orgs o ON o.id = v.org_id
      WHERE v.programme_id = ${programmeId} ORDER BY o.id`.execute(db)
  ).rows;
}

// ───────────── Nominations ─────────────

export type NewNomination = {
  programme_id: number;
  kind: string;
  nominator_org_id: number;
  nominator_path: string;
  street_org_id: number;
  street_path: string;
  district_org_id: number;
  district_path: string;
  city_path: string;
  district_code: string;
  person_id: number | null;
  name: string;
  name_masked: string;
  id_number_masked: string | null;
  phone_masked: string | null;
  credit_code: string | null;
  unit_name: string;
  position: string;
  deeds: string;
  recommendation: string;
  frontline: boolean;
  female: boolean;
  leader: boolean;
  minority: boolean;
  new_form: boolean;
  answers: Record<string, unknown>;
  documents: Record<string, string>;
  stage: string;
  created_by: number | null;
};

export async function insertNomination(db: Db, n: NewNomination): Promise<number> {
  const r = await db
    .insertInto('honour_nominations')
    .values({ ...n, answers: JSON.stringify(n.answers), documents: JSON.stringify(n.documents) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export type NominationRow = {
  id: number;
  programme_id: number;
  kind: string;
  nominator_org_id: number;
  nominator_name: string;
  street_path: string;
  street_name: string;
  district_path: string;
  district_name: string;
  city_path: string;
  district_code: string;
  person_id: number | null;
  name: string;
  name_masked: string;
  id_number_masked: string | null;
  phone_masked: string | null;
  credit_code: string | null;
  unit_name: string;
  position: string;
  deeds: string;
  recommendation: string;
  frontline: boolean;
  female: boolean;
  leader: boolean;
  minority: boolean;
  new_form: boolean;
  answers: Record<string, unknown>;
  documents: Record<string, string>;
  stage: string;
  return_reason: string;
  decision_note: string;
  created_at: Date;
  version: number;
};

const nominationCols = sql`n.id, n.programme_id, n.kind, n.nominator_org_id, no.name AS nominator_name, n.street_path::text AS street_path,
  so.name AS street_name, n.district_path::text AS district_path, dor.name AS district_name, n.city_path::text AS city_path, n.district_code,
  n.person_id, n.name, n.name_masked, n.id_number_masked, n.phone_masked, n.credit_code, n.unit_name, n.position, n.deeds, n.recommendation,
  n.frontline, n.female, n.leader, n.minority, n.new_form, n.answers, n.documents, n.stage, n.return_reason, n.decision_note, n.created_at, n.version`;
const nominationFrom = sql`honour_nominations n JOIN orgs no ON no.id = n.nominator_org_id JOIN orgs so ON so.id = n.street_org_id
  JOIN orgs dor ON dor.id = n.district_org_id`;

export async function listNominations(db: Db, scope: ScopeSql, programmeId: number, f: { stage?: string }): Promise<NominationRow[]> {
  return (
    await sql<NominationRow>`SELECT ${nominationCols} FROM ${nominationFrom}
      WHERE n.programme_id = ${programmeId} AND ${scope} ${f.stage ? sql`AND n.stage = ${f.stage}` : sql``}
      ORDER BY n.district_code, n.id LIMIT 2000`.execute(db)
  ).rows;
}

export async function findNomination(db: Db, scope: ScopeSql, id: number, lock = false): Promise<NominationRow | undefined> {
  return (
    await sql<NominationRow>`SELECT ${nominationCols} FROM ${nominationFrom} WHERE n.id = ${id} AND ${scope}
      ${lock ? sql`FOR UPDATE OF n` : sql``}`.execute(db)
  ).rows[0];
}

/** Locks the nominations a level acts on; only those held at that level by that unit come back. */
export async function lockAtLevel(
  db: Db,
  programmeId: number,
  ids: number[],
  levelCol: 'street_path' | 'district_path' | 'city_path',
  orgPath: string,
  stage: string,
) {
  return (
    await sql<{ id: number; district_code: string }>`SELECT n.id, n.district_code FROM honour_nominations n
      WHERE n.programme_id = ${programmeId} AND n.id = ANY(${ids}::bigint[]) AND ${sql.ref(`n.${levelCol}`)} = ${orgPath}::ltree AND n.stage = ${stage}
      ORDER BY n.id FOR UPDATE`.execute(db)
  ).rows;
}

export type MemberRow = {
  id: number;
  kind: 'individual' | 'collective';
  frontline: boolean;
  female: boolean;
  leader: boolean;
  minority: boolean;
  new_form: boolean;
};

/** The list of one level's unit: its nominations in the given stages (what it has forwarded, or holds). */
export async function listMembers(
  db: Db,
  programmeId: number,
  levelCol: 'street_path' | 'district_path' | 'city_path',
  orgPath: string,
  stages: readonly string[],
): Promise<MemberRow[]> {
  return (
    await sql<MemberRow>`SELECT n.id, n.kind, n.frontline, n.female, n.leader, n.minority, n.new_form FROM honour_nominations n
      WHERE n.programme_id = ${programmeId} AND ${sql.ref(`n.${levelCol}`)} = ${orgPath}::ltree AND n.stage = ANY(${stages as string[]}::text[])`.execute(db)
  ).rows;
}

export async function setStage(db: Db, ids: number[], set: { stage: string; return_reason?: string; decision_note?: string }): Promise<void> {
  await db
    .updateTable('honour_nominations')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', 'in', ids)
    .execute();
}

export async function insertEvents(
  db: Db,
  rows: Array<{ nomination_id: number; kind: string; actor_id: number | null; org_id: number | null; note: string }>,
): Promise<void> {
  if (rows.length > 0) await db.insertInto('honour_events').values(rows).execute();
}

export async function listEvents(db: Db, nominationId: number) {
  return (
    await sql<{ kind: string; actor_name: string | null; org_name: string | null; note: string; at: Date }>`SELECT e.kind, a.display_name AS actor_name,
      o.name AS org_name, e.note, e.at FROM honour_events e LEFT JOIN accounts a ON a.id = e.actor_id LEFT JOIN orgs o ON o.id = e.org_id
      WHERE e.nomination_id = ${nominationId} ORDER BY e.id`.execute(db)
  ).rows;
}

export async function insertException(
  db: Db,
  e: { programme_id: number; org_id: number; reason: string; shortfall: unknown; nomination_ids: number[]; created_by: number },
): Promise<number> {
  const r = await db
    .insertInto('honour_exceptions')
    .values({ ...e, shortfall: JSON.stringify(e.shortfall) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function listExceptions(db: Db, programmeId: number, scope: ScopeSql) {
  return (
    await sql<{ id: number; org_name: string; reason: string; shortfall: unknown; nomination_ids: string[]; created_at: Date }>`SELECT x.id, o.name AS org_name,
      x.reason, x.shortfall, x.nomination_ids, x.created_at FROM honour_exceptions x JOIN orgs o ON o.id = x.org_id
      WHERE x.programme_id = ${programmeId} AND ${scope} ORDER BY x.id`.execute(db)
  ).rows;
}

// ───────────── Vetting ─────────────

/** Asks every vetting department of the programme about every nominee held at the city; returns how many were asked. */
export async function requestVettings(db: Db, programmeId: number, ids: number[]): Promise<number> {
  const r = await sql`INSERT INTO honour_vettings (nomination_id, org_id)
    SELECT n.id, v.org_id FROM honour_nominations n JOIN honour_vetters v ON v.programme_id = n.programme_id
    WHERE n.programme_id = ${programmeId} AND n.id = ANY(${ids}::bigint[])
    ON CONFLICT (nomination_id, org_id) DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export type VettingRow = {
  id: number;
  nomination_id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  verdict: string | null;
  reason: string;
  requested_at: Date;
  responded_at: Date | null;
};

export async function listVettings(db: Db, nominationIds: number[]): Promise<VettingRow[]> {
  if (nominationIds.length === 0) return [];
  return (
    await sql<VettingRow>`SELECT v.id, v.nomination_id, v.org_id, o.name AS org_name, o.path::text AS org_path, v.verdict, v.reason, v.requested_at, v.responded_at
      FROM honour_vettings v JOIN orgs o ON o.id = v.org_id WHERE v.nomination_id = ANY(${nominationIds}::bigint[]) ORDER BY v.nomination_id, o.id`.execute(db)
  ).rows;
}

export async function findVettingFor(db: Db, nominationId: number, orgPath: string): Promise<VettingRow | undefined> {
  return (
    await sql<VettingRow>`SELECT v.id, v.nomination_id, v.org_id, o.name AS org_name, o.path::text AS org_path, v.verdict, v.reason, v.requested_at, v.responded_at
      FROM honour_vettings v JOIN orgs o ON o.id = v.org_id WHERE v.nomination_id = ${nominationId} AND o.path <@ ${orgPath}::ltree
      ORDER BY (v.verdict IS NULL) DESC, v.id LIMIT 1 FOR UPDATE OF v`.execute(db)
  ).rows[0];
}

export async function setVetting(db: Db, id: number, set: { verdict: string; reason: string; responded_by: number }): Promise<void> {
  await db
    .updateTable('honour_vettings')
    .set({ ...set, responded_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// ───────────── Objections ─────────────

export async function insertObjection(db: Db, o: { nomination_id: number; person_id: number; evidence: string }): Promise<number> {
  return (await db.insertInto('honour_objections').values(o).returning('id').executeTakeFirstOrThrow()).id;
}

export type ObjectionRow = {
  id: number;
  nomination_id: number;
  evidence: string;
  status: string;
  outcome: string | null;
  lodged_at: Date;
  decided_at: Date | null;
};

export async function listObjections(db: Db, nominationIds: number[]): Promise<ObjectionRow[]> {
  if (nominationIds.length === 0) return [];
  return (
    await sql<ObjectionRow>`SELECT id, nomination_id, evidence, status, outcome, lodged_at, decided_at FROM honour_objections
      WHERE nomination_id = ANY(${nominationIds}::bigint[]) ORDER BY id`.execute(db)
  ).rows;
}

export async function findObjection(db: Db, id: number): Promise<{ id: number; nomination_id: number; status: string } | undefined> {
  return (
    await sql<{
      id: number;
      nomination_id: number;
      status: string;
    }>`SELECT id, nomination_id, status FROM honour_objections WHERE id = ${id} FOR UPDATE`.execute(db)
  ).rows[0];
}

export async function decideObjection(db: Db, id: number, set: { status: string; outcome: string; decided_by: number }): Promise<void> {
  await db
    .updateTable('honour_objections')
    .set({ ...set, decided_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function countOpenObjections(db: Db, programmeId: number): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM honour_objections o JOIN honour_nominations n ON n.id = o.nomination_id
    WHERE n.programme_id = ${programmeId} AND o.status = 'open'`.execute(db);
  return r.rows[0]!.n;
}

// ───────────── Awards ─────────────

export async function nextCertificateSeq(db: Db): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT nextval('honour_certificate_seq')::bigint AS n`.execute(db)).rows[0]!.n);
}

export async function insertAward(
  db: Db,
  a: {
    nomination_id: number;
    programme_id: number;
    number: string;
    verify_token: string;
    person_id: number | null;
    credit_code: string | null;
    awarded_on: string;
  },
): Promise<number> {
  return (await db.insertInto('honour_awards').values(a).returning('id').executeTakeFirstOrThrow()).id;
}

export type AwardRow = {
  id: number;
  nomination_id: number;
  number: string;
  verify_token: string;
  awarded_on: string;
  person_id: number | null;
  kind: string;
  name: string;
  name_masked: string;
  id_number_masked: string | null;
  unit_name: string;
  district_name: string;
  programme_title: string;
  award_title: string;
  year: number;
  org_name: string;
};

const awardCols = sql`a.id, a.nomination_id, a.number, a.verify_token, a.awarded_on::text AS awarded_on, a.person_id, n.kind, n.name, n.name_masked,
  n.id_number_masked, n.unit_name, g.name AS district_name, p.title AS programme_title, p.award_title, p.year, po.name AS org_name`;
const awardFrom = sql`honour_awards a JOIN honour_nominations n ON n.id = a.nomination_id JOIN honour_programmes p ON p.id = a.programme_id
  JOIN orgs po ON po.id = p.org_id JOIN regions g ON g.code = n.district_code`;

export async function findAward(db: Db, scope: ScopeSql, id: number): Promise<AwardRow | undefined> {
  return (await sql<AwardRow>`SELECT ${awardCols} FROM ${awardFrom} WHERE a.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export async function findAwardByNumber(db: Db, number: string): Promise<AwardRow | undefined> {
  return (await sql<AwardRow>`SELECT ${awardCols} FROM ${awardFrom} WHERE a.number = ${number}`.execute(db)).rows[0];
}

export async function listAwardsOf(db: Db, scope: ScopeSql): Promise<AwardRow[]> {
  return (await sql<AwardRow>`SELECT ${awardCols} FROM ${awardFrom} WHERE ${scope} ORDER BY p.year DESC, a.id`.execute(db)).rows;
}

// ───────────── Portal ─────────────

export type NoticeRow = {
  id: number;
  title: string;
  award_title: string;
  year: number;
  org_name: string;
  status: string;
  notice_from: string;
  notice_to: string;
  nominees: number;
};

export async function listNotices(db: Db): Promise<NoticeRow[]> {
  return (
    await sql<NoticeRow>`SELECT p.id, p.title, p.award_title, p.year, po.name AS org_name, p.status, p.notice_from::text AS notice_from, p.notice_to::text AS notice_to,
      (SELECT count(*)::int FROM honour_nominations n WHERE n.programme_id = p.id AND n.stage IN ('shortlisted', 'awarded')) AS nominees
      FROM honour_programmes p JOIN orgs po ON po.id = p.org_id WHERE p.status IN ('notice', 'announced') ORDER BY p.notice_from DESC, p.id DESC LIMIT 100`.execute(
      db,
    )
  ).rows;
}

export type PublicNomineeRow = {
  id: number;
  kind: string;
  name: string;
  unit_name: string;
  position: string;
  deeds: string;
  district_name: string;
  stage: string;
};

export async function listPublicNominees(db: Db, programmeId: number, stages: readonly string[]): Promise<PublicNomineeRow[]> {
  return (
    await sql<PublicNomineeRow>`SELECT n.id, n.kind, n.name, n.unit_name, n.position, n.deeds, g.name AS district_name, n.stage
      FROM honour_nominations n JOIN regions g ON g.code = n.district_code
      WHERE n.programme_id = ${programmeId} AND n.stage = ANY(${stages as string[]}::text[]) ORDER BY n.district_code, n.kind DESC, n.id`.execute(db)
  ).rows;
}

export async function findPublicNominee(db: Db, id: number): Promise<{ id: number; programme_id: number; stage: string } | undefined> {
  return (await sql<{ id: number; programme_id: number; stage: string }>`SELECT id, programme_id, stage FROM honour_nominations WHERE id = ${id}`.execute(db))
    .rows[0];
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
/** Copied organization paths of nominations (nominator and the street, district and city above it) under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  for (const col of ['nominator_path', 'street_path', 'district_path', 'city_path']) {
    await sql`UPDATE honour_nominations SET ${sql.ref(col)} = ${repath(col, p)} WHERE ${sql.ref(col)} <@ ${p.fromPath}::ltree`.execute(db);
  }
}

export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    honour_programmes: affected(await sql`UPDATE honour_programmes SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    honour_nominations: affected(await sql`UPDATE honour_nominations SET nominator_org_id = ${m.toId} WHERE nominator_org_id = ${m.fromId}`.execute(db)),
    honour_nominations_street: affected(await sql`UPDATE honour_nominations SET street_org_id = ${m.toId} WHERE street_org_id = ${m.fromId}`.execute(db)),
    honour_nominations_district: affected(await sql`UPDATE honour_nominations SET district_org_id = ${m.toId} WHERE district_org_id = ${m.fromId}`.execute(db)),
    honour_vetters: await moveLinks(db, 'honour_vetters', 'programme_id', m),
    honour_vettings: await moveLinks(db, 'honour_vettings', 'nomination_id', m),
    honour_exceptions: affected(await sql`UPDATE honour_exceptions SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
