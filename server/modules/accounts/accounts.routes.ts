import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { IdParam, Obj, Ok, PageQuery, Paged, Text, withErrors } from '../../platform/http/schemas.js';
import { USERNAME_PATTERN } from './accounts.policy.js';

const AccountSchema = Obj({
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
  phoneMasked: Type.Union([Type.String(), Type.Null()], { description: 'the mobile phone SMS notifications are sent to, masked (138****1234); null when none' }),
});
const RoleSchema = Obj({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  adminKind: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
});

export function registerAccountRoutes(app: App, c: Container): void {
  const tags = ['accounts'];
  app.get('/accounts', {
    schema: {
      tags,
      querystring: Obj({ ...PageQuery, q: Type.Optional(Text(60)), orgId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: withErrors({ 200: Paged(AccountSchema) }),
    },
    config: { permission: 'account.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.accounts.list(req.actor!, { q: req.query.q?.trim() || undefined, orgId: req.query.orgId, page, pageSize })), page, pageSize };
    },
  });
  app.get('/accounts/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: AccountSchema }) },
    config: { permission: 'account.read' },
    handler: async (req) => c.accounts.get(req.actor!, req.params.id),
  });
  app.post('/accounts', {
    schema: {
      tags,
      summary: 'Create a staff account (system administrator); roles are granted separately by the security administrator',
      body: Obj({ username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 40 }), displayName: Text(60, 1), orgId: Type.Integer({ minimum: 1 }), password: Text(128, 1) }),
      response: withErrors({ 201: AccountSchema }),
    },
    config: { permission: 'account.write' },
    handler: async (req, reply) => reply.code(201).send(await c.accounts.create(ctx(req), req.body)),
  });
  app.post('/accounts/:id/disable', {
    schema: { tags, params: IdParam, response: withErrors({ 200: AccountSchema }) },
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setStatus(ctx(req), req.params.id, 'disabled'),
  });
  app.post('/accounts/:id/enable', {
    schema: { tags, params: IdParam, response: withErrors({ 200: AccountSchema }) },
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setStatus(ctx(req), req.params.id, 'active'),
  });
  app.post('/accounts/:id/reset-password', {
    schema: { tags, params: IdParam, body: Obj({ password: Text(128, 1) }), response: withErrors({ 200: Ok }) },
    config: { permission: 'account.write' },
    handler: async (req) => {
      await c.accounts.resetPassword(ctx(req), req.params.id, req.body.password);
      return { ok: true };
    },
  });
  app.post('/accounts/:id/unlock', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Ok }) },
    config: { permission: 'account.unlock' },
    handler: async (req) => {
      await c.accounts.unlock(ctx(req), req.params.id);
      return { ok: true };
    },
  });
  app.put('/accounts/:id/roles', {
    schema: {
      tags,
      summary: 'Replace the roles of an account (security administrator)',
      params: IdParam,
      body: Obj({ roles: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }) }),
      response: withErrors({ 200: AccountSchema }),
    },
    config: { permission: 'role.grant' },
    handler: async (req) => c.accounts.setRoles(ctx(req), req.params.id, req.body.roles),
  });
  app.put('/accounts/:id/email', {
    schema: {
      tags,
      summary: "Set (or, with null, clear) the email address of an account of my scope (system administrator)",
      params: IdParam,
      body: Obj({ email: Type.Union([Text(254), Type.Null()]) }),
      response: withErrors({ 200: Obj({ email: Type.Union([Type.String(), Type.Null()]) }) }),
    },
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setEmail(ctx(req), req.params.id, req.body.email),
  });
  app.put('/accounts/:id/phone', {
    schema: {
      tags,
      summary: 'Set (or, with null, clear) the mobile phone of an account of my scope (system administrator); answered masked',
      params: IdParam,
      body: Obj({ phone: Type.Union([Text(32), Type.Null()]) }),
      response: withErrors({ 200: Obj({ phoneMasked: Type.Union([Type.String(), Type.Null()]) }) }),
    },
    config: { permission: 'account.write' },
    handler: async (req) => c.accounts.setPhone(ctx(req), req.params.id, req.body.phone),
  });
  app.get('/roles', {
    schema: { tags, response: withErrors({ 200: Obj({ items: Type.Array(RoleSchema) }) }) },
    config: { permission: 'account.read' },
    handler: async () => ({ items: await c.accounts.roles() }),
  });
}
