import { createReadStream } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { socialorgs as s } from '../../../contracts/socialorgs.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });

export function registerSocialOrgRoutes(app: App, c: Container): void {
  const so = () => c.socialorgs;
  app.route({
    ...contractRoute(s.list),
    config: { permission: 'sorg.read' },
    handler: async (req) => so().list(req.actor!, { ...req.query, ...page(req.query) }),
  });
  app.route({
    ...contractRoute(s.register),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().register(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(s.mine), config: { permission: 'sorg.self' }, handler: async (req) => so().mine(req.actor!) });
  app.route({ ...contractRoute(s.get), config: { permission: 'sorg.read' }, handler: async (req) => so().get(req.actor!, req.params.id) });
  app.route({ ...contractRoute(s.update), config: { permission: 'sorg.manage' }, handler: async (req) => so().update(ctx(req), req.params.id, req.body) });
  app.route({
    ...contractRoute(s.addDocument),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().addDocument(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(s.uploadDocumentFile),
    config: { permission: 'sorg.manage' },
    // The file travels in base64: 10 MB of bytes is about 13.4 MB of text.
    bodyLimit: 15 * 1024 * 1024,
    handler: async (req) => so().uploadDocumentFile(ctx(req), req.params.id, req.params.documentId, req.body),
  });
  // The organization's own staff (sorg.self) and registry readers (sorg.read): the service checks which.
  app.route({
    ...contractRoute(s.documentFile),
    config: { signedIn: true },
    handler: async (req, reply) => {
      const f = await so().documentFile(ctx(req), req.params.id, req.params.documentId);
      return reply
        .type(f.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(createReadStream(f.path));
    },
  });
  app.route({
    ...contractRoute(s.join),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().join(ctx(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(s.leave), config: { permission: 'sorg.manage' }, handler: async (req) => so().leave(ctx(req), req.params.id, req.body) });
  app.route({
    ...contractRoute(s.incubate),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().incubate(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(s.updateIncubation),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().updateIncubation(ctx(req), req.params.id, req.body),
  });

  // Calls are read by the mass organizations' staff and, once published, by social organizations (checked in the service).
  app.route({
    ...contractRoute(s.calls),
    config: { signedIn: true },
    handler: async (req) => so().calls(req.actor!, { status: req.query.status, ...page(req.query) }),
  });
  app.route({
    ...contractRoute(s.createCall),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().createCall(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(s.call), config: { signedIn: true }, handler: async (req) => so().call(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(s.publishCall),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().publishCall(ctx(req), req.params.id, req.body.version),
  });
  app.route({
    ...contractRoute(s.setPanel),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().setPanel(ctx(req), req.params.id, req.body.accountIds),
  });
  app.route({
    ...contractRoute(s.panelCandidates),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().panelCandidates(req.actor!, req.params.id),
  });
  app.route({
    ...contractRoute(s.closeCall),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().closeCall(ctx(req), req.params.id, req.body.version),
  });
  app.route({
    ...contractRoute(s.apply),
    config: { permission: 'sorg.self' },
    handler: async (req, reply) => reply.code(201).send(await so().apply(ctx(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(s.application), config: { signedIn: true }, handler: async (req) => so().application(req.actor!, req.params.id) });
  app.route({ ...contractRoute(s.declare), config: { permission: 'sorg.review' }, handler: async (req) => so().declare(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(s.score), config: { permission: 'sorg.review' }, handler: async (req) => so().score(ctx(req), req.params.id, req.body.scores) });
  app.route({
    ...contractRoute(s.award),
    config: { permission: 'sorg.manage' },
    handler: async (req, reply) => reply.code(201).send(await so().award(ctx(req), req.params.id, req.body)),
  });

  app.route({ ...contractRoute(s.projects), config: { signedIn: true }, handler: async (req) => so().projects(req.actor!, page(req.query)) });
  app.route({ ...contractRoute(s.project), config: { signedIn: true }, handler: async (req) => so().project(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(s.linkActivity),
    config: { permission: 'sorg.self' },
    handler: async (req) => so().linkActivity(ctx(req), req.params.id, req.body.activityId),
  });
  app.route({
    ...contractRoute(s.reportMilestone),
    config: { permission: 'sorg.self' },
    handler: async (req) => so().reportMilestone(ctx(req), req.params.id, req.body.report),
  });
  app.route({
    ...contractRoute(s.acceptMilestone),
    config: { permission: 'sorg.manage' },
    handler: async (req) => so().decideMilestone(ctx(req), req.params.id, req.body.accept),
  });
  const reveal = {
    permission: 'people.reveal' as const,
    rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `reveal:${req.actor?.accountId ?? req.ip}` },
  };
  app.route({
    ...contractRoute(s.revealProject),
    config: reveal,
    handler: async (req) => so().revealProject(ctx(req), req.params.id, req.body.purpose.trim()),
  });
  app.route({
    ...contractRoute(s.revealApplication),
    config: reveal,
    handler: async (req) => so().revealApplication(ctx(req), req.params.id, req.body.purpose.trim()),
  });
  app.route({ ...contractRoute(s.evaluate), config: { permission: 'sorg.manage' }, handler: async (req) => so().evaluate(ctx(req), req.params.id, req.body) });
}
