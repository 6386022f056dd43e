/**
 * Request desk routes (诉求): the category catalogue and routing rules, staff intake, inbox, detail and the handling
 * steps, supervision, attachments, Open311 API keys, and the citizen portal's submit, follow, rate and add-info doors.
 * The Open311 GeoReport routes follow an external standard and are not here.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateString, IdParam, Lit, Nullable, Obj, Ok, Paged, PageQuery, RegionCode, Text, TypeCode, Version, route, File } from './core.js';
import { FIELD_DATATYPES, REQUEST_STATUSES, START_LEVELS } from './requests.enums.js';

export { FIELD_DATATYPES, REQUEST_STATUSES, START_LEVELS };

const tags = ['requests'] as const;
const portalTags = ['portal'] as const;

export const RequestStatus = Lit(REQUEST_STATUSES);
export type RequestStatus = Static<typeof RequestStatus>;

const CategoryCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', maxLength: 40 });
/** A readable request number, QH-<year>-<6 digits>. */
export const RequestNumber = Type.String({ pattern: '^QH-[0-9]{4}-[0-9]{6,9}$', maxLength: 20 });
const NumberParam = Obj({ number: RequestNumber });

export const FieldDef = Obj({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', maxLength: 40 }),
  label: Text(60, 1),
  labelEn: Type.Optional(Text(120)),
  datatype: Lit(FIELD_DATATYPES),
  required: Type.Boolean(),
  values: Type.Optional(Type.Array(Obj({ key: Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }), name: Text(60, 1) }), { maxItems: 50 })),
});
export type FieldDef = Static<typeof FieldDef>;

export const Category = Obj({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  fields: Type.Array(FieldDef),
  defaultOrgType: Nullable(Type.String()),
  startLevel: Type.String(),
  slaAcceptDays: Type.Integer(),
  slaResponseDays: Type.Integer(),
  slaResolveDays: Type.Integer(),
  active: Type.Boolean(),
  sort: Type.Integer(),
  version: Type.Integer(),
  /** Same person, same category within this many days counts as a possible duplicate (0 = off). */
  duplicateDays: Type.Integer(),
});
export type Category = Static<typeof Category>;
const CategoryList = Obj({ items: Type.Array(Category) });

const SlaDays = (max: number) => Type.Integer({ minimum: 0, maximum: max });

const CategoryBody = {
  parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  nameZh: Text(60, 1),
  nameEn: Text(120, 1),
  description: Type.Optional(Text(500)),
  descriptionEn: Type.Optional(Text(500)),
  fields: Type.Optional(Type.Array(FieldDef, { maxItems: 30 })),
  defaultOrgType: Type.Optional(Nullable(TypeCode)),
  startLevel: Type.Optional(Lit(START_LEVELS)),
  slaAcceptDays: SlaDays(60),
  slaResponseDays: SlaDays(120),
  slaResolveDays: Type.Integer({ minimum: 1, maximum: 365 }),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  /** Same person and category within this many days is flagged as a possible duplicate; 0 turns it off. */
  duplicateDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
};
export const CategoryCreate = Obj({ code: CategoryCode, ...CategoryBody });
export type CategoryCreate = Static<typeof CategoryCreate>;
export const CategoryUpdate = Type.Composite([Obj({ version: Version }), Type.Partial(Obj({ ...CategoryBody, active: Type.Boolean() }))], {
  additionalProperties: false,
});
export type CategoryUpdate = Static<typeof CategoryUpdate>;

export const RoutingRule = Obj({
  id: Type.Integer(),
  categoryCode: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
});
export type RoutingRule = Static<typeof RoutingRule>;

const FieldValues = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })]),
  {
    maxProperties: 30,
  },
);

const IntakeBody = {
  categoryCode: CategoryCode,
  description: Text(4000, 1),
  regionCode: RegionCode,
  address: Type.Optional(Nullable(Text(200))),
  contactName: Text(60, 1),
  contactPhone: Text(30, 1),
  fields: Type.Optional(FieldValues),
};
export const StaffIntake = Obj({ ...IntakeBody, channel: Lit(['phone', 'walk_in'] as const) });
export type StaffIntake = Static<typeof StaffIntake>;
export const PortalIntake = Obj({ ...IntakeBody, consent: Type.Literal(true), publishDescription: Type.Optional(Type.Boolean()) });
export type PortalIntake = Static<typeof PortalIntake>;

