import { describe, expect, it } from 'vitest';
import { normalizePhone, validatePhone } from './phone.js';

describe('validatePhone', () => {
  it('accepts mainland mobiles in the usual written forms', () => {
    for (const raw of [
      '13812341234',
      '138 1234 1234',
      '138-1234-1234',
      '+86 138 1234 1234',
      '+86-13812341234',
      '008613812341234',
      '8613812341234',
      '１３８１２３４１２３４',
      '１３８－１２３４－１２３４',
      '\u200B13812341234\u3000',
      '199 0000 0000',
    ]) {
      expect(validatePhone(raw), raw).toEqual({ ok: true, value: raw.includes('199') ? '19900000000' : '13812341234' });
    }
  });

  it('refuses other numbers', () => {
    for (const raw of [
      '',
      '12345',
      '12812341234',
      '10812341234',
      '1381234123',
      '138123412345',
      '028-85551234',
      '+1 138 1234 1234',
      '1381234123a',
      '(+86)13812341234',
    ]) {
      expect(validatePhone(raw), raw).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('normalises without validating', () => {
    expect(normalizePhone('+86 028-8555 1234')).toBe('02885551234');
  });
});
