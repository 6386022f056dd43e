import { describe, expect, it } from 'vitest';
import { PASSWORD_BLOCKLIST } from './password-blocklist.js';
import { checkPasswordPolicy, DEFAULT_HASH_OPTIONS, DUMMY_HASH, hashPassword, passwordNeedsRehash, verifyAgainstDummy, verifyPassword } from './password.js';

// Cheap parameters keep the suite fast; the defaults are checked separately.
const FAST = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('checkPasswordPolicy', () => {
  it('refuses the empty string and a run of one letter', () => {
    expect(checkPasswordPolicy('')).toEqual(['too_short', 'too_few_classes']);
    expect(checkPasswordPolicy('aaaaaaaa')).toEqual(['too_short', 'too_few_classes']);
  });

  it('refuses common passwords whatever their case', () => {
    expect(checkPasswordPolicy('Password1')).toContain('blocklisted');
    for (const p of ['P@ssw0rd', 'Qwer1234!', 'Aa123456', '123456', 'a1234567', 'PASSWORD1', 'aA123456', 'Admin@123456', '1qaz@WSX3edc']) {
      expect(checkPasswordPolicy(p), p).toContain('blocklisted');
    }
    expect(checkPasswordPolicy('Ｐａｓｓｗｏｒｄ１２３')).toContain('blocklisted');
  });

  it('keeps a blocklist of about two hundred lower-case entries', () => {
    expect(PASSWORD_BLOCKLIST.size).toBeGreaterThanOrEqual(200);
    for (const p of PASSWORD_BLOCKLIST) expect(p).toBe(p.toLowerCase());
  });

  it('needs three of lower, upper, digit and symbol', () => {
    expect(checkPasswordPolicy('abcdefghij12')).toEqual(['too_few_classes']);
    expect(checkPasswordPolicy('ABCDEFGHIJ!!')).toEqual(['too_few_classes']);
    expect(checkPasswordPolicy('abcdefGHIJKL')).toEqual(['too_few_classes']);
    expect(checkPasswordPolicy('kvtrwmGHNZ47')).toEqual([]);
    expect(checkPasswordPolicy('kvtrwm-hnzq47')).toEqual([]);
    expect(checkPasswordPolicy('天府广场tianfu2026')).toEqual([]);
  });

  it('counts length in code points, 10 to 64', () => {
    expect(checkPasswordPolicy('Kvtrwm47!')).toEqual(['too_short']);
    expect(checkPasswordPolicy('Kvtrwm47!z')).toEqual([]);
    expect(checkPasswordPolicy('𠮷𠮷𠮷𠮷𠮷Ab1')).toEqual(['too_short']);
    const max = 'Ab1!' + 'kvtrwmhnzq'.repeat(6);
    expect(checkPasswordPolicy(max)).toEqual([]);
    expect(checkPasswordPolicy(max + 'x')).toEqual(['too_long']);
    expect(checkPasswordPolicy('Ab1!' + '𠮷'.repeat(60))).toEqual([]);
    expect(checkPasswordPolicy('Ab1!' + '𠮷'.repeat(61))).toEqual(['too_long']);
    expect(checkPasswordPolicy('x'.repeat(1_000_000))).toEqual(['too_long']);
  });

  it('refuses a password containing the username, forwards or backwards, in any case', () => {
    expect(checkPasswordPolicy('League.City#2026', { username: 'league.city' })).toContain('contains_username');
    expect(checkPasswordPolicy('Xyz#ytic.eugael9', { username: 'league.city' })).toContain('contains_username');
    expect(checkPasswordPolicy('Tianfu#Square2026', { username: 'league.city' })).toEqual([]);
    expect(checkPasswordPolicy('Tianfu#Square2026', { username: 'ti' })).toEqual([]);
  });

  it('refuses passwords that pass the composition rules but are easily guessed', () => {
    // Leaked-list words with a year or a symbol, l33t, keyboard walks, sequences, dates and repeats.
    for (const p of [
      'Welcome@2026',
      'P@ssw0rd2026',
      'password123!',
      '12345678Aa',
      'Aa1        ',
      'Qwer!23456',
      'Admin@12345',
      '19900101Ab!',
      'Asdfghjkl;1',
      'Iloveyou2026!',
      'Dragon@12345',
    ]) {
      expect(checkPasswordPolicy(p), p).toContain('guessable');
    }
  });

  it('accepts strong passwords, including the demo one', () => {
    expect(checkPasswordPolicy('Tianfu#Square2026', { username: 'admin' })).toEqual([]);
    expect(checkPasswordPolicy('QunHub@2026', { username: 'league.city' })).toEqual([]);
    expect(checkPasswordPolicy('correct horse battery Staple 9')).toEqual([]);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('uses argon2id with the OWASP minimum by default', async () => {
    expect(DEFAULT_HASH_OPTIONS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const h = await hashPassword('Tianfu#Square2026');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(passwordNeedsRehash(h)).toBe(false);
    expect(passwordNeedsRehash(h, { memoryCost: 65536 })).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('Tianfu#Square2026', FAST);
    expect(h).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await verifyPassword(h, 'Tianfu#Square2026')).toBe(true);
    expect(await verifyPassword(h, 'tianfu#Square2026')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
    expect(await hashPassword('Tianfu#Square2026', FAST)).not.toBe(h);
  });

  it('treats full-width and ASCII forms as the same password (NFKC)', async () => {
    const h = await hashPassword('Ｔｉａｎｆｕ＃2026', FAST);
    expect(await verifyPassword(h, 'Tianfu#2026')).toBe(true);
  });

  it('answers false for a malformed hash or an oversized password, without throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
    const h = await hashPassword('Tianfu#Square2026', FAST);
    expect(await verifyPassword(h, 'x'.repeat(65))).toBe(false);
    await expect(hashPassword('x'.repeat(65), FAST)).rejects.toThrow(RangeError);
  });
});

describe('verifyAgainstDummy', () => {
  it('has a dummy hash with the default parameters that nothing matches', async () => {
    expect(DUMMY_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(passwordNeedsRehash(DUMMY_HASH)).toBe(false);
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });

  it('uses a dummy of matching cost when the parameters differ', async () => {
    expect(await verifyAgainstDummy('anything', FAST)).toBe(false);
    expect(await verifyAgainstDummy('', FAST)).toBe(false);
  });
});
