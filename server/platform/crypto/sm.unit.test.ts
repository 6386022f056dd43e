import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hkdfSm3, hmacSm3, runKnownAnswerTests, sm3, sm4Ctr } from './sm.js';

const hex = (s: string) => Buffer.from(s, 'hex');

/** HMAC per RFC 2104 built from the bare hash, to check OpenSSL's HMAC-SM3 independently (SM3 block = 64 bytes). */
function referenceHmacSm3(key: Buffer, message: Buffer): Buffer {
  const k = key.length > 64 ? sm3(key) : key;
  const block = Buffer.concat([k, Buffer.alloc(64 - k.length)]);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const opad = Buffer.from(block.map((b) => b ^ 0x5c));
  return sm3(Buffer.concat([opad, sm3(Buffer.concat([ipad, message]))]));
}

/** HKDF per RFC 5869 built from the reference HMAC. */
function referenceHkdfSm3(ikm: Buffer, salt: Buffer, info: Buffer, length: number): Buffer {
  const prk = referenceHmacSm3(salt.length > 0 ? salt : Buffer.alloc(32), ikm);
  const blocks: Buffer[] = [];
  let t: Buffer = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(blocks).length < length; i++) {
    t = referenceHmacSm3(prk, Buffer.concat([t, info, Buffer.from([i])]));
    blocks.push(t);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function sm4EcbEncrypt(key: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

describe('SM3', () => {
  it('matches the GB/T 32905 examples', () => {
    expect(sm3('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes strings as UTF-8', () => {
    expect(sm3('张三𠮷').equals(sm3(Buffer.from('张三𠮷', 'utf8')))).toBe(true);
    expect(sm3('')).toHaveLength(32);
  });
});

describe('HMAC-SM3', () => {
  it('matches GM/T 0042-2015 appendix D.3', () => {
    const key = hex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20');
    const msg = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'.repeat(2);
    expect(hmacSm3(key, msg).toString('hex')).toBe('ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a');
    const key2 = hex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425');
    expect(hmacSm3(key2, Buffer.alloc(50, 0xcd)).toString('hex')).toBe('220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae');
  });

  it('agrees with an RFC 2104 construction from SM3 for short, block-sized and long keys', () => {
    for (const keyLen of [0, 1, 20, 32, 63, 64, 65, 131]) {
      const key = Buffer.alloc(keyLen, 0x0b);
      const msg = Buffer.from(`Hi There ${keyLen}`);
      expect(hmacSm3(key, msg).equals(referenceHmacSm3(key, msg))).toBe(true);
    }
  });

  it('MACs the concatenation of its parts', () => {
    const key = Buffer.alloc(32, 7);
    expect(hmacSm3(key, 'ab', Buffer.from('c'), '').equals(hmacSm3(key, 'abc'))).toBe(true);
  });
});

describe('SM4-CTR', () => {
  const key = hex('0123456789abcdeffedcba9876543210');

  it('matches the GB/T 32907 single-block and 1,000,000-round examples through ECB', () => {
    expect(sm4EcbEncrypt(key, key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const c = createCipheriv('sm4-ecb', key, null);
    c.setAutoPadding(false);
    let block = Buffer.from(key);
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
    // A million cipher calls: a correctness example, given the time a loaded machine needs.
  }, 60_000);

  it('matches the draft-ribose-cfrg-sm4 CTR example', () => {
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    const plain = hex(['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'aa', 'bb'].map((b) => b.repeat(8)).join(''));
    expect(sm4Ctr(key, iv, plain).toString('hex')).toBe(
      'ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514',
    );
  });

  it('is the ECB keystream of a 128-bit big-endian counter, and its own inverse', () => {
    const iv = hex('ffffffffffffffffffffffffffffffff');
    const plain = Buffer.from('绝密:身份证号码与手机号码 𠮷 · 0123456789');
    const ct = sm4Ctr(key, iv, plain);
    const counters = Buffer.concat([iv, Buffer.alloc(16), hex('00000000000000000000000000000001'), hex('00000000000000000000000000000002')]);
    const keystream = sm4EcbEncrypt(key, counters);
    expect(ct.equals(Buffer.from(plain.map((b, i) => b ^ (keystream[i] ?? 0))))).toBe(true);
    expect(sm4Ctr(key, iv, ct).equals(plain)).toBe(true);
  });

  it('refuses wrong key or IV sizes', () => {
    expect(() => sm4Ctr(Buffer.alloc(32), Buffer.alloc(16), Buffer.alloc(1))).toThrow(RangeError);
    expect(() => sm4Ctr(Buffer.alloc(16), Buffer.alloc(12), Buffer.alloc(1))).toThrow(RangeError);
  });
});

describe('HKDF-SM3', () => {
  it('agrees with an RFC 5869 construction from HMAC-SM3', () => {
    const ikm = Buffer.alloc(22, 0x0b);
    const salt = hex('000102030405060708090a0b0c');
    const info = hex('f0f1f2f3f4f5f6f7f8f9');
    for (const len of [16, 32, 42, 82]) {
      expect(hkdfSm3(ikm, salt, info, len).equals(referenceHkdfSm3(ikm, salt, info, len))).toBe(true);
    }
    expect(hkdfSm3(ikm, '', 'label', 32).equals(referenceHkdfSm3(ikm, Buffer.alloc(0), Buffer.from('label'), 32))).toBe(true);
  });

  it('separates outputs by info label', () => {
    const ikm = Buffer.alloc(32, 1);
    expect(hkdfSm3(ikm, '', 'a', 32).equals(hkdfSm3(ikm, '', 'b', 32))).toBe(false);
  });
});

describe('runKnownAnswerTests', () => {
  it('passes on this Node build', () => {
    expect(() => runKnownAnswerTests()).not.toThrow();
  });
});
