import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { IdParam, Obj, PageQuery, Paged, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';
import { PersonBody, PersonGroupSchema as Group, PersonSchema } from '../../../contracts/people.js';

export function registerPeopleRoutes(app: App, c: Container): void {
  const tags = ['people'];
  app.get('/people', {
    schema: {
      tags,
      summary: 'People in my region scope, by name, group and region',
      querystring: Obj({ ...PageQuery, q: Type.Optional(Text(60)), group: Type.Optional(Group), regionCode: Type.Optional(RegionCode) }),
      response: withErrors({ 200: Paged(PersonSchema) }),
    },
    config: { permission: 'people.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const r = await c.people.list(req.actor!, { ...req.query, q: req.query.q?.trim() || undefined, page, pageSize });
      return { ...r, page, pageSize };
    },
  });
  app.post('/people/lookup', {
    schema: {
      tags,
      summary: 'Exact search by ID number or phone through the blind index (a POST, so the value never sits in a URL or an access log)',
      body: Obj({ idNumber: Type.Optional(Text(40, 1)), phone: Type.Optional(Text(30, 1)) }),
      response: withErrors({ 200: Obj({ items: Type.Array(PersonSchema) }) }),
    },
    config: { permission: 'people.read' },
    handler: async (req) => {
      if (!req.body.idNumber && !req.body.phone) throw new AppError('VALIDATION', 'idNumber', { reason: 'required' });
      const r = await c.people.list(req.actor!, { idNumber: req.body.idNumber, phone: req.body.phone, page: 1, pageSize: 50 });
      return { items: r.items };
    },
  });
  app.get('/people/export', {
    schema: {
      tags,
      summary: 'The filtered list as an Excel workbook with masked fields (at most 10,000 rows; audited)',
      querystring: Obj({ q: Type.Optional(Text(60)), group: Type.Optional(Group), regionCode: Type.Optional(RegionCode) }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'people.read', rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req) => `export:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req, reply) => {
      const buf = await c.people.exportXlsx(ctx(req), { ...req.query, q: req.query.q?.trim() || undefined });
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="people.xlsx"').send(buf);
    },
  });
  app.get('/people/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: PersonSchema }) },
    config: { permission: 'people.read' },
    handler: async (req) => c.people.get(ctx(req), req.params.id),
  });
  app.post('/people', {
    schema: { tags, body: Obj({ ...PersonBody, regionCode: RegionCode, orgId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) }), response: withErrors({ 201: PersonSchema }) },
    config: { permission: 'people.write' },
    handler: async (req, reply) => reply.code(201).send(await c.people.create(ctx(req), req.body)),
  });
  app.patch('/people/:id', {
    schema: {
      tags,
      params: IdParam,
      body: Obj({ ...PersonBody, name: Type.Optional(Text(60, 1)), regionCode: Type.Optional(RegionCode) }),
      response: withErrors({ 200: PersonSchema }),
    },
    config: { permission: 'people.write' },
    handler: async (req) => c.people.update(ctx(req), req.params.id, req.body),
  });
  app.post('/people/:id/reveal', {
    schema: {
      tags,
      summary: 'Show one personal field in clear for a stated purpose (audited, rate-limited)',
      params: IdParam,
      body: Obj({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]), purpose: Text(200, 2) }),
      response: withErrors({ 200: Obj({ value: Type.Union([Type.String(), Type.Null()]) }) }),
    },
    config: { permission: 'people.reveal', rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req) => `reveal:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req) => c.people.reveal(ctx(req), req.params.id, req.body.field, req.body.purpose.trim()),
  });
}
