import type { volunteers } from '@contracts/volunteers';
import { endpoint } from './endpoint';

type C = typeof volunteers;

export const volunteersApi = {
  list: endpoint<C['list']>('GET /volunteers'),
  get: endpoint<C['get']>('GET /volunteers/:id'),
  /** A file download: use `.path(...)` as a link. */
  certificate: endpoint<C['certificate']>('GET /volunteers/:id/certificate'),
  needs: endpoint<C['needs']>('GET /volunteer-needs'),
  createNeed: endpoint<C['createNeed']>('POST /volunteer-needs'),
  closeNeed: endpoint<C['closeNeed']>('POST /volunteer-needs/:id/close'),
  applications: endpoint<C['applications']>('GET /volunteer-needs/:id/applications'),
  decideApplication: endpoint<C['decideApplication']>('POST /volunteer-applications/:id/decision'),
  hours: endpoint<C['hours']>('GET /volunteer-hours'),
  recordHours: endpoint<C['recordHours']>('POST /volunteer-hours'),
  decideHours: endpoint<C['decideHours']>('POST /volunteer-hours/:id/decision'),
  portalMe: endpoint<C['portalMe']>('GET /portal/volunteers/me'),
  portalSignUp: endpoint<C['portalSignUp']>('PUT /portal/volunteers/me'),
  portalNeeds: endpoint<C['portalNeeds']>('GET /portal/volunteer-needs'),
  portalApply: endpoint<C['portalApply']>('POST /portal/volunteer-needs/:id/apply'),
  /** A file download: use `.path(...)` as a link. */
  portalCertificate: endpoint<C['portalCertificate']>('GET /portal/volunteers/me/certificate'),
};
