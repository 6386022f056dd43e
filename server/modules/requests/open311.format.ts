import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';

// The two formats of GeoReport v2, chosen by the path suffix, and its error shapes.

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false, suppressBooleanAttributes: false });

/** The spec's XML shapes: a root element, one child element per item (arrays nest as repeated elements). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: value }) as string}`;
}

export const xmlShape = {
  services: (items: unknown[]) => toXml('services', { service: items }),
  definition: (d: { service_code: string; attributes: Array<{ values?: unknown[] } & Record<string, unknown>> }) =>
    toXml('service_definition', {
      service_code: d.service_code,
      attributes: { attribute: d.attributes.map((a) => ({ ...a, ...(a.values ? { values: { value: a.values } } : {}) })) },
    }),
  requests: (items: unknown[]) => toXml('service_requests', { request: items }),
  updates: (items: unknown[]) => toXml('service_request_updates', { request_update: items }),
  discovery: (d: { endpoints: Array<{ formats: string[] } & Record<string, unknown>> } & Record<string, unknown>) =>
    toXml('discovery', { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } }),
  errors: (code: number, description: string) => toXml('errors', { error: { code, description } }),
};

/** The format a call asked for: its path suffix; XML also when the client accepts XML only. */
export function formatOf(req: FastifyRequest): 'xml' | 'json' {
  const p = req.url.split('?')[0] ?? '';
  if (p.endsWith('.xml')) return 'xml';
  if (p.endsWith('.json')) return 'json';
  const accept = String(req.headers.accept ?? '');
  return /xml/.test(accept) && !/json/.test(accept) ? 'xml' : 'json';
}

export const sendXml = (reply: FastifyReply, xml: string) => reply.type('text/xml; charset=utf-8').send(Buffer.from(xml, 'utf8'));

export const stripFormat = (file: string) => file.replace(/\.(json|xml)$/, '');

/**
 * The platform's error body `{"error": {...}}` rewritten to GeoReport v2: `[{"code": 400, "description": "…"}]`
 * in JSON, `<errors><error>…</error></errors>` in XML.
 */
export function specErrorBody(req: FastifyRequest, status: number, payload: string): { type: string; body: string } | null {
  let description: string;
  try {
    const parsed = JSON.parse(payload) as { error?: { message?: string } };
    if (!parsed.error) return null;
    description = parsed.error.message ?? '';
  } catch {
    description = payload;
  }
  return formatOf(req) === 'xml'
    ? { type: 'text/xml; charset=utf-8', body: xmlShape.errors(status, description) }
    : { type: 'application/json; charset=utf-8', body: JSON.stringify([{ code: status, description }]) };
}
