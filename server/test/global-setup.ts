import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { createPool, withDatabase } from '../db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { grantApplicationRole, migrate } from '../db/migrate.js';
import { ensureLoginRole, withUser } from '../db/roles.js';
import { loadReferenceData } from '../db/reference.js';
import { loadDemo } from '../db/seed/demo.js';
import { generateKeyMaterial, parseKeyring } from '../platform/crypto/keyring.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runTag: string;
    keySpec: ReturnType<typeof generateKeyMaterial>;
    /** The login role the server runs as in the tests: no superuser, no owner, the grants of ADR 0010. */
    appRole: string;
    appPassword: string;
  }
}

/**
 * One PostgreSQL for the run (embedded, or TEST_DATABASE_URL), one template database migrated and loaded with
 * the reference and demo data; every test file clones it with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | null = null;
  let tmp: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'qunhub-test-'));
    embedded = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), password: 'test', preferredPort: 55400 });
    adminUrl = embedded.url;
  }
  // The exit-code canary needs the database process running, not the template.
  if (process.env.QUNHUB_EXIT_CANARY) {
    return async () => {
      if (embedded) await embedded.stop().catch(() => {});
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    };
  }
  // Names carry this run's tag so concurrent runs against one server never drop each other's databases.
  const runTag = `${process.pid}`;
  const templateDb = `qunhub_tpl_${runTag}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);

  // The server runs as an application role, as in production; the migrations and the template belong to the admin (owner).
  const appRole = `qh_app_${runTag}`;
  const appPassword = randomBytes(18).toString('base64url');
  await ensureLoginRole(adminUrl, appRole, appPassword);

  const keySpec = generateKeyMaterial();
  const parsed = parseKeyring(keySpec);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = loadConfig({ QUNHUB_MODE: 'test', DATA_DIR: tmp ?? os.tmpdir() });
  const ownerPool = createPool(withDatabase(adminUrl, templateDb), 2);
  await migrate(ownerPool);
  await grantApplicationRole(ownerPool, appRole);
  await ownerPool.end();
  const c = createContainer(config, withUser(withDatabase(adminUrl, templateDb), appRole, appPassword), parsed.keyring);
  await loadReferenceData(c.db);
  await loadDemo(c);
  await c.close();
  await c.pool.end().catch(() => {});
  await admin.query(`ALTER DATABASE ${templateDb} WITH IS_TEMPLATE true`);

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runTag', runTag);
  project.provide('keySpec', keySpec);
  project.provide('appRole', appRole);
  project.provide('appPassword', appPassword);

  return async () => {
    const res = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [
      `qh_test_${runTag}_%`,
      templateDb,
    ]);
    for (const r of res.rows) {
      await admin.query(`ALTER DATABASE ${r.datname} WITH IS_TEMPLATE false`).catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
    }
    await admin.query(`DROP ROLE IF EXISTS ${appRole}`).catch(() => {});
    await admin.end();
    if (embedded) await embedded.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
}
