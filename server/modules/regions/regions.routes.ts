import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { regions } from '../../../contracts/regions.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerRegionRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(regions.portalTree),
    config: { public: true },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { regions: await c.regions.portalTree() };
    },
  });
  app.route({
    ...contractRoute(regions.children),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.regions.children(req.query.parent ?? null) }),
  });
  app.route({
    ...contractRoute(regions.search),
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.regions.search(req.query.q, req.query.within ?? null, req.query.limit ?? 20) }),
  });
  app.route({
    ...contractRoute(regions.get),
    config: { signedIn: true },
    handler: async (req) => c.regions.get(req.params.code),
  });
  app.route({
    ...contractRoute(regions.zones),
    config: { signedIn: true },
    handler: async () => ({ items: await c.regions.listZones() }),
  });
  app.route({
    ...contractRoute(regions.createZone),
    config: { permission: 'region.write' },
    handler: async (req, reply) => reply.code(201).send(await c.regions.createZone(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(regions.setZoneStreets),
    config: { permission: 'region.write' },
    handler: async (req) => {
      await c.regions.setZoneStreets(ctx(req), req.params.id, req.body.streetCodes);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(regions.deleteZone),
    config: { permission: 'region.write' },
    handler: async (req) => {
      await c.regions.deleteZone(ctx(req), req.params.id);
      return { ok: true };
    },
  });
}
