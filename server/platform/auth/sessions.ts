import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import { prepared, type Database, type Db } from '../../db/client.js';
import { sm3 } from '../crypto/sm.js';
import { PERMISSIONS, type Actor, type Permission } from './actor.js';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number; passwordMaxAgeDays: number };

/** A live session: the actor, its CSRF token, and the account's own settings (never logged, not part of the actor). */
export type ResolvedSession = {
  actor: Actor;
  csrfToken: string;
  own: { email: string | null; phoneMasked: string | null; uiPrefs: Record<string, unknown> };
};

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

const tokenHash = (token: string) => sm3(Buffer.from(token, 'utf8'));
const KNOWN_PERMISSIONS = new Set<string>(PERMISSIONS);

/** The account and organization columns an actor is built from, with its roles and their permissions (`a`, `o`). */
const ACTOR_COLUMNS = sql`a.username, a.display_name, o.id AS org_id, o.name AS org_name, o.type_code AS org_type, o.path::text AS org_path,
  o.region_path::text AS region_path,
  (SELECT array_agg(ar.role_code ORDER BY ar.role_code) FROM account_roles ar WHERE ar.account_id = a.id) AS roles,
  (SELECT max(ar.admin_kind) FROM account_roles ar WHERE ar.account_id = a.id) AS admin_kind,
  (SELECT array_agg(DISTINCT p) FROM account_roles ar JOIN roles ro ON ro.code = ar.role_code, unnest(ro.permissions) p
    WHERE ar.account_id = a.id) AS permissions`;

type ActorColumns = {
  username: string;
  display_name: string;
  org_id: number;
  org_name: string;
  org_type: string;
  org_path: string;
  region_path: string;
  roles: string[] | null;
  admin_kind: string | null;
  permissions: string[] | null;
};

function toActor(accountId: number, row: ActorColumns, mustChangePassword: boolean): Actor {
  const permissions = new Set((row.permissions ?? []).filter((p): p is Permission => KNOWN_PERMISSIONS.has(p)));
  return {
    accountId,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    orgName: row.org_name,
    orgTypeCode: row.org_type,
    roles: row.roles ?? [],
    adminKind: (row.admin_kind as Actor['adminKind']) ?? null,
    permissions,
    scope: { orgPath: row.org_path, regionPath: row.region_path, crossType: permissions.has('scope.cross_type'), orgId: row.org_id },
    mustChangePassword,
  };
}

/** The channel the generation triggers of migration 0253 notify on. */
const AUTH_CHANNEL = 'qh_auth_generation';
/** How often a session's `last_seen_at` is written while it is in use. */
const TOUCH_MS = 30_000;
const RELISTEN_MS = 1_000;

type CachedSession = {
  session: ResolvedSession;
  /** The auth generation the row was read at: served only while the database's generation is still this one. */
  gen: number;
  /** Local monotonic times (performance.now()), from the database's own intervals, so no clock skew enters. */
  seenAt: number;
  expiresAt: number;
  passwordOldAt: number;
};

export type ActorCacheOptions = {
  /** A new connection to the database (not from the pool): it LISTENs and reads the generation. Absent: no cache. */
  connect?: () => pg.Client;
  /** Sessions kept per process, least recently used dropped first. */
  maxEntries?: number;
};

export type ActorCacheStats = { hits: number; misses: number; bypasses: number; size: number; listening: boolean; generation: number };

/**
 * Sessions live in PostgreSQL so any server process can serve any request. Resolved sessions are kept per process
 * (ADR 0025) and served only after a generation read that started after the request arrived returns the generation the
 * session was read at; the read is shared by every request waiting for one, and made on the listening connection, so
 * while that connection is down nothing is served from the cache.
 */
