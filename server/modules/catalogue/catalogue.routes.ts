import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { catalogue as k } from '../../../contracts/catalogue.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';

const page = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 20 });
const open = { public: true, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `open-data:${req.ip}` } };

export function registerCatalogueRoutes(app: App, c: Container): void {
  const cat = () => c.catalogue;
  app.route({ ...contractRoute(k.brands), config: { permission: 'catalogue.read' }, handler: async () => cat().brands() });
  app.route({
    ...contractRoute(k.createBrand),
    config: { permission: 'catalogue.write' },
    handler: async (req, reply) => reply.code(201).send(await cat().createBrand(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(k.updateBrand),
    config: { permission: 'catalogue.write' },
    handler: async (req) => cat().updateBrand(ctx(req), req.params.id, req.body),
  });
  app.route({ ...contractRoute(k.brandFigures), config: { permission: 'catalogue.read' }, handler: async (req) => cat().brandFigures(req.actor!) });
  app.route({
    ...contractRoute(k.services),
    config: { permission: 'catalogue.read' },
    handler: async (req) => cat().services(req.actor!, { ...req.query, ...page(req.query) }),
  });
  app.route({
    ...contractRoute(k.createService),
    config: { permission: 'catalogue.write' },
    handler: async (req, reply) => reply.code(201).send(await cat().createService(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(k.service), config: { permission: 'catalogue.read' }, handler: async (req) => cat().service(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(k.updateService),
    config: { permission: 'catalogue.write' },
    handler: async (req) => cat().updateService(ctx(req), req.params.id, req.body),
  });

  app.route({ ...contractRoute(k.portalBrands), config: { public: true }, handler: async () => cat().portalBrands() });
  app.route({
    ...contractRoute(k.portalServices),
    config: { public: true },
    handler: async (req) => cat().portalServices({ ...req.query, ...page(req.query) }),
  });
  app.route({ ...contractRoute(k.portalService), config: { public: true }, handler: async (req) => cat().portalService(req.params.id, req.query) });

  // Open data: public, no personal data, conditional GET by ETag (304 when unchanged).
  const cached = async (req: FastifyRequest, reply: FastifyReply, what: string, body: () => Promise<unknown>) => {
    const tag = await cat().etag(what);
    reply.header('etag', tag).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    if (req.headers['if-none-match'] === tag) return reply.code(304).send();
    return body();
  };
  const hp = (q: { page?: number; per_page?: number }) => ({ p: q.page ?? 1, s: q.per_page ?? 50 });
  app.route({
    ...contractRoute(k.hsdsRoot),
    config: open,
    handler: async () => ({ version: '3.0', profile: 'https://specification.openreferral.org/', openapi_url: '/api/docs/json' }),
  });
  app.route({
    ...contractRoute(k.hsdsOrganizations),
    config: open,
    handler: async (req, reply) => {
      const { p, s } = hp(req.query);
      return cached(req, reply, `orgs:${p}:${s}`, () => cat().hsdsOrganizations(p, s));
    },
  });
  app.route({
    ...contractRoute(k.hsdsServices),
    config: open,
    handler: async (req, reply) => {
      const { p, s } = hp(req.query);
      return cached(req, reply, `services:${p}:${s}`, () => cat().hsdsServices(p, s));
    },
  });
  app.route({
    ...contractRoute(k.hsdsService),
    config: open,
    handler: async (req, reply) => cached(req, reply, `service:${req.params.id}`, () => cat().hsdsServiceById(req.params.id)),
  });
  app.route({
    ...contractRoute(k.hsdsServiceAtLocations),
    config: open,
    handler: async (req, reply) => {
      const { p, s } = hp(req.query);
      return cached(req, reply, `sal:${p}:${s}`, () => cat().hsdsServiceAtLocations(p, s));
    },
  });
}
