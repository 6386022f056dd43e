import type { notifications } from '@contracts/notifications';
import { endpoint } from './endpoint';

type C = typeof notifications;

export const notificationsApi = {
  list: endpoint<C['list']>('GET /notifications'),
  unread: endpoint<C['unread']>('GET /notifications/unread'),
  markRead: endpoint<C['markRead']>('POST /notifications/:id/read'),
  markAllRead: endpoint<C['markAllRead']>('POST /notifications/read-all'),
  preferences: endpoint<C['preferences']>('GET /notifications/preferences'),
  setPreference: endpoint<C['setPreference']>('PUT /notifications/preferences/:kind'),
  portalList: endpoint<C['portalList']>('GET /portal/notifications'),
  portalUnread: endpoint<C['portalUnread']>('GET /portal/notifications/unread'),
  portalMarkRead: endpoint<C['portalMarkRead']>('POST /portal/notifications/:id/read'),
  jobs: endpoint<C['jobs']>('GET /jobs'),
  retryJob: endpoint<C['retryJob']>('POST /jobs/:id/retry'),
};
