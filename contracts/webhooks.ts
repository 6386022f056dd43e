/** Signed outbound webhooks (ADR 0021): subscriptions of a unit's subtree, their delivery log and resends. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Lit, Nullable, Obj, Ok, PageQuery, Paged, Text, route } from './core.js';
import { WEBHOOK_EVENT_TYPES } from './webhooks.enums.js';

const tags = ['webhooks'] as const;

export const WebhookEventType = Lit(WEBHOOK_EVENT_TYPES);
export const WebhookStatus = Lit(['active', 'paused', 'disabled'] as const);

export const Subscription = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  name: Type.String(),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  status: WebhookStatus,
  /** Why the platform turned it off (the receiver kept failing); null when paused by hand or active. */
  disabledReason: Nullable(Type.String()),
  /** Whether the security administrator approved personal fields (a request's contact) in full; masked otherwise. */
  personalDataApproved: Type.Boolean(),
  pending: Type.Integer(),
  failed: Type.Integer(),
  createdAt: Type.String(),
});
export type Subscription = Static<typeof Subscription>;
/** The answer to a creation: the only time the signing secret is shown. */
export const CreatedSubscription = Obj({ subscription: Subscription, secret: Type.String() });
export type CreatedSubscription = Static<typeof CreatedSubscription>;
export const SubscriptionInput = Obj({
  orgId: Id,
  name: Text(100, 1),
  url: Text(2000, 1),
  eventTypes: Type.Array(WebhookEventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true }),
});
export type SubscriptionInput = Static<typeof SubscriptionInput>;

export const Delivery = Obj({
  id: Type.Integer(),
  webhookId: Type.String(),
  type: Type.String(),
  subject: Type.String(),
  status: Lit(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Delivery = Static<typeof Delivery>;
export const DeliveryPage = Paged(Delivery);
export type DeliveryPage = Static<typeof DeliveryPage>;

const IdParam = Obj({ id: Id });

export const webhooks = {
  list: route({
    method: 'GET',
    url: '/webhooks',
    tags,
    summary: 'The webhook subscriptions of my subtree',
    response: Obj({ items: Type.Array(Subscription) }),
  }),
  personalDataList: route({
    method: 'GET',
    url: '/webhooks/personal-data',
    tags,
    summary: 'The webhook subscriptions of my subtree, for the security administrator deciding which receive personal fields in full',
    response: Obj({ items: Type.Array(Subscription) }),
  }),
  create: route({
    method: 'POST',
    url: '/webhooks',
    tags,
    summary: 'Subscribe a receiver (https URL of another system) to events of a unit of my subtree; the secret is shown once',
    body: SubscriptionInput,
    response: CreatedSubscription,
    status: 201,
  }),
  pause: route({
    method: 'POST',
    url: '/webhooks/:id/pause',
    tags,
    summary: 'Stop sending; events meanwhile are not queued',
    params: IdParam,
    body: Obj({}),
    response: Subscription,
  }),
  resume: route({
    method: 'POST',
    url: '/webhooks/:id/resume',
    tags,
    summary: 'Send again; deliveries not yet made (held or failed) are queued again in order',
    params: IdParam,
    body: Obj({}),
    response: Subscription,
  }),
  personalData: route({
    method: 'PUT',
    url: '/webhooks/:id/personal-data',
    tags,
    summary: "Approve or withdraw personal fields in full (a request's contact name and phone) for a subscription (security administrator)",
    params: IdParam,
    body: Obj({ approved: Type.Boolean() }),
    response: Subscription,
  }),
  remove: route({ method: 'DELETE', url: '/webhooks/:id', tags, summary: 'Delete the subscription and its delivery log', params: IdParam, response: Ok }),
  deliveries: route({
    method: 'GET',
    url: '/webhooks/:id/deliveries',
    tags,
    summary: 'Recent deliveries of a subscription, newest first, with status and attempts',
    params: IdParam,
    querystring: Obj({ ...PageQuery }),
    response: DeliveryPage,
  }),
  resend: route({
    method: 'POST',
    url: '/webhooks/:id/deliveries/:deliveryId/resend',
    tags,
    summary: 'Send one delivery again (same Webhook-Id, new timestamp and signature)',
    params: Obj({ id: Id, deliveryId: Id }),
    body: Obj({}),
    response: Delivery,
  }),
};
