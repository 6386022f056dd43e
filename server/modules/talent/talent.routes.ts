import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { talent } from '../../../contracts/talent.js';
import { contractRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

/** Talent programmes (人才培养): console routes and the portal's enrolment, certificates and verification. */
export function registerTalentRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

  app.route({ ...contractRoute(talent.list), config: { permission: 'talent.read' }, handler: async (req) => ({ items: await c.talent.list(req.actor!) }) });
  app.route({ ...contractRoute(talent.summary), config: { permission: 'talent.read' }, handler: async (req) => c.talent.summary(req.actor!) });
  app.route({ ...contractRoute(talent.figures), config: { permission: 'talent.read' }, handler: async (req) => c.talent.figures(req.actor!, req.query) });
  app.route({
    ...contractRoute(talent.create),
    config: { permission: 'talent.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.talent.create(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(talent.get), config: { permission: 'talent.read' }, handler: async (req) => c.talent.get(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(talent.setStatus),
    config: { permission: 'talent.manage' },
    handler: async (req) => c.talent.setStatus(ctx(req), req.params.id, req.body.status, req.body.version),
  });
  app.route({
    ...contractRoute(talent.addSession),
    config: { permission: 'talent.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.talent.addSession(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(talent.enrolments),
    config: { permission: 'talent.read' },
    handler: async (req) => ({ items: await c.talent.enrolments(req.actor!, req.params.id) }),
  });
  app.route({
    ...contractRoute(talent.enrol),
    config: { permission: 'talent.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.talent.enrol(ctx(req), req.params.id, req.body.personId)),
  });
  app.route({
    ...contractRoute(talent.attend),
    config: { permission: 'talent.manage' },
    handler: async (req) => c.talent.attend(ctx(req), req.params.id, req.body.sessionId),
  });
  app.route({
    ...contractRoute(talent.assess),
    config: { permission: 'talent.manage' },
    handler: async (req) => c.talent.assess(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(talent.certificate),
    config: { permission: 'talent.read' },
    handler: async (req, reply) => {
      const { pdf, number } = await c.talent.certificate(ctx(req), req.params.id, origin(req));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });

  app.route({ ...contractRoute(talent.portalList), config: { public: true }, handler: async () => ({ items: await c.talent.openProgrammes() }) });
  app.route({
    ...contractRoute(talent.portalEnrol),
    config: { citizen: 'required', rateLimit: { max: 20, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `talent-enrol:${req.ip}` } },
    handler: async (req, reply) => reply.code(201).send(await c.talent.enrolMine(meta(req), citizenOf(req), req.params.id)),
  });
  app.route({
    ...contractRoute(talent.portalMine),
    config: { citizen: 'required' },
    handler: async (req) => ({ items: await c.talent.mine(citizenOf(req)) }),
  });
  app.route({
    ...contractRoute(talent.portalCertificate),
    config: { citizen: 'required' },
    handler: async (req, reply) => {
      const { pdf, number } = await c.talent.myCertificate(meta(req), citizenOf(req), req.params.id, origin(req));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });
  app.route({
    ...contractRoute(talent.verify),
    config: { public: true, rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `talent-verify:${req.ip}` } },
    handler: async (req) => c.talent.verify(req.query.no, req.query.t),
  });
}
