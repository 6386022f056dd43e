import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import type { ScopeSql } from '../../platform/scope.js';
import type { Db } from '../../db/client.js';

export type RatingRow = {
  id: number;
  subject_type: string;
  subject_id: number;
  org_id: number;
  org_name: string;
  level: number;
  comment: string;
  excluded: boolean;
  rated_at: Date;
};

/** `comment` is the masked form; the full text is in `comment_enc`. */
export async function insertRating(
  db: Db,
  r: { subject_type: string; subject_id: number; org_id: number; level: number; comment: string; comment_enc: Buffer | null },
): Promise<number | undefined> {
  const row = await sql<{ id: number }>`INSERT INTO ratings (subject_type, subject_id, org_id, level, comment, comment_enc)
    VALUES (${r.subject_type}, ${r.subject_id}, ${r.org_id}, ${r.level}, ${r.comment}, ${r.comment_enc})
    ON CONFLICT (subject_type, subject_id) DO NOTHING RETURNING id`.execute(db);
  return row.rows[0]?.id;
}

export async function findBySubject(db: Db, subjectType: string, subjectId: number): Promise<RatingRow | undefined> {
  return (
    await sql<RatingRow>`SELECT t.id, t.subject_type, t.subject_id, t.org_id, o.name AS org_name, t.level, t.comment, t.excluded, t.rated_at
      FROM ratings t JOIN orgs o ON o.id = t.org_id WHERE t.subject_type = ${subjectType} AND t.subject_id = ${subjectId}`.execute(db)
  ).rows[0];
}

export async function findBySubjects(db: Db, subjectType: string, subjectIds: number[]): Promise<RatingRow[]> {
  if (subjectIds.length === 0) return [];
  return (
    await sql<RatingRow>`SELECT t.id, t.subject_type, t.subject_id, t.org_id, o.name AS org_name, t.level, t.comment, t.excluded, t.rated_at
      FROM ratings t JOIN orgs o ON o.id = t.org_id WHERE t.subject_type = ${subjectType} AND t.subject_id = ANY(${subjectIds}::bigint[])`.execute(db)
  ).rows;
}

/** How many ratings of some subjects have each level; reviews excluded by an upheld appeal do not count. */
export async function levelCounts(db: Db, subjectType: string, subjectIds: number[]): Promise<Array<{ level: number; n: number }>> {
  if (subjectIds.length === 0) return [];
  return (
    await sql<{ level: number; n: number }>`SELECT level, count(*)::int AS n FROM ratings
      WHERE subject_type = ${subjectType} AND subject_id = ANY(${subjectIds}::bigint[]) AND NOT excluded GROUP BY level`.execute(db)
  ).rows;
}

