import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where a file stored by its hash lives: `<dir>/<first two hex digits>/<sha256>`. */
export function hashedPath(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

/**
 * Stores bytes once under their SHA-256 in `dir`: written to a temporary file, synced, then renamed into place, so a
 * reader never sees half a file and a crash leaves none. The same bytes stored again write nothing.
 */
export async function storeByHash(dir: string, data: Buffer): Promise<{ sha256: string; path: string }> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const target = hashedPath(dir, sha256);
  if (
    !(await stat(target).then(
      () => true,
      () => false,
    ))
  ) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  }
  return { sha256, path: target };
}

/** A file name safe for a Content-Disposition header and a listing: no path, no control characters or quotes. */
export function safeFileName(name: string, fallback: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  return (
    Array.from(base, (ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '"' ? '_' : ch))
      .join('')
      .slice(0, 200) || fallback
  );
}
