/** GB 32100 unified social credit code, checked in the form before the server checks it again. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Full-width to ASCII, no spaces, upper case: what the server stores. */
export const normalizeCreditCode = (raw: string): string =>
  raw
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]/gu, '')
    .toUpperCase();

/** 'format' or 'checksum' when the code is not valid; null when it is. */
export function creditCodeProblem(raw: string): 'format' | 'checksum' | null {
  const v = normalizeCreditCode(raw);
  if (!SHAPE.test(v)) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(v[i] ?? '') * (WEIGHTS[i] ?? 0);
  return CHARSET[(31 - (sum % 31)) % 31] === v[17] ? null : 'checksum';
}

/** The registration-type digit a social organization's code carries (5 = civil affairs; 1, 2, 3 = the kind). */
export const REG_TYPE_PREFIX: Record<string, string> = { association: '51', social_service: '52', foundation: '53' };
