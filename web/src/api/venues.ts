import type { venues } from '@contracts/venues';
import { endpoint } from './endpoint';

type C = typeof venues;

export const venuesApi = {
  typeCatalogue: endpoint<C['typeCatalogue']>('GET /venue-types/catalogue'),
  addType: endpoint<C['addType']>('POST /venue-types'),
  updateType: endpoint<C['updateType']>('PATCH /venue-types/:code'),
  quotas: endpoint<C['quotas']>('GET /venues/:id/quotas'),
  setQuotas: endpoint<C['setQuotas']>('PUT /venues/:id/quotas'),
  cancelByVenue: endpoint<C['cancelByVenue']>('POST /venue-bookings/:id/cancel-by-venue'),
};
