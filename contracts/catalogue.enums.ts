/** Value lists of the service catalogue (target groups, channels, how to apply, service statuses) that both the server's schemas and the web's forms need. */
export const TARGET_GROUPS = ['workers', 'youth', 'women', 'children', 'families', 'elderly', 'disabled', 'returnees', 'scitech'] as const;
export const CHANNELS = ['venue', 'online', 'phone', 'home_visit'] as const;
export const APPLY_KINDS = ['none', 'request_category', 'activity', 'benefit', 'url'] as const;
export const SERVICE_STATUSES = ['active', 'inactive'] as const;
