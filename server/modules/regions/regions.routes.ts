import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { regions } from '../../../contracts/regions.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { IdParam, Obj, Ok, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';

const Region = Obj({
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.String(),
  name: Type.String(),
  officialName: Type.String(),
  pinyin: Type.String(),
  initials: Type.String(),
  path: Type.String(),
  childCount: Type.Integer(),
});
const Zone = Obj({ id: Type.Integer(), name: Type.String(), note: Type.String(), streetCodes: Type.Array(Type.String()) });
const StreetCodes = Type.Array(RegionCode, { maxItems: 500 });

export function registerRegionRoutes(app: App, c: Container): void {
  const tags = ['regions'];
  app.route({
    ...contractRoute(regions.portalTree),
    config: { public: true },
    handler: async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { regions: await c.regions.portalTree() };
    },
  });
  app.get('/regions', {
    schema: { tags, summary: 'Children of a region (the roots when no parent is given)', querystring: Obj({ parent: Type.Optional(RegionCode) }), response: withErrors({ 200: Obj({ items: Type.Array(Region) }) }) },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.regions.children(req.query.parent ?? null) }),
  });
  app.get('/regions/search', {
    schema: {
      tags,
      summary: 'Find regions by name, official code, full pinyin or initials (jjq → 锦江区)',
      querystring: Obj({ q: Text(50, 1), within: Type.Optional(RegionCode), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }),
      response: withErrors({ 200: Obj({ items: Type.Array(Region) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.regions.search(req.query.q, req.query.within ?? null, req.query.limit ?? 20) }),
  });
  app.get('/regions/:code', {
    schema: { tags, params: Obj({ code: RegionCode }), response: withErrors({ 200: Type.Composite([Region, Obj({ ancestors: Type.Array(Region) })], { additionalProperties: false }) }) },
    config: { signedIn: true },
    handler: async (req) => c.regions.get(req.params.code),
  });
  app.get('/zones', {
    schema: { tags, summary: 'Functional zones (an editable overlay grouping streets)', response: withErrors({ 200: Obj({ items: Type.Array(Zone) }) }) },
    config: { signedIn: true },
    handler: async () => ({ items: await c.regions.listZones() }),
  });
  app.post('/zones', {
    schema: { tags, body: Obj({ name: Text(60, 1), note: Type.Optional(Text(500)), streetCodes: StreetCodes }), response: withErrors({ 201: Zone }) },
    config: { permission: 'region.write' },
    handler: async (req, reply) => reply.code(201).send(await c.regions.createZone(ctx(req), req.body)),
  });
  app.put('/zones/:id/streets', {
    schema: { tags, params: IdParam, body: Obj({ streetCodes: StreetCodes }), response: withErrors({ 200: Ok }) },
    config: { permission: 'region.write' },
    handler: async (req) => {
      await c.regions.setZoneStreets(ctx(req), req.params.id, req.body.streetCodes);
      return { ok: true };
    },
  });
  app.delete('/zones/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Ok }) },
    config: { permission: 'region.write' },
    handler: async (req) => {
      await c.regions.deleteZone(ctx(req), req.params.id);
      return { ok: true };
    },
  });
}
