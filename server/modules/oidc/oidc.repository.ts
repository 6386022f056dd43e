import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

export type BindingRow = { id: number; account_id: number; issuer: string; subject: string; created_at: Date; last_used_at: Date | null };
export type LoginRow = { state: string; browser_hash: Buffer; audience: string; code_verifier: string; nonce: string; expired: boolean };

export async function insertLogin(
  db: Db,
  row: { state: string; browserHash: Buffer; audience: string; codeVerifier: string; nonce: string; ttlSeconds: number },
): Promise<void> {
  await sql`INSERT INTO oidc_logins (state, browser_hash, audience, code_verifier, nonce, expires_at)
    VALUES (${row.state}, ${row.browserHash}, ${row.audience}, ${row.codeVerifier}, ${row.nonce}, now() + make_interval(secs => ${row.ttlSeconds}))`.execute(
    db,
  );
  // Sign-ins abandoned at the provider are cleared as new ones start.
  await sql`DELETE FROM oidc_logins WHERE expires_at < now() - interval '1 hour'`.execute(db);
}

/** Takes the sign-in under way for a state: deleted whatever follows, so a state is answered at most once. */
export async function takeLogin(db: Db, state: string, audience: string): Promise<LoginRow | undefined> {
  return (
    await sql<LoginRow>`DELETE FROM oidc_logins WHERE state = ${state} AND audience = ${audience}
      RETURNING state, browser_hash, audience, code_verifier, nonce, expires_at < now() AS expired`.execute(db)
  ).rows[0];
}

export async function findBinding(db: Db, issuer: string, subject: string): Promise<BindingRow | undefined> {
  return (
    await sql<BindingRow>`SELECT id, account_id, issuer, subject, created_at, last_used_at FROM oidc_bindings WHERE issuer = ${issuer} AND subject = ${subject}`.execute(
      db,
    )
  ).rows[0];
}

export async function touchBinding(db: Db, id: number): Promise<void> {
  await sql`UPDATE oidc_bindings SET last_used_at = now() WHERE id = ${id}`.execute(db);
}

export async function bindingsOf(db: Db, accountId: number): Promise<BindingRow[]> {
  return (
    await sql<BindingRow>`SELECT id, account_id, issuer, subject, created_at, last_used_at FROM oidc_bindings WHERE account_id = ${accountId} ORDER BY id`.execute(
      db,
    )
  ).rows;
}

/** Inserts a binding; undefined when the subject or the account is already bound for this issuer. */
export async function insertBinding(db: Db, row: { accountId: number; issuer: string; subject: string; createdBy: number }): Promise<BindingRow | undefined> {
  return (
    await sql<BindingRow>`INSERT INTO oidc_bindings (account_id, issuer, subject, created_by) VALUES (${row.accountId}, ${row.issuer}, ${row.subject}, ${row.createdBy})
      ON CONFLICT DO NOTHING RETURNING id, account_id, issuer, subject, created_at, last_used_at`.execute(db)
  ).rows[0];
}

export async function deleteBinding(db: Db, accountId: number, id: number): Promise<BindingRow | undefined> {
  return (
    await sql<BindingRow>`DELETE FROM oidc_bindings WHERE id = ${id} AND account_id = ${accountId} RETURNING id, account_id, issuer, subject, created_at, last_used_at`.execute(
      db,
    )
  ).rows[0];
}
