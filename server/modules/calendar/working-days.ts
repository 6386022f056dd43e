import { Lunar } from 'lunar-typescript';

/**
 * The effective calendar: the years with an official arrangement (`years`), the days off and the weekend days that
 * are make-up workdays (调休) it names, plus administrator overrides. A year without an official arrangement is
 * provisional: its statutory holidays are computed from the law and no 调休 is assumed. Dates are 'YYYY-MM-DD' in China.
 */
export type CalendarData = { years: number[]; holidays: Set<string>; workdays: Set<string> };

/** Official arrangements: the years they cover and their days off and make-up workdays. */
export type CalendarReference = { source?: string; years: number[]; days: Array<{ date: string; kind: string; name?: string }> };

/** A computation reached a year outside what the calendar can compute (lunar dates are known for 1901–2099). */
export class CalendarNotCoveredError extends Error {
  readonly year: number;

  constructor(year: number) {
    super(`the working-day calendar cannot compute ${year}`);
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

/** The years whose statutory holidays can be computed (the lunar tables of the library). */
export const COMPUTABLE_YEARS = { from: 1901, to: 2099 } as const;

const isWeekend = (day: number): boolean => {
  const dow = new Date(day * DAY_MS).getUTCDay();
  return dow === 0 || dow === 6;
};

const statutoryCache = new Map<number, Map<string, string>>();

/**
 * The statutory rest days of a year under the 《全国年节及纪念日放假办法》 in force that year, with their festival's
 * name: 元旦 1; 春节 3 (2008–2013: 除夕 to 初二; 2014–2024: 初一 to 初三) or, from 2025, 4 (除夕 to 初三); 清明, 端午
 * and 中秋 1 each from 2008; 劳动节 3 before 2008, 1 from 2008, 2 from 2025; 国庆节 3. A statutory day that falls on a
 * Saturday or Sunday, or on another festival's day, is given on the next weekday (补假, article 6). 调休 — the swap of
 * weekend days that the State Council announces each year — is not part of the law and is not computed.
 */
export function statutoryHolidays(year: number): Map<string, string> {
  const cached = statutoryCache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < COMPUTABLE_YEARS.from || year > COMPUTABLE_YEARS.to) throw new CalendarNotCoveredError(year);
  const solar = (m: number, d: number) => Date.UTC(year, m - 1, d) / DAY_MS;
  const lunar = (m: number, d: number) => dayOf(Lunar.fromYmd(year, m, d).getSolar().toYmd());
  const springDay1 = lunar(1, 1);
  const qingming = dayOf(Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']!.toYmd());
  const run = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);
  const festivals: Array<[string, number[]]> = [
    ['元旦', [solar(1, 1)]],
    ['春节', year >= 2025 ? run(springDay1 - 1, 4) : year >= 2014 ? run(springDay1, 3) : year >= 2008 ? run(springDay1 - 1, 3) : run(springDay1, 3)],
    ...(year >= 2008 ? ([['清明节', [qingming]]] as Array<[string, number[]]>) : []),
    ['劳动节', run(solar(5, 1), year >= 2025 ? 2 : year >= 2008 ? 1 : 3)],
    ...(year >= 2008
      ? ([
          ['端午节', [lunar(5, 5)]],
          ['中秋节', [lunar(8, 15)]],
        ] as Array<[string, number[]]>)
      : []),
    ['国庆节', run(solar(10, 1), 3)],
  ];
  festivals.sort((a, b) => a[1][0]! - b[1][0]!);
  const rest = new Map<number, string>();
  for (const [name, days] of festivals) {
    let owed = 0;
    for (const day of days) {
      if (isWeekend(day) || rest.has(day)) owed++;
      else rest.set(day, name);
    }
    // 补假: the next weekdays after the festival that are not already days off.
    for (let day = days.at(-1)! + 1; owed > 0; day++) {
      if (isWeekend(day) || rest.has(day)) continue;
      rest.set(day, name);
      owed--;
    }
    for (const day of days) if (isWeekend(day) && !rest.has(day)) rest.set(day, name);
  }
  const out = new Map([...rest].sort((a, b) => a[0] - b[0]).map(([day, name]) => [dateOf(day), name]));
  statutoryCache.set(year, out);
  return out;
}

/** Whether a date lies in a year without an official arrangement, so that a deadline reaching it is provisional (预计). */
export function isProvisional(cal: CalendarData, date: string): boolean {
  return !cal.years.includes(Number(date.slice(0, 4)));
}

function workday(cal: CalendarData, day: number): boolean {
  const date = dateOf(day);
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const year = new Date(day * DAY_MS).getUTCFullYear();
  if (!cal.years.includes(year) && statutoryHolidays(year).has(date)) return false;
  return !isWeekend(day);
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
  for (let left = n; left > 0;) if (workday(cal, ++day)) left--;
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
  // Each day checks that its year can be computed, so the loop ends at the latest when it leaves them.
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

/** Builds the calendar from official arrangements (see official.ts). */
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
