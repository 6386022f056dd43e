import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcAudience, OidcBinding, OidcBindings } from '../../../contracts/oidc.js';
import type { Config, OidcProvider } from '../../config.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { NewSession } from '../../platform/auth/sessions.js';
import { sm3 } from '../../platform/crypto/sm.js';
import { AppError } from '../../platform/errors.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuthService } from '../accounts/auth.service.js';
import type { CitizensService } from '../citizens/citizens.service.js';
import { LOGIN_TTL_SECONDS, OidcRefused, refusalOf, verifiedPhone } from './oidc.policy.js';
import * as repo from './oidc.repository.js';

export type Meta = { ip: string; requestId: string };
export type Finished = { audience: 'staff'; session: NewSession } | { audience: 'citizen'; token: string; expiresAt: Date };

const browserHash = (token: string) => sm3(Buffer.from(`oidc:${token}`, 'utf8'));
const loopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

const bindingOf = (r: repo.BindingRow): OidcBinding => ({
  id: Number(r.id),
  issuer: r.issuer,
  subject: r.subject,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
});

/**
 * Sign-in through an OpenID Connect provider (authorization code + PKCE, ADR 0016). Staff: the verified subject must
 * be bound to an existing account by the security administrator; citizens: the provider's verified phone finds the
 * person. Each refusal has a stable reason and an audit row.
 */
