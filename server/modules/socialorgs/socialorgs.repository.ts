import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';
import type { ScopeSql } from '../../platform/scope.js';
import type { Criterion, Deliverable } from '../../../contracts/socialorgs.js';

// ───────────── Registry ─────────────

export type SorgRow = {
  id: number;
  org_id: number;
  name: string;
  credit_code: string;
  reg_type: string;
  authority: string;
  registered_on: string;
  domain: string;
  region_code: string;
  region_path: string;
  region_name: string;
  service_areas: string[];
  rating: string | null;
  status: string;
  contact_name_masked: string | null;
  contact_phone_masked: string | null;
  keeper_org_id: number;
  keeper_path: string;
  expiring_documents: number;
  version: number;
};

const sorgCols = (
  today: string,
  warnDays: number,
) => sql`s.id, s.org_id, s.name, s.credit_code, s.reg_type, s.authority, to_char(s.registered_on, 'YYYY-MM-DD') AS registered_on,
  s.domain, s.region_code, s.region_path::text AS region_path, s.region_name, s.service_areas, s.rating, s.status, s.contact_name_masked, s.contact_phone_masked,
  s.keeper_org_id, s.keeper_path::text AS keeper_path, s.version,
  (SELECT count(*)::int FROM sorg_documents d WHERE d.sorg_id = s.id AND d.expires_on IS NOT NULL AND d.expires_on <= ${today}::date + ${warnDays}::int) AS expiring_documents`;

