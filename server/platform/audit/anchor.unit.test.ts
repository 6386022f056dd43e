import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnchorFile } from './anchor.js';
import { entryMac } from './audit.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'qunhub-anchor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = Buffer.alloc(32, 7);

describe('the signed chain anchor', () => {
  it('reads back what it wrote, per database', async () => {
    const a = new AnchorFile(dir, key);
    expect(await a.read('qunhub')).toEqual({ state: 'none' });
    await a.write('qunhub', { link: 42, entrySeq: 57, hash: Buffer.alloc(32, 1) });
    const r = await a.read('qunhub');
    expect(r).toMatchObject({ state: 'ok', anchor: { database: 'qunhub', link: 42, entrySeq: 57, hash: '01'.repeat(32) } });
    expect(await a.read('other')).toEqual({ state: 'none' });
  });

  it('refuses an anchor edited without the key, signed with another key, or not JSON', async () => {
    const a = new AnchorFile(dir, key);
    await a.write('edited', { link: 10, entrySeq: 10, hash: Buffer.alloc(32, 2) });
    const file = path.join(dir, 'edited.json');
    const body = JSON.parse(readFileSync(file, 'utf8')) as { link: number };
    writeFileSync(file, JSON.stringify({ ...body, link: 5 }));
    expect(await a.read('edited')).toEqual({ state: 'invalid' });

    await a.write('rekeyed', { link: 10, entrySeq: 10, hash: Buffer.alloc(32, 2) });
    expect(await new AnchorFile(dir, Buffer.alloc(32, 8)).read('rekeyed')).toEqual({ state: 'invalid' });

    writeFileSync(path.join(dir, 'garbled.json'), '{not json');
    expect(await a.read('garbled')).toEqual({ state: 'invalid' });
  });
});

describe('the entry MAC', () => {
  const entry = {
    actor_id: 7,
    actor_name: 'union.street',
    actor_roles: 'org_admin',
    scope: 'org:1.2',
    action: 'org.create',
    object_type: 'org',
    object_id: '12',
    result: 'ok',
    ip: '127.0.0.1',
    request_id: 'r1',
    detail: { b: 1, a: [1, 'x'] },
  };
  const nonce = Buffer.alloc(16, 3);

  it('does not depend on the order of the detail keys (jsonb reorders them)', () => {
    expect(entryMac(key, nonce, { ...entry, detail: { a: [1, 'x'], b: 1 } })).toEqual(entryMac(key, nonce, entry));
  });

  it('changes with every field, the nonce and the key', () => {
    const base = entryMac(key, nonce, entry);
    for (const [field, value] of Object.entries({
      actor_id: 8,
      actor_name: 'x',
      actor_roles: '',
      scope: 'org:1',
      action: 'org.delete',
      object_type: 'person',
      object_id: '13',
      result: 'denied',
      ip: null,
      request_id: 'r2',
      detail: { b: 2, a: [1, 'x'] },
    })) {
      expect(entryMac(key, nonce, { ...entry, [field]: value }).equals(base), field).toBe(false);
    }
    expect(entryMac(key, Buffer.alloc(16, 4), entry).equals(base)).toBe(false);
    expect(entryMac(Buffer.alloc(32, 9), nonce, entry).equals(base)).toBe(false);
  });
});
