import type { benefits } from '@contracts/benefits';
import { endpoint } from './endpoint';

type C = typeof benefits;

export const benefitsApi = {
  providers: endpoint<C['providers']>('GET /benefit-providers'),
  list: endpoint<C['list']>('GET /benefit-offers'),
  create: endpoint<C['create']>('POST /benefit-offers'),
  get: endpoint<C['get']>('GET /benefit-offers/:id'),
  pause: endpoint<C['pause']>('POST /benefit-offers/:id/pause'),
  resume: endpoint<C['resume']>('POST /benefit-offers/:id/resume'),
  extend: endpoint<C['extend']>('POST /benefit-offers/:id/extend'),
  addQuota: endpoint<C['addQuota']>('POST /benefit-offers/:id/quota'),
  draw: endpoint<C['draw']>('POST /benefit-offers/:id/draw'),
  claims: endpoint<C['claims']>('GET /benefit-offers/:id/claims'),
  decide: endpoint<C['decide']>('POST /benefit-claims/:id/decision'),
  personTimes: endpoint<C['personTimes']>('GET /benefit-person-times'),
  vouchers: endpoint<C['vouchers']>('GET /benefit-vouchers'),
  lookup: endpoint<C['lookup']>('POST /benefit-vouchers/lookup'),
  redeem: endpoint<C['redeem']>('POST /benefit-vouchers/redeem'),
  createKey: endpoint<C['createKey']>('POST /benefit-api-keys'),
  portalList: endpoint<C['portalList']>('GET /portal/benefit-offers'),
  portalClaim: endpoint<C['portalClaim']>('POST /portal/benefit-offers/:id/claims'),
  lottery: endpoint<C['lottery']>('GET /portal/benefit-offers/:id/lottery'),
  mine: endpoint<C['mine']>('GET /portal/me/benefit-claims'),
  cancelMine: endpoint<C['cancelMine']>('POST /portal/me/benefit-claims/:id/cancel'),
  rateMine: endpoint<C['rateMine']>('POST /portal/me/benefit-claims/:id/rating'),
};
