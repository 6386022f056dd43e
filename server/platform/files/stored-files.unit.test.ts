import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeFileName, storeByHash } from './stored-files.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'qunhub-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files stored by their hash', () => {
  it('writes the bytes once under their SHA-256, readable by owner only, with no temporary file left', async () => {
    const data = Buffer.from('%PDF-1.7 a certificate of registration');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const a = await storeByHash(dir, data);
    expect(a.sha256).toBe(sha256);
    expect(a.path).toBe(path.join(dir, sha256.slice(0, 2), sha256));
    expect(readFileSync(a.path).equals(data)).toBe(true);
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
    const before = statSync(a.path).mtimeMs;
    const again = await storeByHash(dir, Buffer.from(data));
    expect(again).toEqual(a);
    expect(statSync(a.path).mtimeMs).toBe(before);
    expect(readdirSync(path.join(dir, sha256.slice(0, 2)))).toEqual([sha256]);
  });

  it('makes a file name safe for a header and a listing', () => {
    expect(safeFileName('C:\\Users\\张三\\登记证书.pdf', 'document.pdf')).toBe('登记证书.pdf');
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('a"b\u0007c.png', 'x')).toBe('a_b_c.png');
    expect(safeFileName('/', 'photo.jpg')).toBe('photo.jpg');
  });
});
