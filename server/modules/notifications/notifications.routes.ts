import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { notifications } from '../../../contracts/notifications.js';
import { contractRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

export function registerNotificationRoutes(app: App, c: Container): void {
  const me = (req: FastifyRequest) => ({ accountId: ctx(req).actor.accountId });
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  app.route({ ...contractRoute(notifications.list), config: { signedIn: true }, handler: async (req) => c.notifications.list(me(req), req.query) });
  app.route({ ...contractRoute(notifications.unread), config: { signedIn: true }, handler: async (req) => c.notifications.unread(me(req)) });
  app.route({
    ...contractRoute(notifications.markRead),
    config: { signedIn: true },
    handler: async (req) => c.notifications.markRead({ ctx: ctx(req) }, me(req), req.params.id),
  });
  app.route({ ...contractRoute(notifications.markAllRead), config: { signedIn: true }, handler: async (req) => c.notifications.markAllRead(ctx(req)) });
  app.route({ ...contractRoute(notifications.preferences), config: { signedIn: true }, handler: async (req) => c.notifications.preferences(me(req), 'staff') });
  app.route({
    ...contractRoute(notifications.setPreference),
    config: { signedIn: true },
    handler: async (req) => c.notifications.setPreference(ctx(req), req.params.kind, req.body),
  });
  app.route({
    ...contractRoute(notifications.portalList),
    config: { citizen: 'required' },
    handler: async (req) => c.notifications.list({ personId: citizenOf(req).personId }, req.query),
  });
  app.route({
    ...contractRoute(notifications.portalUnread),
    config: { citizen: 'required' },
    handler: async (req) => c.notifications.unread({ personId: citizenOf(req).personId }),
  });
  app.route({
    ...contractRoute(notifications.portalMarkRead),
    config: { citizen: 'required' },
    handler: async (req) => c.notifications.markRead({ meta: meta(req) }, { personId: citizenOf(req).personId }, req.params.id),
  });
  app.route({ ...contractRoute(notifications.jobs), config: { permission: 'jobs.read' }, handler: async (req) => c.notifications.jobs(req.query) });
  app.route({
    ...contractRoute(notifications.retryJob),
    config: { permission: 'jobs.retry' },
    handler: async (req) => {
      await c.notifications.retryJob(ctx(req), req.params.id);
      return { ok: true };
    },
  });
}
