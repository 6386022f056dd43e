import { Ajv, type ErrorObject } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { AppError } from '../errors.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** The only spellings of a number in a path or a query string: no sign but '-', no exponent, hex, blank or leading zero. */
const CANONICAL_INTEGER = /^-?(0|[1-9][0-9]{0,15})$/;
const CANONICAL_NUMBER = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15})?$/;

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[] };

/** The numeric properties of a params or query schema: name → 'integer' | 'number' (arrays of them count too). */
function numericProperties(schema: JsonSchema): Map<string, 'integer' | 'number'> {
  const out = new Map<string, 'integer' | 'number'>();
  const kindOf = (s: JsonSchema | undefined): 'integer' | 'number' | null => {
    if (!s) return null;
    if (s.type === 'integer' || s.type === 'number') return s.type;
    if (s.type === 'array') return kindOf(s.items);
    return null;
  };
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const k = kindOf(prop);
    if (k) out.set(name, k);
  }
  return out;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Text (params, query) is coerced to the schema's types, but only from the canonical decimal spelling: Ajv on its
 * own reads `0x10`, `1.6e1`, `+16` and ` 16` as 16, so one record would answer to many addresses.
 */
function canonicalNumbers(schema: JsonSchema, validate: Validate): Validate {
  const numeric = numericProperties(schema);
  if (numeric.size === 0) return validate;
  const wrapped: Validate = (data: unknown) => {
    if (data && typeof data === 'object') {
      for (const [name, kind] of numeric) {
        const v = (data as Record<string, unknown>)[name];
        const values = Array.isArray(v) ? v : [v];
        for (const x of values) {
          if (typeof x === 'string' && !(kind === 'integer' ? CANONICAL_INTEGER : CANONICAL_NUMBER).test(x)) {
            wrapped.errors = [{ keyword: 'type', instancePath: `/${name}`, schemaPath: '#/type', params: { type: kind } }];
            return false;
          }
        }
      }
    }
    const ok = validate(data);
    wrapped.errors = validate.errors ?? null;
    return ok;
  };
  return wrapped;
}

/**
 * One validator compiler per app: bodies are JSON and must carry the right types; query strings and params are
 * text and are coerced, from canonical decimal numbers only. Shared schemas (referenced with $ref) are registered
 * on both.
 */
export function makeValidatorCompiler(shared: object[]): FastifySchemaCompiler<unknown> {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv(true);
  for (const s of shared) {
    bodyAjv.addSchema(s);
    textAjv.addSchema(s);
  }
  // Compiled on a route's first request rather than all at start, so a restarted server serves sooner.
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    let compiled: Validate | null = null;
    const lazy: Validate = (data: unknown): boolean => {
      compiled ??= ajv.compile(schema as object) as Validate;
      const ok = compiled(data);
      lazy.errors = compiled.errors ?? null;
      return ok;
    };
    lazy.errors = null;
    const validate = httpPart === 'body' ? lazy : canonicalNumbers(schema as JsonSchema, lazy);
    return validate as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}

/** How deep a JSON body may nest; the deepest accepted shape (a GeoJSON multipolygon) needs under ten. */
export const MAX_JSON_DEPTH = 32;
/**
 * How many values (object members and array elements) a JSON body may hold in all; the largest form (a year of
 * venue hours) has a few thousand. Parsing hundreds of thousands of values holds the event loop for tens of
 * milliseconds; a route that needs more (the district map) sets `config.jsonMaxValues`.
 */
export const MAX_JSON_VALUES = 20_000;

/**
 * What makes JSON text too costly to parse or walk: nesting deeper than `maxDepth`, or more than `maxValues` values
 * (counted by the separators between them). Read in one pass without recursion, before the text is parsed.
 */
export function jsonShapeProblem(text: string, maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): 'depth' | 'too_many' | null {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return 'depth';
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if ((c === 58 /* : */ || c === 44) /* , */ && ++values > maxValues) return 'too_many';
  }
  return null;
}

/** Whether JSON text nests deeper than `max` (see jsonShapeProblem). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  return jsonShapeProblem(text, max, Infinity) === 'depth';
}

function joinPath(prefix: string, instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  const p = parts.join('.');
  return prefix === 'body' ? p || 'body' : p ? `${prefix}.${p}` : prefix;
}

/** Turns the first Ajv error into an AppError that names the field. */
export function ajvToAppError(errors: ErrorObject[], context: string): AppError {
  const e = errors[0];
  if (!e) return new AppError('VALIDATION', context, { reason: 'invalid' });
  const prefix = context === 'querystring' ? 'query' : context;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath, String(p.missingProperty)), { reason: 'required' });
    case 'additionalProperties':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath, String(p.additionalProperty)), { reason: 'unknown_field' });
    case 'type':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: 'type', expected: String(p.type) });
    case 'maxLength':
    case 'minLength':
    case 'maximum':
    case 'minimum':
    case 'maxItems':
    case 'minItems':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: e.keyword, limit: Number(p.limit) });
    case 'format':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: 'format', format: String(p.format) });
    case 'pattern':
    case 'enum':
    case 'const':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: e.keyword });
    case 'anyOf':
    case 'oneOf':
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: 'enum' });
    default:
      return new AppError('VALIDATION', joinPath(prefix, e.instancePath), { reason: 'invalid' });
  }
}

/**
 * PostgreSQL cannot store U+0000 in text: find it before it reaches SQL. The walk shares one path stack and stops
 * below MAX_JSON_DEPTH (a deeper value never gets here from JSON; this bounds any other source).
 */
export function findNul(value: unknown, at: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at.join('.') || 'body' : null;
  if (at.length > MAX_JSON_DEPTH) throw new AppError('VALIDATION', at[0] ?? 'body', { reason: 'depth', limit: MAX_JSON_DEPTH });
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'object' && typeof value[i] !== 'string') continue;
      at.push(String(i));
      const f = findNul(value[i], at);
      at.pop();
      if (f) return f;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      if (k.includes('\u0000')) return [...at, k.replaceAll('\u0000', '')].join('.');
      at.push(k);
      const f = findNul((value as Record<string, unknown>)[k], at);
      at.pop();
      if (f) return f;
    }
  }
  return null;
}
