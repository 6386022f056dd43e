import type { members } from '@contracts/members';
import { endpoint } from './endpoint';

type C = typeof members;

export const membersApi = {
  list: endpoint<C['list']>('GET /members'),
  lookup: endpoint<C['lookup']>('POST /members/lookup'),
  exportXlsx: endpoint<C['exportXlsx']>('GET /members/export'),
  enrol: endpoint<C['enrol']>('POST /members'),
  get: endpoint<C['get']>('GET /members/:id'),
  setTags: endpoint<C['setTags']>('PUT /members/:id/tags'),
  leave: endpoint<C['leave']>('POST /members/:id/leave'),
  registrations: endpoint<C['registrations']>('GET /member-registrations'),
  confirmRegistration: endpoint<C['confirmRegistration']>('POST /member-registrations/:id/confirm'),
  rejectRegistration: endpoint<C['rejectRegistration']>('POST /member-registrations/:id/reject'),
  transfers: endpoint<C['transfers']>('GET /member-transfers'),
  requestTransfer: endpoint<C['requestTransfer']>('POST /member-transfers'),
  confirmTransfer: endpoint<C['confirmTransfer']>('POST /member-transfers/:id/confirm'),
  rejectTransfer: endpoint<C['rejectTransfer']>('POST /member-transfers/:id/reject'),
  verifyCard: endpoint<C['verifyCard']>('POST /member-cards/verify'),
  previewImport: endpoint<C['previewImport']>('POST /member-imports'),
  getImport: endpoint<C['getImport']>('GET /member-imports/:id'),
  commitImport: endpoint<C['commitImport']>('POST /member-imports/:id/commit'),
  importErrors: endpoint<C['importErrors']>('GET /member-imports/:id/errors'),
  unions: endpoint<C['unions']>('GET /portal/member-unions'),
  union: endpoint<C['union']>('GET /portal/member-unions/:id'),
  myMembership: endpoint<C['myMembership']>('GET /portal/membership'),
  register: endpoint<C['register']>('POST /portal/member-registrations'),
  myCard: endpoint<C['myCard']>('GET /portal/member-card'),
};
