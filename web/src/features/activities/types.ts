import type { ActivityType } from '@contracts/activities';

/** Every activity type once (the contract reaches the web as types only, so its list is spelled here and checked). */
const TYPES: Record<ActivityType, true> = { lecture: true, culture_sports: true, training: true, volunteer_service: true, youth_social: true, online: true };
export const ACTIVITY_TYPES = Object.keys(TYPES) as ActivityType[];
