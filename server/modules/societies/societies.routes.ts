import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { societies } from '../../../contracts/societies.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

/** Mass cultural societies (群众性文化文艺社团): console routes. */
export function registerSocietyRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(societies.list),
    config: { permission: 'society.read' },
    handler: async (req) => ({ items: await c.societies.list(req.actor!) }),
  });
  app.route({
    ...contractRoute(societies.create),
    config: { permission: 'society.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.societies.create(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(societies.get), config: { permission: 'society.read' }, handler: async (req) => c.societies.get(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(societies.addMember),
    config: { permission: 'society.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.societies.addMember(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(societies.addActivity),
    config: { permission: 'society.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.societies.addActivity(ctx(req), req.params.id, req.body.activityId)),
  });
  app.route({
    ...contractRoute(societies.addWork),
    config: { permission: 'society.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.societies.addWork(ctx(req), req.params.id, req.body)),
  });
}
