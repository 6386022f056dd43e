/** Venue routes added with the venue console: the venue type catalogue and per-organization booking quotas. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, IdParam, Obj, Ok, Text, route } from './core.js';

const tags = ['venues'] as const;

export const TypeCodeParam = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });
export const VenueTypeItem = Obj({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  hasModelLevel: Type.Boolean(),
  expected: Type.Boolean(),
  sort: Type.Integer(),
  active: Type.Boolean(),
  venues: Type.Integer({ description: 'active venues of this type (platform-wide)' }),
});
export type VenueTypeItem = Static<typeof VenueTypeItem>;
const TypeFields = {
  nameZh: Text(40, 1),
  nameEn: Text(80, 1),
  hasModelLevel: Type.Optional(Type.Boolean()),
  expected: Type.Optional(Type.Boolean({ description: 'every community is expected to be served by one (a coverage gap otherwise)' })),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
};
export const NewVenueType = Obj({ code: TypeCodeParam, ...TypeFields });
export type NewVenueType = Static<typeof NewVenueType>;
export const VenueTypePatch = Obj({
  nameZh: Type.Optional(Text(40, 1)),
  nameEn: Type.Optional(Text(80, 1)),
  hasModelLevel: Type.Optional(Type.Boolean()),
  expected: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  active: Type.Optional(Type.Boolean({ description: 'false: no new venue of this type; existing venues keep it' })),
});
export type VenueTypePatch = Static<typeof VenueTypePatch>;

export const OrgQuota = Obj({ orgId: Id, orgName: Type.String(), monthlyHours: Type.Integer() });
export type OrgQuota = Static<typeof OrgQuota>;
export const VenueQuotas = Obj({ monthlyQuotaHours: Type.Union([Type.Integer(), Type.Null()]), approvalRequired: Type.Boolean(), orgs: Type.Array(OrgQuota) });
export type VenueQuotas = Static<typeof VenueQuotas>;

export const venues = {
  typeCatalogue: route({
    method: 'GET',
    url: '/venue-types/catalogue',
    tags,
    summary: 'Every venue type, retired ones included, with how many venues use it',
    response: Obj({ items: Type.Array(VenueTypeItem) }),
  }),
  addType: route({
    method: 'POST',
    url: '/venue-types',
    tags,
    summary: 'Add a kind of position (e.g. 职工服务中心) to the venue type catalogue',
    body: NewVenueType,
    response: VenueTypeItem,
    status: 201,
  }),
  updateType: route({
    method: 'PATCH',
    url: '/venue-types/:code',
    tags,
    summary: 'Rename, reorder or retire a venue type',
    params: Obj({ code: TypeCodeParam }),
    body: VenueTypePatch,
    response: VenueTypeItem,
  }),
  quotas: route({
    method: 'GET',
    url: '/venues/:id/quotas',
    tags,
    summary: "A venue's booking rules: approval needed, the general monthly quota and each organization's own quota",
    params: IdParam,
    response: VenueQuotas,
  }),
  setQuotas: route({
    method: 'PUT',
    url: '/venues/:id/quotas',
    tags,
    summary: "Replace the organizations' own monthly quotas at a venue I manage (hours per calendar month; 0 = may not book)",
    params: IdParam,
    body: Obj({ orgs: Type.Array(Obj({ orgId: Id, monthlyHours: Type.Integer({ minimum: 0, maximum: 744 }) }), { maxItems: 200 }) }),
    response: VenueQuotas,
  }),
  cancelByVenue: route({
    method: 'POST',
    url: '/venue-bookings/:id/cancel-by-venue',
    tags,
    summary: "The venue's staff cancel a booking; the reason is shown to the booking organization",
    params: IdParam,
    body: Obj({ reason: Text(200, 1) }),
    response: Ok,
  }),
};
