import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startTestProvider } from '../server/test/oidc-provider.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The OpenID Connect provider the server is configured with (staff client `qunhub`); '' for an external server. */
    oidcIssuer: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not answer GET /api/health with 200 within ${timeoutMs / 1000} s`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Builds the web console, starts the real server in demo mode on a fresh data directory and a free port,
 * and hands the base URL to the tests. `QUNHUB_E2E_BASE_URL` reuses a server that is already running.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.QUNHUB_E2E_BASE_URL ?? (process.env.QUNHUB_EXIT_CANARY ? 'http://127.0.0.1:9' : undefined);
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''));
    project.provide('oidcIssuer', '');
    return async () => {};
  }

  // Each run builds into its own directory, so runs side by side never serve each other's half-built files.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qunhub-e2e-'));
  const webDir = process.env.QUNHUB_E2E_SKIP_BUILD ? path.join(ROOT, 'dist', 'web') : path.join(dataDir, 'web');
  if (!process.env.QUNHUB_E2E_SKIP_BUILD) {
    const build = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', webDir, '--emptyOutDir'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        // The runner sets NODE_ENV=test, which would make Vite build a development bundle (no service worker, React's
        // development builds): the browser tests test what `npm start` serves.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (build.status !== 0) throw new Error('the web build failed');
  }

  const port = await freePort();
  // A real OpenID Connect provider for the staff sign-in button (e2e/oidc.e2e.test.ts).
  const op = await startTestProvider([{ clientId: 'qunhub', clientSecret: 'e2e-secret', redirectUri: `http://127.0.0.1:${port}/api/auth/oidc/callback` }]);
  const oidcEnv = {
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: 'qunhub',
    OIDC_CLIENT_SECRET: 'e2e-secret',
    OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/api/auth/oidc/callback`,
  };
  const logFile = path.join(tmpdir(), `qunhub-e2e-server-${port}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      QUNHUB_MODE: 'demo',
      DATA_DIR: dataDir,
      WEB_DIST_DIR: webDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOGIN_RATE_LIMIT_PER_MINUTE: '200',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      ...oidcEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    // A first start loads the demo dataset; on a loaded machine that takes longer (QUNHUB_E2E_START_SECONDS).
    await waitForHealth(baseUrl, child, Number(process.env.QUNHUB_E2E_START_SECONDS ?? 300) * 1000);
  } catch (err) {
    await stop(child);
    await op.close();
    throw new Error(`${(err as Error).message}; server log: ${logFile}`, { cause: err });
  }
  project.provide('baseUrl', baseUrl);
  project.provide('oidcIssuer', op.issuer);

  return async () => {
    await stop(child);
    await op.close();
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
