import { orgs, type OrgFilterQuery } from '../../../contracts/orgs.js';
import { contractRoute } from '../../platform/http/contract.js';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';

const filterOf = (q: OrgFilterQuery) => ({
  typeCode: q.type,
  parentId: q.parentId,
  q: q.q?.trim() || undefined,
  level: q.level,
  status: q.status,
  regionPath: q.regionCode,
  sort: q.sort ?? ('level' as const),
  desc: q.order === 'desc',
});

export function registerOrgRoutes(app: App, c: Container): void {
  app.route({ ...contractRoute(orgs.merge), config: { permission: 'org.write' }, handler: async (req) => c.orgMerge.merge(ctx(req), req.body) });
  app.route({
    ...contractRoute(orgs.types),
    config: { signedIn: true },
    handler: async () => ({ items: await c.orgs.types() }),
  });

  app.route({
    ...contractRoute(orgs.addType),
    config: { permission: 'catalog.write' },
    handler: async (req, reply) => reply.code(201).send(await c.orgs.addType(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(orgs.list),
    config: { permission: 'org.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.orgs.list(req.actor!, { ...filterOf(req.query), page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(orgs.export),
    config: { permission: 'org.read' },
    handler: async (req, reply) => {
      const buf = await c.orgs.exportXlsx(ctx(req), filterOf(req.query));
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="organizations.xlsx"').send(buf);
    },
  });

  app.route({
    ...contractRoute(orgs.roots),
    config: { permission: 'org.read' },
    handler: async (req) => ({ items: await c.orgs.roots(req.actor!, req.query.type) }),
  });

  app.route({
    ...contractRoute(orgs.get),
    config: { permission: 'org.read' },
    handler: async (req) => c.orgs.get(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(orgs.history),
    config: { permission: 'org.read' },
    handler: async (req) => ({ items: await c.orgs.history(req.actor!, req.params.id) }),
  });

  app.route({
    ...contractRoute(orgs.create),
    config: { permission: 'org.write' },
    handler: async (req, reply) => reply.code(201).send(await c.orgs.create(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(orgs.update),
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.update(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(orgs.move),
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.move(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(orgs.archive),
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.setArchived(ctx(req), req.params.id, true),
  });

  app.route({
    ...contractRoute(orgs.restore),
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.setArchived(ctx(req), req.params.id, false),
  });
}
