import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, IdParam, Lit, Nullable, Obj, Paged, PageQuery, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Skill = Type.String({ minLength: 1, maxLength: 20 });

const VolunteerSchema = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  availability: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  confirmedHours: Type.Number(),
  createdAt: Type.String(),
});

const NeedSchema = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  activityId: Nullable(Type.Integer()),
  activityTitle: Nullable(Type.String()),
  venueId: Nullable(Type.Integer()),
  role: Type.String(),
  description: Type.String(),
  headcount: Type.Integer(),
  confirmed: Type.Integer(),
  applied: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
});

const ApplicationSchema = Obj({
  id: Type.Integer(),
  needId: Type.Integer(),
  volunteerId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  status: Type.String(),
  role: Type.String(),
  orgName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});

const HoursSchema = Obj({
  id: Type.Integer(),
  volunteerId: Type.Integer(),
  volunteerName: Type.String(),
  needId: Nullable(Type.Integer()),
  role: Nullable(Type.String()),
  orgId: Type.Integer(),
  orgName: Type.String(),
  serviceDate: Type.String(),
  hours: Type.Number(),
  content: Type.String(),
  status: Type.String(),
  recordedBy: Nullable(Type.String()),
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
});

const VolunteerDetail = Type.Composite([VolunteerSchema, Obj({ hours: Type.Array(HoursSchema), applications: Type.Array(ApplicationSchema) })], {
  additionalProperties: false,
});

const MyVolunteer = Obj({
  volunteer: Nullable(VolunteerSchema),
  hours: Type.Array(HoursSchema),
  applications: Type.Array(ApplicationSchema),
  certifiers: Type.Array(Obj({ orgId: Type.Integer(), orgName: Type.String() })),
});

const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const Decision = <T extends string>(xs: readonly T[]) => Obj({ decision: Lit(xs) });