export async function findRating(db: Db, scope: ScopeSql, id: number, lock = false): Promise<(RatingRow & { org_parent_id: number | null }) | undefined> {
  return (
    await sql<
      RatingRow & { org_parent_id: number | null }
    >`SELECT t.id, t.subject_type, t.subject_id, t.org_id, o.name AS org_name, o.parent_id AS org_parent_id,
        t.level, t.comment, t.excluded, t.rated_at
      FROM ratings t JOIN orgs o ON o.id = t.org_id WHERE t.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(db)
  ).rows[0];
}

export async function setExcluded(db: Db, ratingId: number, excluded: boolean): Promise<void> {
  await sql`UPDATE ratings SET excluded = ${excluded} WHERE id = ${ratingId}`.execute(db);
}

// ───────────── Rectifications ─────────────

export async function insertRectification(db: Db, r: { rating_id: number; org_id: number; due: string; due_provisional: boolean }): Promise<number> {
  return (
    await sql<{ id: number }>`INSERT INTO rating_rectifications (rating_id, org_id, due, due_provisional)
      VALUES (${r.rating_id}, ${r.org_id}, ${r.due}, ${r.due_provisional}) RETURNING id`.execute(db)
  ).rows[0]!.id;
}

/** Open rectifications due in a provisional year, with the China date they were opened on, locked for moving. */
export async function listProvisionalDeadlines(db: Db): Promise<Array<{ id: number; opened_on: string; due: string }>> {
  return (
    await sql<{ id: number; opened_on: string; due: string }>`
      SELECT id, (created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS opened_on, due::text AS due
      FROM rating_rectifications WHERE due_provisional AND status = 'open' ORDER BY id FOR UPDATE`.execute(db)
  ).rows;
}

export async function moveDeadline(db: Db, id: number, due: string, provisional: boolean): Promise<void> {
  await db
    .updateTable('rating_rectifications')
    .set({ due, due_provisional: provisional, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export type RectificationRow = {
  id: number;
  rating_id: number;
  org_id: number;
  org_name: string;
  status: string;
  due: string;
  due_provisional: boolean;
  measures: string | null;
  callback_note: string | null;
  callback_at: Date | null;
  completed_by_name: string | null;
  completed_at: Date | null;
  version: number;
  created_at: Date;
  subject_type: string;
  subject_id: number;
  level: number;
  comment: string;
  appeal_status: string | null;
  overdue: boolean;
};

const rectCols = (
  today: string,
) => sql`x.id, x.rating_id, x.org_id, o.name AS org_name, x.status, x.due::text AS due, x.due_provisional, x.measures, x.callback_note,
  x.callback_at, a.display_name AS completed_by_name, x.completed_at, x.version, x.created_at, t.subject_type, t.subject_id, t.level, t.comment,
  ap.status AS appeal_status, (x.status = 'open' AND x.due < ${today}::date) AS overdue`;

const rectFrom = sql`rating_rectifications x JOIN ratings t ON t.id = x.rating_id JOIN orgs o ON o.id = x.org_id
  LEFT JOIN accounts a ON a.id = x.completed_by LEFT JOIN rating_appeals ap ON ap.rating_id = x.rating_id`;

export async function listRectifications(
  db: Db,
  scope: ScopeSql,
  f: { status?: string; overdue?: boolean; subjectType?: string },
  today: string,
  limit: number,
  offset: number,
): Promise<{ rows: RectificationRow[]; total: number }> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.status) parts.push(sql<SqlBool>`x.status = ${f.status}`);
  if (f.overdue !== undefined)
    parts.push(f.overdue ? sql<SqlBool>`(x.status = 'open' AND x.due < ${today}::date)` : sql<SqlBool>`NOT (x.status = 'open' AND x.due < ${today}::date)`);
  if (f.subjectType) parts.push(sql<SqlBool>`t.subject_type = ${f.subjectType}`);
  const where = sql.join(parts, sql` AND `);
  const rows = (
    await sql<RectificationRow & { total: number }>`SELECT ${rectCols(today)}, count(*) OVER ()::int AS total FROM ${rectFrom}
      WHERE ${where} ORDER BY x.status = 'open' DESC, x.due, x.id LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  if (rows.length > 0 || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${rectFrom} WHERE ${where}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

export async function findRectification(db: Db, scope: ScopeSql, id: number, today: string, lock = false): Promise<RectificationRow | undefined> {
  return (
    await sql<RectificationRow>`SELECT ${rectCols(today)} FROM ${rectFrom} WHERE x.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF x` : sql``}`.execute(db)
  ).rows[0];
}

export async function findRectificationByRating(db: Db, ratingId: number): Promise<{ id: number; status: string } | undefined> {
  return (await sql<{ id: number; status: string }>`SELECT id, status FROM rating_rectifications WHERE rating_id = ${ratingId}`.execute(db)).rows[0];
}

export async function updateRectification(
  db: Db,
  id: number,
  set: { status: string; measures?: string; callback_note?: string; callback_at?: Date; completed_by?: number; completed_at?: Date },
): Promise<number> {
  const r = await db
    .updateTable('rating_rectifications')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

// ───────────── Appeals ─────────────

export async function insertAppeal(
  db: Db,
  a: { rating_id: number; org_id: number; reviewer_org_id: number; reason: string; created_by: number },
): Promise<number | undefined> {
  return (
    await sql<{ id: number }>`INSERT INTO rating_appeals (rating_id, org_id, reviewer_org_id, reason, created_by)
      VALUES (${a.rating_id}, ${a.org_id}, ${a.reviewer_org_id}, ${a.reason}, ${a.created_by}) ON CONFLICT (rating_id) DO NOTHING RETURNING id`.execute(db)
  ).rows[0]?.id;
}

export type AppealRow = {
  id: number;
  rating_id: number;
  org_id: number;
  org_name: string;
  reviewer_org_id: number;
  reviewer_org_name: string;
  reason: string;
  status: string;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
  decided_by_name: string | null;
  version: number;
  subject_type: string;
  subject_id: number;
  level: number;
  comment: string;
};

const appealCols = sql`p.id, p.rating_id, p.org_id, o.name AS org_name, p.reviewer_org_id, ro.name AS reviewer_org_name, p.reason, p.status, p.decision_note,
  p.created_at, p.decided_at, a.display_name AS decided_by_name, p.version, t.subject_type, t.subject_id, t.level, t.comment`;
const appealFrom = sql`rating_appeals p JOIN ratings t ON t.id = p.rating_id JOIN orgs o ON o.id = p.org_id JOIN orgs ro ON ro.id = p.reviewer_org_id
  LEFT JOIN accounts a ON a.id = p.decided_by`;

export async function listAppeals(
  db: Db,
  scope: ScopeSql,
  f: { status?: string },
  limit: number,
  offset: number,
): Promise<{ rows: AppealRow[]; total: number }> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.status) parts.push(sql<SqlBool>`p.status = ${f.status}`);
  const where = sql.join(parts, sql` AND `);
  const rows = (
    await sql<AppealRow & { total: number }>`SELECT ${appealCols}, count(*) OVER ()::int AS total FROM ${appealFrom}
      WHERE ${where} ORDER BY p.status = 'pending' DESC, p.created_at DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)
  ).rows;
  if (rows.length > 0 || offset === 0) return { rows, total: rows[0]?.total ?? 0 };
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${appealFrom} WHERE ${where}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

export async function findAppeal(db: Db, scope: ScopeSql, id: number, lock = false): Promise<AppealRow | undefined> {
  return (await sql<AppealRow>`SELECT ${appealCols} FROM ${appealFrom} WHERE p.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(db))
    .rows[0];
}

export async function decideAppeal(db: Db, id: number, d: { status: string; decision_note: string; decided_by: number }): Promise<number> {
  const r = await db
    .updateTable('rating_appeals')
    .set({ ...d, decided_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

// ───────────── Indices ─────────────

export type UnitRow = { id: number; name: string; path: string; type_code: string; level: string };

/** The units of one level in scope: the rows of an index table. */
export async function listUnits(db: Db, scope: ScopeSql, level: string, typeCode: string | undefined): Promise<UnitRow[]> {
  return (
    await sql<UnitRow>`SELECT o.id, o.name, o.path::text AS path, o.type_code, o.level FROM orgs o
      WHERE ${scope} AND o.level = ${level} AND o.status = 'active' ${typeCode ? sql`AND o.type_code = ${typeCode}` : sql``}
      ORDER BY o.path LIMIT 5000`.execute(db)
  ).rows;
}

export type RatingFigures = { org_path: string; rated: number; satisfied: number; bad: number };

/** Ratings of one month per rated unit within scope; reviews excluded by an upheld appeal do not count. */
export async function ratingFigures(db: Db, scope: ScopeSql, subjectType: string, from: string, to: string): Promise<RatingFigures[]> {
  return (
    await sql<RatingFigures>`SELECT o.path::text AS org_path, count(*)::int AS rated, count(*) FILTER (WHERE t.level <= 3)::int AS satisfied,
        count(*) FILTER (WHERE t.level >= 4)::int AS bad
      FROM ratings t JOIN orgs o ON o.id = t.org_id
      WHERE ${scope} AND t.subject_type = ${subjectType} AND NOT t.excluded
        AND t.rated_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND t.rated_at < (${to}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
      GROUP BY o.path`.execute(db)
  ).rows;
}

/** The stored comment of a subject's rating (masked and encrypted forms), for the subject's audited reveal. */
export async function findCommentSecret(db: Db, subjectType: string, subjectId: number): Promise<{ comment: string; comment_enc: Buffer | null } | undefined> {
  return db
    .selectFrom('ratings')
    .select(['comment', 'comment_enc'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** Ratings whose comment predates its protection (migration 0081), locked for the update. */
export async function listUnprotectedComments(
  db: Db,
  limit: number,
): Promise<Array<{ id: number; subject_type: string; subject_id: number; comment: string }>> {
  return (
    await sql<{ id: number; subject_type: string; subject_id: number; comment: string }>`SELECT id, subject_type, subject_id, comment FROM ratings
      WHERE comment_enc IS NULL AND comment <> '' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(db)
  ).rows;
}

export async function setComment(db: Db, id: number, comment: string, commentEnc: Buffer): Promise<void> {
  await db.updateTable('ratings').set({ comment, comment_enc: commentEnc }).where('id', '=', id).execute();
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    ratings: affected(await sql`UPDATE ratings SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    rating_rectifications: affected(await sql`UPDATE rating_rectifications SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    rating_appeals: affected(await sql`UPDATE rating_appeals SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
    rating_appeal_reviews: affected(await sql`UPDATE rating_appeals SET reviewer_org_id = ${m.toId} WHERE reviewer_org_id = ${m.fromId}`.execute(db)),
  };
  return moved;
}
