import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { volunteers } from '../../../contracts/volunteers.js';
import { contractRoute, openRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

export function registerVolunteerRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.route({
    ...contractRoute(volunteers.list),
    config: { permission: 'volunteer.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      return { ...(await c.volunteers.list(req.actor!, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(volunteers.get),
    config: { permission: 'volunteer.read' },
    handler: async (req) => c.volunteers.get(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(volunteers.certificate),
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => {
      const { pdf, number } = await c.volunteers.certificate(ctx(req), req.params.id, req.query.orgId);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });

  // ───────────── Needs and applications ─────────────
  app.route({
    ...contractRoute(volunteers.needs),
    config: { permission: 'volunteer.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      return { ...(await c.volunteers.listNeeds(req.actor!, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(volunteers.createNeed),
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.createNeed(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(volunteers.closeNeed),
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.closeNeed(ctx(req), req.params.id),
  });

  app.route({
    ...contractRoute(volunteers.applications),
    config: { permission: 'volunteer.read' },
    handler: async (req) => ({ items: await c.volunteers.applications(req.actor!, req.params.id) }),
  });

  app.route({
    ...contractRoute(volunteers.decideApplication),
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.decideApplication(ctx(req), req.params.id, req.body.decision),
  });

  // ───────────── Hours ─────────────
  app.route({
    ...contractRoute(volunteers.hours),
    config: { permission: 'volunteer.read' },
    handler: async (req) => ({ items: await c.volunteers.listHours(req.actor!, req.query) }),
  });

  app.route({
    ...contractRoute(volunteers.recordHours),
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.recordHours(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(volunteers.decideHours),
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.decideHours(ctx(req), req.params.id, req.body.decision),
  });

  // ───────────── Portal ─────────────
  app.route({
    ...contractRoute(volunteers.portalMe),
    config: { citizen: 'required' },
    handler: async (req) => c.volunteers.myProfile(citizenOf(req)),
  });

  app.route({
    ...contractRoute(volunteers.portalSignUp),
    config: { citizen: 'required' },
    handler: async (req) => c.volunteers.signUp(meta(req), citizenOf(req), req.body),
  });

  app.route({
    ...openRoute(contractRoute(volunteers.portalNeeds)),
    config: { public: true },
    handler: async (req) => {
      const { page = 1, pageSize = 20 } = req.query;
      return { ...(await c.volunteers.openNeeds({ page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(volunteers.portalApply),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.apply(meta(req), citizenOf(req), req.params.id)),
  });

  app.route({
    ...contractRoute(volunteers.portalCertificate),
    config: { citizen: 'required' },
    handler: async (req, reply) => {
      const { pdf, number } = await c.volunteers.myCertificate(meta(req), citizenOf(req), req.query.orgId);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });
}
