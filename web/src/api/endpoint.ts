/**
 * Typed calls of contract routes. A page never writes an API path: it calls an endpoint of its module's client
 * (`web/src/api/<module>.ts`), named by the contract's key, which the compiler checks against the contract —
 * a route moved or reshaped on the server fails `npm run typecheck` here.
 *
 * Contracts are imported with `import type` only: no schema reaches the browser.
 */
import type { BodyOf, ParamsOf, QueryOf, ReplyOf, RouteContract, RouteKey } from '@contracts/core';
import { qs, request, type QueryValue } from '../api';

type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };
export type CallInput<R extends RouteContract> = Part<'params', ParamsOf<R>> & Part<'query', QueryOf<R>> & Part<'body', BodyOf<R>>;
type Args<R extends RouteContract> = object extends CallInput<R> ? [input?: CallInput<R>, signal?: AbortSignal] : [input: CallInput<R>, signal?: AbortSignal];

export type Endpoint<R extends RouteContract> = {
  key: RouteKey<R>;
  /** The URL of a GET, for `useApi` and links (exports, files). */
  path: (...args: Args<R>) => string;
  call: (...args: Args<R>) => Promise<ReplyOf<R>>;
};

export function endpoint<R extends RouteContract>(key: RouteKey<R>): Endpoint<R> {
  const space = key.indexOf(' ');
  const method = key.slice(0, space) as R['method'];
  const url = key.slice(space + 1);
  const path = (input?: CallInput<R>) => {
    const params = (input?.params ?? {}) as Record<string, string | number>;
    const filled = url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) throw new Error(`${key}: missing path parameter ${name}`);
      return encodeURIComponent(String(v));
    });
    return `/api${filled}${qs((input?.query ?? {}) as Record<string, QueryValue>)}`;
  };
  return {
    key,
    path: (...args: Args<R>) => path(args[0]),
    call: (...args: Args<R>) => request<ReplyOf<R>>(method, path(args[0]), args[0]?.body, { signal: args[1] }),
  };
}
