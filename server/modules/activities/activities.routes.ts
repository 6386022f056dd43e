import { activities as activityContract } from '../../../contracts/activities.js';
import { contractRoute } from '../../platform/http/contract.js';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, IdParam, Obj, PageQuery, Paged, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, NEAR_LEVELS, REGISTRATION_STATUSES, TOTAL_DIMENSIONS } from './activities.policy.js';

/** A closed set of strings, typed as their union. */
const Lit = <T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>(Type.Union(xs.map((x) => Type.Literal(x))));
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Group = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });

const ActivityBase = {
  id: Type.Integer(),
  title: Type.String(),
  type: Type.String(),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  hostOrgId: Type.Integer(),
  hostOrgName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  description: Type.String(),
  venueName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  targetGroups: Type.Array(Type.String()),
  capacity: Type.Integer(),
  registeredCount: Type.Integer(),
  waitlistedCount: Type.Integer(),
  personTimes: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  regOpensAt: Type.String(),
  regClosesAt: Type.String(),
  needsApproval: Type.Boolean(),
  waitlistEnabled: Type.Boolean(),
  cancelHours: Type.Integer(),
  status: Type.String(),
};

export const ActivitySchema = Obj({
  ...ActivityBase,
  cohosts: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })),
  venueBookingId: Nullable(Type.Integer()),
  onlineUrl: Nullable(Type.String()),
  pendingCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const RatingSummarySchema = Obj({
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  bad: Type.Integer(),
  satisfactionRate: Nullable(Type.Number()),
  levels: Type.Record(Type.String(), Type.Integer()),
});
const ActivityDetail = Type.Composite([ActivitySchema, Obj({ participation: Type.Record(Type.String(), Type.Integer()), ratings: RatingSummarySchema })], {
  additionalProperties: false,
});

const PublicActivitySchema = Obj({
  ...ActivityBase,
  placesLeft: Type.Integer(),
  registrationOpen: Type.Boolean(),
  mine: Nullable(Obj({ id: Type.Integer(), status: Type.String(), position: Nullable(Type.Integer()) })),
});

const RegistrationSchema = Obj({
  id: Type.Integer(),
  activityId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  seq: Type.Integer(),
  status: Type.String(),
  position: Nullable(Type.Integer()),
  checkedInAt: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  promotedAt: Nullable(Type.String()),
});

const MyRegistrationSchema = Obj({
  id: Type.Integer(),
  activityId: Type.Integer(),
  title: Type.String(),
  type: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  venueName: Nullable(Type.String()),
  status: Type.String(),
  activityStatus: Type.String(),
  position: Nullable(Type.Integer()),
  code: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
  canCancel: Type.Boolean(),
  rating: Nullable(Obj({ level: Type.Integer(), label: Type.String(), comment: Type.String() })),
  canRate: Type.Boolean(),
});

const CheckInSchema = Obj({
  registrationId: Nullable(Type.Integer()),
  personName: Type.String(),
  status: Type.String(),
  activityId: Type.Integer(),
  personTimes: Type.Integer(),
});

const CampaignSchema = Obj({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  ownerOrgId: Nullable(Type.Integer({ description: 'the owning organization; null for a platform-wide campaign' })),
  ownerOrgName: Nullable(Type.String()),
  activities: Type.Integer(),
  personTimes: Type.Integer(),
});

const editable = {
  title: Text(120, 1),
  campaignId: Type.Optional(Nullable(Id)),
  cohostOrgIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  regionCode: Type.Optional(RegionCode),
  description: Type.Optional(Text(4000)),
  venueName: Type.Optional(Nullable(Text(120, 1))),
  address: Type.Optional(Nullable(Text(200))),
  onlineUrl: Type.Optional(Nullable(Text(500, 1))),
  targetGroups: Type.Optional(Type.Array(Group, { maxItems: 12 })),
  capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  startsAt: Instant,
  endsAt: Instant,
  regOpensAt: Instant,
  regClosesAt: Instant,
  needsApproval: Type.Optional(Type.Boolean()),
  waitlistEnabled: Type.Optional(Type.Boolean()),
  cancelHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
};

const CreateBody = Obj({ ...editable, type: Lit(ACTIVITY_TYPES), hostOrgId: Id, roomId: Type.Optional(Nullable(Id)) });
const UpdateBody = Obj({
  ...Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, Type.Optional(v)])),
  version: Type.Integer({ minimum: 1 }),
});

const ListQuery = Obj({
  ...PageQuery,
  q: Type.Optional(Text(100)),
  type: Type.Optional(Lit(ACTIVITY_TYPES)),
  status: Type.Optional(Lit(ACTIVITY_STATUSES)),
  campaignId: Type.Optional(Id),
  regionCode: Type.Optional(RegionCode),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  sort: Type.Optional(Lit(['starts', 'created', 'title'] as const)),
  order: Type.Optional(Lit(['asc', 'desc'] as const)),
});

