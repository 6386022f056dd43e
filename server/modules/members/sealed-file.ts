import { createCipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { encodeAad, type FieldAad } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { hkdfSm3 } from '../../platform/crypto/sm.js';

/**
 * An uploaded member list kept on disk, encrypted as it streams in (ADR 0027): SM4-CTR under a subkey of the active
 * data key, cut into 1 MiB segments each authenticated with HMAC-SM3 over the header, the associated data (table,
 * column, row id), the segment's index and whether it is the last. A reader is handed a segment's plaintext only
 * after its tag checks, so a changed, reordered, truncated or moved file yields nothing past the first bad segment.
 *
 * Layout: 'QHS1' ‖ keyId(1) ‖ iv(16), then per segment: ciphertext (1 MiB, the last 0..1 MiB) ‖ tag(32).
 */
const MAGIC = Buffer.from('QHS1', 'latin1');
const HEADER_BYTES = MAGIC.length + 1 + 16;
const TAG_BYTES = 32;
export const SEGMENT_BYTES = 1024 * 1024;

/** A sealed file failed its check (changed, truncated, moved, or under a key the keyring no longer has). */
export class SealedFileError extends Error {
  constructor(readonly reason: 'header' | 'unknown_key' | 'tag' | 'truncated') {
    super(`sealed file failed its integrity check (${reason})`);
    this.name = 'SealedFileError';
  }
}

function keysOf(keyring: Keyring, keyId: number): { enc: Buffer; mac: Buffer } | null {
  const master = keyring.dataKeys.get(keyId);
  if (!master) return null;
  const salt = Buffer.alloc(0);
  return {
    enc: hkdfSm3(master, salt, `qunhub/sealed-file/v1/sm4-ctr/key-${keyId}`, 16),
    mac: hkdfSm3(master, salt, `qunhub/sealed-file/v1/hmac-sm3/key-${keyId}`, 32),
  };
}

function segmentTag(mac: Buffer, header: Buffer, aad: Buffer, index: number, last: boolean, ciphertext: Buffer): Buffer {
  const pos = Buffer.alloc(9);
  pos.writeBigUInt64BE(BigInt(index));
  pos[8] = last ? 1 : 0;
  const aadLen = Buffer.alloc(4);
  aadLen.writeUInt32BE(aad.length);
  return createHmac('sm3', mac).update(header).update(aadLen).update(aad).update(pos).update(ciphertext).digest();
}

/**
 * Writes the plaintext chunks of `source` sealed into a file in `dir`: to a temporary file, synced, then renamed to
 * `name()` (asked once the source has ended, so it may depend on the content), so a reader never finds half a file.
 * `inspect` sees each plaintext chunk first and may throw to refuse the upload (size); nothing is left on disk then.
 */
export async function sealFile(
  keyring: Keyring,
  aad: FieldAad,
  source: AsyncIterable<Buffer>,
  dir: string,
  name: () => string,
  inspect: (chunk: Buffer) => void = () => undefined,
): Promise<{ bytes: number; path: string }> {
  const keyId = keyring.activeKeyId;
  const keys = keysOf(keyring, keyId);
  if (!keys) throw new Error(`active data key ${keyId} is missing from the keyring`);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `upload-${randomBytes(8).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  const iv = randomBytes(16);
  const header = Buffer.concat([MAGIC, Buffer.from([keyId]), iv]);
  const aadBytes = encodeAad(aad);
  const cipher = createCipheriv('sm4-ctr', keys.enc, iv);
  let index = 0;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = async (plain: Buffer, last: boolean) => {
    const ct = cipher.update(plain);
    await fh.write(Buffer.concat([ct, segmentTag(keys.mac, header, aadBytes, index++, last, ct)]));
  };
  try {
    await fh.write(header);
    for await (const chunk of source) {
      inspect(chunk);
      bytes += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      // A full segment is written only once more bytes follow it: the last segment must know it is the last.
      while (pendingBytes > SEGMENT_BYTES) {
        const all = Buffer.concat(pending);
        await emit(all.subarray(0, SEGMENT_BYTES), false);
        pending = [all.subarray(SEGMENT_BYTES)];
        pendingBytes = all.length - SEGMENT_BYTES;
      }
    }
    await emit(Buffer.concat(pending), true);
    cipher.final();
    await fh.sync();
    await fh.close();
    const target = path.join(dir, name());
    await rename(tmp, target);
    return { bytes, path: target };
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  } finally {
    keys.enc.fill(0);
    keys.mac.fill(0);
  }
}

/** The plaintext of a sealed file, one verified segment at a time; throws SealedFileError at the first bad one. */
export async function* openSealedFile(keyring: Keyring, aad: FieldAad, file: string): AsyncGenerator<Buffer> {
  const fh = await open(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await fh.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('header');
    const keys = keysOf(keyring, header[MAGIC.length]!);
    if (!keys) throw new SealedFileError('unknown_key');
    const aadBytes = encodeAad(aad);
    const decipher = createCipheriv('sm4-ctr', keys.enc, header.subarray(MAGIC.length + 1));
    const whole = SEGMENT_BYTES + TAG_BYTES;
    // Two segments are read ahead so that the one handed out is known to be, or not to be, the last.
    const buf = Buffer.alloc(whole * 2);
    let have = 0;
    let pos = HEADER_BYTES;
    let eof = false;
    let index = 0;
    try {
      for (;;) {
        while (!eof && have < buf.length) {
          const r = await fh.read(buf, have, buf.length - have, pos);
          if (r.bytesRead === 0) eof = true;
          have += r.bytesRead;
          pos += r.bytesRead;
        }
        const last = eof && have <= whole;
        const size = last ? have : whole;
        if (size < TAG_BYTES) throw new SealedFileError('truncated');
        const ct = buf.subarray(0, size - TAG_BYTES);
        const tag = buf.subarray(size - TAG_BYTES, size);
        if (!timingSafeEqual(segmentTag(keys.mac, header, aadBytes, index++, last, ct), tag)) throw new SealedFileError('tag');
        const plain = decipher.update(ct);
        buf.copy(buf, 0, size, have);
        have -= size;
        if (plain.length > 0) yield plain;
        if (last) return;
      }
    } finally {
      keys.enc.fill(0);
      keys.mac.fill(0);
    }
  } finally {
    await fh.close();
  }
}
