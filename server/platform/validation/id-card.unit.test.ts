import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar, makeIdNumber, normalizeIdNumber, validateIdNumber } from './id-card.js';

const fullWidth = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('idCheckChar', () => {
  it('computes MOD 11-2 on published examples', () => {
    // GB 11643-1999 appendix example and a well-known X case.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });
});

describe('normalizeIdNumber', () => {
  it('turns full-width into ASCII, drops spaces and zero-width characters, upper-cases x', () => {
    expect(normalizeIdNumber(fullWidth('11010519491231002X').toLowerCase())).toBe('11010519491231002X');
    expect(normalizeIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('1101\u200B0519\u200C4912\u200D3100\uFEFF2X\u3000')).toBe('11010519491231002X');
  });
});

describe('validateIdNumber', () => {
  it('accepts a valid number and extracts birth date, gender and region', () => {
    expect(validateIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      regionCode: '110105',
    });
    const male = makeIdNumber('510104', '19900307', '123');
    expect(validateIdNumber(male)).toMatchObject({ ok: true, gender: 'male', birthDate: '1990-03-07', regionCode: '510104' });
  });

  it('accepts full-width, lower-case x and invisible characters', () => {
    const r = validateIdNumber(`\u200B${fullWidth('11010519491231002X').toLowerCase()} `);
    expect(r).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('refuses a wrong check character as checksum', () => {
    expect(validateIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateIdNumber('440524188001010015')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('refuses wrong shapes as format, including 15-digit legacy numbers', () => {
    for (const s of ['', '110105491231002', '11010519491231002', '1101051949123100201', '11010519491231002Y', 'X10105194912310021', '１１０１０５']) {
      expect(validateIdNumber(s)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('refuses impossible and out-of-range birth dates', () => {
    for (const birth of ['19990230', '19991301', '19990001', '19990100', '19000229', '18991231']) {
      expect(validateIdNumber(makeIdNumber('510104', birth, '123'))).toEqual({ ok: false, reason: 'birthdate' });
    }
    expect(validateIdNumber(makeIdNumber('510104', '20000229', '123')).ok).toBe(true);
    expect(validateIdNumber(makeIdNumber('510104', '19000101', '123')).ok).toBe(true);
  });

  it('refuses a birth date after today', () => {
    const id = makeIdNumber('510104', '20300101', '123');
    expect(validateIdNumber(id)).toEqual({ ok: false, reason: 'birthdate' });
    expect(validateIdNumber(id, { today: '2030-01-01' }).ok).toBe(true);
    expect(validateIdNumber(id, { today: '2029-12-31' })).toEqual({ ok: false, reason: 'birthdate' });
  });

  it('round-trips every generated number and catches every single-digit typo', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    fc.assert(
      fc.property(
        digits(6),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        digits(3),
        fc.nat(16),
        fc.integer({ min: 1, max: 9 }),
        (prefix, d, seq, pos, delta) => {
          const birth = d.toISOString().slice(0, 10).replace(/-/g, '');
          const id = makeIdNumber(prefix, birth, seq);
          expect(validateIdNumber(id).ok).toBe(true);
          const typo = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
          expect(validateIdNumber(typo).ok).toBe(false);
        },
      ),
    );
  });
});

describe('makeIdNumber', () => {
  it('refuses malformed parts', () => {
    expect(() => makeIdNumber('51010', '19900307', '123')).toThrow(RangeError);
    expect(() => makeIdNumber('510104', '1990-03-07', '123')).toThrow(RangeError);
    expect(() => makeIdNumber('510104', '19900307', '12')).toThrow(RangeError);
  });
});
