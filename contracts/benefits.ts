/** Worker benefits (职工普惠): offers, claims, vouchers and their redemption, lotteries, reviews, person-times. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, DateTimeString, Id, IdParam, Lit, Nullable, Obj, Ok, PageQuery, Paged, RegionCode, Text, route } from './core.js';
import {
  CLAIM_MODES,
  CLAIM_STATUSES,
  LIMIT_PERIODS,
  MEMBER_TAGS,
  OFFER_KINDS,
  type ClaimMode,
  type ClaimStatus,
  type LimitPeriod,
  type OfferKind,
} from './benefits.enums.js';

export { CLAIM_MODES, CLAIM_STATUSES, LIMIT_PERIODS, MEMBER_TAGS, OFFER_KINDS, type ClaimMode, type ClaimStatus, type LimitPeriod, type OfferKind };

const tags = ['benefits'] as const;

export const OFFER_STATUSES = ['open', 'paused', 'drawn'] as const;

/** Member tags an offer can be limited to: 农民工, 困难职工, 劳模, 新就业形态劳动者, 女职工 (the member registry's codes, `MEMBER_TAGS`). */
const Tag = Lit(MEMBER_TAGS);
const VoucherCode = Type.String({ pattern: '^[0-9A-HJ-NP-Za-hj-np-z]{12}$', maxLength: 12 });

export const Offer = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  providerOrgId: Type.Integer(),
  providerName: Type.String(),
  title: Type.String(),
  brand: Type.String(),
  description: Type.String(),
  kind: Lit(OFFER_KINDS),
  eligibleOrgId: Type.Integer(),
  eligibleRegionCodes: Type.Array(Type.String()),
  eligibleTags: Type.Array(Type.String()),
  quota: Type.Integer(),
  remaining: Type.Integer(),
  perMemberLimit: Type.Integer(),
  limitPeriod: Lit(LIMIT_PERIODS),
  claimFrom: Type.String(),
  claimTo: Type.String(),
  voucherDays: Type.Integer(),
  mode: Lit(CLAIM_MODES),
  slices: Type.Integer(),
  waitlist: Type.Boolean(),
  status: Lit(OFFER_STATUSES),
  drawnAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Offer = Static<typeof Offer>;

/** An offer as the portal lists it to a member: with what is left of the member's own limit in this period. */
export const PortalOffer = Obj({
  ...Offer.properties,
  claimsLeft: Type.Integer({ minimum: 0, description: 'Claims I may still make in the current period; 0 when my limit is reached' }),
});
export type PortalOffer = Static<typeof PortalOffer>;

export const OfferDetail = Obj({
  offer: Offer,
  counts: Type.Record(Type.String(), Type.Integer()),
  personTimes: Type.Integer(),
});
export type OfferDetail = Static<typeof OfferDetail>;

export const OfferInput = Obj({
  title: Text(100, 1),
  brand: Type.Optional(Text(50)),
  description: Type.Optional(Text(2000)),
  kind: Lit(OFFER_KINDS),
  orgId: Id,
  providerOrgId: Id,
  eligibleOrgId: Type.Optional(Id),
  eligibleRegionCodes: Type.Optional(Type.Array(RegionCode, { maxItems: 30 })),
  eligibleTags: Type.Optional(Type.Array(Tag, { maxItems: 10 })),
  quota: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  perMemberLimit: Type.Integer({ minimum: 1, maximum: 100 }),
  limitPeriod: Lit(LIMIT_PERIODS),
  claimFrom: DateTimeString,
  claimTo: DateTimeString,
  voucherDays: Type.Integer({ minimum: 1, maximum: 366 }),
  mode: Lit(CLAIM_MODES),
  slices: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  waitlist: Type.Optional(Type.Boolean()),
});
export type OfferInput = Static<typeof OfferInput>;

export const Claim = Obj({
  id: Type.Integer(),
  offerId: Type.Integer(),
  offerTitle: Type.String(),
  brand: Type.String(),
  kind: Lit(OFFER_KINDS),
  providerName: Type.String(),
  status: Lit(CLAIM_STATUSES),
  code: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  redeemedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  rated: Type.Boolean(),
});
export type Claim = Static<typeof Claim>;

