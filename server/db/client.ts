import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';

// int8 and numeric come back as strings by default; counts and ids here stay well below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Dates are calendar dates: keep them as 'YYYY-MM-DD' strings, never shifted by a time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
export type Db = Database | Tx;

/** How many statements one connection keeps prepared, the least recently used dropped first. */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Marks a statement to be prepared once per connection (see `PreparingClient`). Only for statements whose best plan
 * does not depend on their parameter values (lookups by key, inserts): PostgreSQL may then plan them once, generically.
 * A statement filtering by an area path, a time window or a category would get one plan for every area and window.
 */
export const prepared = sql.raw('/* prepared */ ');
const PREPARED_MARK = '/* prepared */';

type PgConnection = { parsedStatements: Record<string, string>; submittedNamedStatements: Record<string, string> };

/**
 * A connection that prepares each statement marked `prepared` on first use and afterwards only binds and executes
 * it, so the server parses (and, when the generic plan is as good, plans) it once per connection. Other statements
 * run unnamed, parsed and planned on every call for their parameter values. Names are per connection and never
 * reused, so a statement dropped from the cache can be prepared again whatever became of its old name.
 */
export class PreparingClient extends pg.Client {
  private readonly statements = new Map<string, string>();
  private counter = 0;

  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (typeof config === 'string' && config.startsWith(PREPARED_MARK) && Array.isArray(values) && callback === undefined) {
      let name = this.statements.get(config);
      if (name) {
        this.statements.delete(config);
      } else {
        if (this.statements.size >= STATEMENT_CACHE_SIZE) this.evictOldest();
        name = `qh${++this.counter}`;
      }
      this.statements.set(config, name);
      return super.query({ name, text: config, values } as never) as never;
    }
    return (super.query as (...a: unknown[]) => never)(config, values, callback);
  }

  private evictOldest(): void {
    const [text, name] = this.statements.entries().next().value as [string, string];
    this.statements.delete(text);
    const conn = (this as unknown as { connection: PgConnection }).connection;
    const parsed = conn.parsedStatements[name] !== undefined;
    delete conn.parsedStatements[name];
    delete conn.submittedNamedStatements[name];
    // Only a statement the server holds is released: releasing an unknown one would be an error in the transaction.
    if (parsed) (super.query(`DEALLOCATE ${name}`) as Promise<unknown>).catch(() => {});
  }
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 30_000,
    application_name: 'qunhub',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function createDatabase(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
