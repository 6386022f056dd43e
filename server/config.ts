import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Validated runtime configuration. Nothing else in the server reads process.env. */
export type Config = {
  mode: 'demo' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** The built web console and portal (vite build output). */
  webDistDir: string;
  /** External PostgreSQL, as the application role; when absent an embedded server is started under dataDir. */
  databaseUrl: string | null;
  /** The owner role that runs migrations and grants the application role its privileges (ADR 0010); null: DATABASE_URL does both. */
  databaseMigrationUrl: string | null;
  /** Connections one server process holds at most. */
  databasePoolMax: number;
  keys: {
    dataKeys: string | null;
    activeKeyId: number | null;
    blindIndexKey: string | null;
    auditKey: string | null;
  };
  /** secureCookie: cookies are Secure (`__Host-`) and HSTS is sent; behindTlsProxy: a proxy in front terminates TLS. */
  session: { idleMinutes: number; absoluteHours: number; secureCookie: boolean; behindTlsProxy: boolean };
  login: { maxFailures: number; lockMinutes: number; rateLimitPerMinute: number };
  passwordMaxAgeDays: number;
  auditRetentionDays: number;
  /** Seconds between two writes of the signed audit chain head under dataDir (ADR 0010). */
  auditAnchorSeconds: number;
  trustProxy: string | false;
  /** A log line per request (production default); off in demo mode, where a person reads the terminal. */
  logRequests: boolean;
  logLevel: string;
  /** argon2 memory cost; lowered only in tests. */
  passwordHashMemoryKib: number;
  /** A generic HTTP SMS gateway (SMS_GATEWAY_URL, _KEY, _SECRET); null = SMS off. */
  smsGateway: { url: string; key: string; secret: string; perPhonePerHour: number } | null;
  /** Email notifications through an SMTP server (SMTP_URL, e.g. smtp://user:pass@host:587; SMTP_FROM the sender); null = email off. */
  smtp: { url: string; from: string } | null;
  /** OpenID Connect providers (ADR 0016): staff sign-in of bound accounts, citizen sign-in by verified phone; null when off. */
  oidc: { staff: OidcProvider | null; citizen: OidcProvider | null };
  /** The prefecture-level city whose region tree is loaded (4-digit NBS code, QUNHUB_CITY); the demo data is Chengdu's (5101). */
  city: string;
  /** Outbound webhooks (ADR 0021): receivers on loopback or private addresses only when allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS); the answer awaited this long. */
  webhooks: { allowPrivateTargets: boolean; timeoutMs: number };
};

/** One OpenID Connect client registration: the provider's issuer URL, our client id and secret, our callback URL. */
export type OidcProvider = { issuer: string; clientId: string; clientSecret: string; redirectUrl: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}

function boolVar(env: Env, name: string, problems: string[]): boolean | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw !== 'true' && raw !== 'false') {
    problems.push(`${name} must be true or false (got "${raw}")`);
    return null;
  }
  return raw === 'true';
}

export const DEFAULT_SMTP_FROM = '群团通 <noreply@localhost>';

/** SMTP_URL (smtp:// or smtps://, a host, an optional port and credentials) and SMTP_FROM; the URL is never echoed (it may hold a password). */
function smtpOf(env: Env, problems: string[]): Config['smtp'] {
  const raw = env.SMTP_URL ?? '';
  const from = env.SMTP_FROM && env.SMTP_FROM.trim() !== '' ? env.SMTP_FROM.trim() : DEFAULT_SMTP_FROM;
  if (!/^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(from))
    problems.push(`SMTP_FROM must be an address or "Name <address>" (got "${from}")`);
  if (raw === '') return null;
  const u = URL.canParse(raw) ? new URL(raw) : null;
  if (!u || !['smtp:', 'smtps:'].includes(u.protocol) || !u.hostname || (u.pathname !== '' && u.pathname !== '/')) {
    problems.push('SMTP_URL must be smtp://[user:password@]host[:port] or smtps://… (the value is not shown: it may hold a password)');
    return null;
  }
  return { url: raw, from };
}

