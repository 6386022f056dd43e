import type { regions } from '@contracts/regions';
import { endpoint } from './endpoint';

type C = typeof regions;

export const regionsApi = {
  portalTree: endpoint<C['portalTree']>('GET /portal/regions'),
  children: endpoint<C['children']>('GET /regions'),
  search: endpoint<C['search']>('GET /regions/search'),
  get: endpoint<C['get']>('GET /regions/:code'),
  zones: endpoint<C['zones']>('GET /zones'),
  createZone: endpoint<C['createZone']>('POST /zones'),
  setZoneStreets: endpoint<C['setZoneStreets']>('PUT /zones/:id/streets'),
  deleteZone: endpoint<C['deleteZone']>('DELETE /zones/:id'),
};
