import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { audit } from '../../../contracts/audit.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerAuditRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(audit.list),
    config: { permission: 'audit.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 50;
      return { ...(await c.auditLog.list(ctx(req), { ...req.query, page, pageSize })), page, pageSize };
    },
  });
  app.route({
    ...contractRoute(audit.verify),
    config: { permission: 'audit.read' },
    handler: async (req) => c.auditLog.verify(ctx(req)),
  });
  app.route({
    ...contractRoute(audit.alarms),
    config: { permission: 'audit.read' },
    handler: async (req) => ({ items: await c.auditLog.alarms(ctx(req)) }),
  });
}
