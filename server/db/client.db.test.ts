import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from '../test/harness.js';
import { createPool, STATEMENT_CACHE_SIZE } from './client.js';

const P = '/* prepared */ ';

let t: TestEnv;

beforeAll(async () => {
  t = await setupTestEnv();
});
afterAll(async () => t.close());

/** Runs `fn` on the one connection of a fresh pool built by `createPool`, then ends the pool. */
async function onOneConnection(fn: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const pool = createPool(t.dbUrl, 1);
  try {
    const client = await pool.connect();
    try {
      await fn(client);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** The statements the server holds prepared for this connection. */
const preparedOn = async (client: { query: (text: string) => Promise<{ rows: { statement: string }[] }> }) =>
  (await client.query('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);

describe('each connection prepares a statement marked prepared once and reuses it', () => {
  it('parses a repeated marked statement once, and leaves unmarked ones unnamed', async () => {
    await onOneConnection(async (client) => {
      const text = `${P}SELECT count(*)::int AS n FROM regions WHERE level = $1`;
      const a = await client.query(text, ['district']);
      const b = await client.query(text, ['street']);
      expect(a.rows[0].n).toBeGreaterThan(0);
      expect(b.rows[0].n).toBeGreaterThan(a.rows[0].n);
      const plain = 'SELECT count(*)::int AS n FROM regions WHERE level = $1 AND code IS NOT NULL';
      await client.query(plain, ['street']);
      await client.query(plain, ['street']);
      const held = await preparedOn(client);
      expect(held.filter((s) => s === text)).toHaveLength(1);
      expect(held).not.toContain(plain);
    });
  });

  it('keeps at most the cache size, drops the least recently used, and runs a dropped statement again', async () => {
    await onOneConnection(async (client) => {
      const hot = `${P}SELECT $1::int + 0 AS v`;
      await client.query(hot, [1]);
      const texts = Array.from({ length: STATEMENT_CACHE_SIZE + 20 }, (_, i) => `${P}SELECT $1::int + ${i + 1} AS v`);
      for (const [i, text] of texts.entries()) {
        expect((await client.query(text, [1])).rows[0].v).toBe(i + 2);
        if (i % 50 === 0) await client.query(hot, [1]);
      }
      const held = await preparedOn(client);
      expect(held.length).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
      expect(held).toContain(hot);
      expect(held).not.toContain(texts[0]);
      // Dropped and prepared again under a new name, inside a transaction that must stay healthy.
      await client.query('BEGIN');
      expect((await client.query(texts[0]!, [5])).rows[0].v).toBe(6);
      await client.query('COMMIT');
      expect((await preparedOn(client)).length).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
    });
  });

  it('a statement that fails to parse fails alone, and is never released as if it existed', async () => {
    await onOneConnection(async (client) => {
      await expect(client.query(`${P}SELECT $1::int FROM no_such_table`, [1])).rejects.toMatchObject({ code: '42P01' });
      for (let i = 0; i < STATEMENT_CACHE_SIZE + 5; i++) await client.query(`${P}SELECT $1::int * ${i} AS v`, [2]);
      await client.query('BEGIN');
      expect((await client.query(`${P}SELECT $1::int AS v`, [7])).rows[0].v).toBe(7);
      await client.query('COMMIT');
    });
  });
});
