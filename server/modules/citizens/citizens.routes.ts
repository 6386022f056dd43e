import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { citizens, type CitizenMe } from '../../../contracts/citizens.js';
import { contractRoute, openRoute } from '../../platform/http/contract.js';
import { citizenOf } from '../../platform/http/plugin.js';
import type { Citizen } from './citizens.service.js';

const meOf = (c: Citizen): CitizenMe => ({
  personId: c.personId,
  name: c.name,
  phoneMasked: c.phoneMasked,
  regionCode: c.regionCode,
  regionName: c.regionName,
  csrfToken: c.csrfToken,
});

export function registerCitizenRoutes(app: App, c: Container): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: c.config.session.secureCookie };
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.route({
    ...openRoute(contractRoute(citizens.requestCode)),
    config: { public: true, rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `citizen-code:${req.ip}` } },
    handler: async (req) => c.citizens.requestCode(meta(req), req.body.phone),
  });

  app.route({
    ...openRoute(contractRoute(citizens.verify)),
    config: { public: true, rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `citizen-verify:${req.ip}` } },
    handler: async (req, reply) => {
      const s = await c.citizens.verify(meta(req), req.body);
      reply.setCookie(c.citizens.cookieName, s.token, { ...cookieOpts, expires: s.expiresAt });
      return meOf(s.citizen);
    },
  });

  app.route({
    ...contractRoute(citizens.me),
    config: { citizen: 'required' },
    handler: async (req) => meOf(citizenOf(req)),
  });

  app.route({
    ...contractRoute(citizens.session),
    config: { citizen: 'optional' },
    handler: async (req) => ({ citizen: req.citizen ? meOf(req.citizen) : null }),
  });

  app.route({
    ...contractRoute(citizens.logout),
    config: { citizen: 'required' },
    handler: async (req, reply) => {
      citizenOf(req);
      await c.citizens.signOut(meta(req), req.cookies[c.citizens.cookieName]);
      reply.clearCookie(c.citizens.cookieName, { path: '/' });
      return { ok: true };
    },
  });
}
