import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createContainer, type Container } from '../../container.js';
import { parseKeyring } from '../../platform/crypto/keyring.js';
import { withDatabase } from '../client.js';
import { migrate } from '../migrate.js';
import { loadReferenceData } from '../reference.js';
import { demoState, loadDemo } from './demo.js';

/** An empty database (migrated, reference data only), as on a first start. */
let c: Container;
let dbName: string;
const admin = () => new pg.Client({ connectionString: inject('adminUrl') });

beforeAll(async () => {
  dbName = `qh_test_${inject('runTag')}_demo_${randomBytes(4).toString('hex')}`;
  const a = admin();
  await a.connect();
  await a.query(`CREATE DATABASE ${dbName}`);
  await a.end();
  const parsed = parseKeyring(inject('keySpec'));
  if (!parsed.ok) throw new Error('bad test keys');
  c = createContainer(
    loadConfig({ QUNHUB_MODE: 'test', DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent' }),
    withDatabase(inject('adminUrl'), dbName),
    parsed.keyring,
  );
  await migrate(c.pool);
  await loadReferenceData(c.db);
}, 120_000);

afterAll(async () => {
  await c?.close();
  const a = admin();
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await a.end();
});

async function counts(url: string): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const out: Record<string, number> = {};
  for (const table of ['orgs', 'accounts', 'people', 'requests', 'dispute_cases', 'venues', 'activities', 'union_members', 'audit_log']) {
    out[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  out.streetRequests = (
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM requests r JOIN accounts a ON a.org_id = r.org_id WHERE a.username = 'union.street'`)
  ).rows[0]!.n;
  await db.end();
  return out;
}

describe('the demo loader', () => {
  it('leaves nothing behind when a load fails part-way, and the next load gives the full demo', async () => {
    expect(await demoState(c)).toBe('empty');
    // Requests are loaded late (after organizations, accounts, disputes, venues and activities): refuse every one.
    await c.pool.query('ALTER TABLE requests ADD CONSTRAINT demo_load_fails CHECK (false) NOT VALID');
    await expect(loadDemo(c)).rejects.toThrow();
    expect(await demoState(c)).toBe('empty');
    const url = withDatabase(inject('adminUrl'), dbName);
    const afterFailure = await counts(url);
    expect(
      Object.values(afterFailure).every((n) => n === 0),
      JSON.stringify(afterFailure),
    ).toBe(true);

    await c.pool.query('ALTER TABLE requests DROP CONSTRAINT demo_load_fails');
    await loadDemo(c);
    expect(await demoState(c)).toBe('loaded');
    // The same dataset as the template every other test starts from, which loaded in one go.
    const full = await counts(url);
    const template = await counts(withDatabase(inject('adminUrl'), inject('templateDb')));
    expect(full).toEqual(template);
    expect(full.streetRequests).toBeGreaterThanOrEqual(7);
    // The audit entries of the demo are chained.
    const verified = await c.audit.verify();
    expect(verified, JSON.stringify(verified)).toMatchObject({ ok: true });
  }, 600_000);
});
