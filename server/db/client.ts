import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect, sql, type Transaction, type TransactionBuilder } from 'kysely';
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

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A lost connection (database restart, network) is emitted as 'error' on the client, also while the pool has
    // lent it out; unhandled, that event ends the process. The query in flight fails on its own, and the pool drops
    // a client that is no longer queryable when it comes back.
    this.on('error', (err: Error & { code?: string }) => {
      clientErrors.count++;
      clientErrors.last = err.code ?? err.message;
    });
  }

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

/** A connection of its own to the pool's database, outside the pool (it LISTENs, ADR 0025). */
export function createListenerClient(pool: pg.Pool, applicationName: string): pg.Client {
  return new pg.Client({ ...(pool.options as pg.ClientConfig), application_name: applicationName, keepAlive: true });
}

/** Connection errors seen on clients since start (lost connections during a database restart); for diagnostics. */
export const clientErrors = { count: 0, last: '' };

/**
 * Per request, something to run inside the first transaction the request opens (before its callback, with its
 * result): the idempotency key is written there so it commits, or vanishes, with the write it answers.
 */
export type TransactionWrap = <T>(trx: Tx, run: () => Promise<T>) => Promise<T>;
export const transactionWrap = new AsyncLocalStorage<{ wrap: TransactionWrap | null }>();

/** Kysely whose transactions pass through the current request's `transactionWrap`, if any. */
class WrappingKysely extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    const builder = super.transaction();
    const store = transactionWrap.getStore();
    if (!store?.wrap) return builder;
    const wrap = store.wrap;
    // The wrap belongs to the first transaction only (a later one, or the audit linker's timer, runs plain).
    store.wrap = null;
    const execute = builder.execute.bind(builder);
    builder.execute = <T>(fn: (trx: Tx) => Promise<T>) => execute((trx) => wrap(trx, () => fn(trx)));
    return builder;
  }
}

export function createDatabase(pool: pg.Pool): Database {
  return new WrappingKysely({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Runs `work` on one connection inside one transaction: every transaction `work` opens on the given database
 * becomes a savepoint of it, one at a time, so either everything `work` wrote commits or nothing does.
 */
export async function inOneTransaction<T>(pool: pg.Pool, work: (db: Database) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const ALIAS: Record<string, string> = { begin: 'SAVEPOINT one_tx', commit: 'RELEASE SAVEPOINT one_tx', rollback: 'ROLLBACK TO SAVEPOINT one_tx' };
  let queue: Promise<void> = Promise.resolve();
  // A pool of one: each borrower waits for the previous one, so savepoints never interleave.
  const onePool = {
    connect: async () => {
      const previous = queue;
      let done!: () => void;
      queue = new Promise<void>((r) => (done = r));
      let timer: NodeJS.Timeout | undefined;
      // A borrower that waits this long is waiting for itself (a deadlock); one long step of a loaded machine's demo
      // load (minutes at worst) must not be mistaken for one.
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('a second connection was asked for while the only one was held')), 300_000);
      });
      await Promise.race([previous, stuck])
        .catch((err: unknown) => {
          // This borrower gives up; its turn passes to the next one once the holder releases.
          void previous.then(done);
          throw err;
        })
        .finally(() => clearTimeout(timer));
      return { query: (text: string, values?: unknown[]) => client.query(ALIAS[text] ?? text, values), release: done };
    },
    end: async () => {},
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: onePool as unknown as pg.Pool }) });
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(db);
    await queue;
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: unknown) => (failure = e as Error));
    throw err;
  } finally {
    client.release(failure);
  }
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
