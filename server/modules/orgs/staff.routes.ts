import { orgs } from '../../../contracts/orgs.js';
import { contractRoute } from '../../platform/http/contract.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';

export function registerStaffRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(orgs.leaders),
    config: { permission: 'staff.read' },
    handler: async (req) => c.staff.leaders(req.actor!, req.params.id),
  });
  app.route({
    ...contractRoute(orgs.addLeader),
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addLeader(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(orgs.editLeader),
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.editLeader(ctx(req), req.params.id, req.body);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(orgs.removeLeader),
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.removeLeader(ctx(req), req.params.id);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(orgs.staff),
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.staff(req.actor!, req.params.id) }),
  });
  app.route({
    ...contractRoute(orgs.addStaff),
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addStaff(ctx(req), req.params.id, req.body)),
  });
  app.route({
    ...contractRoute(orgs.endStaff),
    config: { permission: 'staff.write' },
    handler: async (req) => {
      await c.staff.endStaff(ctx(req), req.params.id, req.body.endedOn);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(orgs.programmes),
    config: { signedIn: true },
    handler: async () => ({ items: await c.staff.programmes() }),
  });
  app.route({
    ...contractRoute(orgs.addProgramme),
    config: { permission: 'catalog.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addProgramme(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(orgs.staffSummary),
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.staffSummary(req.actor!, req.query.type ?? null) }),
  });
  app.route({
    ...contractRoute(orgs.leaderBreakdown),
    config: { permission: 'staff.read' },
    handler: async (req) => c.staff.leaderBreakdown(req.actor!, req.query.orgId),
  });
  app.route({
    ...contractRoute(orgs.leaderBreakdownExport),
    config: { permission: 'staff.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="leadership.xlsx"')
        .send(await c.staff.exportLeaderBreakdown(ctx(req), req.query.orgId)),
  });
  app.route({
    ...contractRoute(orgs.composition),
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.composition(req.actor!, req.query.type ?? null) }),
  });
  app.route({
    ...contractRoute(orgs.exchanges),
    config: { permission: 'staff.read' },
    handler: async (req) => ({ items: await c.staff.exchanges(req.actor!) }),
  });
  app.route({
    ...contractRoute(orgs.addExchange),
    config: { permission: 'staff.write' },
    handler: async (req, reply) => reply.code(201).send(await c.staff.addExchange(ctx(req), req.body)),
  });
}
