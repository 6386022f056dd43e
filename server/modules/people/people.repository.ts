import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import { prepared, type Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeContains } from '../../platform/sql-text.js';

export type PersonRow = {
  id: number;
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  groups: string[];
  region_code: string;
  region_name: string;
  org_id: number | null;
  created_at: Date;
};

const cols = sql`p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.id_number_masked, p.phone_masked, p.groups,
  p.region_code, r.name AS region_name, p.org_id, p.created_at`;

export type PeopleFilter = { q?: string; group?: string; regionPath?: string; idBidx?: Buffer; phoneBidx?: Buffer };

function whereOf(scope: ScopeSql, f: PeopleFilter) {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.q) parts.push(sql<SqlBool>`p.name LIKE ${likeContains(f.q)}`);
  if (f.group) parts.push(sql<SqlBool>`${f.group} = ANY(p.groups)`);
  if (f.regionPath) parts.push(sql<SqlBool>`p.region_path <@ ${f.regionPath}::ltree`);
  if (f.idBidx) parts.push(sql<SqlBool>`p.id_number_bidx = ${f.idBidx}`);
  if (f.phoneBidx) parts.push(sql<SqlBool>`p.phone_bidx = ${f.phoneBidx}`);
  return sql.join(parts, sql` AND `);
}

export async function list(db: Db, scope: ScopeSql, f: PeopleFilter, limit: number, offset: number) {
  const where = whereOf(scope, f);
  const rows = (
    await sql<PersonRow>`SELECT ${cols} FROM people p JOIN regions r ON r.code = p.region_code WHERE ${where} ORDER BY p.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(
      db,
    )
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM people p WHERE ${where}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

/** People with this phone (blind index) within the scope, newest first; one query, no count. */
export async function findByPhone(db: Db, scope: ScopeSql, phoneBidx: Buffer, limit: number): Promise<PersonRow[]> {
  return (
    await sql<PersonRow>`${prepared}SELECT ${cols} FROM people p JOIN regions r ON r.code = p.region_code
    WHERE ${whereOf(scope, { phoneBidx })} ORDER BY p.id DESC LIMIT ${limit}`.execute(db)
  ).rows;
}

export async function findById(db: Db, scope: ScopeSql, id: number, lock = false): Promise<PersonRow | undefined> {
  return (
    await sql<PersonRow>`${prepared}SELECT ${cols} FROM people p JOIN regions r ON r.code = p.region_code WHERE p.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(
      db,
    )
  ).rows[0];
}

export async function findSecret(db: Db, scope: ScopeSql, id: number): Promise<{ id_number_enc: Buffer | null; phone_enc: Buffer | null } | undefined> {
  return (
    await sql<{
      id_number_enc: Buffer | null;
      phone_enc: Buffer | null;
    }>`SELECT p.id_number_enc, p.phone_enc FROM people p WHERE p.id = ${id} AND ${scope}`.execute(db)
  ).rows[0];
}

export async function nextId(db: Db): Promise<number> {
  return Number((await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('people', 'id'))::bigint AS id`.execute(db)).rows[0]!.id);
}

export type NewPerson = {
  id: number;
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_enc: Buffer | null;
  id_number_bidx: Buffer | null;
  id_number_masked: string | null;
  phone_enc: Buffer | null;
  phone_bidx: Buffer | null;
  phone_masked: string | null;
  groups: string[];
  region_code: string;
  region_path: string;
  district_code: string | null;
  org_id: number | null;
};

export async function insert(db: Db, p: NewPerson): Promise<void> {
  await db.insertInto('people').values(p).execute();
}

export async function existsIdBidx(db: Db, bidx: Buffer, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('people').select('id').where('id_number_bidx', '=', bidx);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function update(db: Db, id: number, set: Partial<Omit<NewPerson, 'id'>>): Promise<void> {
  await db
    .updateTable('people')
    .set({ ...set, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function findIdByIdBidx(db: Db, bidx: Buffer): Promise<number | undefined> {
  return (await sql<{ id: number }>`SELECT id FROM people WHERE id_number_bidx = ${bidx}`.execute(db)).rows[0]?.id;
}

export async function findIdsByIdBidxs(db: Db, bidxs: Buffer[]): Promise<Array<{ id: number; bidx: Buffer }>> {
  return (await sql<{ id: number; bidx: Buffer }>`SELECT id, id_number_bidx AS bidx FROM people WHERE id_number_bidx = ANY(${bidxs}::bytea[])`.execute(db))
    .rows;
}

export async function nextIds(db: Db, n: number): Promise<number[]> {
  return (
    await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('people', 'id'))::bigint AS id FROM generate_series(1, ${n}::int)`.execute(db)
  ).rows.map((r) => Number(r.id));
}

/** Many rows in one statement: a column per array parameter, so the statement is the same for any batch size. */
export async function insertMany(db: Db, rows: NewPerson[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof NewPerson>(k: K) => rows.map((r) => r[k]);
  // An array of arrays would be read as one two-dimensional array: each row's groups go as an array literal.
  const groups = rows.map((r) => `{${r.groups.join(',')}}`);
  await sql`INSERT INTO people (id, name, gender, birth_date, id_number_enc, id_number_bidx, id_number_masked, phone_enc, phone_bidx, phone_masked,
      groups, region_code, region_path, district_code, org_id)
    SELECT u.id, u.name, u.gender, u.birth_date, u.id_number_enc, u.id_number_bidx, u.id_number_masked, u.phone_enc, u.phone_bidx, u.phone_masked,
      u.groups::text[], u.region_code, u.region_path::ltree, u.district_code, u.org_id
    FROM unnest(${col('id')}::bigint[], ${col('name')}::text[], ${col('gender')}::text[], ${col('birth_date')}::date[], ${col('id_number_enc')}::bytea[],
      ${col('id_number_bidx')}::bytea[], ${col('id_number_masked')}::text[], ${col('phone_enc')}::bytea[], ${col('phone_bidx')}::bytea[],
      ${col('phone_masked')}::text[], ${groups}::text[], ${col('region_code')}::text[], ${col('region_path')}::text[], ${col('district_code')}::text[],
      ${col('org_id')}::bigint[])
      AS u(id, name, gender, birth_date, id_number_enc, id_number_bidx, id_number_masked, phone_enc, phone_bidx, phone_masked, groups, region_code,
        region_path, district_code, org_id)`.execute(db);
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    people: affected(await sql`UPDATE people SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  return moved;
}

/** Gender and birth date of people (for aggregate figures only; no names or numbers). */
export async function demographics(db: Db, ids: number[]): Promise<Array<{ id: number; gender: string | null; birth_date: string | null }>> {
  if (ids.length === 0) return [];
  return (
    await sql<{ id: number; gender: string | null; birth_date: string | null }>`SELECT id, gender, to_char(birth_date, 'YYYY-MM-DD') AS birth_date
      FROM people WHERE id = ANY(${ids}::bigint[])`.execute(db)
  ).rows;
}

/** The encrypted phones of the people among `ids` that have one (messages the system sends them; no scope: no actor). */
export async function phonesOf(db: Db, ids: number[]): Promise<Array<{ id: number; phone_enc: Buffer }>> {
  if (ids.length === 0) return [];
  const r = await sql<{ id: number; phone_enc: Buffer }>`SELECT id, phone_enc FROM people WHERE id = ANY(${ids}::bigint[]) AND phone_enc IS NOT NULL`.execute(
    db,
  );
  return r.rows.map((x) => ({ id: Number(x.id), phone_enc: x.phone_enc }));
}
