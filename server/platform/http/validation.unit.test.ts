import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { IdParam, Obj, PageQuery } from './schemas.js';
import { findNul, jsonDepthExceeds, jsonShapeProblem, makeValidatorCompiler, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './validation.js';

type V = ((d: unknown) => boolean) & { errors?: { instancePath: string }[] | null };
const compile = makeValidatorCompiler([]);
const params = compile({ schema: IdParam, httpPart: 'params', method: 'GET', url: '/x/:id' }) as unknown as V;
const query = compile({
  schema: Obj({ ...PageQuery, ids: Type.Optional(Type.Array(Type.Integer())), lat: Type.Optional(Type.Number()) }),
  httpPart: 'querystring',
  method: 'GET',
  url: '/x',
}) as unknown as V;

describe('numbers in paths and query strings', () => {
  it('takes only the canonical decimal spelling of an id', () => {
    const ok = { id: '16' };
    expect(params(ok)).toBe(true);
    expect(ok.id).toBe(16);
    for (const id of ['0x10', '1.6e1', '+16', ' 16', '16 ', '016', '16.0', '0b10', '0o20', 'Infinity', '', '1e3', '١٦', '16\u0000']) {
      expect(params({ id }), JSON.stringify(id)).toBe(false);
      expect(params.errors?.[0]?.instancePath).toBe('/id');
    }
  });

  it('applies the same rule to numeric query values and arrays of them', () => {
    expect(query({ page: '2', lat: '30.5', ids: ['1', '2'] })).toBe(true);
    expect(query({ page: '0x2' })).toBe(false);
    expect(query({ lat: '3e1' })).toBe(false);
    expect(query({ ids: ['1', '+2'] })).toBe(false);
    expect(query({ lat: '-30.25' })).toBe(true);
  });
});

describe('JSON depth', () => {
  it('finds nesting beyond the limit in one pass, ignoring brackets inside strings', () => {
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\\' }), 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
    const t0 = performance.now();
    expect(jsonDepthExceeds('{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000), MAX_JSON_DEPTH)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('JSON value count', () => {
  it('refuses more values than the limit, counting no separator inside strings', () => {
    expect(jsonShapeProblem('[' + '0,'.repeat(MAX_JSON_VALUES + 1) + '0]')).toBe('too_many');
    expect(jsonShapeProblem('[' + '0,'.repeat(MAX_JSON_VALUES) + '0]')).toBeNull();
    expect(jsonShapeProblem(`{${Array.from({ length: 15_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`)).toBe('too_many');
    expect(jsonShapeProblem(JSON.stringify({ a: ':,'.repeat(100_000) }))).toBeNull();
    expect(jsonShapeProblem('[' + '0,'.repeat(400_000) + '0]', 32, 1_000_000)).toBeNull();
  });
});

describe('findNul', () => {
  it('names the field holding U+0000 and walks a wide value quickly', () => {
    expect(findNul({ a: [{ b: 'x' }, { c: 'y\u0000' }] })).toBe('a.1.c');
    expect(findNul({ 'k\u0000': 1 })).toBe('k');
    const wide = { items: Array.from({ length: 200_000 }, (_, i) => ({ n: i, s: 'text' })) };
    const t0 = performance.now();
    expect(findNul(wide)).toBeNull();
    // Linear, not quadratic: a quadratic walk of 400,000 nodes would take minutes; the bound leaves room for a loaded machine.
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('refuses a value deeper than the limit instead of recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => findNul(deep)).toThrow(AppError);
  });
});
