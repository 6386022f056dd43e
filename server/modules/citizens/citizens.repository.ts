import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

export type OtpRow = { id: number; code_hash: Buffer; attempts: number; expired: boolean };

export async function countRecentCodes(db: Db, by: { phoneBidx: Buffer } | { ip: string }, seconds: number): Promise<number> {
  const where = 'ip' in by ? sql`ip = ${by.ip}` : sql`phone_bidx = ${by.phoneBidx}`;
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM citizen_otps
    WHERE ${where} AND created_at > now() - make_interval(secs => ${seconds})`.execute(db);
  return r.rows[0]!.n;
}

export async function insertCode(db: Db, row: { phone_bidx: Buffer; code_hash: Buffer; ttlSeconds: number; ip: string }): Promise<void> {
  await sql`INSERT INTO citizen_otps (phone_bidx, code_hash, expires_at, ip)
    VALUES (${row.phone_bidx}, ${row.code_hash}, now() + make_interval(secs => ${row.ttlSeconds}), ${row.ip})`.execute(db);
}

/** The latest live code of a phone, locked for the attempt. */
export async function latestCode(db: Db, phoneBidx: Buffer): Promise<OtpRow | undefined> {
  return (
    await sql<OtpRow>`SELECT id, code_hash, attempts, expires_at < now() AS expired FROM citizen_otps
      WHERE phone_bidx = ${phoneBidx} AND consumed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`.execute(db)
  ).rows[0];
}

export async function countAttempt(db: Db, id: number, consume: boolean): Promise<void> {
  await sql`UPDATE citizen_otps SET attempts = attempts + 1, consumed_at = CASE WHEN ${consume} THEN now() ELSE consumed_at END WHERE id = ${id}`.execute(db);
}

export async function consume(db: Db, id: number): Promise<void> {
  await sql`UPDATE citizen_otps SET consumed_at = now() WHERE id = ${id}`.execute(db);
}

export async function insertSession(db: Db, s: { token_hash: Buffer; person_id: number; csrf_token: string; expires_at: Date; ip: string }): Promise<void> {
  await db.insertInto('citizen_sessions').values(s).execute();
}

export type SessionRow = { person_id: number; csrf_token: string; idle: boolean; absolute: boolean; refresh: boolean };

export async function findSession(db: Db, tokenHash: Buffer, idleMinutes: number): Promise<SessionRow | undefined> {
  return (
    await sql<SessionRow>`SELECT person_id, csrf_token,
        last_seen_at < now() - make_interval(mins => ${idleMinutes}) AS idle,
        expires_at < now() AS absolute,
        last_seen_at < now() - interval '30 seconds' AS refresh
      FROM citizen_sessions WHERE token_hash = ${tokenHash}`.execute(db)
  ).rows[0];
}

export async function touchSession(db: Db, tokenHash: Buffer): Promise<void> {
  await sql`UPDATE citizen_sessions SET last_seen_at = now() WHERE token_hash = ${tokenHash}`.execute(db);
}

export async function deleteSession(db: Db, tokenHash: Buffer): Promise<void> {
  await sql`DELETE FROM citizen_sessions WHERE token_hash = ${tokenHash}`.execute(db);
}

/** Serialises code requests of one phone so the sending limits cannot be raced past. */
export async function lockPhone(db: Db, phoneBidx: Buffer): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${phoneBidx.toString('hex')}, 40))`.execute(db);
}
