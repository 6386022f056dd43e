import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createContainer, loadKeyring } from './container.js';
import { withDatabase } from './db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { loadReferenceData } from './db/reference.js';
import { DEMO_PASSWORD, demoAccounts, demoLoaded, loadDemo } from './db/seed/demo.js';
import { runKnownAnswerTests } from './platform/crypto/sm.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = performance.now();
const say = (m: string) => process.stdout.write(`${m}\n`);

function embeddedPassword(config: Config): string {
  const file = path.join(config.dataDir, 'embedded-db.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
  const password = randomBytes(18).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
  return password;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** The newest modification time among the web sources, so a checkout with newer sources rebuilds the console. */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildWebIfNeeded(outDir: string): void {
  const index = path.join(outDir, 'index.html');
  const sources = path.join(ROOT, 'web');
  if (existsSync(index) && (!existsSync(sources) || statSync(index).mtimeMs >= newestSourceMtime(sources))) return;
  say(existsSync(index) ? 'Rebuilding the web console (its sources changed)…' : 'Building the web console (first start only)…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  runKnownAnswerTests();
  const keyring = loadKeyring(config);
  buildWebIfNeeded(config.webDistDir);

  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), password: embeddedPassword(config), log: say });
    await ensureDatabase(embedded.url, 'qunhub');
    url = withDatabase(embedded.url, 'qunhub');
  }
  const c = createContainer(config, url, keyring);
  await migrate(c.pool, say);
  // Free text stored before it was protected (migration 0081) is masked and encrypted now: the keys live here, not in SQL.
  const text = await c.requests.protectStoredText();
  const comments = await c.ratings.protectStoredComments();
  if (text.requests + text.events + comments > 0) say(`Protected stored free text: ${text.requests} requests, ${text.events} request steps, ${comments} rating comments`);
  const ref = await loadReferenceData(c.db);
  if (ref.regions > 0) say(`Loaded reference data: ${ref.regions} regions, ${ref.calendarDays} calendar days`);
  const years = await c.calendar.years();
  const nextYear = new Date().getFullYear() + 1;
  if (!years.includes(nextYear)) say(`WARNING: the working-day calendar does not cover ${nextYear}; deadlines in that year will be refused until it is loaded or overridden.`);
  if (config.mode === 'demo' && !(await demoLoaded(c))) {
    say('Loading the demo dataset (first start only)…');
    await loadDemo(c);
  }

  const app = await buildApp(c);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: shutting down`);
    await app.close().catch(() => {});
    await c.close().catch(() => {});
    if (embedded) await embedded.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  c.dashboard.startFolding(2000, (err) => process.stderr.write(`dashboard fold: ${err instanceof Error ? err.message : String(err)}\n`));
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  say('');
  say(`QunHub 群团通 is serving at http://localhost:${config.port}  (ready in ${secs} s; API docs at /docs)`);
  if (config.mode === 'demo') {
    const accounts = await demoAccounts(c);
    say(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
    for (const a of accounts) say(`  ${a.username.padEnd(16)} ${a.role.padEnd(12)} ${a.level.padEnd(10)} ${a.org}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`QunHub failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
