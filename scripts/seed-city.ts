// npm run seed:city -- --scale 1.0 : the seed-scale city over the real regions, loaded with COPY, with progress.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../server/config.js';
import { createContainer, loadKeyring } from '../server/container.js';
import { withDatabase } from '../server/db/client.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { loadReferenceData } from '../server/db/reference.js';
import { formatCopyStats, seedCity } from '../server/db/seed/city.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1.0' },
    raw: { type: 'boolean', default: true },
    'no-raw': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`npm run seed:city -- [--scale S] [--no-raw]

Generates the city over the real regions with COPY, in the database of DATABASE_URL (or the embedded one of
npm start): organizations, people and staff; union members; disputes; requests; venues; activities; benefit offers,
claims and person-times; joint meetings, action items and co-hosted projects; social organizations, purchased
services and the service catalogue. Dates are relative to today.

  --scale S   share of the whole city, in (0, 1]; default 1.0 (4.65 million union members)
  --no-raw    skip the raw COPY of each table into an unindexed copy, which measures the rate beside it
`);
  process.exit(0);
}
const scale = Number(values.scale);
if (values['no-raw']) values.raw = false;
if (!(scale > 0 && scale <= 1)) {
  process.stderr.write('--scale must be a number in (0, 1]\n');
  process.exit(2);
}
const config = loadConfig();
// Bulk loading is the owner's work (ADR 0010): the application role may not create the comparison tables.
let url = config.databaseMigrationUrl ?? config.databaseUrl;
let stop = async () => {};
if (!url) {
  const file = path.join(config.dataDir, 'embedded-db.json');
  if (!existsSync(file)) {
    process.stderr.write('No DATABASE_URL and no embedded database yet: run npm start once first.\n');
    process.exit(2);
  }
  const { password } = JSON.parse(readFileSync(file, 'utf8')) as { password: string };
  const e = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), password });
  url = withDatabase(e.url, 'qunhub');
  stop = e.stop;
}
const c = createContainer(config, url, loadKeyring(config));
try {
  await migrate(c.pool);
  await loadReferenceData(c.db);
  let last = 0;
  const r = await seedCity(
    c.db,
    c.pool,
    c.keyring,
    scale,
    (table, done, total, rps) => {
      if (performance.now() - last < 500 && done < total) return;
      last = performance.now();
      process.stdout.write(
        `\r  ${table.padEnd(26)} ${done.toLocaleString().padStart(11)} / ${total.toLocaleString().padEnd(11)} ${Math.round(rps).toLocaleString()} rows/s   `,
      );
      if (done >= total) process.stdout.write('\n');
    },
    { compareRaw: values.raw !== false },
  );
  process.stdout.write(`seed:city scale ${scale}: ${r.orgs} organizations, ${r.people} people, ${r.staff} staff in ${r.seconds.toFixed(1)} s\n`);
  process.stdout.write(formatCopyStats(r.tables));
} finally {
  await c.close();
  await stop();
}
