import type { activities } from '@contracts/activities';
import { endpoint } from './endpoint';

type C = typeof activities;

export const activitiesApi = {
  campaigns: endpoint<C['campaigns']>('GET /campaigns'),
  createCampaign: endpoint<C['createCampaign']>('POST /campaigns'),
  updateCampaign: endpoint<C['updateCampaign']>('PATCH /campaigns/:id'),
  list: endpoint<C['list']>('GET /activities'),
  totals: endpoint<C['totals']>('GET /activities/totals'),
  /** A file download: use `.path(...)` as a link. */
  exportTotals: endpoint<C['exportTotals']>('GET /activities/totals/export'),
  create: endpoint<C['create']>('POST /activities'),
  get: endpoint<C['get']>('GET /activities/:id'),
  update: endpoint<C['update']>('PATCH /activities/:id'),
  publish: endpoint<C['publish']>('POST /activities/:id/publish'),
  cancel: endpoint<C['cancel']>('POST /activities/:id/cancel'),
  registrations: endpoint<C['registrations']>('GET /activities/:id/registrations'),
  decide: endpoint<C['decide']>('POST /activities/:id/registrations/:registrationId/decision'),
  checkIn: endpoint<C['checkIn']>('POST /activities/check-in'),
  walkIn: endpoint<C['walkIn']>('POST /activities/:id/walk-ins'),
  portalList: endpoint<C['portalList']>('GET /portal/activities'),
  portalGet: endpoint<C['portalGet']>('GET /portal/activities/:id'),
  register: endpoint<C['register']>('POST /portal/activities/:id/registrations'),
  join: endpoint<C['join']>('POST /portal/activities/:id/join'),
  mine: endpoint<C['mine']>('GET /portal/me/registrations'),
  cancelMine: endpoint<C['cancelMine']>('POST /portal/me/registrations/:id/cancel'),
  rateMine: endpoint<C['rateMine']>('POST /portal/me/registrations/:id/rating'),
};
