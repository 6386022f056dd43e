import type { societies } from '@contracts/societies';
import { endpoint } from './endpoint';

type C = typeof societies;

export const societiesApi = {
  list: endpoint<C['list']>('GET /cultural-societies'),
  create: endpoint<C['create']>('POST /cultural-societies'),
  get: endpoint<C['get']>('GET /cultural-societies/:id'),
  addMember: endpoint<C['addMember']>('POST /cultural-societies/:id/members'),
  addActivity: endpoint<C['addActivity']>('POST /cultural-societies/:id/activities'),
  addWork: endpoint<C['addWork']>('POST /cultural-societies/:id/works'),
};
