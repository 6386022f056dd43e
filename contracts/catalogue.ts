/** Service catalogue (服务目录) and brands: staff edit, the portal's phone directory, and Open Referral HSDS 3.0 open data. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, IdParam, Lit, Nullable, Obj, PageQuery, Paged, Text, Version, route } from './core.js';
import { APPLY_KINDS, CHANNELS, SERVICE_STATUSES, TARGET_GROUPS } from './catalogue.enums.js';

export { APPLY_KINDS, CHANNELS, SERVICE_STATUSES, TARGET_GROUPS };

const tags = ['catalogue'] as const;
const ptags = ['portal'] as const;
const otags = ['open-data'] as const;

export const Brand = Obj({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  ownerOrgId: Type.Integer(),
  ownerName: Type.String(),
  logoUrl: Nullable(Type.String()),
  description: Type.String(),
  services: Type.Integer(),
  version: Type.Integer(),
});
export type Brand = Static<typeof Brand>;
export const BrandInput = Obj({
  name: Text(50, 2),
  nameEn: Type.Optional(Text(100)),
  logoUrl: Type.Optional(Nullable(Type.String({ maxLength: 300, pattern: '^(https://|/)' }))),
  description: Type.Optional(Text(2000)),
});
export type BrandInput = Static<typeof BrandInput>;

export const Service = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  providers: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })),
  brandId: Nullable(Type.Integer()),
  brandName: Nullable(Type.String()),
  name: Type.String(),
  nameInitials: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  targetGroups: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  eligibility: Type.String(),
  documents: Type.Array(Type.String()),
  hours: Type.String(),
  fees: Type.String(),
  applyKind: Type.String(),
  applyRef: Type.String(),
  accessibility: Type.Array(Type.String()),
  officePhone: Type.String(),
  status: Type.String(),
  venueIds: Type.Array(Type.Integer()),
  version: Type.Integer(),
});
export type Service = Static<typeof Service>;
export const ServiceInput = Obj({
  name: Text(60, 2),
  nameEn: Type.Optional(Text(120)),
  description: Text(2000, 1),
  descriptionEn: Type.Optional(Text(4000)),
  providerOrgIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
  brandId: Type.Optional(Nullable(Id)),
  targetGroups: Type.Array(Lit(TARGET_GROUPS), { maxItems: 9 }),
  channels: Type.Array(Lit(CHANNELS), { minItems: 1, maxItems: 4 }),
  eligibility: Type.Optional(Text(1000)),
  documents: Type.Optional(Type.Array(Text(100, 1), { maxItems: 20 })),
  hours: Type.Optional(Text(200)),
  fees: Type.Optional(Text(200)),
  applyKind: Type.Optional(Lit(APPLY_KINDS)),
  applyRef: Type.Optional(Text(300)),
  accessibility: Type.Optional(Type.Array(Text(50, 1), { maxItems: 20 })),
  officePhone: Type.Optional(Type.String({ pattern: '^[0-9-]{0,20}$', maxLength: 20 })),
  venueIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
});
export type ServiceInput = Static<typeof ServiceInput>;

export const PublicVenue = Obj({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  regionName: Type.String(),
  streetName: Nullable(Type.String()),
  districtCode: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  accessibility: Type.Array(Type.String()),
  weekly: Type.Array(Obj({ weekday: Type.Integer(), opens: Type.String(), closes: Type.String() })),
  /** Metres from the position given, when one was given and the venue has coordinates. */
  distanceM: Nullable(Type.Integer()),
});
export type PublicVenue = Static<typeof PublicVenue>;
export const PublicServiceItem = Obj({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  brandId: Nullable(Type.Integer()),
  brandName: Nullable(Type.String()),
  orgName: Type.String(),
  targetGroups: Type.Array(Type.String()),
  channels: Type.Array(Type.String()),
  fees: Type.String(),
  nearestVenue: Nullable(Type.String()),
  distanceM: Nullable(Type.Integer()),
});
export type PublicServiceItem = Static<typeof PublicServiceItem>;
export const PublicService = Obj({
  ...Service.properties,
  venues: Type.Array(PublicVenue),
});
export type PublicService = Static<typeof PublicService>;
const Position = { lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })), lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })) };

/** HSDS 3.0 answers are open JSON objects validated against the Open Referral schema files in the tests. */
const HsdsObject = Type.Object({}, { additionalProperties: true });
const HsdsPage = Obj({
  total_items: Type.Integer(),
  total_pages: Type.Integer(),
  page_number: Type.Integer(),
  size: Type.Integer(),
  first_page: Type.Boolean(),
  last_page: Type.Boolean(),
  empty: Type.Boolean(),
  contents: Type.Array(HsdsObject),
});
export type HsdsPage = Static<typeof HsdsPage>;
const HsdsQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const BrandFigures = Obj({
  brandId: Nullable(Type.Integer()),
  brandName: Nullable(Type.String()),
  services: Type.Integer(),
  venues: Type.Integer(),
  districts: Type.Integer(),
  activities: Type.Integer(),
  personTimes: Type.Integer(),
  /** Ratings participants gave those activities, and the share of them satisfied (null with none). */
  rated: Type.Integer(),
  satisfactionRate: Nullable(Type.Number()),
});
export type BrandFigures = Static<typeof BrandFigures>;

