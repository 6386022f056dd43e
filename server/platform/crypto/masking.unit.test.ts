import { describe, expect, it } from 'vitest';
import { maskAddress, maskEmail, maskIdNumber, maskName, maskPhone } from './masking.js';

describe('masking', () => {
  it('masks an 18-character ID number to first 4, 10 stars, last 4', () => {
    expect(maskIdNumber('510104199001011234')).toBe('5101**********1234');
    expect(maskIdNumber('51010419900101123X')).toBe('5101**********123X');
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('masks a mobile number to first 3 and last 4', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('keeps the first code point of a name, surrogate-safe', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('𠮷x')).toBe('𠮷*');
    expect(maskName('x𠮷')).toBe('x*');
    expect(maskName('阿依古丽·买买提')).toBe('阿*******');
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('keeps the first 6 code points of an address', () => {
    expect(maskAddress('四川省成都市武侯区人民南路四段1号')).toBe('四川省成都市***');
    expect(maskAddress('𠮷𠮷𠮷𠮷𠮷𠮷𠮷')).toBe('𠮷𠮷𠮷𠮷𠮷𠮷***');
    expect(maskAddress('成都')).toBe('成都***');
    expect(maskAddress('')).toBe('');
  });

  it('keeps the first character of an e-mail address and its domain', () => {
    expect(maskEmail('zhangsan@example.cn')).toBe('z*******@example.cn');
    expect(maskEmail('a@b.cn')).toBe('*@b.cn');
    expect(maskEmail('not-an-address')).toBe('n*************');
  });

  it('never leaves half a surrogate pair', () => {
    for (const s of [maskName('𠮷𠮷𠮷'), maskAddress('a𠮷b𠮷c𠮷d'), maskIdNumber('𠮷'.repeat(18))]) {
      expect(s).not.toMatch(/\p{Cs}/u);
    }
  });
});
