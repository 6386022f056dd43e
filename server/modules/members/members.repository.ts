import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, repath, type OrgReassignment } from '../../platform/repath.js';

// SQL of the member registry: union_members, union_member_history, member_registrations, member_transfers,
// member_imports. Scope is the union's tree path kept on each row (org_path), maintained by triggers on orgs.

export type ActiveMembershipRow = { id: number; member_no: string; org_id: number; org_path: string; region_path: string; tags: string[] };

export async function findActiveByPerson(db: Db, personId: number, lock = false): Promise<ActiveMembershipRow | undefined> {
  return (
    await sql<ActiveMembershipRow>`SELECT id, member_no, org_id, org_path::text AS org_path, region_path::text AS region_path, tags
      FROM union_members WHERE person_id = ${personId} AND status = 'active' ${lock ? sql`FOR UPDATE` : sql``}`.execute(db)
  ).rows[0];
}

// ───────────── Members ─────────────

export type MemberRow = {
  id: number;
  member_no: string;
  person_id: number | null;
  name_masked: string;
  gender: string;
  birth_year: number;
  org_id: number;
  org_path: string;
  region_code: string;
  region_path: string;
  status: 'active' | 'transferred_out' | 'left';
  tags: string[];
  hardship_level: string | null;
  hardship_review_on: string | null;
  new_form_kind: string | null;
  joined_on: string;
  left_on: string | null;
  source: string;
};

const memberCols = sql`m.id, m.member_no, m.person_id, m.name_masked, m.gender, m.birth_year, m.org_id, m.org_path::text AS org_path,
  m.region_code, m.region_path::text AS region_path, m.status, m.tags, m.hardship_level, m.hardship_review_on, m.new_form_kind,
  m.joined_on, m.left_on, m.source`;

export type NewMember = {
  member_no: string;
  person_id: number | null;
  name_masked: string;
  gender: string;
  birth_year: number;
  org_id: number;
  org_path: string;
  region_code: string;
  region_path: string;
  tags: string[];
  hardship_level: string | null;
  hardship_review_on: string | null;
  new_form_kind: string | null;
  joined_on: string;
  source: 'staff' | 'self' | 'import' | 'transfer';
  import_id?: number | null;
};

export async function nextMemberNo(db: Db): Promise<string> {
  const r = await sql<{ n: number }>`SELECT nextval('union_member_no_seq') AS n`.execute(db);
  return `M${String(r.rows[0]!.n).padStart(10, '0')}`;
}

export async function insertMember(db: Db, m: NewMember): Promise<number> {
  const r = await sql<{ id: number }>`INSERT INTO union_members (member_no, person_id, name_masked, gender, birth_year, org_id, org_path, region_code,
      region_path, tags, hardship_level, hardship_review_on, new_form_kind, joined_on, source, import_id)
    VALUES (${m.member_no}, ${m.person_id}, ${m.name_masked}, ${m.gender}, ${m.birth_year}, ${m.org_id}, ${m.org_path}::ltree, ${m.region_code},
      ${m.region_path}::ltree, ${m.tags}::text[], ${m.hardship_level}, ${m.hardship_review_on}, ${m.new_form_kind}, ${m.joined_on}, ${m.source}, ${m.import_id ?? null})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function findMember(db: Db, scope: ScopeSql, id: number, lock = false): Promise<MemberRow | undefined> {
  return (await sql<MemberRow>`SELECT ${memberCols} FROM union_members m WHERE m.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db))
    .rows[0];
}

export type MemberFilter = { memberNo?: string; personIds?: number[]; orgId?: number; status?: string; tag?: string };

