/** The closed set of error codes the API returns; each maps to one HTTP status in `STATUS`. */
export type ErrorCode =
  | 'VALIDATION'
  /** The body is not parseable JSON. */
  | 'MALFORMED_JSON'
  /** The body is larger than the server accepts. */
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  /** Wrong password, unknown user and locked account all answer with this one code. */
  | 'INVALID_CREDENTIALS'
  | 'SESSION_EXPIRED'
  | 'FORBIDDEN'
  /** A cookie-authenticated write without a valid CSRF token or from a foreign origin. */
  | 'CSRF'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** The row changed since the caller read it (optimistic concurrency). */
  | 'STALE_VERSION'
  /** The same Idempotency-Key is still being processed by an earlier request. */
  | 'IDEMPOTENCY_IN_PROGRESS'
  /** The Idempotency-Key was already used for a different request (another route or another body). */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The request with this Idempotency-Key was carried out, but its answer was lost (the server stopped in between). */
  | 'IDEMPOTENCY_ANSWER_LOST'
  | 'PASSWORD_POLICY'
  | 'PASSWORD_REUSED'
  | 'RATE_LIMITED'
  /** The action is not allowed in the record's current state (e.g. resolving a request that was never accepted). */
  | 'INVALID_STATE'
  /** A date outside the years the working-day calendar covers. */
  | 'CALENDAR_NOT_COVERED'
  /** Stored ciphertext failed its integrity check: never returned, always audited. */
  | 'INTEGRITY'
  /** The database cannot be reached right now (restarting, overloaded); retry after the Retry-After seconds. */
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'CHANNEL_OFF';

export const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_ANSWER_LOST: 409,
  PASSWORD_POLICY: 400,
  PASSWORD_REUSED: 400,
  RATE_LIMITED: 429,
  INVALID_STATE: 409,
  CALENDAR_NOT_COVERED: 422,
  INTEGRITY: 500,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  CHANNEL_OFF: 503,
};

export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The offending input field, as a JSON path such as `body.name`. */
    readonly field?: string,
    readonly params: ErrorParams = {},
  ) {
    super(field ? `${code} (${field})` : code);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (field?: string) => new AppError('NOT_FOUND', field);
export const forbidden = () => new AppError('FORBIDDEN');
export const invalid = (field: string, reason: string, params: ErrorParams = {}) => new AppError('VALIDATION', field, { reason, ...params });
