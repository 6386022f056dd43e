import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { accounts } from '../../../contracts/accounts.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerAccountRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(accounts.list),
    config: { permission: 'account.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.accounts.list(req.actor!, { q: req.query.q?.trim() || undefined, orgId: req.query.orgId, page, pageSize })), page, pageSize };
    },
  });
  app.route({
    ...contractRoute(accounts.get),
    config: { permission: 'account.read' },
    handler: async (req) => c.accounts.get(req.actor!, req.params.id),
  });
  app.route({
    ...contractRoute(accounts.create),
    config: { permission: 'account.write' },
    handler: async (req, reply) => reply.code(201).send(await c.accounts.create(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(accounts.disable),
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setStatus(ctx(req), req.params.id, 'disabled'),
  });
  app.route({
    ...contractRoute(accounts.enable),
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setStatus(ctx(req), req.params.id, 'active'),
  });
  app.route({
    ...contractRoute(accounts.resetPassword),
    config: { permission: 'account.write' },
    handler: async (req) => {
      await c.accounts.resetPassword(ctx(req), req.params.id, req.body.password);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(accounts.unlock),
    config: { permission: 'account.unlock' },
    handler: async (req) => {
      await c.accounts.unlock(ctx(req), req.params.id);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(accounts.setRoles),
    config: { permission: 'role.grant' },
    handler: async (req) => c.accounts.setRoles(ctx(req), req.params.id, req.body.roles),
  });
  app.route({
    ...contractRoute(accounts.setEmail),
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setEmail(ctx(req), req.params.id, req.body.email),
  });
  app.route({
    ...contractRoute(accounts.setPhone),
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setPhone(ctx(req), req.params.id, req.body.phone),
  });
  app.route({
    ...contractRoute(accounts.roles),
    config: { permission: 'account.read' },
    handler: async () => ({ items: await c.accounts.roles() }),
  });
}
