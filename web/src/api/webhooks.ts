import type { webhooks } from '@contracts/webhooks';
import { endpoint } from './endpoint';

type C = typeof webhooks;

export const webhooksApi = {
  list: endpoint<C['list']>('GET /webhooks'),
  personalDataList: endpoint<C['personalDataList']>('GET /webhooks/personal-data'),
  personalData: endpoint<C['personalData']>('PUT /webhooks/:id/personal-data'),
  create: endpoint<C['create']>('POST /webhooks'),
  pause: endpoint<C['pause']>('POST /webhooks/:id/pause'),
  resume: endpoint<C['resume']>('POST /webhooks/:id/resume'),
  remove: endpoint<C['remove']>('DELETE /webhooks/:id'),
  deliveries: endpoint<C['deliveries']>('GET /webhooks/:id/deliveries'),
  resend: endpoint<C['resend']>('POST /webhooks/:id/deliveries/:deliveryId/resend'),
};
