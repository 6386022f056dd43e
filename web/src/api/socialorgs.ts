import type { socialorgs } from '@contracts/socialorgs';
import { endpoint } from './endpoint';

type C = typeof socialorgs;

export const socialorgsApi = {
  list: endpoint<C['list']>('GET /social-orgs'),
  register: endpoint<C['register']>('POST /social-orgs'),
  mine: endpoint<C['mine']>('GET /social-orgs/mine'),
  get: endpoint<C['get']>('GET /social-orgs/:id'),
  update: endpoint<C['update']>('PATCH /social-orgs/:id'),
  addDocument: endpoint<C['addDocument']>('POST /social-orgs/:id/documents'),
  uploadDocumentFile: endpoint<C['uploadDocumentFile']>('PUT /social-orgs/:id/documents/:documentId/file'),
  documentFile: endpoint<C['documentFile']>('GET /social-orgs/:id/documents/:documentId/file'),
  join: endpoint<C['join']>('POST /social-orgs/:id/members'),
  leave: endpoint<C['leave']>('POST /sorg-memberships/:id/leave'),
  incubate: endpoint<C['incubate']>('POST /social-orgs/:id/incubations'),
  updateIncubation: endpoint<C['updateIncubation']>('PATCH /sorg-incubations/:id'),
  calls: endpoint<C['calls']>('GET /sorg-calls'),
  createCall: endpoint<C['createCall']>('POST /sorg-calls'),
  call: endpoint<C['call']>('GET /sorg-calls/:id'),
  publishCall: endpoint<C['publishCall']>('POST /sorg-calls/:id/publish'),
  setPanel: endpoint<C['setPanel']>('PUT /sorg-calls/:id/panel'),
  panelCandidates: endpoint<C['panelCandidates']>('GET /sorg-calls/:id/panel-candidates'),
  closeCall: endpoint<C['closeCall']>('POST /sorg-calls/:id/review'),
  apply: endpoint<C['apply']>('POST /sorg-calls/:id/applications'),
  application: endpoint<C['application']>('GET /sorg-applications/:id'),
  declare: endpoint<C['declare']>('POST /sorg-applications/:id/declaration'),
  score: endpoint<C['score']>('POST /sorg-applications/:id/scores'),
  award: endpoint<C['award']>('POST /sorg-applications/:id/award'),
  projects: endpoint<C['projects']>('GET /sorg-projects'),
  project: endpoint<C['project']>('GET /sorg-projects/:id'),
  linkActivity: endpoint<C['linkActivity']>('POST /sorg-projects/:id/activities'),
  reportMilestone: endpoint<C['reportMilestone']>('POST /sorg-milestones/:id/report'),
  acceptMilestone: endpoint<C['acceptMilestone']>('POST /sorg-milestones/:id/decision'),
  evaluate: endpoint<C['evaluate']>('POST /sorg-projects/:id/evaluation'),
};
