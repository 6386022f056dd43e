import type { regions } from '@contracts/regions';
import { endpoint } from './endpoint';

type C = typeof regions;

export const regionsApi = {
  portalTree: endpoint<C['portalTree']>('GET /portal/regions'),
};
