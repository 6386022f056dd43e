import { isMessageKey, type MessageKey } from '../i18n';

/** The volunteer skills the portal offers; a volunteer may also type a skill of their own (kept as typed). */
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

/** A skill's name in the page's language: a listed code by its label, a skill typed by the volunteer as typed. */
export function skillLabel(t: (key: MessageKey) => string, code: string): string {
  const key = `portal.volunteers.skill.${code}`;
  return isMessageKey(key) ? t(key) : code;
}