export class OidcService {
  private readonly discovered = new Map<OidcAudience, Promise<client.Configuration>>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    private readonly citizens: CitizensService,
    private readonly config: Config,
  ) {}

  /** The browser-binding cookie of a sign-in under way (lax: the provider's redirect back is a cross-site navigation). */
  readonly cookieName = (secure: boolean) => (secure ? '__Host-qh_oidc' : 'qh_oidc');

  provider(audience: OidcAudience): OidcProvider | null {
    return this.config.oidc[audience];
  }

  private async configuration(audience: OidcAudience): Promise<client.Configuration> {
    const p = this.provider(audience);
    if (!p) throw new AppError('NOT_FOUND');
    let found = this.discovered.get(audience);
    if (!found) {
      const issuer = new URL(p.issuer);
      // Plain HTTP only for a provider on this machine outside production (tests, a local provider); config enforces it.
      const insecure = issuer.protocol === 'http:' && loopback(issuer) && this.config.mode !== 'production';
      found = client.discovery(issuer, p.clientId, p.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      found.catch(() => this.discovered.delete(audience));
      this.discovered.set(audience, found);
    }
    return found;
  }

  /** Starts a sign-in: the provider's authorization URL, and the token the browser keeps in a cookie until it comes back. */
  async start(audience: OidcAudience): Promise<{ url: string; browserToken: string }> {
    const p = this.provider(audience);
    if (!p) throw new AppError('NOT_FOUND');
    let cfg: client.Configuration;
    try {
      cfg = await this.configuration(audience);
    } catch {
      throw new AppError('UNAVAILABLE');
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const browserToken = randomBytes(24).toString('base64url');
    await repo.insertLogin(this.db, { state, browserHash: browserHash(browserToken), audience, codeVerifier, nonce, ttlSeconds: LOGIN_TTL_SECONDS });
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: p.redirectUrl,
      scope: audience === 'citizen' ? 'openid phone' : 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, browserToken };
  }

  /**
   * Completes a sign-in from the provider's redirect: the state must be one this browser started and not yet used,
   * the code is exchanged with the PKCE verifier, the ID token checked (signature, issuer, audience, expiry, nonce).
   * Throws OidcRefused after auditing the refusal.
   */
  async finish(audience: OidcAudience, query: Record<string, string | undefined>, browserToken: string | undefined, meta: Meta): Promise<Finished> {
    const p = this.provider(audience);
    if (!p) throw new AppError('NOT_FOUND');
    try {
      const login = typeof query.state === 'string' ? await repo.takeLogin(this.db, query.state, audience) : undefined;
      if (!login || login.expired || !browserToken || !browserHash(browserToken).equals(login.browser_hash)) throw new OidcRefused('state');
      if (query.error) throw new OidcRefused('denied');
      let cfg: client.Configuration;
      try {
        cfg = await this.configuration(audience);
      } catch {
        throw new OidcRefused('provider');
      }
      // The URL the provider redirected to, rebuilt from configuration (a proxy in front may have rewritten the host).
      const current = new URL(p.redirectUrl);
      for (const [k, v] of Object.entries(query)) if (typeof v === 'string') current.searchParams.set(k, v);
      let claims: client.IDToken;
      try {
        const tokens = await client.authorizationCodeGrant(cfg, current, {
          pkceCodeVerifier: login.code_verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims()!;
      } catch (err) {
        if (err instanceof OidcRefused) throw err;
        throw new OidcRefused(refusalOf(err));
      }
      if (audience === 'staff') return await this.finishStaff(claims, meta);
      return await this.finishCitizen(claims, meta);
    } catch (err) {
      if (!(err instanceof OidcRefused)) throw err;
      // Refusals after the account or person was found are audited by the accounts and citizens services themselves.
      if (err.reason !== 'account_unusable' && err.reason !== 'no_person') {
        await this.audit.appendStandalone(actorOf(null, meta.ip, meta.requestId), {
          action: audience === 'staff' ? 'auth.oidc' : 'citizen.oidc',
          result: 'failed',
          detail: { reason: err.reason },
        });
      }
      throw err;
    }
  }

  private async finishStaff(claims: client.IDToken, meta: Meta): Promise<Finished> {
    const binding = await repo.findBinding(this.db, claims.iss, claims.sub);
    if (!binding) throw new OidcRefused('unbound');
    const session = await this.auth.signInVerified(Number(binding.account_id), meta.ip, meta.requestId, { via: 'oidc', binding: Number(binding.id) });
    if (!session) throw new OidcRefused('account_unusable');
    await repo.touchBinding(this.db, binding.id);
    return { audience: 'staff', session };
  }

  private async finishCitizen(claims: client.IDToken, meta: Meta): Promise<Finished> {
    const phone = verifiedPhone(claims as Record<string, unknown>);
    if (!phone) throw new OidcRefused('phone_unverified');
    const s = await this.citizens.signInVerifiedPhone(meta, phone);
    if (!s) throw new OidcRefused('no_person');
    return { audience: 'citizen', ...s };
  }

  /** An account's bindings; 404 for an account outside the administrator's scope. */
  async bindings(actor: Actor, accountId: number): Promise<OidcBindings> {
    await this.accounts.get(actor, accountId);
    return { issuer: this.config.oidc.staff?.issuer ?? null, bindings: (await repo.bindingsOf(this.db, accountId)).map(bindingOf) };
  }

  /** Binds the account to a subject of the configured staff provider; 409 when either is bound already. */
  async bind(ctx: RequestContext, accountId: number, subjectRaw: string): Promise<OidcBinding> {
    const issuer = this.config.oidc.staff?.issuer;
    if (!issuer) throw new AppError('INVALID_STATE', 'body.subject', { reason: 'oidc_off' });
    const subject = subjectRaw.trim();
    if (!subject) throw new AppError('VALIDATION', 'body.subject', { reason: 'required' });
    await this.accounts.get(ctx.actor, accountId);
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.insertBinding(trx, { accountId, issuer, subject, createdBy: ctx.actor.accountId });
      if (!row) throw new AppError('CONFLICT', 'body.subject', { reason: 'bound' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'account.oidc_bind',
        objectType: 'account',
        objectId: accountId,
        detail: { binding: Number(row.id), issuer },
      });
      return bindingOf(row);
    });
  }

  async unbind(ctx: RequestContext, accountId: number, bindingId: number): Promise<void> {
    await this.accounts.get(ctx.actor, accountId);
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.deleteBinding(trx, accountId, bindingId);
      if (!row) throw new AppError('NOT_FOUND');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'account.oidc_unbind',
        objectType: 'account',
        objectId: accountId,
        detail: { binding: bindingId, issuer: row.issuer },
      });
    });
  }
}
