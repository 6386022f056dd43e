import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, makeCreditCode, normalizeCreditCode, validateCreditCode } from './credit-code.js';

describe('validateCreditCode', () => {
  it('accepts real codes (the GB 32100 example and two registered companies)', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '9144030071526726XG']) {
      expect(validateCreditCode(code)).toEqual({ ok: true, value: code });
    }
  });

  it('writes a check value of 31 as 0', () => {
    // Σ = 992 = 32 × 31 for this body, so 31 − 0 = 31, which the standard writes as '0'.
    expect(creditCodeCheckChar('91510100MA0000024')).toBe('0');
    expect(validateCreditCode('91510100MA00000240')).toEqual({ ok: true, value: '91510100MA00000240' });
  });

  it('normalises lower case, full-width and spaces', () => {
    expect(validateCreditCode(' 9144030071526726xg ')).toEqual({ ok: true, value: '9144030071526726XG' });
    expect(normalizeCreditCode('９１３５０１００ｍ０００１００ｙ４３')).toBe('91350100M000100Y43');
    expect(validateCreditCode('9135 0100 M000 100Y 43\u200B').ok).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(validateCreditCode('914403001922038217')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateCreditCode('9144030071526726XH')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('refuses wrong length, forbidden letters and a non-numeric region code', () => {
    for (const s of ['', '91440300192203821', '9144030019220382160', '9144030019220I8216', '91440300192203821O', '91A40300192203821X']) {
      expect(validateCreditCode(s)).toMatchObject({ ok: false, reason: 'format' });
    }
  });

  it('round-trips generated codes and catches single-character substitutions', () => {
    const ch = fc.constantFrom(...CREDIT_CODE_CHARSET);
    fc.assert(
      fc.property(
        fc.array(ch, { minLength: 2, maxLength: 2 }),
        fc.stringMatching(/^[0-9]{6}$/),
        fc.array(ch, { minLength: 9, maxLength: 9 }),
        fc.nat(16),
        fc.integer({ min: 1, max: 30 }),
        (a, region, b, pos, delta) => {
          const code = makeCreditCode(a.join('') + region + b.join(''));
          expect(validateCreditCode(code)).toEqual({ ok: true, value: code });
          const c = code[pos] ?? '0';
          const sub = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(c) + delta) % 31] ?? '0';
          const typo = code.slice(0, pos) + sub + code.slice(pos + 1);
          expect(validateCreditCode(typo).ok).toBe(false);
        },
      ),
    );
  });
});

describe('makeCreditCode', () => {
  it('refuses bodies of the wrong length or charset', () => {
    expect(() => makeCreditCode('9135010')).toThrow(RangeError);
    expect(() => makeCreditCode('91350100M000100YI')).toThrow(RangeError);
  });
});
