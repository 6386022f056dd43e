import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../audit/audit.js';
import type { Actor, Permission, RequestContext } from '../auth/actor.js';
import { CITIZEN_CSRF_HEADER, type CitizenResolver, type PortalCitizen } from '../auth/citizen.js';
import type { ResolvedSession, SessionStore } from '../auth/sessions.js';
import { AppError, STATUS, type ErrorCode } from '../errors.js';
import { pickLang, renderMessage, type Lang } from '../i18n.js';
import { finishIdempotentWrite, registerIdempotency } from './idempotency.js';
import { ajvToAppError, findNul, jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './validation.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route requires; absent only on routes marked public. */
    permission?: Permission;
    /** Reachable without a session (login, health, public portal). */
    public?: boolean;
    /** Any signed-in account, whatever its roles (reference data, own profile). */
    signedIn?: boolean;
    /**
     * A citizen portal route: the citizen's session (not an account's) is resolved into `req.citizen` and, on writes,
     * its CSRF token checked; `required` refuses a request without one, `optional` serves it with `req.citizen` null.
     */
    citizen?: 'required' | 'optional';
    /** Reachable while the password must be changed. */
    allowPasswordChange?: boolean;
    /** How many values a JSON body may hold, when a route needs more than MAX_JSON_VALUES (a map upload). */
    jsonMaxValues?: number;
    /** A multipart upload its handler reads as a stream, with no body schema (set by `streamedUploadRoute`). */
    streamedUpload?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    sessionToken: string | null;
    /** The session resolved for this request (its CSRF token and the account's own settings), read once per request. */
    session: ResolvedSession | null;
    /** The signed-in citizen on a route marked `config.citizen`. */
    citizen: PortalCitizen | null;
  }
}

export const SESSION_COOKIE_PLAIN = 'qh_sid';
export const SESSION_COOKIE_SECURE = '__Host-qh_sid';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type HttpDeps = {
  db: Database;
  sessions: SessionStore;
  audit: AuditTrail;
  secureCookie: boolean;
  /** The citizen portal's sessions; their cookie also owns the Idempotency-Keys a signed-in citizen sends. */
  citizens?: CitizenResolver;
};

/** The request context a service receives; throws when the route is public and nobody is signed in. */
export function ctx(req: FastifyRequest): RequestContext {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return { actor: req.actor, ip: req.ip, requestId: req.id };
}

/** The signed-in citizen of a route marked `config.citizen: 'required'`. */
export function citizenOf(req: FastifyRequest): PortalCitizen {
  if (!req.citizen) throw new AppError('UNAUTHENTICATED');
  return req.citizen;
}

/**
 * The one CSRF check of both kinds of session: a write must come from this origin (or name none) and carry the
 * session's token in its header.
 */
function checkCsrf(req: FastifyRequest, header: string, expected: string): void {
  if (!UNSAFE.has(req.method)) return;
  const origin = req.headers.origin;
  const host = req.headers.host;
  let originOk = !origin;
  try {
    originOk ||= host !== undefined && new URL(origin!).host === host;
  } catch {
    originOk = false;
  }
  if (!originOk || req.headers[header] !== expected) throw new AppError('CSRF');
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE_PLAIN;
}

function errorBody(req: FastifyRequest, err: AppError) {
  return {
    error: {
      code: err.code,
      message: renderMessage(req.lang ?? 'zh-CN', err.code, err.field, err.params),
      ...(err.field ? { field: err.field } : {}),
      requestId: req.id,
    },
  };
}

type PgError = { code?: string; constraint?: string; routine?: string };

/** SQLSTATE classes and socket errors that mean the database is restarting, unreachable or refusing connections. */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|not queryable|Client was closed|connection error|terminating connection|the database system is (shutting down|starting up|in recovery)/i;

/** True for an error caused by the database being away (restart, crash, network), not by the request. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

/** The error a request answers with for an error its handler threw: null when it is a fault of ours (500). */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { validation?: unknown; validationContext?: string; code?: string; statusCode?: number } & PgError;
  if (e.validation && Array.isArray(e.validation)) return ajvToAppError(e.validation as never, e.validationContext ?? 'body');
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_JSON', 'body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'body');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case '23505':
      return new AppError('CONFLICT', undefined, { constraint: e.constraint ?? '' });
    // The deadlock's victim, or a transaction that could not be serialized: rolled back whole, so a retry is safe.
    case '40P01':
    case '40001':
      return new AppError('UNAVAILABLE');
    case '23514':
      if (e.constraint === 'account_roles_separation') return new AppError('VALIDATION', 'roles', { reason: 'admin_combination' });
      return new AppError('VALIDATION', e.constraint ?? 'body', { reason: 'invalid' });
    case '22P02':
    case '22021':
    case '22007':
    case '22008':
    case '22003':
    case '54000':
      return new AppError('VALIDATION', 'body', { reason: 'invalid' });
  }
  if (e.statusCode === 429) return new AppError('RATE_LIMITED');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500 && typeof e.code === 'string' && e.code.startsWith('FST_')) {
    return new AppError('VALIDATION', 'body', { reason: 'invalid' });
  }
  if (isDatabaseUnavailable(e)) return new AppError('UNAVAILABLE');
  // The multipart parser (busboy) throws plain errors: a missing boundary is an unusable content type, a cut or
  // garbled form a bad body.
  if (e instanceof Error && /^Multipart: Boundary not found|^Unsupported content type/.test(e.message)) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (
    e.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (e instanceof Error && /^(Malformed part header|Unexpected end of (form|multipart data)|Part terminated early)/.test(e.message))
  ) {
    return new AppError('VALIDATION', 'body', { reason: 'multipart' });
  }
  return null;
}

