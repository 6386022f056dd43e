/** Mainland China mobile numbers (11 digits, 1[3-9]…). */

export type PhoneResult = { ok: true; value: string } | { ok: false; reason: 'format' };

const MOBILE = /^1[3-9]\d{9}$/;
// Spaces, dashes of every width (NFKC leaves the Unicode dashes alone), zero-width characters, BOM.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u200B-\u200D\u2060\uFEFF]/gu;

/** NFKC, separators removed, country code (+86, 0086, or 86 before 11 digits) dropped. */
export function normalizePhone(raw: string): string {
  const s = raw.normalize('NFKC').replace(SEPARATORS, '');
  if (s.startsWith('+86')) return s.slice(3);
  if (s.startsWith('0086')) return s.slice(4);
  if (s.length === 13 && s.startsWith('86')) return s.slice(2);
  return s;
}

/** Normalises and validates a mainland mobile number. */
export function validatePhone(raw: string): PhoneResult {
  const value = normalizePhone(raw);
  return MOBILE.test(value) ? { ok: true, value } : { ok: false, reason: 'format' };
}
