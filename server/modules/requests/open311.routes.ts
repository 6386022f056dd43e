import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { Obj, Text, withErrors } from '../../platform/http/schemas.js';
import { ajvToAppError } from '../../platform/http/validation.js';
import { formatOf, sendXml, specErrorBody, stripFormat, xmlShape } from './open311.format.js';
import { dropEmpty, parseForm } from './open311.policy.js';
import { specError, type Open311Submission } from './open311.service.js';
import { byIp } from './requests.routes.js';

// Open311 GeoReport v2 in JSON and XML (the format is the path suffix), registered under /open311 outside /api:
// no session, no CSRF. Every path under /open311/ answers in its format; errors take the spec's shapes and name the
// spec's parameters. POST takes the spec's application/x-www-form-urlencoded (or JSON) and needs an api_key, checked
// before anything else about the call.

const Common = { jurisdiction_id: Type.Optional(Text(100)), api_key: Type.Optional(Text(200)) };
const Format = '(json|xml)';
const ServiceFile = Type.String({ pattern: `^[a-z][a-z0-9_]{1,39}\\.${Format}$`, maxLength: 45 });
const RequestFile = Type.String({ pattern: `^QH-[0-9]{4}-[0-9]{6,9}\\.${Format}$`, maxLength: 25 });
const Str = Type.String();
const XmlBody = Type.String({ description: 'text/xml' });
/** A repeated parameter arrives as a list; each item may itself be a comma list. */
const ListParam = (max: number) => Type.Union([Text(max), Type.Array(Text(max), { maxItems: 20 })]);
const Coordinate = Type.Union([Type.String({ maxLength: 30 }), Type.Number()]);
const AttributeValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })]);

const ServiceRequest = Obj({
  service_request_id: Str,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Str,
  service_name: Str,
  service_code: Str,
  description: Str,
  agency_responsible: Str,
  service_notice: Str,
  requested_datetime: Str,
  updated_datetime: Str,
  expected_datetime: Str,
  address: Str,
  address_id: Str,
  zipcode: Str,
  lat: Type.Optional(Type.Number()),
  long: Type.Optional(Type.Number()),
  media_url: Str,
});

const Service = Obj({
  service_code: Str,
  service_name: Str,
  description: Str,
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Str,
  group: Str,
});

const ServiceDefinition = Obj({
  service_code: Str,
  attributes: Type.Array(
    Obj({
      variable: Type.Boolean(),
      code: Str,
      datatype: Str,
      required: Type.Boolean(),
      datatype_description: Str,
      order: Type.Integer(),
      description: Str,
      values: Type.Optional(Type.Array(Obj({ key: Str, name: Str }))),
    }),
  ),
});

const Discovery = Obj({
  changeset: Str,
  contact: Str,
  key_service: Str,
  endpoints: Type.Array(Obj({ specification: Str, url: Str, changeset: Str, type: Str, formats: Type.Array(Str) })),
});

const PostBody = Obj({
  ...Common,
  service_code: Text(40, 1),
  lat: Type.Optional(Coordinate),
  long: Type.Optional(Coordinate),
  address_string: Type.Optional(Text(500)),
  address_id: Type.Optional(Text(40)),
  email: Type.Optional(Text(200)),
  device_id: Type.Optional(Text(200)),
  account_id: Type.Optional(Text(200)),
  first_name: Type.Optional(Text(60)),
  last_name: Type.Optional(Text(60)),
  phone: Type.Optional(Text(30)),
  description: Type.Optional(Text(4000)),
  media_url: Type.Optional(Text(2000)),
  attribute: Type.Optional(Type.Record(Type.String({ pattern: '^[^\\[\\]]{1,64}$' }), AttributeValue, { maxProperties: 50 })),
});
const PostAnswer = Type.Array(Obj({ service_request_id: Str, service_notice: Str, account_id: Str }));

