import { randomBytes } from 'node:crypto';
import { hkdfSm3 } from './sm.js';

/** The platform's secret keys, parsed from configuration. */
export type Keyring = {
  /** The data key new field ciphertexts are written with. */
  activeKeyId: number;
  /** 32-byte master per key id (1..255); retired ids stay so old ciphertexts still decrypt. */
  dataKeys: Map<number, Buffer>;
  /** HMAC-SM3 key of the blind indexes; never rotated without re-indexing every row. */
  blindIndexKey: Buffer;
  /** HMAC-SM3 key of the audit chain. */
  auditKey: Buffer;
};

/** Key material in its configuration form: `dataKeys` is `id:base64` pairs separated by commas. */
export type KeyMaterial = {
  dataKeys: string;
  activeKeyId: number;
  blindIndexKey: string;
  auditKey: string;
};

/** What `parseKeyring` accepts: environment variables arrive as strings, the key file as numbers. */
export type KeyMaterialInput = {
  dataKeys: string;
  activeKeyId: number | string;
  blindIndexKey: string;
  auditKey: string;
};

export type ParseKeyringResult = { ok: true; keyring: Keyring } | { ok: false; problems: string[] };

export const KEY_BYTES = 32;
export const MIN_KEY_ID = 1;
export const MAX_KEY_ID = 255;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes strict base64 of exactly KEY_BYTES bytes, or says what is wrong (never echoing the value). */
function decodeKey(name: string, value: string, problems: string[]): Buffer | null {
  const s = value.trim();
  if (s === '') {
    problems.push(`${name} is empty`);
    return null;
  }
  if (!BASE64.test(s)) {
    problems.push(`${name} is not valid base64`);
    return null;
  }
  const buf = Buffer.from(s, 'base64');
  if (buf.length !== KEY_BYTES) {
    problems.push(`${name} must decode to ${KEY_BYTES} bytes, got ${buf.length}`);
    zeroize(buf);
    return null;
  }
  if (buf.every((b) => b === buf[0])) {
    problems.push(`${name} is a constant byte string, not a random key`);
    zeroize(buf);
    return null;
  }
  return buf;
}

function parseKeyId(raw: string): number | null {
  if (!/^\d{1,3}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= MIN_KEY_ID && n <= MAX_KEY_ID ? n : null;
}

/** Parses and checks key material; reports every problem at once so an operator fixes the configuration in one go. */
export function parseKeyring(input: KeyMaterialInput): ParseKeyringResult {
  const problems: string[] = [];
  const dataKeys = new Map<number, Buffer>();
  const seenIds = new Set<number>();

  const entries = (input.dataKeys ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) problems.push('dataKeys is empty: expected "1:<base64>[,2:<base64>…]"');
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`dataKeys entry ${i + 1} has no "id:" prefix`);
      return;
    }
    const idRaw = entry.slice(0, colon).trim();
    const id = parseKeyId(idRaw);
    if (id === null) {
      problems.push(`dataKeys entry ${i + 1}: key id "${idRaw}" is not an integer from ${MIN_KEY_ID} to ${MAX_KEY_ID}`);
      return;
    }
    if (seenIds.has(id)) {
      problems.push(`dataKeys: key id ${id} appears more than once`);
      return;
    }
    seenIds.add(id);
    const key = decodeKey(`dataKeys key ${id}`, entry.slice(colon + 1), problems);
    if (key) dataKeys.set(id, key);
  });

  const activeRaw = typeof input.activeKeyId === 'number' ? String(input.activeKeyId) : (input.activeKeyId ?? '').trim();
  const activeKeyId = parseKeyId(activeRaw);
  if (activeKeyId === null) {
    problems.push(`activeKeyId "${activeRaw}" is not an integer from ${MIN_KEY_ID} to ${MAX_KEY_ID}`);
  } else if (entries.length > 0 && !seenIds.has(activeKeyId)) {
    problems.push(`activeKeyId ${activeKeyId} has no entry in dataKeys`);
  }

  const blindIndexKey = decodeKey('blindIndexKey', input.blindIndexKey ?? '', problems);
  const auditKey = decodeKey('auditKey', input.auditKey ?? '', problems);

  // One key serving two purposes would tie their compromise and rotation together.
  const named: [string, Buffer][] = [...dataKeys].map(([id, k]) => [`dataKeys key ${id}`, k]);
  if (blindIndexKey) named.push(['blindIndexKey', blindIndexKey]);
  if (auditKey) named.push(['auditKey', auditKey]);
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const a = named[i];
      const b = named[j];
      if (a && b && a[1].equals(b[1])) problems.push(`${a[0]} and ${b[0]} are the same key`);
    }
  }

  if (problems.length > 0 || activeKeyId === null || !blindIndexKey || !auditKey) {
    for (const k of dataKeys.values()) zeroize(k);
    if (blindIndexKey) zeroize(blindIndexKey);
    if (auditKey) zeroize(auditKey);
    return { ok: false, problems };
  }
  return { ok: true, keyring: { activeKeyId, dataKeys, blindIndexKey, auditKey } };
}

