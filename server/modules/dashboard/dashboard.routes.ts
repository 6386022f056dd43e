import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { IdParam, Obj, PageQuery, Paged, RegionCode, withErrors } from '../../platform/http/schemas.js';
import { CARD_KEYS, NULLABLE_KEYS, TABLE_KEYS } from './dashboard.service.js';

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', maxLength: 7 });
const AreaQuery = { district: Type.Optional(RegionCode), street: Type.Optional(RegionCode) };
const ViewQuery = { ...AreaQuery, from: Type.Optional(Month), to: Type.Optional(Month) };
// A rate is null when its base is zero (no requests, no ratings): the page shows "—", not 0 %.
const Cards = Obj(
  Object.fromEntries(CARD_KEYS.map((k) => [k, (NULLABLE_KEYS as readonly string[]).includes(k) ? Type.Union([Type.Number(), Type.Null()]) : Type.Number()])) as Record<(typeof CARD_KEYS)[number], ReturnType<typeof Type.Union<[ReturnType<typeof Type.Number>, ReturnType<typeof Type.Null>]>>>,
);
const Row = Obj({ code: Type.String(), labelZh: Type.String(), labelEn: Type.String(), value: Type.Number() });
const ViewSchema = Obj({
  area: Obj({ district: Type.String(), street: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
  period: Obj({ from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]) }),
  cards: Cards,
  tables: Obj(Object.fromEntries(TABLE_KEYS.map((k) => [k, Type.Array(Row)])) as Record<(typeof TABLE_KEYS)[number], ReturnType<typeof Type.Array<typeof Row>>>),
  trend: Type.Array(Obj({ month: Type.String(), values: Type.Record(Type.String(), Type.Number()) })),
  districts: Type.Array(Obj({ code: Type.String(), labelZh: Type.String(), labelEn: Type.String(), values: Cards })),
  hasMap: Type.Boolean(),
});
const Member = Obj({
  id: Type.Integer(), memberNo: Type.String(), nameMasked: Type.String(), gender: Type.String(), birthYear: Type.Integer(), joinedOn: Type.String(), orgName: Type.String(), regionName: Type.String(),
});
const Feature = Type.Object({ type: Type.String({ maxLength: 20 }), properties: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])), geometry: Type.Optional(Type.Unknown()) });
// A FeatureCollection: its members, closed, with the optional ones GeoJSON files commonly carry.
const GeoBody = Obj({
  type: Type.String({ maxLength: 40 }),
  features: Type.Array(Feature, { maxItems: 500 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  crs: Type.Optional(Type.Unknown()),
  bbox: Type.Optional(Type.Array(Type.Number(), { maxItems: 6 })),
});

const Report = Obj({
  id: Type.Integer(),
  year: Type.Integer(),
  level: Type.Union([Type.Literal('city'), Type.Literal('district')]),
  district: Type.Union([Type.String(), Type.Null()]),
  areaZh: Type.String(),
  areaEn: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  progress: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  pdfBytes: Type.Union([Type.Integer(), Type.Null()]),
  xlsxBytes: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

function registerAnnualReportRoutes(app: App, c: Container, tags: string[]): void {
  app.get('/dashboard/annual-reports/years', {
    schema: { tags, summary: 'The years an annual report can be made for (those with figures), and the one offered first', response: withErrors({ 200: Obj({ years: Type.Array(Type.Integer()), defaultYear: Type.Union([Type.Integer(), Type.Null()]) }) }) },
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.annualReports.years(ctx(req)),
  });
  app.get('/dashboard/annual-reports', {
    schema: { tags, summary: 'Annual reports of the city or districts within my region, newest first, with their progress', response: withErrors({ 200: Obj({ items: Type.Array(Report) }) }) },
    config: { permission: 'dashboard.read' },
    handler: async (req) => ({ items: await c.annualReports.list(ctx(req)) }),
  });
  app.post('/dashboard/annual-reports', {
    schema: {
      tags,
      summary: 'Start making the annual report (PDF and Excel) of the city, or of a district, for a year; a background job',
      body: Obj({ year: Type.Integer({ minimum: 1949, maximum: 2200 }), district: Type.Optional(RegionCode) }),
      response: withErrors({ 202: Report }),
    },
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => reply.code(202).send(await c.annualReports.start(ctx(req), req.body)),
  });
  app.get('/dashboard/annual-reports/:id', {
    schema: { tags, summary: 'One annual report and its progress', params: IdParam, response: withErrors({ 200: Report }) },
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.annualReports.get(ctx(req), req.params.id),
  });
  app.get('/dashboard/annual-reports/:id/pdf', {
    schema: { tags, summary: 'The annual report as a PDF', params: IdParam, response: withErrors({ 200: Binary }) },
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { file, name } = await c.annualReports.download(ctx(req), req.params.id, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  });
  app.get('/dashboard/annual-reports/:id/xlsx', {
    schema: { tags, summary: "The annual report's tables as an Excel workbook", params: IdParam, response: withErrors({ 200: Binary }) },
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { file, name } = await c.annualReports.download(ctx(req), req.params.id, 'xlsx');
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  });
}

export function registerDashboardRoutes(app: App, c: Container): void {
  const tags = ['dashboard'];
  registerAnnualReportRoutes(app, c, tags);
  app.get('/dashboard', {
    schema: {
      tags,
      summary: 'The dashboard (数据驾驶舱) of the city, a district or a street within my region, for a period of months',
      querystring: Obj(ViewQuery),
      response: withErrors({ 200: ViewSchema }),
    },
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.dashboard.view(ctx(req), req.query),
  });

  app.get('/dashboard/export', {
    schema: {
      tags,
      summary: 'One dashboard table as an Excel file',
      querystring: Obj({ ...ViewQuery, table: Type.Union(TABLE_KEYS.map((k) => Type.Literal(k))) }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { table, ...q } = req.query;
      const buf = await c.dashboard.exportTable(ctx(req), table, q);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${table}.xlsx"`).send(buf);
    },
  });

  app.get('/dashboard/members', {
    schema: {
      tags,
      summary: 'Drill-down behind the members figure: membership records of the area (masked)',
      querystring: Obj({ ...PageQuery, ...AreaQuery }),
      response: withErrors({ 200: Paged(Member) }),
    },
    config: { permission: 'dashboard.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const r = await c.dashboard.members(ctx(req), { ...req.query, page, pageSize });
      return {
        items: r.items.map((m) => ({ id: m.id, memberNo: m.member_no, nameMasked: m.name_masked, gender: m.gender, birthYear: m.birth_year, joinedOn: m.joined_on, orgName: m.org_name, regionName: m.region_name })),
        total: r.total,
        page,
        pageSize,
      };
    },
  });

  app.get('/dashboard/map', {
    schema: { tags, summary: "The deployment's approved district map (GeoJSON), or null when none was uploaded", response: withErrors({ 200: Type.Unknown() }) },
    config: { permission: 'dashboard.read' },
    handler: async () => c.dashboard.map(),
  });

  app.put('/dashboard/map', {
    schema: {
      tags,
      summary: "Upload the deployment's approved district map (GeoJSON FeatureCollection; features name districts by adcode or name)",
      body: GeoBody,
      response: withErrors({ 200: Obj({ features: Type.Integer(), matched: Type.Integer() }) }),
    },
    bodyLimit: 20 * 1024 * 1024,
    // Polygon coordinates: a detailed district map holds millions of numbers.
    config: { permission: 'dashboard.map', jsonMaxValues: 10_000_000 },
    handler: async (req) => c.dashboard.uploadMap(ctx(req), req.body),
  });
}