/**
 * Reads and validates every setting at once, listing all problems instead of stopping at the first. `purpose`
 * 'serve' adds the checks of a server that answers browsers (the command-line tools need no cookie settings).
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd(), purpose: 'serve' | 'tool' = 'tool'): Config {
  const problems: string[] = [];
  const modeRaw = env.QUNHUB_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'demo');
  if (!['demo', 'production', 'test'].includes(modeRaw)) problems.push(`QUNHUB_MODE must be demo, production or test (got "${modeRaw}")`);
  const mode = (['demo', 'production', 'test'].includes(modeRaw) ? modeRaw : 'demo') as Config['mode'];

  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const databaseMigrationUrl = env.DATABASE_MIGRATION_URL && env.DATABASE_MIGRATION_URL !== '' ? env.DATABASE_MIGRATION_URL : null;
  if (databaseMigrationUrl && !/^postgres(ql)?:\/\//.test(databaseMigrationUrl))
    problems.push('DATABASE_MIGRATION_URL must start with postgres:// or postgresql://');
  if (databaseMigrationUrl && !databaseUrl) problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the application role) beside it');
  if (mode === 'production' && !databaseUrl) problems.push('DATABASE_URL is required in production mode (the embedded database is for demo and development)');

  const keys = {
    dataKeys: env.QUNHUB_DATA_KEYS ?? null,
    activeKeyId: env.QUNHUB_ACTIVE_KEY_ID ? Number(env.QUNHUB_ACTIVE_KEY_ID) : null,
    blindIndexKey: env.QUNHUB_BLIND_INDEX_KEY ?? null,
    auditKey: env.QUNHUB_AUDIT_KEY ?? null,
  };
  if (mode === 'production') {
    for (const [name, value] of [
      ['QUNHUB_DATA_KEYS', keys.dataKeys],
      ['QUNHUB_ACTIVE_KEY_ID', keys.activeKeyId],
      ['QUNHUB_BLIND_INDEX_KEY', keys.blindIndexKey],
      ['QUNHUB_AUDIT_KEY', keys.auditKey],
    ] as const) {
      if (value === null) problems.push(`${name} is required in production mode (keys are generated only for the embedded demo)`);
    }
  }

  const trustProxyRaw = env.TRUST_PROXY ?? '';
  const secureCookieVar = boolVar(env, 'SECURE_COOKIE', problems);
  const behindTlsProxy = boolVar(env, 'BEHIND_TLS_PROXY', problems) === true;
  if (behindTlsProxy && trustProxyRaw === '')
    problems.push('BEHIND_TLS_PROXY=true needs TRUST_PROXY (the address of the proxy), so client addresses come from X-Forwarded-For');
  // Behind a TLS-terminating proxy the browser speaks HTTPS, so cookies are Secure unless explicitly turned off.
  const secureCookie = secureCookieVar ?? behindTlsProxy;
  if (purpose === 'serve' && mode === 'production' && !secureCookie && !behindTlsProxy) {
    problems.push(
      'production mode needs SECURE_COOKIE=true (the server is reached over HTTPS), or BEHIND_TLS_PROXY=true when a proxy in front of it terminates TLS',
    );
  }
  const oidcOf = (prefix: string, callbackPath: string): OidcProvider | null => {
    const v = (k: string) => env[`${prefix}_${k}`] ?? '';
    const given = ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'REDIRECT_URL'].filter((k) => v(k) !== '');
    if (given.length === 0) return null;
    if (given.length < 4) {
      problems.push(
        `${prefix}_ISSUER, ${prefix}_CLIENT_ID, ${prefix}_CLIENT_SECRET and ${prefix}_REDIRECT_URL are set together (missing: ${[
          'ISSUER',
          'CLIENT_ID',
          'CLIENT_SECRET',
          'REDIRECT_URL',
        ]
          .filter((k) => v(k) === '')
          .map((k) => `${prefix}_${k}`)
          .join(', ')})`,
      );
      return null;
    }
    for (const k of ['ISSUER', 'REDIRECT_URL']) {
      if (!URL.canParse(v(k))) {
        problems.push(`${prefix}_${k} must be a URL (got "${v(k)}")`);
        continue;
      }
      const u = new URL(v(k));
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback && mode !== 'production')) problems.push(`${prefix}_${k} must be an https URL`);
      if (k === 'REDIRECT_URL' && !u.pathname.endsWith(callbackPath)) problems.push(`${prefix}_REDIRECT_URL must end with ${callbackPath}`);
    }
    return { issuer: v('ISSUER'), clientId: v('CLIENT_ID'), clientSecret: v('CLIENT_SECRET'), redirectUrl: v('REDIRECT_URL') };
  };
  const city = env.QUNHUB_CITY ?? '5101';
  if (!/^[1-8][0-9]{3}$/.test(city)) problems.push(`QUNHUB_CITY must be the 4-digit code of a prefecture-level city, e.g. 5101 for Chengdu (got "${city}")`);
  const config: Config = {
    mode,
    port: intVar(env, 'PORT', 3000, 1, 65535, problems),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR ?? 'data'),
    webDistDir: env.WEB_DIST_DIR ? path.resolve(cwd, env.WEB_DIST_DIR) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web'),
    databaseUrl,
    databaseMigrationUrl,
    databasePoolMax: intVar(env, 'DATABASE_POOL_MAX', 20, 1, 500, problems),
    keys,
    session: {
      idleMinutes: intVar(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60, problems),
      absoluteHours: intVar(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7, problems),
      secureCookie: secureCookie || mode === 'production',
      behindTlsProxy,
    },
    login: {
      maxFailures: intVar(env, 'LOGIN_MAX_FAILURES', 5, 1, 100, problems),
      lockMinutes: intVar(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60, problems),
      rateLimitPerMinute: intVar(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 10_000, problems),
    },
    passwordMaxAgeDays: intVar(env, 'PASSWORD_MAX_AGE_DAYS', 90, 1, 3650, problems),
    auditRetentionDays: intVar(env, 'AUDIT_RETENTION_DAYS', 184, 184, 36500, problems),
    auditAnchorSeconds: intVar(env, 'AUDIT_ANCHOR_SECONDS', 10, 1, 86_400, problems),
    trustProxy: trustProxyRaw === '' ? false : trustProxyRaw,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'warn' : 'info'),
    logRequests: env.LOG_REQUESTS === undefined ? mode === 'production' : env.LOG_REQUESTS === 'true',
    passwordHashMemoryKib: intVar(env, 'PASSWORD_HASH_MEMORY_KIB', mode === 'test' ? 1024 : 19456, 256, 1 << 22, problems),
    smsGateway: env.SMS_GATEWAY_URL
      ? {
          url: env.SMS_GATEWAY_URL,
          key: env.SMS_GATEWAY_KEY ?? '',
          secret: env.SMS_GATEWAY_SECRET ?? '',
          perPhonePerHour: intVar(env, 'SMS_PER_PHONE_PER_HOUR', 5, 1, 1000, problems),
        }
      : null,
    smtp: smtpOf(env, problems),
    oidc: { staff: oidcOf('OIDC', '/api/auth/oidc/callback'), citizen: oidcOf('OIDC_CITIZEN', '/api/portal/auth/oidc/callback') },
    city,
    webhooks: {
      allowPrivateTargets: boolVar(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', problems) ?? false,
      timeoutMs: intVar(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000, problems),
    },
  };
  if (config.smsGateway && (!/^https?:\/\//.test(config.smsGateway.url) || config.smsGateway.secret.length < 16)) {
    problems.push('SMS_GATEWAY_URL must be an http(s) URL and SMS_GATEWAY_SECRET at least 16 characters');
  }
  if (keys.activeKeyId !== null && (!Number.isInteger(keys.activeKeyId) || keys.activeKeyId < 1 || keys.activeKeyId > 255)) {
    problems.push('QUNHUB_ACTIVE_KEY_ID must be an integer between 1 and 255');
  }
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${config.logLevel}")`);
  }
  if (env.LOG_REQUESTS !== undefined && !['true', 'false'].includes(env.LOG_REQUESTS)) {
    problems.push(`LOG_REQUESTS must be true or false (got "${env.LOG_REQUESTS}")`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
