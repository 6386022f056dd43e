import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyContextConfig } from 'fastify';
import type { RouteContract } from '../../../contracts/core.js';
import { withErrors } from './schemas.js';

type SuccessStatus<R extends RouteContract> = R['status'] extends number ? R['status'] : 200;
type ResponseOf<R extends RouteContract> = R['response'] extends TSchema ? R['response'] : ReturnType<typeof Type.Null>;

/**
 * The Fastify schema of a contract route: its params, query, body and success answer, plus the shared error bodies.
 * Routes files pass it as `schema` and add only their config and handler:
 *
 *   app.route({ ...contractRoute(calendar.status), config: { signedIn: true }, handler: … })
 */
export function contractRoute<const R extends RouteContract>(r: R) {
  const status = (r.status ?? 200) as SuccessStatus<R>;
  const ok = (r.response ?? Type.Null()) as ResponseOf<R>;
  const schema = {
    tags: r.tags ? [...r.tags] : undefined,
    summary: r.summary,
    description: r.description,
    params: r.params as R['params'],
    querystring: r.querystring as R['querystring'],
    body: r.body as R['body'],
    response: withErrors({ [status]: ok } as { [K in SuccessStatus<R>]: ResponseOf<R> }),
  };
  // Absent parts are left out, not set to undefined (Fastify warns about an undefined querystring schema).
  for (const k of Object.keys(schema) as Array<keyof typeof schema>) if (schema[k] === undefined) delete schema[k];
  return { method: r.method, url: r.url, schema };
}

/** A route reachable without a staff session (public pages, the citizen portal): the API document asks for none. */
export const openRoute = <R extends { schema: object }>(r: R) => ({ ...r, schema: { ...r.schema, security: [] } });

/** A multipart upload route: the API document says so. */
export const uploadRoute = <R extends { schema: object }>(r: R) => ({ ...r, schema: { ...r.schema, consumes: ['multipart/form-data'] } });

/**
 * A multipart upload whose handler reads its file as a stream (`streamedFile`): no body is parsed, so the route has no
 * body schema, and its config carries `streamedUpload`, the mark the route catalogue's test takes for that.
 *
 *   app.route({ ...streamedUploadRoute(contractRoute(members.previewImport), { permission: 'member.write' }), handler: … })
 */
export const streamedUploadRoute = <R extends { schema: object }, C extends FastifyContextConfig>(r: R, config: C) => ({
  ...uploadRoute(r),
  config: { ...config, streamedUpload: true as const },
});
