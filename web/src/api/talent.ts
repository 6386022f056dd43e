import type { talent } from '@contracts/talent';
import { endpoint } from './endpoint';

type C = typeof talent;

export const talentApi = {
  list: endpoint<C['list']>('GET /talent-programmes'),
  summary: endpoint<C['summary']>('GET /talent-programmes/summary'),
  figures: endpoint<C['figures']>('GET /talent/figures'),
  create: endpoint<C['create']>('POST /talent-programmes'),
  get: endpoint<C['get']>('GET /talent-programmes/:id'),
  setStatus: endpoint<C['setStatus']>('POST /talent-programmes/:id/status'),
  addSession: endpoint<C['addSession']>('POST /talent-programmes/:id/sessions'),
  enrolments: endpoint<C['enrolments']>('GET /talent-programmes/:id/enrolments'),
  enrol: endpoint<C['enrol']>('POST /talent-programmes/:id/enrolments'),
  attend: endpoint<C['attend']>('POST /talent-enrolments/:id/attendance'),
  assess: endpoint<C['assess']>('POST /talent-enrolments/:id/assessment'),
  certificate: endpoint<C['certificate']>('GET /talent-enrolments/:id/certificate'),
  portalList: endpoint<C['portalList']>('GET /portal/talent-programmes'),
  portalEnrol: endpoint<C['portalEnrol']>('POST /portal/talent-programmes/:id/enrolments'),
  portalMine: endpoint<C['portalMine']>('GET /portal/talent/me'),
  portalCertificate: endpoint<C['portalCertificate']>('GET /portal/talent/enrolments/:id/certificate'),
  verify: endpoint<C['verify']>('GET /portal/talent/verify'),
};