export const catalogue = {
  brandFigures: route({
    method: 'GET',
    url: '/catalogue/brand-figures',
    tags,
    summary:
      'Per brand, from the records of my tree: published services, the venues and districts they reach, the activities they lead to, their person-times and satisfaction',
    response: Obj({ items: Type.Array(BrandFigures) }),
  }),
  brands: route({
    method: 'GET',
    url: '/catalogue/brands',
    tags,
    summary: 'Brands with their number of services',
    response: Obj({ items: Type.Array(Brand) }),
  }),
  createBrand: route({
    method: 'POST',
    url: '/catalogue/brands',
    tags,
    summary: 'Create a brand owned by my organization',
    body: BrandInput,
    response: Brand,
    status: 201,
  }),
  updateBrand: route({
    method: 'PATCH',
    url: '/catalogue/brands/:id',
    tags,
    summary: 'Edit a brand my tree owns',
    params: IdParam,
    body: Obj({ ...BrandInput.properties, name: Type.Optional(Text(50, 2)), version: Version }),
    response: Brand,
  }),
  services: route({
    method: 'GET',
    url: '/catalogue/services',
    tags,
    summary: 'Services my tree provides (search by name or pinyin initials)',
    querystring: Obj({ ...PageQuery, q: Type.Optional(Text(50)), brandId: Type.Optional(Id) }),
    response: Paged(Service),
  }),
  createService: route({
    method: 'POST',
    url: '/catalogue/services',
    tags,
    summary: 'Add a service provided by my organization (and partners), with its venues',
    body: ServiceInput,
    response: Service,
    status: 201,
  }),
  service: route({ method: 'GET', url: '/catalogue/services/:id', tags, summary: 'One service', params: IdParam, response: Service }),
  updateService: route({
    method: 'PATCH',
    url: '/catalogue/services/:id',
    tags,
    summary: 'Edit a service or take it out of the directory',
    params: IdParam,
    body: Obj({ ...Type.Partial(ServiceInput).properties, status: Type.Optional(Lit(SERVICE_STATUSES)), version: Version }),
    response: Service,
  }),

  portalBrands: route({
    method: 'GET',
    url: '/portal/catalogue/brands',
    tags: ptags,
    summary: 'Brands of the public directory',
    response: Obj({ items: Type.Array(Brand) }),
  }),
  portalServices: route({
    method: 'GET',
    url: '/portal/catalogue/services',
    tags: ptags,
    summary:
      'The public service directory: search in Chinese or pinyin initials, filter by target group, brand and district, nearest first when a position is given',
    querystring: Obj({
      ...PageQuery,
      q: Type.Optional(Text(50)),
      group: Type.Optional(Lit(TARGET_GROUPS)),
      brandId: Type.Optional(Id),
      district: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
      ...Position,
    }),
    response: Paged(PublicServiceItem),
  }),
  portalService: route({
    method: 'GET',
    url: '/portal/catalogue/services/:id',
    tags: ptags,
    summary: 'One service with its venues nearest first and how to use it',
    params: IdParam,
    querystring: Obj(Position),
    response: PublicService,
  }),

  hsdsRoot: route({
    method: 'GET',
    url: '/open-data/hsds',
    tags: otags,
    summary: 'Open Referral HSDS 3.0 API root',
    response: Obj({ version: Type.String(), profile: Type.String(), openapi_url: Type.String() }),
  }),
  hsdsOrganizations: route({
    method: 'GET',
    url: '/open-data/hsds/organizations',
    tags: otags,
    summary: 'HSDS organizations providing catalogue services (no personal data)',
    querystring: HsdsQuery,
    response: HsdsPage,
  }),
  hsdsServices: route({
    method: 'GET',
    url: '/open-data/hsds/services',
    tags: otags,
    summary: 'HSDS services with schedules, documents and office contacts',
    querystring: HsdsQuery,
    response: HsdsPage,
  }),
  hsdsService: route({
    method: 'GET',
    url: '/open-data/hsds/services/:id',
    tags: otags,
    summary: 'One HSDS service',
    params: Obj({ id: Type.String({ format: 'uuid', maxLength: 36 }) }),
    response: HsdsObject,
  }),
  hsdsServiceAtLocations: route({
    method: 'GET',
    url: '/open-data/hsds/service_at_locations',
    tags: otags,
    summary: 'HSDS services at their venues with the location',
    querystring: HsdsQuery,
    response: HsdsPage,
  }),
};
