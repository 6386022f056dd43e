// Extracts the Chinese statutory holidays and make-up workdays (调休) from the chinese-days package into data/reference/calendar-cn.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const file = require.resolve('chinese-days/dist/chinese-days.json');
const version = (JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };

// Entries read "English name,中文名,days"; only the Chinese name is kept.
const nameOf = (v: string) => v.split(',')[1] ?? v;
const days = [
  ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: 'holiday' as const, name: nameOf(v) })),
  ...Object.entries(data.workdays).map(([date, v]) => ({ date, kind: 'workday' as const, name: nameOf(v) })),
].sort((a, b) => a.date.localeCompare(b.date));
const years = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
const out = path.resolve('data', 'reference', 'calendar-cn.json');
writeFileSync(out, `{"source":"chinese-days ${version}","years":${JSON.stringify(years)},"days":[\n${days.map((d) => JSON.stringify(d)).join(',\n')}\n]}\n`);
process.stdout.write(`calendar: ${years[0]}–${years.at(-1)}, ${days.length} days → ${path.relative(process.cwd(), out)}\n`);
