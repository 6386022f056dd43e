import type { oidc } from '@contracts/oidc';
import { endpoint } from './endpoint';

type C = typeof oidc;

export const oidcApi = {
  status: endpoint<C['status']>('GET /auth/oidc'),
  start: endpoint<C['start']>('GET /auth/oidc/start'),
  citizenStatus: endpoint<C['citizenStatus']>('GET /portal/auth/oidc'),
  citizenStart: endpoint<C['citizenStart']>('GET /portal/auth/oidc/start'),
  bindings: endpoint<C['bindings']>('GET /accounts/:id/oidc'),
  bind: endpoint<C['bind']>('POST /accounts/:id/oidc'),
  unbind: endpoint<C['unbind']>('DELETE /accounts/:id/oidc/:bindingId'),
};
