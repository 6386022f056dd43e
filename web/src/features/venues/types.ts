export const VENUE_TYPES = [
  'integrated_centre',
  'party_mass_centre',
  'workers_home',
  'youth_home',
  'women_home',
  'children_home',
  'academician_station',
  'experience_hall',
] as const;

/** China time (UTC+8, no daylight saving) for labels: `YYYY-MM-DD HH:MM`. */
export const chinaLabel = (iso: string): string => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
/** A China-time wall-clock instant as ISO. */
export const chinaInstant = (day: string, hhmm: string): string => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
/** The Monday (China time) of the week holding `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return new Date(d.getTime() - (wd - 1) * 86_400_000).toISOString().slice(0, 10);
}
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const chinaToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
