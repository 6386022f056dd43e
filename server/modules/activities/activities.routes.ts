import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { activities } from '../../../contracts/activities.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute, openRoute } from '../../platform/http/contract.js';
import { citizenOf, ctx } from '../../platform/http/plugin.js';

export function registerActivityRoutes(app: App, c: Container): void {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  // ───────────── Campaigns ─────────────
  app.route({
    ...contractRoute(activities.campaigns),
    config: { permission: 'activity.read' },
    handler: async (req) => ({ items: await c.activities.campaigns(req.actor!) }),
  });

  app.route({
    ...contractRoute(activities.createCampaign),
    config: { permission: 'activity.write' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.createCampaign(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(activities.updateCampaign),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.updateCampaign(ctx(req), req.params.id, req.body),
  });

  // ───────────── Activities ─────────────
  app.route({
    ...contractRoute(activities.list),
    config: { permission: 'activity.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, order, sort, q, ...rest } = req.query;
      return {
        ...(await c.activities.list(req.actor!, { ...rest, q: q?.trim() || undefined, sort: sort ?? 'starts', desc: order === 'desc', page, pageSize })),
        page,
        pageSize,
      };
    },
  });

  app.route({
    ...contractRoute(activities.totals),
    config: { permission: 'activity.read' },
    handler: async (req) => {
      const { by, ...f } = req.query;
      return c.activities.totals(req.actor!, by, f);
    },
  });

  app.route({
    ...contractRoute(activities.exportTotals),
    config: { permission: 'activity.read' },
    handler: async (req, reply) => {
      const { by, ...f } = req.query;
      const buf = await c.activities.exportTotals(ctx(req), by, f);
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="activity-totals-${by}.xlsx"`).send(buf);
    },
  });

  app.route({
    ...contractRoute(activities.create),
    config: { permission: 'activity.write' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.create(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(activities.get),
    config: { permission: 'activity.read' },
    handler: async (req) => c.activities.get(req.actor!, req.params.id),
  });

  app.route({
    ...contractRoute(activities.update),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.update(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(activities.publish),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.setStatus(ctx(req), req.params.id, 'published', req.body.version),
  });

  app.route({
    ...contractRoute(activities.cancel),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.setStatus(ctx(req), req.params.id, 'cancelled', req.body.version),
  });

  app.route({
    ...contractRoute(activities.registrations),
    config: { permission: 'activity.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return { ...(await c.activities.registrations(req.actor!, req.params.id, { ...f, page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(activities.decide),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.decide(ctx(req), req.params.id, req.params.registrationId, req.body.decision),
  });

  app.route({
    ...contractRoute(activities.checkIn),
    config: { permission: 'activity.checkin' },
    handler: async (req) => c.activities.checkIn(ctx(req), req.body.code),
  });

  app.route({
    ...contractRoute(activities.walkIn),
    config: { permission: 'activity.checkin' },
    handler: async (req) => c.activities.walkIn(ctx(req), req.params.id, req.body),
  });

  // ───────────── Portal ─────────────
  app.route({
    ...openRoute(contractRoute(activities.portalList)),
    config: { citizen: 'optional' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      const citizen = req.citizen;
      return { ...(await c.activities.listPublic(citizen, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...openRoute(contractRoute(activities.portalGet)),
    config: { citizen: 'optional' },
    handler: async (req) => c.activities.getPublic(req.citizen, req.params.id),
  });

  app.route({
    ...contractRoute(activities.register),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.register(meta(req), citizenOf(req), req.params.id)),
  });

  app.route({
    ...contractRoute(activities.join),
    config: { citizen: 'required' },
    handler: async (req) => c.activities.join(meta(req), citizenOf(req), req.params.id),
  });

  app.route({
    ...contractRoute(activities.mine),
    config: { citizen: 'required' },
    handler: async (req) => ({ items: await c.activities.mine(citizenOf(req)) }),
  });

  app.route({
    ...contractRoute(activities.cancelMine),
    config: { citizen: 'required' },
    handler: async (req) => c.activities.cancelMine(meta(req), citizenOf(req), req.params.id),
  });

  app.route({
    ...contractRoute(activities.rateMine),
    config: { citizen: 'required' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.rateMine(meta(req), citizenOf(req), req.params.id, req.body)),
  });
}
