import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveFieldSubkeys, fieldSubkeys, generateKeyMaterial, parseKeyring, zeroize, zeroizeKeyring, type Keyring } from './keyring.js';

const b64 = () => randomBytes(32).toString('base64');

function mustParse(spec: Parameters<typeof parseKeyring>[0]): Keyring {
  const r = parseKeyring(spec);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.keyring;
}

describe('generateKeyMaterial', () => {
  it('produces fresh material that parses', () => {
    const a = generateKeyMaterial();
    const b = generateKeyMaterial();
    expect(a.activeKeyId).toBe(1);
    expect(a.dataKeys).toMatch(/^1:[A-Za-z0-9+/]{43}=$/);
    expect(a.blindIndexKey).not.toBe(b.blindIndexKey);
    expect(new Set([a.dataKeys.slice(2), a.blindIndexKey, a.auditKey]).size).toBe(3);
    const k = mustParse(a);
    expect(k.dataKeys.get(1)).toHaveLength(32);
    expect(k.blindIndexKey).toHaveLength(32);
    expect(k.auditKey).toHaveLength(32);
  });
});

describe('parseKeyring', () => {
  it('parses several data keys, spaces and a string key id', () => {
    const k = mustParse({ dataKeys: ` 1:${b64()} , 2:${b64()},`, activeKeyId: '2', blindIndexKey: b64(), auditKey: b64() });
    expect([...k.dataKeys.keys()]).toEqual([1, 2]);
    expect(k.activeKeyId).toBe(2);
  });

  it('accepts key id 255 and refuses 0 and 256', () => {
    expect(parseKeyring({ dataKeys: `255:${b64()}`, activeKeyId: 255, blindIndexKey: b64(), auditKey: b64() }).ok).toBe(true);
    for (const id of ['0', '256', '-1', '1.5', 'x']) {
      const r = parseKeyring({ dataKeys: `${id}:${b64()}`, activeKeyId: 1, blindIndexKey: b64(), auditKey: b64() });
      expect(r.ok).toBe(false);
    }
  });

  it('reports every problem at once, without echoing key material', () => {
    const short = Buffer.alloc(16, 9).toString('base64');
    const r = parseKeyring({ dataKeys: `1:${short},1:${b64()},x:abc,nocolon,3:not base64!`, activeKeyId: 7, blindIndexKey: '', auditKey: short });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/dataKeys key 1 must decode to 32 bytes, got 16/);
    expect(text).toMatch(/key id 1 appears more than once/);
    expect(text).toMatch(/key id "x"/);
    expect(text).toMatch(/entry 4 has no "id:" prefix/);
    expect(text).toMatch(/dataKeys key 3 is not valid base64/);
    expect(text).toMatch(/activeKeyId 7 has no entry in dataKeys/);
    expect(text).toMatch(/blindIndexKey is empty/);
    expect(text).toMatch(/auditKey must decode to 32 bytes/);
    expect(text).not.toContain(short);
  });

  it('refuses an empty key list, a bad active id, constant keys and a key used twice', () => {
    const shared = b64();
    const r = parseKeyring({ dataKeys: '', activeKeyId: 'one', blindIndexKey: Buffer.alloc(32).toString('base64'), auditKey: shared });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.join('\n')).toMatch(/dataKeys is empty/);
      expect(r.problems.join('\n')).toMatch(/activeKeyId "one"/);
      expect(r.problems.join('\n')).toMatch(/blindIndexKey is a constant byte string/);
    }
    const reuse = parseKeyring({ dataKeys: `1:${shared}`, activeKeyId: 1, blindIndexKey: b64(), auditKey: shared });
    expect(reuse.ok).toBe(false);
    if (!reuse.ok) expect(reuse.problems).toEqual(['dataKeys key 1 and auditKey are the same key']);
  });
});

describe('field subkeys', () => {
  it('derives distinct encryption and MAC keys per key id, and caches them', () => {
    const k = mustParse({ dataKeys: `1:${b64()},2:${b64()}`, activeKeyId: 1, blindIndexKey: b64(), auditKey: b64() });
    const s1 = fieldSubkeys(k, 1);
    const s2 = fieldSubkeys(k, 2);
    expect(s1?.encKey).toHaveLength(16);
    expect(s1?.macKey).toHaveLength(32);
    expect(s1?.encKey.equals(s1.macKey.subarray(0, 16))).toBe(false);
    expect(s1?.macKey.equals(s2?.macKey ?? Buffer.alloc(0))).toBe(false);
    expect(fieldSubkeys(k, 1)).toBe(s1);
    expect(fieldSubkeys(k, 3)).toBeNull();
  });

  it('binds the key id: the same master under another id gives other subkeys', () => {
    const master = randomBytes(32);
    expect(deriveFieldSubkeys(master, 1).macKey.equals(deriveFieldSubkeys(master, 2).macKey)).toBe(false);
  });
});

describe('zeroize', () => {
  it('fills a buffer with zeros', () => {
    const b = randomBytes(32);
    zeroize(b);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it('wipes a whole keyring including derived subkeys', () => {
    const k = mustParse(generateKeyMaterial());
    const sub = fieldSubkeys(k, 1);
    zeroizeKeyring(k);
    expect(k.dataKeys.get(1)?.every((x) => x === 0)).toBe(true);
    expect(k.blindIndexKey.every((x) => x === 0)).toBe(true);
    expect(k.auditKey.every((x) => x === 0)).toBe(true);
    expect(sub?.encKey.every((x) => x === 0)).toBe(true);
    expect(sub?.macKey.every((x) => x === 0)).toBe(true);
  });
});
