import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({ QUNHUB_MODE: 'production', PORT: 'abc', SESSION_IDLE_MINUTES: '0', AUDIT_RETENTION_DAYS: '30' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SESSION_IDLE_MINUTES', 'AUDIT_RETENTION_DAYS', 'DATABASE_URL', 'QUNHUB_DATA_KEYS', 'QUNHUB_AUDIT_KEY'])
      expect(problems).toContain(name);
  });

  it('defaults to the embedded demo on port 3000 with audit retention of at least 184 days', () => {
    const c = loadConfig({}, '/srv/qunhub');
    expect(c.mode).toBe('demo');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe('/srv/qunhub/data');
    expect(c.auditRetentionDays).toBe(184);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).auditRetentionDays).toBe(365);
  });

  const production = {
    QUNHUB_MODE: 'production',
    DATABASE_URL: 'postgres://db/qunhub',
    QUNHUB_DATA_KEYS: '1:x',
    QUNHUB_ACTIVE_KEY_ID: '1',
    QUNHUB_BLIND_INDEX_KEY: 'x',
    QUNHUB_AUDIT_KEY: 'x',
  };
  const problemsOf = (env: Record<string, string>, purpose: 'serve' | 'tool' = 'serve') => {
    try {
      loadConfig(env, '/srv/qunhub', purpose);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('refuses to serve in production without SECURE_COOKIE unless told a TLS proxy sits in front', () => {
    expect(problemsOf(production).join('\n')).toMatch(/SECURE_COOKIE=true.*BEHIND_TLS_PROXY=true/);
    expect(problemsOf({ ...production, SECURE_COOKIE: 'false' }).join('\n')).toMatch(/SECURE_COOKIE=true/);
    expect(problemsOf({ ...production, SECURE_COOKIE: 'yes' }).join('\n')).toMatch(/SECURE_COOKIE must be true or false/);
    expect(problemsOf({ ...production, BEHIND_TLS_PROXY: 'true' }).join('\n')).toMatch(/TRUST_PROXY/);
    // The command-line tools need no cookie settings.
    expect(problemsOf(production, 'tool')).toEqual([]);

    const direct = loadConfig({ ...production, SECURE_COOKIE: 'true' }, '/srv/qunhub', 'serve');
    expect(direct.session).toMatchObject({ secureCookie: true, behindTlsProxy: false });
    const proxied = loadConfig({ ...production, BEHIND_TLS_PROXY: 'true', TRUST_PROXY: '10.0.0.1' }, '/srv/qunhub', 'serve');
    expect(proxied.session).toMatchObject({ secureCookie: true, behindTlsProxy: true });
    expect(proxied.trustProxy).toBe('10.0.0.1');
  });

  it('keeps plain cookies in demo mode unless asked', () => {
    expect(loadConfig({}).session.secureCookie).toBe(false);
    expect(loadConfig({ SECURE_COOKIE: 'true' }).session.secureCookie).toBe(true);
    expect(loadConfig({ BEHIND_TLS_PROXY: 'true', TRUST_PROXY: '127.0.0.1' }).session.secureCookie).toBe(true);
  });

  it('keeps per-request log lines off the demo terminal unless LOG_REQUESTS asks for them', () => {
    expect(loadConfig({}).logRequests).toBe(false);
    expect(loadConfig({ LOG_REQUESTS: 'true' }).logRequests).toBe(true);
    expect(loadConfig({ QUNHUB_MODE: 'test', LOG_REQUESTS: 'false' }).logRequests).toBe(false);
    expect(() => loadConfig({ LOG_REQUESTS: 'yes' })).toThrow(/LOG_REQUESTS/);
    expect(loadConfig({ ...production, SECURE_COOKIE: 'true' }, '/srv/qunhub', 'serve').logRequests).toBe(true);
  });

  it('takes the owner role for migrations from DATABASE_MIGRATION_URL, only beside DATABASE_URL, and the anchor interval', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://qunhub_app@db/qunhub',
      DATABASE_MIGRATION_URL: 'postgres://qunhub_owner@db/qunhub',
      AUDIT_ANCHOR_SECONDS: '30',
    });
    expect(c.databaseUrl).toBe('postgres://qunhub_app@db/qunhub');
    expect(c.databaseMigrationUrl).toBe('postgres://qunhub_owner@db/qunhub');
    expect(c.auditAnchorSeconds).toBe(30);
    expect(loadConfig({}).databaseMigrationUrl).toBeNull();
    expect(loadConfig({}).auditAnchorSeconds).toBe(10);
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ DATABASE_MIGRATION_URL: 'postgres://qunhub_owner@db/qunhub' })).toContain('DATABASE_MIGRATION_URL needs DATABASE_URL');
    expect(problems({ DATABASE_URL: 'postgres://a@db/q', DATABASE_MIGRATION_URL: 'mysql://b@db/q' })).toContain(
      'DATABASE_MIGRATION_URL must start with postgres://',
    );
    expect(problems({ AUDIT_ANCHOR_SECONDS: '0' })).toContain('AUDIT_ANCHOR_SECONDS');
  });

  it('reads SMTP_URL and SMTP_FROM, refuses a bad URL naming the variable without echoing it, and leaves email off without one', () => {
    expect(loadConfig({}).smtp).toBeNull();
    const c = loadConfig({ SMTP_URL: 'smtp://mailer:s3cret@mail.example.org:587' });
    expect(c.smtp).toEqual({ url: 'smtp://mailer:s3cret@mail.example.org:587', from: '群团通 <noreply@localhost>' });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org', SMTP_FROM: '成都市总工会 <notice@example.org>' }).smtp?.from).toBe(
      '成都市总工会 <notice@example.org>',
    );
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
    };
    for (const bad of ['http://mail.example.org', 'smtp://', 'mail.example.org:25', 'smtp://u:topsecret@host:99999', 'smtp://host/path']) {
      const p = problems({ SMTP_URL: bad });
      expect(p, bad).toContain('SMTP_URL');
      expect(p).not.toContain('topsecret');
    }
    expect(problems({ SMTP_URL: 'smtp://mail.example.org', SMTP_FROM: 'not an address' })).toContain('SMTP_FROM');
  });
});