/** What staff and providers see of a claim: no person, only the member's union and the voucher state. */
export const ClaimRow = Obj({
  id: Type.Integer(),
  offerId: Type.Integer(),
  offerTitle: Type.String(),
  memberOrgId: Type.Integer(),
  status: Lit(CLAIM_STATUSES),
  codeMasked: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  redeemedAt: Nullable(Type.String()),
  note: Type.String(),
  createdAt: Type.String(),
});
export type ClaimRow = Static<typeof ClaimRow>;

export const Lottery = Obj({
  offerId: Type.Integer(),
  drawn: Type.Boolean(),
  seed: Nullable(Type.String()),
  algorithm: Type.String(),
  quota: Type.Integer(),
  entrants: Type.Array(Type.Integer()),
  winners: Type.Array(Type.Integer()),
});
export type Lottery = Static<typeof Lottery>;

export const PersonTimes = Obj({
  month: Type.String(),
  byOffer: Type.Array(Obj({ offerId: Type.Integer(), title: Type.String(), count: Type.Integer() })),
  byUnion: Type.Array(Obj({ orgId: Type.Integer(), orgName: Type.String(), count: Type.Integer() })),
  byDistrict: Type.Array(Obj({ districtCode: Type.String(), count: Type.Integer() })),
  total: Type.Integer(),
});
export type PersonTimes = Static<typeof PersonTimes>;

export const Voucher = Obj({
  claimId: Type.Integer(),
  offerId: Type.Integer(),
  offerTitle: Type.String(),
  status: Lit(CLAIM_STATUSES),
  expiresAt: Nullable(Type.String()),
  redeemedAt: Nullable(Type.String()),
});
export type Voucher = Static<typeof Voucher>;

