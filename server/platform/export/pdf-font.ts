import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

/**
 * WOFF 1.0 to a plain SFNT font: the tables are zlib-inflated once, so each PDF only subsets (tens of
 * milliseconds) instead of re-inflating the whole CJK font (tens of seconds).
 */
export function woffToSfnt(w: Buffer): Buffer {
  if (w.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const flavor = w.readUInt32BE(4);
  const numTables = w.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const offset = w.readUInt32BE(o + 4);
    const compLength = w.readUInt32BE(o + 8);
    const origLength = w.readUInt32BE(o + 12);
    const raw = w.subarray(offset, offset + compLength);
    tables.push({ tag: w.readUInt32BE(o), checksum: w.readUInt32BE(o + 16), data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw) });
  }
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const o = 12 + i * 16;
    head.writeUInt32BE(t.tag, o);
    head.writeUInt32BE(t.checksum, o + 4);
    head.writeUInt32BE(offset, o + 8);
    head.writeUInt32BE(t.data.length, o + 12);
    const pad = (4 - (t.data.length % 4)) % 4;
    parts.push(t.data, Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  return Buffer.concat(parts);
}

let fontCache: Buffer | null = null;
/** Noto Sans SC (simplified Chinese subset) shipped by npm, embedded and subset into each PDF: no system font is used. */
export function cjkFont(): Buffer {
  fontCache ??= woffToSfnt(readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff')));
  return fontCache;
}
