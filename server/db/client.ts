import { Kysely, PostgresDialect, type Transaction } from 'kysely';
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

type PgConnection = { parsedStatements: Record<string, string>; submittedNamedStatements: Record<string, string> };

/**
 * A connection that prepares each parameterised statement on first use and afterwards only binds and executes it,
 * so the server parses it once per connection and may reuse its plan (as pgx and postgres.js do). Statements without
 * parameters (transaction control among them) run as before. Names are per connection and never reused, so a
 * statement dropped from the cache can be prepared again whatever became of its old name.
 */
export class PreparingClient extends pg.Client {
  private readonly statements = new Map<string, string>();
  private counter = 0;

  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
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