const Summary = {
  id: Type.Integer(),
  number: Type.String(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  channel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  handlerOrgId: Type.Integer(),
  handlerOrgName: Type.String(),
  /** primary handler, co-handler, or the one-time receipt of staff who entered a request routed elsewhere. */
  access: Lit(['primary', 'co_handler', 'receipt'] as const),
  submittedAt: Type.String(),
  acceptDue: Type.String(),
  responseDue: Type.String(),
  resolveDue: Type.String(),
  /** The deadlines reach a year whose official holiday arrangement is not yet entered (预计): they may still move. */
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  /** Open and due today or on the next working day: the reminder. */
  dueSoon: Type.Boolean(),
  /** Closed without a call-back record yet. */
  callbackPending: Type.Boolean(),
  version: Type.Integer(),
};
export const RequestSummary = Obj(Summary);
export type RequestSummary = Static<typeof RequestSummary>;

const NullableString = Nullable(Type.String());

export const Attachment = Obj({
  id: Type.Integer(),
  name: Type.String(),
  mime: Lit(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const),
  size: Type.Integer(),
  source: Lit(['staff', 'citizen'] as const),
  uploadedAt: Type.String(),
});
export type Attachment = Static<typeof Attachment>;

export const RequestEvent = Obj({
  version: Type.Integer(),
  kind: Type.String(),
  actorName: NullableString,
  orgName: NullableString,
  targetOrgName: NullableString,
  note: Type.String(),
  public: Type.Boolean(),
  at: Type.String(),
});
export type RequestEvent = Static<typeof RequestEvent>;

export const RequestDetail = Obj({
  ...Summary,
  description: Type.String(),
  fields: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())])),
  addressMasked: NullableString,
  /** Open311: the WGS-84 point the client sent and how the region was found (region, address, coordinates, unresolved). */
  location: Obj({ lat: Nullable(Type.Number()), lng: Nullable(Type.Number()), source: Type.String() }),
  contactEmailMasked: NullableString,
  /** A link to the client's photo: shown as a link, never fetched by the platform. */
  mediaUrl: NullableString,
  deviceId: NullableString,
  accountId: NullableString,
  /** Attributes the client sent that the category does not define. */
  extra: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
  publishDescription: Type.Boolean(),
  personId: Type.Integer(),
  requesterNameMasked: Type.String(),
  requesterPhoneMasked: NullableString,
  acceptedAt: NullableString,
  respondedAt: NullableString,
  resolvedAt: NullableString,
  closedAt: NullableString,
  reply: NullableString,
  coHandlers: Type.Array(Obj({ orgId: Type.Integer(), orgName: Type.String() })),
  rating: Nullable(
    Obj({ id: Type.Integer(), level: Type.Integer(), label: Type.String(), comment: Type.String(), ratedAt: Type.String(), excluded: Type.Boolean() }),
  ),
  callback: Nullable(Obj({ at: Type.String(), note: Type.String(), reached: Type.Boolean() })),
  duplicateOf: Nullable(Obj({ id: Type.Integer(), number: Type.String() })),
  attachments: Type.Array(Attachment),
  /** Present on intake only: earlier requests that look like this one; staff may link the new one as a duplicate. */
  duplicateCandidates: Type.Optional(Type.Array(Obj({ id: Type.Integer(), number: Type.String(), submittedAt: Type.String(), samePerson: Type.Boolean() }))),
  events: Type.Array(RequestEvent),
});
export type RequestDetail = Static<typeof RequestDetail>;

export const ActionResult = Obj({
  id: Type.Integer(),
  number: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  handlerOrgId: Type.Integer(),
  handlerOrgName: Type.String(),
});
export type ActionResult = Static<typeof ActionResult>;

