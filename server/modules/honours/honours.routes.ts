import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { honours } from '../../../contracts/honours.js';
import { contractRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

/** Honours (评选表彰): programmes, nominations, review, vetting, notice, objections, announcement, certificates; portal notice and verification. */
export function registerHonourRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.route({
    ...contractRoute(honours.programmes),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listProgrammes(req.actor!) }),
  });

  app.route({
    ...contractRoute(honours.vettingOrgs),
    config: { permission: 'honour.manage' },
    handler: async (req) => ({ items: await c.honours.vettingOrgs(req.actor!) }),
  });

  app.route({
    ...contractRoute(honours.createProgramme),
    config: { permission: 'honour.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.honours.createProgramme(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(honours.programme),
    config: { signedIn: true },
    handler: async (req) => c.honours.getProgramme(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(honours.nominations),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listNominations(req.actor!, req.params.id, req.query) }),
  });

  app.route({
    ...contractRoute(honours.nominate),
    config: { permission: 'honour.nominate' },
    handler: async (req, reply) => reply.code(201).send(await c.honours.nominate(ctx(req), req.params.id, req.body)),
  });

  app.route({
    ...contractRoute(honours.forward),
    config: { permission: 'honour.review' },
    handler: async (req) => c.honours.forward(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.requestVetting),
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.requestVetting(ctx(req), req.params.id),
  });

  app.route({
    ...contractRoute(honours.publishNotice),
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.publishNotice(ctx(req), req.params.id),
  });

  app.route({
    ...contractRoute(honours.announce),
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.announce(ctx(req), req.params.id),
  });

  app.route({
    ...contractRoute(honours.awards),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listAwards(req.actor!, req.params.id) }),
  });

  app.route({
    ...contractRoute(honours.nomination),
    config: { signedIn: true },
    handler: async (req) => c.honours.getNomination(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(honours.returnNomination),
    config: { signedIn: true },
    handler: async (req) => c.honours.returnNomination(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.resubmit),
    config: { permission: 'honour.nominate' },
    handler: async (req) => c.honours.resubmit(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.vet),
    config: { permission: 'honour.vet' },
    handler: async (req) => c.honours.vet(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.decide),
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.decide(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.decideObjection),
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.decideObjection(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(honours.certificate),
    config: { signedIn: true },
    handler: async (req, reply) => {
      const { pdf, number } = await c.honours.certificate(ctx(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });

  app.route({
    ...contractRoute(honours.personHonours),
    config: { permission: 'people.read' },
    handler: async (req) => ({ items: await c.honours.personHonours(req.actor!, req.params.id) }),
  });

  // ───────────── Portal ─────────────
  // Public routes: no session is asked for in the API document.
  const notices = contractRoute(honours.portalNotices);
  app.route({
    ...notices,
    schema: { ...notices.schema, security: [] },
    config: { public: true },
    handler: async () => ({ items: await c.honours.publicNotices() }),
  });

  const notice = contractRoute(honours.portalNotice);
  app.route({
    ...notice,
    schema: { ...notice.schema, security: [] },
    config: { public: true },
    handler: async (req) => c.honours.publicNotice(req.params.id),
  });

  app.route({
    ...contractRoute(honours.portalObject),
    config: { citizen: 'required', rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `honour-objection:${req.ip}` } },
    handler: async (req, reply) => reply.code(201).send(await c.honours.lodgeObjection(meta(req), citizenOf(req), req.params.id, req.body)),
  });

  const verify = contractRoute(honours.portalVerify);
  app.route({
    ...verify,
    schema: { ...verify.schema, security: [] },
    config: { public: true, rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `honour-verify:${req.ip}` } },
    handler: async (req) => c.honours.verify(req.query.no, req.query.t),
  });
}
