/** Notification routes: the staff inbox (bell), the citizen's inbox on the portal, preferences, and the job queue. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, IdParam, Nullable, Obj, Ok, PageQuery, route } from './core.js';

const tags = ['notifications'] as const;

export const Notification = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  link: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});
export type Notification = Static<typeof Notification>;
export const NotificationPage = Obj({ items: Type.Array(Notification), total: Type.Integer(), unread: Type.Integer() });
export type NotificationPage = Static<typeof NotificationPage>;
export const Unread = Obj({ unread: Type.Integer() });
export const ListQuery = Obj({ ...PageQuery, unreadOnly: Type.Optional(Type.Boolean()) });

export const Preference = Obj({ kind: Type.String(), module: Type.String(), inApp: Type.Boolean(), sms: Type.Boolean(), email: Type.Boolean() });
export type Preference = Static<typeof Preference>;
export const Preferences = Obj({ items: Type.Array(Preference), channels: Obj({ sms: Type.Boolean(), email: Type.Boolean() }) });
export type Preferences = Static<typeof Preferences>;
export const PreferenceInput = Obj({ inApp: Type.Boolean(), sms: Type.Boolean(), email: Type.Boolean() });
const KindParam = Obj({ kind: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,79}$', maxLength: 80 }) });

export const Job = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type Job = Static<typeof Job>;
export const JobQueue = Obj({
  counts: Type.Array(Obj({ kind: Type.String(), status: Type.String(), count: Type.Integer() })),
  dead: Type.Array(Job),
  deadTotal: Type.Integer(),
});
export type JobQueue = Static<typeof JobQueue>;

export const notifications = {
  list: route({ method: 'GET', url: '/notifications', tags, summary: 'My notifications, newest first', querystring: ListQuery, response: NotificationPage }),
  unread: route({ method: 'GET', url: '/notifications/unread', tags, summary: 'How many of my notifications are unread (the bell)', response: Unread }),
  markRead: route({
    method: 'POST',
    url: '/notifications/:id/read',
    body: Obj({}),
    tags,
    summary: 'Mark one of my notifications read',
    params: IdParam,
    response: Unread,
  }),
  markAllRead: route({ method: 'POST', url: '/notifications/read-all', body: Obj({}), tags, summary: 'Mark all my notifications read', response: Unread }),
  preferences: route({ method: 'GET', url: '/notifications/preferences', tags, summary: 'My channels per notification kind', response: Preferences }),
  setPreference: route({
    method: 'PUT',
    url: '/notifications/preferences/:kind',
    tags,
    summary: 'Choose the channels of one notification kind',
    params: KindParam,
    body: PreferenceInput,
    response: Preference,
  }),
  portalList: route({
    method: 'GET',
    url: '/portal/notifications',
    tags,
    summary: "The signed-in citizen's notifications",
    querystring: ListQuery,
    response: NotificationPage,
  }),
  portalUnread: route({
    method: 'GET',
    url: '/portal/notifications/unread',
    tags,
    summary: "How many of the citizen's notifications are unread",
    response: Unread,
  }),
  portalMarkRead: route({
    method: 'POST',
    url: '/portal/notifications/:id/read',
    body: Obj({}),
    tags,
    summary: 'The citizen marks a notification read',
    params: IdParam,
    response: Unread,
  }),
  jobs: route({
    method: 'GET',
    url: '/jobs',
    tags,
    summary: 'The job queue by kind and status, and the dead jobs',
    querystring: Obj({ ...PageQuery }),
    response: JobQueue,
  }),
  retryJob: route({
    method: 'POST',
    url: '/jobs/:id/retry',
    body: Obj({}),
    tags,
    summary: 'Send a dead job back to the queue',
    params: Obj({ id: Id }),
    response: Ok,
  }),
};
