// Extracts the Chinese statutory holidays and make-up workdays (调休) from the chinese-days package into data/reference/calendar-cn.json.
// Usage: npx tsx scripts/extract-calendar.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Kind = 'holiday' | 'workday';
type Day = { date: string; kind: Kind; name: string };

const require = createRequire(import.meta.url);
const file = require.resolve('chinese-days/dist/chinese-days.json');
const version = (JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'reference', 'calendar-cn.json');

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
function workdayName(date: string, entry: string): string {
  const name = festival(entry);
  const ms = toMs(date);
  const distance = (p: Period) => (ms < p.from ? p.from - ms : ms > p.to ? ms - p.to : 0);
  const candidates = periods.filter((p) => p.festivals.includes(name)).sort((a, b) => distance(a) - distance(b));
  const best = candidates[0];
  if (!best || distance(best) > 21 * DAY_MS) {
    warnings.push(`make-up workday ${date} (${name}) has no ${name} holiday within three weeks`);
    return name;
  }
  return periodName(best);
}

const holidayName = new Map<string, string>();
for (const p of periods) for (let ms = p.from; ms <= p.to; ms += DAY_MS) holidayName.set(toDate(ms), periodName(p));

// A year is covered when the package has its annual arrangement, which always includes 春节 and 国庆节.
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
for (let y = years[0] ?? 0; y <= (years.at(-1) ?? -1); y++) if (!years.includes(y)) warnings.push(`gap: ${y} is not covered`);

const covered = (date: string) => years.includes(Number(date.slice(0, 4)));
const days: Day[] = [
  ...Object.keys(data.holidays).map((date) => ({ date, kind: 'holiday' as const, name: holidayName.get(date) ?? '' })),
  ...Object.entries(data.workdays).map(([date, entry]) => ({ date, kind: 'workday' as const, name: workdayName(date, entry) })),
]
  .filter((d) => covered(d.date))
  .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

writeFileSync(out, `{"source":${JSON.stringify(`chinese-days ${version}`)},"years":${JSON.stringify(years)},"days":[\n${days.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`);
for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
const count = (kind: Kind) => days.filter((d) => d.kind === kind).length;
process.stdout.write(
  `calendar: ${years[0]}–${years.at(-1)} (${years.length} years), ${count('holiday')} holidays, ${count('workday')} make-up workdays → ${path.relative(process.cwd(), out)}\n`,
);
