import type { FastifyReply } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { oidc } from '../../../contracts/oidc.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx, sessionCookieName } from '../../platform/http/plugin.js';
import type { OidcAudience } from '../../../contracts/oidc.js';
import { OidcRefused } from './oidc.policy.js';

export function registerOidcRoutes(app: App, c: Container): void {
  const secure = c.config.session.secureCookie;
  const binding = c.oidc.cookieName(secure);
  const bindingOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: 600 };
  const sessionOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };
  const home: Record<OidcAudience, { done: string; login: string }> = {
    staff: { done: '/', login: '/login' },
    citizen: { done: '/portal/activities', login: '/portal/sign-in' },
  };
  const meta = (req: { ip: string; id: string }) => ({ ip: req.ip, requestId: req.id });

  const start = async (audience: OidcAudience, reply: FastifyReply) => {
    const s = await c.oidc.start(audience);
    reply.setCookie(binding, s.browserToken, bindingOpts);
    reply.header('cache-control', 'no-store');
    return reply.redirect(s.url, 302);
  };
  const callback = async (audience: OidcAudience, req: Parameters<Parameters<App['route']>[0]['handler']>[0], reply: FastifyReply) => {
    reply.clearCookie(binding, { path: '/' });
    reply.header('cache-control', 'no-store');
    try {
      const done = await c.oidc.finish(audience, req.query as Record<string, string | undefined>, req.cookies[binding], meta(req));
      if (done.audience === 'staff') reply.setCookie(sessionCookieName(secure), done.session.token, { ...sessionOpts, expires: done.session.expiresAt });
      else reply.setCookie(c.citizens.cookieName, done.token, { ...sessionOpts, expires: done.expiresAt });
      return reply.redirect(home[audience].done, 302);
    } catch (err) {
      if (!(err instanceof OidcRefused)) throw err;
      return reply.redirect(`${home[audience].login}?oidc_error=${err.reason}`, 302);
    }
  };

  app.route({ ...contractRoute(oidc.status), config: { public: true }, handler: async () => ({ enabled: c.config.oidc.staff !== null }) });
  app.route({ ...contractRoute(oidc.start), config: { public: true }, handler: async (_req, reply) => start('staff', reply) });
  app.route({ ...contractRoute(oidc.callback), config: { public: true }, handler: async (req, reply) => callback('staff', req, reply) });
  app.route({ ...contractRoute(oidc.citizenStatus), config: { public: true }, handler: async () => ({ enabled: c.config.oidc.citizen !== null }) });
  app.route({ ...contractRoute(oidc.citizenStart), config: { public: true }, handler: async (_req, reply) => start('citizen', reply) });
  app.route({ ...contractRoute(oidc.citizenCallback), config: { public: true }, handler: async (req, reply) => callback('citizen', req, reply) });

  app.route({ ...contractRoute(oidc.bindings), config: { permission: 'account.oidc' }, handler: async (req) => c.oidc.bindings(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(oidc.bind),
    config: { permission: 'account.oidc' },
    handler: async (req) => c.oidc.bind(ctx(req), req.params.id, req.body.subject),
  });
  app.route({
    ...contractRoute(oidc.unbind),
    config: { permission: 'account.oidc' },
    handler: async (req) => {
      await c.oidc.unbind(ctx(req), req.params.id, req.params.bindingId);
      return { ok: true };
    },
  });
}
