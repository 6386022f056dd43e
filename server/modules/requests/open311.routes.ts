import { Type, type TSchema } from '@sinclair/typebox';
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { Obj, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';
import { byIp, PORTAL_LIMITS } from './requests.routes.js';
import { PROVISIONAL_NOTICE } from './requests.service.js';

// Open311 GeoReport v2 in JSON and XML (the format is the path suffix). Registered under /open311/v2, outside /api:
// no session, no CSRF. POST takes JSON or the spec's application/x-www-form-urlencoded and needs an api_key.
const Jurisdiction = { jurisdiction_id: Type.Optional(Text(100)) };
const Format = '(json|xml)';
const ServiceFile = Type.String({ pattern: `^[a-z][a-z0-9_]{1,39}\\.${Format}$`, maxLength: 45 });
const RequestFile = Type.String({ pattern: `^QH-[0-9]{4}-[0-9]{6,9}\\.${Format}$`, maxLength: 25 });
const Str = Type.String();
const XmlBody = Type.String({ description: 'text/xml' });

const ServiceRequest = Obj({
  service_request_id: Str,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Str,
  service_name: Str,
  service_code: Str,
  agency_responsible: Str,
  service_notice: Str,
  requested_datetime: Str,
  updated_datetime: Str,
  expected_datetime: Str,
  address_id: Str,
});

const Service = Obj({ service_code: Str, service_name: Str, description: Str, metadata: Type.Boolean(), type: Type.Literal('realtime'), keywords: Str, group: Str });

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
  ...Jurisdiction,
  api_key: Type.Optional(Text(200)),
  service_code: Text(40, 1),
  description: Text(4000, 1),
  address_id: RegionCode,
  address_string: Type.Optional(Text(200)),
  first_name: Type.Optional(Text(30)),
  last_name: Type.Optional(Text(30)),
  phone: Text(30, 1),
  email: Type.Optional(Text(100)),
  attribute: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number()]), { maxProperties: 30 })),
});
const PostAnswer = Type.Array(Obj({ service_request_id: Str, service_notice: Str }));

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false, suppressBooleanAttributes: false });

