import type { RouteContract } from '@contracts/core';
import type { venues } from '@contracts/venues';
import { endpoint } from './endpoint';

type C = typeof venues;
/** A multipart upload: the page posts a FormData to `.path(...)` (`uploadFile`); the contract's body is the form as the server parses it. */
type Upload<R extends RouteContract> = Omit<R, 'body'> & { body?: undefined };

export const venuesApi = {
  types: endpoint<C['types']>('GET /venue-types'),
  typeCatalogue: endpoint<C['typeCatalogue']>('GET /venue-types/catalogue'),
  addType: endpoint<C['addType']>('POST /venue-types'),
  updateType: endpoint<C['updateType']>('PATCH /venue-types/:code'),
  list: endpoint<C['list']>('GET /venues'),
  /** A file download: use `.path(...)` as a link. */
  export: endpoint<C['export']>('GET /venues/export'),
  get: endpoint<C['get']>('GET /venues/:id'),
  create: endpoint<C['create']>('POST /venues'),
  update: endpoint<C['update']>('PATCH /venues/:id'),
  archive: endpoint<C['archive']>('POST /venues/:id/archive'),
  setHours: endpoint<C['setHours']>('PUT /venues/:id/hours'),
  addRoom: endpoint<C['addRoom']>('POST /venues/:id/rooms'),
  updateRoom: endpoint<C['updateRoom']>('PATCH /venue-rooms/:id'),
  addProject: endpoint<C['addProject']>('POST /venues/:id/projects'),
  removeProject: endpoint<C['removeProject']>('DELETE /venue-projects/:id'),
  /** An image: use `.path(...)` as its source. */
  photo: endpoint<C['photo']>('GET /venues/:id/photos/:photoId'),
  addPhoto: endpoint<Upload<C['addPhoto']>>('POST /venues/:id/photos'),
  quotas: endpoint<C['quotas']>('GET /venues/:id/quotas'),
  setQuotas: endpoint<C['setQuotas']>('PUT /venues/:id/quotas'),
  bookings: endpoint<C['bookings']>('GET /venues/:id/bookings'),
  book: endpoint<C['book']>('POST /venue-bookings'),
  myBookings: endpoint<C['myBookings']>('GET /venue-bookings/mine'),
  inbox: endpoint<C['inbox']>('GET /venue-bookings/inbox'),
  cancel: endpoint<C['cancel']>('POST /venue-bookings/:id/cancel'),
  approve: endpoint<C['approve']>('POST /venue-bookings/:id/approve'),
  reject: endpoint<C['reject']>('POST /venue-bookings/:id/reject'),
  cancelByVenue: endpoint<C['cancelByVenue']>('POST /venue-bookings/:id/cancel-by-venue'),
  feedToken: endpoint<C['feedToken']>('POST /venue-feeds'),
  coverage: endpoint<C['coverage']>('GET /venue-coverage'),
  coverageSummary: endpoint<C['coverageSummary']>('GET /venue-coverage/summary'),
  /** A file download: use `.path(...)` as a link. */
  exportGaps: endpoint<C['exportGaps']>('GET /venue-coverage/gaps/export'),
  coverageOf: endpoint<C['coverageOf']>('GET /venue-coverage/:code'),
  portalList: endpoint<C['portalList']>('GET /portal/venues'),
  portalTypes: endpoint<C['portalTypes']>('GET /portal/venue-types'),
};
