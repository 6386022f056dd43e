import { Type, type Static } from '@sinclair/typebox';
import { orgs as orgContract } from '../../../contracts/orgs.js';
import { contractRoute } from '../../platform/http/contract.js';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { IdParam, Obj, PageQuery, Paged, RegionCode, Text, TypeCode, withErrors } from '../../platform/http/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const OrgSchema = Obj({
  id: Type.Integer(),
  typeCode: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  path: Type.String(),
  name: Type.String(),
  level: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  enterpriseName: Type.Union([Type.String(), Type.Null()]),
  partyGroup: Type.Boolean(),
  status: Type.String(),
  version: Type.Integer(),
  childCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const ListOrgsQuery = Obj({
  ...PageQuery,
  type: Type.Optional(TypeCode),
  parentId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Text(100)),
  level: Type.Optional(Type.Union(['city', 'district', 'street', 'community', 'grassroots'].map((l) => Type.Literal(l)))),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
  regionCode: Type.Optional(RegionCode),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('level'), Type.Literal('created'), Type.Literal('region')])),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const CreditCode = Type.String({ maxLength: 40 });

type ListQuery = Static<typeof ListOrgsQuery>;
const filterOf = (q: Omit<ListQuery, 'page' | 'pageSize'>) => ({
  typeCode: q.type,
  parentId: q.parentId,
  q: q.q?.trim() || undefined,
  level: q.level,
  status: q.status,
  regionPath: q.regionCode,
  sort: q.sort ?? ('level' as const),
  desc: q.order === 'desc',
});

export function registerOrgRoutes(app: App, c: Container): void {
  app.route({ ...contractRoute(orgContract.merge), config: { permission: 'org.write' }, handler: async (req) => c.orgMerge.merge(ctx(req), req.body) });
  const tags = ['organizations'];
  app.get('/org-types', {
    schema: {
      tags,
      response: withErrors({ 200: Obj({ items: Type.Array(Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), isPartner: Type.Boolean() })) }) }),
    },
    config: { signedIn: true },
    handler: async () => ({ items: await c.orgs.types() }),
  });

  app.post('/org-types', {
    schema: {
      tags,
      summary: 'Add a configurable organization type',
      body: Obj({ code: TypeCode, nameZh: Text(40, 1), nameEn: Text(80, 1), isPartner: Type.Boolean() }),
      response: withErrors({ 201: Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), isPartner: Type.Boolean() }) }),
    },
    config: { permission: 'catalog.write' },
    handler: async (req, reply) => reply.code(201).send(await c.orgs.addType(ctx(req), req.body)),
  });

  app.get('/orgs', {
    schema: { tags, summary: 'Organizations in my scope, filtered, sorted and paged', querystring: ListOrgsQuery, response: withErrors({ 200: Paged(OrgSchema) }) },
    config: { permission: 'org.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.orgs.list(req.actor!, { ...filterOf(req.query), page, pageSize })), page, pageSize };
    },
  });

  app.get('/orgs/export', {
    schema: {
      tags,
      summary: 'The filtered list as an Excel workbook (at most 10,000 rows; audited)',
      querystring: Type.Omit(ListOrgsQuery, ['page', 'pageSize'], { additionalProperties: false }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'org.read' },
    handler: async (req, reply) => {
      const buf = await c.orgs.exportXlsx(ctx(req), filterOf(req.query));
      return reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="organizations.xlsx"').send(buf);
    },
  });

  app.get('/orgs/roots', {
    schema: { tags, summary: 'The top of each visible tree of a type', querystring: Obj({ type: TypeCode }), response: withErrors({ 200: Obj({ items: Type.Array(OrgSchema) }) }) },
    config: { permission: 'org.read' },
    handler: async (req) => ({ items: await c.orgs.roots(req.actor!, req.query.type) }),
  });

  app.get('/orgs/:id', {
    schema: {
      tags,
      params: IdParam,
      response: withErrors({ 200: Type.Composite([OrgSchema, Obj({ ancestors: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })) })], { additionalProperties: false }) }),
    },
    config: { permission: 'org.read' },
    handler: async (req) => c.orgs.get(req.actor!, req.params.id),
  });

  app.get('/orgs/:id/history', {
    schema: {
      tags,
      params: IdParam,
      response: withErrors({
        200: Obj({ items: Type.Array(Obj({ id: Type.Integer(), action: Type.String(), changes: Type.String(), actorName: Type.Union([Type.String(), Type.Null()]), at: Type.String() })) }),
      }),
    },
    config: { permission: 'org.read' },
    handler: async (req) => ({ items: await c.orgs.history(req.actor!, req.params.id) }),
  });

  app.post('/orgs', {
    schema: {
      tags,
      summary: 'Create a unit under a parent in my scope',
      body: Obj({
        parentId: Type.Integer({ minimum: 1 }),
        name: Text(100, 1),
        regionCode: RegionCode,
        creditCode: Type.Optional(Nullable(CreditCode)),
        enterpriseName: Type.Optional(Nullable(Text(100))),
        partyGroup: Type.Optional(Type.Boolean()),
      }),
      response: withErrors({ 201: OrgSchema }),
    },
    config: { permission: 'org.write' },
    handler: async (req, reply) => reply.code(201).send(await c.orgs.create(ctx(req), req.body)),
  });

  app.patch('/orgs/:id', {
    schema: {
      tags,
      summary: 'Rename or edit a unit (optimistic: send the version you read)',
      params: IdParam,
      body: Obj({
        version: Type.Integer({ minimum: 1 }),
        name: Type.Optional(Text(100, 1)),
        creditCode: Type.Optional(Nullable(CreditCode)),
        enterpriseName: Type.Optional(Nullable(Text(100))),
        partyGroup: Type.Optional(Type.Boolean()),
      }),
      response: withErrors({ 200: OrgSchema }),
    },
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.update(ctx(req), req.params.id, req.body),
  });

  app.post('/orgs/:id/move', {
    schema: { tags, params: IdParam, body: Obj({ newParentId: Type.Integer({ minimum: 1 }), version: Type.Integer({ minimum: 1 }) }), response: withErrors({ 200: OrgSchema }) },
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.move(ctx(req), req.params.id, req.body),
  });

  app.post('/orgs/:id/archive', {
    schema: { tags, summary: 'Archive a unit with its subtree', params: IdParam, response: withErrors({ 200: Obj({ affected: Type.Integer() }) }) },
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.setArchived(ctx(req), req.params.id, true),
  });

  app.post('/orgs/:id/restore', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Obj({ affected: Type.Integer() }) }) },
    config: { permission: 'org.write' },
    handler: async (req) => c.orgs.setArchived(ctx(req), req.params.id, false),
  });
}