/** Sessions, CSRF, permission checks, NUL guard, idempotency and the one error mapping, for every /api route. */
export function registerHttpPlatform(app: FastifyInstance, deps: HttpDeps): void {
  const cookieName = sessionCookieName(deps.secureCookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('session', null);
  app.decorateRequest('citizen', null);

  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    const cfg = req.routeOptions.config;
    if (cfg.citizen) {
      // Portal routes know citizens only: a staff cookie in the same browser is neither read nor required.
      const token = deps.citizens ? req.cookies[deps.citizens.cookieName] : undefined;
      req.citizen = token ? await deps.citizens!.resolve(token) : null;
      if (!req.citizen) {
        if (cfg.citizen === 'optional') return;
        throw new AppError('UNAUTHENTICATED');
      }
      checkCsrf(req, CITIZEN_CSRF_HEADER, req.citizen.csrfToken);
      return;
    }
    const token = req.cookies[cookieName];
    if (!token) {
      if (cfg.public) return;
      throw new AppError('UNAUTHENTICATED');
    }
    const resolved = await deps.sessions.resolve(token);
    if (resolved === 'expired' || resolved === null) {
      if (cfg.public) return;
      throw new AppError(resolved === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    req.sessionToken = token;
    req.session = resolved;
    req.actor = resolved.actor;
    checkCsrf(req, 'x-csrf-token', resolved.csrfToken);
  });

  // JSON bodies: depth and member count are bounded on the raw text before parsing, so no parse or walk of the
  // value can be led into a deep recursion or a long block; the parse itself is Fastify's own (prototype-poisoning
  // checks included).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // A route's larger allowance counts only for a caller who holds its permission: the body is parsed before the
    // permission check, and anyone else must not be able to make the server parse millions of values.
    const cfg = req.routeOptions.config;
    const allowed = cfg.jsonMaxValues !== undefined && cfg.permission !== undefined && req.actor?.permissions.has(cfg.permission) === true;
    const maxValues = allowed ? cfg.jsonMaxValues! : MAX_JSON_VALUES;
    const problem = jsonShapeProblem(text, MAX_JSON_DEPTH, maxValues);
    if (problem) {
      done(new AppError('VALIDATION', 'body', { reason: problem, limit: problem === 'depth' ? MAX_JSON_DEPTH : maxValues }), undefined);
      return;
    }
    // The default parser answers through `done`; its type also allows a promise, which it does not return here.
    void parseJson(req, text, done);
  });

  app.addHook('preValidation', async (req) => {
    const field = findNul(req.body) ?? (findNul(req.query) ? `query.${findNul(req.query)}` : null);
    if (field) throw new AppError('VALIDATION', field, { reason: 'nul' });
  });

  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const cfg = req.routeOptions.config;
    const actor = req.actor;
    if (actor?.mustChangePassword && !cfg.allowPasswordChange && !cfg.public) {
      throw new AppError('FORBIDDEN', 'password', { reason: 'password_expired' });
    }
    if (cfg.permission) {
      if (!actor) throw new AppError('UNAUTHENTICATED');
      if (!actor.permissions.has(cfg.permission)) throw new AppError('FORBIDDEN');
    }
  });

  // Idempotency: a retried POST returns the first answer and writes nothing new.
  registerIdempotency(app, { db: deps.db, citizenCookie: deps.citizens?.cookieName ?? null });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler(async (err, req, reply: FastifyReply) => {
    finishIdempotentWrite(req);
    const appErr = toAppError(err);
    if (!appErr) {
      req.log.error({ err: { message: (err as Error).message, code: (err as PgError).code, stack: (err as Error).stack } }, 'unhandled error');
      const internal = new AppError('INTERNAL');
      return reply.code(500).send(errorBody(req, internal));
    }
    if ((appErr.code === 'FORBIDDEN' || appErr.code === 'CSRF' || appErr.code === 'NOT_FOUND') && req.actor) {
      await deps.audit
        .appendStandalone(actorOf({ actor: req.actor, ip: req.ip, requestId: req.id }), {
          action: `${req.method} ${req.routeOptions.url ?? req.url}`,
          result: 'denied',
          detail: { code: appErr.code, params: req.params ?? {} },
        })
        .catch((e: unknown) => req.log.error({ err: (e as Error).message }, 'audit of a denial failed'));
    }
    if ((appErr.code === 'SESSION_EXPIRED' || appErr.code === 'UNAUTHENTICATED') && !req.routeOptions.config.citizen) {
      reply.clearCookie(cookieName, { path: '/' });
    }
    if (appErr.code === 'RATE_LIMITED') reply.header('retry-after', '60');
    // A database restart takes seconds: retry soon. The same key (Idempotency-Key) makes the retry safe.
    if (appErr.code === 'UNAVAILABLE') reply.header('retry-after', '2');
    if (appErr.code === 'IDEMPOTENCY_IN_PROGRESS') reply.header('retry-after', '1');
    return reply.code(STATUS[appErr.code as ErrorCode]).send(errorBody(req, appErr));
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send(errorBody(req, new AppError('NOT_FOUND')));
    return reply.code(404).type('text/plain').send('Not found');
  });
}
