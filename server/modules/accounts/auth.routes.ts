import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { ctx, sessionCookieName } from '../../platform/http/plugin.js';
import { Obj, Ok, Text, withErrors } from '../../platform/http/schemas.js';

const UiPrefs = Obj({
  elder: Type.Optional(Type.Boolean({ description: 'elder mode (适老化): larger text, targets and spacing' })),
  contrast: Type.Optional(Type.Boolean({ description: "the platform's high-contrast theme" })),
  largeFont: Type.Optional(Type.Boolean()),
});

const Me = Obj({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgType: Type.String(),
  roles: Type.Array(Type.String()),
  adminKind: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  scope: Obj({ orgPath: Type.String(), regionPath: Type.String(), crossType: Type.Boolean() }),
  csrfToken: Type.String(),
  uiPrefs: UiPrefs,
  email: Type.Union([Type.String(), Type.Null()], { description: 'my own email address, where notifications I chose by email are sent; null when none' }),
  phoneMasked: Type.Union([Type.String(), Type.Null()], { description: 'my own mobile phone, masked (138****1234), where notifications I chose by SMS are sent; null when none' }),
});

const meOf = (a: Actor, csrfToken: string, uiPrefs: Static<typeof UiPrefs>, own: { email: string | null; phoneMasked: string | null }) => ({
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
  const tags = ['auth'];
  const cookieName = sessionCookieName(c.config.session.secureCookie);
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: c.config.session.secureCookie };

  app.post('/auth/login', {
    schema: {
      tags,
      summary: 'Sign in; sets the session cookie. One answer for every kind of failure.',
      security: [],
      body: Obj({ username: Text(100), password: Type.Optional(Type.Unknown()) }),
      response: withErrors({ 200: Me }),
    },
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

  app.post('/auth/logout', {
    schema: { tags, response: withErrors({ 200: Ok }) },
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req, reply: FastifyReply) => {
      if (req.sessionToken) await c.auth.logout(req.sessionToken, ctx(req));
      reply.clearCookie(cookieName, { path: '/' });
      reply.header('clear-site-data', '"cache", "storage"');
      return { ok: true };
    },
  });

  app.get('/auth/me', {
    schema: { tags, summary: 'The signed-in account: roles, permissions, scope, CSRF token, display preferences and own email address', response: withErrors({ 200: Me }) },
    config: { signedIn: true, allowPasswordChange: true },
    // The session the request hook resolved: one lookup per request.
    handler: async (req) => {
      const resolved = req.session;
      if (!resolved) throw new AppError('SESSION_EXPIRED');
      return meOf(resolved.actor, resolved.csrfToken, c.accounts.ownUiPrefs(resolved.own.uiPrefs), resolved.own);
    },
  });

  app.put('/auth/me/email', {
    schema: {
      tags,
      summary: 'Set (or, with null, clear) my own email address, where notifications I chose by email are sent',
      body: Obj({ email: Type.Union([Text(254), Type.Null()]) }),
      response: withErrors({ 200: Obj({ email: Type.Union([Type.String(), Type.Null()]) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => c.accounts.setOwnEmail(ctx(req), req.body.email),
  });

  app.put('/auth/me/phone', {
    schema: {
      tags,
      summary: 'Set (or, with null, clear) my own mobile phone, where notifications I chose by SMS are sent; answered masked',
      body: Obj({ phone: Type.Union([Text(32), Type.Null()]) }),
      response: withErrors({ 200: Obj({ phoneMasked: Type.Union([Type.String(), Type.Null()]) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => c.accounts.setOwnPhone(ctx(req), req.body.phone),
  });

  app.put('/auth/me/prefs', {
    schema: {
      tags,
      summary: 'Save my own display preferences (elder mode, high contrast, large font); they follow me to another computer',
      body: UiPrefs,
      response: withErrors({ 200: UiPrefs }),
    },
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req) => c.accounts.setOwnUiPrefs(ctx(req), req.body),
  });

  app.post('/auth/password', {
    schema: {
      tags,
      summary: 'Change my own password; every other session of the account ends',
      body: Obj({ currentPassword: Text(128, 1), newPassword: Text(128, 1) }),
      response: withErrors({ 200: Obj({ ok: Type.Boolean(), endedSessions: Type.Integer({ minimum: 0, description: 'how many other sessions of the account were ended' }) }) }),
    },
    config: { signedIn: true, allowPasswordChange: true },
    handler: async (req) => {
      const r = await c.accounts.changeOwnPassword(ctx(req), req.sessionToken!, req.body.currentPassword, req.body.newPassword);
      return { ok: true, endedSessions: r.endedSessions };
    },
  });
}
