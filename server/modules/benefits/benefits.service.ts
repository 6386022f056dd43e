import { randomBytes, randomInt } from 'node:crypto';
import type { Claim, ClaimRow, ClaimStatus, Lottery, Offer, OfferDetail, OfferInput, PersonTimes, PortalOffer, Voucher } from '../../../contracts/benefits.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { sm3 } from '../../platform/crypto/sm.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/time.js';
import type { Citizen, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import {
  LOTTERY_ALGORITHM,
  claimableNow,
  districtOf,
  manageScope,
  maskCode,
  newSeed,
  newVoucherCode,
  normaliseCode,
  offerScope,
  periodKey,
  providerScope,
  rankEntrants,
} from './benefits.policy.js';
import * as repo from './benefits.repository.js';

/** A person's current membership, as the members module answers it. */
export type Membership = { memberId: number; memberNo: string; orgId: number; orgPath: string; regionPath: string; tags: string[] };
/** What benefits needs of the member registry. */
export type MembershipSource = { activeMembership(db: Db, personId: number): Promise<Membership | null> };

export const PROVIDER_TYPE = 'provider';
/** Claim transactions of one offer running at once in this process (the slices spread them over row locks). */
export const CLAIMS_PER_OFFER = 8;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const within = (path: string, root: string): boolean => path === root || path.startsWith(`${root}.`);

const toOffer = (o: repo.OfferRow): Offer => ({
  id: o.id,
  orgId: o.org_id,
  orgName: o.org_name,
  providerOrgId: o.provider_org_id,
  providerName: o.provider_name,
  title: o.title,
  brand: o.brand,
  description: o.description,
  kind: o.kind as Offer['kind'],
  eligibleOrgId: o.eligible_org_id,
  eligibleRegionCodes: o.eligible_region_paths.map((p) => p.split('.').pop()!),
  eligibleTags: o.eligible_tags,
  quota: o.quota,
  remaining: o.remaining,
  perMemberLimit: o.per_member_limit,
  limitPeriod: o.limit_period as Offer['limitPeriod'],
  claimFrom: new Date(o.claim_from).toISOString(),
  claimTo: new Date(o.claim_to).toISOString(),
  voucherDays: o.voucher_days,
  mode: o.mode as Offer['mode'],
  slices: o.slices,
  waitlist: o.waitlist,
  status: o.status as Offer['status'],
  drawnAt: iso(o.drawn_at),
  version: o.version,
});

const toClaimRow = (c: repo.ClaimRow & { offer_title: string }): ClaimRow => ({
  id: c.id,
  offerId: c.offer_id,
  offerTitle: c.offer_title,
  memberOrgId: c.member_org_id,
  status: c.status as ClaimStatus,
  codeMasked: maskCode(c.code),
  expiresAt: iso(c.expires_at),
  redeemedAt: iso(c.redeemed_at),
  note: c.note,
  createdAt: new Date(c.created_at).toISOString(),
});

/** Whether a member fits an offer's eligibility: union subtree, regions (any), tags (any). */
export function eligible(o: Pick<repo.OfferRow, 'eligible_org_path' | 'eligible_region_paths' | 'eligible_tags'>, m: Membership): boolean {
  if (!within(m.orgPath, o.eligible_org_path)) return false;
  if (o.eligible_region_paths.length > 0 && !o.eligible_region_paths.some((p) => within(m.regionPath, p))) return false;
  if (o.eligible_tags.length > 0 && !o.eligible_tags.some((t) => m.tags.includes(t))) return false;
  return true;
}

const keyHash = (key: string) => sm3(Buffer.from(key, 'utf8'));

/**
 * Worker benefits (职工普惠): offers published by a union for members of its subtree, claimed on the portal under a
 * quota split into slices and a per-member limit the database enforces, vouchers a provider redeems once, lotteries
 * anyone can re-run, applications with review, person-times and usage reports, ratings of redeemed benefits.
 */
export class BenefitsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly members: MembershipSource,
    private readonly ratings: RatingsService,
  ) {
    // A member rates a redeemed benefit once, through the claim; the publishing union is the rated unit.
    ratings.registerSubject('benefit', {
      handlingFigures: async () => [],
      labels: (db, ids) => repo.claimTitles(db, ids),
    });
  }

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  // ───────────── Offers (staff) ─────────────

  /** Provider organizations an offer can name. */
  async providers(): Promise<Array<{ id: number; name: string }>> {
    return (await this.orgs.partnersOfType(this.db, PROVIDER_TYPE)).map((o) => ({ id: o.id, name: o.name }));
  }

  /** Offers of my subtree (or, for a provider, the offers it provides), newest first. */
  async list(actor: Actor, q: { status?: string; page: number; pageSize: number }) {
    const { rows, total } = await repo.listOffers(this.db, offerScope(actor), q, q.pageSize, (q.page - 1) * q.pageSize);
    return { items: rows.map(toOffer), total, page: q.page, pageSize: q.pageSize };
  }

  /** Publishes an offer of a union in my subtree; eligibility defaults to the members of that union's subtree. */
  async create(ctx: RequestContext, input: OfferInput): Promise<Offer> {
    const from = new Date(input.claimFrom);
    const to = new Date(input.claimTo);
    if (!(from < to)) throw new AppError('VALIDATION', 'claimTo', { reason: 'after_start' });
    if (input.waitlist && input.mode !== 'fcfs') throw new AppError('VALIDATION', 'waitlist', { reason: 'invalid' });
    const regions = await Promise.all((input.eligibleRegionCodes ?? []).map((code, i) => this.regions.requireRegion(code, `eligibleRegionCodes.${i}`)));
    return this.db.transaction().execute(async (trx) => {
      if (!ctx.actor.permissions.has('benefit.manage')) throw new AppError('FORBIDDEN');
      const org = await this.orgs.requireWritable(trx, ctx.actor, input.orgId, 'orgId');
      const eligibleOrg = input.eligibleOrgId ? await this.orgs.requireWritable(trx, ctx.actor, input.eligibleOrgId, 'eligibleOrgId') : org;
      if (!within(eligibleOrg.path, org.path)) throw new AppError('VALIDATION', 'eligibleOrgId', { reason: 'not_below' });
      const provider = (await this.orgs.partnersOfType(trx, PROVIDER_TYPE, input.providerOrgId, 'providerOrgId'))[0]!;
      const region = await this.regions.requireRegion(org.regionCode, 'orgId', trx);
      const slices = input.mode === 'fcfs' ? Math.min(input.slices ?? 1, input.quota) : 1;
      const id = await repo.insertOffer(trx, {
        org_id: org.id,
        org_path: org.path,
        org_name: org.name,
        district_code: districtOf(region.path) || null,
        provider_org_id: provider.id,
        provider_path: provider.path,
        provider_name: provider.name,
        eligible_org_id: eligibleOrg.id,
        title: input.title.trim(),
        brand: input.brand?.trim() ?? '',
        description: input.description?.trim() ?? '',
        kind: input.kind,
        eligible_org_path: eligibleOrg.path,
        eligible_region_paths: regions.map((r) => r.path),
        eligible_tags: [...new Set((input.eligibleTags ?? []).map((t) => t.trim()).filter(Boolean))],
        quota: input.quota,
        per_member_limit: input.perMemberLimit,
        limit_period: input.limitPeriod,
        claim_from: from,
        claim_to: to,
        voucher_days: input.voucherDays,
        mode: input.mode,
        slices,
        waitlist: input.waitlist ?? false,
        created_by: ctx.actor.accountId,
      });
      await repo.addToSlices(trx, id, slices, input.quota);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'benefit_offer.create',
        objectType: 'benefit_offer',
        objectId: id,
        detail: { orgId: org.id, providerOrgId: provider.id, mode: input.mode, quota: input.quota, slices },
      });
      return toOffer((await repo.findOffer(trx, manageScope(ctx.actor), id))!);
    });
  }

  /** An offer with its claims by status and person-times. */
  async get(actor: Actor, id: number): Promise<OfferDetail> {
    const o = await repo.findOffer(this.db, offerScope(actor), id);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    return { offer: toOffer(o), counts: await repo.countsByStatus(this.db, id), personTimes: await repo.usageOfOffer(this.db, id) };
  }

  private async change(
    ctx: RequestContext,
    id: number,
    version: number,
    action: string,
    fn: (trx: Tx, o: repo.OfferRow) => Promise<Record<string, unknown>>,
  ): Promise<Offer> {
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findOffer(trx, manageScope(ctx.actor), id, true);
      if (!o) throw new AppError('NOT_FOUND', 'id');
      if (o.version !== version) throw new AppError('STALE_VERSION', 'version');
      const detail = await fn(trx, o);
      await this.audit.append(trx, actorOf(ctx), { action, objectType: 'benefit_offer', objectId: id, detail });
      return toOffer((await repo.findOffer(trx, manageScope(ctx.actor), id))!);
    });
  }

  /** Pauses claiming (claims already made stay valid). */
  async pause(ctx: RequestContext, id: number, version: number): Promise<Offer> {
    return this.change(ctx, id, version, 'benefit_offer.pause', async (trx, o) => {
      if (o.status !== 'open') throw new AppError('INVALID_STATE', 'id');
      await repo.updateOffer(trx, id, { status: 'paused' });
      return {};
    });
  }

  async resume(ctx: RequestContext, id: number, version: number): Promise<Offer> {
    return this.change(ctx, id, version, 'benefit_offer.resume', async (trx, o) => {
      if (o.status !== 'paused') throw new AppError('INVALID_STATE', 'id');
      await repo.updateOffer(trx, id, { status: 'open' });
      return {};
    });
  }

  /** Moves the end of the claim window later (a drawn lottery cannot be extended). */
  async extend(ctx: RequestContext, id: number, claimTo: string, version: number): Promise<Offer> {
    return this.change(ctx, id, version, 'benefit_offer.extend', async (trx, o) => {
      const to = new Date(claimTo);
      if (o.status === 'drawn') throw new AppError('INVALID_STATE', 'id');
      if (!(to > new Date(o.claim_to))) throw new AppError('VALIDATION', 'claimTo', { reason: 'invalid' });
      await repo.updateOffer(trx, id, { claim_to: to });
      return { from: new Date(o.claim_to).toISOString(), to: to.toISOString() };
    });
  }

  /** Adds quota: waiting members are served first, the rest is spread over the slices. */
  async addQuota(ctx: RequestContext, id: number, add: number, version: number): Promise<Offer> {
    return this.change(ctx, id, version, 'benefit_offer.quota', async (trx, o) => {
      if (o.status === 'drawn') throw new AppError('INVALID_STATE', 'id');
      await repo.updateOffer(trx, id, { quota: o.quota + add });
      await repo.addToSlices(trx, id, o.slices, add);
      let promoted = 0;
      if (o.waitlist) {
        for (; promoted < add; promoted++) {
          const w = await repo.firstWaiting(trx, id);
          if (!w) break;
          const slice = await repo.takeUnit(trx, id, 0, o.slices, false);
          if (slice === null) break;
          await repo.setClaim(trx, w.id, { status: 'issued', slice, code: newVoucherCode(), expires_at: this.expiry(o) });
        }
      }
      return { add, quota: o.quota + add, promoted };
    });
  }

  private expiry(o: Pick<repo.OfferRow, 'voucher_days'>): Date {
    return new Date(Date.now() + o.voucher_days * 86_400_000);
  }

  /**
   * Draws a lottery once its window has closed: a fresh random seed ranks the entrants by HMAC-SHA256; the first
   * as many as the quota get vouchers, the others lose. The seed and the entrants are kept for anyone to re-run.
   */
  async draw(ctx: RequestContext, id: number): Promise<Lottery> {
    await this.db.transaction().execute(async (trx) => {
      const o = await repo.findOffer(trx, manageScope(ctx.actor), id, true);
      if (!o) throw new AppError('NOT_FOUND', 'id');
      if (o.mode !== 'lottery') throw new AppError('INVALID_STATE', 'id', { reason: 'not_lottery' });
      if (o.status === 'drawn') throw new AppError('INVALID_STATE', 'id');
      if (new Date() < new Date(o.claim_to)) throw new AppError('INVALID_STATE', 'id', { reason: 'window_open' });
      const entrants = (await repo.claimsWithStatus(trx, id, 'entered')).map((c) => c.id);
      const seed = newSeed();
      const places = Math.min(o.remaining, entrants.length);
      const ranked = rankEntrants(seed, entrants);
      const winners = new Set(ranked.slice(0, places));
      for (const cid of entrants) {
        if (!winners.has(cid)) {
          await repo.setClaim(trx, cid, { status: 'lost' });
          continue;
        }
        const slice = await repo.takeUnit(trx, id, 0, o.slices, false);
        if (slice === null) throw new AppError('CONFLICT', 'id');
        await repo.setClaim(trx, cid, { status: 'issued', slice, code: newVoucherCode(), expires_at: this.expiry(o) });
      }
      await repo.updateOffer(trx, id, { status: 'drawn', lottery_seed: seed, lottery_entrants: entrants, lottery_places: places });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'benefit_offer.draw',
        objectType: 'benefit_offer',
        objectId: id,
        detail: { entrants: entrants.length, places, seed },
      });
    });
    return this.lottery(id);
  }

  /** A drawn lottery's record: public, so anyone can re-run the ranking. Not drawn yet: the count of entrants only. */
  async lottery(id: number): Promise<Lottery> {
    const o = await repo.findOfferForClaim(this.db, id);
    if (!o || o.mode !== 'lottery') throw new AppError('NOT_FOUND', 'id');
    const entrants = (o.lottery_entrants ?? []).map(Number);
    const winners = o.lottery_seed ? rankEntrants(o.lottery_seed, entrants).slice(0, o.lottery_places ?? 0) : [];
    return { offerId: id, drawn: o.status === 'drawn', seed: o.lottery_seed, algorithm: LOTTERY_ALGORITHM, quota: o.quota, entrants, winners };
  }

  /** Claims of an offer in my scope, without personal data. */
  async claims(actor: Actor, offerId: number, q: { status?: string; page: number; pageSize: number }) {
    const o = await repo.findOffer(this.db, offerScope(actor), offerId);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    const { rows, total } = await repo.listClaims(this.db, offerScope(actor), { offerId, status: q.status }, q.pageSize, (q.page - 1) * q.pageSize);
    return { items: rows.map(toClaimRow), total, page: q.page, pageSize: q.pageSize };
  }

  /** Approves an application (a voucher if quota remains, else CONFLICT sold_out) or rejects it (the limit is given back). */
  async decide(ctx: RequestContext, claimId: number, input: { approve: boolean; note?: string }): Promise<ClaimRow> {
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.findScopedClaim(trx, manageScope(ctx.actor), { id: claimId }, true);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (c.status !== 'applied') throw new AppError('INVALID_STATE', 'id');
      const o = (await repo.findOffer(trx, manageScope(ctx.actor), c.offer_id))!;
      let updated: repo.ClaimRow;
      if (input.approve) {
        const slice = await repo.takeUnit(trx, o.id, 0, o.slices, false);
        if (slice === null) throw new AppError('CONFLICT', 'id', { reason: 'sold_out' });
        updated = await repo.setClaim(trx, c.id, {
          status: 'issued',
          slice,
          code: newVoucherCode(),
          expires_at: this.expiry(o),
          decided_by: ctx.actor.accountId,
          note: input.note?.trim() ?? '',
        });
      } else {
        await repo.dropMemberCount(trx, o.id, c.person_id, c.period);
        updated = await repo.setClaim(trx, c.id, { status: 'rejected', decided_by: ctx.actor.accountId, note: input.note?.trim() ?? '' });
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'benefit_claim.decide',
        objectType: 'benefit_claim',
        objectId: c.id,
        detail: { approve: input.approve, offerId: o.id },
      });
      return toClaimRow({ ...updated, offer_title: c.offer_title });
    });
  }

  /** Person-times of a month in my scope (offers published in my subtree or provided by my organization). */
  async personTimes(actor: Actor, month: string): Promise<PersonTimes> {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const from = `${month}-01`;
    const to = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const r = await repo.personTimes(this.db, offerScope(actor), from, to);
    const byOffer = r.byOffer.map((x) => ({ offerId: x.offer_id, title: x.title, count: Number(x.n) }));
    return {
      month,
      byOffer,
      byUnion: r.byUnion.map((x) => ({ orgId: x.org_id, orgName: x.org_name, count: Number(x.n) })),
      byDistrict: r.byDistrict.map((x) => ({ districtCode: x.district_code, count: Number(x.n) })),
      total: r.byDistrict.reduce((a, x) => a + Number(x.n), 0),
    };
  }

  // ───────────── Providers ─────────────

  /** A provider's vouchers (issued and redeemed), newest first. */
  async vouchers(actor: Actor, q: { page: number; pageSize: number }) {
    const { rows, total } = await repo.listClaims(this.db, providerScope(actor), { issuedOnly: true }, q.pageSize, (q.page - 1) * q.pageSize);
    return { items: rows.map(toClaimRow), total, page: q.page, pageSize: q.pageSize };
  }

  private toVoucher(c: repo.ClaimRow & { offer_title: string }): Voucher {
    return {
      claimId: c.id,
      offerId: c.offer_id,
      offerTitle: c.offer_title,
      status: c.status as ClaimStatus,
      expiresAt: iso(c.expires_at),
      redeemedAt: iso(c.redeemed_at),
    };
  }

  /** A voucher of my offers by code; another provider's code is NOT_FOUND. */
  async lookup(actor: Actor, code: string): Promise<Voucher> {
    const c = await repo.findScopedClaim(this.db, providerScope(actor), { code: normaliseCode(code) });
    if (!c) throw new AppError('NOT_FOUND', 'code');
    return this.toVoucher(c);
  }

  /** Redeems a voucher of my offers: once, before it expires; counts one person-time for the member's district. */
  async redeem(ctx: RequestContext, code: string): Promise<Voucher> {
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.findScopedClaim(trx, providerScope(ctx.actor), { code: normaliseCode(code) }, true);
      if (!c) throw new AppError('NOT_FOUND', 'code');
      if (c.status === 'redeemed') throw new AppError('CONFLICT', 'code', { reason: 'redeemed' });
      if (c.status !== 'issued') throw new AppError('INVALID_STATE', 'code', { reason: 'not_issued' });
      if (c.expires_at && new Date(c.expires_at) <= new Date()) throw new AppError('INVALID_STATE', 'code', { reason: 'expired' });
      const updated = await repo.setClaim(trx, c.id, { status: 'redeemed', redeemed_by: ctx.actor.accountId });
      await repo.addUsage(trx, c.offer_id, chinaToday(), c.district_code ?? '');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'benefit_voucher.redeem',
        objectType: 'benefit_claim',
        objectId: c.id,
        detail: { offerId: c.offer_id },
      });
      return this.toVoucher({ ...updated, offer_title: c.offer_title });
    });
  }

  /** Issues an API key for my organization's online service; only its hash is kept. */
  async createKey(ctx: RequestContext, name: string): Promise<{ id: number; key: string }> {
    const provider = (await this.orgs.partnersOfType(this.db, PROVIDER_TYPE, ctx.actor.orgId, 'orgId').catch(() => []))[0];
    if (!provider || !ctx.actor.permissions.has('benefit.redeem')) throw new AppError('FORBIDDEN');
    const key = `bk_${randomBytes(24).toString('base64url')}`;
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertKey(trx, { provider_org_id: provider.id, name: name.trim(), key_hash: keyHash(key), created_by: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'benefit_api_key.create',
        objectType: 'benefit_api_key',
        objectId: id,
        detail: { providerOrgId: provider.id },
      });
      return { id, key };
    });
  }

  /** An online service's count of one day for an offer its organization provides; a second report of the day replaces the first. */
  async reportUsage(meta: Meta, apiKey: string | undefined, input: { offerId: number; day: string; count: number }): Promise<void> {
    const k = apiKey ? await repo.findKey(this.db, keyHash(apiKey)) : undefined;
    if (!k) throw new AppError('UNAUTHENTICATED');
    const o = await repo.findOfferForClaim(this.db, input.offerId);
    if (!o || o.provider_org_id !== k.provider_org_id) throw new AppError('NOT_FOUND', 'offerId');
    if (input.day > chinaToday()) throw new AppError('VALIDATION', 'day', { reason: 'future' });
    await this.db.transaction().execute(async (trx) => {
      await repo.setReportedUsage(trx, o.id, input.day, o.district_code ?? '', input.count);
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'benefit_usage.report',
        objectType: 'benefit_offer',
        objectId: o.id,
        detail: { keyId: k.id, day: input.day, count: input.count },
      });
    });
  }

  // ───────────── Portal (members) ─────────────

  /** Open offers the signed-in citizen may claim as a member; not a member: none. */
  async eligibleOffers(citizen: Citizen): Promise<{ member: boolean; items: PortalOffer[] }> {
    const m = await this.members.activeMembership(this.db, citizen.personId);
    if (!m) return { member: false, items: [] };
    const offers = await repo.listEligible(this.db, m, new Date());
    const counts = await repo.memberCounts(
      this.db,
      citizen.personId,
      offers.map((o) => Number(o.id)),
    );
    const today = chinaToday();
    const usedBy = new Map(counts.map((x) => [`${x.offer_id}:${x.period}`, x.used]));
    const used = (o: repo.OfferRow) => usedBy.get(`${Number(o.id)}:${periodKey(o.limit_period as 'offer', today)}`) ?? 0;
    return { member: true, items: offers.map((o) => ({ ...toOffer(o), claimsLeft: Math.max(0, o.per_member_limit - used(o)) })) };
  }

  private toClaim(c: repo.MineRow, rated: boolean): Claim {
    return {
      id: c.id,
      offerId: c.offer_id,
      offerTitle: c.offer_title,
      brand: c.brand,
      kind: c.kind as Claim['kind'],
      providerName: c.provider_name,
      status: c.status as ClaimStatus,
      code: c.status === 'issued' || c.status === 'redeemed' ? c.code : null,
      expiresAt: iso(c.expires_at),
      redeemedAt: iso(c.redeemed_at),
      createdAt: new Date(c.created_at).toISOString(),
      rated,
    };
  }

  /**
   * Claims an offer for the signed-in member. The per-member limit is one conditional upsert; a first-come unit is
   * taken from a random slice with quota left (skipping slices other claims hold, then waiting for one), so a crowd
   * on one offer spreads over the slices' row locks. Lottery entries and applications take their unit later.
   */
  async claim(meta: Meta, citizen: Citizen, offerId: number, input: { note?: string }): Promise<Claim> {
    // One connection for the whole claim, and at most CLAIMS_PER_OFFER of them per offer: a crowd on one offer waits
    // here in memory instead of queueing for pool connections that the rest of the server needs too.
    return this.gated(offerId, () =>
      this.db.transaction().execute(async (trx) => {
        const o = await repo.findOfferForClaim(trx, offerId);
        if (!o) throw new AppError('NOT_FOUND', 'id');
        const m = await this.members.activeMembership(trx, citizen.personId);
        if (!m || !eligible(o, m)) throw new AppError('NOT_FOUND', 'id', { reason: 'not_eligible' });
        if (!claimableNow(o, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'claim_closed' });
        const period = periodKey(o.limit_period as 'offer', chinaToday());
        const used = await repo.bumpMemberCount(trx, o.id, citizen.personId, period, o.per_member_limit);
        if (used === null) throw new AppError('CONFLICT', 'id', { reason: 'member_limit', limit: o.per_member_limit });
        const base = {
          offer_id: o.id,
          person_id: citizen.personId,
          member_id: m.memberId,
          member_org_id: m.orgId,
          district_code: districtOf(m.regionPath) || null,
          period,
          note: input.note?.trim() ?? '',
        };
        let c: repo.ClaimRow;
        if (o.mode === 'fcfs') {
          const start = randomInt(o.slices);
          const slice = await repo.takeFirstComeUnit(trx, o.id, start, o.slices);
          if (slice !== null) c = await repo.insertClaim(trx, { ...base, status: 'issued', slice, code: newVoucherCode(), expires_at: this.expiry(o) });
          else if (o.waitlist) c = await repo.insertClaim(trx, { ...base, status: 'waitlisted', slice: null, code: null, expires_at: null });
          else throw new AppError('CONFLICT', 'id', { reason: 'sold_out' });
        } else {
          c = await repo.insertClaim(trx, { ...base, status: o.mode === 'lottery' ? 'entered' : 'applied', slice: null, code: null, expires_at: null });
        }
        await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
          action: 'benefit_claim.create',
          objectType: 'benefit_claim',
          objectId: c.id,
          detail: { offerId: o.id, personId: citizen.personId, status: c.status },
        });
        return this.toClaim({ ...c, offer_title: o.title, brand: o.brand, kind: o.kind, provider_name: o.provider_name, org_id: o.org_id }, false);
      }),
    );
  }

  private readonly gates = new Map<number, { active: number; waiting: Array<() => void> }>();
  private async gated<T>(offerId: number, fn: () => Promise<T>): Promise<T> {
    let g = this.gates.get(offerId);
    if (!g) this.gates.set(offerId, (g = { active: 0, waiting: [] }));
    if (g.active >= CLAIMS_PER_OFFER) await new Promise<void>((r) => g.waiting.push(r));
    else g.active++;
    try {
      return await fn();
    } finally {
      const next = g.waiting.shift();
      if (next) next();
      else if (--g.active === 0) this.gates.delete(offerId);
    }
  }

  /** My claims and vouchers, newest first. */
  async mine(citizen: Citizen): Promise<Claim[]> {
    const rows = await repo.listMine(this.db, citizen.personId);
    const rated = await this.ratings.forSubjects(
      this.db,
      'benefit',
      rows.filter((r) => r.status === 'redeemed').map((r) => r.id),
    );
    return rows.map((r) => this.toClaim(r, rated.has(r.id)));
  }

  /**
   * Cancels my claim before redemption: its unit goes to the first waiting member, else back to its slice; the
   * per-member count is given back.
   */
  async cancelMine(meta: Meta, citizen: Citizen, claimId: number): Promise<Claim> {
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.findMine(trx, citizen.personId, claimId, true);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (!['issued', 'waitlisted', 'entered', 'applied'].includes(c.status)) throw new AppError('INVALID_STATE', 'id');
      let promoted: number | null = null;
      if (c.status === 'issued' && c.slice !== null) {
        const o = (await repo.findOfferForClaim(trx, c.offer_id))!;
        const w = o.waitlist ? await repo.firstWaiting(trx, c.offer_id) : undefined;
        if (w) {
          await repo.setClaim(trx, w.id, { status: 'issued', slice: c.slice, code: newVoucherCode(), expires_at: this.expiry(o) });
          promoted = w.id;
        } else {
          await repo.returnUnit(trx, c.offer_id, c.slice);
        }
      }
      await repo.dropMemberCount(trx, c.offer_id, c.person_id, c.period);
      const updated = await repo.setClaim(trx, c.id, { status: 'cancelled', slice: null, code: null, expires_at: null });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'benefit_claim.cancel',
        objectType: 'benefit_claim',
        objectId: c.id,
        detail: { offerId: c.offer_id, promoted },
      });
      return this.toClaim({ ...c, ...updated }, false);
    });
  }

  /** Rates my redeemed benefit once (好差评); a bad review opens a rectification for the publishing union. */
  async rateMine(meta: Meta, citizen: Citizen, claimId: number, input: { level: number; comment?: string }): Promise<{ level: number; label: string }> {
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.findMine(trx, citizen.personId, claimId);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (c.status !== 'redeemed') throw new AppError('INVALID_STATE', 'id', { reason: 'not_redeemed' });
      const { rating } = await this.ratings.rate(trx, actorOf(null, meta.ip, meta.requestId), {
        subjectType: 'benefit',
        subjectId: c.id,
        orgId: c.org_id,
        level: input.level,
        comment: input.comment,
      });
      return { level: rating.level, label: rating.label };
    });
  }
}
