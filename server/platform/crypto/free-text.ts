import type { Keyring } from './keyring.js';
import { decryptField, encryptField, type FieldAad } from './field-cipher.js';
import { maskIdNumber, maskPhone } from './masking.js';
import { validateIdNumber } from '../validation/id-card.js';

/*
 * Free text (a request's description, a reply, a note, a rating comment) may hold the personal data the structured
 * fields protect: a citizen types a phone or an ID number into it. Such text is stored twice: in full, encrypted like
 * the structured fields (SM4 with the keyring, bound to its row), and in its usual column with every identifier found
 * in it masked. Lists, details, search and duplicate detection read the masked form; the full text comes back only
 * through an audited reveal.
 */

export type IdentifierKind = 'id_number' | 'phone' | 'bank_card';
export type FoundIdentifier = { kind: IdentifierKind; start: number; end: number };

// Full-width digits and X (typed with a Chinese IME) count as their ASCII forms; the mapping keeps every offset.
const toAscii = (s: string): string => s.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

// A candidate is a run of digits (with the separators people type inside numbers) not touching other digits or letters.
const ID_CANDIDATE = /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g;
const CARD_CANDIDATE = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
const PHONE_CANDIDATE = /(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])/g;

/** Luhn check over the digits of `s` (bank card numbers, ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * Resident ID numbers (18 characters, valid birth date and check character), bank card numbers (13–19 digits that pass
 * Luhn, spaces or dashes allowed) and mainland mobile numbers (optionally +86, spaces or dashes allowed) in `text`,
 * in order and without overlap.
 */
export function findIdentifiers(text: string): FoundIdentifier[] {
  const s = toAscii(text);
  const found: FoundIdentifier[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  for (const m of s.matchAll(ID_CANDIDATE)) {
    if (validateIdNumber(m[0]).ok) found.push({ kind: 'id_number', start: m.index, end: m.index + m[0].length });
  }
  for (const m of s.matchAll(PHONE_CANDIDATE)) {
    if (!taken(m.index, m.index + m[0].length)) found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length });
  }
  // A card number is a Luhn-valid run of 13 to 19 digits that is not already a phone (86 + mobile can pass Luhn).
  for (const m of s.matchAll(CARD_CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (taken(m.index, m.index + m[0].length)) continue;
    if (digits.length >= 13 && luhnValid(digits)) found.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length });
  }
  return found.sort((a, b) => a.start - b.start);
}

function maskOne(kind: IdentifierKind, raw: string): string {
  const digits = toAscii(raw).replace(/[^0-9Xx]/g, '');
  if (kind === 'id_number') return maskIdNumber(digits);
  if (kind === 'phone') return maskPhone(digits.slice(-11));
  return `****${digits.slice(-4)}`;
}

/** `text` with every identifier `findIdentifiers` finds masked (ID 5101**********1234, phone 138****1234, card ****1234). */
export function maskFreeText(text: string): string {
  const found = findIdentifiers(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + maskOne(f.kind, text.slice(f.start, f.end));
    at = f.end;
  }
  return out + text.slice(at);
}

/** What a free-text column stores: the masked form in its own column, the full text encrypted beside it. */
export type ProtectedText = { masked: string; enc: Buffer | null };

/** Masks and encrypts one free-text value bound to its row; the empty string stays empty with no ciphertext. */
export function protectText(keyring: Keyring, text: string, aad: FieldAad): ProtectedText {
  if (text === '') return { masked: '', enc: null };
  return { masked: maskFreeText(text), enc: encryptField(keyring, text, aad) };
}

/**
 * The full text of a protected value, or the stored column as it is when there is no ciphertext (an empty value).
 * Throws FieldIntegrityError when the ciphertext fails its check.
 */
export function revealText(keyring: Keyring, masked: string | null, enc: Buffer | Uint8Array | null, aad: FieldAad): string | null {
  if (!enc) return masked;
  return decryptField(keyring, enc, aad);
}
