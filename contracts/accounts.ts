/** Accounts and sign-in: staff accounts and their roles (administrators), and the signed-in account's own session, contact and preferences. */
import { Type, type Static } from '@sinclair/typebox';
import { IdParam, Obj, Ok, PageQuery, Paged, Text, route } from './core.js';

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$';

export const Account = Obj({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgType: Type.String(),
  status: Type.String(),
  locked: Type.Boolean(),
  failedLogins: Type.Integer(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  createdAt: Type.String(),
  email: Type.Union([Type.String(), Type.Null()], { description: 'the work email address notifications are sent to; null when none' }),
  phoneMasked: Type.Union([Type.String(), Type.Null()], {
    description: 'the mobile phone SMS notifications are sent to, masked (138****1234); null when none',
  }),
});
export type Account = Static<typeof Account>;
export const Role = Obj({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  adminKind: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
});
export type Role = Static<typeof Role>;
export const EmailBody = Obj({ email: Type.Union([Text(254), Type.Null()]) });
export const EmailAnswer = Obj({ email: Type.Union([Type.String(), Type.Null()]) });
export type EmailAnswer = Static<typeof EmailAnswer>;
export const PhoneBody = Obj({ phone: Type.Union([Text(32), Type.Null()]) });
export const PhoneAnswer = Obj({ phoneMasked: Type.Union([Type.String(), Type.Null()]) });
export type PhoneAnswer = Static<typeof PhoneAnswer>;

export const UiPrefs = Obj({
  elder: Type.Optional(Type.Boolean({ description: 'elder mode (适老化): larger text, targets and spacing' })),
  contrast: Type.Optional(Type.Boolean({ description: "the platform's high-contrast theme" })),
  largeFont: Type.Optional(Type.Boolean()),
});
export type UiPrefs = Static<typeof UiPrefs>;

export const Me = Obj({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgType: Type.String(),
  roles: Type.Array(Type.String()),
  adminKind: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  scope: Obj({ orgPath: Type.String(), regionPath: Type.String(), crossType: Type.Boolean() }),
  csrfToken: Type.String(),
  uiPrefs: UiPrefs,
  email: Type.Union([Type.String(), Type.Null()], { description: 'my own email address, where notifications I chose by email are sent; null when none' }),
  phoneMasked: Type.Union([Type.String(), Type.Null()], {
    description: 'my own mobile phone, masked (138****1234), where notifications I chose by SMS are sent; null when none',
  }),
});
export type Me = Static<typeof Me>;

const tags = ['accounts'] as const;

export const accounts = {
  list: route({
    method: 'GET',
    url: '/accounts',
    tags,
    summary: 'Staff accounts of my scope, by name and organization',
    querystring: Obj({ ...PageQuery, q: Type.Optional(Text(60)), orgId: Type.Optional(Type.Integer({ minimum: 1 })) }),
    response: Paged(Account),
  }),
  get: route({ method: 'GET', url: '/accounts/:id', tags, summary: 'One staff account of my scope', params: IdParam, response: Account }),
  create: route({
    method: 'POST',
    url: '/accounts',
    tags,
    summary: 'Create a staff account (system administrator); roles are granted separately by the security administrator',
    body: Obj({
      username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 40 }),
      displayName: Text(60, 1),
      orgId: Type.Integer({ minimum: 1 }),
      password: Text(128, 1),
    }),
    response: Account,
    status: 201,
  }),
  disable: route({
    method: 'POST',
    url: '/accounts/:id/disable',
    tags,
    summary: 'Disable an account of my scope: it can no longer sign in and its sessions end',
    params: IdParam,
    response: Account,
  }),
  enable: route({
    method: 'POST',
    url: '/accounts/:id/enable',
    tags,
    summary: 'Enable a disabled account of my scope again',
    params: IdParam,
    response: Account,
  }),
  resetPassword: route({
    method: 'POST',
    url: '/accounts/:id/reset-password',
    tags,
    summary: "Set a temporary password, to be changed at the next sign-in; ends the account's sessions",
    params: IdParam,
    body: Obj({ password: Text(128, 1) }),
    response: Ok,
  }),
  unlock: route({
    method: 'POST',
    url: '/accounts/:id/unlock',
    tags,
    summary: 'Unlock an account locked after failed sign-ins',
    params: IdParam,
    response: Ok,
  }),
  setRoles: route({
    method: 'PUT',
    url: '/accounts/:id/roles',
    tags,
    summary: 'Replace the roles of an account (security administrator)',
    params: IdParam,
    body: Obj({ roles: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }) }),
    response: Account,
  }),
  setEmail: route({
    method: 'PUT',
    url: '/accounts/:id/email',
    tags,
    summary: 'Set (or, with null, clear) the email address of an account of my scope (system administrator)',
    params: IdParam,
    body: EmailBody,
    response: EmailAnswer,
  }),
  setPhone: route({
    method: 'PUT',
    url: '/accounts/:id/phone',
    tags,
    summary: 'Set (or, with null, clear) the mobile phone of an account of my scope (system administrator); answered masked',
    params: IdParam,
    body: PhoneBody,
    response: PhoneAnswer,
  }),
  roles: route({ method: 'GET', url: '/roles', tags, summary: 'The roles and the permissions each grants', response: Obj({ items: Type.Array(Role) }) }),
};

const authTags = ['auth'] as const;

export const auth = {
  /** Public (no session): the routes file marks it `security: []` in the API document. */
  login: route({
    method: 'POST',
    url: '/auth/login',
    tags: authTags,
    summary: 'Sign in; sets the session cookie. One answer for every kind of failure.',
    body: Obj({ username: Text(100), password: Type.Optional(Type.Unknown()) }),
    response: Me,
  }),
  logout: route({ method: 'POST', url: '/auth/logout', tags: authTags, summary: 'Sign out: ends the session and clears its cookie', response: Ok }),
  me: route({
    method: 'GET',
    url: '/auth/me',
    tags: authTags,
    summary: 'The signed-in account: roles, permissions, scope, CSRF token, display preferences and own email address',
    response: Me,
  }),
  setOwnEmail: route({
    method: 'PUT',
    url: '/auth/me/email',
    tags: authTags,
    summary: 'Set (or, with null, clear) my own email address, where notifications I chose by email are sent',
    body: EmailBody,
    response: EmailAnswer,
  }),
  setOwnPhone: route({
    method: 'PUT',
    url: '/auth/me/phone',
    tags: authTags,
    summary: 'Set (or, with null, clear) my own mobile phone, where notifications I chose by SMS are sent; answered masked',
    body: PhoneBody,
    response: PhoneAnswer,
  }),
  setOwnPrefs: route({
    method: 'PUT',
    url: '/auth/me/prefs',
    tags: authTags,
    summary: 'Save my own display preferences (elder mode, high contrast, large font); they follow me to another computer',
    body: UiPrefs,
    response: UiPrefs,
  }),
  changePassword: route({
    method: 'POST',
    url: '/auth/password',
    tags: authTags,
    summary: 'Change my own password; every other session of the account ends',
    body: Obj({ currentPassword: Text(128, 1), newPassword: Text(128, 1) }),
    response: Obj({ ok: Type.Boolean(), endedSessions: Type.Integer({ minimum: 0, description: 'how many other sessions of the account were ended' }) }),
  }),
};
