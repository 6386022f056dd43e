import { createReadStream } from 'node:fs';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { venues, type VenueExportQuery } from '../../../contracts/venues.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { contractRoute, openRoute, uploadRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { PHOTO_LIMITS } from './venues.policy.js';

const filterOf = (q: VenueExportQuery) => ({
  typeCode: q.type,
  regionCode: q.regionCode,
  orgId: q.orgId,
  q: q.q?.trim() || undefined,
  sort: q.sort ?? ('name' as const),
  desc: q.order === 'desc',
});

async function onFile(this: unknown, part: MultipartFile) {
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: PHOTO_LIMITS.maxBytes });
    throw err;
  }
  const value = { name: part.filename || 'photo' };
  Object.defineProperty(value, 'data', { value: data, enumerable: false });
  (part as unknown as { value: unknown }).value = value;
}

const byIp = (prefix: string) => (req: FastifyRequest) => `${prefix}:${req.ip}`;

export function registerVenueRoutes(app: App, c: Container): void {
  // ───────────── Venue type catalogue ─────────────
  app.route({ ...contractRoute(venues.typeCatalogue), config: { signedIn: true }, handler: async () => ({ items: await c.venues.typeCatalogue() }) });
  app.route({
    ...contractRoute(venues.addType),
    config: { permission: 'venue.type.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.addType(ctx(req), req.body)),
  });
  app.route({
    ...contractRoute(venues.updateType),
    config: { permission: 'venue.type.write' },
    handler: async (req) => c.venues.updateType(ctx(req), req.params.code, req.body),
  });
  app.route({ ...contractRoute(venues.quotas), config: { permission: 'venue.read' }, handler: async (req) => c.venues.quotas(req.actor!, req.params.id) });
  app.route({
    ...contractRoute(venues.setQuotas),
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.setQuotas(ctx(req), req.params.id, req.body.orgs),
  });
  app.route({
    ...contractRoute(venues.cancelByVenue),
    config: { permission: 'venue.approve' },
    handler: async (req) => c.venues.cancelByVenue(ctx(req), req.params.id, req.body.reason),
  });

  app.route({ ...contractRoute(venues.types), config: { signedIn: true }, handler: async () => ({ items: await c.venues.types() }) });

  // ───────────── Venues ─────────────
  app.route({
    ...contractRoute(venues.list),
    config: { permission: 'venue.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.venues.list(req.actor!, { ...filterOf(req.query), page, pageSize })), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(venues.export),
    config: { permission: 'venue.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="venues.xlsx"')
        .send(await c.venues.exportXlsx(ctx(req), filterOf(req.query))),
  });

  app.route({ ...contractRoute(venues.get), config: { permission: 'venue.read' }, handler: async (req) => c.venues.get(req.actor!, req.params.id) });

  app.route({
    ...contractRoute(venues.create),
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.create(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(venues.update),
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.update(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(venues.archive),
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.setArchived(ctx(req), req.params.id, true),
  });

  app.route({
    ...contractRoute(venues.setHours),
    config: { permission: 'venue.write' },
    handler: async (req) =>
      c.venues.setHours(ctx(req), req.params.id, {
        weekly: req.body.weekly,
        exceptions: req.body.exceptions.map((e) => ({ day: e.day, closed: e.closed, opens: e.opens ?? null, closes: e.closes ?? null, note: e.note })),
      }),
  });

  app.route({
    ...contractRoute(venues.addRoom),
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.addRoom(ctx(req), req.params.id, req.body)),
  });

  app.route({
    ...contractRoute(venues.updateRoom),
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.updateRoom(ctx(req), req.params.id, req.body),
  });

  app.route({
    ...contractRoute(venues.addProject),
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.addProject(ctx(req), req.params.id, req.body)),
  });

  app.route({
    ...contractRoute(venues.removeProject),
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.removeProject(ctx(req), req.params.id),
  });

  app.route({
    ...contractRoute(venues.photo),
    config: { permission: 'venue.read' },
    handler: async (req, reply) => {
      const f = await c.venues.photoFile(req.actor!, req.params.id, req.params.photoId);
      return reply.type(f.mime).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').send(createReadStream(f.path));
    },
  });

  // Uploads parse multipart only in this scope; photos are checked by their magic bytes, not their declared type.
  app.register(async (child) => {
    const scoped = child.withTypeProvider<TypeBoxTypeProvider>();
    await child.register(multipart, {
      attachFieldsToBody: 'keyValues' as const,
      onFile,
      limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 2, fieldSize: 1000, parts: 3 },
    });
    scoped.route({
      ...uploadRoute(contractRoute(venues.addPhoto)),
      config: { permission: 'venue.write' },
      handler: async (req, reply) => reply.code(201).send(await c.venues.addPhoto(ctx(req), req.params.id, req.body.file)),
    });
  });

  // ───────────── Bookings ─────────────
  app.route({
    ...contractRoute(venues.bookings),
    config: { permission: 'venue.read' },
    handler: async (req) => ({ items: await c.venues.bookings(req.actor!, req.params.id, { ...req.query, includePending: req.query.includePending ?? true }) }),
  });

  app.route({
    ...contractRoute(venues.book),
    config: { permission: 'venue.book' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.book(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(venues.myBookings),
    config: { permission: 'venue.book' },
    handler: async (req) => ({ items: await c.venues.myBookings(req.actor!, req.query) }),
  });

  app.route({
    ...contractRoute(venues.inbox),
    config: { permission: 'venue.approve' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.venues.inbox(req.actor!, page, pageSize)), page, pageSize };
    },
  });

  app.route({
    ...contractRoute(venues.cancel),
    config: { permission: 'venue.book' },
    handler: async (req) => c.venues.cancel(ctx(req), req.params.id, req.body.reason),
  });

  app.route({
    ...contractRoute(venues.approve),
    config: { permission: 'venue.approve' },
    handler: async (req) => c.venues.decide(ctx(req), req.params.id, true, req.body.note),
  });

  app.route({
    ...contractRoute(venues.reject),
    config: { permission: 'venue.approve' },
    handler: async (req) => c.venues.decide(ctx(req), req.params.id, false, req.body.note),
  });

  // ───────────── iCalendar ─────────────
  app.route({
    ...contractRoute(venues.feedToken),
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.feedAddress(ctx(req), req.body.kind, req.body.venueId, req.body.rotate ?? false),
  });

  app.route({
    ...openRoute(contractRoute(venues.feed)),
    config: { public: true, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: byIp('venue-feed') } },
    handler: async (req, reply) => {
      const text = await c.venues.feed(req.params.file.slice(0, -4));
      if (text === null) throw new AppError('NOT_FOUND', 'token');
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(text);
    },
  });

  // ───────────── Coverage ─────────────
  app.route({
    ...contractRoute(venues.coverage),
    config: { permission: 'venue.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return {
        ...(await c.venues.coverage(req.actor!, {
          regionCode: req.query.regionCode,
          typeCode: req.query.type,
          gapsOnly: req.query.gapsOnly ?? false,
          page,
          pageSize,
        })),
        page,
        pageSize,
      };
    },
  });

  app.route({
    ...contractRoute(venues.coverageSummary),
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.coverageSummary(req.actor!, req.query.regionCode),
  });

  app.route({
    ...contractRoute(venues.exportGaps),
    config: { permission: 'venue.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="coverage-gaps.xlsx"')
        .send(await c.venues.exportGaps(ctx(req), { regionCode: req.query.regionCode, typeCode: req.query.type })),
  });

  app.route({
    ...contractRoute(venues.coverageOf),
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.coverageOf(req.actor!, req.params.code),
  });

  // ───────────── Portal ─────────────
  app.route({
    ...openRoute(contractRoute(venues.portalList)),
    config: { public: true, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: byIp('portal-venues') } },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return {
        ...(await c.venues.publicList({ regionCode: req.query.regionCode, typeCode: req.query.type, q: req.query.q?.trim() || undefined, page, pageSize })),
        page,
        pageSize,
      };
    },
  });
  app.route({ ...openRoute(contractRoute(venues.portalTypes)), config: { public: true }, handler: async () => ({ items: await c.venues.types() }) });
}
