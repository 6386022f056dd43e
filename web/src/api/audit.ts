import type { audit } from '@contracts/audit';
import { endpoint } from './endpoint';

type C = typeof audit;

export const auditApi = {
  list: endpoint<C['list']>('GET /audit'),
  verify: endpoint<C['verify']>('POST /audit/verify'),
  alarms: endpoint<C['alarms']>('GET /audit/alarms'),
};
