import { chinaToday } from '../time.js';
/** Resident identity card number, GB 11643-1999 (18 characters, ISO 7064 MOD 11-2 check character). */

export type IdNumberResult =
  { ok: true; value: string; birthDate: string; gender: 'male' | 'female'; regionCode: string } | { ok: false; reason: 'format' | 'checksum' | 'birthdate' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const MIN_BIRTH = '1900-01-01';

/** Characters people paste in by accident and that NFKC keeps: zero-width space/joiners, word joiner, BOM. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;

/** NFKC (full-width digits and letters become ASCII), no spaces or zero-width characters, upper-case X. */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(/x/g, 'X');
}

/** The MOD 11-2 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Whether YYYYMMDD is a calendar date. */
function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Normalises and validates an ID number. Legacy 15-digit numbers are refused as 'format' (they carry no check
 * character and expired with the first-generation cards). `today` (YYYY-MM-DD) is for tests.
 */
export function validateIdNumber(raw: string, opts: { today?: string } = {}): IdNumberResult {
  const value = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'format' };
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'checksum' };
  const birth = value.slice(6, 14);
  if (!isRealDate(birth)) return { ok: false, reason: 'birthdate' };
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (birthDate < MIN_BIRTH || birthDate > (opts.today ?? chinaToday())) return { ok: false, reason: 'birthdate' };
  return {
    ok: true,
    value,
    birthDate,
    // The 17th digit is the order code: odd for men, even for women.
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: value.slice(0, 6),
  };
}

/** Builds an ID number with a correct check character (demo data and tests); the date is not validated. */
export function makeIdNumber(prefix6: string, birth: string, seq3: string): string {
  if (!/^\d{6}$/.test(prefix6)) throw new RangeError('prefix must be 6 digits');
  if (!/^\d{8}$/.test(birth)) throw new RangeError('birth must be YYYYMMDD');
  if (!/^\d{3}$/.test(seq3)) throw new RangeError('sequence must be 3 digits');
  const first17 = prefix6 + birth + seq3;
  return first17 + idCheckChar(first17);
}
