import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { affected, type OrgReassignment } from '../../platform/repath.js';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { likeContains } from '../../platform/sql-text.js';

export type LoginRow = {
  id: number;
  password_hash: string;
  status: string;
  failed_logins: number;
  locked: boolean;
};

export async function findForLogin(db: Db, usernameNorm: string): Promise<LoginRow | undefined> {
  return (
    await sql<LoginRow>`SELECT id, password_hash, status, failed_logins, coalesce(locked_until > now(), false) AS locked
      FROM accounts WHERE username_norm = ${usernameNorm} FOR UPDATE`.execute(db)
  ).rows[0];
}

export async function findForSignIn(db: Db, id: number): Promise<{ id: number; username: string; status: string; locked: boolean } | undefined> {
  return (
    await sql<{ id: number; username: string; status: string; locked: boolean }>`SELECT id, username, status, coalesce(locked_until > now(), false) AS locked
      FROM accounts WHERE id = ${id} FOR UPDATE`.execute(db)
  ).rows[0];
}

/** Counts a failure; the account locks when the count reaches `max`. Returns true when this failure locked it. */
export async function recordFailure(db: Db, id: number, max: number, lockMinutes: number): Promise<boolean> {
  const r = await sql<{ locked: boolean }>`UPDATE accounts SET
      failed_logins = failed_logins + 1,
      locked_until = CASE WHEN failed_logins + 1 >= ${max} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END
    WHERE id = ${id} RETURNING (failed_logins >= ${max}) AS locked`.execute(db);
  return r.rows[0]?.locked ?? false;
}

export async function recordSuccess(db: Db, id: number): Promise<void> {
  await sql`UPDATE accounts SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = ${id}`.execute(db);
}

export type AccountRow = {
  id: number;
  username: string;
  display_name: string;
  org_id: number;
  org_name: string;
  org_type: string;
  status: string;
  locked: boolean;
  failed_logins: number;
  last_login_at: Date | null;
  roles: string[];
  created_at: Date;
  email: string | null;
  phone_masked: string | null;
};

const cols = sql`a.id, a.username, a.display_name, a.org_id, o.name AS org_name, o.type_code AS org_type, a.status,
  coalesce(a.locked_until > now(), false) AS locked, a.failed_logins, a.last_login_at,
  coalesce((SELECT array_agg(ar.role_code ORDER BY ar.role_code) FROM account_roles ar WHERE ar.account_id = a.id), '{}') AS roles, a.created_at, a.email, a.phone_masked`;

export async function list(db: Db, scope: ScopeSql, f: { q?: string; orgId?: number }, limit: number, offset: number) {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.q) {
    const like = likeContains(f.q);
    parts.push(sql<SqlBool>`(a.username LIKE ${like} OR a.display_name LIKE ${like})`);
  }
  if (f.orgId) parts.push(sql<SqlBool>`a.org_id = ${f.orgId}`);
  const where = sql.join(parts, sql` AND `);
  const rows = (
    await sql<AccountRow>`SELECT ${cols} FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE ${where} ORDER BY a.username LIMIT ${limit} OFFSET ${offset}`.execute(
      db,
    )
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE ${where}`.execute(db)).rows[0]?.n ?? 0;
  return { rows, total };
}

export async function findById(db: Db, scope: ScopeSql, id: number): Promise<AccountRow | undefined> {
  return (await sql<AccountRow>`SELECT ${cols} FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export async function insert(
  db: Db,
  v: { username: string; username_norm: string; display_name: string; org_id: number; password_hash: string; password_changed_at?: Date; is_demo?: boolean },
): Promise<number> {
  return (await db.insertInto('accounts').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setStatus(db: Db, id: number, status: 'active' | 'disabled'): Promise<void> {
  await db.updateTable('accounts').set({ status }).where('id', '=', id).execute();
}

export async function unlock(db: Db, id: number): Promise<void> {
  await db.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function setPassword(db: Db, id: number, hash: string, changedAt: Date | null): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ password_hash: hash, password_changed_at: changedAt ?? sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  await db.insertInto('password_history').values({ account_id: id, password_hash: hash }).execute();
}

export async function recentPasswordHashes(db: Db, id: number, n: number): Promise<string[]> {
  const rows = await db.selectFrom('password_history').select('password_hash').where('account_id', '=', id).orderBy('changed_at', 'desc').limit(n).execute();
  return rows.map((r) => r.password_hash);
}

export async function currentHash(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('accounts').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash;
}

export async function replaceRoles(db: Db, id: number, roles: Array<{ code: string; admin_kind: string | null }>, grantedBy: number): Promise<void> {
  await db.deleteFrom('account_roles').where('account_id', '=', id).execute();
  for (const r of roles) {
    await db.insertInto('account_roles').values({ account_id: id, role_code: r.code, admin_kind: r.admin_kind, granted_by: grantedBy }).execute();
  }
}

export async function listRoles(db: Db) {
  return db.selectFrom('roles').selectAll().orderBy('code').execute();
}

/** The active accounts of one organization (the recipients of what is addressed to the unit). */
export async function activeIdsOfOrg(db: Db, orgId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`SELECT id FROM accounts WHERE org_id = ${orgId} AND status = 'active' ORDER BY id`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** Organization merge: this module's rows of the merged unit go to the survivor (paths below it move too). */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    accounts: affected(await sql`UPDATE accounts SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db)),
  };
  return moved;
}

export async function setEmail(db: Db, id: number, email: string | null): Promise<void> {
  await sql`UPDATE accounts SET email = ${email} WHERE id = ${id}`.execute(db);
}

/** Sets (or, with nulls, clears) an account's mobile phone: its ciphertext and masked form together. */
export async function setPhone(db: Db, id: number, phone: { enc: Buffer; masked: string } | null): Promise<void> {
  await sql`UPDATE accounts SET phone_enc = ${phone?.enc ?? null}, phone_masked = ${phone?.masked ?? null} WHERE id = ${id}`.execute(db);
}

/** The encrypted phones of active accounts among `ids` that have one (the recipients of SMS notifications). */
export async function phonesOf(db: Db, ids: number[]): Promise<Array<{ id: number; phone_enc: Buffer }>> {
  if (ids.length === 0) return [];
  const r = await sql<{
    id: number;
    phone_enc: Buffer;
  }>`SELECT id, phone_enc FROM accounts WHERE id = ANY(${ids}::bigint[]) AND status = 'active' AND phone_enc IS NOT NULL`.execute(db);
  return r.rows.map((x) => ({ id: Number(x.id), phone_enc: x.phone_enc }));
}

/** Merges the given keys into an account's display preferences and returns them all. */
export async function mergeUiPrefs(db: Db, id: number, prefs: Record<string, boolean>): Promise<Record<string, unknown>> {
  const r = await sql<{
    ui_prefs: Record<string, unknown>;
  }>`UPDATE accounts SET ui_prefs = ui_prefs || ${JSON.stringify(prefs)}::jsonb WHERE id = ${id} RETURNING ui_prefs`.execute(db);
  return r.rows[0]?.ui_prefs ?? {};
}

/** The addresses of active accounts among `ids` that have one (the recipients of email notifications). */
export async function emailsOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await sql<{
    id: number;
    email: string;
  }>`SELECT id, email FROM accounts WHERE id = ANY(${ids}::bigint[]) AND status = 'active' AND email IS NOT NULL`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.id), x.email]));
}
