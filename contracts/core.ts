/**
 * The shape of one HTTP route, written once and read by both sides:
 * the server registers it (`server/platform/http/contract.ts`), the web calls it (`web/src/api/endpoint.ts`),
 * and both derive their types from its TypeBox schemas with `Static<>`.
 *
 * A contract file holds data only: schemas and route objects, no server or browser code. The web imports
 * contract files with `import type` only, so no schema reaches a browser bundle.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RouteContract = {
  method: Method;
  /** Path under /api, Fastify syntax: `/benefit-offers/:id/claims`. */
  url: string;
  summary: string;
  description?: string;
  tags?: readonly string[];
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** The success answer; `null` for 204 No Content. */
  response: TSchema | null;
  /** Success status, 200 unless said; 302 for a browser navigation answered with a redirect (no body). */
  status?: 200 | 201 | 202 | 204 | 302;
};

/** Declares a route; `const` keeps the method and url as literal types for the web's checked endpoint keys. */
export const route = <const R extends RouteContract>(r: R): R => r;

/** `'POST /benefit-offers/:id/claims'`: the key the web names an endpoint by; the compiler checks it against the contract. */
export type RouteKey<R extends RouteContract> = `${R['method']} ${R['url']}`;

type StaticOf<S> = S extends TSchema ? Static<S> : undefined;
export type ParamsOf<R extends RouteContract> = StaticOf<R['params']>;
export type QueryOf<R extends RouteContract> = StaticOf<R['querystring']>;
export type BodyOf<R extends RouteContract> = StaticOf<R['body']>;
export type ReplyOf<R extends RouteContract> = R['response'] extends TSchema ? Static<R['response']> : void;

// Schema helpers every contract uses (one definition each).

/** Closed objects: an unknown field is a 400, never silently accepted. */
export const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T) => Type.Object(props, { additionalProperties: false });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A union of string literals from a readonly list (`as const`). */
export const Lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x))) as unknown as TUnion<TLiteral<T>[]>;
export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
export const IdParam = Obj({ id: Id });
/** Optimistic-concurrency version of a row. */
export const Version = Type.Integer({ minimum: 1 });
export const Text = (max = 200, min = 0) => Type.String({ maxLength: max, minLength: min });
export const DateString = Type.String({ format: 'date', maxLength: 10 });
export const DateTimeString = Type.String({ format: 'date-time', maxLength: 40 });
/** An organization type code (union, league, women …). */
export const TypeCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });
/** An official region code: 2 (province) to 12 (community) digits. */
export const RegionCode = Type.String({ pattern: '^[0-9]{2,12}$', maxLength: 12 });
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
export const Paged = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const Ok = Obj({ ok: Type.Boolean() });
/** A file answer (a PDF, an Excel workbook, an image): bytes, not JSON. */
export const File = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
