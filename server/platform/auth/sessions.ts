import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { prepared, type Database, type Db } from '../../db/client.js';
import { sm3 } from '../crypto/sm.js';
import { PERMISSIONS, type Actor, type Permission } from './actor.js';

export type SessionPolicy = { idleMinutes: number; absoluteHours: number; passwordMaxAgeDays: number };

export type NewSession = { token: string; csrfToken: string; expiresAt: Date };

const tokenHash = (token: string) => sm3(Buffer.from(token, 'utf8'));

/** Sessions live in PostgreSQL so any server process can serve any request. */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy,
  ) {}

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
   * Resolves a session token to the acting account with its roles and scope, in one query.
   * Returns 'expired' (and deletes the row) past the idle or absolute limit.
   */
  async resolve(token: string): Promise<{ actor: Actor; csrfToken: string } | 'expired' | null> {
    const hash = tokenHash(token);
    const r = await sql<{
      account_id: number;
      username: string;
      display_name: string;
      status: string;
      org_id: number;
      org_name: string;
      org_type: string;
      org_path: string;
      region_path: string;
      csrf_token: string;
      idle: boolean;
      absolute: boolean;
      refresh: boolean;
      password_old: boolean;
      roles: string[] | null;
      admin_kind: string | null;
      permissions: string[] | null;
    }>`${prepared}
      SELECT a.id AS account_id, a.username, a.display_name, a.status,
             o.id AS org_id, o.name AS org_name, o.type_code AS org_type, o.path::text AS org_path, o.region_path::text AS region_path,
             s.csrf_token,
             s.last_seen_at < now() - make_interval(mins => ${this.policy.idleMinutes}) AS idle,
             s.expires_at < now() AS absolute,
             s.last_seen_at < now() - interval '30 seconds' AS refresh,
             a.password_changed_at < now() - make_interval(days => ${this.policy.passwordMaxAgeDays}) AS password_old,
             (SELECT array_agg(ar.role_code ORDER BY ar.role_code) FROM account_roles ar WHERE ar.account_id = a.id) AS roles,
             (SELECT max(ar.admin_kind) FROM account_roles ar WHERE ar.account_id = a.id) AS admin_kind,
             (SELECT array_agg(DISTINCT p) FROM account_roles ar JOIN roles ro ON ro.code = ar.role_code, unnest(ro.permissions) p
               WHERE ar.account_id = a.id) AS permissions
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
      await this.db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', hash).execute();
    }
    const known = new Set<string>(PERMISSIONS);
    const permissions = new Set((row.permissions ?? []).filter((p): p is Permission => known.has(p)));
    return {
      csrfToken: row.csrf_token,
      actor: {
        accountId: row.account_id,
        username: row.username,
        displayName: row.display_name,
        orgId: row.org_id,
        orgName: row.org_name,
        orgTypeCode: row.org_type,
        roles: row.roles ?? [],
        adminKind: (row.admin_kind as Actor['adminKind']) ?? null,
        permissions,
        scope: { orgPath: row.org_path, regionPath: row.region_path, crossType: permissions.has('scope.cross_type'), orgId: row.org_id },
        mustChangePassword: row.password_old,
      },
    };
  }
}
