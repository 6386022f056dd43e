import type { meetings } from '@contracts/meetings';
import type { projects } from '@contracts/projects';
import { endpoint } from './endpoint';

type C = typeof meetings;
type P = typeof projects;

export const meetingsApi = {
  participants: endpoint<C['participants']>('GET /meeting-participants'),
  listSeries: endpoint<C['listSeries']>('GET /meeting-series'),
  createSeries: endpoint<C['createSeries']>('POST /meeting-series'),
  getSeries: endpoint<C['getSeries']>('GET /meeting-series/:id'),
  generate: endpoint<C['generate']>('POST /meeting-series/:id/occurrences'),
  listOccurrences: endpoint<C['listOccurrences']>('GET /meeting-occurrences'),
  getOccurrence: endpoint<C['getOccurrence']>('GET /meeting-occurrences/:id'),
  bookRoom: endpoint<C['bookRoom']>('PUT /meeting-occurrences/:id/room'),
  proposeTopic: endpoint<C['proposeTopic']>('POST /meeting-occurrences/:id/topics'),
  setAgenda: endpoint<C['setAgenda']>('PUT /meeting-occurrences/:id/agenda'),
  setAttendance: endpoint<C['setAttendance']>('PUT /meeting-occurrences/:id/attendance'),
  setMinutes: endpoint<C['setMinutes']>('PUT /meeting-occurrences/:id/minutes'),
  addDecision: endpoint<C['addDecision']>('POST /meeting-occurrences/:id/decisions'),
  listItems: endpoint<C['listItems']>('GET /action-items'),
  supervision: endpoint<C['supervision']>('GET /action-items/supervision'),
  getItem: endpoint<C['getItem']>('GET /action-items/:id'),
  respond: endpoint<C['respond']>('POST /action-items/:id/respond'),
  clarify: endpoint<C['clarify']>('POST /action-items/:id/clarify'),
  progress: endpoint<C['progress']>('POST /action-items/:id/progress'),
  requestExtension: endpoint<C['requestExtension']>('POST /action-items/:id/extension'),
  decideExtension: endpoint<C['decideExtension']>('POST /action-items/:id/extension/decision'),
  submit: endpoint<C['submit']>('POST /action-items/:id/submit'),
  review: endpoint<C['review']>('POST /action-items/:id/review'),
  figures: endpoint<C['figures']>('GET /meeting-figures'),
  pack: endpoint<C['pack']>('GET /meeting-occurrences/:id/pack.pdf'),
  getFeed: endpoint<C['getFeed']>('GET /meeting-feed'),
  makeFeed: endpoint<C['makeFeed']>('POST /meeting-feed'),
  revokeFeed: endpoint<C['revokeFeed']>('DELETE /meeting-feed'),
};

export const projectsApi = {
  list: endpoint<P['list']>('GET /projects'),
  portfolioExport: endpoint<P['portfolioExport']>('GET /projects/portfolio.xlsx'),
  create: endpoint<P['create']>('POST /projects'),
  get: endpoint<P['get']>('GET /projects/:id'),
  report: endpoint<P['report']>('POST /projects/:id/reports'),
};
