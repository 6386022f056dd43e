/**
 * Citizen sign-in for the portal: a one-time code to a mobile phone, then a session of its own (cookie `qh_csid`,
 * writes carry the citizen's CSRF token in `X-Citizen-CSRF`). The code and sign-in routes are public (`security: []`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Obj, Ok, RegionCode, Text, route } from './core.js';

const tags = ['portal: citizens'] as const;

const Phone = Type.String({ minLength: 5, maxLength: 20 });

/** The signed-in citizen (a person record, never an account) and the CSRF token the portal sends on writes. */
export const CitizenMe = Obj({
  personId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
  regionName: Type.String(),
  csrfToken: Type.String(),
});
export type CitizenMe = Static<typeof CitizenMe>;

/** A code sent; `demoCode` only in demo and test mode. */
export const CodeSent = Obj({ sent: Type.Boolean(), expiresInSeconds: Type.Integer(), demoCode: Type.Optional(Type.String()) });
export type CodeSent = Static<typeof CodeSent>;

export const CitizenVerify = Obj({
  phone: Phone,
  code: Type.String({ pattern: '^[0-9]{6}$', maxLength: 6 }),
  name: Type.Optional(Text(40, 1)),
  regionCode: Type.Optional(RegionCode),
});
export type CitizenVerify = Static<typeof CitizenVerify>;

export const citizens = {
  requestCode: route({
    method: 'POST',
    url: '/portal/auth/code',
    tags,
    summary: 'Send a one-time sign-in code to a mobile phone (the code is shown only in demo and test mode)',
    body: Obj({ phone: Phone }),
    response: CodeSent,
  }),
  verify: route({
    method: 'POST',
    url: '/portal/auth/verify',
    tags,
    summary: 'Sign in with the code; a new phone needs a name and a community. Sets the citizen cookie.',
    body: CitizenVerify,
    response: CitizenMe,
  }),
  me: route({ method: 'GET', url: '/portal/auth/me', tags, summary: 'The signed-in citizen', response: CitizenMe }),
  session: route({
    method: 'GET',
    url: '/portal/auth/session',
    tags,
    summary: 'Who is signed in on the portal: the citizen, or null (a page asks this without an error when nobody is)',
    response: Obj({ citizen: Type.Union([CitizenMe, Type.Null()]) }),
  }),
  logout: route({ method: 'POST', url: '/portal/auth/logout', tags, summary: 'Sign the citizen out', body: Obj({}), response: Ok }),
};
