import type { ratings } from '@contracts/ratings';
import { endpoint } from './endpoint';

type C = typeof ratings;

export const ratingsApi = {
  rectifications: endpoint<C['rectifications']>('GET /rectifications'),
  rectification: endpoint<C['rectification']>('GET /rectifications/:id'),
  complete: endpoint<C['complete']>('POST /rectifications/:id/complete'),
  appeal: endpoint<C['appeal']>('POST /ratings/:id/appeal'),
  appeals: endpoint<C['appeals']>('GET /rating-appeals'),
  appealById: endpoint<C['appealById']>('GET /rating-appeals/:id'),
  decide: endpoint<C['decide']>('POST /rating-appeals/:id/decide'),
  indices: endpoint<C['indices']>('GET /rating-indices'),
  exportIndices: endpoint<C['exportIndices']>('GET /rating-indices/export'),
};