export const RevealedText = Obj({
  description: Type.String(),
  reply: NullableString,
  callbackNote: NullableString,
  ratingComment: NullableString,
  notes: Type.Array(Obj({ version: Type.Integer(), note: Type.String() })),
});
export type RevealedText = Static<typeof RevealedText>;

export const ApiKey = Obj({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: NullableString,
  revokedAt: NullableString,
});
export type ApiKey = Static<typeof ApiKey>;
export const IssuedApiKey = Obj({ id: Type.Integer(), name: Type.String(), key: Type.String(), prefix: Type.String() });
export type IssuedApiKey = Static<typeof IssuedApiKey>;

/** What a citizen is told on submitting. */
export const PortalReceipt = Obj({
  number: Type.String(),
  status: Type.String(),
  handlerOrgName: Type.String(),
  resolveDue: Type.String(),
  dueProvisional: Type.Boolean(),
});
export type PortalReceipt = Static<typeof PortalReceipt>;

export const PortalView = Obj({
  number: Type.String(),
  status: Type.String(),
  statusNotes: Type.String(),
  categoryName: Type.String(),
  handlerOrgName: Type.String(),
  submittedAt: Type.String(),
  resolveDue: Type.String(),
  dueProvisional: Type.Boolean(),
  reply: NullableString,
  events: Type.Array(Obj({ kind: Type.String(), note: Type.String(), at: Type.String() })),
  rating: Nullable(Obj({ level: Type.Integer(), label: Type.String(), comment: Type.String() })),
  canRate: Type.Boolean(),
});
export type PortalView = Static<typeof PortalView>;

export const PortalRating = Obj({ level: Type.Integer(), label: Type.String() });
export type PortalRating = Static<typeof PortalRating>;

/** A multipart file part as the route receives it: the name, with the bytes kept out of enumeration (and so out of logs and the NUL scan). */
export type UploadedFile = { name: string; data: Buffer };
const FilePart = Type.Unsafe<UploadedFile>({ type: 'object', description: 'the file (multipart part named "file"): JPEG, PNG, WebP or PDF, at most 10 MB' });

const Note = Text(2000, 1);
const OptionalNote = Type.Optional(Text(2000));
/** A handling step on a request: POST with the step's body, answered with the request's new status and version. */
const Step = <const U extends `/requests/:id/${string}`, B extends TSchema>(url: U, summary: string, body: B) => ({
  method: 'POST' as const,
  url,
  tags,
  summary,
  params: IdParam,
  body,
  response: ActionResult,
});
const Reassign = Obj({ version: Version, orgId: Type.Integer({ minimum: 1 }), note: OptionalNote });

