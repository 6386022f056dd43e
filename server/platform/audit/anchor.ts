import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { hmacSm3 } from '../crypto/sm.js';

/** A chain head recorded outside the database: the link number, its entry and hash, signed with the audit key. */
export type Anchor = { database: string; link: number; entrySeq: number; hash: string; at: string; mac: string };

export type AnchorRead = { state: 'none' } | { state: 'invalid' } | { state: 'ok'; anchor: Anchor };

function macOf(key: Buffer, a: Omit<Anchor, 'mac'>): string {
  return hmacSm3(key, 'qunhub.audit.anchor.v1\0', JSON.stringify([a.database, a.link, a.entrySeq, a.hash, a.at])).toString('hex');
}

/**
 * The signed chain head of one database, kept in a file under the data directory (ADR 0010). Whoever holds only
 * database access can neither write it nor sign a different one, so a chain cut back below it is detected.
 */
export class AnchorFile {
  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
  ) {}

  private file(database: string): string {
    return path.join(this.dir, `${database.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  }

  async read(database: string): Promise<AnchorRead> {
    const file = this.file(database);
    if (!existsSync(file)) return { state: 'none' };
    try {
      const a = JSON.parse(await fs.readFile(file, 'utf8')) as Anchor;
      const { mac, ...rest } = a;
      if (a.database !== database || typeof mac !== 'string' || macOf(this.key, rest) !== mac) return { state: 'invalid' };
      return { state: 'ok', anchor: a };
    } catch {
      return { state: 'invalid' };
    }
  }

  /** Replaces the anchor atomically (a reader sees the old or the new one, never half of one). */
  async write(database: string, head: { link: number; entrySeq: number; hash: Buffer }): Promise<Anchor> {
    const body = { database, link: head.link, entrySeq: head.entrySeq, hash: head.hash.toString('hex'), at: new Date().toISOString() };
    const anchor: Anchor = { ...body, mac: macOf(this.key, body) };
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(database);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(anchor), { mode: 0o600 });
    await fs.rename(tmp, file);
    return anchor;
  }
}
