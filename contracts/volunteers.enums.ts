/** Value lists of volunteering that both the server's schemas and the web's pages need. */
export const HOURS_STATUSES = ['recorded', 'confirmed', 'rejected'] as const;
export type HoursStatus = (typeof HOURS_STATUSES)[number];
