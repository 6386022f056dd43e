import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { Obj, RegionCode, Text, withErrors } from '../../platform/http/schemas.js';
import { byIp, PORTAL_LIMITS } from './requests.routes.js';

// Open311 GeoReport v2 (JSON only; XML is not served). Registered under /open311/v2, outside /api: no session, no CSRF.
const Jurisdiction = { jurisdiction_id: Type.Optional(Text(100)) };
const ServiceFile = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}\\.json$', maxLength: 45 });
const RequestFile = Type.String({ pattern: '^QH-[0-9]{4}-[0-9]{6,9}\\.json$', maxLength: 25 });
const Str = Type.String();

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

const stripJson = (file: string) => file.slice(0, -'.json'.length);

export function registerOpen311Routes(app: App, c: Container): void {
  const tags = ['open311'];
  const security: never[] = [];

  app.get('/discovery.json', {
    schema: {
      tags,
      security,
      querystring: Obj(Jurisdiction),
      response: withErrors({
        200: Obj({
          changeset: Str,
          contact: Str,
          key_service: Str,
          endpoints: Type.Array(Obj({ specification: Str, url: Str, changeset: Str, type: Str, formats: Type.Array(Str) })),
        }),
      }),
    },
    config: { public: true },
    handler: async (req) => ({
      changeset: '2026-01-01T00:00:00+08:00',
      contact: '成都市群团工作联席会议办公室',
      key_service: 'API keys are not issued yet; submissions are rate-limited per client address.',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${req.protocol}://${req.host}/open311/v2`, changeset: '2026-01-01T00:00:00+08:00', type: 'production', formats: ['application/json'] },
      ],
    }),
  });

  app.get('/services.json', {
    schema: {
      tags,
      security,
      summary: 'Request categories as Open311 services',
      querystring: Obj(Jurisdiction),
      response: withErrors({
        200: Type.Array(Obj({ service_code: Str, service_name: Str, description: Str, metadata: Type.Boolean(), type: Type.Literal('realtime'), keywords: Str, group: Str })),
      }),
    },
    config: { public: true },
    handler: async () => c.requests.open311Services(),
  });

  app.get('/services/:file', {
    schema: {
      tags,
      security,
      summary: 'A service definition: the category fields as attributes (services/{service_code}.json)',
      params: Obj({ file: ServiceFile }),
      querystring: Obj(Jurisdiction),
      response: withErrors({
        200: Obj({
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
        }),
      }),
    },
    config: { public: true },
    handler: async (req) => c.requests.open311Definition(stripJson(req.params.file)),
  });

  app.get('/requests.json', {
    schema: {
      tags,
      security,
      summary: 'Requests without any personal field; default window 90 days, at most 1,000',
      querystring: Obj({
        ...Jurisdiction,
        service_request_id: Type.Optional(Text(2000)),
        service_code: Type.Optional(Text(40)),
        start_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        end_date: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
        status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
      }),
      response: withErrors({ 200: Type.Array(ServiceRequest) }),
    },
    config: { public: true },
    handler: async (req) => c.requests.open311List(req.query),
  });

  app.get('/requests/:file', {
    schema: { tags, security, params: Obj({ file: RequestFile }), querystring: Obj(Jurisdiction), response: withErrors({ 200: Type.Array(ServiceRequest) }) },
    config: { public: true },
    handler: async (req) => c.requests.open311Get(stripJson(req.params.file)),
  });

  app.post('/requests.json', {
    schema: {
      tags,
      security,
      summary: 'Submit a request; address_id is the community (or street) region code, attribute holds the category fields',
      body: Obj({
        ...Jurisdiction,
        service_code: Text(40, 1),
        description: Text(4000, 1),
        address_id: RegionCode,
        address_string: Type.Optional(Text(200)),
        first_name: Type.Optional(Text(30)),
        last_name: Type.Optional(Text(30)),
        phone: Text(30, 1),
        email: Type.Optional(Text(100)),
        attribute: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number()]), { maxProperties: 30 })),
      }),
      response: withErrors({ 201: Type.Array(Obj({ service_request_id: Str, service_notice: Str })) }),
    },
    config: { public: true, rateLimit: { max: PORTAL_LIMITS.submit, timeWindow: 60_000, keyGenerator: byIp('portal-submit') } },
    handler: async (req, reply) => {
      const b = req.body;
      const name = `${b.last_name ?? ''}${b.first_name ?? ''}`.trim();
      if (!name) throw new AppError('VALIDATION', 'last_name', { reason: 'required' });
      const r = await c.requests.submitPublic(
        { ip: req.ip, requestId: req.id },
        { categoryCode: b.service_code, description: b.description, regionCode: b.address_id, address: b.address_string ?? null, contactName: name, contactPhone: b.phone, fields: b.attribute },
        'open311',
      );
      return reply.code(201).send([{ service_request_id: r.number, service_notice: `预计 ${r.resolveDue} 前办结，承办单位：${r.handlerOrgName}` }]);
    },
  });
}
