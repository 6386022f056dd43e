/** Value lists of activities that both the server's schemas and the web's pages need. */
export const ACTIVITY_TYPES = ['lecture', 'culture_sports', 'training', 'volunteer_service', 'youth_social', 'online'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const NEAR_LEVELS = ['community', 'street', 'district', 'city'] as const;
export type NearLevel = (typeof NEAR_LEVELS)[number];
export const TOTAL_DIMENSIONS = ['campaign', 'org', 'region', 'month'] as const;
export type TotalDimension = (typeof TOTAL_DIMENSIONS)[number];