/** The spec's XML shapes: a root element, one child element per item (arrays nest as repeated elements). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: value }) as string}`;
}

const xmlShape = {
  services: (items: unknown[]) => toXml('services', { service: items }),
  definition: (d: { service_code: string; attributes: Array<{ values?: unknown[] } & Record<string, unknown>> }) =>
    toXml('service_definition', {
      service_code: d.service_code,
      attributes: { attribute: d.attributes.map((a) => ({ ...a, ...(a.values ? { values: { value: a.values } } : {}) })) },
    }),
  requests: (items: unknown[]) => toXml('service_requests', { request: items }),
  discovery: (d: { endpoints: Array<{ formats: string[] } & Record<string, unknown>> } & Record<string, unknown>) =>
    toXml('discovery', { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } }),
};

const isXml = (req: FastifyRequest) => (req.url.split('?')[0] ?? '').endsWith('.xml');
const sendXml = (reply: FastifyReply, xml: string) => reply.type('text/xml; charset=utf-8').send(Buffer.from(xml, 'utf8'));
const stripFormat = (file: string) => file.replace(/\.(json|xml)$/, '');

/** application/x-www-form-urlencoded as Open311 clients send it: `attribute[code]=value` nests under `attribute`. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const m = /^attribute\[([^\]]{1,40})\]$/.exec(k);
    if (m) {
      const attr = (out.attribute ??= {}) as Record<string, string>;
      if (m[1]! in attr) throw new AppError('VALIDATION', `attribute.${m[1]}`, { reason: 'duplicate' });
      attr[m[1]!] = v;
    } else if (k === 'attribute' || k in out) {
      throw new AppError('VALIDATION', k, { reason: 'duplicate' });
    } else {
      out[k] = v;
    }
  }
  return out;
}

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

  // Errors of an .xml call answer in the spec's XML error shape.
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode < 400 || !isXml(req) || typeof payload !== 'string') return payload;
    let description: string;
    try {
      description = (JSON.parse(payload) as { error?: { message?: string } }).error?.message ?? '';
    } catch {
      return payload;
    }
    reply.type('text/xml; charset=utf-8');
    return toXml('errors', { error: { code: reply.statusCode, description } });
  });

  /** One endpoint in both formats: `<path>.json` answers the JSON schema, `<path>.xml` the same data as XML. */
  const both = <S extends TSchema>(p: string, summary: string, response: S, load: (req: FastifyRequest) => Promise<unknown>, xml: (v: never) => string) => {
    app.get(`${p}.json`, {
      schema: { tags, security, summary, querystring: Obj(Jurisdiction), response: withErrors({ 200: response }) },
      config: { public: true },
      handler: async (req) => load(req) as never,
    });
    app.get(`${p}.xml`, {
      schema: { tags, security, summary: `${summary} (XML)`, querystring: Obj(Jurisdiction), response: withErrors({ 200: XmlBody }) },
      config: { public: true },
      handler: async (req, reply) => sendXml(reply, xml((await load(req)) as never)),
    });
  };

  both(
    '/discovery',
    'Discovery: the endpoint, its formats and how to get an API key',
    Discovery,
    async (req) => ({
      changeset: '2026-01-01T00:00:00+08:00',
      contact: '成都市群团工作联席会议办公室',
      key_service: 'API keys for POST /requests are issued by the QunHub system administrator (console: Open311 keys).',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${req.protocol}://${req.host}/open311/v2`,
          changeset: '2026-01-01T00:00:00+08:00',
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    }),
    xmlShape.discovery,
  );

  both('/services', 'Request categories as Open311 services', Type.Array(Service), () => c.requests.open311Services(), xmlShape.services);

  app.get('/services/:file', {
    schema: {
      tags,
      security,
      summary: 'A service definition: the category fields as attributes (services/{service_code}.json or .xml)',
      params: Obj({ file: ServiceFile }),
      querystring: Obj(Jurisdiction),
      response: withErrors({ 200: ServiceDefinition }),
    },
    config: { public: true },
    handler: async (req, reply) => {
      const d = await c.requests.open311Definition(stripFormat(req.params.file));
      return isXml(req) ? sendXml(reply, xmlShape.definition(d)) : d;
    },
  });

  const ListQuery = Obj({
    ...Jurisdiction,
    service_request_id: Type.Optional(Text(2000)),
    service_code: Type.Optional(Text(40)),
    start_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    end_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  });
  const listSummary = 'Requests without any personal field; filters service_request_id (overrides the rest), service_code, start_date, end_date (≤ 90 days), status; default the last 90 days, at most 1,000';
  app.get('/requests.json', {
    schema: { tags, security, summary: listSummary, querystring: ListQuery, response: withErrors({ 200: Type.Array(ServiceRequest) }) },
    config: { public: true },
    handler: async (req) => c.requests.open311List(req.query),
  });
  app.get('/requests.xml', {
    schema: { tags, security, summary: `${listSummary} (XML)`, querystring: ListQuery, response: withErrors({ 200: XmlBody }) },
    config: { public: true },
    handler: async (req, reply) => sendXml(reply, xmlShape.requests(await c.requests.open311List(req.query))),
  });

  app.get('/requests/:file', {
    schema: { tags, security, params: Obj({ file: RequestFile }), querystring: Obj(Jurisdiction), response: withErrors({ 200: Type.Array(ServiceRequest) }) },
    config: { public: true },
    handler: async (req, reply) => {
      const r = await c.requests.open311Get(stripFormat(req.params.file));
      return isXml(req) ? sendXml(reply, xmlShape.requests(r)) : r;
    },
  });

  const submit = async (req: FastifyRequest) => {
    const b = req.body as typeof PostBody.static;
    await c.requests.requireApiKey(b.api_key);
    const name = `${b.last_name ?? ''}${b.first_name ?? ''}`.trim();
    if (!name) throw new AppError('VALIDATION', 'last_name', { reason: 'required' });
    const r = await c.requests.submitPublic(
      { ip: req.ip, requestId: req.id },
      { categoryCode: b.service_code, description: b.description, regionCode: b.address_id, address: b.address_string ?? null, contactName: name, contactPhone: b.phone, fields: b.attribute },
      'open311',
    );
    const notice = `预计 ${r.resolveDue} 前办结，承办单位：${r.handlerOrgName}`;
    return [{ service_request_id: r.number, service_notice: r.dueProvisional ? `${notice}；${PROVISIONAL_NOTICE}` : notice }];
  };
  const postSummary =
    'Submit a request (JSON or application/x-www-form-urlencoded with attribute[code]=value); api_key required; address_id is the community (or street) region code';
  const rateLimit = { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-submit') };
  app.post('/requests.json', {
    schema: { tags, security, summary: postSummary, body: PostBody, response: withErrors({ 201: PostAnswer }) },
    config: { public: true, rateLimit },
    handler: async (req, reply) => reply.code(201).send(await submit(req)),
  });
  app.post('/requests.xml', {
    schema: { tags, security, summary: `${postSummary} (XML answer)`, body: PostBody, response: withErrors({ 201: XmlBody }) },
    config: { public: true, rateLimit },
    handler: async (req, reply) => sendXml(reply.code(201), xmlShape.requests(await submit(req))),
  });
}
