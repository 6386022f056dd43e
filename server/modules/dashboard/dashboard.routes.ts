import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { dashboard } from '../../../contracts/dashboard.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';

function registerAnnualReportRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(dashboard.annualReportYears),
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.annualReports.years(ctx(req)),
  });
  app.route({
    ...contractRoute(dashboard.annualReports),
    config: { permission: 'dashboard.read' },
    handler: async (req) => ({ items: await c.annualReports.list(ctx(req)) }),
  });
  app.route({
    ...contractRoute(dashboard.startAnnualReport),
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => reply.code(202).send(await c.annualReports.start(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(dashboard.annualReport),
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.annualReports.get(ctx(req), req.params.id),
  });
  app.route({
    ...contractRoute(dashboard.annualReportPdf),
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { file, name } = await c.annualReports.download(ctx(req), req.params.id, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  });
  app.route({
    ...contractRoute(dashboard.annualReportXlsx),
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { file, name } = await c.annualReports.download(ctx(req), req.params.id, 'xlsx');
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  });
}

export function registerDashboardRoutes(app: App, c: Container): void {
  registerAnnualReportRoutes(app, c);
  app.route({
    ...contractRoute(dashboard.view),
    config: { permission: 'dashboard.read' },
    handler: async (req) => c.dashboard.view(ctx(req), req.query),
  });

  app.route({
    ...contractRoute(dashboard.exportTable),
    config: { permission: 'dashboard.read' },
    handler: async (req, reply) => {
      const { table, ...q } = req.query;
      const buf = await c.dashboard.exportTable(ctx(req), table, q);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${table}.xlsx"`).send(buf);
    },
  });

  app.route({
    ...contractRoute(dashboard.members),
    config: { permission: 'dashboard.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const r = await c.dashboard.members(ctx(req), { ...req.query, page, pageSize });
      return {
        items: r.items.map((m) => ({
          id: m.id,
          memberNo: m.member_no,
          nameMasked: m.name_masked,
          gender: m.gender,
          birthYear: m.birth_year,
          joinedOn: m.joined_on,
          orgName: m.org_name,
          regionName: m.region_name,
        })),
        total: r.total,
        page,
        pageSize,
      };
    },
  });

  app.route({
    ...contractRoute(dashboard.map),
    config: { permission: 'dashboard.read' },
    handler: async () => c.dashboard.map(),
  });

  app.route({
    ...contractRoute(dashboard.uploadMap),
    bodyLimit: 20 * 1024 * 1024,
    // Polygon coordinates: a detailed district map holds millions of numbers.
    config: { permission: 'dashboard.map', jsonMaxValues: 10_000_000 },
    handler: async (req) => c.dashboard.uploadMap(ctx(req), req.body),
  });
}
