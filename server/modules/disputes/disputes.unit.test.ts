import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { ACTIONS, CLOSE_OUTCOMES, OUTCOMES, STATUSES, requireTransition, requireYuan, type Side } from './disputes.policy.js';
import { maskFacts } from './cases.service.js';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

describe('dispute policy', () => {
  it('checks the side before the state: a partner may not close, a closed case takes no step', () => {
    const opener = new Set<Side>(['opener']);
    const pending = new Set<Side>(['partner_pending']);
    const accepted = new Set<Side>(['partner_accepted']);
    const court = new Set<Side>(['partner_accepted', 'court_accepted']);
    expect(code(() => requireTransition('close', 'open', accepted))).toBe('FORBIDDEN');
    expect(code(() => requireTransition('session', 'open', pending))).toBe('FORBIDDEN');
    expect(code(() => requireTransition('session', 'open', accepted))).toBeUndefined();
    expect(code(() => requireTransition('confirm', 'agreed', accepted))).toBe('FORBIDDEN');
    expect(code(() => requireTransition('confirm', 'agreed', court))).toBeUndefined();
    expect(code(() => requireTransition('confirm', 'mediating', court))).toBe('INVALID_STATE');
    for (const kind of Object.keys(ACTIONS) as Array<keyof typeof ACTIONS>) {
      const side = ACTIONS[kind].sides[0]!;
      expect(
        code(() => requireTransition(kind, 'closed', new Set([side]))),
        kind,
      ).toBe('INVALID_STATE');
    }
    expect(code(() => requireTransition('refer', 'agreed', opener))).toBe('INVALID_STATE');
  });

  it('allows every outcome from some status and none from a closed case', () => {
    const reachable = new Set(Object.values(CLOSE_OUTCOMES).flat());
    expect([...reachable].sort()).toEqual([...OUTCOMES].sort());
    expect(CLOSE_OUTCOMES.closed).toBeUndefined();
    expect(Object.keys(CLOSE_OUTCOMES).sort()).toEqual(STATUSES.filter((s) => s !== 'closed').sort());
    expect(CLOSE_OUTCOMES.confirmed).toEqual(['confirmed']);
  });

  it('accepts yuan with at most two decimals', () => {
    expect(requireYuan(52_300.5, 'a')).toBe(52_300.5);
    expect(requireYuan(0.29, 'a')).toBe(0.29);
    expect(requireYuan(0, 'a')).toBe(0);
    expect(code(() => requireYuan(1.005, 'a'))).toBe('VALIDATION');
    expect(code(() => requireYuan(-1, 'a'))).toBe('VALIDATION');
    expect(code(() => requireYuan(Number.NaN, 'a'))).toBe('VALIDATION');
  });

  it('masks the facts to a short head', () => {
    expect(maskFacts('三名职工反映2026年8月至10月工资被拖欠')).toBe('三名职工反映20***');
    expect(maskFacts('欠薪')).toBe('欠薪***');
    expect(maskFacts('𠮷𠮷𠮷')).toBe('𠮷𠮷***');
  });
});
