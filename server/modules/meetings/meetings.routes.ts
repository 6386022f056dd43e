import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { meetings as m } from '../../../contracts/meetings.js';
import { projects as p } from '../../../contracts/projects.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { withErrors } from '../../platform/http/schemas.js';

const byIp = (prefix: string) => (req: FastifyRequest) => `${prefix}:${req.ip}`;

export function registerMeetingRoutes(app: App, c: Container): void {
  const read = { permission: 'meeting.read' } as const;
  const manage = { permission: 'meeting.manage' } as const;
  const part = { permission: 'meeting.take_part' } as const;
  const s = c.meetings;
  app.route({ ...contractRoute(m.participants), config: read, handler: async (req) => s.participants(req.actor!) });
  app.route({ ...contractRoute(m.listSeries), config: read, handler: async (req) => s.listSeries(req.actor!) });
  app.route({
    ...contractRoute(m.createSeries),
    config: manage,
    handler: async (req, reply) => reply.code(201).send(await s.createSeries(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(m.getSeries), config: read, handler: async (req) => s.getSeries(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(m.generate),
    config: manage,
    handler: async (req, reply) => reply.code(201).send(await s.generate(ctx(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(m.listOccurrences), config: read, handler: async (req) => s.listOccurrences(req.actor!, req.query.from, req.query.to) });
  app.route({ ...contractRoute(m.getOccurrence), config: read, handler: async (req) => s.getOccurrence(req.actor!, req.params.id) });
  app.route({ ...contractRoute(m.bookRoom), config: manage, handler: async (req) => s.bookRoom(ctx(req), req.params.id, req.body.roomId) });
  app.route({
    ...contractRoute(m.proposeTopic),
    config: read,
    handler: async (req, reply) => reply.code(201).send(await s.proposeTopic(ctx(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(m.setAgenda), config: manage, handler: async (req) => s.setAgenda(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.setAttendance), config: manage, handler: async (req) => s.setAttendance(ctx(req), req.params.id, req.body.rows) });
  app.route({ ...contractRoute(m.setMinutes), config: manage, handler: async (req) => s.setMinutes(ctx(req), req.params.id, req.body) });
  app.route({
    ...contractRoute(m.addDecision),
    config: manage,
    handler: async (req, reply) => reply.code(201).send(await s.addDecision(ctx(req), req.params.id, req.body)),
  });
  app.route({ ...contractRoute(m.listItems), config: read, handler: async (req) => s.listItems(req.actor!, req.query) });
  app.route({ ...contractRoute(m.supervision), config: manage, handler: async (req) => s.supervision(req.actor!) });
  app.route({ ...contractRoute(m.getItem), config: read, handler: async (req) => s.getItem(req.actor!, req.params.id) });
  app.route({ ...contractRoute(m.respond), config: part, handler: async (req) => s.respond(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.clarify), config: manage, handler: async (req) => s.clarify(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.progress), config: part, handler: async (req) => s.progress(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.requestExtension), config: part, handler: async (req) => s.requestExtension(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.decideExtension), config: manage, handler: async (req) => s.decideExtension(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.submit), config: part, handler: async (req) => s.submit(ctx(req), req.params.id, req.body) });
  app.route({ ...contractRoute(m.review), config: manage, handler: async (req) => s.review(ctx(req), req.params.id, req.body) });
  app.route({
    ...contractRoute(m.figures),
    config: read,
    handler: async (req) => s.figures(req.actor!, async () => (await c.projects.portfolio(req.actor!, {})).counts),
  });
  app.route({
    ...contractRoute(m.pack),
    config: read,
    handler: async (req, reply) => {
      const { pdf, filename } = await s.pack(ctx(req), req.params.id, async (level) => (await c.projects.portfolio(req.actor!, { level })).items);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
    },
  });
  app.route({ ...contractRoute(m.getFeed), config: read, handler: async (req) => s.getFeed(req.actor!) });
  app.route({ ...contractRoute(m.makeFeed), config: read, handler: async (req) => s.makeFeed(ctx(req), req.body.rotate ?? false) });
  app.route({ ...contractRoute(m.revokeFeed), config: read, handler: async (req) => s.revokeFeed(ctx(req)) });
  app.route({
    method: 'GET',
    url: '/meeting-feeds/:file',
    schema: {
      tags: ['meetings'],
      summary: "iCalendar feed of an organization's meetings (the address carries its unguessable token)",
      security: [],
      params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{32,64}\\.ics$', maxLength: 70 }) }, { additionalProperties: false }),
      response: withErrors({ 200: Type.String() }),
    },
    config: { public: true, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: byIp('meeting-feed') } },
    handler: async (req, reply) => {
      const text = await s.feedText(req.params.file.slice(0, -4));
      if (text === null) throw new AppError('NOT_FOUND', 'token');
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(text);
    },
  });
  registerProjectRoutes(app, c);
}

export function registerProjectRoutes(app: App, c: Container): void {
  const s = c.projects;
  app.route({ ...contractRoute(p.list), config: { permission: 'meeting.read' }, handler: async (req) => s.portfolio(req.actor!, req.query) });
  app.route({
    ...contractRoute(p.portfolioExport),
    config: { permission: 'meeting.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="projects.xlsx"')
        .send(await s.exportXlsx(ctx(req), req.query)),
  });
  app.route({
    ...contractRoute(p.create),
    config: { permission: 'meeting.manage' },
    handler: async (req, reply) => reply.code(201).send(await s.create(ctx(req), req.body)),
  });
  app.route({ ...contractRoute(p.get), config: { permission: 'meeting.read' }, handler: async (req) => s.get(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(p.report),
    config: { permission: 'meeting.read' },
    handler: async (req, reply) => reply.code(201).send(await s.report(ctx(req), req.params.id, req.body)),
  });
}
