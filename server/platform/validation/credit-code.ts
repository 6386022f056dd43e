/** Unified social credit code of legal persons and other organisations, GB 32100-2015. */

export type CreditCodeResult = { ok: true; value: string } | { ok: false; reason: 'format' | 'checksum' };

/** The 31 characters the standard allows: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// Positions 3–8 are the administrative division code, always digits.
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;

/** NFKC (full-width to ASCII), no spaces or zero-width characters, upper case. */
export function normalizeCreditCode(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').toUpperCase();
}

/** The check character of the first 17 characters: 31 − (Σ value × weight mod 31), with 31 written as 0. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) throw new RangeError(`character ${i + 1} is outside the credit-code charset`);
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

/** Normalises and validates a credit code. */
export function validateCreditCode(raw: string): CreditCodeResult {
  const value = normalizeCreditCode(raw);
  if (!SHAPE.test(value)) return { ok: false, reason: 'format' };
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'checksum' };
  return { ok: true, value };
}

/** Appends the check character to a 17-character body (demo data and tests). */
export function makeCreditCode(prefix17: string): string {
  return prefix17 + creditCodeCheckChar(prefix17);
}
