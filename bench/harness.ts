import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { createContainer, loadKeyring, type Container } from '../server/container.js';
import { withDatabase } from '../server/db/client.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { loadReferenceData } from '../server/db/reference.js';
import { formatCopyStats, seedCity } from '../server/db/seed/city.js';
import pg from 'pg';

/** A benchmark database at a scale: its own embedded cluster under data/bench (kept between runs), or BENCH_DATABASE_URL. */
export async function benchContainer(scale: number, dbPrefix = 'qunhub_bench', fresh = false): Promise<{ c: Container; stop: () => Promise<void> }> {
  const dataDir = path.resolve('data', 'bench');
  const config = loadConfig({ QUNHUB_MODE: 'demo', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopDb = async () => {};
  if (!adminUrl) {
    const e = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), password: 'bench', preferredPort: 55600 });
    adminUrl = e.url;
    stopDb = e.stop;
  }
  const dbName = `${dbPrefix}_${String(scale).replace('.', '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const c = createContainer(config, withDatabase(adminUrl, dbName), loadKeyring(config));
  await migrate(c.pool);
  await loadReferenceData(c.db);
  const seeded = await c.db.selectFrom('instance_settings').select('value').where('key', '=', 'seed_city').executeTakeFirst();
  if (!seeded) {
    process.stdout.write(`seeding the city at scale ${scale} (first run only)…\n`);
    let last = 0;
    const r = await seedCity(
      c.db,
      c.pool,
      c.keyring,
      scale,
      (table, done, total, rps) => {
        if (performance.now() - last < 2000 && done < total) return;
        last = performance.now();
        process.stdout.write(`  ${table.padEnd(26)} ${done.toLocaleString('en').padStart(11)} / ${total.toLocaleString('en')}  ${Math.round(rps).toLocaleString('en')} rows/s\n`);
      },
      { compareRaw: true },
    );
    process.stdout.write(`  ${r.orgs} organizations, ${r.people} people, ${r.staff} staff in ${r.seconds.toFixed(1)} s\n${formatCopyStats(r.tables)}`);
  }
  return { c, stop: async () => { await c.close(); await stopDb(); } };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Times the named queries interleaved, so every one sees the same machine state. */
export async function timeInterleaved(runs: number, fns: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) for (let i = 0; i < 5; i++) await fn();
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t0 = performance.now();
      await fn();
      out[k]!.push(performance.now() - t0);
    }
  }
  return out;
}