export class SessionStore {
  private readonly cache = new Map<string, CachedSession>();
  private readonly maxEntries: number;
  private readonly stats = { hits: 0, misses: 0, bypasses: 0 };
  /** The newest generation seen: entries read at an older one are stale. */
  private generationSeen = 0;
  private listener: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private relisten: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private sent: Promise<number> | null = null;
  private queued: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy,
    private readonly cacheOptions: ActorCacheOptions = {},
  ) {
    this.maxEntries = cacheOptions.maxEntries ?? 10_000;
  }

  /**
   * The actor of an account as a fresh sign-in would see it, for work an account started that goes on without a
   * request (a member import resumed after a restart); null when the account is gone or no longer active.
   */
  async actorOfAccount(db: Db, accountId: number): Promise<Actor | null> {
    const row = (
      await sql<ActorColumns>`SELECT ${ACTOR_COLUMNS} FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = ${accountId} AND a.status = 'active'`.execute(
        db,
      )
    ).rows[0];
    return row ? toActor(accountId, row, false) : null;
  }

  /** Counters of the actor cache, for tests and diagnostics. */
  cacheStats(): ActorCacheStats {
    return { ...this.stats, size: this.cache.size, listening: this.listening, generation: this.generationSeen };
  }

  /** Starts listening for generation bumps (also done by the first resolve); resolves once listening or failed. */
  listen(): Promise<void> {
    if (!this.cacheOptions.connect || this.stopped) return Promise.resolve();
    this.connecting ??= this.connectListener().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connectListener(): Promise<void> {
    if (!this.cacheOptions.connect || this.stopped || this.listener) return;
    const client = this.cacheOptions.connect();
    this.listener = client;
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = false;
      this.sent = this.queued = null;
      this.cache.clear();
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (!this.stopped && !this.relisten) {
        this.relisten = setTimeout(() => {
          this.relisten = null;
          void this.listen();
        }, RELISTEN_MS);
        this.relisten.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === AUTH_CHANNEL) this.advance(Number(n.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      if (this.listener === client) this.listening = true;
      else await client.end();
    } catch {
      lost();
    }
  }

  /** Stops listening and empties the cache (server shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relisten) clearTimeout(this.relisten);
    this.relisten = null;
    const client = this.listener;
    this.listener = null;
    this.listening = false;
    this.cache.clear();
    if (client) await client.end().catch(() => {});
  }

  /** Drops every entry read before generation `gen`. */
  private advance(gen: number): void {
    if (!(gen > this.generationSeen)) return;
    this.generationSeen = gen;
    this.cache.clear();
  }

  /**
   * The database's current auth generation, from a read sent after this call: a read already under way may predate
   * the caller's request (and a change committed just before it), so callers arriving meanwhile share the next one.
   */
  private generation(): Promise<number> {
    if (!this.sent) return this.send();
    this.queued ??= this.sent
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        return this.send();
      });
    return this.queued;
  }

  private send(): Promise<number> {
    const client = this.listener;
    if (!client || !this.listening) return Promise.reject(new Error('not listening'));
    const p: Promise<number> = client.query<{ gen: string }>('SELECT gen FROM auth_generation WHERE id = 1').then(
      (r) => {
        if (this.sent === p) this.sent = null;
        const gen = Number(r.rows[0]!.gen);
        this.advance(gen);
        return gen;
      },
      (err: unknown) => {
        if (this.sent === p) this.sent = null;
        throw err;
      },
    );
    this.sent = p;
    return p;
  }

  /** A cached session still valid now, or null (then the database decides). */
  private async cached(key: string): Promise<ResolvedSession | null> {
    const hit = this.cache.get(key);
    if (!hit) return null;
    let gen: number;
    try {
      gen = await this.generation();
    } catch {
      return null;
    }
    const now = performance.now();
    if (gen !== hit.gen || this.cache.get(key) !== hit || now >= hit.expiresAt || now >= hit.seenAt + this.policy.idleMinutes * 60_000) {
      this.cache.delete(key);
      return null;
    }
    this.cache.delete(key);
    this.cache.set(key, hit);
    if (now - hit.seenAt > TOUCH_MS) {
      hit.seenAt = now;
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()` })
        .where('token_hash', '=', Buffer.from(key, 'base64'))
        .execute();
    }
    const old = now >= hit.passwordOldAt;
    if (old !== hit.session.actor.mustChangePassword) hit.session = { ...hit.session, actor: { ...hit.session.actor, mustChangePassword: old } };
    return hit.session;
  }

  async create(db: Db, accountId: number, ip: string): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.policy.absoluteHours * 3600_000);
    await db
      .insertInto('sessions')
      .values({ token_hash: tokenHash(token), account_id: accountId, csrf_token: csrfToken, expires_at: expiresAt, ip })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  async destroy(token: string): Promise<void> {
    this.cache.delete(tokenHash(token).toString('base64'));
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
  }

  async destroyAllFor(db: Db, accountId: number): Promise<void> {
    await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
  }

  /** Ends every session of the account except the one presenting `keepToken`; answers how many were ended. */
  async destroyOthersFor(db: Db, accountId: number, keepToken: string): Promise<number> {
    const r = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('token_hash', '<>', tokenHash(keepToken)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Resolves a session token to the acting account with its roles and scope, and the account's own email address and
   * display preferences (what "my account" shows), in one query.
   * Returns 'expired' (and deletes the row) past the idle or absolute limit.
   */
  async resolve(token: string): Promise<ResolvedSession | 'expired' | null> {
    const hash = tokenHash(token);
    const key = hash.toString('base64');
    if (this.listening) {
      const hit = await this.cached(key);
      if (hit) {
        this.stats.hits++;
        return hit;
      }
      this.stats.misses++;
    } else {
      this.stats.bypasses++;
      if (!this.listener && !this.relisten) void this.listen();
    }
    const t0 = performance.now();
    const r = await sql<
      ActorColumns & {
        account_id: number;
        status: string;
        csrf_token: string;
        idle: boolean;
        absolute: boolean;
        refresh: boolean;
        password_old: boolean;
        email: string | null;
        phone_masked: string | null;
        ui_prefs: Record<string, unknown> | null;
        gen: number;
        seen_ago: number;
        expires_in: number;
        password_in: number;
      }
    >`${prepared}
      SELECT a.id AS account_id, a.status, a.email, a.phone_masked, a.ui_prefs, ${ACTOR_COLUMNS},
             s.csrf_token,
             s.last_seen_at < now() - make_interval(mins => ${this.policy.idleMinutes}) AS idle,
             s.expires_at < now() AS absolute,
             s.last_seen_at < now() - interval '30 seconds' AS refresh,
             a.password_changed_at < now() - make_interval(days => ${this.policy.passwordMaxAgeDays}) AS password_old,
             (SELECT g.gen FROM auth_generation g WHERE g.id = 1) AS gen,
             extract(epoch FROM now() - s.last_seen_at)::float8 AS seen_ago,
             extract(epoch FROM s.expires_at - now())::float8 AS expires_in,
             extract(epoch FROM a.password_changed_at + make_interval(days => ${this.policy.passwordMaxAgeDays}) - now())::float8 AS password_in
      FROM sessions s
      JOIN accounts a ON a.id = s.account_id
      JOIN orgs o ON o.id = a.org_id
      WHERE s.token_hash = ${hash}`.execute(this.db);
    const row = r.rows[0];
    if (!row) return null;
    if (row.idle || row.absolute || row.status !== 'active') {
      await this.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
      return 'expired';
    }
    if (row.refresh) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()` })
        .where('token_hash', '=', hash)
        .execute();
    }
    const session: ResolvedSession = {
      csrfToken: row.csrf_token,
      own: { email: row.email, phoneMasked: row.phone_masked, uiPrefs: row.ui_prefs ?? {} },
      actor: toActor(row.account_id, row, row.password_old),
    };
    // Read at a generation older than one already seen: a change may have landed since, so it is not kept.
    if (this.listening && row.gen >= this.generationSeen) {
      this.advance(row.gen);
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, {
        session,
        gen: row.gen,
        seenAt: row.refresh ? t0 : t0 - row.seen_ago * 1000,
        expiresAt: t0 + row.expires_in * 1000,
        passwordOldAt: t0 + row.password_in * 1000,
      });
    }
    return session;
  }
}
