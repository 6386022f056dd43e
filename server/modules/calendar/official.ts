import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ical, { type CalendarResponse, type VEvent } from 'node-ical';
import { AppError } from '../../platform/errors.js';
import type { ArrangementDay } from './calendar.service.js';

type Kind = 'holiday' | 'workday';
type Day = { date: string; kind: Kind; name: string };
export type Arrangements = { source: string; years: number[]; days: Day[]; warnings: string[] };

const DAY_MS = 86_400_000;
const toMs = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(toMs(date)).getUTCDay();

// The package names festivals by their short form; the State Council notices say 清明节, 端午节, 中秋节.
const OFFICIAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };
/** Entries read "English name,中文名,days"; keeps the Chinese name. */
function festival(entry: string): string {
  const zh = entry.split(',')[1]?.trim() || entry;
  return OFFICIAL_NAMES[zh] ?? zh;
}

/** The official arrangements (days off and make-up workdays, 调休) in a chinese-days data file, by year; only years with a whole arrangement. */
export function arrangementsFrom(data: { holidays: Record<string, string>; workdays: Record<string, string> }, source: string): Arrangements {
  const warnings: string[] = [];
  for (const [date, entry] of Object.entries({ ...data.holidays, ...data.workdays })) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || toDate(toMs(date)) !== date) throw new Error(`bad date ${date} (${entry})`);
  }
  for (const date of Object.keys(data.workdays)) {
    if (date in data.holidays) throw new Error(`${date} is both a holiday and a make-up workday`);
    if (weekday(date) !== 0 && weekday(date) !== 6) warnings.push(`make-up workday ${date} is not a weekend day`);
  }

  // A holiday period is a run of consecutive days off; festivals sharing one (2025: 国庆节 and 中秋节) are named together, in date order.
  type Period = { from: number; to: number; festivals: string[] };
  const periods: Period[] = [];
  for (const date of Object.keys(data.holidays).sort()) {
    const ms = toMs(date);
    const name = festival(data.holidays[date] ?? '');
    const last = periods.at(-1);
    if (last && last.to + DAY_MS === ms) {
      last.to = ms;
      if (!last.festivals.includes(name)) last.festivals.push(name);
    } else {
      periods.push({ from: ms, to: ms, festivals: [name] });
    }
  }
  const periodName = (p: Period) => p.festivals.join('、');

  /** A make-up workday carries the name of the nearest holiday period of its festival. */
  const workdayName = (date: string, entry: string): string => {
    const name = festival(entry);
    const ms = toMs(date);
    const distance = (p: Period) => (ms < p.from ? p.from - ms : ms > p.to ? ms - p.to : 0);
    const best = periods.filter((p) => p.festivals.includes(name)).sort((a, b) => distance(a) - distance(b))[0];
    if (!best || distance(best) > 21 * DAY_MS) {
      warnings.push(`make-up workday ${date} (${name}) has no ${name} holiday within three weeks`);
      return name;
    }
    return periodName(best);
  };

  const holidayName = new Map<string, string>();
  for (const p of periods) for (let ms = p.from; ms <= p.to; ms += DAY_MS) holidayName.set(toDate(ms), periodName(p));

  // A year has an arrangement when the data names its 春节 and 国庆节 periods; a year with only part of one is left out.
  const festivalsByYear = new Map<number, Set<string>>();
  for (const [date, entry] of Object.entries(data.holidays)) {
    const year = Number(date.slice(0, 4));
    const set = festivalsByYear.get(year) ?? new Set<string>();
    set.add(festival(entry));
    festivalsByYear.set(year, set);
  }
  const years = [...festivalsByYear]
    .filter(([, set]) => set.has('春节') && set.has('国庆节'))
    .map(([year]) => year)
    .sort((a, b) => a - b);
  const partial = [...festivalsByYear.keys()].filter((y) => !years.includes(y));
  if (partial.length > 0) warnings.push(`left out years with only part of an arrangement: ${partial.join(', ')}`);

  const covered = (date: string) => years.includes(Number(date.slice(0, 4)));
  const days: Day[] = [
    ...Object.keys(data.holidays).map((date) => ({ date, kind: 'holiday' as const, name: holidayName.get(date) ?? '' })),
    ...Object.entries(data.workdays).map(([date, entry]) => ({ date, kind: 'workday' as const, name: workdayName(date, entry) })),
  ]
    .filter((d) => covered(d.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { source, years, days, warnings };
}

let cached: Arrangements | null = null;

/**
 * The official arrangements shipped by the installed chinese-days package, read at start-up and by `db migrate`:
 * `npm update chinese-days` brings a newly published year in without a release of the platform.
 */
export function officialArrangements(): Arrangements {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve('chinese-days/dist/chinese-days.json');
  const version = (JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
  cached = arrangementsFrom(data, `chinese-days ${version}`);
  return cached;
}

/**
 * The days of an arrangement published as an iCalendar file (the format chinese-days ships and calendar apps
 * subscribe to): all-day events named "春节(休)" are days off, "春节(班)" make-up workdays (also read from Apple's
 * X-APPLE-SPECIAL-DAY). Only days of `year` are kept; an event that is neither is refused by name.
 */
export function arrangementFromIcs(text: string, year: number): ArrangementDay[] {
  let parsed: CalendarResponse;
  try {
    parsed = ical.sync.parseICS(text);
  } catch {
    throw new AppError('VALIDATION', 'ics', { reason: 'invalid' });
  }
  const days = new Map<string, ArrangementDay>();
  for (const component of Object.values(parsed)) {
    if (!component || !('type' in component) || component.type !== 'VEVENT') continue;
    const ev = component as VEvent;
    const summary = String((typeof ev.summary === 'string' ? ev.summary : (ev.summary as { val?: string } | undefined)?.val) ?? '').trim();
    const special = String((ev as unknown as Record<string, unknown>)['APPLE-SPECIAL-DAY'] ?? '');
    const kind =
      /[(（]班[)）]\s*$/.test(summary) || special === 'ALTERNATE-WORKDAY'
        ? 'workday'
        : /[(（]休[)）]\s*$/.test(summary) || special === 'WORK-HOLIDAY'
          ? 'holiday'
          : null;
    if (!kind) throw new AppError('VALIDATION', 'ics', { reason: 'invalid' });
    const name = festival(summary.replace(/[(（][休班][)）]\s*$/, '').trim());
    const start = ev.start;
    const end = ev.end ?? ev.start;
    if (!(start instanceof Date) || !(end instanceof Date)) throw new AppError('VALIDATION', 'ics', { reason: 'invalid' });
    // All-day values are local midnights; the end is exclusive.
    const first = Date.UTC(start.getFullYear(), start.getMonth(), start.getDate());
    const last = Math.max(first + DAY_MS, Date.UTC(end.getFullYear(), end.getMonth(), end.getDate()));
    for (let t = first; t < last; t += DAY_MS) {
      const date = toDate(t);
      if (date.startsWith(`${year}-`)) days.set(date, { date, kind, name });
    }
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}
