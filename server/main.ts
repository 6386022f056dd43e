import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createContainer, loadKeyring } from './container.js';
import { handleSignalsOurselves } from './db/embedded.js';
import { openDatabase, prepareDatabase } from './db/roles.js';
import { loadReferenceData } from './db/reference.js';
import { DEMO_CITY, DEMO_PASSWORD, demoAccounts, demoState, loadDemo } from './db/seed/demo.js';
import { runKnownAnswerTests } from './platform/crypto/sm.js';
import { missingNodeFlags, tuneHeap } from './platform/heap.js';
import { alignColumns } from './platform/text-width.js';
import { chinaToday } from './platform/time.js';

tuneHeap();
const untuned = missingNodeFlags();
if (untuned.length > 0)
  process.stderr.write(`Started without the Node flags ${untuned.join(' ')} (npm start passes them): the server will hold more memory than it needs.\n`);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = performance.now();
const say = (m: string) => process.stdout.write(`${m}\n`);

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
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('web build failed');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.cwd(), 'serve');
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

  // Migrations run as the owner role; the server serves as the application role (ADR 0010).
  const urls = await openDatabase(config, { create: true, log: say });
  const embedded = urls.embedded;
  const prepared = await prepareDatabase(urls, say);
  for (const w of prepared.warnings) say(`WARNING: ${w}`);
  const c = createContainer(config, urls.appUrl, keyring);
  // Free text stored before it was protected (migration 0081) is masked and encrypted now: the keys live here, not in SQL.
  const text = await c.requests.protectStoredText();
  const comments = await c.ratings.protectStoredComments();
  const sorgText = await c.socialorgs.protectStoredText();
  if (text.requests + text.events + comments + sorgText > 0)
    say(
      `Protected stored free text: ${text.requests} requests, ${text.events} request steps, ${comments} rating comments, ${sorgText} social-organization texts`,
    );
  const ref = await loadReferenceData(c.db, config.city);
  if (ref.regions > 0) say(`Loaded reference data of city ${config.city}: ${ref.regions} regions, ${ref.calendarDays} calendar days`);
  const cal = await c.calendar.status(chinaToday());
  if (!cal.thisYearOfficial || !cal.nextYearOfficial) {
    const year = cal.thisYearOfficial ? cal.nextYear : Number(cal.today.slice(0, 4));
    say(
      `Note: ${year} has no official holiday arrangement yet; deadlines in it are provisional (statutory holidays only) until an administrator enters it on the calendar page or chinese-days is updated.`,
    );
  }
  if (config.mode === 'demo' && config.city !== DEMO_CITY) {
    say(
      `Demo mode with QUNHUB_CITY=${config.city}: the demo dataset is Chengdu's (${DEMO_CITY}) and is not loaded; create the first administrator with \`npm run qunhub -- admin bootstrap\`.`,
    );
  } else if (config.mode === 'demo') {
    const state = await demoState(c);
    if (state === 'foreign') {
      throw new Error(
        'the database holds data but no completed demo; demo mode loads its dataset only into an empty database (start with an empty DATA_DIR or DATABASE_URL, or run in production mode)',
      );
    }
    if (state === 'empty') {
      say('Loading the demo dataset (first start only, in one transaction)…');
      await loadDemo(c);
    }
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
  handleSignalsOurselves();
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  await app.listen({ port: config.port, host: config.host });
  c.jobs.start();
  // Member imports left running by a process that stopped or died go on here.
  void c.members.imports.resume().catch((err: unknown) => process.stderr.write(`member imports: ${err instanceof Error ? err.message : String(err)}\n`));
  // The actor cache serves only while this process listens for auth changes (ADR 0025); it retries by itself.
  await c.sessions.listen();
  say(
    `Job runner started (${c.jobs.kinds().length} job kinds). Notification channels: in-app on; SMS ${c.notifications.channels.sms ? 'on' : 'off'}; email ${c.notifications.channels.email ? 'on' : 'off'}.`,
  );
  c.dashboard.startFolding(2000, (err) => process.stderr.write(`dashboard fold: ${err instanceof Error ? err.message : String(err)}\n`));
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  say('');
  say(`QunHub 群团通 is serving at http://localhost:${config.port}  (ready in ${secs} s; API docs at /docs)`);
  if (config.mode === 'demo') {
    say("DEMO MODE: citizens' one-time sign-in codes are written to this log and shown on the page; no SMS is sent. Never use demo mode with real people.");
    if (config.city === DEMO_CITY) {
      const accounts = await demoAccounts(c);
      say(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const line of accountTable(accounts)) say(line);
    }
  }
}

/** The demo accounts as aligned columns, padded by terminal width (Chinese roles and units take two columns a character). */
function accountTable(rows: { username: string; role: string; level: string; org: string }[]): string[] {
  return alignColumns(rows.map((r) => [r.username, r.role, r.level, r.org]));
}

main().catch((err: unknown) => {
  process.stderr.write(`QunHub failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
