/** OpenID Connect sign-in (ADR 0016): staff accounts bound to a provider subject, citizens by the provider's verified phone. */
import { Type, type Static } from '@sinclair/typebox';
import { Id, Lit, Nullable, Obj, Ok, Text, route } from './core.js';

const tags = ['auth: oidc'] as const;

/** Why a sign-in through the provider was refused: the stable code the callback sends back to the sign-in page. */
export const OIDC_REFUSALS = [
  'state',
  'audience',
  'code_rejected',
  'token_expired',
  'nonce',
  'unbound',
  'account_unusable',
  'phone_unverified',
  'no_person',
  'denied',
  'provider',
] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

export const OidcStatus = Obj({ enabled: Type.Boolean() });
export type OidcStatus = Static<typeof OidcStatus>;
export const OidcBinding = Obj({ id: Id, issuer: Type.String(), subject: Type.String(), createdAt: Type.String(), lastUsedAt: Nullable(Type.String()) });
export type OidcBinding = Static<typeof OidcBinding>;
export const OidcBindings = Obj({ issuer: Nullable(Type.String()), bindings: Type.Array(OidcBinding) });
export type OidcBindings = Static<typeof OidcBindings>;
const Callback = Obj({
  code: Type.Optional(Text(2000)),
  state: Type.Optional(Text(500)),
  iss: Type.Optional(Text(500)),
  error: Type.Optional(Text(200)),
  error_description: Type.Optional(Text(1000)),
  session_state: Type.Optional(Text(500)),
});
export const OidcAudience = Lit(['staff', 'citizen'] as const);

export const oidc = {
  status: route({ method: 'GET', url: '/auth/oidc', tags, summary: 'Whether staff can sign in through the unified identity provider', response: OidcStatus }),
  start: route({ method: 'GET', url: '/auth/oidc/start', tags, summary: 'Redirects to the provider (authorization code + PKCE)', response: null, status: 302 }),
  callback: route({
    method: 'GET',
    url: '/auth/oidc/callback',
    tags,
    summary: 'The provider sends the browser back here; signs a bound account in, or redirects to /login?oidc_error=<refusal>',
    querystring: Callback,
    response: null,
    status: 302,
  }),
  citizenStatus: route({
    method: 'GET',
    url: '/portal/auth/oidc',
    tags,
    summary: "Whether citizens can sign in through the city's identity provider",
    response: OidcStatus,
  }),
  citizenStart: route({ method: 'GET', url: '/portal/auth/oidc/start', tags, summary: 'Redirects the citizen to the provider', response: null, status: 302 }),
  citizenCallback: route({
    method: 'GET',
    url: '/portal/auth/oidc/callback',
    tags,
    summary: 'Signs the citizen with the verified phone in, or redirects to /portal/sign-in?oidc_error=<refusal>',
    querystring: Callback,
    response: null,
    status: 302,
  }),
  bindings: route({
    method: 'GET',
    url: '/accounts/:id/oidc',
    tags,
    summary: "An account's bindings to the provider",
    params: Obj({ id: Id }),
    response: OidcBindings,
  }),
  bind: route({
    method: 'POST',
    url: '/accounts/:id/oidc',
    tags,
    summary: "Bind the account to a subject of the configured provider (the provider's stable user id)",
    params: Obj({ id: Id }),
    body: Obj({ subject: Text(255, 1) }),
    response: OidcBinding,
  }),
  unbind: route({
    method: 'DELETE',
    url: '/accounts/:id/oidc/:bindingId',
    tags,
    summary: 'Remove a binding; the account signs in with its password again',
    params: Obj({ id: Id, bindingId: Id }),
    response: Ok,
  }),
};
export type OidcAudience = Static<typeof OidcAudience>;
