/** A small JSON client for the QunHub API: same-origin cookies, CSRF header on writes, the caller's language. */

export type Lang = 'zh-CN' | 'en';

export type ErrorBody = { error: { code: string; message: string; field?: string; requestId?: string } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

let csrfToken: string | null = null;
let citizenCsrfToken: string | null = null;
let language: Lang = 'zh-CN';
let unauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The signed-in citizen's CSRF token (portal), sent in its own header so a staff session in the same browser does not interfere. */
export function setCitizenCsrfToken(token: string | null): void {
  citizenCsrfToken = token;
}

export function setApiLanguage(lang: Lang): void {
  language = lang;
}

/** Called on any 401 except a failed sign-in, so the app can return to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorized = handler;
}

/** Builds `?a=1&b=x`, leaving out empty values. */
export function qs(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

function isErrorBody(x: unknown): x is ErrorBody {
  if (typeof x !== 'object' || x === null || !('error' in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

/** Field names come back as `name` or `body.name`; forms want the last part. */
function fieldName(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const parts = field.split('.');
  return parts[parts.length - 1];
}

/**
 * How a call is made: extra headers (an Idempotency-Key), and whose session it carries — a staff account's (the
 * console; a 401 returns to the sign-in page) or a citizen's (the portal: the citizen's CSRF header on writes).
 */
export type RequestOptions = { signal?: AbortSignal; headers?: Record<string, string>; as?: 'staff' | 'citizen'; lang?: Lang };

/** The one HTTP client of the console and the portal: JSON in and out, the caller's language, errors as ApiError. */
export async function request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const citizen = opts.as === 'citizen';
  const lang = opts.lang ?? language;
  const headers: Record<string, string> = { ...opts.headers, Accept: 'application/json', 'Accept-Language': lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = citizen ? citizenCsrfToken : csrfToken;
  if (method !== 'GET' && token) headers[citizen ? 'X-Citizen-CSRF' : 'X-CSRF-Token'] = token;
  const signal = opts.signal;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', lang === 'en' ? 'The server cannot be reached. Check the network and try again.' : '无法连接服务器，请检查网络后重试。');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !citizen && path !== '/api/auth/login' && unauthorized) unauthorized();
    if (isErrorBody(data)) {
      const e = data.error;
      throw new ApiError(res.status, e.code, e.message, fieldName(e.field), e.requestId);
    }
    throw new ApiError(res.status, `HTTP_${res.status}`, lang === 'en' ? `The request failed (HTTP ${res.status}).` : `请求失败（HTTP ${res.status}）。`);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
