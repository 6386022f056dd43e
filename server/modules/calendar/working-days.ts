/** The effective calendar: the years it covers, statutory days off, and weekend days that are make-up workdays (调休). Dates are 'YYYY-MM-DD' in China. */
export type CalendarData = { years: number[]; holidays: Set<string>; workdays: Set<string> };

/** The shape of data/reference/calendar-cn.json. */
export type CalendarReference = { source?: string; years: number[]; days: Array<{ date: string; kind: string; name?: string }> };

/** A computation touched a year for which the calendar has no official arrangement. */
export class CalendarNotCoveredError extends Error {
  readonly year: number;

  constructor(year: number) {
    super(`the working-day calendar does not cover ${year}`);
    this.name = 'CalendarNotCoveredError';
    this.year = year;
  }
}

/** Working periods of a day as [start, end) local times 'HH:MM' in Asia/Shanghai. */
export type WorkSchedule = { periods: Array<[string, string]> };
export const DEFAULT_SCHEDULE: WorkSchedule = {
  periods: [
    ['09:00', '12:00'],
    ['13:30', '17:30'],
  ],
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact.
const CHINA_OFFSET_MS = 8 * HOUR_MS;

// Calendar dates are handled as day numbers (UTC midnights) so no local time zone can shift them.
function dayOf(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : NaN;
  if (!Number.isInteger(day) || dateOf(day) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return day;
}
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

function workday(cal: CalendarData, day: number): boolean {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  if (!cal.years.includes(year)) throw new CalendarNotCoveredError(year);
  const date = dateOf(day);
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = d.getUTCDay();
  return dow !== 0 && dow !== 6;
}

export function isWorkday(cal: CalendarData, date: string): boolean {
  return workday(cal, dayOf(date));
}

/** The n-th working day after `date`; n = 0 gives the date itself when it is a workday, else the next one. */
export function addWorkingDays(cal: CalendarData, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = dayOf(date);
  if (n === 0) {
    while (!workday(cal, day)) day++;
    return dateOf(day);
  }
  workday(cal, day);
  for (let left = n; left > 0; ) if (workday(cal, ++day)) left--;
  return dateOf(day);
}

/** Working days after `fromDate` up to and including `toDate` (so addWorkingDays(from, n) = to gives n); negative when `toDate` is earlier. */
export function workingDaysBetween(cal: CalendarData, fromDate: string, toDate: string): number {
  const from = dayOf(fromDate);
  const to = dayOf(toDate);
  if (to < from) return -workingDaysBetween(cal, toDate, fromDate);
  workday(cal, from);
  let n = 0;
  for (let day = from + 1; day <= to; day++) if (workday(cal, day)) n++;
  return n;
}

/** The schedule's periods as [start, end) milliseconds after local midnight, checked to be ordered and non-overlapping. */
function periodsOf(schedule: WorkSchedule): Array<[number, number]> {
  const ms = (hhmm: string): number => {
    const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
    const h = Number(m?.[1]);
    const min = Number(m?.[2]);
    if (!m || h > 24 || min > 59 || (h === 24 && min > 0)) throw new RangeError(`not a time of day: ${hhmm}`);
    return (h * 60 + min) * 60_000;
  };
  const periods = schedule.periods.map(([a, b]): [number, number] => [ms(a), ms(b)]);
  let end = 0;
  for (const [a, b] of periods) {
    if (a >= b || a < end) throw new RangeError('work periods must be non-empty, in order and not overlapping');
    end = b;
  }
  if (periods.length === 0) throw new RangeError('a work schedule needs at least one period');
  return periods;
}

/** The instant reached after `hours` of working time from `startInstant`; with 0 hours, the first working moment from it. */
export function addWorkingHours(cal: CalendarData, startInstant: Date, hours: number, schedule: WorkSchedule = DEFAULT_SCHEDULE): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be ≥ 0, got ${hours}`);
  const periods = periodsOf(schedule);
  const local = startInstant.getTime() + CHINA_OFFSET_MS;
  if (!Number.isFinite(local)) throw new RangeError('invalid start instant');
  let day = Math.floor(local / DAY_MS);
  let cursor = local - day * DAY_MS;
  let left = Math.round(hours * HOUR_MS);
  // Each day checks coverage, so the loop ends at the latest when it leaves the covered years.
  for (;;) {
    if (workday(cal, day)) {
      for (const [a, b] of periods) {
        if (cursor >= b) continue;
        const from = Math.max(cursor, a);
        if (left <= b - from) return new Date(day * DAY_MS + from + left - CHINA_OFFSET_MS);
        left -= b - from;
        cursor = b;
      }
    }
    day++;
    cursor = 0;
  }
}

/** Working hours between two instants; negative when `b` is earlier than `a`. */
export function workingHoursBetween(cal: CalendarData, a: Date, b: Date, schedule: WorkSchedule = DEFAULT_SCHEDULE): number {
  const periods = periodsOf(schedule);
  const start = a.getTime() + CHINA_OFFSET_MS;
  const end = b.getTime() + CHINA_OFFSET_MS;
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('invalid instant');
  if (end < start) return -workingHoursBetween(cal, b, a, schedule);
  let total = 0;
  const first = Math.floor(start / DAY_MS);
  for (let day = first; day === first || day * DAY_MS < end; day++) {
    if (!workday(cal, day)) continue;
    const base = day * DAY_MS;
    for (const [p, q] of periods) total += Math.max(0, Math.min(base + q, end) - Math.max(base + p, start));
  }
  return total / HOUR_MS;
}

/** Builds the calendar from the shipped reference file (data/reference/calendar-cn.json). */
export function calendarFromReference(json: CalendarReference): CalendarData {
  const cal: CalendarData = { years: [...json.years].sort((x, y) => x - y), holidays: new Set(), workdays: new Set() };
  for (const d of json.days) {
    dayOf(d.date);
    if (d.kind === 'holiday') cal.holidays.add(d.date);
    else if (d.kind === 'workday') cal.workdays.add(d.date);
    else throw new RangeError(`unknown calendar day kind ${d.kind} on ${d.date}`);
  }
  return cal;
}
