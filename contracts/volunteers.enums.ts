/** Value lists of volunteering that both the server's schemas and the web's pages need. */
export const HOURS_STATUSES = ['recorded', 'confirmed', 'rejected'] as const;
export type HoursStatus = (typeof HOURS_STATUSES)[number];

/** The skills the portal suggests; a volunteer may also type a skill of their own (kept as typed). */
export const VOLUNTEER_SKILLS = [
  'first_aid',
  'teaching',
  'legal',
  'psychology',
  'elderly_care',
  'photography',
  'translation',
  'it',
  'event',
  'driving',
] as const;
