import { isMessageKey, type MessageKey } from '../i18n';

export { VOLUNTEER_SKILLS } from '@contracts/volunteers.enums';

/** A skill's name in the page's language: a listed code by its label, a skill typed by the volunteer as typed. */
export function skillLabel(t: (key: MessageKey) => string, code: string): string {
  const key = `portal.volunteers.skill.${code}`;
  return isMessageKey(key) ? t(key) : code;
}
