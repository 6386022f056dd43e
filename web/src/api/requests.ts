import type { RouteContract } from '@contracts/core';
import type { requests } from '@contracts/requests';
import { endpoint } from './endpoint';

type C = typeof requests;
/** A multipart upload: the page posts a FormData to `.path(...)` (`uploadFile`); the contract's body is the form as the server parses it. */
type Upload<R extends RouteContract> = Omit<R, 'body'> & { body?: undefined };

export const requestsApi = {
  categories: endpoint<C['categories']>('GET /request-categories'),
  createCategory: endpoint<C['createCategory']>('POST /request-categories'),
  updateCategory: endpoint<C['updateCategory']>('PATCH /request-categories/:id'),
  rules: endpoint<C['rules']>('GET /request-routing-rules'),
  setRule: endpoint<C['setRule']>('POST /request-routing-rules'),
  deleteRule: endpoint<C['deleteRule']>('DELETE /request-routing-rules/:id'),
  submit: endpoint<C['submit']>('POST /requests'),
  list: endpoint<C['list']>('GET /requests'),
  supervision: endpoint<C['supervision']>('GET /requests/supervision'),
  get: endpoint<C['get']>('GET /requests/:id'),
  reveal: endpoint<C['reveal']>('POST /requests/:id/reveal'),
  accept: endpoint<C['accept']>('POST /requests/:id/accept'),
  respond: endpoint<C['respond']>('POST /requests/:id/respond'),
  note: endpoint<C['note']>('POST /requests/:id/note'),
  return: endpoint<C['return']>('POST /requests/:id/return'),
  escalate: endpoint<C['escalate']>('POST /requests/:id/escalate'),
  close: endpoint<C['close']>('POST /requests/:id/close'),
  resolve: endpoint<C['resolve']>('POST /requests/:id/resolve'),
  transfer: endpoint<C['transfer']>('POST /requests/:id/transfer'),
  dispatch: endpoint<C['dispatch']>('POST /requests/:id/dispatch'),
  addCoHandler: endpoint<C['addCoHandler']>('POST /requests/:id/co-handlers'),
  supervise: endpoint<C['supervise']>('POST /requests/:id/supervise'),
  takeOver: endpoint<C['takeOver']>('POST /requests/:id/take-over'),
  callback: endpoint<C['callback']>('POST /requests/:id/callback'),
  duplicate: endpoint<C['duplicate']>('POST /requests/:id/duplicate'),
  /** A file download: use `.path(...)` as a link. */
  attachment: endpoint<C['attachment']>('GET /requests/:id/attachments/:attachmentId'),
  attach: endpoint<Upload<C['attach']>>('POST /requests/:id/attachments'),
  apiKeys: endpoint<C['apiKeys']>('GET /open311-keys'),
  issueApiKey: endpoint<C['issueApiKey']>('POST /open311-keys'),
  revokeApiKey: endpoint<C['revokeApiKey']>('DELETE /open311-keys/:id'),
  portalCategories: endpoint<C['portalCategories']>('GET /portal/request-categories'),
  portalSubmit: endpoint<C['portalSubmit']>('POST /portal/requests'),
  portalView: endpoint<C['portalView']>('GET /portal/requests/:number'),
  portalRate: endpoint<C['portalRate']>('POST /portal/requests/:number/ratings'),
  portalInfo: endpoint<C['portalInfo']>('POST /portal/requests/:number/info'),
  portalAttach: endpoint<Upload<C['portalAttach']>>('POST /portal/requests/:number/attachments'),
};
