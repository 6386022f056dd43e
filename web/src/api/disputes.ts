import type { disputes } from '@contracts/disputes';
import { endpoint } from './endpoint';

type C = typeof disputes;

export const disputesApi = {
  list: endpoint<C['list']>('GET /disputes'),
  exportXlsx: endpoint<C['exportXlsx']>('GET /disputes/export'),
  figures: endpoint<C['figures']>('GET /disputes/figures'),
  partnerOrgs: endpoint<C['partnerOrgs']>('GET /disputes/partner-orgs'),
  open: endpoint<C['open']>('POST /disputes'),
  get: endpoint<C['get']>('GET /disputes/:id'),
  reveal: endpoint<C['reveal']>('POST /disputes/:id/reveal'),
  invite: endpoint<C['invite']>('POST /disputes/:id/invitations'),
  withdraw: endpoint<C['withdraw']>('POST /disputes/:id/invitations/:invitationId/withdraw'),
  accept: endpoint<C['accept']>('POST /disputes/:id/invitations/:invitationId/accept'),
  decline: endpoint<C['decline']>('POST /disputes/:id/invitations/:invitationId/decline'),
  addSession: endpoint<C['addSession']>('POST /disputes/:id/sessions'),
  agreement: endpoint<C['agreement']>('POST /disputes/:id/agreement'),
  confirm: endpoint<C['confirm']>('POST /disputes/:id/confirm'),
  refer: endpoint<C['refer']>('POST /disputes/:id/refer'),
  close: endpoint<C['close']>('POST /disputes/:id/close'),
};
