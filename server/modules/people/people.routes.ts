import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { people } from '../../../contracts/people.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerPeopleRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(people.list),
    config: { permission: 'people.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const r = await c.people.list(req.actor!, { ...req.query, q: req.query.q?.trim() || undefined, page, pageSize });
      return { ...r, page, pageSize };
    },
  });
  app.route({
    ...contractRoute(people.lookup),
    config: { permission: 'people.read' },
    handler: async (req) => {
      if (!req.body.idNumber && !req.body.phone) throw new AppError('VALIDATION', 'idNumber', { reason: 'required' });
      const r = await c.people.list(req.actor!, { idNumber: req.body.idNumber, phone: req.body.phone, page: 1, pageSize: 50 });
      return { items: r.items };
    },
  });
  app.route({
    ...contractRoute(people.export),
    config: { permission: 'people.read', rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req) => `export:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req, reply) => {
      const buf = await c.people.exportXlsx(ctx(req), { ...req.query, q: req.query.q?.trim() || undefined });
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="people.xlsx"').send(buf);
    },
  });
  app.route({
    ...contractRoute(people.get),
    config: { permission: 'people.read' },
    handler: async (req) => c.people.get(ctx(req), req.params.id),
  });
  app.route({
    ...contractRoute(people.create),
    config: { permission: 'people.write' },
    handler: async (req, reply) => reply.code(201).send(await c.people.create(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(people.update),
    config: { permission: 'people.write' },
    handler: async (req) => c.people.update(ctx(req), req.params.id, req.body),
  });
  app.route({
    ...contractRoute(people.reveal),
    config: { permission: 'people.reveal', rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req) => `reveal:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req) => c.people.reveal(ctx(req), req.params.id, req.body.field, req.body.purpose.trim()),
  });
}
