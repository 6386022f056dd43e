import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Region = { code: string; name: string; officialName: string; level: string; parentCode: string | null; pinyin: string; initials: string };
const regions = (JSON.parse(readFileSync('data/reference/regions-5101.json', 'utf8')) as { regions: Region[] }).regions;
const calendar = JSON.parse(readFileSync('data/reference/calendar-cn.json', 'utf8')) as { years: number[]; days: Array<{ date: string; kind: string }> };
const byCode = new Map(regions.map((r) => [r.code, r]));
const count = (level: string) => regions.filter((r) => r.level === level).length;

describe('Chengdu reference regions', () => {
  it('has 1 city, 20 districts, 261 streets and 3,047 communities, each under a parent of the level above', () => {
    expect([count('city'), count('district'), count('street'), count('community')]).toEqual([1, 20, 261, 3047]);
    const above: Record<string, string> = { district: 'city', street: 'district', community: 'street' };
    for (const r of regions.filter((x) => x.level !== 'city')) expect(byCode.get(r.parentCode!)?.level).toBe(above[r.level]);
  });

  it('reads place names right in pinyin', () => {
    const find = (name: string) => regions.find((r) => r.name === name)!;
    expect(find('锦江区')).toMatchObject({ pinyin: 'jinjiangqu', initials: 'jjq' });
    expect(find('郫都区')).toMatchObject({ pinyin: 'piduqu', initials: 'pdq' });
    expect(find('新都区')).toMatchObject({ pinyin: 'xinduqu', initials: 'xdq' });
    expect(find('成都市').pinyin).toBe('chengdushi');
  });

  it('shows names without the committee suffix and keeps the official name', () => {
    expect(regions.some((r) => /(居委会|村委会|委员会)$/.test(r.name))).toBe(false);
    expect(regions.some((r) => r.officialName.endsWith('居委会'))).toBe(true);
  });
});

describe('working-day calendar reference', () => {
  it('covers 2025 and 2026 with the National Day holiday and its make-up day', () => {
    expect(calendar.years).toEqual(expect.arrayContaining([2025, 2026]));
    const day = (d: string) => calendar.days.find((x) => x.date === d)?.kind;
    expect(day('2025-10-01')).toBe('holiday');
    expect(day('2025-09-28')).toBe('workday');
    expect(day('2026-01-01')).toBe('holiday');
  });
});
