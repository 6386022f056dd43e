/** The effective calendar: the years it covers, statutory days off, and weekend days that are make-up workdays (调休). */
export type CalendarData = { years: number[]; holidays: Set<string>; workdays: Set<string> };

/** A computation touched a year the calendar has no official arrangement for. */
export class CalendarNotCoveredError extends Error {
  constructor(readonly year: number) {
    super(`the working-day calendar does not cover ${year}`);
  }
}

export type WorkSchedule = { periods: Array<[string, string]> };
export const DEFAULT_SCHEDULE: WorkSchedule = { periods: [['09:00', '12:00'], ['13:30', '17:30']] };

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

// Calendar dates are handled as UTC midnights so no local time zone can shift them.
const toMs = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function covered(cal: CalendarData, date: string): void {
  const year = Number(date.slice(0, 4));
  if (!cal.years.includes(year)) throw new CalendarNotCoveredError(year);
}

export function isWorkday(cal: CalendarData, date: string): boolean {
  covered(cal, date);
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(toMs(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The n-th working day after `date`; n = 0 gives the date itself when it is a workday, else the next one. */
export function addWorkingDays(cal: CalendarData, date: string, n: number): string {
  let ms = toMs(date);
  if (n === 0) {
    while (!isWorkday(cal, toDate(ms))) ms += DAY_MS;
    return toDate(ms);
  }
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    if (isWorkday(cal, toDate(ms))) left--;
  }
  return toDate(ms);
}

/** Working days after `from` up to and including `to`. */
export function workingDaysBetween(cal: CalendarData, from: string, to: string): number {
  let n = 0;
  for (let ms = toMs(from) + DAY_MS; ms <= toMs(to); ms += DAY_MS) if (isWorkday(cal, toDate(ms))) n++;
  return n;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Working periods of one China-local day as [start, end) instants in ms. */
function periodsOf(cal: CalendarData, date: string, schedule: WorkSchedule): Array<[number, number]> {
  if (!isWorkday(cal, date)) return [];
  const base = toMs(date) - CHINA_OFFSET_MS;
  return schedule.periods.map(([a, b]) => [base + minutes(a) * 60_000, base + minutes(b) * 60_000]);
}

const chinaDate = (instant: number) => toDate(instant + CHINA_OFFSET_MS);

/** The instant reached after `hours` of working time from `start` (Asia/Shanghai, UTC+8, no DST). */
export function addWorkingHours(cal: CalendarData, start: Date, hours: number, schedule: WorkSchedule = DEFAULT_SCHEDULE): Date {
  let left = Math.round(hours * 3_600_000);
  let cursor = start.getTime();
  let day = chinaDate(cursor);
  for (let guard = 0; guard < 3660; guard++) {
    for (const [a, b] of periodsOf(cal, day, schedule)) {
      if (cursor >= b) continue;
      const from = Math.max(cursor, a);
      if (from + left <= b) return new Date(from + left);
      left -= b - from;
      cursor = b;
    }
    day = toDate(toMs(day) + DAY_MS);
    cursor = toMs(day) - CHINA_OFFSET_MS;
  }
  throw new Error('working hours beyond ten years');
}

/** Working hours between two instants. */
export function workingHoursBetween(cal: CalendarData, a: Date, b: Date, schedule: WorkSchedule = DEFAULT_SCHEDULE): number {
  if (b <= a) return 0;
  let total = 0;
  for (let day = chinaDate(a.getTime()); toMs(day) - CHINA_OFFSET_MS < b.getTime(); day = toDate(toMs(day) + DAY_MS)) {
    for (const [s, e] of periodsOf(cal, day, schedule)) total += Math.max(0, Math.min(e, b.getTime()) - Math.max(s, a.getTime()));
  }
  return total / 3_600_000;
}

/** Builds the calendar from the shipped reference file. */
export function calendarFromReference(json: { years: number[]; days: Array<{ date: string; kind: string }> }): CalendarData {
  return {
    years: [...json.years],
    holidays: new Set(json.days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(json.days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}