export const benefits = {
  providers: route({
    method: 'GET',
    url: '/benefit-providers',
    tags,
    summary: 'Benefit providers (partner organizations) an offer can name',
    response: Obj({ items: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })) }),
  }),
  list: route({
    method: 'GET',
    url: '/benefit-offers',
    tags,
    summary: 'Offers published in my subtree, or, for a provider, the offers it provides',
    querystring: Obj({ status: Type.Optional(Lit(OFFER_STATUSES)), ...PageQuery }),
    response: Paged(Offer),
  }),
  create: route({
    method: 'POST',
    url: '/benefit-offers',
    tags,
    summary: 'Publish an offer of a union in my subtree for the members of a subtree of it',
    body: OfferInput,
    response: Offer,
    status: 201,
  }),
  get: route({
    method: 'GET',
    url: '/benefit-offers/:id',
    tags,
    summary: 'An offer with its claims by status and person-times',
    params: IdParam,
    response: OfferDetail,
  }),
  pause: route({
    method: 'POST',
    url: '/benefit-offers/:id/pause',
    tags,
    summary: 'Pause claiming',
    params: IdParam,
    body: Obj({ version: Type.Integer({ minimum: 1 }) }),
    response: Offer,
  }),
  resume: route({
    method: 'POST',
    url: '/benefit-offers/:id/resume',
    tags,
    summary: 'Resume claiming',
    params: IdParam,
    body: Obj({ version: Type.Integer({ minimum: 1 }) }),
    response: Offer,
  }),
  extend: route({
    method: 'POST',
    url: '/benefit-offers/:id/extend',
    tags,
    summary: 'Move the end of the claim window later',
    params: IdParam,
    body: Obj({ claimTo: DateTimeString, version: Type.Integer({ minimum: 1 }) }),
    response: Offer,
  }),
  addQuota: route({
    method: 'POST',
    url: '/benefit-offers/:id/quota',
    tags,
    summary: 'Add quota (spread over the slices); promotes waiting members first',
    params: IdParam,
    body: Obj({ add: Type.Integer({ minimum: 1, maximum: 1_000_000 }), version: Type.Integer({ minimum: 1 }) }),
    response: Offer,
  }),
  draw: route({
    method: 'POST',
    url: '/benefit-offers/:id/draw',
    body: Obj({}),
    tags,
    summary: 'Draw a lottery offer after its window: a random seed ranks the entrants by HMAC-SHA256; the seed and entrants are kept',
    params: IdParam,
    response: Lottery,
  }),
  claims: route({
    method: 'GET',
    url: '/benefit-offers/:id/claims',
    tags,
    summary: 'Claims of an offer (no personal data)',
    params: IdParam,
    querystring: Obj({ status: Type.Optional(Lit(CLAIM_STATUSES)), ...PageQuery }),
    response: Paged(ClaimRow),
  }),
  decide: route({
    method: 'POST',
    url: '/benefit-claims/:id/decision',
    tags,
    summary: 'Approve (issues a voucher if quota remains) or reject an application',
    params: IdParam,
    body: Obj({ approve: Type.Boolean(), note: Type.Optional(Text(500)) }),
    response: ClaimRow,
  }),
  personTimes: route({
    method: 'GET',
    url: '/benefit-person-times',
    tags,
    summary: 'Person-times (redemptions and reported usage) of a month per offer, union and district',
    querystring: Obj({ month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', maxLength: 7 }) }),
    response: PersonTimes,
  }),
  vouchers: route({
    method: 'GET',
    url: '/benefit-vouchers',
    tags,
    summary: "A provider's vouchers (issued and redeemed)",
    querystring: Obj({ ...PageQuery }),
    response: Paged(ClaimRow),
  }),
  lookup: route({
    method: 'POST',
    url: '/benefit-vouchers/lookup',
    tags,
    summary: 'A voucher of my offers by its code (typed or scanned), before redeeming',
    body: Obj({ code: VoucherCode }),
    response: Voucher,
  }),
  redeem: route({
    method: 'POST',
    url: '/benefit-vouchers/redeem',
    tags,
    summary: 'Redeem a voucher of my offers by its code: once, before it expires',
    body: Obj({ code: VoucherCode }),
    response: Voucher,
  }),
  createKey: route({
    method: 'POST',
    url: '/benefit-api-keys',
    tags,
    summary: "Issue an API key for my online service's daily usage reports (shown once)",
    body: Obj({ name: Text(50, 1) }),
    response: Obj({ id: Type.Integer(), key: Type.String() }),
    status: 201,
  }),
  reportUsage: route({
    method: 'POST',
    url: '/benefit-usage',
    tags,
    summary: "An online service reports a day's usage count of an offer it provides (X-Api-Key); a second report of the day replaces the first",
    body: Obj({ offerId: Id, day: DateString, count: Type.Integer({ minimum: 0, maximum: 100_000_000 }) }),
    response: Ok,
  }),
  portalList: route({
    method: 'GET',
    url: '/portal/benefit-offers',
    tags,
    summary: 'Open offers I am eligible for as a member, with what is left of my limit on each',
    response: Obj({ member: Type.Boolean(), items: Type.Array(PortalOffer) }),
  }),
  portalClaim: route({
    method: 'POST',
    url: '/portal/benefit-offers/:id/claims',
    tags,
    summary: 'Claim an offer: a voucher (first come), an entry (lottery), an application (review) or a waitlist place',
    params: IdParam,
    body: Obj({ note: Type.Optional(Text(500)) }),
    response: Claim,
    status: 201,
  }),
  lottery: route({
    method: 'GET',
    url: '/portal/benefit-offers/:id/lottery',
    tags,
    summary: "A drawn lottery's seed, entrants and winners, for anyone to re-run",
    params: IdParam,
    response: Lottery,
  }),
  mine: route({
    method: 'GET',
    url: '/portal/me/benefit-claims',
    tags,
    summary: 'My claims and vouchers',
    response: Obj({ items: Type.Array(Claim) }),
  }),
  cancelMine: route({
    method: 'POST',
    url: '/portal/me/benefit-claims/:id/cancel',
    body: Obj({}),
    tags,
    summary: 'Cancel my claim before redemption: the unit returns to the quota or to the first waiting member',
    params: IdParam,
    response: Claim,
  }),
  rateMine: route({
    method: 'POST',
    url: '/portal/me/benefit-claims/:id/rating',
    tags,
    summary: 'Rate a redeemed benefit (好差评); a bad review opens a rectification for the publishing union',
    params: IdParam,
    body: Obj({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
    response: Obj({ level: Type.Integer(), label: Type.String() }),
    status: 201,
  }),
};
