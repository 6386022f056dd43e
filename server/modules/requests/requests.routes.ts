import { createReadStream } from 'node:fs';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, IdParam, Nullable, Obj, Paged, PageQuery, RegionCode, Text, TypeCode, Version, withErrors } from '../../platform/http/schemas.js';
import { AppError } from '../../platform/errors.js';
import { ATTACHMENT_LIMITS, STATUSES } from './requests.policy.js';
import { toPublicReceipt } from './requests.service.js';

const L = Type.Literal;

const CategoryCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', maxLength: 40 });
/** A readable request number, QH-<year>-<6 digits>. */
export const RequestNumber = Type.String({ pattern: '^QH-[0-9]{4}-[0-9]{6,9}$', maxLength: 20 });

export const FieldDefSchema = Obj({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', maxLength: 40 }),
  label: Text(60, 1),
  labelEn: Type.Optional(Text(120)),
  datatype: Type.Union([L('string'), L('number'), L('text'), L('singlevaluelist'), L('multivaluelist')]),
  required: Type.Boolean(),
  values: Type.Optional(Type.Array(Obj({ key: Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }), name: Text(60, 1) }), { maxItems: 50 })),
});

export const CategorySchema = Obj({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
  fields: Type.Array(FieldDefSchema),
  defaultOrgType: Nullable(Type.String()),
  startLevel: Type.String(),
  slaAcceptDays: Type.Integer(),
  slaResponseDays: Type.Integer(),
  slaResolveDays: Type.Integer(),
  active: Type.Boolean(),
  sort: Type.Integer(),
  version: Type.Integer(),
  duplicateDays: Type.Integer(),
});

const SlaDays = (max: number) => Type.Integer({ minimum: 0, maximum: max });

const CategoryBody = {
  parentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  nameZh: Text(60, 1),
  nameEn: Text(120, 1),
  description: Type.Optional(Text(500)),
  descriptionEn: Type.Optional(Text(500)),
  fields: Type.Optional(Type.Array(FieldDefSchema, { maxItems: 30 })),
  defaultOrgType: Type.Optional(Nullable(TypeCode)),
  startLevel: Type.Optional(Type.Union([L('community'), L('street'), L('district'), L('city')])),
  slaAcceptDays: SlaDays(60),
  slaResponseDays: SlaDays(120),
  slaResolveDays: Type.Integer({ minimum: 1, maximum: 365 }),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  /** Same person and category within this many days is flagged as a possible duplicate; 0 turns it off. */
  duplicateDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
};

const FieldValues = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })]), {
  maxProperties: 30,
});

const IntakeBody = {
  categoryCode: CategoryCode,
  description: Text(4000, 1),
  regionCode: RegionCode,
  address: Type.Optional(Nullable(Text(200))),
  contactName: Text(60, 1),
  contactPhone: Text(30, 1),
  fields: Type.Optional(FieldValues),
};

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
  access: Type.Union([L('primary'), L('co_handler'), L('receipt')]),
  submittedAt: Type.String(),
  acceptDue: Type.String(),
  responseDue: Type.String(),
  resolveDue: Type.String(),
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  /** Open and due today or on the next working day: the reminder. */
  dueSoon: Type.Boolean(),
  /** Closed without a call-back record yet. */
  callbackPending: Type.Boolean(),
  version: Type.Integer(),
};
export const RequestSummarySchema = Obj(Summary);

const NullableString = Nullable(Type.String());

export const AttachmentSchema = Obj({
  id: Type.Integer(),
  name: Type.String(),
  mime: Type.Union([L('image/jpeg'), L('image/png'), L('image/webp'), L('application/pdf')]),
  size: Type.Integer(),
  source: Type.Union([L('staff'), L('citizen')]),
  uploadedAt: Type.String(),
});

/** A multipart file part as the route receives it: the name, with the bytes kept out of enumeration (and so out of logs and the NUL scan). */
type UploadedFile = { name: string; data: Buffer };
const FilePart = Type.Unsafe<UploadedFile>({ type: 'object', description: 'the file (multipart part named "file"): JPEG, PNG, WebP or PDF, at most 10 MB' });

async function onFile(this: unknown, part: MultipartFile) {
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: ATTACHMENT_LIMITS.maxBytes });
    throw err;
  }
  const value = { name: part.filename || 'file' };
  Object.defineProperty(value, 'data', { value: data, enumerable: false });
  (part as unknown as { value: unknown }).value = value;
}

const multipartOptions = {
  attachFieldsToBody: 'keyValues' as const,
  onFile,
  limits: { fileSize: ATTACHMENT_LIMITS.maxBytes, files: 1, fields: 4, fieldSize: 1000, parts: 6 },
};

