import { describe, expect, it } from 'vitest';
import { readRegions } from '../../db/reference.js';
import { commaList, dropEmpty, fullName, matchAddress, parseCoordinate, roundCoordinate, wgs84ToGcj02, type RegionName } from './open311.policy.js';
import { specParam } from './open311.service.js';
import { validateFields, type FieldDef } from './requests.policy.js';

// The shipped Chengdu region tree, with paths as the loader builds them.
const regions: RegionName[] = (() => {
  const paths = new Map<string, string>();
  return readRegions().map((r) => {
    const p = r.parentCode ? `${paths.get(r.parentCode)}.${r.code}` : r.code;
    paths.set(r.code, p);
    return { code: r.code, parentCode: r.parentCode, level: r.level, name: r.name, officialName: r.officialName, path: p };
  });
})();
const byName = (name: string) => regions.find((r) => r.name === name)!;

describe('fullName', () => {
  it('puts the family name first whichever half a client put it in', () => {
    expect(fullName('张', '三丰')).toBe('张三丰');
    expect(fullName('三丰', '张')).toBe('张三丰');
    expect(fullName('晓明', '欧阳')).toBe('欧阳晓明');
    expect(fullName('欧阳', '晓明')).toBe('欧阳晓明');
    expect(fullName('师傅', '李')).toBe('李师傅');
  });
  it('keeps Western names in their order with a space, and a single half as it is', () => {
    expect(fullName('John', 'Smith')).toBe('John Smith');
    expect(fullName('', '李')).toBe('李');
    expect(fullName(undefined, undefined)).toBe('');
  });
});

describe('matchAddress', () => {
  it('finds the community an address names, helped by its street or district', () => {
    expect(matchAddress('成都市锦江区水井坊社区某某街12号', regions)?.name).toBe('水井坊社区');
    expect(matchAddress('锦江区 锦官驿街道 崇德里社区', regions)?.code).toBe(byName('崇德里社区').code);
  });
  it('falls back to the street, then the district, when the community is not named or is ambiguous', () => {
    expect(matchAddress('锦江区锦官驿街道某某路1号', regions)?.name).toBe('锦官驿街道');
    expect(matchAddress('锦江区某某路1号', regions)?.name).toBe('锦江区');
    // 永兴社区 exists six times in the city: without a district or street the address is not resolved to one.
    expect(regions.filter((r) => r.name === '永兴社区').length).toBeGreaterThan(1);
    const m = matchAddress('永兴社区门口', regions);
    expect(m === null || m.level !== 'community').toBe(true);
  });
  it('knows a district by its short name and answers null for a place it does not know', () => {
    expect(matchAddress('锦江某某路', regions)?.name).toBe('锦江区');
    expect(matchAddress('123 Main Street, Springfield', regions)).toBeNull();
    expect(matchAddress('', regions)).toBeNull();
  });
});

describe('coordinates', () => {
  it('parses decimal degrees as strings or numbers and names lat or long when out of range', () => {
    expect(parseCoordinate('30.657', 'lat')).toBe(30.657);
    expect(parseCoordinate(104.08, 'long')).toBe(104.08);
    expect(parseCoordinate(undefined, 'lat')).toBeNull();
    expect(() => parseCoordinate('north', 'lat')).toThrow(expect.objectContaining({ field: 'lat' }));
    expect(() => parseCoordinate('181', 'long')).toThrow(expect.objectContaining({ field: 'long' }));
  });
  it('rounds public points to about 100 m and shifts WGS-84 to GCJ-02 by a few hundred metres in Chengdu', () => {
    expect(roundCoordinate(30.657412)).toBe(30.657);
    expect(roundCoordinate(104.080987)).toBe(104.081);
    const g = wgs84ToGcj02(30.6574, 104.0809);
    const metres = Math.hypot((g.lat - 30.6574) * 111_000, (g.lng - 104.0809) * 111_000 * Math.cos((30.66 * Math.PI) / 180));
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(800);
  });
});

describe('parameters as clients send them', () => {
  it('treats empty parameters as absent and reads comma lists and repeated parameters alike', () => {
    const q: Record<string, unknown> = { start_date: '', status: ['open', ''], service_code: 'a' };
    dropEmpty(q);
    expect(q).toEqual({ status: ['open'], service_code: 'a' });
    expect(commaList('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(commaList(['open', 'closed,open'])).toEqual(['open', 'closed', 'open']);
    expect(commaList(undefined)).toEqual([]);
  });
  it('names the spec parameters in errors', () => {
    expect(specParam('categoryCode')).toBe('service_code');
    expect(specParam('contactPhone')).toBe('phone');
    expect(specParam('fields.amount')).toBe('attribute[amount]');
    expect(specParam('query.start_date')).toBe('start_date');
  });
});

describe('multivaluelist fields', () => {
  const defs: FieldDef[] = [
    {
      code: 'needs',
      label: '需求',
      datatype: 'multivaluelist',
      required: true,
      values: [
        { key: 'a', name: 'A' },
        { key: 'b', name: 'B' },
      ],
    },
  ];
  it('keeps the chosen keys once each and refuses a key the list does not have', () => {
    expect(validateFields(defs, { needs: ['a', 'b', 'a'] })).toEqual({ needs: ['a', 'b'] });
    expect(validateFields(defs, { needs: 'b' })).toEqual({ needs: ['b'] });
    expect(() => validateFields(defs, { needs: ['c'] })).toThrow(expect.objectContaining({ field: 'fields.needs' }));
    expect(() => validateFields(defs, { needs: [] })).toThrow(expect.objectContaining({ field: 'fields.needs' }));
  });
  it('refuses a list for a single-value field', () => {
    expect(() => validateFields([{ code: 'n', label: 'n', datatype: 'number', required: false }], { n: ['5'] })).toThrow(
      expect.objectContaining({ field: 'fields.n' }),
    );
  });
});
