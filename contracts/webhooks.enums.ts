/** The events a webhook subscription may ask for: one list for the server's schemas and the web's form. */
export const WEBHOOK_EVENT_TYPES = [
  'request.created',
  'request.status_changed',
  'request.closed',
  'activity.published',
  'activity.cancelled',
  'booking.confirmed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
