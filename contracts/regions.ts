/** Region routes: the legal division tree (reference data), the portal's community picker and the functional-zone overlay. */
import { Type, type Static } from '@sinclair/typebox';
import { IdParam, Lit, Nullable, Obj, Ok, RegionCode, Text, route } from './core.js';

const tags = ['regions'] as const;

export const PortalRegion = Obj({
  code: Type.String(),
  name: Type.String(),
  level: Lit(['city', 'district', 'street', 'community'] as const),
  parentCode: Nullable(Type.String()),
  pinyin: Type.String(),
  initials: Type.String(),
});
export type PortalRegion = Static<typeof PortalRegion>;

export const Region = Obj({
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
export type Region = Static<typeof Region>;
export const RegionDetail = Type.Composite([Region, Obj({ ancestors: Type.Array(Region) })], { additionalProperties: false });
export type RegionDetail = Static<typeof RegionDetail>;
export const Zone = Obj({ id: Type.Integer(), name: Type.String(), note: Type.String(), streetCodes: Type.Array(Type.String()) });
export type Zone = Static<typeof Zone>;
const StreetCodes = Type.Array(RegionCode, { maxItems: 500 });
export const ZoneCreate = Obj({ name: Text(60, 1), note: Type.Optional(Text(500)), streetCodes: StreetCodes });
export type ZoneCreate = Static<typeof ZoneCreate>;

export const regions = {
  portalTree: route({
    method: 'GET',
    url: '/portal/regions',
    tags: ['portal: regions'],
    summary: "The deployment city's whole region tree for the public community picker (parents before children)",
    response: Obj({ regions: Type.Array(PortalRegion) }),
  }),
  children: route({
    method: 'GET',
    url: '/regions',
    tags,
    summary: 'Children of a region (the roots when no parent is given)',
    querystring: Obj({ parent: Type.Optional(RegionCode) }),
    response: Obj({ items: Type.Array(Region) }),
  }),
  search: route({
    method: 'GET',
    url: '/regions/search',
    tags,
    summary: 'Find regions by name, official code, full pinyin or initials (jjq → 锦江区)',
    querystring: Obj({ q: Text(50, 1), within: Type.Optional(RegionCode), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }),
    response: Obj({ items: Type.Array(Region) }),
  }),
  get: route({
    method: 'GET',
    url: '/regions/:code',
    tags,
    summary: 'A region with its ancestors',
    params: Obj({ code: RegionCode }),
    response: RegionDetail,
  }),
  zones: route({
    method: 'GET',
    url: '/zones',
    tags,
    summary: 'Functional zones (an editable overlay grouping streets)',
    response: Obj({ items: Type.Array(Zone) }),
  }),
  createZone: route({
    method: 'POST',
    url: '/zones',
    tags,
    summary: 'Create a functional zone over a set of streets',
    body: ZoneCreate,
    response: Zone,
    status: 201,
  }),
  setZoneStreets: route({
    method: 'PUT',
    url: '/zones/:id/streets',
    tags,
    summary: "Replace a functional zone's streets",
    params: IdParam,
    body: Obj({ streetCodes: StreetCodes }),
    response: Ok,
  }),
  deleteZone: route({
    method: 'DELETE',
    url: '/zones/:id',
    tags,
    summary: 'Delete a functional zone',
    params: IdParam,
    response: Ok,
  }),
};
