import gcoordImport from 'gcoord';
import { AppError } from '../../platform/errors.js';

// gcoord is CommonJS: at run time the default import is the library object its types call `default`.
const gcoord = gcoordImport as unknown as typeof gcoordImport.default;

// Pure rules of the Open311 door: form parsing, where an address points, name order, public rounding.

export type FormValue = string | string[];
export type ParsedForm = Record<string, unknown> & { attribute?: Record<string, FormValue> };

const ATTRIBUTE = /^attribute\[([^\][]{1,64})\](\[\])?$/;

/**
 * application/x-www-form-urlencoded as Open311 clients send it: `attribute[code]=value` nests under `attribute`,
 * `attribute[code][]=a&attribute[code][]=b` (multivaluelist) becomes a list, and so does a repeated `attribute[code]`.
 */
export function parseForm(text: string): ParsedForm {
  const out: ParsedForm = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const m = ATTRIBUTE.exec(k);
    if (m) {
      const attr = (out.attribute ??= {});
      const code = m[1]!;
      const prior = attr[code];
      if (m[2]) attr[code] = prior === undefined ? [v] : [...[prior].flat(), v];
      else attr[code] = prior === undefined ? v : [...[prior].flat(), v];
    } else if (k === 'attribute' || k in out) {
      throw new AppError('VALIDATION', k, { reason: 'duplicate' });
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** An empty parameter acts as an absent one (clients send `email=` or `start_date=` for "not given"). */
export function dropEmpty(o: unknown): void {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return;
  const rec = o as Record<string, unknown>;
  for (const [k, v] of Object.entries(rec)) {
    if (v === '' || v === null) delete rec[k];
    else if (Array.isArray(v) && k !== 'attribute') {
      const kept = v.filter((x) => x !== '');
      if (kept.length === 0) delete rec[k];
      else rec[k] = kept;
    }
  }
}

/** A comma list (`a,b`) or repeated parameter (`status=open&status=closed`) as one list of trimmed values. */
export function commaList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return [v]
    .flat()
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

// ───────────── Names ─────────────

/** Common family names (百家姓, most frequent first) and the compound ones, to tell which half of a split name is the family name. */
const SURNAMES = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ),
);
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '南宫',
  '西门',
]);
const HAN = /^[\p{Script=Han}·]+$/u;
const isSurname = (s: string) => SURNAMES.has(s) || COMPOUND_SURNAMES.has(s);

/**
 * The full name from Open311's first_name/last_name. A Chinese name is written family name first: clients that split
 * a name typed as "张 三丰" send first_name=张, last_name=三丰, others put the family name in last_name; the half that
 * is a known family name goes first. Other names keep the Western order with a space.
 */
export function fullName(first: string | undefined, last: string | undefined): string {
  const f = (first ?? '').normalize('NFC').trim();
  const l = (last ?? '').normalize('NFC').trim();
  if (!f || !l) return f || l;
  if (HAN.test(f) && HAN.test(l)) {
    if (isSurname(l) && !isSurname(f)) return l + f;
    if (isSurname(f) && !isSurname(l)) return f + l;
    // Both or neither look like a family name: the shorter half is the family name (most Chinese given names are longer or equal).
    return l.length < f.length ? l + f : f + l;
  }
  return `${f} ${l}`;
}

// ───────────── Where an address points ─────────────

export type RegionName = { code: string; parentCode: string | null; level: string; name: string; officialName: string; path: string };

/** The names an address may use for a region: its name, its official name, and a district's name without 区/县/市. */
function namesOf(r: RegionName): string[] {
  const names = new Set([r.name, r.officialName]);
  if (r.level === 'district') {
    const short = r.name.replace(/(区|县|市)$/u, '');
    if (Array.from(short).length >= 2) names.add(short);
  }
  return [...names].filter((n) => Array.from(n).length >= 2);
}

const within = (child: RegionName, parent: RegionName) => child.path === parent.path || child.path.startsWith(`${parent.path}.`);

/**
 * The most specific region an address text names without ambiguity: a community (with its street or district when
 * the text names them too), else a street, else a district; null when the text names none of them.
 */
export function matchAddress(text: string, regions: RegionName[]): RegionName | null {
  const t = text.normalize('NFC').replace(/\s+/g, '');
  if (!t) return null;
  const hits = regions.filter((r) => r.level !== 'city' && namesOf(r).some((n) => t.includes(n)));
  const districts = hits.filter((r) => r.level === 'district');
  let streets = hits.filter((r) => r.level === 'street');
  let communities = hits.filter((r) => r.level === 'community');
  if (districts.length > 0) {
    streets = streets.filter((s) => districts.some((d) => within(s, d)));
    communities = communities.filter((c) => districts.some((d) => within(c, d)));
  }
  if (streets.length > 0) {
    const inStreets = communities.filter((c) => streets.some((s) => within(c, s)));
    if (inStreets.length > 0) communities = inStreets;
  }
  // A longer name inside the text wins over a shorter one it contains (水井坊社区 over 井坊社区).
  communities = communities.filter((c) => !communities.some((o) => o !== c && o.name.length > c.name.length && o.name.includes(c.name)));
  if (communities.length === 1) return communities[0]!;
  if (communities.length > 1) {
    const parents = new Set(communities.map((c) => c.parentCode));
    if (parents.size === 1) return regions.find((r) => r.code === communities[0]!.parentCode) ?? null;
  }
  if (streets.length === 1) return streets[0]!;
  if (districts.length === 1) return districts[0]!;
  if (streets.length > 1 && new Set(streets.map((s) => s.parentCode)).size === 1) return regions.find((r) => r.code === streets[0]!.parentCode) ?? null;
  return null;
}

// ───────────── Coordinates ─────────────

/** A coordinate as clients send it: a decimal number in degrees within the range; null when absent. */
export function parseCoordinate(v: string | number | undefined, field: 'lat' | 'long'): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'number' ? v : /^\s*[-+]?\d{1,3}(\.\d+)?\s*$/.test(v) ? Number(v) : Number.NaN;
  const limit = field === 'lat' ? 90 : 180;
  if (!Number.isFinite(n)) throw new AppError('VALIDATION', field, { reason: 'type', expected: 'number' });
  if (n < -limit || n > limit) throw new AppError('VALIDATION', field, { reason: n < 0 ? 'minimum' : 'maximum', limit: n < 0 ? -limit : limit });
  return n;
}

/** WGS-84 (GPS, what Open311 requires) to GCJ-02 (what Chinese web maps, and so venue records, use); unchanged outside China. */
export function wgs84ToGcj02(lat: number, lng: number): { lat: number; lng: number } {
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: y, lng: x };
}

/** A request's point is published to 3 decimals (about 100 m), never the exact place the requester reported. */
export const roundCoordinate = (v: number): number => Math.round(v * 1000) / 1000;

/** Within this distance of a venue with known coordinates, a report is taken to be in that venue's community. */
export const NEAREST_VENUE_METRES = 1000;
