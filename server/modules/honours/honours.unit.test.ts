import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import {
  certificateNumber,
  checkAnswers,
  checkCriteria,
  checkDocuments,
  checkRules,
  evaluateRules,
  levelOf,
  type Criterion,
  type Member,
} from './honours.policy.js';

const person = (over: Partial<Member> = {}): Member => ({
  kind: 'individual',
  frontline: false,
  female: false,
  leader: false,
  minority: false,
  new_form: false,
  ...over,
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.code}:${e.field}:${String(e.params.reason)}`;
    throw e;
  }
  return undefined;
}

describe('composition rules', () => {
  const rules = [
    { attribute: 'frontline' as const, op: 'min' as const, percent: 60 },
    { attribute: 'female' as const, op: 'min' as const, percent: 20 },
    { attribute: 'leader' as const, op: 'max' as const, percent: 20 },
  ];

  it('counts individuals only and shows the shortfall of each rule', () => {
    const list = [
      person({ frontline: true, female: true }),
      person({ frontline: true }),
      person({ leader: true }),
      person({ leader: true }),
      person(),
      { ...person(), kind: 'collective' as const },
    ];
    const [frontline, female, leader] = evaluateRules(rules, list);
    expect(frontline).toMatchObject({ individuals: 5, count: 2, achieved: 40, ok: false, shortfall: 1 });
    expect(female).toMatchObject({ count: 1, achieved: 20, ok: true, shortfall: 0 });
    expect(leader).toMatchObject({ count: 2, achieved: 40, ok: false, shortfall: 1 });
  });

  it('holds on a list that meets every rule exactly at the boundary', () => {
    const list = [person({ frontline: true, female: true }), person({ frontline: true }), person({ frontline: true, leader: true }), person(), person()];
    expect(evaluateRules(rules, list).every((r) => r.ok)).toBe(true);
  });

  it('breaks no rule on an empty list or a list of collectives', () => {
    expect(evaluateRules(rules, []).every((r) => r.ok && r.achieved === null)).toBe(true);
    expect(evaluateRules(rules, [{ ...person(), kind: 'collective' }]).every((r) => r.ok)).toBe(true);
  });

  it('refuses a rule given twice or a share over 100', () => {
    expect(fieldOf(() => checkRules([rules[0]!, rules[0]!]))).toBe('VALIDATION:rules.1.attribute:duplicate');
    expect(fieldOf(() => checkRules([{ attribute: 'female', op: 'min', percent: 101 }]))).toBe('VALIDATION:rules.0.percent:maximum');
  });
});

describe('typed criteria', () => {
  const criteria: Criterion[] = [
    { key: 'years', type: 'number', labelZh: '工龄', labelEn: 'Years of work', required: true, min: 0, max: 60 },
    { key: 'sector', type: 'choice', labelZh: '行业', labelEn: 'Sector', required: true, options: ['制造业', '服务业'] },
    { key: 'party', type: 'boolean', labelZh: '党员', labelEn: 'Party member', required: false },
    { key: 'since', type: 'date', labelZh: '入职日期', labelEn: 'Employed since', required: false },
  ];

  it('accepts answers of the right types and drops nothing defined', () => {
    expect(checkAnswers(criteria, { years: 12, sector: '制造业', party: true, since: '2010-03-01' })).toEqual({
      years: 12,
      sector: '制造业',
      party: true,
      since: '2010-03-01',
    });
  });

  it('names the field of a missing, mistyped, out-of-range or unknown answer', () => {
    expect(fieldOf(() => checkAnswers(criteria, { sector: '制造业' }))).toBe('VALIDATION:answers.years:required');
    expect(fieldOf(() => checkAnswers(criteria, { years: '12', sector: '制造业' }))).toBe('VALIDATION:answers.years:type');
    expect(fieldOf(() => checkAnswers(criteria, { years: 61, sector: '制造业' }))).toBe('VALIDATION:answers.years:maximum');
    expect(fieldOf(() => checkAnswers(criteria, { years: 1, sector: '农业' }))).toBe('VALIDATION:answers.sector:enum');
    expect(fieldOf(() => checkAnswers(criteria, { years: 1, sector: '制造业', since: '2010-13-45' }))).toBe('VALIDATION:answers.since:format');
    expect(fieldOf(() => checkAnswers(criteria, { years: 1, sector: '制造业', salary: 1 }))).toBe('VALIDATION:answers.salary:unknown_field');
  });

  it('refuses a choice without options and a duplicate key', () => {
    expect(fieldOf(() => checkCriteria([{ key: 'a', type: 'choice', labelZh: 'a', labelEn: 'a', required: true }]))).toBe(
      'VALIDATION:criteria.0.options:minItems',
    );
    expect(fieldOf(() => checkCriteria([criteria[0]!, criteria[0]!]))).toBe('VALIDATION:criteria.1.key:duplicate');
  });

  it('requires every listed document', () => {
    const specs = [{ key: 'deeds_report', labelZh: '事迹材料', labelEn: 'Report of deeds' }];
    expect(checkDocuments(specs, { deeds_report: ' 事迹材料.pdf ' })).toEqual({ deeds_report: '事迹材料.pdf' });
    expect(fieldOf(() => checkDocuments(specs, {}))).toBe('VALIDATION:documents.deeds_report:required');
  });
});

describe('levels and numbers', () => {
  it('finds the level an organization holds in a chain by its exact path', () => {
    const chain = { street_path: '1.2.3', district_path: '1.2', city_path: '1' };
    expect(levelOf('1.2.3', chain)).toBe('street');
    expect(levelOf('1.2', chain)).toBe('district');
    expect(levelOf('1', chain)).toBe('city');
    expect(levelOf('1.2.4', chain)).toBeNull();
    expect(levelOf('1.2.3.9', chain)).toBeNull();
  });

  it('formats certificate numbers the table accepts', () => {
    expect(certificateNumber(2026, 42)).toBe('RY-2026-000042');
    expect(certificateNumber(2026, 1234567)).toMatch(/^RY-[0-9]{4}-[0-9]{6,}$/);
  });
});
