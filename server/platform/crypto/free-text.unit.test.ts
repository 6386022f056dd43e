import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../validation/id-card.js';
import { FieldIntegrityError } from './field-cipher.js';
import { findIdentifiers, luhnValid, maskFreeText, protectText, revealText } from './free-text.js';
import { parseKeyring } from './keyring.js';

const parsed = parseKeyring({
  dataKeys: `1:${randomBytes(32).toString('base64')}`,
  activeKeyId: 1,
  blindIndexKey: randomBytes(32).toString('base64'),
  auditKey: randomBytes(32).toString('base64'),
});
if (!parsed.ok) throw new Error('keys');
const kr = parsed.keyring;
const id = makeIdNumber('510104', '19900101', '123');

describe('identifiers in free text', () => {
  it('finds and masks ID numbers with a valid check character, mobiles and Luhn-valid card numbers', () => {
    const text = `我叫张三，身份证${id}，电话 138 1234 5678，银行卡 6222 0212 3456 7890 128，门牌号 12 号`;
    expect(findIdentifiers(text).map((f) => f.kind)).toEqual(['id_number', 'phone', 'bank_card']);
    const masked = maskFreeText(text);
    expect(masked).toContain('5101**********' + id.slice(-4));
    expect(masked).toContain('138****5678');
    expect(masked).toContain('****0128');
    expect(masked).not.toContain(id);
    expect(masked).toContain('门牌号 12 号');
  });

  it('leaves alone what only looks like one: wrong check character, wrong Luhn digit, numbers touching others', () => {
    const badId = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(findIdentifiers(`证件 ${badId}`).some((f) => f.kind === 'id_number')).toBe(false);
    expect(maskFreeText('卡 6222021234567890129')).toBe('卡 6222021234567890129');
    expect(maskFreeText('订单 2138123456789')).toBe('订单 2138123456789');
    expect(maskFreeText('金额 12000 元，2026 年')).toBe('金额 12000 元，2026 年');
  });

  it('reads full-width digits and a +86 prefix', () => {
    expect(maskFreeText('电话：１３８１２３４５６７８')).toBe('电话：138****5678');
    expect(maskFreeText('call +86 13812345678 now')).toBe('call 138****5678 now');
    expect(maskFreeText(`ID ${id.slice(0, 17)}x`.replace(/x$/, id[17] === 'X' ? 'x' : id[17]!))).not.toContain(id);
  });

  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('never leaves a generated phone or ID number readable, wherever it sits in the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.integer({ min: 3, max: 9 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        (before, after, second, rest) => {
          const phone = `1${second}${String(rest).padStart(9, '0')}`;
          const text = `${before.replace(/[0-9０-９]/g, 'a')} ${phone} ${after.replace(/[0-9０-９]/g, 'b')}`;
          expect(maskFreeText(text)).not.toContain(phone);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is linear on long input', () => {
    const long = '1'.repeat(4000) + ' 13812345678 ' + 'x'.repeat(4000);
    const t0 = performance.now();
    maskFreeText(long);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('protectText / revealText', () => {
  it('stores the masked form and a ciphertext bound to its row', () => {
    const aad = { table: 'requests', column: 'description', rowId: '7' };
    const p = protectText(kr, '请联系 13812345678', aad);
    expect(p.masked).toBe('请联系 138****5678');
    expect(revealText(kr, p.masked, p.enc, aad)).toBe('请联系 13812345678');
    expect(() => revealText(kr, p.masked, p.enc, { ...aad, rowId: '8' })).toThrow(FieldIntegrityError);
    expect(protectText(kr, '', aad)).toEqual({ masked: '', enc: null });
  });
});
