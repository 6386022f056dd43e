import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { auth, type Me, type UiPrefs } from '../../../contracts/accounts.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { ctx, sessionCookieName } from '../../platform/http/plugin.js';
import { contractRoute } from '../../platform/http/contract.js';

const meOf = (a: Actor, csrfToken: string, uiPrefs: UiPrefs, own: { email: string | null; phoneMasked: string | null }): Me => ({
  id: a.accountId,
  username: a.username,
  displayName: a.displayName,
  orgId: a.orgId,
  orgName: a.orgName,
  orgType: a.orgTypeCode,
  roles: a.roles,
  adminKind: a.adminKind,
  permissions: [...a.permissions].sort(),
  mustChangePassword: a.mustChangePassword,
  scope: { orgPath: a.scope.orgPath, regionPath: a.scope.regionPath, crossType: a.scope.crossType },
  csrfToken,
  uiPrefs,
  email: own.email,
  phoneMasked: own.phoneMasked,
});

export function registerAuthRoutes(app: App, c: Container): void {
  const cookieName = sessionCookieName(c.config.session.secureCookie);
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: c.config.session.secureCookie };

  const login = contractRoute(auth.login);
  app.route({
    ...login,
    // Public: no session is asked for in the API document.
    schema: { ...login.schema, security: [] },
    config: {
      public: true,
      rateLimit: { max: c.config.login.rateLimitPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `login:${req.ip}` },
    },
    handler: async (req, reply) => {
      const s = await c.auth.login(req.body.username, req.body.password, req.ip, req.id);
      const resolved = await c.sessions.resolve(s.token);
      if (!resolved || resolved === 'expired') throw new AppError('UNAUTHENTICATED');
      reply.setCookie(cookieName, s.token, { ...cookieOpts, expires: s.expiresAt });
      return meOf(resolved.actor, s.csrfToken, c.accounts.ownUiPrefs(resolved.own.uiPrefs), resolved.own);
    },
  });

  app.route({
    ...contractRoute(auth.logout),
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req, reply: FastifyReply) => {
      if (req.sessionToken) await c.auth.logout(req.sessionToken, ctx(req));
      reply.clearCookie(cookieName, { path: '/' });
      reply.header('clear-site-data', '"cache", "storage"');
      return { ok: true };
    },
  });

  app.route({
    ...contractRoute(auth.me),
    config: { signedIn: true, allowPasswordChange: true },
    // The session the request hook resolved: one lookup per request.
    handler: async (req) => {
      const resolved = req.session;
      if (!resolved) throw new AppError('SESSION_EXPIRED');
      return meOf(resolved.actor, resolved.csrfToken, c.accounts.ownUiPrefs(resolved.own.uiPrefs), resolved.own);
    },
  });

  app.route({
    ...contractRoute(auth.setOwnEmail),
    config: { signedIn: true },
    handler: async (req) => c.accounts.setOwnEmail(ctx(req), req.body.email),
  });

  app.route({
    ...contractRoute(auth.setOwnPhone),
    config: { signedIn: true },
    handler: async (req) => c.accounts.setOwnPhone(ctx(req), req.body.phone),
  });

  app.route({
    ...contractRoute(auth.setOwnPrefs),
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req) => c.accounts.setOwnUiPrefs(ctx(req), req.body),
  });

  app.route({
    ...contractRoute(auth.changePassword),
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req) => {
      const r = await c.accounts.changeOwnPassword(ctx(req), req.sessionToken!, req.body.currentPassword, req.body.newPassword);
      return { ok: true, endedSessions: r.endedSessions };
    },
  });
}
