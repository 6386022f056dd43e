import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { Obj, Ok, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';
import type { Citizen } from './citizens.service.js';

const Phone = Type.String({ minLength: 5, maxLength: 20 });

export const CitizenMe = Obj({
  personId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
  regionName: Type.String(),
  csrfToken: Type.String(),
});

const meOf = (c: Citizen) => ({
  personId: c.personId,
  name: c.name,
  phoneMasked: c.phoneMasked,
  regionCode: c.regionCode,
  regionName: c.regionName,
  csrfToken: c.csrfToken,
});

export function registerCitizenRoutes(app: App, c: Container): void {
  const tags = ['portal: citizens'];
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: c.config.session.secureCookie };
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.post('/portal/auth/code', {
    schema: {
      tags,
      summary: 'Send a one-time sign-in code to a mobile phone (the code is shown only in demo and test mode)',
      security: [],
      body: Obj({ phone: Phone }),
      response: withErrors({ 200: Obj({ sent: Type.Boolean(), expiresInSeconds: Type.Integer(), demoCode: Type.Optional(Type.String()) }) }),
    },
    config: { public: true, rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `citizen-code:${req.ip}` } },
    handler: async (req) => c.citizens.requestCode(meta(req), req.body.phone),
  });

  app.post('/portal/auth/verify', {
    schema: {
      tags,
      summary: 'Sign in with the code; a new phone needs a name and a community. Sets the citizen cookie.',
      security: [],
      body: Obj({
        phone: Phone,
        code: Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 }),
        name: Type.Optional(Text(40, 1)),
        regionCode: Type.Optional(RegionCode),
      }),
      response: withErrors({ 200: CitizenMe }),
    },
    config: { public: true, rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `citizen-verify:${req.ip}` } },
    handler: async (req, reply) => {
      const s = await c.citizens.verify(meta(req), req.body);
      reply.setCookie(c.citizens.cookieName, s.token, { ...cookieOpts, expires: s.expiresAt });
      return meOf(s.citizen);
    },
  });

  app.get('/portal/auth/me', {
    schema: { tags, summary: 'The signed-in citizen', response: withErrors({ 200: CitizenMe }) },
    config: { public: true },
    handler: async (req) => meOf(await c.citizens.require(req)),
  });

  app.post('/portal/auth/logout', {
    schema: { tags, summary: 'Sign the citizen out', body: Obj({}), response: withErrors({ 200: Ok }) },
    config: { public: true },
    handler: async (req, reply) => {
      await c.citizens.require(req);
      await c.citizens.signOut(meta(req), req.cookies[c.citizens.cookieName]);
      reply.clearCookie(c.citizens.cookieName, { path: '/' });
      return { ok: true };
    },
  });
}
