import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blindIndex, decryptField, encodeAad, encryptField, FIELD_MIN_BYTES, fieldKeyId, FieldIntegrityError, type FieldAad } from './field-cipher.js';
import { deriveFieldSubkeys, parseKeyring, type Keyring } from './keyring.js';
import { hmacSm3, sm4Ctr } from './sm.js';

const b64 = () => randomBytes(32).toString('base64');

function keyring(spec: { dataKeys: string; activeKeyId: number; blindIndexKey?: string; auditKey?: string }): Keyring {
  const r = parseKeyring({ blindIndexKey: b64(), auditKey: b64(), ...spec });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.keyring;
}

const K1 = b64();
const K2 = b64();
const kr = keyring({ dataKeys: `1:${K1}`, activeKeyId: 1 });
const aad: FieldAad = { table: 'people', column: 'id_number', rowId: '42' };

describe('encryptField / decryptField', () => {
  it('round-trips ASCII, CJK, rare CJK outside the BMP, the middle dot and the empty string', () => {
    for (const s of ['510104199001011234', '13812341234', '张三丰', '𠮷野家', '阿依古丽·买买提', '', 'a'.repeat(1000)]) {
      const blob = encryptField(kr, s, aad);
      expect(blob).toHaveLength(FIELD_MIN_BYTES + Buffer.byteLength(s, 'utf8'));
      expect(blob[0]).toBe(1);
      expect(blob[1]).toBe(1);
      expect(decryptField(kr, blob, aad)).toBe(s);
    }
  });

  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (s, rowId) => {
        const a = { ...aad, rowId };
        expect(decryptField(kr, encryptField(kr, s, a), a)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a Uint8Array as read from a database driver', () => {
    const blob = encryptField(kr, '张三', aad);
    expect(decryptField(kr, new Uint8Array(blob), aad)).toBe('张三');
  });

  it('refuses a lone surrogate rather than storing U+FFFD', () => {
    expect(() => encryptField(kr, 'a\uD842', aad)).toThrow(TypeError);
  });

  it('lays out version, key id, IV, ciphertext and a tag over the length-prefixed AAD', () => {
    const blob = encryptField(kr, 'x', aad);
    const aadBytes = encodeAad(aad);
    expect(aadBytes.toString('hex')).toBe(
      '00000006' +
        Buffer.from('people').toString('hex') +
        '00000009' +
        Buffer.from('id_number').toString('hex') +
        '00000002' +
        Buffer.from('42').toString('hex'),
    );
    const len = Buffer.alloc(8);
    len.writeBigUInt64BE(BigInt(aadBytes.length));
    const { encKey, macKey } = deriveFieldSubkeys(Buffer.from(K1, 'base64'), 1);
    const iv = blob.subarray(2, 18);
    const ct = blob.subarray(18, blob.length - 32);
    expect(sm4Ctr(encKey, iv, ct).toString('utf8')).toBe('x');
    expect(blob.subarray(blob.length - 32).equals(hmacSm3(macKey, blob.subarray(0, 2), iv, aadBytes, ct, len))).toBe(true);
    expect(fieldKeyId(blob)).toBe(1);
  });

  it('detects a flipped bit anywhere: version, key id, IV, ciphertext or tag', () => {
    const blob = encryptField(kr, '510104199001011234', aad);
    for (let i = 0; i < blob.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(blob);
        bad[i] = (bad[i] ?? 0) ^ bit;
        expect(() => decryptField(kr, bad, aad), `byte ${i}`).toThrow(FieldIntegrityError);
      }
    }
  });

  it('detects truncation and extension', () => {
    const blob = encryptField(kr, '13812341234', aad);
    for (const n of [0, 1, 2, 18, FIELD_MIN_BYTES - 1, blob.length - 1]) {
      expect(() => decryptField(kr, blob.subarray(0, n), aad)).toThrow(FieldIntegrityError);
    }
    expect(() => decryptField(kr, Buffer.concat([blob, Buffer.from([0])]), aad)).toThrow(FieldIntegrityError);
  });

  it('refuses a ciphertext moved to another row, column or table', () => {
    const blob = encryptField(kr, '510104199001011234', aad);
    for (const other of [
      { ...aad, rowId: '43' },
      { ...aad, column: 'phone' },
      { ...aad, table: 'staff' },
      { table: 'peopl', column: 'eid_number', rowId: '42' },
    ]) {
      expect(() => decryptField(kr, blob, other)).toThrow(FieldIntegrityError);
    }
  });

  it('encodes AAD unambiguously', () => {
    expect(encodeAad({ table: 'ab', column: 'c', rowId: '1' }).equals(encodeAad({ table: 'a', column: 'bc', rowId: '1' }))).toBe(false);
    expect(encodeAad({ table: 'a', column: '', rowId: '1' }).equals(encodeAad({ table: '', column: 'a', rowId: '1' }))).toBe(false);
  });

  it('refuses an unknown key id and a ciphertext made under another key with the same id', () => {
    const blob = encryptField(kr, 'x', aad);
    const other = keyring({ dataKeys: `1:${K2}`, activeKeyId: 1 });
    const err = (() => {
      try {
        decryptField(other, blob, aad);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(FieldIntegrityError);
    expect((err as FieldIntegrityError).reason).toBe('tag');
    const onlyTwo = keyring({ dataKeys: `2:${K2}`, activeKeyId: 2 });
    expect(() => decryptField(onlyTwo, blob, aad)).toThrow(/unknown_key/);
  });

  it('keeps decrypting old key ids after rotation; new writes use the active id', () => {
    const before = encryptField(kr, '张三', aad);
    const rotated = keyring({ dataKeys: `1:${K1},2:${K2}`, activeKeyId: 2 });
    const after = encryptField(rotated, '李四', aad);
    expect(fieldKeyId(before)).toBe(1);
    expect(fieldKeyId(after)).toBe(2);
    expect(decryptField(rotated, before, aad)).toBe('张三');
    expect(decryptField(rotated, after, aad)).toBe('李四');
    expect(() => decryptField(kr, after, aad)).toThrow(FieldIntegrityError);
  });

  it('never repeats an IV over 100,000 encryptions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(encryptField(kr, '', aad).subarray(2, 18).toString('hex'));
    expect(seen.size).toBe(100_000);
  }, 60_000);

  it('gives different ciphertexts for the same value', () => {
    expect(encryptField(kr, '13812341234', aad).equals(encryptField(kr, '13812341234', aad))).toBe(false);
  });
});

describe('blindIndex', () => {
  it('is HMAC-SM3(blindIndexKey, purpose ‖ 0x00 ‖ value), deterministic, 32 bytes', () => {
    const a = blindIndex(kr, 'person.phone', '13812341234');
    expect(a).toHaveLength(32);
    expect(a.equals(blindIndex(kr, 'person.phone', '13812341234'))).toBe(true);
    expect(a.equals(hmacSm3(kr.blindIndexKey, 'person.phone\u000013812341234'))).toBe(true);
  });

  it('separates purposes and values', () => {
    const v = '13812341234';
    expect(blindIndex(kr, 'person.phone', v).equals(blindIndex(kr, 'person.id_number', v))).toBe(false);
    expect(blindIndex(kr, 'person.phone', v).equals(blindIndex(kr, 'person.phone', '13812341235'))).toBe(false);
    // Without the separator these two would hash the same bytes.
    expect(blindIndex(kr, 'ab', 'c').equals(blindIndex(kr, 'a', 'bc'))).toBe(false);
  });

  it('depends on the blind-index key only, not on the data keys', () => {
    const bik = b64();
    const x = keyring({ dataKeys: `1:${K1}`, activeKeyId: 1, blindIndexKey: bik });
    const y = keyring({ dataKeys: `2:${K2}`, activeKeyId: 2, blindIndexKey: bik });
    expect(blindIndex(x, 'p', 'v').equals(blindIndex(y, 'p', 'v'))).toBe(true);
    expect(blindIndex(kr, 'p', 'v').equals(blindIndex(x, 'p', 'v'))).toBe(false);
  });

  it('refuses an empty purpose or one containing the separator', () => {
    expect(() => blindIndex(kr, '', 'v')).toThrow(TypeError);
    expect(() => blindIndex(kr, 'a\u0000b', 'v')).toThrow(TypeError);
  });
});
