import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyMaterial, parseKeyring, type Keyring } from '../../platform/crypto/keyring.js';
import { parseCsv, CsvSplitter } from './import-file.js';
import { openSealedFile, sealFile, SEGMENT_BYTES } from './sealed-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'qunhub-sealed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const parsed = parseKeyring(generateKeyMaterial());
if (!parsed.ok) throw new Error(parsed.problems.join('; '));
const keyring: Keyring = parsed.keyring;
const aad = (id: number) => ({ table: 'member_imports', column: 'file', rowId: String(id) });

async function* pieces(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
async function read(file: string, id = 1): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of openSealedFile(keyring, aad(id), file)) out.push(c);
  return Buffer.concat(out);
}

describe('sealed files', () => {
  it('round-trips any length, segment boundaries included, and keeps no plaintext on disk', async () => {
    for (const n of [0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 2 * SEGMENT_BYTES, 2 * SEGMENT_BYTES + 17]) {
      const data = Buffer.concat([Buffer.from('姓名,身份证号\n'), randomBytes(Math.max(0, n - 20))]).subarray(0, n);
      const { path: file, bytes } = await sealFile(keyring, aad(1), pieces(data, 65_537), dir, () => `f-${n}`);
      expect(bytes).toBe(n);
      expect((await read(file)).equals(data)).toBe(true);
      if (n > 0) expect(readFileSync(file).includes(Buffer.from('身份证号'))).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a changed, truncated, reordered or moved file, handing out nothing past the bad segment', async () => {
    const data = randomBytes(3 * SEGMENT_BYTES + 5);
    const { path: file } = await sealFile(keyring, aad(7), pieces(data, SEGMENT_BYTES), dir, () => 'victim');
    const sealed = readFileSync(file);
    await expect(read(file, 8)).rejects.toThrow(/tag/);
    const flip = Buffer.from(sealed);
    flip[flip.length - 10]! ^= 1;
    writeFileSync(path.join(dir, 'flip'), flip);
    const got: Buffer[] = [];
    await expect(
      (async () => {
        for await (const c of openSealedFile(keyring, aad(7), path.join(dir, 'flip'))) got.push(c);
      })(),
    ).rejects.toThrow(/tag/);
    expect(Buffer.concat(got).equals(data.subarray(0, 3 * SEGMENT_BYTES))).toBe(true);
    const whole = SEGMENT_BYTES + 32;
    writeFileSync(path.join(dir, 'cut'), sealed.subarray(0, 21 + 2 * whole));
    await expect(read(path.join(dir, 'cut'), 7)).rejects.toThrow(/tag/);
    const swapped = Buffer.concat([
      sealed.subarray(0, 21),
      sealed.subarray(21 + whole, 21 + 2 * whole),
      sealed.subarray(21, 21 + whole),
      sealed.subarray(21 + 2 * whole),
    ]);
    writeFileSync(path.join(dir, 'swap'), swapped);
    await expect(read(path.join(dir, 'swap'), 7)).rejects.toThrow(/tag/);
  });

  it('leaves nothing when the source fails or the inspection refuses it', async () => {
    const before = readdirSync(dir).length;
    let seen = 0;
    const refuse = (c: Buffer) => {
      seen += c.length;
      if (seen > 100_000) throw new Error('refused');
    };
    await expect(sealFile(keyring, aad(2), pieces(randomBytes(300_000), 1000), dir, () => 'never', refuse)).rejects.toThrow('refused');
    const failing = async function* () {
      yield Buffer.from('a,b\n');
      throw new Error('cut');
    };
    await expect(sealFile(keyring, aad(2), failing(), dir, () => 'never')).rejects.toThrow('cut');
    expect(readdirSync(dir).length).toBe(before);
  });
});

describe('CSV split as it arrives', () => {
  it('gives the same records whatever the cut, quotes, CRLF and empty fields included', () => {
    const text = '\uFEFFa,b,c\r\n"x, ""y""",,z\r\n"multi\nline",2,3\n\nlast,"",q';
    const whole = parseCsv(text);
    expect(whole[1]).toEqual(['x, "y"', '', 'z']);
    for (let size = 1; size <= text.length; size++) {
      const s = new CsvSplitter();
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
      out.push(...s.end());
      expect(out, `cut every ${size}`).toEqual(whole);
    }
  });
});
