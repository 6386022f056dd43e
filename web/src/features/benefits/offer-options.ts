import type { ClaimMode, ClaimStatus, LimitPeriod, MEMBER_TAGS, OfferKind } from '@contracts/benefits';

export type MemberTag = (typeof MEMBER_TAGS)[number];

/** The keys of a record naming every value of a union once: the compiler refuses a value missing or unknown. */
const every = <T extends string>(r: Record<T, true>): T[] => Object.keys(r) as T[];

// The contract's value lists are schemas (server-side); the web takes only their types, so the lists are spelled here.
export const OFFER_KINDS = every<OfferKind>({
  free_service: true,
  discount: true,
  voucher: true,
  goods: true,
  subsidy: true,
  mutual_aid: true,
  education_grant: true,
  seasonal_care: true,
});
export const CLAIM_MODES = every<ClaimMode>({ fcfs: true, lottery: true, review: true });
export const LIMIT_PERIODS = every<LimitPeriod>({ offer: true, month: true, year: true });
export const CLAIM_STATUSES = every<ClaimStatus>({
  entered: true,
  applied: true,
  waitlisted: true,
  issued: true,
  redeemed: true,
  cancelled: true,
  lost: true,
  rejected: true,
});
export const OFFER_TAGS = every<MemberTag>({ migrant_worker: true, hardship: true, model_worker: true, new_form: true, woman_worker: true });
