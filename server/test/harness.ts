import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { createContainer, type Container } from '../container.js';
import { createDatabase, createPool, withDatabase, type Database } from '../db/client.js';
import { grantApplicationRole, migrate } from '../db/migrate.js';
import { loadReferenceData } from '../db/reference.js';
import { withUser } from '../db/roles.js';
import { DEMO_CITY, DEMO_PASSWORD, loadDemo } from '../db/seed/demo.js';
import { parseKeyring } from '../platform/crypto/keyring.js';

export type TestEnv = {
  app: App;
  c: Container;
  dbName: string;
  /** The application role's URL: what the server connects with. */
  dbUrl: string;
  /** The owner's URL (migrations, tampering a superuser could do). */
  ownerUrl: string;
  /** The database as its owner, for what the application role may not do (loading the city, tampering). */
  owner: Database;
  ownerPool: pg.Pool;
  /** A signed-in client for a demo account. */
  as: (username: string) => Promise<Client>;
  /** A signed-in client for any account and password. */
  login: (username: string, password: string) => Promise<Client>;
  anonymous: Client;
  close: () => Promise<void>;
};

type InjectOpts = { headers?: Record<string, string>; query?: Record<string, string> };

export type Client = {
  username: string;
  cookie: string;
  csrf: string;
  get: (url: string, o?: InjectOpts) => Promise<Res>;
  post: (url: string, body?: unknown, o?: InjectOpts) => Promise<Res>;
  put: (url: string, body?: unknown, o?: InjectOpts) => Promise<Res>;
  patch: (url: string, body?: unknown, o?: InjectOpts) => Promise<Res>;
  del: (url: string, o?: InjectOpts) => Promise<Res>;
  raw: (method: string, url: string, payload: string, headers?: Record<string, string>) => Promise<Res>;
};

export type Res = { status: number; body: any; headers: Record<string, unknown>; text: string; raw: Buffer };

/**
 * A fresh database cloned from the migrated, demo-loaded template, and the app over it. With `fresh`, an empty
 * database instead, migrated and loaded as a first start does (under whatever clock the test has set).
 */
export async function setupTestEnv(env: Record<string, string> = {}, opts: { logStream?: NodeJS.WritableStream; fresh?: boolean } = {}): Promise<TestEnv> {
  const adminUrl = inject('adminUrl');
  const dbName = `qh_test_${inject('runTag')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(opts.fresh ? `CREATE DATABASE ${dbName}` : `CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDb')}`);
  await admin.end();
  const parsed = parseKeyring(inject('keySpec'));
  if (!parsed.ok) throw new Error('bad test keys');
  const config = loadConfig({ QUNHUB_MODE: 'test', DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...env });
  const ownerUrl = withDatabase(adminUrl, dbName);
  const dbUrl = withUser(ownerUrl, inject('appRole'), inject('appPassword'));
  const c = createContainer(config, dbUrl, parsed.keyring);
  const ownerPool = createPool(ownerUrl, 2);
  const owner = createDatabase(ownerPool);
  if (opts.fresh) {
    // As a first start does: the owner migrates and grants, the application role loads.
    await migrate(ownerPool);
    await grantApplicationRole(ownerPool, inject('appRole'));
    await loadReferenceData(c.db, config.city);
    // The demo dataset is Chengdu's; another city starts empty, as a deployment does.
    if (config.city === DEMO_CITY) await loadDemo(c);
  }
  const app = await buildApp(c, opts);
  await app.ready();

  const client = (username: string, cookie: string, csrf: string): Client => {
    const call = async (method: string, url: string, body?: unknown, o: InjectOpts = {}): Promise<Res> => {
      const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(o.headers ?? {}) };
      const r = await app.inject({ method: method as 'GET', url, query: o.query, headers, ...(body !== undefined ? { payload: body as object } : {}) });
      let parsedBody: unknown;
      try {
        parsedBody = r.body ? JSON.parse(r.body) : null;
      } catch {
        parsedBody = r.body;
      }
      return { status: r.statusCode, body: parsedBody, headers: r.headers, text: r.body, raw: r.rawPayload };
    };
    return {
      username,
      cookie,
      csrf,
      get: (url, o) => call('GET', url, undefined, o),
      post: (url, body, o) => call('POST', url, body ?? {}, o),
      put: (url, body, o) => call('PUT', url, body ?? {}, o),
      patch: (url, body, o) => call('PATCH', url, body ?? {}, o),
      del: (url, o) => call('DELETE', url, undefined, o),
      raw: async (method, url, payload, headers = {}) => {
        const r = await app.inject({
          method: method as 'POST',
          url,
          payload,
          headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
        });
        let b: unknown;
        try {
          b = JSON.parse(r.body);
        } catch {
          b = r.body;
        }
        return { status: r.statusCode, body: b, headers: r.headers, text: r.body, raw: r.rawPayload };
      },
    };
  };

  const anonymous = client('anonymous', '', '');
  const login = async (username: string, password: string): Promise<Client> => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
    const setCookie = r.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0]! : String(setCookie);
    return client(username, first.split(';')[0]!, (JSON.parse(r.body) as { csrfToken: string }).csrfToken);
  };
  const as = (username: string) => login(username, DEMO_PASSWORD);

  return {
    app,
    c,
    dbName,
    dbUrl,
    ownerUrl,
    owner,
    ownerPool,
    as,
    login,
    anonymous,
    close: async () => {
      await app.close();
      await c.close();
      await owner.destroy();
      rmSync(path.join(config.dataDir, 'audit-anchors', `${dbName}.json`), { force: true });
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}
