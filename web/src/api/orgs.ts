import type { orgs } from '@contracts/orgs';
import { endpoint } from './endpoint';

type C = typeof orgs;

export const orgsApi = {
  types: endpoint<C['types']>('GET /org-types'),
  addType: endpoint<C['addType']>('POST /org-types'),
  list: endpoint<C['list']>('GET /orgs'),
  export: endpoint<C['export']>('GET /orgs/export'),
  roots: endpoint<C['roots']>('GET /orgs/roots'),
  get: endpoint<C['get']>('GET /orgs/:id'),
  history: endpoint<C['history']>('GET /orgs/:id/history'),
  create: endpoint<C['create']>('POST /orgs'),
  update: endpoint<C['update']>('PATCH /orgs/:id'),
  move: endpoint<C['move']>('POST /orgs/:id/move'),
  archive: endpoint<C['archive']>('POST /orgs/:id/archive'),
  restore: endpoint<C['restore']>('POST /orgs/:id/restore'),
  merge: endpoint<C['merge']>('POST /orgs/merge'),
  leaders: endpoint<C['leaders']>('GET /orgs/:id/leaders'),
  addLeader: endpoint<C['addLeader']>('POST /orgs/:id/leaders'),
  editLeader: endpoint<C['editLeader']>('PATCH /leaders/:id'),
  removeLeader: endpoint<C['removeLeader']>('DELETE /leaders/:id'),
  staff: endpoint<C['staff']>('GET /orgs/:id/staff'),
  addStaff: endpoint<C['addStaff']>('POST /orgs/:id/staff'),
  endStaff: endpoint<C['endStaff']>('POST /staff/:id/end'),
  programmes: endpoint<C['programmes']>('GET /staff-programmes'),
  addProgramme: endpoint<C['addProgramme']>('POST /staff-programmes'),
  staffSummary: endpoint<C['staffSummary']>('GET /staff/summary'),
  composition: endpoint<C['composition']>('GET /leadership/composition'),
  leaderBreakdown: endpoint<C['leaderBreakdown']>('GET /leadership/breakdown'),
  leaderBreakdownExport: endpoint<C['leaderBreakdownExport']>('GET /leadership/breakdown/export'),
  exchanges: endpoint<C['exchanges']>('GET /cadre-exchanges'),
  addExchange: endpoint<C['addExchange']>('POST /cadre-exchanges'),
};
