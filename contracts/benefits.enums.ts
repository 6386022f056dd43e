/** Value lists of worker benefits (offer kinds, claim modes, limit periods, claim statuses) that both the server's schemas and the web's forms need. */
export { MEMBER_TAGS } from './members.enums.js';

export const OFFER_KINDS = ['free_service', 'discount', 'voucher', 'goods', 'subsidy', 'mutual_aid', 'education_grant', 'seasonal_care'] as const;
export const CLAIM_MODES = ['fcfs', 'lottery', 'review'] as const;
export const LIMIT_PERIODS = ['offer', 'month', 'year'] as const;
export const CLAIM_STATUSES = ['entered', 'applied', 'waitlisted', 'issued', 'redeemed', 'cancelled', 'lost', 'rejected'] as const;

export type OfferKind = (typeof OFFER_KINDS)[number];
export type ClaimMode = (typeof CLAIM_MODES)[number];
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