export const requests = {
  // ───────────── Catalogue and routing rules ─────────────
  categories: route({
    method: 'GET',
    url: '/request-categories',
    tags,
    summary: 'The category catalogue (派单目录) as a flat list with parent ids',
    querystring: Obj({ includeInactive: Type.Optional(Type.Boolean()) }),
    response: CategoryList,
  }),
  createCategory: route({
    method: 'POST',
    url: '/request-categories',
    tags,
    summary: 'Add a category to the catalogue',
    body: CategoryCreate,
    response: Category,
    status: 201,
  }),
  updateCategory: route({
    method: 'PATCH',
    url: '/request-categories/:id',
    tags,
    summary: 'Edit a category (optimistic: send the version you read)',
    params: IdParam,
    body: CategoryUpdate,
    response: Category,
  }),
  rules: route({
    method: 'GET',
    url: '/request-routing-rules',
    tags,
    summary: 'The routing rules, optionally of one category',
    querystring: Obj({ category: Type.Optional(CategoryCode) }),
    response: Obj({ items: Type.Array(RoutingRule) }),
  }),
  setRule: route({
    method: 'POST',
    url: '/request-routing-rules',
    tags,
    summary: 'Route a category within a region subtree to a unit (the most specific region wins)',
    body: Obj({ categoryCode: CategoryCode, regionCode: RegionCode, orgId: Type.Integer({ minimum: 1 }) }),
    response: Obj({ id: Type.Integer() }),
    status: 201,
  }),
  deleteRule: route({ method: 'DELETE', url: '/request-routing-rules/:id', tags, summary: 'Remove a routing rule', params: IdParam, response: Ok }),

  // ───────────── Staff: intake, inbox, detail ─────────────
  submit: route({
    method: 'POST',
    url: '/requests',
    tags,
    summary: 'Enter a request on behalf of a caller (phone, walk-in); honours Idempotency-Key',
    body: StaffIntake,
    response: RequestDetail,
    status: 201,
  }),
  list: route({
    method: 'GET',
    url: '/requests',
    tags,
    summary: 'The inbox: requests handled in my subtree or co-handled by my organization',
    querystring: Obj({
      ...PageQuery,
      status: Type.Optional(RequestStatus),
      category: Type.Optional(CategoryCode),
      overdue: Type.Optional(Type.Boolean()),
      /** Reminders: open requests due today or on the next working day. */
      dueSoon: Type.Optional(Type.Boolean()),
      /** Closed requests still waiting for their call-back. */
      callbackPending: Type.Optional(Type.Boolean()),
      regionCode: Type.Optional(RegionCode),
      number: Type.Optional(RequestNumber),
    }),
    response: Paged(RequestSummary),
  }),
  supervision: route({
    method: 'GET',
    url: '/requests/supervision',
    tags,
    summary: 'The supervision queue (督办): overdue requests of units strictly below my organization',
    querystring: Obj({ ...PageQuery }),
    response: Paged(RequestSummary),
  }),
  get: route({
    method: 'GET',
    url: '/requests/:id',
    tags,
    summary: 'One request with its steps, attachments, rating and call-back',
    params: IdParam,
    response: RequestDetail,
  }),
  reveal: route({
    method: 'POST',
    url: '/requests/:id/reveal',
    tags,
    summary: 'The free text of a request in full (identifiers unmasked): description, reply, call-back note and step notes, for a stated purpose (audited)',
    params: IdParam,
    body: Obj({ purpose: Text(200, 2) }),
    response: RevealedText,
  }),

  // ───────────── Steps ─────────────
  accept: route(Step('/requests/:id/accept', 'Accept the request as primary handler (受理)', Obj({ version: Version, note: OptionalNote }))),
  respond: route(
    Step('/requests/:id/respond', 'Give a response the requester can read (the first one stops the response SLA)', Obj({ version: Version, note: Note })),
  ),
  note: route(Step('/requests/:id/note', 'Add an internal note (primary handler or co-handler)', Obj({ version: Type.Optional(Version), note: Note }))),
  return: route(Step('/requests/:id/return', 'Return (退回) to the level above for re-dispatch, with the reason', Obj({ version: Version, note: Note }))),
  escalate: route(Step('/requests/:id/escalate', 'Escalate to the parent organization', Obj({ version: Version, note: Note }))),
  close: route(Step('/requests/:id/close', 'Close a resolved request', Obj({ version: Version, note: OptionalNote }))),
  resolve: route(Step('/requests/:id/resolve', 'Resolve with a reply to the requester', Obj({ version: Version, reply: Text(4000, 1) }))),
  transfer: route(Step('/requests/:id/transfer', 'Transfer to another unit, of any organization ("not ours")', Reassign)),
  dispatch: route(Step('/requests/:id/dispatch', 'Dispatch to a unit in my subtree', Reassign)),
  addCoHandler: route(
    Step(
      '/requests/:id/co-handlers',
      'Invite a co-handler (协办): that organization gets access to this request only',
      Obj({ version: Type.Optional(Version), orgId: Type.Integer({ minimum: 1 }), note: OptionalNote }),
    ),
  ),
  supervise: route(
    Step(
      '/requests/:id/supervise',
      'Supervise (督办) a request of a unit below: a comment, optionally a new resolve deadline',
      Obj({ version: Type.Optional(Version), note: Note, resolveDue: Type.Optional(DateString) }),
    ),
  ),
  takeOver: route(
    Step(
      '/requests/:id/take-over',
      'Take over (督办接管) a request of a unit below: my organization becomes the primary handler',
      Obj({ version: Type.Optional(Version), note: Note }),
    ),
  ),
  callback: route(
    Step(
      '/requests/:id/callback',
      'Record the call-back (回访) of a closed request, once; until then it is listed with callbackPending',
      Obj({ version: Type.Optional(Version), note: Note, reached: Type.Boolean() }),
    ),
  ),
  duplicate: route(
    Step(
      '/requests/:id/duplicate',
      'Link the request as a duplicate of an earlier one I can read (see duplicateCandidates on intake)',
      Obj({ version: Type.Optional(Version), ofId: Type.Integer({ minimum: 1 }) }),
    ),
  ),

  // ───────────── Attachments ─────────────
  attachment: route({
    method: 'GET',
    url: '/requests/:id/attachments/:attachmentId',
    tags,
    summary: 'Download an attachment of a request I can read',
    params: Obj({ id: IdParam.properties.id, attachmentId: IdParam.properties.id }),
    response: File,
  }),
  /** Multipart: the routes file adds `consumes: ['multipart/form-data']`; the web posts a FormData to its path. */
  attach: route({
    method: 'POST',
    url: '/requests/:id/attachments',
    tags,
    summary: 'Attach a file (multipart, part "file": JPEG, PNG, WebP or PDF, at most 10 MB, 10 per request)',
    params: IdParam,
    body: Obj({ file: FilePart }),
    response: Attachment,
    status: 201,
  }),

  // ───────────── Open311 API keys (system administrator) ─────────────
  apiKeys: route({
    method: 'GET',
    url: '/open311-keys',
    tags,
    summary: 'API keys of Open311 clients (only a prefix of each key is shown)',
    response: Obj({ items: Type.Array(ApiKey) }),
  }),
  issueApiKey: route({
    method: 'POST',
    url: '/open311-keys',
    tags,
    summary: 'Issue an API key for an Open311 client; the key is shown in this answer only',
    body: Obj({ name: Text(100, 1) }),
    response: IssuedApiKey,
    status: 201,
  }),
  revokeApiKey: route({ method: 'DELETE', url: '/open311-keys/:id', tags, summary: 'Revoke an API key', params: IdParam, response: Ok }),

  // ───────────── Citizen portal (public: the routes file marks them `security: []` in the API document) ─────────────
  portalCategories: route({
    method: 'GET',
    url: '/portal/request-categories',
    tags: portalTags,
    summary: 'The active categories a citizen can file a request under',
    response: CategoryList,
  }),
  portalSubmit: route({
    method: 'POST',
    url: '/portal/requests',
    tags: portalTags,
    summary: 'Submit a request as a citizen; consent to the processing of personal data is required',
    body: PortalIntake,
    response: PortalReceipt,
    status: 201,
  }),
  portalView: route({
    method: 'GET',
    url: '/portal/requests/:number',
    tags: portalTags,
    summary: 'Follow a request by its number and the phone given at submission',
    params: NumberParam,
    querystring: Obj({ phone: Text(30, 1) }),
    response: PortalView,
  }),
  portalRate: route({
    method: 'POST',
    url: '/portal/requests/:number/ratings',
    tags: portalTags,
    summary: 'Rate a closed request once: 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意',
    params: NumberParam,
    body: Obj({ phone: Text(30, 1), level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
    response: PortalRating,
    status: 201,
  }),
  portalInfo: route({
    method: 'POST',
    url: '/portal/requests/:number/info',
    tags: portalTags,
    summary: 'The requester adds information to an open request (number and phone)',
    params: NumberParam,
    body: Obj({ phone: Text(30, 1), text: Text(2000, 1) }),
    response: Obj({ version: Type.Integer() }),
    status: 201,
  }),
  /** Multipart, like `attach`. */
  portalAttach: route({
    method: 'POST',
    url: '/portal/requests/:number/attachments',
    tags: portalTags,
    summary: 'The requester attaches a file to an open request (multipart: "phone" and "file")',
    params: NumberParam,
    body: Obj({ phone: Text(30, 1), file: FilePart }),
    response: Attachment,
    status: 201,
  }),
};