function memberWhere(scope: ScopeSql, f: MemberFilter) {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.memberNo !== undefined) parts.push(sql<SqlBool>`m.member_no = ${f.memberNo}`);
  if (f.personIds !== undefined) parts.push(sql<SqlBool>`m.person_id = ANY(${f.personIds}::bigint[])`);
  if (f.orgId !== undefined) parts.push(sql<SqlBool>`m.org_id = ${f.orgId}`);
  if (f.status !== undefined) parts.push(sql<SqlBool>`m.status = ${f.status}`);
  if (f.tag !== undefined) parts.push(sql<SqlBool>`${f.tag} = ANY(m.tags)`);
  return sql.join(parts, sql` AND `);
}

export async function listMembers(db: Db, scope: ScopeSql, f: MemberFilter, limit: number, offset: number): Promise<{ rows: MemberRow[]; total: number }> {
  const where = memberWhere(scope, f);
  const rows = (await sql<MemberRow>`SELECT ${memberCols} FROM union_members m WHERE ${where} ORDER BY m.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db))
    .rows;
  // The count stops at 10,000 (a figure beyond that is read from the dashboard).
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM union_members m WHERE ${where} LIMIT 10000) x`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function updateTags(
  db: Db,
  id: number,
  t: { tags: string[]; hardship_level: string | null; hardship_review_on: string | null; new_form_kind: string | null },
): Promise<void> {
  await sql`UPDATE union_members SET tags = ${t.tags}::text[], hardship_level = ${t.hardship_level}, hardship_review_on = ${t.hardship_review_on},
    new_form_kind = ${t.new_form_kind}, updated_at = now() WHERE id = ${id}`.execute(db);
}

export async function endMembership(db: Db, id: number, status: 'left' | 'transferred_out', on: string): Promise<number> {
  const r = await sql`UPDATE union_members SET status = ${status}, left_on = greatest(joined_on, ${on}::date), updated_at = now()
    WHERE id = ${id} AND status = 'active'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

// ───────────── History ─────────────

export type HistoryRow = { event: string; org_id: number; other_org_id: number | null; on_date: string; at: Date };

export async function insertHistory(
  db: Db,
  h: {
    member_id: number;
    person_id: number | null;
    event: string;
    org_id: number;
    other_org_id?: number | null;
    on_date: string;
    account_id: number | null;
    detail?: object;
  },
): Promise<void> {
  await sql`INSERT INTO union_member_history (member_id, person_id, event, org_id, other_org_id, on_date, account_id, detail)
    VALUES (${h.member_id}, ${h.person_id}, ${h.event}, ${h.org_id}, ${h.other_org_id ?? null}, ${h.on_date}, ${h.account_id || null}, ${JSON.stringify(h.detail ?? {})}::jsonb)`.execute(
    db,
  );
}

/** The history of a member number across its memberships (a transfer keeps the number). */
export async function listHistory(db: Db, memberNo: string): Promise<HistoryRow[]> {
  return (
    await sql<HistoryRow>`SELECT h.event, h.org_id, h.other_org_id, h.on_date, h.at FROM union_member_history h
      JOIN union_members m ON m.id = h.member_id WHERE m.member_no = ${memberNo} ORDER BY h.id`.execute(db)
  ).rows;
}

// ───────────── Registrations ─────────────

export type RegistrationRow = {
  id: number;
  person_id: number;
  org_id: number;
  org_path: string;
  name_masked: string;
  gender: string;
  birth_year: number;
  id_masked: string;
  phone_masked: string | null;
  tags: string[];
  new_form_kind: string | null;
  status: 'pending' | 'confirmed' | 'rejected' | 'withdrawn';
  reason: string | null;
  member_id: number | null;
  submitted_at: Date;
  decided_at: Date | null;
};

const regCols = sql`r.id, r.person_id, r.org_id, r.org_path::text AS org_path, r.name_masked, r.gender, r.birth_year, r.id_masked, r.phone_masked,
  r.tags, r.new_form_kind, r.status, r.reason, r.member_id, r.submitted_at, r.decided_at`;

export async function insertRegistration(
  db: Db,
  r: Omit<RegistrationRow, 'id' | 'status' | 'reason' | 'member_id' | 'submitted_at' | 'decided_at'> & { citizen_id?: number | null },
): Promise<number> {
  const x = await sql<{
    id: number;
  }>`INSERT INTO member_registrations (person_id, org_id, org_path, name_masked, gender, birth_year, id_masked, phone_masked, tags, new_form_kind)
    VALUES (${r.person_id}, ${r.org_id}, ${r.org_path}::ltree, ${r.name_masked}, ${r.gender}, ${r.birth_year}, ${r.id_masked}, ${r.phone_masked}, ${r.tags}::text[], ${r.new_form_kind})
    RETURNING id`.execute(db);
  return x.rows[0]!.id;
}

export async function findRegistration(db: Db, scope: ScopeSql, id: number, lock = false): Promise<RegistrationRow | undefined> {
  return (
    await sql<RegistrationRow>`SELECT ${regCols} FROM member_registrations r WHERE r.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db)
  ).rows[0];
}

