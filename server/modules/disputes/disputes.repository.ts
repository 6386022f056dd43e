import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeContains } from '../../platform/sql-text.js';

export type Scope = { opener: ScopeSql; manage: ScopeSql; partner: ScopeSql };

export async function nextIds(db: Db): Promise<{ id: number; seq: number }> {
  const r = await sql<{ id: number; seq: number }>`SELECT nextval(pg_get_serial_sequence('dispute_cases', 'id'))::bigint AS id,
    nextval('dispute_number_seq')::bigint AS seq`.execute(db);
  return { id: Number(r.rows[0]!.id), seq: Number(r.rows[0]!.seq) };
}

export type NewCase = {
  id: number;
  number: string;
  org_id: number;
  region_code: string;
  region_path: string;
  district_code: string | null;
  request_id: number | null;
  employer_name: string;
  employer_credit_code: string | null;
  facts_enc: Buffer | null;
  facts_masked: string | null;
  claimed_total: number;
  status: string;
  opened_on: string;
  created_by: number;
};

export async function insertCase(db: Db, c: NewCase): Promise<void> {
  await db.insertInto('dispute_cases').values(c).execute();
}

export async function insertWorker(
  db: Db,
  w: { case_id: number; person_id: number; name_masked: string; phone_masked: string | null; id_number_masked: string | null },
): Promise<void> {
  await db.insertInto('dispute_workers').values(w).execute();
}

export async function insertClaim(db: Db, c: { case_id: number; kind: string; amount: number; note: string }): Promise<void> {
  await db.insertInto('dispute_claims').values(c).execute();
}

export type CaseSet = Partial<{
  status: string;
  outcome: string;
  agreed_amount: number;
  agreement_terms: string;
  agreed_at: Date;
  confirmed_at: Date;
  confirmed_by_org_id: number;
  confirmation_ref: string;
  referral_kind: string;
  referred_at: Date;
  closed_at: Date;
}>;

