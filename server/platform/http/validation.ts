import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
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

/**
 * One validator compiler per app: bodies are JSON and must carry the right types; query strings and params are
 * text and are coerced. Shared schemas (referenced with $ref) are registered on both.
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
    let compiled: ValidateFunction | null = null;
    const validate = (data: unknown): boolean => {
      compiled ??= ajv.compile(schema as object);
      const ok = compiled(data);
      validate.errors = compiled.errors;
      return ok as boolean;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
  };
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

/** PostgreSQL cannot store U+0000 in text: find it before it reaches SQL. */
export function findNul(value: unknown, at: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at.join('.') || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = findNul(value[i], [...at, String(i)]);
      if (f) return f;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...at, k.replaceAll('\u0000', '')].join('.');
      const f = findNul(v, [...at, k]);
      if (f) return f;
    }
  }
  return null;
}
