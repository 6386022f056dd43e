import { sql, type SqlBool } from 'kysely';
import { prepared, type Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';

export type OfferRow = {
  id: number;
  org_id: number;
  org_path: string;
  org_name: string;
  district_code: string | null;
  provider_org_id: number;
  provider_path: string;
  provider_name: string;
  eligible_org_id: number;
  title: string;
  brand: string;
  description: string;
  kind: string;
  eligible_org_path: string;
  eligible_region_paths: string[];
  eligible_tags: string[];
  quota: number;
  remaining: number;
  per_member_limit: number;
  limit_period: string;
  claim_from: Date;
  claim_to: Date;
  voucher_days: number;
  mode: string;
  slices: number;
  waitlist: boolean;
  status: string;
  lottery_seed: string | null;
  lottery_entrants: number[] | null;
  lottery_places: number | null;
  drawn_at: Date | null;
  version: number;
};

const OFFER_COLS = sql`o.id, o.org_id, o.org_path::text AS org_path, o.org_name, o.district_code, o.provider_org_id, o.provider_path::text AS provider_path,
  o.provider_name, o.eligible_org_id, o.title, o.brand, o.description, o.kind, o.eligible_org_path::text AS eligible_org_path,
  o.eligible_region_paths::text[] AS eligible_region_paths, o.eligible_tags, o.quota,
  (SELECT coalesce(sum(s.remaining), 0)::int FROM benefit_quota_slices s WHERE s.offer_id = o.id) AS remaining,
  o.per_member_limit, o.limit_period, o.claim_from, o.claim_to, o.voucher_days, o.mode, o.slices, o.waitlist, o.status,
  o.lottery_seed, o.lottery_entrants::int8[] AS lottery_entrants, o.lottery_places, o.drawn_at, o.version`;

export type NewOffer = Omit<OfferRow, 'id' | 'remaining' | 'status' | 'lottery_seed' | 'lottery_entrants' | 'lottery_places' | 'drawn_at' | 'version'> & {
  created_by: number;
};

export async function insertOffer(db: Db, v: NewOffer): Promise<number> {
  const r = await sql<{ id: number }>`
    INSERT INTO benefit_offers (org_id, org_path, org_name, district_code, provider_org_id, provider_path, provider_name, eligible_org_id, title, brand,
      description, kind, eligible_org_path, eligible_region_paths, eligible_tags, quota, per_member_limit, limit_period, claim_from, claim_to,
      voucher_days, mode, slices, waitlist, created_by)
    VALUES (${v.org_id}, ${v.org_path}::ltree, ${v.org_name}, ${v.district_code}, ${v.provider_org_id}, ${v.provider_path}::ltree, ${v.provider_name},
      ${v.eligible_org_id}, ${v.title}, ${v.brand}, ${v.description}, ${v.kind}, ${v.eligible_org_path}::ltree, ${v.eligible_region_paths}::ltree[],
      ${v.eligible_tags}::text[], ${v.quota}, ${v.per_member_limit}, ${v.limit_period}, ${v.claim_from}, ${v.claim_to}, ${v.voucher_days}, ${v.mode},
      ${v.slices}, ${v.waitlist}, ${v.created_by})
    RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

/** Spreads `add` units over the offer's slices as evenly as possible (creating the slices on first use). */
export async function addToSlices(db: Db, offerId: number, slices: number, add: number): Promise<void> {
  await sql`
    INSERT INTO benefit_quota_slices (offer_id, slice, remaining)
    SELECT ${offerId}, g, ${Math.floor(add / slices)} + CASE WHEN g < ${add % slices} THEN 1 ELSE 0 END
    FROM generate_series(0, ${slices - 1}) g
    ON CONFLICT (offer_id, slice) DO UPDATE SET remaining = benefit_quota_slices.remaining + EXCLUDED.remaining`.execute(db);
}

export async function findOffer(db: Db, scope: ScopeSql, id: number, lock = false): Promise<OfferRow | undefined> {
  const r = await sql<OfferRow>`SELECT ${OFFER_COLS} FROM benefit_offers o WHERE o.id = ${id} AND ${scope} ${lock ? sql`FOR UPDATE OF o` : sql``}`.execute(db);
  return r.rows[0];
}

/** The offer a claim reads: by key only (the claimant's eligibility is checked against it in the service). */
export async function findOfferForClaim(db: Db, id: number): Promise<OfferRow | undefined> {
  const r = await sql<OfferRow>`${prepared}SELECT ${OFFER_COLS} FROM benefit_offers o WHERE o.id = ${id}`.execute(db);
  return r.rows[0];
}

export async function listOffers(db: Db, scope: ScopeSql, f: { status?: string }, limit: number, offset: number): Promise<{ rows: OfferRow[]; total: number }> {
  const where = sql<SqlBool>`${scope} ${f.status ? sql`AND o.status = ${f.status}` : sql``}`;
  const rows = await sql<OfferRow>`SELECT ${OFFER_COLS} FROM benefit_offers o WHERE ${where} ORDER BY o.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_offers o WHERE ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

/** Open offers a member of the union at `orgPath` in the region at `regionPath` with `tags` may claim. */
export async function listEligible(db: Db, m: { orgPath: string; regionPath: string; tags: string[] }, now: Date): Promise<OfferRow[]> {
  const r = await sql<OfferRow>`
    SELECT ${OFFER_COLS} FROM benefit_offers o
    WHERE o.eligible_org_path @> ${m.orgPath}::ltree
      AND (cardinality(o.eligible_region_paths) = 0 OR o.eligible_region_paths @> ${m.regionPath}::ltree)
      AND (cardinality(o.eligible_tags) = 0 OR o.eligible_tags && ${m.tags}::text[])
      AND o.status = 'open' AND o.claim_from <= ${now} AND o.claim_to > ${now}
    ORDER BY o.claim_to, o.id LIMIT 200`.execute(db);
  return r.rows;
}

/** How many claims a person has counted against each offer's limit, per period. */
export async function memberCounts(db: Db, personId: number, offerIds: number[]): Promise<Array<{ offer_id: number; period: string; used: number }>> {
  if (!offerIds.length) return [];
  const r = await sql<{ offer_id: number; period: string; used: number }>`
    SELECT offer_id::int AS offer_id, period, used FROM benefit_member_counts WHERE person_id = ${personId} AND offer_id = ANY(${offerIds}::bigint[])`.execute(
    db,
  );
  return r.rows;
}

export async function updateOffer(
  db: Db,
  id: number,
  set: { status?: string; claim_to?: Date; quota?: number; lottery_seed?: string; lottery_entrants?: number[]; lottery_places?: number; drawn?: boolean },
): Promise<void> {
  await sql`
    UPDATE benefit_offers SET version = version + 1
      ${set.status ? sql`, status = ${set.status}` : sql``}
      ${set.claim_to ? sql`, claim_to = ${set.claim_to}` : sql``}
      ${set.quota !== undefined ? sql`, quota = ${set.quota}` : sql``}
      ${set.lottery_seed ? sql`, lottery_seed = ${set.lottery_seed}, lottery_entrants = ${set.lottery_entrants ?? []}::bigint[], lottery_places = ${set.lottery_places ?? 0}, drawn_at = now()` : sql``}
    WHERE id = ${id}`.execute(db);
}

// ───────────── Claiming: the statements the bench repeats verbatim over plain pg ─────────────

/**
 * Counts one claim against the per-member limit of the period; null when the limit is reached. Concurrent claims
 * of one person queue on the row, and the CHECK (used <= lim) holds whatever a statement forgets.
 */
export async function bumpMemberCount(db: Db, offerId: number, personId: number, period: string, lim: number): Promise<number | null> {
  const r = await sql<{ used: number }>`${prepared}
    INSERT INTO benefit_member_counts AS c (offer_id, person_id, period, used, lim) VALUES (${offerId}, ${personId}, ${period}, 1, ${lim})
    ON CONFLICT (offer_id, person_id, period) DO UPDATE SET used = c.used + 1 WHERE c.used < c.lim
    RETURNING used`.execute(db);
  return r.rows[0]?.used ?? null;
}

export async function dropMemberCount(db: Db, offerId: number, personId: number, period: string): Promise<void> {
  await sql`${prepared}UPDATE benefit_member_counts SET used = used - 1 WHERE offer_id = ${offerId} AND person_id = ${personId} AND period = ${period} AND used > 0`.execute(
    db,
  );
}

/**
 * Takes one unit from a slice with quota left, starting at `start` and going round. With `skipLocked` a slice another
 * claim holds is passed over (the common case under a crowd); without it, the claim waits for one — used only when
 * every slice with quota was locked, so "sold out" is never answered while quota remains. Waiting claims lock in
 * ascending slice order: a slice locked and then found empty stays locked, so a random order could deadlock.
 */
export async function takeUnit(db: Db, offerId: number, start: number, slices: number, skipLocked: boolean): Promise<number | null> {
  const r = await sql<{ slice: number }>`${prepared}
    UPDATE benefit_quota_slices SET remaining = remaining - 1
    WHERE offer_id = ${offerId} AND remaining > 0 AND slice = (
      SELECT slice FROM benefit_quota_slices WHERE offer_id = ${offerId} AND remaining > 0
      ORDER BY ${skipLocked ? sql`(slice - ${start} + ${slices}) % ${slices}` : sql`slice`} LIMIT 1 ${skipLocked ? sql`FOR UPDATE SKIP LOCKED` : sql`FOR UPDATE`})
    RETURNING slice`.execute(db);
  return r.rows[0]?.slice ?? null;
}

/**
 * A first-come claim's unit: from any slice another claim does not hold, starting at `start`; when there is none, by
 * waiting (see `takeUnit`). The skipping pass runs inside a savepoint that is rolled back when it finds nothing: a
 * slice it locked and then found emptied by a claim that committed meanwhile stays locked until then, out of the
 * ascending order the waiting pass relies on — two claims holding such slices while waiting could deadlock.
 */
export async function takeFirstComeUnit(trx: Db, offerId: number, start: number, slices: number): Promise<number | null> {
  await sql`SAVEPOINT take_unit`.execute(trx);
  const skipping = await takeUnit(trx, offerId, start, slices, true);
  if (skipping !== null) return skipping;
  await sql`ROLLBACK TO SAVEPOINT take_unit`.execute(trx);
  return takeUnit(trx, offerId, start, slices, false);
}

export async function returnUnit(db: Db, offerId: number, slice: number): Promise<void> {
  await sql`${prepared}UPDATE benefit_quota_slices SET remaining = remaining + 1 WHERE offer_id = ${offerId} AND slice = ${slice}`.execute(db);
}

export type ClaimRow = {
  id: number;
  offer_id: number;
  person_id: number;
  member_id: number;
  member_org_id: number;
  district_code: string | null;
  period: string;
  status: string;
  slice: number | null;
  code: string | null;
  expires_at: Date | null;
  note: string;
  redeemed_at: Date | null;
  created_at: Date;
};

export type NewClaim = Pick<
  ClaimRow,
  'offer_id' | 'person_id' | 'member_id' | 'member_org_id' | 'district_code' | 'period' | 'status' | 'slice' | 'code' | 'expires_at' | 'note'
>;

export async function insertClaim(db: Db, v: NewClaim): Promise<ClaimRow> {
  const r = await sql<ClaimRow>`${prepared}
    INSERT INTO benefit_claims (offer_id, person_id, member_id, member_org_id, district_code, period, status, slice, code, expires_at, note)
    VALUES (${v.offer_id}, ${v.person_id}, ${v.member_id}, ${v.member_org_id}, ${v.district_code}, ${v.period}, ${v.status}, ${v.slice}, ${v.code}, ${v.expires_at}, ${v.note})
    RETURNING *`.execute(db);
  return r.rows[0]!;
}

export async function findClaim(db: Db, id: number, lock = false): Promise<ClaimRow | undefined> {
  const r = await sql<ClaimRow>`SELECT * FROM benefit_claims WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0];
}

export async function findClaimByCode(db: Db, code: string, lock = false): Promise<ClaimRow | undefined> {
  const r = await sql<ClaimRow>`SELECT * FROM benefit_claims WHERE code = ${code} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0];
}

export async function setClaim(
  db: Db,
  id: number,
  set: { status: string; slice?: number | null; code?: string | null; expires_at?: Date | null; redeemed_by?: number; decided_by?: number; note?: string },
): Promise<ClaimRow> {
  const r = await sql<ClaimRow>`
    UPDATE benefit_claims SET status = ${set.status}
      ${set.slice !== undefined ? sql`, slice = ${set.slice}` : sql``}
      ${set.code !== undefined ? sql`, code = ${set.code}` : sql``}
      ${set.expires_at !== undefined ? sql`, expires_at = ${set.expires_at}` : sql``}
      ${set.status === 'redeemed' ? sql`, redeemed_at = now(), redeemed_by = ${set.redeemed_by ?? null}` : sql``}
      ${set.decided_by !== undefined ? sql`, decided_by = ${set.decided_by}` : sql``}
      ${set.note !== undefined ? sql`, note = ${set.note}` : sql``}
    WHERE id = ${id} RETURNING *`.execute(db);
  return r.rows[0]!;
}

/** The first waiting claim of an offer, locked (another cancellation promotes the next one). */
export async function firstWaiting(db: Db, offerId: number): Promise<ClaimRow | undefined> {
  const r =
    await sql<ClaimRow>`SELECT * FROM benefit_claims WHERE offer_id = ${offerId} AND status = 'waitlisted' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(
      db,
    );
  return r.rows[0];
}

export async function claimsWithStatus(db: Db, offerId: number, status: string): Promise<ClaimRow[]> {
  const r = await sql<ClaimRow>`SELECT * FROM benefit_claims WHERE offer_id = ${offerId} AND status = ${status} ORDER BY id`.execute(db);
  return r.rows;
}

export type MineRow = ClaimRow & { offer_title: string; brand: string; kind: string; provider_name: string; org_id: number };

export async function listMine(db: Db, personId: number): Promise<MineRow[]> {
  const r = await sql<MineRow>`
    SELECT c.*, o.title AS offer_title, o.brand, o.kind, o.provider_name, o.org_id
    FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id
    WHERE c.person_id = ${personId} ORDER BY c.id DESC LIMIT 200`.execute(db);
  return r.rows;
}

export async function findMine(db: Db, personId: number, id: number, lock = false): Promise<MineRow | undefined> {
  const r = await sql<MineRow>`
    SELECT c.*, o.title AS offer_title, o.brand, o.kind, o.provider_name, o.org_id
    FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id
    WHERE c.id = ${id} AND c.person_id = ${personId} ${lock ? sql`FOR UPDATE OF c` : sql``}`.execute(db);
  return r.rows[0];
}

export type StaffClaimRow = ClaimRow & { offer_title: string };

export async function listClaims(
  db: Db,
  scope: ScopeSql,
  f: { offerId?: number; status?: string; issuedOnly?: boolean },
  limit: number,
  offset: number,
): Promise<{ rows: StaffClaimRow[]; total: number }> {
  const where = sql<SqlBool>`${scope}
    ${f.offerId ? sql`AND c.offer_id = ${f.offerId}` : sql``}
    ${f.status ? sql`AND c.status = ${f.status}` : sql``}
    ${f.issuedOnly ? sql`AND c.status IN ('issued', 'redeemed')` : sql``}`;
  const rows = await sql<StaffClaimRow>`
    SELECT c.*, o.title AS offer_title FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id
    WHERE ${where} ORDER BY c.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id WHERE ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]!.n };
}

