import { randomBytes } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { argon2id, hash as argon2Hash, needsRehash, verify as argon2Verify } from 'argon2';
import { PASSWORD_BLOCKLIST } from './password-blocklist.js';

/*
 * Staff password policy. MLPS level 3 (GB/T 22239-2019 8.1.4.1) requires composition rules, so this checks
 * length, character classes, a blocklist and the username. OWASP ASVS 5 (V6) instead forbids composition rules and
 * asks for a breached-password check only: the deviation is recorded in docs/CONVENTIONS.md.
 */

export const MIN_PASSWORD_LENGTH = 10;
/** Upper bound in code points; also caps the work an attacker can make argon2 do per request. */
export const MAX_PASSWORD_LENGTH = 64;
export const MIN_CHARACTER_CLASSES = 3;
/**
 * Lowest zxcvbn score accepted (3: about 10^8 guesses). The estimate matches the ~49,000 most common leaked
 * passwords, English words and names, l33t substitutions, keyboard walks, dates, years, sequences and repeats.
 */
export const MIN_GUESS_SCORE = 3;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_few_classes' | 'blocklisted' | 'contains_username' | 'guessable';

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment that sign-in never needs. */
function guessEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
    maxLength: MAX_PASSWORD_LENGTH * 2,
  });
  return estimator;
}

/** argon2id cost parameters. */
export type PasswordHashOptions = { memoryCost: number; timeCost: number; parallelism: number };

/** OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
export const DEFAULT_HASH_OPTIONS: Readonly<PasswordHashOptions> = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

/**
 * argon2id hash (default parameters) of 32 random bytes that were thrown away: no password matches it. Verifying
 * against it makes a sign-in for an unknown user cost as much as one for a known user.
 */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$ZNiweSXSkcTTlPma+PGD8A$uDqNYj4WYf2nLX6X2Oic/qdchGLheiOYL8/mm1AYcKM';

// NFKC so that the same password typed with a full-width IME or a decomposed accent still matches (NIST 800-63B 5.1.1.2).
const normalize = (password: string) => password.normalize('NFKC');

/** Code points in `s`, counting no further than `cap + 1` so a huge input costs little. */
function codePointLength(s: string, cap: number): number {
  // A string of more than 2·cap UTF-16 units has more than cap code points.
  if (s.length > 2 * cap) return cap + 1;
  let n = 0;
  for (let i = 0; i < s.length && n <= cap; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Checks a new staff password against the policy; an empty list means it is acceptable. */
export function checkPasswordPolicy(password: string, ctx: { username?: string | null } = {}): PasswordProblem[] {
  // Length first, on the raw input, so an oversized value is refused before anything else looks at it.
  if (codePointLength(password, MAX_PASSWORD_LENGTH) > MAX_PASSWORD_LENGTH) return ['too_long'];
  const pw = normalize(password);
  const problems: PasswordProblem[] = [];
  const length = codePointLength(pw, MAX_PASSWORD_LENGTH);
  if (length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too_long');

  // Anything that is not a lower- or upper-case letter or a digit (punctuation, space, CJK) counts as a symbol.
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(pw)).length;
  if (classes < MIN_CHARACTER_CLASSES) problems.push('too_few_classes');

  const lower = pw.toLowerCase();
  if (PASSWORD_BLOCKLIST.has(lower)) problems.push('blocklisted');

  const username = normalize(ctx.username ?? '')
    .trim()
    .toLowerCase();
  // Very short usernames would match by accident, so only three code points and up count.
  if (codePointLength(username, 3) >= 3) {
    const reversed = Array.from(username).reverse().join('');
    if (lower.includes(username) || lower.includes(reversed)) problems.push('contains_username');
  }
  // The estimate is asked last, of a password that passes every other rule, so a refusal names one thing to fix.
  if (problems.length === 0 && guessEstimator().check(pw, username ? [username] : []).score < MIN_GUESS_SCORE) problems.push('guessable');
  return problems;
}

/** Hashes with argon2id; options override the OWASP defaults (tests lower memoryCost). */
export async function hashPassword(password: string, options: Partial<PasswordHashOptions> = {}): Promise<string> {
  if (codePointLength(password, MAX_PASSWORD_LENGTH) > MAX_PASSWORD_LENGTH) throw new RangeError('password too long');
  const o = { ...DEFAULT_HASH_OPTIONS, ...options };
  return argon2Hash(normalize(password), { type: argon2id, memoryCost: o.memoryCost, timeCost: o.timeCost, parallelism: o.parallelism });
}

/** Whether `password` matches the stored argon2 hash; a malformed hash or an oversized password is simply false. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  // No stored password can be longer than the policy allows, so an oversized one fails without hashing.
  if (codePointLength(password, MAX_PASSWORD_LENGTH) > MAX_PASSWORD_LENGTH) return false;
  try {
    return await argon2Verify(storedHash, normalize(password));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than `options` and should be replaced at next sign-in. */
export function passwordNeedsRehash(storedHash: string, options: Partial<PasswordHashOptions> = {}): boolean {
  const o = { ...DEFAULT_HASH_OPTIONS, ...options };
  try {
    return needsRehash(storedHash, o);
  } catch {
    return true;
  }
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Spends the time a real verification would, for a user that does not exist; always false. Pass the same options
 * as `hashPassword` when they differ from the defaults so the cost matches.
 */
export async function verifyAgainstDummy(password: string, options: Partial<PasswordHashOptions> = {}): Promise<false> {
  const o = { ...DEFAULT_HASH_OPTIONS, ...options };
  let dummy: Promise<string> | string = DUMMY_HASH;
  if (o.memoryCost !== DEFAULT_HASH_OPTIONS.memoryCost || o.timeCost !== DEFAULT_HASH_OPTIONS.timeCost || o.parallelism !== DEFAULT_HASH_OPTIONS.parallelism) {
    const key = `${o.memoryCost}/${o.timeCost}/${o.parallelism}`;
    let made = dummyHashes.get(key);
    if (!made) {
      made = hashPassword(randomBytes(24).toString('base64'), o);
      dummyHashes.set(key, made);
    }
    dummy = made;
  }
  await verifyPassword(await dummy, password);
  return false;
}