const TotalsQuery = Obj({ by: Lit(TOTAL_DIMENSIONS), from: Type.Optional(DateString), to: Type.Optional(DateString), campaignId: Type.Optional(Id) });
const TotalsSchema = Obj({
  by: Type.String(),
  items: Type.Array(Obj({ key: Type.String(), label: Type.String(), activities: Type.Integer(), personTimes: Type.Integer() })),
  total: Obj({ activities: Type.Integer(), personTimes: Type.Integer() }),
});

const Version = Obj({ version: Type.Integer({ minimum: 1 }) });

export function registerActivityRoutes(app: App, c: Container): void {
  const tags = ['activities'];
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.get('/campaigns', {
    schema: {
      tags,
      summary: 'Campaigns with their published activities and person-times',
      response: withErrors({ 200: Obj({ items: Type.Array(CampaignSchema) }) }),
    },
    config: { permission: 'activity.read' },
    handler: async (req) => ({ items: await c.activities.campaigns(req.actor!) }),
  });

  app.post('/campaigns', {
    schema: {
      tags,
      summary: 'Start a campaign owned by an organization I may write (mine when ownerOrgId is absent)',
      body: Obj({
        code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', maxLength: 40 }),
        name: Text(100, 1),
        description: Type.Optional(Text(1000)),
        startsOn: Type.Optional(Nullable(DateString)),
        endsOn: Type.Optional(Nullable(DateString)),
        ownerOrgId: Type.Optional(Id),
      }),
      response: withErrors({ 201: CampaignSchema }),
    },
    config: { permission: 'activity.write' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.createCampaign(ctx(req), req.body)),
  });

  app.route({
    ...contractRoute(activityContract.updateCampaign),
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.updateCampaign(ctx(req), req.params.id, req.body),
  });

  app.get('/activities', {
    schema: { tags, summary: 'Activities hosted or co-hosted in my scope', querystring: ListQuery, response: withErrors({ 200: Paged(ActivitySchema) }) },
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

  app.get('/activities/totals', {
    schema: {
      tags,
      summary: 'Activities and person-times by campaign, organization, district or month',
      querystring: TotalsQuery,
      response: withErrors({ 200: TotalsSchema }),
    },
    config: { permission: 'activity.read' },
    handler: async (req) => {
      const { by, ...f } = req.query;
      return c.activities.totals(req.actor!, by, f);
    },
  });

  app.get('/activities/totals/export', {
    schema: {
      tags,
      summary: 'The totals as an Excel workbook (audited)',
      querystring: TotalsQuery,
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'activity.read' },
    handler: async (req, reply) => {
      const { by, ...f } = req.query;
      const buf = await c.activities.exportTotals(ctx(req), by, f);
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="activity-totals-${by}.xlsx"`).send(buf);
    },
  });

  app.post('/activities', {
    schema: { tags, summary: 'Create an activity (draft)', body: CreateBody, response: withErrors({ 201: ActivitySchema }) },
    config: { permission: 'activity.write' },
    handler: async (req, reply) => reply.code(201).send(await c.activities.create(ctx(req), req.body)),
  });

  app.get('/activities/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: ActivityDetail }) },
    config: { permission: 'activity.read' },
    handler: async (req) => c.activities.get(req.actor!, req.params.id),
  });

  app.patch('/activities/:id', {
    schema: {
      tags,
      summary: 'Edit an activity (host only; optimistic version)',
      params: IdParam,
      body: UpdateBody,
      response: withErrors({ 200: ActivitySchema }),
    },
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.update(ctx(req), req.params.id, req.body),
  });

  app.post('/activities/:id/publish', {
    schema: { tags, params: IdParam, body: Version, response: withErrors({ 200: ActivitySchema }) },
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.setStatus(ctx(req), req.params.id, 'published', req.body.version),
  });

  app.post('/activities/:id/cancel', {
    schema: { tags, params: IdParam, body: Version, response: withErrors({ 200: ActivitySchema }) },
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.setStatus(ctx(req), req.params.id, 'cancelled', req.body.version),
  });

  app.get('/activities/:id/registrations', {
    schema: {
      tags,
      params: IdParam,
      querystring: Obj({ ...PageQuery, status: Type.Optional(Lit(REGISTRATION_STATUSES)), q: Type.Optional(Text(40)) }),
      response: withErrors({ 200: Paged(RegistrationSchema) }),
    },
    config: { permission: 'activity.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return { ...(await c.activities.registrations(req.actor!, req.params.id, { ...f, page, pageSize })), page, pageSize };
    },
  });

  app.post('/activities/:id/registrations/:registrationId/decision', {
    schema: {
      tags,
      summary: 'Approve or reject a pending registration',
      params: Obj({ id: Id, registrationId: Id }),
      body: Obj({ decision: Lit(['approve', 'reject'] as const) }),
      response: withErrors({ 200: RegistrationSchema }),
    },
    config: { permission: 'activity.write' },
    handler: async (req) => c.activities.decide(ctx(req), req.params.id, req.params.registrationId, req.body.decision),
  });

  app.post('/activities/check-in', {
    schema: {
      tags,
      summary: 'Check a registration in by its code (scanned or typed)',
      body: Obj({ code: Text(40, 1) }),
      response: withErrors({ 200: CheckInSchema }),
    },
    config: { permission: 'activity.checkin' },
    handler: async (req) => c.activities.checkIn(ctx(req), req.body.code),
  });

  app.post('/activities/:id/walk-ins', {
    schema: {
      tags,
      summary: 'Record a walk-in by phone',
      params: IdParam,
      body: Obj({ phone: Type.String({ minLength: 5, maxLength: 20 }), name: Type.Optional(Text(40, 1)) }),
      response: withErrors({ 200: CheckInSchema }),
    },
    config: { permission: 'activity.checkin' },
    handler: async (req) => c.activities.walkIn(ctx(req), req.params.id, req.body),
  });

  // ───────────── Portal ─────────────
  const ptags = ['portal: activities'];

  app.get('/portal/activities', {
    schema: {
      tags: ptags,
      summary: 'Published, upcoming activities; near my community, street or district when signed in',
      security: [],
      querystring: Obj({ ...PageQuery, near: Type.Optional(Lit(NEAR_LEVELS)), q: Type.Optional(Text(100)), type: Type.Optional(Lit(ACTIVITY_TYPES)) }),
      response: withErrors({ 200: Paged(PublicActivitySchema) }),
    },
    config: { public: true },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      const citizen = await c.citizens.optional(req);
      return { ...(await c.activities.listPublic(citizen, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.get('/portal/activities/:id', {
    schema: { tags: ptags, security: [], params: IdParam, response: withErrors({ 200: PublicActivitySchema }) },
    config: { public: true },
    handler: async (req) => c.activities.getPublic(await c.citizens.optional(req), req.params.id),
  });

  app.post('/portal/activities/:id/registrations', {
    schema: {
      tags: ptags,
      summary: 'Register for an activity (registered, waitlisted or pending approval)',
      params: IdParam,
      body: Obj({}),
      response: withErrors({ 201: MyRegistrationSchema }),
    },
    config: { public: true },
    handler: async (req, reply) => reply.code(201).send(await c.activities.register(meta(req), await c.citizens.require(req), req.params.id)),
  });

  app.post('/portal/activities/:id/join', {
    schema: {
      tags: ptags,
      summary: 'Join an online activity: records the participation and returns the link',
      params: IdParam,
      body: Obj({}),
      response: withErrors({ 200: Obj({ url: Type.String(), counted: Type.Boolean() }) }),
    },
    config: { public: true },
    handler: async (req) => c.activities.join(meta(req), await c.citizens.require(req), req.params.id),
  });

  app.get('/portal/me/registrations', {
    schema: { tags: ptags, summary: 'My registrations with check-in codes', response: withErrors({ 200: Obj({ items: Type.Array(MyRegistrationSchema) }) }) },
    config: { public: true },
    handler: async (req) => ({ items: await c.activities.mine(await c.citizens.require(req)) }),
  });

  app.post('/portal/me/registrations/:id/cancel', {
    schema: {
      tags: ptags,
      summary: 'Cancel my registration; the first waitlisted is promoted',
      params: IdParam,
      body: Obj({}),
      response: withErrors({ 200: Obj({ cancelled: Type.Boolean(), promotedRegistrationId: Nullable(Type.Integer()) }) }),
    },
    config: { public: true },
    handler: async (req) => c.activities.cancelMine(meta(req), await c.citizens.require(req), req.params.id),
  });

  app.post('/portal/me/registrations/:id/rating', {
    schema: {
      tags: ptags,
      summary: 'Rate an activity I took part in, once: 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意',
      params: IdParam,
      body: Obj({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
      response: withErrors({ 201: Obj({ level: Type.Integer(), label: Type.String() }) }),
    },
    config: { public: true },
    handler: async (req, reply) => reply.code(201).send(await c.activities.rateMine(meta(req), await c.citizens.require(req), req.params.id, req.body)),
  });
}
