import type { orgs } from '@contracts/orgs';
import { endpoint } from './endpoint';

type C = typeof orgs;

export const orgsApi = {
  merge: endpoint<C['merge']>('POST /orgs/merge'),
  leaderBreakdown: endpoint<C['leaderBreakdown']>('GET /leadership/breakdown'),
  leaderBreakdownExport: endpoint<C['leaderBreakdownExport']>('GET /leadership/breakdown/export'),
};
