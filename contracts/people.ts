/** People: the shapes of a person record and of the personal fields a form sends (shared by every form that enters a person). */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, IdParam, Lit, Nullable, Obj, PageQuery, Paged, RegionCode, Text, route, File } from './core.js';
import { PERSON_GROUPS } from './people.enums.js';

export const PersonGroupSchema = Lit(PERSON_GROUPS);
export const Gender = Nullable(Lit(['male', 'female'] as const));

export const PersonSchema = Obj({
  id: Type.Integer(),
  name: Type.String(),
  gender: Gender,
  birthDate: Nullable(Type.String()),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  groups: Type.Array(PersonGroupSchema),
  regionCode: Type.String(),
  regionName: Type.String(),
  orgId: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
export type PersonDto = Static<typeof PersonSchema>;

/** The personal fields of a person a form enters; spread into a route's body with the fields the route adds. */
export const PersonBody = {
  name: Text(60, 1),
  idNumber: Type.Optional(Nullable(Text(40))),
  phone: Type.Optional(Nullable(Text(30))),
  gender: Type.Optional(Gender),
  birthDate: Type.Optional(Nullable(DateString)),
  groups: Type.Optional(Type.Array(PersonGroupSchema, { maxItems: 10 })),
};

const tags = ['people'] as const;

/** The filters of the people list and its export. */
export const PeopleFilter = { q: Type.Optional(Text(60)), group: Type.Optional(PersonGroupSchema), regionCode: Type.Optional(RegionCode) };
export const PersonCreate = Obj({ ...PersonBody, regionCode: RegionCode, orgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))) });
export type PersonCreate = Static<typeof PersonCreate>;
export const PersonUpdate = Obj({ ...PersonBody, name: Type.Optional(Text(60, 1)), regionCode: Type.Optional(RegionCode) });
export type PersonUpdate = Static<typeof PersonUpdate>;
export const RevealField = Lit(['idNumber', 'phone'] as const);
export type RevealField = Static<typeof RevealField>;
export const Revealed = Obj({ value: Nullable(Type.String()) });
export type Revealed = Static<typeof Revealed>;

export const people = {
  list: route({
    method: 'GET',
    url: '/people',
    tags,
    summary: 'People in my region scope, by name, group and region',
    querystring: Obj({ ...PageQuery, ...PeopleFilter }),
    response: Paged(PersonSchema),
  }),
  lookup: route({
    method: 'POST',
    url: '/people/lookup',
    tags,
    summary: 'Exact search by ID number or phone through the blind index (a POST, so the value never sits in a URL or an access log)',
    body: Obj({ idNumber: Type.Optional(Text(40, 1)), phone: Type.Optional(Text(30, 1)) }),
    response: Obj({ items: Type.Array(PersonSchema) }),
  }),
  export: route({
    method: 'GET',
    url: '/people/export',
    tags,
    summary: 'The filtered list as an Excel workbook with masked fields (at most 10,000 rows; audited)',
    querystring: Obj(PeopleFilter),
    response: File,
  }),
  get: route({
    method: 'GET',
    url: '/people/:id',
    tags,
    summary: 'One person of my region scope (personal fields masked)',
    params: IdParam,
    response: PersonSchema,
  }),
  create: route({ method: 'POST', url: '/people', tags, summary: 'Add a person in my region scope', body: PersonCreate, response: PersonSchema, status: 201 }),
  update: route({
    method: 'PATCH',
    url: '/people/:id',
    tags,
    summary: "Change a person's fields",
    params: IdParam,
    body: PersonUpdate,
    response: PersonSchema,
  }),
  reveal: route({
    method: 'POST',
    url: '/people/:id/reveal',
    tags,
    summary: 'Show one personal field in clear for a stated purpose (audited, rate-limited)',
    params: IdParam,
    body: Obj({ field: RevealField, purpose: Text(200, 2) }),
    response: Revealed,
  }),
};
