import { createReadStream } from 'node:fs';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, IdParam, Obj, Ok, PageQuery, Paged, RegionCode, Text, TypeCode, withErrors } from '../../platform/http/schemas.js';
import { contractRoute } from '../../platform/http/contract.js';
import { venues } from '../../../contracts/venues.js';
import { PHOTO_LIMITS } from './venues.policy.js';

const L = <T extends string>(v: T) => Type.Literal(v);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const ModelLevel = Type.Union([L('national'), L('provincial'), L('city')]);
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Tag = Text(40, 1);

const Cobuilder = Obj({ orgId: Type.Integer(), name: Type.String(), typeCode: Type.String() });
export const VenueSchema = Obj({
  id: Type.Integer(),
  typeCode: Type.String(),
  modelLevel: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  managingOrgId: Type.Integer(),
  managingOrgName: Type.String(),
  accessibility: Type.Array(Type.String()),
  accessibilityNote: Type.String(),
  description: Type.String(),
  openOnHolidays: Type.Boolean(),
  monthlyQuotaHours: Nullable(Type.Integer()),
  approvalRequired: Type.Boolean(),
  status: Type.String(),
  version: Type.Integer(),
  roomCount: Type.Integer(),
  cobuilders: Type.Array(Cobuilder),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const RoomSchema = Obj({ id: Type.Integer(), name: Type.String(), capacity: Type.Integer(), facilities: Type.Array(Type.String()), status: Type.String() });
const Weekly = Obj({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), opens: Time, closes: Time });
const ExceptionOut = Obj({ day: Type.String(), closed: Type.Boolean(), opens: Nullable(Type.String()), closes: Nullable(Type.String()), note: Type.String() });
const ProjectSchema = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  service: Type.String(),
  schedule: Type.String(),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
});
const PhotoSchema = Obj({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer(), uploadedAt: Type.String() });
const VenueDetail = Type.Composite(
  [
    VenueSchema,
    Obj({
      rooms: Type.Array(RoomSchema),
      projects: Type.Array(ProjectSchema),
      photos: Type.Array(PhotoSchema),
      serviceAreas: Type.Array(Obj({ code: Type.String(), name: Type.String() })),
      weekly: Type.Array(Weekly),
      exceptions: Type.Array(ExceptionOut),
      canWrite: Type.Boolean(),
      canBookDirectly: Type.Boolean(),
    }),
  ],
  { additionalProperties: false },
);
export const BookingSchema = Obj({
  id: Type.Integer(),
  venueId: Type.Integer(),
  venueName: Type.String(),
  roomId: Type.Integer(),
  roomName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  start: Type.String(),
  end: Type.String(),
  status: Type.String(),
  purpose: Type.String(),
  activityId: Nullable(Type.Integer()),
  seriesId: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String(),
});
const BookResultSchema = Obj({
  booking: Nullable(BookingSchema),
  seriesId: Nullable(Type.Integer()),
  occurrences: Type.Array(
    Obj({
      start: Type.String(),
      end: Type.String(),
      bookingId: Nullable(Type.Integer()),
      status: Type.Union([L('confirmed'), L('pending'), L('conflict'), L('refused')]),
      message: Nullable(Type.String()),
      holder: Nullable(Type.String()),
    }),
  ),
});

const VenueBody = {
  modelLevel: Type.Optional(Nullable(ModelLevel)),
  name: Text(120, 1),
  address: Type.Optional(Text(200)),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  cobuilderOrgIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
  serviceAreaCodes: Type.Optional(Type.Array(RegionCode, { maxItems: 200 })),
  accessibility: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  accessibilityNote: Type.Optional(Text(500)),
  description: Type.Optional(Text(2000)),
  openOnHolidays: Type.Optional(Type.Boolean()),
  monthlyQuotaHours: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 744 }))),
  approvalRequired: Type.Optional(Type.Boolean()),
};

const ListQuery = Obj({
  ...PageQuery,
  type: Type.Optional(TypeCode),
  regionCode: Type.Optional(RegionCode),
  orgId: Type.Optional(Id),
  q: Type.Optional(Text(100)),
  sort: Type.Optional(Type.Union([L('name'), L('type'), L('region'), L('created')])),
  order: Type.Optional(Type.Union([L('asc'), L('desc')])),
});
type ListQ = Static<typeof ListQuery>;
const filterOf = (q: Omit<ListQ, 'page' | 'pageSize'>) => ({
  typeCode: q.type,
  regionCode: q.regionCode,
  orgId: q.orgId,
  q: q.q?.trim() || undefined,
  sort: q.sort ?? ('name' as const),
  desc: q.order === 'desc',
});

