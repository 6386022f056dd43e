/** Region routes written on contracts (the older region routes are still declared in server/modules/regions/regions.routes.ts). */
import { Type, type Static } from '@sinclair/typebox';
import { Lit, Nullable, Obj, route } from './core.js';

export const PortalRegion = Obj({
  code: Type.String(),
  name: Type.String(),
  level: Lit(['city', 'district', 'street', 'community'] as const),
  parentCode: Nullable(Type.String()),
  pinyin: Type.String(),
  initials: Type.String(),
});
export type PortalRegion = Static<typeof PortalRegion>;

export const regions = {
  portalTree: route({
    method: 'GET',
    url: '/portal/regions',
    tags: ['portal: regions'],
    summary: "The deployment city's whole region tree for the public community picker (parents before children)",
    response: Obj({ regions: Type.Array(PortalRegion) }),
  }),
};
