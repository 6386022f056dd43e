import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { verifyAgainstDummy, verifyPassword } from '../../platform/auth/password.js';
import type { NewSession, SessionStore } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './accounts.repository.js';
import { normaliseUsername } from './accounts.policy.js';

/** Sign-in and sign-out. Wrong password, unknown user and locked account give one answer in similar time. */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly sessions: SessionStore,
    private readonly config: Config,
  ) {}

  async login(usernameRaw: unknown, passwordRaw: unknown, ip: string, requestId: string): Promise<NewSession> {
    const username = typeof usernameRaw === 'string' && usernameRaw.length <= 100 ? normaliseUsername(usernameRaw) : '';
    // Anything that is not a plausible password string is a failed attempt, checked before any hashing.
    const password = typeof passwordRaw === 'string' && passwordRaw.length <= 128 ? passwordRaw : null;
    const who = { actorId: null, actorName: username.slice(0, 60) || null, actorRoles: '', scope: '', ip, requestId };
    // Failures return null so that the failure count and its audit row commit; the refusal is thrown afterwards.
    const session = await this.db.transaction().execute(async (trx): Promise<NewSession | null> => {
      const row = username ? await repo.findForLogin(trx, username) : undefined;
      if (!row) {
        await verifyAgainstDummy(password ?? '', { memoryCost: this.config.passwordHashMemoryKib });
        await this.audit.append(trx, who, { action: 'auth.login', result: 'failed', detail: { reason: 'unknown' } });
        return null;
      }
      const ok = password !== null && (await verifyPassword(row.password_hash, password));
      const usable = row.status === 'active' && !row.locked;
      if (!ok || !usable) {
        const locked = !ok ? await repo.recordFailure(trx, row.id, this.config.login.maxFailures, this.config.login.lockMinutes) : row.locked;
        await this.audit.append(
          trx,
          { ...who, actorId: row.id },
          {
            action: locked ? 'auth.login_locked' : 'auth.login',
            result: 'failed',
            objectType: 'account',
            objectId: row.id,
            detail: { reason: !ok ? 'password' : row.status !== 'active' ? 'disabled' : 'locked' },
          },
        );
        return null;
      }
      await repo.recordSuccess(trx, row.id);
      const session = await this.sessions.create(trx, row.id, ip);
      await this.audit.append(trx, { ...who, actorId: row.id }, { action: 'auth.login', objectType: 'account', objectId: row.id });
      return session;
    });
    if (!session) throw new AppError('INVALID_CREDENTIALS');
    return session;
  }

  /**
   * Opens a session for an account whose identity another party verified (a bound OpenID Connect subject, ADR 0016):
   * no password, the same session as a password sign-in. Null, audited as failed, when the account is disabled or locked.
   */
  async signInVerified(accountId: number, ip: string, requestId: string, detail: Record<string, unknown>): Promise<NewSession | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findForSignIn(trx, accountId);
      const who = { actorId: accountId, actorName: row?.username.slice(0, 60) ?? null, actorRoles: '', scope: '', ip, requestId };
      if (!row || row.status !== 'active' || row.locked) {
        await this.audit.append(trx, who, {
          action: 'auth.login',
          result: 'failed',
          objectType: 'account',
          objectId: accountId,
          detail: { ...detail, reason: !row ? 'unknown' : row.locked ? 'locked' : 'disabled' },
        });
        return null;
      }
      await repo.recordSuccess(trx, row.id);
      const session = await this.sessions.create(trx, row.id, ip);
      await this.audit.append(trx, who, { action: 'auth.login', objectType: 'account', objectId: row.id, detail });
      return session;
    });
  }

  async logout(token: string, ctx: Parameters<typeof actorOf>[0]): Promise<void> {
    await this.sessions.destroy(token);
    await this.audit.appendStandalone(actorOf(ctx), { action: 'auth.logout' });
  }
}