const CoverageQuery = Obj({ ...PageQuery, regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode), gapsOnly: Type.Optional(Type.Boolean()) });
const CoverageRow = Obj({
  code: Type.String(),
  name: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
  types: Type.Record(Type.String(), Type.Integer()),
  venues: Type.Integer(),
  orgs: Type.Integer(),
  missing: Type.Array(Type.String()),
});

type UploadedFile = { name: string; data: Buffer };
const FilePart = Type.Unsafe<UploadedFile>({ type: 'object', description: 'the photo (multipart part named "file"): JPEG, PNG or WebP, at most 8 MB' });
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
  const tags = ['venues'];

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

  app.get('/venue-types', {
    schema: {
      tags,
      response: withErrors({
        200: Obj({
          items: Type.Array(
            Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), hasModelLevel: Type.Boolean(), expected: Type.Boolean() }),
          ),
        }),
      }),
    },
    config: { signedIn: true },
    handler: async () => ({ items: await c.venues.types() }),
  });

  app.get('/venues', {
    schema: {
      tags,
      summary: 'Venues in my region subtree, managed or co-built by my organization; filtered, sorted, paged',
      querystring: ListQuery,
      response: withErrors({ 200: Paged(VenueSchema) }),
    },
    config: { permission: 'venue.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.venues.list(req.actor!, { ...filterOf(req.query), page, pageSize })), page, pageSize };
    },
  });

  app.get('/venues/export', {
    schema: {
      tags,
      summary: 'The filtered venue list as an Excel workbook (at most 10,000 rows; audited)',
      querystring: Type.Omit(ListQuery, ['page', 'pageSize'], { additionalProperties: false }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'venue.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="venues.xlsx"')
        .send(await c.venues.exportXlsx(ctx(req), filterOf(req.query))),
  });

  app.get('/venues/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: VenueDetail }) },
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.get(req.actor!, req.params.id),
  });

  app.post('/venues', {
    schema: {
      tags,
      summary: 'Register a venue managed by a unit in my subtree',
      body: Obj({ typeCode: TypeCode, regionCode: RegionCode, managingOrgId: Id, ...VenueBody }),
      response: withErrors({ 201: VenueSchema }),
    },
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.create(ctx(req), req.body)),
  });

  app.patch('/venues/:id', {
    schema: {
      tags,
      summary: 'Edit a venue I manage (send the version you read)',
      params: IdParam,
      body: Obj({ version: Type.Integer({ minimum: 1 }), ...VenueBody, name: Type.Optional(Text(120, 1)) }),
      response: withErrors({ 200: VenueSchema }),
    },
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.update(ctx(req), req.params.id, req.body),
  });

  app.post('/venues/:id/archive', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Ok }) },
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.setArchived(ctx(req), req.params.id, true),
  });

  app.put('/venues/:id/hours', {
    schema: {
      tags,
      summary: 'Replace the weekly opening hours and dated exceptions (China time)',
      params: IdParam,
      body: Obj({
        weekly: Type.Array(Weekly, { maxItems: 28 }),
        exceptions: Type.Array(
          Obj({
            day: DateString,
            closed: Type.Boolean(),
            opens: Type.Optional(Nullable(Time)),
            closes: Type.Optional(Nullable(Time)),
            note: Type.Optional(Text(200)),
          }),
          { maxItems: 400 },
        ),
      }),
      response: withErrors({ 200: Obj({ weekly: Type.Array(Weekly), exceptions: Type.Array(ExceptionOut) }) }),
    },
    config: { permission: 'venue.write' },
    handler: async (req) =>
      c.venues.setHours(ctx(req), req.params.id, {
        weekly: req.body.weekly,
        exceptions: req.body.exceptions.map((e) => ({ day: e.day, closed: e.closed, opens: e.opens ?? null, closes: e.closes ?? null, note: e.note })),
      }),
  });

  app.post('/venues/:id/rooms', {
    schema: {
      tags,
      params: IdParam,
      body: Obj({ name: Text(80, 1), capacity: Type.Integer({ minimum: 1, maximum: 10000 }), facilities: Type.Optional(Type.Array(Tag, { maxItems: 30 })) }),
      response: withErrors({ 201: RoomSchema }),
    },
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.addRoom(ctx(req), req.params.id, req.body)),
  });

  app.patch('/venue-rooms/:id', {
    schema: {
      tags,
      params: IdParam,
      body: Obj({
        name: Type.Optional(Text(80, 1)),
        capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
        facilities: Type.Optional(Type.Array(Tag, { maxItems: 30 })),
        status: Type.Optional(Type.Union([L('active'), L('archived')])),
      }),
      response: withErrors({ 200: RoomSchema }),
    },
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.updateRoom(ctx(req), req.params.id, req.body),
  });

  app.post('/venues/:id/projects', {
    schema: {
      tags,
      summary: 'Record a hosted service project (入驻): an organization offering a service here',
      params: IdParam,
      body: Obj({ orgId: Id, service: Text(120, 1), schedule: Type.Optional(Text(200)), startsOn: DateString, endsOn: Type.Optional(Nullable(DateString)) }),
      response: withErrors({ 201: ProjectSchema }),
    },
    config: { permission: 'venue.write' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.addProject(ctx(req), req.params.id, req.body)),
  });

  app.delete('/venue-projects/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Ok }) },
    config: { permission: 'venue.write' },
    handler: async (req) => c.venues.removeProject(ctx(req), req.params.id),
  });

  app.get('/venues/:id/photos/:photoId', {
    schema: { tags, params: Obj({ id: Id, photoId: Id }), response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }) },
    config: { permission: 'venue.read' },
    handler: async (req, reply) => {
      const f = await c.venues.photoFile(req.actor!, req.params.id, req.params.photoId);
      return reply.type(f.mime).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').send(createReadStream(f.path));
    },
  });

  app.register(async (child) => {
    const scoped = child.withTypeProvider<TypeBoxTypeProvider>();
    await child.register(multipart, {
      attachFieldsToBody: 'keyValues' as const,
      onFile,
      limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 2, fieldSize: 1000, parts: 3 },
    });
    scoped.post('/venues/:id/photos', {
      schema: {
        tags,
        summary: 'Add a photo (multipart, part "file": JPEG, PNG or WebP, checked by magic bytes)',
        consumes: ['multipart/form-data'],
        params: IdParam,
        body: Obj({ file: FilePart }),
        response: withErrors({ 201: PhotoSchema }),
      },
      config: { permission: 'venue.write' },
      handler: async (req, reply) => reply.code(201).send(await c.venues.addPhoto(ctx(req), req.params.id, req.body.file)),
    });
  });

  // ───────────── Bookings ─────────────
  app.get('/venues/:id/bookings', {
    schema: {
      tags,
      summary: 'Bookings of a venue (or one room) in a window of at most 62 days',
      params: IdParam,
      querystring: Obj({ from: Instant, to: Instant, roomId: Type.Optional(Id), includePending: Type.Optional(Type.Boolean()) }),
      response: withErrors({ 200: Obj({ items: Type.Array(BookingSchema) }) }),
    },
    config: { permission: 'venue.read' },
    handler: async (req) => ({ items: await c.venues.bookings(req.actor!, req.params.id, { ...req.query, includePending: req.query.includePending ?? true }) }),
  });

  app.post('/venue-bookings', {
    schema: {
      tags,
      summary: 'Book a room: confirmed for the manager and co-builders, a request for others; a weekly series reports each conflicting occurrence',
      body: Obj({ roomId: Id, start: Instant, end: Instant, purpose: Text(200, 1), orgId: Type.Optional(Id), repeatWeeklyUntil: Type.Optional(DateString) }),
      response: withErrors({ 201: BookResultSchema }),
    },
    config: { permission: 'venue.book' },
    handler: async (req, reply) => reply.code(201).send(await c.venues.book(ctx(req), req.body)),
  });

  app.get('/venue-bookings/mine', {
    schema: {
      tags,
      summary: 'Bookings held by my organization and units below it',
      querystring: Obj({ from: Instant, to: Instant }),
      response: withErrors({ 200: Obj({ items: Type.Array(BookingSchema) }) }),
    },
    config: { permission: 'venue.book' },
    handler: async (req) => ({ items: await c.venues.myBookings(req.actor!, req.query) }),
  });

  app.get('/venue-bookings/inbox', {
    schema: {
      tags,
      summary: 'Booking requests awaiting my decision (venues I manage)',
      querystring: Obj({ ...PageQuery }),
      response: withErrors({ 200: Paged(BookingSchema) }),
    },
    config: { permission: 'venue.approve' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.venues.inbox(req.actor!, page, pageSize)), page, pageSize };
    },
  });

  app.post('/venue-bookings/:id/cancel', {
    schema: { tags, params: IdParam, body: Obj({ reason: Type.Optional(Text(200)) }), response: withErrors({ 200: BookingSchema }) },
    config: { permission: 'venue.book' },
    handler: async (req) => c.venues.cancel(ctx(req), req.params.id, req.body.reason),
  });

  app.post('/venue-bookings/:id/approve', {
    schema: { tags, params: IdParam, body: Obj({ note: Type.Optional(Text(200)) }), response: withErrors({ 200: BookingSchema }) },
    config: { permission: 'venue.approve' },
    handler: async (req) => c.venues.decide(ctx(req), req.params.id, true, req.body.note),
  });

  app.post('/venue-bookings/:id/reject', {
    schema: { tags, params: IdParam, body: Obj({ note: Type.Optional(Text(200)) }), response: withErrors({ 200: BookingSchema }) },
    config: { permission: 'venue.approve' },
    handler: async (req) => c.venues.decide(ctx(req), req.params.id, false, req.body.note),
  });

  // ───────────── iCalendar ─────────────
  app.post('/venue-feeds', {
    schema: {
      tags,
      summary: 'The secret iCalendar address of a venue I can read, or of my organization (rotate: replace it)',
      body: Obj({ kind: Type.Union([L('venue'), L('org')]), venueId: Type.Optional(Id), rotate: Type.Optional(Type.Boolean()) }),
      response: withErrors({ 200: Obj({ token: Type.String(), path: Type.String() }) }),
    },
    config: { permission: 'venue.read' },
    handler: async (req) => {
      const { token } = await c.venues.feedToken(ctx(req), req.body.kind, req.body.venueId, req.body.rotate ?? false);
      return { token, path: `/api/venue-feeds/${token}.ics` };
    },
  });

  app.get('/venue-feeds/:file', {
    schema: {
      tags,
      summary: 'iCalendar feed (the address carries its unguessable token)',
      security: [],
      params: Obj({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{32,64}\\.ics$', maxLength: 70 }) }),
      response: withErrors({ 200: Type.String() }),
    },
    config: { public: true, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: byIp('venue-feed') } },
    handler: async (req, reply) => {
      const text = await c.venues.feed(req.params.file.slice(0, -4));
      if (text === null) throw new AppError('NOT_FOUND', 'token');
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(text);
    },
  });

  // ───────────── Coverage ─────────────
  app.get('/venue-coverage', {
    schema: {
      tags,
      summary: 'Community × venue type matrix of my region subtree (gapsOnly: communities missing an expected type)',
      querystring: CoverageQuery,
      response: withErrors({ 200: Type.Composite([Paged(CoverageRow), Obj({ expectedTypes: Type.Array(Type.String()) })], { additionalProperties: false }) }),
    },
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

  app.get('/venue-coverage/summary', {
    schema: {
      tags,
      querystring: Obj({ regionCode: Type.Optional(RegionCode) }),
      response: withErrors({
        200: Obj({
          communities: Type.Integer(),
          fullyCovered: Type.Integer(),
          types: Type.Array(
            Obj({
              code: Type.String(),
              nameZh: Type.String(),
              nameEn: Type.String(),
              expected: Type.Boolean(),
              covered: Type.Integer(),
              missing: Type.Integer(),
            }),
          ),
        }),
      }),
    },
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.coverageSummary(req.actor!, req.query.regionCode),
  });

  app.get('/venue-coverage/gaps/export', {
    schema: {
      tags,
      summary: 'The coverage gaps as an Excel workbook (audited)',
      querystring: Obj({ regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode) }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'venue.read' },
    handler: async (req, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="coverage-gaps.xlsx"')
        .send(await c.venues.exportGaps(ctx(req), { regionCode: req.query.regionCode, typeCode: req.query.type })),
  });

  app.get('/venue-coverage/:code', {
    schema: {
      tags,
      summary: 'The venues serving one community, with their managing and co-building organizations',
      params: Obj({ code: RegionCode }),
      response: withErrors({
        200: Obj({
          code: Type.String(),
          name: Type.String(),
          venues: Type.Array(
            Obj({
              id: Type.Integer(),
              name: Type.String(),
              typeCode: Type.String(),
              regionCode: Type.String(),
              orgs: Type.Array(Obj({ orgId: Type.Integer(), name: Type.String(), role: Type.Union([L('manager'), L('cobuilder')]) })),
            }),
          ),
        }),
      }),
    },
    config: { permission: 'venue.read' },
    handler: async (req) => c.venues.coverageOf(req.actor!, req.params.code),
  });

  // ───────────── Portal ─────────────
  app.get('/portal/venues', {
    schema: {
      tags: ['portal'],
      summary: 'Venues near me: the public directory by district, street or community, with opening hours',
      security: [],
      querystring: Obj({ ...PageQuery, regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode), q: Type.Optional(Text(100)) }),
      response: withErrors({
        200: Paged(
          Obj({
            id: Type.Integer(),
            typeCode: Type.String(),
            name: Type.String(),
            regionCode: Type.String(),
            regionName: Type.String(),
            streetName: Nullable(Type.String()),
            address: Type.String(),
            accessibility: Type.Array(Type.String()),
            openOnHolidays: Type.Boolean(),
            weekly: Type.Array(Weekly),
          }),
        ),
      }),
    },
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
  app.get('/portal/venue-types', {
    schema: {
      tags: ['portal'],
      security: [],
      response: withErrors({
        200: Obj({
          items: Type.Array(
            Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), hasModelLevel: Type.Boolean(), expected: Type.Boolean() }),
          ),
        }),
      }),
    },
    config: { public: true },
    handler: async () => ({ items: await c.venues.types() }),
  });
}