/** Applies a change and bumps the version; the caller holds the row lock. */
export async function updateCase(db: Db, id: number, set: CaseSet): Promise<number> {
  const r = await db
    .updateTable('dispute_cases')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

export type NewEvent = {
  case_id: number;
  version: number;
  kind: string;
  actor_id: number | null;
  org_id: number | null;
  target_org_id: number | null;
  note: string;
};

export async function insertEvent(db: Db, e: NewEvent): Promise<void> {
  await db.insertInto('dispute_events').values(e).execute();
}

export type CaseRow = {
  id: number;
  number: string;
  org_id: number;
  org_name: string;
  org_type: string;
  region_code: string;
  region_name: string;
  district_code: string | null;
  district_name: string | null;
  request_id: number | null;
  employer_name: string;
  employer_credit_code: string | null;
  facts_masked: string | null;
  claimed_total: number;
  status: string;
  outcome: string | null;
  agreed_amount: number | null;
  agreement_terms: string | null;
  agreed_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by_org_name: string | null;
  confirmation_ref: string | null;
  referral_kind: string | null;
  referred_at: Date | null;
  closed_at: Date | null;
  opened_on: string;
  opened_at: Date;
  version: number;
  opener_access: boolean;
  manage_access: boolean;
};

const caseCols = (s: Scope) => sql`d.id, d.number, d.org_id, o.name AS org_name, o.type_code AS org_type, d.region_code, g.name AS region_name,
  d.district_code, dg.name AS district_name, d.request_id, d.employer_name, d.employer_credit_code, d.facts_masked, d.claimed_total, d.status,
  d.outcome, d.agreed_amount, d.agreement_terms, d.agreed_at, d.confirmed_at, co.name AS confirmed_by_org_name, d.confirmation_ref,
  d.referral_kind, d.referred_at, d.closed_at, d.opened_on::text AS opened_on, d.opened_at, d.version,
  (${s.opener}) AS opener_access, (${s.manage}) AS manage_access`;

const caseFrom = sql`dispute_cases d JOIN orgs o ON o.id = d.org_id JOIN regions g ON g.code = d.region_code
  LEFT JOIN regions dg ON dg.code = d.district_code LEFT JOIN orgs co ON co.id = d.confirmed_by_org_id`;

/** One case the scope can see: on the opener's side or through an active invitation. */
export async function findById(db: Db, s: Scope, id: number, lock = false): Promise<CaseRow | undefined> {
  const r = await sql<CaseRow>`SELECT ${caseCols(s)} FROM ${caseFrom}
    WHERE d.id = ${id} AND (${s.opener} OR ${s.partner}) ${lock ? sql`FOR UPDATE OF d` : sql``}`.execute(db);
  return r.rows[0];
}

export type CaseFilter = { status?: string; outcome?: string; regionPath?: string; from?: string; to?: string; q?: string; partnerOnly?: boolean };

export const SORTS = {
  openedOn: sql`d.opened_on`,
  number: sql`d.number`,
  claimedTotal: sql`d.claimed_total`,
  employerName: sql`d.employer_name`,
  status: sql`d.status`,
} as const;
export type SortKey = keyof typeof SORTS;

function where(s: Scope, f: CaseFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [f.partnerOnly ? s.partner : sql<SqlBool>`(${s.opener} OR ${s.partner})`];
  if (f.status) parts.push(sql<SqlBool>`d.status = ${f.status}`);
  if (f.outcome) parts.push(sql<SqlBool>`d.outcome = ${f.outcome}`);
  if (f.regionPath) parts.push(sql<SqlBool>`d.region_path <@ ${f.regionPath}::ltree`);
  if (f.from) parts.push(sql<SqlBool>`d.opened_on >= ${f.from}::date`);
  if (f.to) parts.push(sql<SqlBool>`d.opened_on <= ${f.to}::date`);
  if (f.q) parts.push(sql<SqlBool>`(d.number = ${f.q.toUpperCase()} OR d.employer_name ILIKE ${likeContains(f.q)} ESCAPE '\\')`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

export async function list(
  db: Db,
  s: Scope,
  f: CaseFilter,
  sort: { key: SortKey; desc: boolean },
  limit: number,
  offset: number,
): Promise<{ rows: CaseRow[]; total: number }> {
  const w = where(s, f);
  const dir = sort.desc ? sql`DESC` : sql`ASC`;
  const rows = (
    await sql<CaseRow & { total: number }>`SELECT ${caseCols(s)}, count(*) OVER ()::int AS total FROM ${caseFrom} WHERE ${w}
      ORDER BY ${SORTS[sort.key]} ${dir}, d.id ${dir} LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  if (rows.length > 0 || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${caseFrom} WHERE ${w}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

export type WorkerRow = { person_id: number; name_masked: string; phone_masked: string | null; id_number_masked: string | null };
export async function listWorkers(db: Db, caseId: number): Promise<WorkerRow[]> {
  return (
    await sql<WorkerRow>`SELECT person_id, name_masked, phone_masked, id_number_masked FROM dispute_workers WHERE case_id = ${caseId} ORDER BY id`.execute(db)
  ).rows;
}

export type ClaimRow = { kind: string; amount: number; note: string };
export async function listClaims(db: Db, caseId: number): Promise<ClaimRow[]> {
  return (await sql<ClaimRow>`SELECT kind, amount, note FROM dispute_claims WHERE case_id = ${caseId} ORDER BY id`.execute(db)).rows;
}

export type InvitationRow = {
  id: number;
  org_id: number;
  org_name: string;
  org_type: string;
  org_path: string;
  status: string;
  note: string;
  reason: string;
  invited_at: Date;
  responded_at: Date | null;
  withdrawn_at: Date | null;
};

const invitationSelect = sql`SELECT i.id, i.org_id, io.name AS org_name, io.type_code AS org_type, io.path::text AS org_path, i.status, i.note, i.reason,
  i.invited_at, i.responded_at, i.withdrawn_at FROM dispute_invitations i JOIN orgs io ON io.id = i.org_id`;

export async function listInvitations(db: Db, caseId: number): Promise<InvitationRow[]> {
  return (await sql<InvitationRow>`${invitationSelect} WHERE i.case_id = ${caseId} ORDER BY i.id`.execute(db)).rows;
}

export async function findInvitation(db: Db, caseId: number, id: number, lock = false): Promise<InvitationRow | undefined> {
  return (await sql<InvitationRow>`${invitationSelect} WHERE i.case_id = ${caseId} AND i.id = ${id} ${lock ? sql`FOR UPDATE OF i` : sql``}`.execute(db))
    .rows[0];
}

export async function insertInvitation(db: Db, v: { case_id: number; org_id: number; note: string; invited_by: number }): Promise<number | undefined> {
  const r = await sql<{ id: number }>`INSERT INTO dispute_invitations (case_id, org_id, status, note, invited_by)
    VALUES (${v.case_id}, ${v.org_id}, 'pending', ${v.note}, ${v.invited_by})
    ON CONFLICT (case_id, org_id) WHERE status IN ('pending', 'accepted') DO NOTHING RETURNING id`.execute(db);
  return r.rows[0]?.id;
}

export async function setInvitation(
  db: Db,
  id: number,
  set: { status: string; reason?: string; responded_by?: number; responded_at?: Date; withdrawn_at?: Date },
): Promise<void> {
  await db.updateTable('dispute_invitations').set(set).where('id', '=', id).execute();
}

export async function nextSessionId(db: Db): Promise<number> {
  return Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('dispute_sessions', 'id'))::bigint AS id`.execute(db)).rows[0]!.id);
}

/** The id is drawn first: the encrypted notes bind it as associated data. */
export async function insertSession(
  db: Db,
  v: { id: number; case_id: number; held_at: Date; place: string; mediators: string[]; notes_enc: Buffer | null; org_id: number; created_by: number },
): Promise<void> {
  await sql`INSERT INTO dispute_sessions (id, case_id, held_at, place, mediators, notes_enc, org_id, created_by) OVERRIDING SYSTEM VALUE
    VALUES (${v.id}, ${v.case_id}, ${v.held_at}, ${v.place}, ${v.mediators}::text[], ${v.notes_enc}, ${v.org_id}, ${v.created_by})`.execute(db);
}

export type SessionRow = {
  id: number;
  held_at: Date;
  place: string;
  mediators: string[];
  has_notes: boolean;
  notes_enc: Buffer | null;
  org_name: string | null;
  created_at: Date;
};
export async function listSessions(db: Db, caseId: number): Promise<SessionRow[]> {
  return (
    await sql<SessionRow>`SELECT s.id, s.held_at, s.place, s.mediators, s.notes_enc IS NOT NULL AS has_notes, s.notes_enc, so.name AS org_name, s.created_at
      FROM dispute_sessions s LEFT JOIN orgs so ON so.id = s.org_id WHERE s.case_id = ${caseId} ORDER BY s.held_at, s.id`.execute(db)
  ).rows;
}

export async function findFactsEnc(db: Db, caseId: number): Promise<Buffer | null> {
  const r = await db.selectFrom('dispute_cases').select('facts_enc').where('id', '=', caseId).executeTakeFirst();
  return r?.facts_enc ?? null;
}

export type EventRow = {
  version: number;
  kind: string;
  actor_name: string | null;
  org_name: string | null;
  target_org_name: string | null;
  note: string;
  at: Date;
};
export async function listEvents(db: Db, caseId: number): Promise<EventRow[]> {
  return (
    await sql<EventRow>`SELECT e.version, e.kind, a.display_name AS actor_name, eo.name AS org_name, t.name AS target_org_name, e.note, e.at
      FROM dispute_events e LEFT JOIN accounts a ON a.id = e.actor_id LEFT JOIN orgs eo ON eo.id = e.org_id LEFT JOIN orgs t ON t.id = e.target_org_id
      WHERE e.case_id = ${caseId} ORDER BY e.version`.execute(db)
  ).rows;
}

export type PartnerOrg = { id: number; name: string; type_code: string; status: string; is_partner: boolean };
export async function findOrg(db: Db, id: number): Promise<PartnerOrg | undefined> {
  return (
    await sql<PartnerOrg>`SELECT o.id, o.name, o.type_code, o.status, t.is_partner FROM orgs o JOIN org_types t ON t.code = o.type_code WHERE o.id = ${id}`.execute(
      db,
    )
  ).rows[0];
}

export async function listPartnerOrgs(
  db: Db,
  regionPath: string,
  types: readonly string[],
): Promise<Array<{ id: number; name: string; type_code: string; level: string }>> {
  return (
    await sql<{
      id: number;
      name: string;
      type_code: string;
      level: string;
    }>`SELECT o.id, o.name, o.type_code, o.level FROM orgs o JOIN org_types t ON t.code = o.type_code
      WHERE t.is_partner AND o.type_code = ANY(${[...types]}::text[]) AND o.status = 'active' AND (o.region_path @> ${regionPath}::ltree OR o.region_path <@ ${regionPath}::ltree)
      ORDER BY t.sort, nlevel(o.region_path), o.name LIMIT 200`.execute(db)
  ).rows;
}

// ───────────── Figures ─────────────

export type FigureFilter = { from?: string; to?: string };

function figureWhere(s: Scope, f: FigureFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [s.opener];
  if (f.from) parts.push(sql<SqlBool>`d.opened_on >= ${f.from}::date`);
  if (f.to) parts.push(sql<SqlBool>`d.opened_on <= ${f.to}::date`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

export async function countByOutcome(db: Db, s: Scope, f: FigureFilter): Promise<Array<{ key: string | null; status: string; n: number }>> {
  return (
    await sql<{
      key: string | null;
      status: string;
      n: number;
    }>`SELECT d.outcome AS key, d.status, count(*)::int AS n FROM dispute_cases d JOIN orgs o ON o.id = d.org_id
      WHERE ${figureWhere(s, f)} GROUP BY d.outcome, d.status`.execute(db)
  ).rows;
}

export type GroupRow = { key: string; name: string; total: number; closed: number; success: number };

export async function countByDistrict(db: Db, s: Scope, f: FigureFilter, success: readonly string[]): Promise<GroupRow[]> {
  return (
    await sql<GroupRow>`SELECT coalesce(d.district_code, '') AS key, coalesce(dg.name, '') AS name, count(*)::int AS total,
        count(*) FILTER (WHERE d.status = 'closed')::int AS closed, count(*) FILTER (WHERE d.outcome = ANY(${success as string[]}::text[]))::int AS success
      FROM dispute_cases d JOIN orgs o ON o.id = d.org_id LEFT JOIN regions dg ON dg.code = d.district_code
      WHERE ${figureWhere(s, f)} GROUP BY 1, 2 ORDER BY 1`.execute(db)
  ).rows;
}

export async function countByMonth(db: Db, s: Scope, f: FigureFilter, success: readonly string[]): Promise<GroupRow[]> {
  return (
    await sql<GroupRow>`SELECT to_char(d.opened_on, 'YYYY-MM') AS key, to_char(d.opened_on, 'YYYY-MM') AS name, count(*)::int AS total,
        count(*) FILTER (WHERE d.status = 'closed')::int AS closed, count(*) FILTER (WHERE d.outcome = ANY(${success as string[]}::text[]))::int AS success
      FROM dispute_cases d JOIN orgs o ON o.id = d.org_id
      WHERE ${figureWhere(s, f)} GROUP BY 1, 2 ORDER BY 1`.execute(db)
  ).rows;
}

export async function countSuccessIn(db: Db, regionPath: string, success: readonly string[]): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dispute_cases d
    WHERE d.region_path <@ ${regionPath}::ltree AND d.outcome = ANY(${success as string[]}::text[])`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  await sql`DELETE FROM dispute_invitations x WHERE x.org_id = ${m.fromId} AND x.status IN ('pending', 'accepted') AND EXISTS (SELECT 1 FROM dispute_invitations y WHERE y.case_id = x.case_id AND y.org_id = ${m.toId} AND y.status IN ('pending', 'accepted'))`.execute(
    db,
  );
  const moved = {
    dispute_cases: affected(await sql`UPDATE dispute_cases SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    dispute_confirmations: affected(await sql`UPDATE dispute_cases SET confirmed_by_org_id = ${m.toId} WHERE confirmed_by_org_id = ${m.fromId}`.execute(db)),
    dispute_invitations: affected(await sql`UPDATE dispute_invitations SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    dispute_sessions: affected(await sql`UPDATE dispute_sessions SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  return moved;
}
