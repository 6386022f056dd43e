import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { createPool, withDatabase } from './client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
import { grantApplicationRole, migrate } from './migrate.js';

/** The role the server runs as on the embedded database: a login role without superuser, owner or DDL rights (ADR 0010). */
export const EMBEDDED_APP_ROLE = 'qunhub_app';
const EMBEDDED_DATABASE = 'qunhub';

/** Where the server connects: the application role for serving, the owner role for migrations (the same URL in a single-role setup). */
export type DatabaseUrls = { appUrl: string; ownerUrl: string; embedded: EmbeddedDatabase | null };

type EmbeddedCredentials = { password: string; appPassword?: string };

/** The embedded cluster's passwords (owner and application role), created on first use under the data directory. */
function embeddedCredentials(dataDir: string, create: boolean): Required<EmbeddedCredentials> {
  const file = path.join(dataDir, 'embedded-db.json');
  let creds: EmbeddedCredentials | null = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EmbeddedCredentials) : null;
  if (!creds && !create) throw new Error('No DATABASE_URL and no embedded database yet: run npm start once first.');
  if (!creds || !creds.appPassword) {
    creds = { password: creds?.password ?? randomBytes(18).toString('base64url'), appPassword: randomBytes(18).toString('base64url') };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  }
  return creds as Required<EmbeddedCredentials>;
}

/** Replaces the user and password in a connection URL. */
export function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Creates (or resets) a login role with no superuser, role, database, replication or row-security bypass rights. */
export async function ensureLoginRole(adminUrl: string, role: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
    const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${client.escapeIdentifier(role)} WITH ${attrs}`);
  } finally {
    await client.end();
  }
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

/**
 * The database URLs from the configuration. Without DATABASE_URL an embedded PostgreSQL is started under the data
 * directory (created on first use when `create`), with the cluster's superuser as the owner role and a login role
 * `qunhub_app` for serving; with DATABASE_URL alone the one role does both (development only).
 */
export async function openDatabase(config: Config, opts: { create: boolean; log?: (m: string) => void }): Promise<DatabaseUrls> {
  if (config.databaseUrl) return { appUrl: config.databaseUrl, ownerUrl: config.databaseMigrationUrl ?? config.databaseUrl, embedded: null };
  const creds = embeddedCredentials(config.dataDir, opts.create);
  const embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), password: creds.password, log: opts.log });
  try {
    await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
    await ensureLoginRole(embedded.url, EMBEDDED_APP_ROLE, creds.appPassword);
  } catch (err) {
    await embedded.stop().catch(() => {});
    throw err;
  }
  const ownerUrl = withDatabase(embedded.url, EMBEDDED_DATABASE);
  return { appUrl: withUser(ownerUrl, EMBEDDED_APP_ROLE, creds.appPassword), ownerUrl, embedded };
}

type RoleFacts = { name: string; superuser: boolean; bypassRls: boolean };

async function roleOf(url: string): Promise<RoleFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ name: string; superuser: boolean; bypass: boolean }>(
      'SELECT rolname AS name, rolsuper AS superuser, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
    );
    return { name: r.rows[0]!.name, superuser: r.rows[0]!.superuser, bypassRls: r.rows[0]!.bypass };
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations as the owner role and grants the application role its privileges. Returns warnings for a
 * setup in which a holder of the application's credential could rewrite the audit trail (one role for both, a superuser).
 */
export async function prepareDatabase(
  urls: Pick<DatabaseUrls, 'appUrl' | 'ownerUrl'>,
  log: (m: string) => void = () => {},
): Promise<{ appRole: string; warnings: string[] }> {
  const owner = createPool(urls.ownerUrl, 2);
  const warnings: string[] = [];
  try {
    await migrate(owner, log);
    const ownerRole = await roleOf(urls.ownerUrl);
    const app = urls.appUrl === urls.ownerUrl ? ownerRole : await roleOf(urls.appUrl);
    if (app.name === ownerRole.name) {
      warnings.push(
        `the server runs as ${app.name}, the role that owns the schema: whoever holds DATABASE_URL can rewrite the audit trail. ` +
          'For production set DATABASE_URL to an application role and DATABASE_MIGRATION_URL to the owner role (README, ADR 0010).',
      );
    } else {
      await grantApplicationRole(owner, app.name);
    }
    if (app.superuser || app.bypassRls)
      warnings.push(`the application role ${app.name} is a superuser (or bypasses row security): give the server a role without these rights (ADR 0010).`);
    return { appRole: app.name, warnings };
  } finally {
    await owner.end().catch(() => {});
  }
}
