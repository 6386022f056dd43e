import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { webhooks } from '../../../contracts/webhooks.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerWebhookRoutes(app: App, c: Container): void {
  const config = { permission: 'webhook.manage' } as const;
  app.route({ ...contractRoute(webhooks.list), config, handler: async (req) => c.webhooks.list(req.actor!) });
  app.route({
    ...contractRoute(webhooks.create),
    config,
    handler: async (req, reply) => {
      const created = await c.webhooks.create(ctx(req), req.body);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  });
  app.route({ ...contractRoute(webhooks.pause), config, handler: async (req) => c.webhooks.pause(ctx(req), req.params.id) });
  app.route({ ...contractRoute(webhooks.resume), config, handler: async (req) => c.webhooks.resume(ctx(req), req.params.id) });
  app.route({
    ...contractRoute(webhooks.remove),
    config,
    handler: async (req) => {
      await c.webhooks.remove(ctx(req), req.params.id);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(webhooks.personalDataList),
    config: { permission: 'webhook.approve_personal' },
    handler: async (req) => c.webhooks.list(req.actor!),
  });
  app.route({
    ...contractRoute(webhooks.personalData),
    config: { permission: 'webhook.approve_personal' },
    handler: async (req) => c.webhooks.setPersonalData(ctx(req), req.params.id, req.body.approved),
  });
  app.route({ ...contractRoute(webhooks.deliveries), config, handler: async (req) => c.webhooks.deliveries(req.actor!, req.params.id, req.query) });
  app.route({ ...contractRoute(webhooks.resend), config, handler: async (req) => c.webhooks.resend(ctx(req), req.params.id, req.params.deliveryId) });
}