export function registerVolunteerRoutes(app: App, c: Container): void {
  const tags = ['volunteers'];
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.get('/volunteers', {
    schema: {
      tags,
      summary: 'Volunteers registered in my region scope',
      querystring: Obj({ ...PageQuery, q: Type.Optional(Text(40)), skill: Type.Optional(Skill), regionCode: Type.Optional(RegionCode) }),
      response: withErrors({ 200: Paged(VolunteerSchema) }),
    },
    config: { permission: 'volunteer.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      return { ...(await c.volunteers.list(req.actor!, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.get('/volunteers/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: VolunteerDetail }) },
    config: { permission: 'volunteer.read' },
    handler: async (req) => c.volunteers.get(req.actor!, req.params.id),
  });

  app.get('/volunteers/:id/certificate', {
    schema: {
      tags,
      summary: 'Certificate of service hours (PDF) issued by an organization of my tree',
      params: IdParam,
      querystring: Obj({ orgId: Id }),
      response: withErrors({ 200: Pdf }),
    },
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => {
      const { pdf, number } = await c.volunteers.certificate(ctx(req), req.params.id, req.query.orgId);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });

  app.get('/volunteer-needs', {
    schema: {
      tags,
      querystring: Obj({ ...PageQuery, status: Type.Optional(Lit(['open', 'closed'] as const)), activityId: Type.Optional(Id), q: Type.Optional(Text(60)) }),
      response: withErrors({ 200: Paged(NeedSchema) }),
    },
    config: { permission: 'volunteer.read' },
    handler: async (req) => {
      const { page = 1, pageSize = 20, q, ...f } = req.query;
      return { ...(await c.volunteers.listNeeds(req.actor!, { ...f, q: q?.trim() || undefined, page, pageSize })), page, pageSize };
    },
  });

  app.post('/volunteer-needs', {
    schema: {
      tags,
      summary: 'Post a need: roles with a headcount and times, for an activity, a venue or the organization',
      body: Obj({
        orgId: Id,
        activityId: Type.Optional(Nullable(Id)),
        venueId: Type.Optional(Nullable(Id)),
        regionCode: Type.Optional(RegionCode),
        role: Text(60, 1),
        description: Type.Optional(Text(1000)),
        headcount: Type.Integer({ minimum: 1, maximum: 10_000 }),
        startsAt: Instant,
        endsAt: Instant,
      }),
      response: withErrors({ 201: NeedSchema }),
    },
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.createNeed(ctx(req), req.body)),
  });

  app.post('/volunteer-needs/:id/close', {
    schema: { tags, params: IdParam, body: Obj({}), response: withErrors({ 200: NeedSchema }) },
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.closeNeed(ctx(req), req.params.id),
  });

  app.get('/volunteer-needs/:id/applications', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Obj({ items: Type.Array(ApplicationSchema) }) }) },
    config: { permission: 'volunteer.read' },
    handler: async (req) => ({ items: await c.volunteers.applications(req.actor!, req.params.id) }),
  });

  app.post('/volunteer-applications/:id/decision', {
    schema: { tags, params: IdParam, body: Decision(['confirm', 'reject'] as const), response: withErrors({ 200: ApplicationSchema }) },
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.decideApplication(ctx(req), req.params.id, req.body.decision),
  });

  app.get('/volunteer-hours', {
    schema: {
      tags,
      querystring: Obj({ status: Type.Optional(Lit(['recorded', 'confirmed', 'rejected'] as const)), volunteerId: Type.Optional(Id) }),
      response: withErrors({ 200: Obj({ items: Type.Array(HoursSchema) }) }),
    },
    config: { permission: 'volunteer.read' },
    handler: async (req) => ({ items: await c.volunteers.listHours(req.actor!, req.query) }),
  });

  app.post('/volunteer-hours', {
    schema: {
      tags,
      summary: 'Record service hours after the service (confirmed later by a second staff member)',
      body: Obj({
        volunteerId: Id,
        needId: Type.Optional(Nullable(Id)),
        orgId: Type.Optional(Id),
        serviceDate: DateString,
        hours: Type.Number({ exclusiveMinimum: 0, maximum: 24 }),
        content: Text(200, 1),
      }),
      response: withErrors({ 201: HoursSchema }),
    },
    config: { permission: 'volunteer.write' },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.recordHours(ctx(req), req.body)),
  });

  app.post('/volunteer-hours/:id/decision', {
    schema: { tags, params: IdParam, body: Decision(['confirm', 'reject'] as const), response: withErrors({ 200: HoursSchema }) },
    config: { permission: 'volunteer.write' },
    handler: async (req) => c.volunteers.decideHours(ctx(req), req.params.id, req.body.decision),
  });

  // ───────────── Portal ─────────────
  const ptags = ['portal: volunteers'];

  app.get('/portal/volunteers/me', {
    schema: { tags: ptags, summary: 'My volunteer profile, applications and hours ledger', response: withErrors({ 200: MyVolunteer }) },
    config: { public: true },
    handler: async (req) => c.volunteers.myProfile(await c.citizens.require(req)),
  });

  app.put('/portal/volunteers/me', {
    schema: {
      tags: ptags,
      summary: 'Sign up as a volunteer, or update my skills and availability',
      body: Obj({ skills: Type.Array(Skill, { maxItems: 12 }), availability: Text(200), regionCode: Type.Optional(RegionCode) }),
      response: withErrors({ 200: MyVolunteer }),
    },
    config: { public: true },
    handler: async (req) => c.volunteers.signUp(meta(req), await c.citizens.require(req), req.body),
  });

  app.get('/portal/volunteer-needs', {
    schema: { tags: ptags, security: [], querystring: Obj({ ...PageQuery }), response: withErrors({ 200: Paged(NeedSchema) }) },
    config: { public: true },
    handler: async (req) => {
      const { page = 1, pageSize = 20 } = req.query;
      return { ...(await c.volunteers.openNeeds({ page, pageSize })), page, pageSize };
    },
  });

  app.post('/portal/volunteer-needs/:id/apply', {
    schema: { tags: ptags, params: IdParam, body: Obj({}), response: withErrors({ 201: ApplicationSchema }) },
    config: { public: true },
    handler: async (req, reply) => reply.code(201).send(await c.volunteers.apply(meta(req), await c.citizens.require(req), req.params.id)),
  });

  app.get('/portal/volunteers/me/certificate', {
    schema: {
      tags: ptags,
      summary: 'My certificate of service hours (PDF) from an organization that recorded them',
      querystring: Obj({ orgId: Id }),
      response: withErrors({ 200: Pdf }),
    },
    config: { public: true },
    handler: async (req, reply) => {
      const { pdf, number } = await c.volunteers.myCertificate(meta(req), await c.citizens.require(req), req.query.orgId);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });
}
