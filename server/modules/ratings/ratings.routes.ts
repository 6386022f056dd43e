import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { IdParam, Obj, Paged, PageQuery, Text, TypeCode, Version, withErrors } from '../../platform/http/schemas.js';

const L = Type.Literal;
const NullableString = Type.Union([Type.String(), Type.Null()]);
const SubjectTypeSchema = Type.Union([L('request'), L('activity'), L('service')]);
/** A calendar month, YYYY-MM. */
const Month = Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', maxLength: 7 });
const Level = Type.Union([L('community'), L('street'), L('district'), L('city')]);

export const RectificationSchema = Obj({
  id: Type.Integer(),
  ratingId: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.Integer(),
  /** A request's number (QH-…), or the subject id for types without a label. */
  subjectLabel: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  level: Type.Integer(),
  label: Type.String(),
  comment: Type.String(),
  status: Type.Union([L('open'), L('done'), L('void')]),
  due: Type.String(),
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  measures: NullableString,
  callbackNote: NullableString,
  callbackAt: NullableString,
  completedByName: NullableString,
  completedAt: NullableString,
  appealStatus: Type.Union([L('pending'), L('upheld'), L('rejected'), Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String(),
});

export const AppealSchema = Obj({
  id: Type.Integer(),
  ratingId: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.Integer(),
  subjectLabel: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  reviewerOrgId: Type.Integer(),
  reviewerOrgName: Type.String(),
  level: Type.Integer(),
  label: Type.String(),
  comment: Type.String(),
  reason: Type.String(),
  status: Type.Union([L('pending'), L('upheld'), L('rejected')]),
  decisionNote: NullableString,
  decidedByName: NullableString,
  createdAt: Type.String(),
  decidedAt: NullableString,
  version: Type.Integer(),
});

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
export const IndexRowSchema = Obj({
  /** 1-based competition rank by score; 0 when the unit had nothing to count this month. */
  rank: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  typeCode: Type.String(),
  total: Type.Integer(),
  acceptedInTime: Type.Integer(),
  resolved: Type.Integer(),
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  bad: Type.Integer(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  score: Rate,
});

const IndicesQuery = Obj({ month: Month, level: Level, type: Type.Optional(TypeCode), subjectType: Type.Optional(SubjectTypeSchema) });

/** Satisfaction (好差评): rectifications of bad reviews, appeals to the level above, the three rates and the ranking. */
export function registerRatingRoutes(app: App, c: Container): void {
  const tags = ['ratings'];

  app.get('/rectifications', {
    schema: {
      tags,
      summary: 'Rectifications (整改) of bad reviews given to units in my scope; open ones first, by due date',
      querystring: Obj({
        ...PageQuery,
        status: Type.Optional(Type.Union([L('open'), L('done'), L('void')])),
        overdue: Type.Optional(Type.Boolean()),
        subjectType: Type.Optional(SubjectTypeSchema),
      }),
      response: withErrors({ 200: Paged(RectificationSchema) }),
    },
    config: { permission: 'rating.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.ratings.rectifications(req.actor!, { ...req.query, page, pageSize })), page, pageSize };
    },
  });

  app.get('/rectifications/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: RectificationSchema }) },
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.rectification(req.actor!, req.params.id),
  });

  app.post('/rectifications/:id/complete', {
    schema: {
      tags,
      summary: 'Complete a rectification: the measures taken and the call-back to the rater are both required',
      params: IdParam,
      body: Obj({ version: Version, measures: Text(2000, 1), callbackNote: Text(2000, 1), callbackAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })) }),
      response: withErrors({ 200: RectificationSchema }),
    },
    config: { permission: 'rating.handle' },
    handler: async (req) => c.ratings.completeRectification(ctx(req), req.params.id, req.body),
  });

  app.post('/ratings/:id/appeal', {
    schema: {
      tags,
      summary: 'Appeal an untrue bad review to the parent organization (one appeal per rating); honours Idempotency-Key',
      params: IdParam,
      body: Obj({ reason: Text(2000, 1) }),
      response: withErrors({ 201: AppealSchema }),
    },
    config: { permission: 'rating.handle' },
    handler: async (req, reply) => reply.code(201).send(await c.ratings.appeal(ctx(req), req.params.id, req.body)),
  });

  app.get('/rating-appeals', {
    schema: {
      tags,
      summary: 'Appeals made by units in my scope, including those I am to decide',
      querystring: Obj({ ...PageQuery, status: Type.Optional(Type.Union([L('pending'), L('upheld'), L('rejected')])) }),
      response: withErrors({ 200: Paged(AppealSchema) }),
    },
    config: { permission: 'rating.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.ratings.appeals(req.actor!, { ...req.query, page, pageSize })), page, pageSize };
    },
  });

  app.get('/rating-appeals/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: AppealSchema }) },
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.appealById(req.actor!, req.params.id),
  });

  app.post('/rating-appeals/:id/decide', {
    schema: {
      tags,
      summary: 'Decide an appeal of a unit below: upheld excludes the review from the indices; rejected lets it stand',
      params: IdParam,
      body: Obj({ version: Version, decision: Type.Union([L('upheld'), L('rejected')]), note: Text(2000, 1) }),
      response: withErrors({ 200: AppealSchema }),
    },
    config: { permission: 'rating.review' },
    handler: async (req) => c.ratings.decideAppeal(ctx(req), req.params.id, req.body),
  });

  app.get('/rating-indices', {
    schema: {
      tags,
      summary: 'The three rates (响应率, 解决率, 满意率) per unit of one level in my scope for one month, ranked',
      querystring: IndicesQuery,
      response: withErrors({ 200: Obj({ month: Type.String(), level: Type.String(), items: Type.Array(IndexRowSchema) }) }),
    },
    config: { permission: 'rating.read' },
    handler: async (req) => c.ratings.indices(req.actor!, { month: req.query.month, level: req.query.level, typeCode: req.query.type, subjectType: req.query.subjectType }),
  });

  app.get('/rating-indices/export', {
    schema: {
      tags,
      summary: 'The same indices and ranking as an Excel workbook (audited)',
      querystring: IndicesQuery,
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'rating.read' },
    handler: async (req, reply) => {
      const q = req.query;
      const buf = await c.ratings.exportIndices(ctx(req), { month: q.month, level: q.level, typeCode: q.type, subjectType: q.subjectType });
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="indices-${q.month}-${q.level}.xlsx"`).send(buf);
    },
  });
}