const Update = Obj({
  update_id: Str,
  service_request_id: Str,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  updated_datetime: Str,
  description: Str,
  media_url: Str,
});
// mySociety's servicerequestupdates POST, with the fields FixMyStreet sends; only the text and link are kept, the
// status a client claims changes nothing (staff close requests).
const UpdateBody = Obj({
  ...Common,
  service_request_id: Text(40, 1),
  description: Type.Optional(Text(2000)),
  media_url: Type.Optional(Text(2000)),
  status: Type.Optional(Text(40)),
  updated_datetime: Type.Optional(Text(40)),
  update_id: Type.Optional(Text(100)),
  service_request_id_ext: Type.Optional(Text(100)),
  service_code: Type.Optional(Text(40)),
  email: Type.Optional(Text(200)),
  first_name: Type.Optional(Text(60)),
  last_name: Type.Optional(Text(60)),
  account_id: Type.Optional(Text(200)),
  public_anonymity_required: Type.Optional(Text(10)),
  email_alerts_requested: Type.Optional(Text(10)),
});

/** POSTs (requests and updates) per minute from one address. */
export const OPEN311_SUBMITS_PER_MINUTE = 120;

/** The key a POST was authenticated with, set before validation. */
const keys = new WeakMap<FastifyRequest, { id: number }>();

