import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { Obj, PageQuery, Paged, Text, withErrors } from '../../platform/http/schemas.js';

const Row = Obj({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRoles: Type.String(),
  scope: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  result: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.String(),
});

export function registerAuditRoutes(app: App, c: Container): void {
  const tags = ['audit'];
  app.get('/audit', {
    schema: {
      tags,
      summary: 'The audit trail (audit administrator only)',
      querystring: Obj({
        ...PageQuery,
        actor: Type.Optional(Text(60)),
        action: Type.Optional(Text(80)),
        result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')])),
        objectType: Type.Optional(Text(40)),
        objectId: Type.Optional(Text(40)),
        from: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
        to: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
      }),
      response: withErrors({ 200: Paged(Row) }),
    },
    config: { permission: 'audit.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 50;
      return { ...(await c.auditLog.list(ctx(req), { ...req.query, page, pageSize })), page, pageSize };
    },
  });
  app.post('/audit/verify', {
    schema: {
      tags,
      summary: 'Verify the HMAC-SM3 chain of the whole trail',
      response: withErrors({
        200: Obj({
          ok: Type.Boolean(),
          rows: Type.Integer(),
          brokenAt: Type.Optional(Type.Integer()),
          problem: Type.Optional(Type.String()),
          headSeq: Type.Optional(Type.Integer()),
          anchoredLink: Type.Union([Type.Integer(), Type.Null()]),
          alarms: Type.Integer(),
        }),
      }),
    },
    config: { permission: 'audit.read' },
    handler: async (req) => c.auditLog.verify(ctx(req)),
  });
  app.get('/audit/alarms', {
    schema: {
      tags,
      summary: 'Integrity alarms: entries the linker refused to chain (their MAC fails), a chain below its signed anchor',
      response: withErrors({
        200: Obj({
          items: Type.Array(
            Obj({
              id: Type.Integer(),
              at: Type.String(),
              kind: Type.String(),
              entrySeq: Type.Union([Type.Integer(), Type.Null()]),
              detail: Type.String(),
            }),
          ),
        }),
      }),
    },
    config: { permission: 'audit.read' },
    handler: async (req) => ({ items: await c.auditLog.alarms(ctx(req)) }),
  });
}
