import type { citizens } from '@contracts/citizens';
import { endpoint } from './endpoint';

type C = typeof citizens;

/** Portal sign-in. Writes need the citizen's CSRF header: the portal sends them through `portal/activities/citizen.ts`. */
export const citizensApi = {
  requestCode: endpoint<C['requestCode']>('POST /portal/auth/code'),
  verify: endpoint<C['verify']>('POST /portal/auth/verify'),
  me: endpoint<C['me']>('GET /portal/auth/me'),
  session: endpoint<C['session']>('GET /portal/auth/session'),
  logout: endpoint<C['logout']>('POST /portal/auth/logout'),
};