export async function latestRegistrationOf(db: Db, personId: number): Promise<RegistrationRow | undefined> {
  return (await sql<RegistrationRow>`SELECT ${regCols} FROM member_registrations r WHERE r.person_id = ${personId} ORDER BY r.id DESC LIMIT 1`.execute(db))
    .rows[0];
}

export async function listRegistrations(db: Db, scope: ScopeSql, status: string | undefined, limit: number, offset: number) {
  const where = status ? sql<SqlBool>`${scope} AND r.status = ${status}` : scope;
  const rows = (
    await sql<RegistrationRow>`SELECT ${regCols} FROM member_registrations r WHERE ${where} ORDER BY r.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM member_registrations r WHERE ${where}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function decideRegistration(
  db: Db,
  id: number,
  d: { status: 'confirmed' | 'rejected'; reason: string | null; member_id: number | null; by: number },
): Promise<void> {
  await sql`UPDATE member_registrations SET status = ${d.status}, reason = ${d.reason}, member_id = ${d.member_id}, decided_at = now(), decided_by = ${d.by || null}
    WHERE id = ${id}`.execute(db);
}

// ───────────── Transfers ─────────────

export type TransferRow = {
  id: number;
  member_id: number;
  member_no: string;
  name_masked: string;
  person_id: number | null;
  from_org_id: number;
  from_org_path: string;
  to_org_id: number;
  to_org_path: string;
  status: 'pending' | 'completed' | 'rejected' | 'cancelled';
  from_confirmed_at: Date | null;
  to_confirmed_at: Date | null;
  reason: string | null;
  requested_at: Date;
  completed_at: Date | null;
  new_member_id: number | null;
};

const trCols = sql`t.id, t.member_id, m.member_no, m.name_masked, t.person_id, t.from_org_id, t.from_org_path::text AS from_org_path, t.to_org_id,
  t.to_org_path::text AS to_org_path, t.status, t.from_confirmed_at, t.to_confirmed_at, t.reason, t.requested_at, t.completed_at, t.new_member_id`;

export async function insertTransfer(
  db: Db,
  t: {
    member_id: number;
    person_id: number | null;
    from_org_id: number;
    from_org_path: string;
    to_org_id: number;
    to_org_path: string;
    requested_by: number;
    reason: string | null;
  },
): Promise<number> {
  const r = await sql<{
    id: number;
  }>`INSERT INTO member_transfers (member_id, person_id, from_org_id, from_org_path, to_org_id, to_org_path, requested_by, reason)
    VALUES (${t.member_id}, ${t.person_id}, ${t.from_org_id}, ${t.from_org_path}::ltree, ${t.to_org_id}, ${t.to_org_path}::ltree, ${t.requested_by || null}, ${t.reason})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

export async function findTransfer(db: Db, scope: ScopeSql, id: number, lock = false): Promise<TransferRow | undefined> {
  return (
    await sql<TransferRow>`SELECT ${trCols} FROM member_transfers t JOIN union_members m ON m.id = t.member_id
      WHERE t.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(db)
  ).rows[0];
}

export async function listTransfers(db: Db, scope: ScopeSql, status: string | undefined, limit: number, offset: number) {
  const where = status ? sql<SqlBool>`${scope} AND t.status = ${status}` : scope;
  const rows = (
    await sql<TransferRow>`SELECT ${trCols} FROM member_transfers t JOIN union_members m ON m.id = t.member_id WHERE ${where}
      ORDER BY t.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM member_transfers t WHERE ${where}`.execute(db)).rows[0]!.n;
  return { rows, total };
}

export async function confirmTransferSide(db: Db, id: number, side: 'from' | 'to', by: number): Promise<void> {
  if (side === 'from') await sql`UPDATE member_transfers SET from_confirmed_at = now(), from_confirmed_by = ${by || null} WHERE id = ${id}`.execute(db);
  else await sql`UPDATE member_transfers SET to_confirmed_at = now(), to_confirmed_by = ${by || null} WHERE id = ${id}`.execute(db);
}

export async function completeTransfer(db: Db, id: number, newMemberId: number): Promise<void> {
  await sql`UPDATE member_transfers SET status = 'completed', completed_at = now(), new_member_id = ${newMemberId} WHERE id = ${id}`.execute(db);
}

export async function closeTransfer(db: Db, id: number, status: 'rejected' | 'cancelled', reason: string): Promise<void> {
  await sql`UPDATE member_transfers SET status = ${status}, reason = ${reason} WHERE id = ${id}`.execute(db);
}

export async function hasOpenTransfer(db: Db, memberId: number): Promise<boolean> {
  return (await sql`SELECT 1 FROM member_transfers WHERE member_id = ${memberId} AND status = 'pending'`.execute(db)).rows.length > 0;
}

// ───────────── Imports ─────────────

/** Each person's active membership: its unit and the import that wrote it, if one did. */
export async function activeOrgsOfPersons(db: Db, personIds: number[]): Promise<Map<number, { orgId: number; importId: number | null }>> {
  if (personIds.length === 0) return new Map();
  const rows = (
    await sql<{ person_id: number; org_id: number; import_id: number | null }>`SELECT person_id, org_id, import_id FROM union_members
      WHERE person_id = ANY(${personIds}::bigint[]) AND status = 'active'`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [Number(r.person_id), { orgId: Number(r.org_id), importId: r.import_id === null ? null : Number(r.import_id) }]));
}

export type ImportRow = {
  id: number;
  org_id: number;
  account_id: number | null;
  file_name: string;
  file_sha256: string;
  status: 'previewed' | 'running' | 'done' | 'failed';
  total_rows: number;
  valid_rows: number;
  error_rows: number;
  processed: number;
  inserted: number;
  skipped: number;
  problems: Array<{ row: number; field: string; code: string; params?: Record<string, string | number> }>;
  problems_total: number;
  created_at: Date;
  finished_at: Date | null;
};

const importCols = sql`i.id, i.org_id, i.account_id, i.file_name, i.file_sha256, i.status, i.total_rows, i.valid_rows, i.error_rows, i.processed,
  i.inserted, i.skipped, i.problems, i.problems_total, i.created_at, i.finished_at`;

/** An id for an import about to be previewed: its file is stored under it before the row exists. */
export async function reserveImportId(db: Db): Promise<number> {
  return Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('member_imports', 'id'))::bigint AS id`.execute(db)).rows[0]!.id);
}

export async function insertImport(
  db: Db,
  i: {
    id: number;
    org_id: number;
    org_path: string;
    account_id: number;
    file_name: string;
    file_sha256: string;
    total_rows: number;
    valid_rows: number;
    error_rows: number;
    skipped: number;
    problems: unknown[];
    problems_total: number;
  },
): Promise<void> {
  await sql`INSERT INTO member_imports (id, org_id, org_path, account_id, file_name, file_sha256, total_rows, valid_rows, error_rows, skipped, problems, problems_total)
    OVERRIDING SYSTEM VALUE
    VALUES (${i.id}, ${i.org_id}, ${i.org_path}::ltree, ${i.account_id || null}, ${i.file_name}, ${i.file_sha256}, ${i.total_rows}, ${i.valid_rows}, ${i.error_rows}, ${i.skipped}, ${JSON.stringify(i.problems)}::jsonb, ${i.problems_total})`.execute(
    db,
  );
}

export async function findImport(db: Db, orgPath: string, id: number, lock = false): Promise<ImportRow | undefined> {
  return (
    await sql<ImportRow>`SELECT ${importCols} FROM member_imports i WHERE i.id = ${id} AND i.org_path <@ ${orgPath}::ltree ${lock ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    )
  ).rows[0];
}

/** The file of an import previewed while files were kept in the row (since ADR 0027 they are sealed on disk). */
export async function importFile(db: Db, id: number): Promise<Buffer | null> {
  return (await sql<{ file_enc: Buffer | null }>`SELECT file_enc FROM member_imports WHERE id = ${id}`.execute(db)).rows[0]?.file_enc ?? null;
}

export async function startImport(db: Db, id: number): Promise<void> {
  await sql`UPDATE member_imports SET status = 'running', started_at = now(), processed = 0, inserted = 0, attempts = 0 WHERE id = ${id}`.execute(db);
}

/** Running imports, oldest first (the ones no process holds are taken up by `resume`). */
export async function runningImports(db: Db): Promise<number[]> {
  return (await sql<{ id: number }>`SELECT id FROM member_imports WHERE status = 'running' ORDER BY id`.execute(db)).rows.map((r) => Number(r.id));
}

/**
 * Counts a run of a running import (null when the import is no longer running); progress counts again from the file's
 * first row, rows an earlier run wrote being counted as they are met.
 */
export async function beginImportRun(db: Db, id: number): Promise<{ account_id: number | null; attempts: number; file_sha256: string } | null> {
  const r = await sql<{ account_id: number | null; attempts: number; file_sha256: string }>`UPDATE member_imports
    SET attempts = attempts + 1, processed = 0, inserted = 0, skipped = 0
    WHERE id = ${id} AND status = 'running' RETURNING account_id, attempts, file_sha256`.execute(db);
  const row = r.rows[0];
  return row ? { account_id: row.account_id === null ? null : Number(row.account_id), attempts: row.attempts, file_sha256: row.file_sha256 } : null;
}

/** A run stopped with its process: it does not count as an attempt. */
export async function pauseImport(db: Db, id: number): Promise<void> {
  await sql`UPDATE member_imports SET attempts = greatest(attempts - 1, 0) WHERE id = ${id} AND status = 'running'`.execute(db);
}

/** A run ended in an error: kept running for `resume` to try again, or failed when `final`. */
export async function importError(db: Db, id: number, message: string, final: boolean): Promise<void> {
  await sql`UPDATE member_imports SET last_error = ${message},
      status = CASE WHEN ${final} THEN 'failed' ELSE status END, finished_at = CASE WHEN ${final} THEN now() ELSE finished_at END
    WHERE id = ${id} AND status = 'running'`.execute(db);
}

/** Adds one committed batch to the import's progress (in the batch's transaction). */
export async function addImportProgress(db: Db, id: number, d: { processed: number; inserted: number; skipped: number }): Promise<void> {
  await sql`UPDATE member_imports SET processed = processed + ${d.processed}, inserted = inserted + ${d.inserted}, skipped = skipped + ${d.skipped}
    WHERE id = ${id}`.execute(db);
}

export async function finishImport(db: Db, id: number, status: 'done' | 'failed', c: { error_rows?: number; problems?: unknown[] } = {}): Promise<void> {
  await sql`UPDATE member_imports SET status = ${status}, finished_at = now(),
      error_rows = coalesce(${c.error_rows ?? null}::int, error_rows), problems = coalesce(${c.problems ? JSON.stringify(c.problems) : null}::jsonb, problems)
    WHERE id = ${id}`.execute(db);
}

export type ImportMember = {
  person_id: number;
  name_masked: string;
  gender: string;
  birth_year: number;
  org_id: number;
  org_path: string;
  region_code: string;
  region_path: string;
  joined_on: string;
};

/**
 * Inserts a batch of imported memberships; a person already active anywhere is skipped by the one-active index
 * (ON CONFLICT), so re-running a file adds nothing twice. Returns the new rows' ids and persons.
 */
export async function insertImportedMembers(db: Db, importId: number, rows: ImportMember[], accountId: number, today: string): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof ImportMember>(k: K) => rows.map((r) => r[k]);
  const r = await sql<{ n: number }>`WITH ins AS (
      INSERT INTO union_members (member_no, person_id, name_masked, gender, birth_year, org_id, org_path, region_code, region_path, joined_on, source, import_id)
      SELECT 'M' || lpad(nextval('union_member_no_seq')::text, 10, '0'), u.person_id, u.name_masked, u.gender, u.birth_year, u.org_id, u.org_path::ltree,
        u.region_code, u.region_path::ltree, u.joined_on, 'import', ${importId}::bigint
      FROM unnest(${col('person_id')}::bigint[], ${col('name_masked')}::text[], ${col('gender')}::text[], ${col('birth_year')}::int[], ${col('org_id')}::bigint[],
        ${col('org_path')}::text[], ${col('region_code')}::text[], ${col('region_path')}::text[], ${col('joined_on')}::date[])
        AS u(person_id, name_masked, gender, birth_year, org_id, org_path, region_code, region_path, joined_on)
      ON CONFLICT (person_id) WHERE status = 'active' AND person_id IS NOT NULL DO NOTHING
      RETURNING id, person_id, org_id, joined_on),
    hist AS (
      INSERT INTO union_member_history (member_id, person_id, event, org_id, on_date, account_id, detail)
      SELECT id, person_id, 'imported', org_id, ${today}::date, ${accountId || null}::bigint, jsonb_build_object('importId', ${importId}::bigint) FROM ins)
    SELECT count(*)::int AS n FROM ins`.execute(db);
  return r.rows[0]!.n;
}

/**
 * Organization merge: memberships, open registrations, transfers and imports of the merged unit go to the survivor
 * (a membership's org_path follows its org_id by trigger; copied paths below the merged unit move with it).
 * The history keeps the unit it happened in.
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const to = (col: string) => sql`CASE WHEN ${sql.ref(col)} = ${m.fromId} THEN ${m.toId} ELSE ${sql.ref(col)} END`;
  return {
    union_members: affected(await sql`UPDATE union_members SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    member_registrations: affected(
      await sql`UPDATE member_registrations SET org_id = ${to('org_id')}, org_path = ${repath('org_path', m)} WHERE org_path <@ ${m.fromPath}::ltree`.execute(
        db,
      ),
    ),
    member_imports: affected(
      await sql`UPDATE member_imports SET org_id = ${to('org_id')}, org_path = ${repath('org_path', m)} WHERE org_path <@ ${m.fromPath}::ltree`.execute(db),
    ),
    member_transfers: affected(
      await sql`UPDATE member_transfers SET from_org_id = ${to('from_org_id')}, to_org_id = ${to('to_org_id')},
          from_org_path = CASE WHEN from_org_path <@ ${m.fromPath}::ltree THEN ${repath('from_org_path', m)} ELSE from_org_path END,
          to_org_path = CASE WHEN to_org_path <@ ${m.fromPath}::ltree THEN ${repath('to_org_path', m)} ELSE to_org_path END
        WHERE from_org_path <@ ${m.fromPath}::ltree OR to_org_path <@ ${m.fromPath}::ltree`.execute(db),
    ),
  };
}