export const RequestDetailSchema = Obj({
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
  rating: Nullable(Obj({ id: Type.Integer(), level: Type.Integer(), label: Type.String(), comment: Type.String(), ratedAt: Type.String(), excluded: Type.Boolean() })),
  callback: Nullable(Obj({ at: Type.String(), note: Type.String(), reached: Type.Boolean() })),
  duplicateOf: Nullable(Obj({ id: Type.Integer(), number: Type.String() })),
  attachments: Type.Array(AttachmentSchema),
  /** Present on intake only: earlier requests that look like this one; staff may link the new one as a duplicate. */
  duplicateCandidates: Type.Optional(Type.Array(Obj({ id: Type.Integer(), number: Type.String(), submittedAt: Type.String(), samePerson: Type.Boolean() }))),
  events: Type.Array(
    Obj({
      version: Type.Integer(),
      kind: Type.String(),
      actorName: NullableString,
      orgName: NullableString,
      targetOrgName: NullableString,
      note: Type.String(),
      public: Type.Boolean(),
      at: Type.String(),
    }),
  ),
});

const ActionResultSchema = Obj({
  id: Type.Integer(),
  number: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  handlerOrgId: Type.Integer(),
  handlerOrgName: Type.String(),
});

const Note = Text(2000, 1);

const PortalView = Obj({
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

export const byIp = (prefix: string) => (req: FastifyRequest) => `${prefix}:${req.ip}`;

/** Per-IP limits of the public doors, per minute. */
export const PORTAL_LIMITS = { submit: 10, view: 30, rate: 10 } as const;

/** Staff routes of the request desk (inbox, detail, actions, supervision) and the catalogue; the citizen portal routes. */
export function registerRequestRoutes(app: App, c: Container): void {
  const tags = ['requests'];

  // ───────────── Catalogue and routing rules ─────────────
  app.get('/request-categories', {
    schema: {
      tags,
      summary: 'The category catalogue (派单目录) as a flat list with parent ids',
      querystring: Obj({ includeInactive: Type.Optional(Type.Boolean()) }),
      response: withErrors({ 200: Obj({ items: Type.Array(CategorySchema) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.requests.categories(!req.query.includeInactive) }),
  });

  app.post('/request-categories', {
    schema: { tags, body: Obj({ code: CategoryCode, ...CategoryBody }), response: withErrors({ 201: CategorySchema }) },
    config: { permission: 'category.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.createCategory(ctx(req), req.body)),
  });

  app.patch('/request-categories/:id', {
    schema: {
      tags,
      summary: 'Edit a category (optimistic: send the version you read)',
      params: IdParam,
      body: Type.Composite([Obj({ version: Version }), Type.Partial(Obj({ ...CategoryBody, active: Type.Boolean() }))], { additionalProperties: false }),
      response: withErrors({ 200: CategorySchema }),
    },
    config: { permission: 'category.write' },
    handler: async (req) => c.requests.updateCategory(ctx(req), req.params.id, req.body),
  });

  app.get('/request-routing-rules', {
    schema: {
      tags,
      querystring: Obj({ category: Type.Optional(CategoryCode) }),
      response: withErrors({
        200: Obj({ items: Type.Array(Obj({ id: Type.Integer(), categoryCode: Type.String(), regionCode: Type.String(), regionName: Type.String(), orgId: Type.Integer(), orgName: Type.String() })) }),
      }),
    },
    config: { permission: 'request.read' },
    handler: async (req) => ({ items: await c.requests.rules(req.query.category) }),
  });

  app.post('/request-routing-rules', {
    schema: {
      tags,
      summary: 'Route a category within a region subtree to a unit (the most specific region wins)',
      body: Obj({ categoryCode: CategoryCode, regionCode: RegionCode, orgId: Type.Integer({ minimum: 1 }) }),
      response: withErrors({ 201: Obj({ id: Type.Integer() }) }),
    },
    config: { permission: 'category.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.setRule(ctx(req), req.body)),
  });

  app.delete('/request-routing-rules/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: Obj({ ok: Type.Boolean() }) }) },
    config: { permission: 'category.write' },
    handler: async (req) => {
      await c.requests.deleteRule(ctx(req), req.params.id);
      return { ok: true };
    },
  });

  // ───────────── Staff: intake, inbox, detail ─────────────
  app.post('/requests', {
    schema: {
      tags,
      summary: 'Enter a request on behalf of a caller (phone, walk-in); honours Idempotency-Key',
      body: Obj({ ...IntakeBody, channel: Type.Union([L('phone'), L('walk_in')]) }),
      response: withErrors({ 201: RequestDetailSchema }),
    },
    config: { permission: 'request.handle' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.submitByStaff(ctx(req), req.body)),
  });

  app.get('/requests', {
    schema: {
      tags,
      summary: 'The inbox: requests handled in my subtree or co-handled by my organization',
      querystring: Obj({
        ...PageQuery,
        status: Type.Optional(Type.Union(STATUSES.map((x) => L(x)))),
        category: Type.Optional(CategoryCode),
        overdue: Type.Optional(Type.Boolean()),
        /** Reminders: open requests due today or on the next working day. */
        dueSoon: Type.Optional(Type.Boolean()),
        /** Closed requests still waiting for their call-back. */
        callbackPending: Type.Optional(Type.Boolean()),
        regionCode: Type.Optional(RegionCode),
        number: Type.Optional(RequestNumber),
      }),
      response: withErrors({ 200: Paged(RequestSummarySchema) }),
    },
    config: { permission: 'request.read' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      const { category, ...rest } = req.query;
      return { ...(await c.requests.list(req.actor!, { ...rest, categoryCode: category, page, pageSize })), page, pageSize };
    },
  });

  app.get('/requests/supervision', {
    schema: {
      tags,
      summary: 'The supervision queue (督办): overdue requests of units strictly below my organization',
      querystring: Obj({ ...PageQuery }),
      response: withErrors({ 200: Paged(RequestSummarySchema) }),
    },
    config: { permission: 'request.supervise' },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.requests.supervision(req.actor!, page, pageSize)), page, pageSize };
    },
  });

  app.get('/requests/:id', {
    schema: { tags, params: IdParam, response: withErrors({ 200: RequestDetailSchema }) },
    config: { permission: 'request.read' },
    handler: async (req) => c.requests.get(req.actor!, req.params.id),
  });

  app.post('/requests/:id/reveal', {
    schema: {
      tags,
      summary: 'The free text of a request in full (identifiers unmasked): description, reply, call-back note and step notes, for a stated purpose (audited)',
      params: IdParam,
      body: Obj({ purpose: Text(200, 2) }),
      response: withErrors({
        200: Obj({
          description: Type.String(),
          reply: Type.Union([Type.String(), Type.Null()]),
          callbackNote: Type.Union([Type.String(), Type.Null()]),
          ratingComment: Type.Union([Type.String(), Type.Null()]),
          notes: Type.Array(Obj({ version: Type.Integer(), note: Type.String() })),
        }),
      }),
    },
    config: { permission: 'people.reveal', rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: (req) => `reveal:${req.actor?.accountId ?? req.ip}` } },
    handler: async (req) => c.requests.reveal(ctx(req), req.params.id, req.body.purpose.trim()),
  });

  // ───────────── Actions ─────────────
  const action = (name: 'accept' | 'respond' | 'note' | 'return' | 'escalate' | 'close', body: ReturnType<typeof Obj>, summary: string) =>
    app.post(`/requests/:id/${name}`, {
      schema: { tags, summary, params: IdParam, body, response: withErrors({ 200: ActionResultSchema }) },
      config: { permission: 'request.handle' },
      handler: async (req) => c.requests.act(ctx(req), req.params.id, name, req.body as { version?: number; note?: string }),
    });
  action('accept', Obj({ version: Version, note: Type.Optional(Text(2000)) }), 'Accept the request as primary handler (受理)');
  action('respond', Obj({ version: Version, note: Note }), 'Give a response the requester can read (the first one stops the response SLA)');
  action('note', Obj({ version: Type.Optional(Version), note: Note }), 'Add an internal note (primary handler or co-handler)');
  action('return', Obj({ version: Version, note: Note }), 'Return (退回) to the level above for re-dispatch, with the reason');
  action('escalate', Obj({ version: Version, note: Note }), 'Escalate to the parent organization');
  action('close', Obj({ version: Version, note: Type.Optional(Text(2000)) }), 'Close a resolved request');

  app.post('/requests/:id/resolve', {
    schema: { tags, summary: 'Resolve with a reply to the requester', params: IdParam, body: Obj({ version: Version, reply: Text(4000, 1) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.act(ctx(req), req.params.id, 'resolve', req.body),
  });

  for (const kind of ['transfer', 'dispatch'] as const) {
    app.post(`/requests/:id/${kind}`, {
      schema: {
        tags,
        summary: kind === 'transfer' ? 'Transfer to another unit, of any organization ("not ours")' : 'Dispatch to a unit in my subtree',
        params: IdParam,
        body: Obj({ version: Version, orgId: Type.Integer({ minimum: 1 }), note: Type.Optional(Text(2000)) }),
        response: withErrors({ 200: ActionResultSchema }),
      },
      config: { permission: 'request.dispatch' },
      handler: async (req) => c.requests.reassign(ctx(req), req.params.id, kind, { ...req.body, note: req.body.note ?? '' }),
    });
  }

  app.post('/requests/:id/co-handlers', {
    schema: {
      tags,
      summary: 'Invite a co-handler (协办): that organization gets access to this request only',
      params: IdParam,
      body: Obj({ version: Type.Optional(Version), orgId: Type.Integer({ minimum: 1 }), note: Type.Optional(Text(2000)) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'request.dispatch' },
    handler: async (req) => c.requests.addCoHandler(ctx(req), req.params.id, req.body),
  });

  app.post('/requests/:id/supervise', {
    schema: {
      tags,
      summary: 'Supervise (督办) a request of a unit below: a comment, optionally a new resolve deadline',
      params: IdParam,
      body: Obj({ version: Type.Optional(Version), note: Note, resolveDue: Type.Optional(DateString) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'request.supervise' },
    handler: async (req) => c.requests.supervise(ctx(req), req.params.id, req.body),
  });

  app.post('/requests/:id/take-over', {
    schema: {
      tags,
      summary: 'Take over (督办接管) a request of a unit below: my organization becomes the primary handler',
      params: IdParam,
      body: Obj({ version: Type.Optional(Version), note: Note }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'request.supervise' },
    handler: async (req) => c.requests.takeOver(ctx(req), req.params.id, req.body),
  });

  app.post('/requests/:id/callback', {
    schema: {
      tags,
      summary: 'Record the call-back (回访) of a closed request, once; until then it is listed with callbackPending',
      params: IdParam,
      body: Obj({ version: Type.Optional(Version), note: Note, reached: Type.Boolean() }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.callback(ctx(req), req.params.id, req.body),
  });

  app.post('/requests/:id/duplicate', {
    schema: {
      tags,
      summary: 'Link the request as a duplicate of an earlier one I can read (see duplicateCandidates on intake)',
      params: IdParam,
      body: Obj({ version: Type.Optional(Version), ofId: Type.Integer({ minimum: 1 }) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'request.handle' },
    handler: async (req) => c.requests.linkDuplicate(ctx(req), req.params.id, req.body),
  });

  app.get('/requests/:id/attachments/:attachmentId', {
    schema: {
      tags,
      summary: 'Download an attachment of a request I can read',
      params: Obj({ id: IdParam.properties.id, attachmentId: IdParam.properties.id }),
      response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
    },
    config: { permission: 'request.read' },
    handler: async (req, reply) => {
      const f = await c.requests.attachmentFile(req.actor!, req.params.id, req.params.attachmentId);
      return reply
        .type(f.mime)
        .header('content-length', String(f.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(createReadStream(f.path));
    },
  });

  // Uploads parse multipart only in this scope; files are checked by their magic bytes, not their declared type.
  app.register(async (child) => {
    await child.register(multipart, multipartOptions);
    const scoped = child.withTypeProvider<TypeBoxTypeProvider>();
    scoped.post('/requests/:id/attachments', {
      schema: {
        tags,
        summary: 'Attach a file (multipart, part "file": JPEG, PNG, WebP or PDF, at most 10 MB, 10 per request)',
        consumes: ['multipart/form-data'],
        params: IdParam,
        body: Obj({ file: FilePart }),
        response: withErrors({ 201: AttachmentSchema }),
      },
      config: { permission: 'request.handle' },
      handler: async (req, reply) => reply.code(201).send(await c.requests.addAttachment(ctx(req), req.params.id, req.body.file)),
    });
    scoped.post('/portal/requests/:number/attachments', {
      schema: {
        tags: ['portal'],
        summary: 'The requester attaches a file to an open request (multipart: "phone" and "file")',
        security: [],
        consumes: ['multipart/form-data'],
        params: Obj({ number: RequestNumber }),
        body: Obj({ phone: Text(30, 1), file: FilePart }),
        response: withErrors({ 201: AttachmentSchema }),
      },
      config: { public: true, rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-attach') } },
      handler: async (req, reply) => reply.code(201).send(await c.requests.addPublicAttachment({ ip: req.ip, requestId: req.id }, req.params.number, req.body.phone, req.body.file)),
    });
  });

  // ───────────── Open311 API keys (system administrator) ─────────────
  const ApiKeySchema = Obj({ id: Type.Integer(), name: Type.String(), prefix: Type.String(), createdAt: Type.String(), lastUsedAt: NullableString, revokedAt: NullableString });
  app.get('/open311-keys', {
    schema: { tags, summary: 'API keys of Open311 clients (only a prefix of each key is shown)', response: withErrors({ 200: Obj({ items: Type.Array(ApiKeySchema) }) }) },
    config: { permission: 'apikey.write' },
    handler: async () => ({ items: await c.requests.apiKeys() }),
  });
  app.post('/open311-keys', {
    schema: {
      tags,
      summary: 'Issue an API key for an Open311 client; the key is shown in this answer only',
      body: Obj({ name: Text(100, 1) }),
      response: withErrors({ 201: Obj({ id: Type.Integer(), name: Type.String(), key: Type.String(), prefix: Type.String() }) }),
    },
    config: { permission: 'apikey.write' },
    handler: async (req, reply) => reply.code(201).send(await c.requests.issueApiKey(ctx(req), req.body.name)),
  });
  app.delete('/open311-keys/:id', {
    schema: { tags, summary: 'Revoke an API key', params: IdParam, response: withErrors({ 200: Obj({ ok: Type.Boolean() }) }) },
    config: { permission: 'apikey.write' },
    handler: async (req) => {
      await c.requests.revokeApiKey(ctx(req), req.params.id);
      return { ok: true };
    },
  });

  // ───────────── Citizen portal ─────────────
  const portalTags = ['portal'];
  app.get('/portal/request-categories', {
    schema: { tags: portalTags, security: [], response: withErrors({ 200: Obj({ items: Type.Array(CategorySchema) }) }) },
    config: { public: true },
    handler: async () => ({ items: await c.requests.categories(true) }),
  });

  app.post('/portal/requests', {
    schema: {
      tags: portalTags,
      summary: 'Submit a request as a citizen; consent to the processing of personal data is required',
      security: [],
      body: Obj({ ...IntakeBody, consent: Type.Literal(true), publishDescription: Type.Optional(Type.Boolean()) }),
      response: withErrors({ 201: Obj({ number: Type.String(), status: Type.String(), handlerOrgName: Type.String(), resolveDue: Type.String(), dueProvisional: Type.Boolean() }) }),
    },
    config: {
      public: true,
      rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-submit') },
      // A retried submission whose first answer was lost is answered from the request its transaction wrote.
      idempotentAnswer: toPublicReceipt,
    },
    handler: async (req, reply) => {
      const b = req.body;
      const input = { categoryCode: b.categoryCode, description: b.description, regionCode: b.regionCode, address: b.address, contactName: b.contactName, contactPhone: b.contactPhone, fields: b.fields, publishDescription: b.publishDescription };
      return reply.code(201).send(await c.requests.submitPublic({ ip: req.ip, requestId: req.id }, input, 'portal'));
    },
  });

  app.get('/portal/requests/:number', {
    schema: {
      tags: portalTags,
      summary: 'Follow a request by its number and the phone given at submission',
      security: [],
      params: Obj({ number: RequestNumber }),
      querystring: Obj({ phone: Text(30, 1) }),
      response: withErrors({ 200: PortalView }),
    },
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.view, timeWindow: 60_000, keyGenerator: byIp('portal-view') } },
    handler: async (req) => c.requests.portalView(req.params.number, req.query.phone),
  });

  app.post('/portal/requests/:number/ratings', {
    schema: {
      tags: portalTags,
      summary: 'Rate a closed request once: 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意',
      security: [],
      params: Obj({ number: RequestNumber }),
      body: Obj({ phone: Text(30, 1), level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
      response: withErrors({ 201: Obj({ level: Type.Integer(), label: Type.String() }) }),
    },
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.rate, timeWindow: 60_000, keyGenerator: byIp('portal-rate') } },
    handler: async (req, reply) => reply.code(201).send(await c.requests.rate({ ip: req.ip, requestId: req.id }, req.params.number, req.body)),
  });

  app.post('/portal/requests/:number/info', {
    schema: {
      tags: portalTags,
      summary: 'The requester adds information to an open request (number and phone)',
      security: [],
      params: Obj({ number: RequestNumber }),
      body: Obj({ phone: Text(30, 1), text: Text(2000, 1) }),
      response: withErrors({ 201: Obj({ version: Type.Integer() }) }),
    },
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-info') } },
    handler: async (req, reply) => reply.code(201).send(await c.requests.addInfo({ ip: req.ip, requestId: req.id }, req.params.number, req.body)),
  });
}