/** A claim with its offer, within a scope over the offer (`o`). */
export async function findScopedClaim(
  db: Db,
  scope: ScopeSql,
  where: { id?: number; code?: string },
  lock = false,
): Promise<(ClaimRow & { offer_title: string; org_id: number }) | undefined> {
  const r = await sql<ClaimRow & { offer_title: string; org_id: number }>`
    SELECT c.*, o.title AS offer_title, o.org_id FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id
    WHERE ${where.id ? sql`c.id = ${where.id}` : sql`c.code = ${where.code ?? ''}`} AND ${scope}
    ${lock ? sql`FOR UPDATE OF c` : sql``}`.execute(db);
  return r.rows[0];
}

export async function countsByStatus(db: Db, offerId: number): Promise<Record<string, number>> {
  const r = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM benefit_claims WHERE offer_id = ${offerId} GROUP BY status`.execute(
    db,
  );
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}

// ───────────── Person-times ─────────────

export async function addUsage(db: Db, offerId: number, day: string, districtCode: string): Promise<void> {
  await sql`${prepared}
    INSERT INTO benefit_usage AS u (offer_id, day, source, district_code, count) VALUES (${offerId}, ${day}::date, 'redeem', ${districtCode}, 1)
    ON CONFLICT (offer_id, day, source, district_code) DO UPDATE SET count = u.count + 1`.execute(db);
}

export async function setReportedUsage(db: Db, offerId: number, day: string, districtCode: string, count: number): Promise<void> {
  await sql`
    INSERT INTO benefit_usage (offer_id, day, source, district_code, count) VALUES (${offerId}, ${day}::date, 'report', ${districtCode}, ${count})
    ON CONFLICT (offer_id, day, source, district_code) DO UPDATE SET count = EXCLUDED.count`.execute(db);
}

export async function usageOfOffer(db: Db, offerId: number): Promise<number> {
  const r = await sql<{ n: string }>`SELECT coalesce(sum(count), 0)::text AS n FROM benefit_usage WHERE offer_id = ${offerId}`.execute(db);
  return Number(r.rows[0]!.n);
}

export async function personTimes(db: Db, scope: ScopeSql, from: string, to: string) {
  const base = sql`FROM benefit_usage u JOIN benefit_offers o ON o.id = u.offer_id WHERE ${scope} AND u.day >= ${from}::date AND u.day < ${to}::date`;
  const byOffer = await sql<{
    offer_id: number;
    title: string;
    n: string;
  }>`SELECT o.id AS offer_id, o.title, sum(u.count)::text AS n ${base} GROUP BY o.id, o.title ORDER BY sum(u.count) DESC LIMIT 100`.execute(db);
  const byUnion = await sql<{
    org_id: number;
    org_name: string;
    n: string;
  }>`SELECT o.org_id, o.org_name, sum(u.count)::text AS n ${base} GROUP BY o.org_id, o.org_name ORDER BY sum(u.count) DESC LIMIT 100`.execute(db);
  const byDistrict = await sql<{
    district_code: string;
    n: string;
  }>`SELECT u.district_code, sum(u.count)::text AS n ${base} GROUP BY u.district_code ORDER BY u.district_code`.execute(db);
  return { byOffer: byOffer.rows, byUnion: byUnion.rows, byDistrict: byDistrict.rows };
}

// ───────────── API keys of providers ─────────────

export async function insertKey(db: Db, v: { provider_org_id: number; name: string; key_hash: Buffer; created_by: number }): Promise<number> {
  const r = await sql<{
    id: number;
  }>`INSERT INTO benefit_api_keys (provider_org_id, name, key_hash, created_by) VALUES (${v.provider_org_id}, ${v.name}, ${v.key_hash}, ${v.created_by}) RETURNING id`.execute(
    db,
  );
  return r.rows[0]!.id;
}

export async function findKey(db: Db, keyHash: Buffer): Promise<{ id: number; provider_org_id: number } | undefined> {
  const r = await sql<{
    id: number;
    provider_org_id: number;
  }>`${prepared}SELECT id, provider_org_id FROM benefit_api_keys WHERE key_hash = ${keyHash} AND revoked_at IS NULL`.execute(db);
  return r.rows[0];
}

/** Labels of rated claims for the ratings component: the offer's title. */
export async function claimTitles(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const r = await sql<{
    id: number;
    title: string;
  }>`SELECT c.id, o.title FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id WHERE c.id = ANY(${ids}::bigint[])`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.id), x.title]));
}

/** Copied organization paths of offers (publisher, provider, eligible subtree) under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE benefit_offers SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE benefit_offers SET provider_path = ${repath('provider_path', p)} WHERE provider_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE benefit_offers SET eligible_org_path = ${repath('eligible_org_path', p)} WHERE eligible_org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/**
 * Organization merge: offers the merged unit publishes, provides or is the eligible subtree of, its members' claims and
 * a provider's API keys go to the survivor, copied names included.
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    benefit_offers: affected(await sql`UPDATE benefit_offers SET org_id = ${m.toId}, org_name = ${m.toName} WHERE org_id = ${m.fromId}`.execute(db)),
    benefit_offers_provided: affected(
      await sql`UPDATE benefit_offers SET provider_org_id = ${m.toId}, provider_name = ${m.toName} WHERE provider_org_id = ${m.fromId}`.execute(db),
    ),
    benefit_offers_eligible: affected(await sql`UPDATE benefit_offers SET eligible_org_id = ${m.toId} WHERE eligible_org_id = ${m.fromId}`.execute(db)),
    benefit_claims: affected(await sql`UPDATE benefit_claims SET member_org_id = ${m.toId} WHERE member_org_id = ${m.fromId}`.execute(db)),
    benefit_api_keys: affected(await sql`UPDATE benefit_api_keys SET provider_org_id = ${m.toId} WHERE provider_org_id = ${m.fromId}`.execute(db)),
  };
  await repathOrgs(db, m);
  return moved;
}
