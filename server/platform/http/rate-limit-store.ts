import { sql } from 'kysely';
import { prepared, type Database } from '../../db/client.js';

type Cb = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** A @fastify/rate-limit store in PostgreSQL, so the limit holds across server processes. */
export function pgRateLimitStore(db: Database) {
  class PgStore {
    private prefix = '';
    constructor(opts?: { routeInfo?: { method?: string; url?: string } }) {
      if (opts?.routeInfo) this.prefix = `${opts.routeInfo.method ?? ''} ${opts.routeInfo.url ?? ''}|`;
    }
    incr(key: string, cb: Cb, timeWindow: number): void {
      sql<{ count: number; window_start: Date }>`${prepared}
        INSERT INTO rate_limit_buckets AS b (key, count, window_start) VALUES (${this.prefix + key}, 1, now())
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN b.window_start + make_interval(secs => ${timeWindow / 1000}) <= now() THEN 1 ELSE b.count + 1 END,
          window_start = CASE WHEN b.window_start + make_interval(secs => ${timeWindow / 1000}) <= now() THEN now() ELSE b.window_start END
        RETURNING count, window_start`
        .execute(db)
        .then((r) => {
          const row = r.rows[0]!;
          cb(null, { current: row.count, ttl: Math.max(0, new Date(row.window_start).getTime() + timeWindow - Date.now()) });
        })
        .catch((e: Error) => cb(e));
    }
    read(key: string, cb: Cb, timeWindow: number): void {
      db.selectFrom('rate_limit_buckets')
        .select(['count', 'window_start'])
        .where('key', '=', this.prefix + key)
        .executeTakeFirst()
        .then((row) => {
          if (!row) return cb(null, { current: 0, ttl: timeWindow });
          const ttl = new Date(row.window_start).getTime() + timeWindow - Date.now();
          cb(null, ttl <= 0 ? { current: 0, ttl: timeWindow } : { current: row.count, ttl });
        })
        .catch((e: Error) => cb(e));
    }
    child(routeOptions: unknown) {
      return new PgStore(routeOptions as { routeInfo?: { method?: string; url?: string } });
    }
  }
  return PgStore;
}
