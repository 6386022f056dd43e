import type { people } from '@contracts/people';
import { endpoint } from './endpoint';

type C = typeof people;

export const peopleApi = {
  list: endpoint<C['list']>('GET /people'),
  lookup: endpoint<C['lookup']>('POST /people/lookup'),
  export: endpoint<C['export']>('GET /people/export'),
  get: endpoint<C['get']>('GET /people/:id'),
  create: endpoint<C['create']>('POST /people'),
  update: endpoint<C['update']>('PATCH /people/:id'),
  reveal: endpoint<C['reveal']>('POST /people/:id/reveal'),
};
