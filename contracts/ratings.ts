/** Ratings routes (好差评): rectifications of bad reviews, appeals to the level above, the three rates and the ranking. */
import { Type, type Static } from '@sinclair/typebox';
import { DateTimeString, IdParam, Lit, Nullable, Obj, Paged, PageQuery, Text, TypeCode, Version, route, File } from './core.js';
import { APPEAL_STATUSES, RECTIFICATION_STATUSES } from './ratings.enums.js';

export { APPEAL_STATUSES, RECTIFICATION_STATUSES };

const tags = ['ratings'] as const;

const NullableString = Nullable(Type.String());
/** The subject types whose indices and rectifications can be filtered by (those with handling figures). */
export const IndexedSubjectType = Lit(['request', 'activity', 'service'] as const);
/** A calendar month, YYYY-MM. */
const Month = Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', maxLength: 7 });
export const IndexLevel = Lit(['community', 'street', 'district', 'city'] as const);
export const RectificationStatus = Lit(RECTIFICATION_STATUSES);
export const AppealStatus = Lit(APPEAL_STATUSES);
export type AppealStatus = Static<typeof AppealStatus>;
export const AppealDecision = Lit(['upheld', 'rejected'] as const);

/** The rating a rectification or an appeal is about, and the rated unit. */
const RatedFields = {
  id: Type.Integer(),
  ratingId: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.Integer(),
  /** A request's number (QH-…), or the subject id for types without a label. */
  subjectLabel: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
};

export const Rectification = Obj({
  ...RatedFields,
  level: Type.Integer(),
  label: Type.String(),
  comment: Type.String(),
  status: RectificationStatus,
  due: Type.String(),
  /** The due date reaches a year whose official holiday arrangement is not yet entered (预计). */
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  measures: NullableString,
  callbackNote: NullableString,
  callbackAt: NullableString,
  completedByName: NullableString,
  completedAt: NullableString,
  appealStatus: Type.Union([...AppealStatus.anyOf, Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String(),
});
export type Rectification = Static<typeof Rectification>;

export const Appeal = Obj({
  ...RatedFields,
  reviewerOrgId: Type.Integer(),
  reviewerOrgName: Type.String(),
  level: Type.Integer(),
  label: Type.String(),
  comment: Type.String(),
  reason: Type.String(),
  status: AppealStatus,
  decisionNote: NullableString,
  decidedByName: NullableString,
  createdAt: Type.String(),
  decidedAt: NullableString,
  version: Type.Integer(),
});
export type Appeal = Static<typeof Appeal>;

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
export const IndexRow = Obj({
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
  /** The mean of the three rates that have a value; the ranking key. */
  score: Rate,
});
export type IndexRow = Static<typeof IndexRow>;
export const Indices = Obj({ month: Type.String(), level: Type.String(), items: Type.Array(IndexRow) });
export type Indices = Static<typeof Indices>;

export const IndicesQuery = Obj({ month: Month, level: IndexLevel, type: Type.Optional(TypeCode), subjectType: Type.Optional(IndexedSubjectType) });
export type IndicesQuery = Static<typeof IndicesQuery>;
export const RectificationFilter = Obj({
  status: Type.Optional(RectificationStatus),
  overdue: Type.Optional(Type.Boolean()),
  subjectType: Type.Optional(IndexedSubjectType),
});
export type RectificationFilter = Static<typeof RectificationFilter>;
export const CompleteInput = Obj({ version: Version, measures: Text(2000, 1), callbackNote: Text(2000, 1), callbackAt: Type.Optional(DateTimeString) });
export type CompleteInput = Static<typeof CompleteInput>;
export const DecideInput = Obj({ version: Version, decision: AppealDecision, note: Text(2000, 1) });
export type DecideInput = Static<typeof DecideInput>;

export const ratings = {
  rectifications: route({
    method: 'GET',
    url: '/rectifications',
    tags,
    summary: 'Rectifications (整改) of bad reviews given to units in my scope; open ones first, by due date',
    querystring: Obj({ ...PageQuery, ...RectificationFilter.properties }),
    response: Paged(Rectification),
  }),
  rectification: route({ method: 'GET', url: '/rectifications/:id', tags, summary: 'One rectification', params: IdParam, response: Rectification }),
  complete: route({
    method: 'POST',
    url: '/rectifications/:id/complete',
    tags,
    summary: 'Complete a rectification: the measures taken and the call-back to the rater are both required',
    params: IdParam,
    body: CompleteInput,
    response: Rectification,
  }),
  appeal: route({
    method: 'POST',
    url: '/ratings/:id/appeal',
    tags,
    summary: 'Appeal an untrue bad review to the parent organization (one appeal per rating); honours Idempotency-Key',
    params: IdParam,
    body: Obj({ reason: Text(2000, 1) }),
    response: Appeal,
    status: 201,
  }),
  appeals: route({
    method: 'GET',
    url: '/rating-appeals',
    tags,
    summary: 'Appeals made by units in my scope, including those I am to decide',
    querystring: Obj({ ...PageQuery, status: Type.Optional(AppealStatus) }),
    response: Paged(Appeal),
  }),
  appealById: route({ method: 'GET', url: '/rating-appeals/:id', tags, summary: 'One appeal', params: IdParam, response: Appeal }),
  decide: route({
    method: 'POST',
    url: '/rating-appeals/:id/decide',
    tags,
    summary: 'Decide an appeal of a unit below: upheld excludes the review from the indices; rejected lets it stand',
    params: IdParam,
    body: DecideInput,
    response: Appeal,
  }),
  indices: route({
    method: 'GET',
    url: '/rating-indices',
    tags,
    summary: 'The three rates (响应率, 解决率, 满意率) per unit of one level in my scope for one month, ranked',
    querystring: IndicesQuery,
    response: Indices,
  }),
  exportIndices: route({
    method: 'GET',
    url: '/rating-indices/export',
    tags,
    summary: 'The same indices and ranking as an Excel workbook (audited)',
    querystring: IndicesQuery,
    response: File,
  }),
};
