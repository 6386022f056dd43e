import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fieldSubkeys, type Keyring } from './keyring.js';
import { hmacSm3, sm4Ctr } from './sm.js';

/** Where a ciphertext belongs: binding it stops a valid ciphertext from being copied to another row or column. */
export type FieldAad = { table: string; column: string; rowId: string };

/** Stored ciphertext failed verification (tampered, moved, truncated or under an unknown key); never returns plaintext. */
export class FieldIntegrityError extends Error {
  constructor(readonly reason: 'truncated' | 'version' | 'unknown_key' | 'tag') {
    super(`field ciphertext failed its integrity check (${reason})`);
    this.name = 'FieldIntegrityError';
  }
}

export const FIELD_CIPHER_VERSION = 1;
const HEADER_BYTES = 2;
const IV_BYTES = 16;
const TAG_BYTES = 32;
/** Smallest valid blob: header, IV and tag around an empty ciphertext. */
export const FIELD_MIN_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

const LONE_SURROGATE = /\p{Cs}/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Length-prefixed (4-byte BE) UTF-8 of table, column and row id, so no two distinct triples encode alike. */
export function encodeAad(aad: FieldAad): Buffer {
  const parts = [aad.table, aad.column, aad.rowId].map((s) => Buffer.from(s, 'utf8'));
  const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
  let off = 0;
  for (const p of parts) {
    off = out.writeUInt32BE(p.length, off);
    off += p.copy(out, off);
  }
  return out;
}

function tagOf(macKey: Buffer, header: Buffer, iv: Buffer, aadBytes: Buffer, ciphertext: Buffer): Buffer {
  const aadLen = Buffer.alloc(8);
  aadLen.writeBigUInt64BE(BigInt(aadBytes.length));
  return hmacSm3(macKey, header, iv, aadBytes, ciphertext, aadLen);
}

/**
 * Encrypts one field value with SM4-CTR under the active data key and authenticates it with HMAC-SM3
 * (encrypt-then-MAC). Layout: version(1) ‖ keyId(1) ‖ iv(16) ‖ ciphertext ‖ tag(32).
 */
export function encryptField(keyring: Keyring, plaintext: string, aad: FieldAad): Buffer {
  // Buffer.from would silently turn a lone surrogate into U+FFFD, so the round trip would not be exact.
  if (LONE_SURROGATE.test(plaintext)) throw new TypeError('plaintext is not well-formed UTF-16');
  const keyId = keyring.activeKeyId;
  const sub = fieldSubkeys(keyring, keyId);
  if (!sub) throw new Error(`active data key ${keyId} is missing from the keyring`);
  const header = Buffer.from([FIELD_CIPHER_VERSION, keyId]);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = sm4Ctr(sub.encKey, iv, Buffer.from(plaintext, 'utf8'));
  const tag = tagOf(sub.macKey, header, iv, encodeAad(aad), ciphertext);
  return Buffer.concat([header, iv, ciphertext, tag]);
}

/** Verifies the tag in constant time, then decrypts; throws FieldIntegrityError on any mismatch. */
export function decryptField(keyring: Keyring, blob: Buffer | Uint8Array, aad: FieldAad): string {
  const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < FIELD_MIN_BYTES) throw new FieldIntegrityError('truncated');
  if (buf[0] !== FIELD_CIPHER_VERSION) throw new FieldIntegrityError('version');
  const keyId = buf[1] ?? 0;
  const sub = fieldSubkeys(keyring, keyId);
  if (!sub) throw new FieldIntegrityError('unknown_key');
  const header = buf.subarray(0, HEADER_BYTES);
  const iv = buf.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const ciphertext = buf.subarray(HEADER_BYTES + IV_BYTES, buf.length - TAG_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const expected = tagOf(sub.macKey, header, iv, encodeAad(aad), ciphertext);
  if (!timingSafeEqual(expected, tag)) throw new FieldIntegrityError('tag');
  const plain = sm4Ctr(sub.encKey, iv, ciphertext);
  try {
    return utf8.decode(plain);
  } catch {
    // Unreachable unless the writer was not encryptField: the tag was valid but the bytes are not UTF-8.
    throw new FieldIntegrityError('tag');
  } finally {
    plain.fill(0);
  }
}

/** The key id a blob was written with (for rotation progress), or null when the blob is malformed. */
export function fieldKeyId(blob: Buffer | Uint8Array): number | null {
  if (blob.length < FIELD_MIN_BYTES || blob[0] !== FIELD_CIPHER_VERSION) return null;
  return blob[1] ?? null;
}

/**
 * Exact-match search token: HMAC-SM3(blindIndexKey, purpose ‖ 0x00 ‖ value), 32 bytes. `purpose` keeps indexes of
 * different fields unlinkable; the caller must pass the value already normalised.
 */
export function blindIndex(keyring: Keyring, purpose: string, normalizedValue: string): Buffer {
  if (purpose === '' || purpose.includes('\u0000')) throw new TypeError('blind index purpose must be non-empty and contain no NUL');
  return hmacSm3(keyring.blindIndexKey, Buffer.from(purpose, 'utf8'), Buffer.from([0]), Buffer.from(normalizedValue, 'utf8'));
}
