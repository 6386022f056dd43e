import type { honours } from '@contracts/honours';
import { endpoint } from './endpoint';

type C = typeof honours;

export const honoursApi = {
  programmes: endpoint<C['programmes']>('GET /honour-programmes'),
  vettingOrgs: endpoint<C['vettingOrgs']>('GET /honour-programmes/vetting-orgs'),
  createProgramme: endpoint<C['createProgramme']>('POST /honour-programmes'),
  programme: endpoint<C['programme']>('GET /honour-programmes/:id'),
  nominations: endpoint<C['nominations']>('GET /honour-programmes/:id/nominations'),
  nominate: endpoint<C['nominate']>('POST /honour-programmes/:id/nominations'),
  forward: endpoint<C['forward']>('POST /honour-programmes/:id/forward'),
  requestVetting: endpoint<C['requestVetting']>('POST /honour-programmes/:id/vetting'),
  publishNotice: endpoint<C['publishNotice']>('POST /honour-programmes/:id/notice'),
  announce: endpoint<C['announce']>('POST /honour-programmes/:id/announce'),
  awards: endpoint<C['awards']>('GET /honour-programmes/:id/awards'),
  nomination: endpoint<C['nomination']>('GET /honour-nominations/:id'),
  returnNomination: endpoint<C['returnNomination']>('POST /honour-nominations/:id/return'),
  resubmit: endpoint<C['resubmit']>('POST /honour-nominations/:id/resubmit'),
  vet: endpoint<C['vet']>('POST /honour-nominations/:id/vet'),
  decide: endpoint<C['decide']>('POST /honour-nominations/:id/decision'),
  decideObjection: endpoint<C['decideObjection']>('POST /honour-objections/:id/decision'),
  certificate: endpoint<C['certificate']>('GET /honour-awards/:id/certificate'),
  personHonours: endpoint<C['personHonours']>('GET /people/:id/honours'),
  portalNotices: endpoint<C['portalNotices']>('GET /portal/honour-notices'),
  portalNotice: endpoint<C['portalNotice']>('GET /portal/honour-notices/:id'),
  portalObject: endpoint<C['portalObject']>('POST /portal/honour-nominees/:id/objections'),
  portalVerify: endpoint<C['portalVerify']>('GET /portal/honours/verify'),
};