/** Fresh random key material in configuration form, with one data key (id 1). */
export function generateKeyMaterial(): KeyMaterial {
  const b64 = () => {
    const k = randomBytes(KEY_BYTES);
    const s = k.toString('base64');
    zeroize(k);
    return s;
  };
  return { dataKeys: `1:${b64()}`, activeKeyId: 1, blindIndexKey: b64(), auditKey: b64() };
}

/** Overwrites a buffer holding secret material with zeros. */
export function zeroize(buf: Buffer | Uint8Array): void {
  buf.fill(0);
}

/** The subkeys the field cipher uses under one data key. */
export type FieldSubkeys = {
  /** SM4 key, 16 bytes. */
  encKey: Buffer;
  /** HMAC-SM3 key, 32 bytes. */
  macKey: Buffer;
};

const ENC_INFO = 'qunhub/field-cipher/v1/sm4-ctr';
const MAC_INFO = 'qunhub/field-cipher/v1/hmac-sm3';

// Derivation costs two HKDF runs, so bulk imports and seeding reuse them per keyring and key id.
const subkeyCache = new WeakMap<Keyring, Map<number, FieldSubkeys>>();

/** Derives (HKDF-SM3, distinct info labels, key id bound in) the encryption and MAC subkeys of one data key. */
export function deriveFieldSubkeys(master: Buffer, keyId: number): FieldSubkeys {
  const salt = Buffer.alloc(0);
  return {
    encKey: hkdfSm3(master, salt, `${ENC_INFO}/key-${keyId}`, 16),
    macKey: hkdfSm3(master, salt, `${MAC_INFO}/key-${keyId}`, 32),
  };
}

/** The field subkeys for `keyId`, or null when the keyring has no such data key. */
export function fieldSubkeys(keyring: Keyring, keyId: number): FieldSubkeys | null {
  let perId = subkeyCache.get(keyring);
  if (!perId) {
    perId = new Map();
    subkeyCache.set(keyring, perId);
  }
  const cached = perId.get(keyId);
  if (cached) return cached;
  const master = keyring.dataKeys.get(keyId);
  if (!master) return null;
  const derived = deriveFieldSubkeys(master, keyId);
  perId.set(keyId, derived);
  return derived;
}

/** Zeroes every key of a keyring and its derived subkeys (shutdown, tests). */
export function zeroizeKeyring(keyring: Keyring): void {
  for (const sub of subkeyCache.get(keyring)?.values() ?? []) {
    zeroize(sub.encKey);
    zeroize(sub.macKey);
  }
  subkeyCache.delete(keyring);
  for (const k of keyring.dataKeys.values()) zeroize(k);
  zeroize(keyring.blindIndexKey);
  zeroize(keyring.auditKey);
}
