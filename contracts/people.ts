/** People: the shapes of a person record and of the personal fields a form sends (shared by every form that enters a person). */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Lit, Nullable, Obj, Text } from './core.js';
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