export async function insertSorg(
  db: Db,
  r: Omit<SorgRow, 'id' | 'version' | 'expiring_documents'> & { contact_person_id: number | null; created_by: number },
): Promise<number> {
  return (await db.insertInto('sorg_orgs').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function creditCodeTaken(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('sorg_orgs').select('id').where('credit_code', '=', code).executeTakeFirst()) !== undefined;
}

export async function findSorg(db: Db, scope: ScopeSql, id: number, today: string, warnDays: number, lock = false): Promise<SorgRow | undefined> {
  if (lock) await sql`SELECT 1 FROM sorg_orgs s WHERE s.id = ${id} AND ${scope} FOR UPDATE`.execute(db);
  return (await sql<SorgRow>`SELECT ${sorgCols(today, warnDays)} FROM sorg_orgs s WHERE s.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export async function findSorgByOrg(db: Db, orgId: number, today: string, warnDays: number): Promise<SorgRow | undefined> {
  return (await sql<SorgRow>`SELECT ${sorgCols(today, warnDays)} FROM sorg_orgs s WHERE s.org_id = ${orgId}`.execute(db)).rows[0];
}

export async function listSorgs(
  db: Db,
  scope: ScopeSql,
  f: { q?: string; domain?: string; expiring?: boolean; limit: number; offset: number },
  today: string,
  warnDays: number,
) {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.q) parts.push(sql<SqlBool>`(s.name ILIKE ${`%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} OR s.credit_code = ${f.q.toUpperCase()})`);
  if (f.domain) parts.push(sql<SqlBool>`s.domain = ${f.domain}`);
  if (f.expiring)
    parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM sorg_documents d WHERE d.sorg_id = s.id AND d.expires_on <= ${today}::date + ${warnDays}::int)`);
  const where = sql.join(parts, sql` AND `);
  const rows = (
    await sql<SorgRow>`SELECT ${sorgCols(today, warnDays)} FROM sorg_orgs s WHERE ${where} ORDER BY s.name, s.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(
      db,
    )
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sorg_orgs s WHERE ${where}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function updateSorg(
  db: Db,
  id: number,
  version: number,
  set: Partial<{ rating: string | null; status: string; service_areas: string[] }>,
): Promise<boolean> {
  const r = await db
    .updateTable('sorg_orgs')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type DocumentRow = {
  id: number;
  kind: string;
  title: string;
  expires_on: string | null;
  file_sha256: string | null;
  file_mime: string | null;
  file_size: number | null;
  file_name: string | null;
  file_uploaded_at: Date | null;
};
const docCols = sql`id, kind, title, to_char(expires_on, 'YYYY-MM-DD') AS expires_on, file_sha256, file_mime, file_size, file_name, file_uploaded_at`;

export async function documentsOf(db: Db, sorgId: number): Promise<DocumentRow[]> {
  return (await sql<DocumentRow>`SELECT ${docCols} FROM sorg_documents WHERE sorg_id = ${sorgId} ORDER BY expires_on NULLS LAST, id`.execute(db)).rows;
}

/** One document of an organization the caller has already found in scope. */
export async function findDocument(db: Db, sorgId: number, documentId: number, lock = false): Promise<DocumentRow | undefined> {
  return (
    await sql<DocumentRow>`SELECT ${docCols} FROM sorg_documents WHERE id = ${documentId} AND sorg_id = ${sorgId}${lock ? sql` FOR UPDATE` : sql``}`.execute(db)
  ).rows[0];
}

export async function setDocumentFile(
  db: Db,
  documentId: number,
  f: { sha256: string; mime: string; size: number; name: string; uploadedBy: number },
): Promise<void> {
  await sql`UPDATE sorg_documents SET file_sha256 = ${f.sha256}, file_mime = ${f.mime}, file_size = ${f.size}, file_name = ${f.name},
      file_uploaded_by = ${f.uploadedBy}, file_uploaded_at = now() WHERE id = ${documentId}`.execute(db);
}

export async function insertDocument(db: Db, d: { sorg_id: number; kind: string; title: string; expires_on: string | null }): Promise<number> {
  return (await db.insertInto('sorg_documents').values(d).returning('id').executeTakeFirstOrThrow()).id;
}

export type MembershipRow = { id: number; hub_id: number; hub_name: string; member_id: number; member_name: string; joined_on: string; left_on: string | null };
export async function membershipsOf(db: Db, sorgId: number): Promise<MembershipRow[]> {
  return (
    await sql<MembershipRow>`SELECT m.id, m.hub_id, h.name AS hub_name, m.member_id, mo.name AS member_name, to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, to_char(m.left_on, 'YYYY-MM-DD') AS left_on
      FROM sorg_memberships m JOIN sorg_orgs h ON h.id = m.hub_id JOIN sorg_orgs mo ON mo.id = m.member_id
      WHERE m.hub_id = ${sorgId} OR m.member_id = ${sorgId} ORDER BY m.left_on NULLS FIRST, mo.name`.execute(db)
  ).rows;
}

export async function insertMembership(db: Db, m: { hub_id: number; member_id: number; joined_on: string }): Promise<number> {
  return (await db.insertInto('sorg_memberships').values(m).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findMembership(db: Db, id: number) {
  return db.selectFrom('sorg_memberships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function closeMembership(db: Db, id: number, leftOn: string): Promise<void> {
  await db.updateTable('sorg_memberships').set({ left_on: leftOn }).where('id', '=', id).execute();
}

export type IncubationRow = {
  id: number;
  sorg_id: number;
  org_id: number;
  org_path: string;
  programme: string;
  phase: string;
  mentor: string;
  support: string;
  started_on: string;
  graduated_on: string | null;
  version: number;
};
const incCols = sql`i.id, i.sorg_id, i.org_id, i.org_path::text AS org_path, i.programme, i.phase, i.mentor, i.support, to_char(i.started_on, 'YYYY-MM-DD') AS started_on, to_char(i.graduated_on, 'YYYY-MM-DD') AS graduated_on, i.version`;
export async function incubationsOf(db: Db, sorgId: number): Promise<IncubationRow[]> {
  return (await sql<IncubationRow>`SELECT ${incCols} FROM sorg_incubations i WHERE i.sorg_id = ${sorgId} ORDER BY i.started_on DESC, i.id`.execute(db)).rows;
}
export async function findIncubation(db: Db, id: number, orgPath: string): Promise<IncubationRow | undefined> {
  return (await sql<IncubationRow>`SELECT ${incCols} FROM sorg_incubations i WHERE i.id = ${id} AND i.org_path <@ ${orgPath}::ltree FOR UPDATE`.execute(db))
    .rows[0];
}
export async function insertIncubation(
  db: Db,
  r: { sorg_id: number; org_id: number; org_path: string; programme: string; mentor: string; support: string; started_on: string },
): Promise<number> {
  return (await db.insertInto('sorg_incubations').values(r).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateIncubation(
  db: Db,
  id: number,
  version: number,
  set: Partial<{ phase: string; mentor: string; support: string; graduated_on: string | null }>,
): Promise<boolean> {
  const r = await db
    .updateTable('sorg_incubations')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ───────────── Calls ─────────────

export type CallRow = {
  id: number;
  org_id: number;
  org_path: string;
  org_name: string;
  title: string;
  description: string;
  budget: number;
  area_code: string;
  area_name: string;
  target_groups: string[];
  criteria: Criterion[];
  deadline: string;
  status: string;
  applications: number;
  version: number;
};
const callCols = sql`c.id, c.org_id, c.org_path::text AS org_path, c.org_name, c.title, c.description, c.budget, c.area_code, c.area_name, c.target_groups, c.criteria,
  to_char(c.deadline, 'YYYY-MM-DD') AS deadline, c.status, c.version, (SELECT count(*)::int FROM sorg_applications a WHERE a.call_id = c.id) AS applications`;

export async function insertCall(
  db: Db,
  r: Omit<CallRow, 'id' | 'status' | 'applications' | 'version' | 'criteria'> & { criteria: Criterion[]; area_path: string; created_by: number },
): Promise<number> {
  return (
    await db
      .insertInto('sorg_calls')
      .values({ ...r, criteria: JSON.stringify(r.criteria) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
export async function findCall(db: Db, scope: ScopeSql, id: number, lock = false): Promise<CallRow | undefined> {
  if (lock) await sql`SELECT 1 FROM sorg_calls c WHERE c.id = ${id} AND ${scope} FOR UPDATE`.execute(db);
  return (await sql<CallRow>`SELECT ${callCols} FROM sorg_calls c WHERE c.id = ${id} AND ${scope}`.execute(db)).rows[0];
}
export async function listCalls(db: Db, scope: ScopeSql, f: { status?: string; limit: number; offset: number }) {
  const where = f.status ? sql<SqlBool>`${scope} AND c.status = ${f.status}` : scope;
  const rows = (
    await sql<CallRow>`SELECT ${callCols} FROM sorg_calls c WHERE ${where} ORDER BY c.deadline DESC, c.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sorg_calls c WHERE ${where}`.execute(db)).rows[0]!.n;
  return { rows, total };
}
export async function setCallStatus(db: Db, id: number, version: number, from: string, to: string): Promise<boolean> {
  const r = await db
    .updateTable('sorg_calls')
    .set({ status: to, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function reviewersOf(db: Db, callId: number) {
  return (
    await sql<{ account_id: number; name: string }>`SELECT account_id, name FROM sorg_reviewers WHERE call_id = ${callId} ORDER BY name, account_id`.execute(db)
  ).rows;
}
export async function replaceReviewers(db: Db, callId: number, rs: Array<{ account_id: number; name: string }>): Promise<void> {
  await db.deleteFrom('sorg_reviewers').where('call_id', '=', callId).execute();
  if (rs.length)
    await db
      .insertInto('sorg_reviewers')
      .values(rs.map((r) => ({ call_id: callId, ...r })))
      .execute();
}
export async function hasDeclarations(db: Db, callId: number): Promise<boolean> {
  return (
    (await sql`SELECT 1 FROM sorg_declarations d JOIN sorg_applications a ON a.id = d.application_id WHERE a.call_id = ${callId} LIMIT 1`.execute(db)).rows
      .length > 0
  );
}

// ───────────── Applications, declarations, scores ─────────────

export type ApplicationRow = {
  id: number;
  call_id: number;
  call_title: string;
  sorg_id: number;
  sorg_name: string;
  org_id: number;
  title: string;
  proposal: string;
  amount: number;
  documents: string[];
  status: string;
  total_score: number | null;
  submitted_at: Date;
  project_id: number | null;
};
const appCols = sql`a.id, a.call_id, c.title AS call_title, a.sorg_id, s.name AS sorg_name, a.org_id, a.title, a.proposal, a.amount, a.documents, a.status,
  a.total_score::float8 AS total_score, a.submitted_at, (SELECT p.id FROM sorg_projects p WHERE p.application_id = a.id) AS project_id`;
const appFrom = sql`FROM sorg_applications a JOIN sorg_calls c ON c.id = a.call_id JOIN sorg_orgs s ON s.id = a.sorg_id`;

export async function insertApplication(
  db: Db,
  r: { call_id: number; sorg_id: number; org_id: number; title: string; proposal: string; amount: number; documents: string[] },
): Promise<number> {
  return (await db.insertInto('sorg_applications').values(r).returning('id').executeTakeFirstOrThrow()).id;
}
export async function applicationExists(db: Db, callId: number, sorgId: number): Promise<boolean> {
  return (await db.selectFrom('sorg_applications').select('id').where('call_id', '=', callId).where('sorg_id', '=', sorgId).executeTakeFirst()) !== undefined;
}
/** An application with the scope predicate over its call (c) or its organization (a.org_id). */
export async function findApplication(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ApplicationRow | undefined> {
  if (lock) await sql`SELECT 1 FROM sorg_applications a JOIN sorg_calls c ON c.id = a.call_id WHERE a.id = ${id} AND ${scope} FOR UPDATE OF a`.execute(db);
  return (await sql<ApplicationRow>`SELECT ${appCols} ${appFrom} WHERE a.id = ${id} AND ${scope}`.execute(db)).rows[0];
}
export async function applicationsOf(db: Db, callId: number, orgId: number | null): Promise<ApplicationRow[]> {
  const own = orgId === null ? sql`` : sql`AND a.org_id = ${orgId}`;
  return (await sql<ApplicationRow>`SELECT ${appCols} ${appFrom} WHERE a.call_id = ${callId} ${own} ORDER BY a.total_score DESC NULLS LAST, a.id`.execute(db))
    .rows;
}
export async function setApplicationScore(db: Db, id: number, total: number | null): Promise<void> {
  await db.updateTable('sorg_applications').set({ total_score: total }).where('id', '=', id).execute();
}
export async function setApplicationStatus(db: Db, id: number, status: string): Promise<void> {
  await db.updateTable('sorg_applications').set({ status }).where('id', '=', id).execute();
}
export async function declineOthers(db: Db, callId: number, awardedId: number): Promise<void> {
  await db
    .updateTable('sorg_applications')
    .set({ status: 'declined' })
    .where('call_id', '=', callId)
    .where('id', '<>', awardedId)
    .where('status', '=', 'submitted')
    .execute();
}

export type DeclarationRow = { application_id: number; account_id: number; conflict: boolean; name: string };
export async function declarationsOf(db: Db, applicationIds: number[]): Promise<DeclarationRow[]> {
  if (applicationIds.length === 0) return [];
  return (
    await sql<DeclarationRow>`SELECT d.application_id, d.account_id, d.conflict, coalesce(r.name, '') AS name FROM sorg_declarations d
      JOIN sorg_applications a ON a.id = d.application_id LEFT JOIN sorg_reviewers r ON r.call_id = a.call_id AND r.account_id = d.account_id
      WHERE d.application_id = ANY(${applicationIds}::bigint[]) ORDER BY r.name, d.account_id`.execute(db)
  ).rows;
}
export async function insertDeclaration(db: Db, r: { application_id: number; account_id: number; conflict: boolean; note: string }): Promise<void> {
  await db.insertInto('sorg_declarations').values(r).execute();
}
export async function findDeclaration(db: Db, applicationId: number, accountId: number) {
  return db
    .selectFrom('sorg_declarations')
    .select(['conflict'])
    .where('application_id', '=', applicationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}
export type ScoreRow = { application_id: number; account_id: number; criterion: string; score: number };
export async function scoresOf(db: Db, applicationIds: number[]): Promise<ScoreRow[]> {
  if (applicationIds.length === 0) return [];
  return (
    await sql<ScoreRow>`SELECT application_id, account_id, criterion, score FROM sorg_scores WHERE application_id = ANY(${applicationIds}::bigint[]) ORDER BY criterion`.execute(
      db,
    )
  ).rows;
}
export async function upsertScores(db: Db, applicationId: number, accountId: number, scores: Array<{ criterion: string; score: number }>): Promise<void> {
  await db
    .insertInto('sorg_scores')
    .values(scores.map((s) => ({ application_id: applicationId, account_id: accountId, criterion: s.criterion, score: s.score })))
    .onConflict((oc) =>
      oc.columns(['application_id', 'account_id', 'criterion']).doUpdateSet((eb) => ({ score: eb.ref('excluded.score'), scored_at: sql`now()` })),
    )
    .execute();
}

// ───────────── Projects ─────────────

export type ProjectRow = {
  id: number;
  call_id: number;
  application_id: number;
  sorg_id: number;
  sorg_name: string;
  org_id: number;
  funder_org_id: number;
  funder_name: string;
  title: string;
  amount: number;
  paid: number;
  starts_on: string;
  ends_on: string;
  deliverables: Deliverable[];
  status: string;
  evaluation_score: number | null;
  evaluation_note: string | null;
  version: number;
};
const projCols = sql`p.id, p.call_id, p.application_id, p.sorg_id, s.name AS sorg_name, p.org_id, p.funder_org_id, p.funder_name, p.title, p.amount,
  (SELECT coalesce(sum(m.payment), 0)::int FROM sorg_milestones m WHERE m.project_id = p.id AND m.paid_on IS NOT NULL) AS paid,
  to_char(p.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on, p.deliverables, p.status, p.evaluation_score, p.evaluation_note, p.version`;
const projFrom = sql`FROM sorg_projects p JOIN sorg_orgs s ON s.id = p.sorg_id`;

export async function insertProject(
  db: Db,
  r: {
    application_id: number;
    call_id: number;
    sorg_id: number;
    org_id: number;
    funder_org_id: number;
    funder_path: string;
    funder_name: string;
    title: string;
    amount: number;
    starts_on: string;
    ends_on: string;
    deliverables: Deliverable[];
  },
): Promise<number> {
  return (
    await db
      .insertInto('sorg_projects')
      .values({ ...r, deliverables: JSON.stringify(r.deliverables) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
export async function findProject(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ProjectRow | undefined> {
  if (lock) await sql`SELECT 1 FROM sorg_projects p WHERE p.id = ${id} AND ${scope} FOR UPDATE`.execute(db);
  return (await sql<ProjectRow>`SELECT ${projCols} ${projFrom} WHERE p.id = ${id} AND ${scope}`.execute(db)).rows[0];
}
export async function listProjects(db: Db, scope: ScopeSql, f: { limit: number; offset: number }) {
  const rows = (
    await sql<ProjectRow>`SELECT ${projCols} ${projFrom} WHERE ${scope} ORDER BY p.starts_on DESC, p.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sorg_projects p WHERE ${scope}`.execute(db)).rows[0]!.n;
  return { rows, total };
}
export async function setProjectStatus(db: Db, id: number, status: string): Promise<void> {
  await db
    .updateTable('sorg_projects')
    .set({ status, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}
export async function evaluateProject(db: Db, id: number, version: number, score: number, note: string): Promise<boolean> {
  const r = await db
    .updateTable('sorg_projects')
    .set({ status: 'evaluated', evaluation_score: score, evaluation_note: note, evaluated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type MilestoneRow = {
  id: number;
  project_id: number;
  seq: number;
  title: string;
  due_on: string;
  payment: number;
  status: string;
  report: string;
  paid_on: string | null;
};
const msCols = sql`m.id, m.project_id, m.seq, m.title, to_char(m.due_on, 'YYYY-MM-DD') AS due_on, m.payment, m.status, m.report, to_char(m.paid_on, 'YYYY-MM-DD') AS paid_on`;
export async function insertMilestone(db: Db, r: { project_id: number; seq: number; title: string; due_on: string; payment: number }): Promise<void> {
  await db.insertInto('sorg_milestones').values(r).execute();
}
export async function milestonesOf(db: Db, projectId: number): Promise<MilestoneRow[]> {
  return (await sql<MilestoneRow>`SELECT ${msCols} FROM sorg_milestones m WHERE m.project_id = ${projectId} ORDER BY m.seq`.execute(db)).rows;
}
export async function findMilestone(db: Db, id: number): Promise<MilestoneRow | undefined> {
  return (await sql<MilestoneRow>`SELECT ${msCols} FROM sorg_milestones m WHERE m.id = ${id} FOR UPDATE`.execute(db)).rows[0];
}
export async function reportMilestone(db: Db, id: number, report: string): Promise<void> {
  await db
    .updateTable('sorg_milestones')
    .set({ status: 'reported', report, reported_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
export async function decideMilestone(db: Db, id: number, accept: boolean, today: string): Promise<void> {
  await db
    .updateTable('sorg_milestones')
    .set(accept ? { status: 'accepted', accepted_at: sql`now()`, paid_on: today } : { status: 'returned' })
    .where('id', '=', id)
    .execute();
}
export async function activityIdsOf(db: Db, projectId: number): Promise<number[]> {
  return (await db.selectFrom('sorg_project_activities').select('activity_id').where('project_id', '=', projectId).orderBy('linked_at').execute()).map(
    (r) => r.activity_id,
  );
}
export async function linkActivity(db: Db, projectId: number, activityId: number): Promise<boolean> {
  const r = await db
    .insertInto('sorg_project_activities')
    .values({ project_id: projectId, activity_id: activityId })
    .onConflict((oc) => oc.doNothing())
    .returning('activity_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Copied organization paths of registry records, incubations, calls and funded projects under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE sorg_orgs SET keeper_path = ${repath('keeper_path', p)} WHERE keeper_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE sorg_incubations SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE sorg_calls SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE sorg_projects SET funder_path = ${repath('funder_path', p)} WHERE funder_path <@ ${p.fromPath}::ltree`.execute(db);
}

/** Whether both units are registered social organizations (each registry record is one unit's, so they cannot merge). */
export async function bothRegistered(db: Db, fromId: number, toId: number): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sorg_orgs WHERE org_id IN (${fromId}, ${toId})`.execute(db);
  return r.rows[0]!.n === 2;
}

/**
 * Organization merge: the registry record of a merged social organization's unit, the records the merged unit keeps,
 * its incubations, calls, applications and funded projects go to the survivor, copied names included.
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    sorg_orgs: affected(await sql`UPDATE sorg_orgs SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    sorg_orgs_kept: affected(await sql`UPDATE sorg_orgs SET keeper_org_id = ${m.toId} WHERE keeper_org_id = ${m.fromId}`.execute(db)),
    sorg_incubations: affected(await sql`UPDATE sorg_incubations SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    sorg_calls: affected(await sql`UPDATE sorg_calls SET org_id = ${m.toId}, org_name = ${m.toName} WHERE org_id = ${m.fromId}`.execute(db)),
    sorg_applications: affected(await sql`UPDATE sorg_applications SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    sorg_projects: affected(await sql`UPDATE sorg_projects SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    sorg_projects_funded: affected(
      await sql`UPDATE sorg_projects SET funder_org_id = ${m.toId}, funder_name = ${m.toName} WHERE funder_org_id = ${m.fromId}`.execute(db),
    ),
  };
  await repathOrgs(db, m);
  return moved;
}

// ───────────── Protected free text (0220) ─────────────

/** The free-text columns that hold personal data masked, with their full text encrypted in `<column>_enc`. */
export const PROTECTED_TEXT = [
  { table: 'sorg_applications', column: 'proposal', key: ['id'] },
  { table: 'sorg_declarations', column: 'note', key: ['application_id', 'account_id'] },
  { table: 'sorg_incubations', column: 'support', key: ['id'] },
  { table: 'sorg_milestones', column: 'report', key: ['id'] },
  { table: 'sorg_projects', column: 'evaluation_note', key: ['id'] },
] as const;
export type ProtectedColumn = (typeof PROTECTED_TEXT)[number];

/** The row id an encrypted value is bound to: its key columns joined by ':'. */
const keyExpr = (c: ProtectedColumn) => sql.raw(c.key.map((k) => `${k}::text`).join(` || ':' || `));

/** Stores the masked text and its ciphertext in one row, found by its bound row id. */
export async function setProtectedText(db: Db, c: ProtectedColumn, rowId: string, masked: string, enc: Buffer | null): Promise<void> {
  await sql`UPDATE ${sql.table(c.table)} SET ${sql.ref(c.column)} = ${masked}, ${sql.ref(`${c.column}_enc`)} = ${enc} WHERE ${keyExpr(c)} = ${rowId}`.execute(
    db,
  );
}
/** Rows whose text was stored before it was protected. */
export async function listUnprotectedText(db: Db, c: ProtectedColumn, limit: number): Promise<Array<{ row_id: string; text: string }>> {
  return (
    await sql<{ row_id: string; text: string }>`SELECT ${keyExpr(c)} AS row_id, ${sql.ref(c.column)} AS text FROM ${sql.table(c.table)}
      WHERE ${sql.ref(`${c.column}_enc`)} IS NULL AND coalesce(${sql.ref(c.column)}, '') <> '' LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(db)
  ).rows;
}
/** The stored (masked) text and its ciphertext of the rows of a project or an application, for an audited reveal. */
export async function protectedTextOf(
  db: Db,
  c: ProtectedColumn,
  where: RawBuilder<SqlBool>,
): Promise<Array<{ row_id: string; text: string | null; enc: Buffer | null }>> {
  return (
    await sql<{
      row_id: string;
      text: string | null;
      enc: Buffer | null;
    }>`SELECT ${keyExpr(c)} AS row_id, ${sql.ref(c.column)} AS text, ${sql.ref(`${c.column}_enc`)} AS enc
      FROM ${sql.table(c.table)} WHERE ${where} ORDER BY 1`.execute(db)
  ).rows;
}

export type ReminderRow = {
  id: number;
  sorg_id: number;
  title: string;
  expires_on: string;
  org_id: number;
  keeper_org_id: number;
  name: string;
  stage: number;
};

/**
 * Documents whose next expiry reminder is due: 60, 30 and 7 days before the expiry date and on it, each once (the
 * tightest stage reached, only when tighter than the one last sent). Deregistered organizations are not reminded.
 */
export async function documentsToRemind(db: Db, today: string, warnDays: number): Promise<ReminderRow[]> {
  const r = await sql<ReminderRow>`
    SELECT * FROM (
      SELECT d.id::int AS id, s.id::int AS sorg_id, d.title, d.expires_on::text AS expires_on, s.org_id::int AS org_id,
        s.keeper_org_id::int AS keeper_org_id, s.name, d.reminded_stage,
        CASE WHEN d.expires_on <= ${today}::date THEN 0 WHEN d.expires_on <= ${today}::date + 7 THEN 7
             WHEN d.expires_on <= ${today}::date + 30 THEN 30 ELSE 60 END AS stage
      FROM sorg_documents d JOIN sorg_orgs s ON s.id = d.sorg_id
      WHERE d.expires_on IS NOT NULL AND d.expires_on <= ${today}::date + ${warnDays}::int AND s.status <> 'deregistered'
    ) x
    WHERE x.reminded_stage IS NULL OR x.reminded_stage > x.stage
    ORDER BY x.expires_on, x.id`.execute(db);
  return r.rows;
}

export async function markReminded(db: Db, documentId: number, stage: number): Promise<void> {
  await sql`UPDATE sorg_documents SET reminded_stage = ${stage} WHERE id = ${documentId}`.execute(db);
}
