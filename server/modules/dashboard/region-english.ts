/**
 * An English name of a Chinese region from its name and its pinyin, as used on English signage and in official
 * translations: the proper name in pinyin with a capital, then the kind of area in English
 * (锦官驿街道 / jinguanyijiedao → "Jinguanyi Subdistrict", 锦江区 / jinjiangqu → "Jinjiang District").
 */
const SUFFIXES: { zh: string; pinyin: string; en: string }[] = [
  { zh: '街道办事处', pinyin: 'jiedaobanshichu', en: 'Subdistrict' },
  { zh: '街道', pinyin: 'jiedao', en: 'Subdistrict' },
  // Before 区: 社区 ends with it.
  { zh: '社区', pinyin: 'shequ', en: 'Community' },
  { zh: '镇', pinyin: 'zhen', en: 'Town' },
  { zh: '乡', pinyin: 'xiang', en: 'Township' },
  { zh: '区', pinyin: 'qu', en: 'District' },
  { zh: '县', pinyin: 'xian', en: 'County' },
  { zh: '市', pinyin: 'shi', en: 'City' },
  { zh: '村', pinyin: 'cun', en: 'Village' },
];

const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

export function regionEnglishName(nameZh: string, pinyin: string): string {
  const p = pinyin
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (!p) return nameZh;
  for (const s of SUFFIXES) {
    if (nameZh.endsWith(s.zh) && p.endsWith(s.pinyin) && p.length > s.pinyin.length) {
      return `${capital(p.slice(0, -s.pinyin.length))} ${s.en}`;
    }
  }
  return capital(p);
}