export function registerOpen311Routes(app: App, c: Container): void {
  const tags = ['open311'];
  const security: never[] = [];

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  // An empty parameter acts as an absent one.
  app.addHook('preValidation', async (req) => {
    dropEmpty(req.query);
    dropEmpty(req.body);
  });

  // Errors name the spec's parameters; a malformed id in the path is a request that does not exist.
  app.setErrorHandler(async (err, _req, _reply) => {
    const e = err as { validation?: unknown; validationContext?: string };
    if (e.validation && Array.isArray(e.validation)) {
      if (e.validationContext === 'params') throw new AppError('NOT_FOUND', 'service_request_id');
      throw specError(ajvToAppError(e.validation as never, e.validationContext ?? 'body'));
    }
    throw specError(err);
  });

  // Errors in the spec's shape and the call's format.
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    const spec = specErrorBody(req, reply.statusCode, payload);
    if (!spec) return payload;
    reply.type(spec.type);
    return spec.body;
  });

  /** One endpoint in both formats: `<path>.json` answers the JSON schema, `<path>.xml` the same data as XML. */
  const both = <S extends TSchema, Q extends TSchema>(
    p: string,
    summary: string,
    query: Q,
    response: S,
    load: (req: FastifyRequest) => Promise<unknown>,
    xml: (v: never) => string,
  ) => {
    app.get(`${p}.json`, {
      schema: { tags, security, summary, querystring: query, response: withErrors({ 200: response }) },
      config: { public: true },
      handler: async (req) => load(req) as never,
    });
    app.get(`${p}.xml`, {
      schema: { tags, security, summary: `${summary} (XML)`, querystring: query, response: withErrors({ 200: XmlBody }) },
      config: { public: true },
      handler: async (req, reply) => sendXml(reply, xml((await load(req)) as never)),
    });
  };

  both(
    '/v2/discovery',
    'Discovery: the endpoint, its formats and how to get an API key',
    Obj(Common),
    Discovery,
    async (req) => ({
      changeset: '2026-12-01T00:00:00+08:00',
      contact: '成都市群团工作联席会议办公室',
      key_service: 'API keys for POST requests and servicerequestupdates are issued by the QunHub system administrator (console: Open311 keys).',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${req.protocol}://${req.host}/open311/v2`,
          changeset: '2026-12-01T00:00:00+08:00',
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    }),
    xmlShape.discovery,
  );

  both('/v2/services', 'Request categories as Open311 services', Obj(Common), Type.Array(Service), () => c.open311.services(), xmlShape.services);

  app.get('/v2/services/:file', {
    schema: {
      tags,
      security,
      summary: 'A service definition: the category fields as attributes, and the consent to publish (services/{service_code}.json or .xml)',
      params: Obj({ file: ServiceFile }),
      querystring: Obj(Common),
      response: withErrors({ 200: ServiceDefinition }),
    },
    config: { public: true },
    handler: async (req, reply) => {
      const d = await c.open311.definition(stripFormat(req.params.file));
      return formatOf(req) === 'xml' ? sendXml(reply, xmlShape.definition(d)) : d;
    },
  });

  const ListQuery = Obj({
    ...Common,
    service_request_id: Type.Optional(Text(2000)),
    service_code: Type.Optional(ListParam(400)),
    start_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    end_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    status: Type.Optional(ListParam(40)),
  });
  both(
    '/v2/requests',
    'Requests without any personal field; filters service_request_id (comma list, overrides the rest), service_code (comma list), start_date, end_date (≤ 90 days), status (open, closed; comma list or repeated); default the last 90 days, at most 1,000',
    ListQuery,
    Type.Array(ServiceRequest),
    (req) => c.open311.list(req.query as never),
    xmlShape.requests,
  );

  app.get('/v2/requests/:file', {
    schema: {
      tags,
      security,
      summary: 'One request by its number (requests/{service_request_id}.json or .xml)',
      params: Obj({ file: RequestFile }),
      querystring: Obj(Common),
      response: withErrors({ 200: Type.Array(ServiceRequest) }),
    },
    config: { public: true },
    handler: async (req, reply) => {
      const r = await c.open311.get(stripFormat(req.params.file));
      return formatOf(req) === 'xml' ? sendXml(reply, xmlShape.requests(r)) : r;
    },
  });

  both(
    '/v2/servicerequestupdates',
    'Status updates of requests (mySociety extension): start_date, end_date (≤ 90 days, default the last day), service_request_id; status notes only, never the text of a note',
    Obj({
      ...Common,
      start_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
      end_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
      service_request_id: Type.Optional(Text(2000)),
    }),
    Type.Array(Update),
    (req) => c.open311.updates(req.query as never),
    xmlShape.updates,
  );

  /** The api_key comes first: a call without a live key is refused before its parameters are read. */
  const requireKey = async (req: FastifyRequest) => {
    const b = (req.body ?? {}) as { api_key?: unknown };
    const q = (req.query ?? {}) as { api_key?: unknown };
    const key = typeof b.api_key === 'string' ? b.api_key : typeof q.api_key === 'string' ? q.api_key : undefined;
    keys.set(req, await c.requests.requireApiKey(key));
  };
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });
  // A client is a platform forwarding many citizens' reports from one address: its own, larger bucket than the portal's.
  const rateLimit = { max: OPEN311_SUBMITS_PER_MINUTE, timeWindow: 60_000, keyGenerator: byIp('open311-submit') };
  const post = <S extends TSchema>(
    p: string,
    summary: string,
    body: TSchema,
    answer: S,
    run: (req: FastifyRequest) => Promise<unknown[]>,
    xml: (v: unknown[]) => string,
  ) => {
    app.post(`${p}.json`, {
      schema: { tags, security, summary, querystring: Obj(Common), body, response: withErrors({ 201: answer }) },
      config: { public: true, rateLimit },
      preValidation: requireKey,
      handler: async (req, reply) => reply.code(201).send(await run(req)),
    });
    app.post(`${p}.xml`, {
      schema: { tags, security, summary: `${summary} (XML answer)`, querystring: Obj(Common), body, response: withErrors({ 201: XmlBody }) },
      config: { public: true, rateLimit },
      preValidation: requireKey,
      handler: async (req, reply) => sendXml(reply.code(201), xml(await run(req))),
    });
  };

  post(
    '/v2/requests',
    'Submit a request: service_code and one location (lat+long in WGS-84, address_string or address_id); email, phone, first_name, last_name, device_id, account_id, media_url optional; attribute[code]=value, attribute[code][]=value for lists; api_key required',
    PostBody,
    PostAnswer,
    async (req) => [await c.open311.submit(meta(req), keys.get(req)!, req.body as Open311Submission)],
    xmlShape.requests,
  );

  post(
    '/v2/servicerequestupdates',
    "Add information to a request this key sent (mySociety extension): service_request_id, description, media_url; appears in the request timeline as the requester's addition",
    UpdateBody,
    Type.Array(Obj({ update_id: Str })),
    async (req) => [await c.open311.addUpdate(meta(req), keys.get(req)!, req.body as never)],
    xmlShape.updates,
  );

  // Anything else under /open311/ is a 404 in the format asked for, never the console's page.
  app.all('/*', {
    schema: { hide: true, response: withErrors({}) },
    config: { public: true },
    handler: async () => {
      throw new AppError('NOT_FOUND');
    },
  });
}
