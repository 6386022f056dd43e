import { useCallback, useEffect, useState } from 'react';
import type { CitizenMe } from '@contracts/citizens';
import type { Method, ReplyOf, RouteContract } from '@contracts/core';
import { request, setCitizenCsrfToken } from '../../api';
import { citizensApi } from '../../api/citizens';
import type { CallInput, Endpoint } from '../../api/endpoint';
import { usePrefs } from '../../prefs';

/**
 * Portal calls for citizens go through the one client (`api.ts` `request`) as the citizen: same-origin cookie, the
 * citizen's own CSRF header on writes (never the staff one), the page's language.
 */
export function citizenRequest<T>(method: Method, path: string, lang: string, payload?: unknown, extra?: Record<string, string>): Promise<T> {
  const body = payload === undefined && method !== 'GET' ? {} : payload;
  return request<T>(method, path, body, { as: 'citizen', lang: lang === 'en' ? 'en' : 'zh-CN', headers: extra });
}

/** The path of an endpoint with its input (`Endpoint.path` takes the input optionally or not, by route). */
const pathOf = <R extends RouteContract>(e: Endpoint<R>, input: CallInput<R>): string => (e.path as unknown as (i: CallInput<R>) => string)(input);

/** Calls a contract endpoint as the signed-in citizen: typed by the contract, the citizen's CSRF header on writes. */
export function citizenCall<R extends RouteContract>(e: Endpoint<R>, lang: string, input: CallInput<R>, extra?: Record<string, string>): Promise<ReplyOf<R>> {
  const method = e.key.slice(0, e.key.indexOf(' ')) as Method;
  return citizenRequest<ReplyOf<R>>(method, pathOf(e, input), lang, input.body, extra);
}

export function rememberCitizen(me: CitizenMe | null): void {
  setCitizenCsrfToken(me?.csrfToken ?? null);
}

/** Loads the signed-in citizen once per page; `null` when nobody is signed in. */
export function useCitizen(): { me: CitizenMe | null | undefined; reload: () => void } {
  const { lang } = usePrefs();
  const [me, setMe] = useState<CitizenMe | null | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    // The session route answers null rather than 401 when nobody is signed in: an anonymous visit logs no error.
    citizenCall(citizensApi.session, lang, {})
      .then(({ citizen: m }) => {
        rememberCitizen(m);
        if (live) setMe(m);
      })
      .catch(() => {
        rememberCitizen(null);
        if (live) setMe(null);
      });
    return () => {
      live = false;
    };
  }, [lang, tick]);
  return { me, reload: useCallback(() => setTick((n) => n + 1), []) };
}

/** A GET through the citizen client with loading and error state. */
export function useCitizenApi<T>(path: string | null): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const { lang } = usePrefs();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    citizenRequest<T>('GET', path, lang)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, lang, tick]);
  return { data, error, loading, reload: useCallback(() => setTick((n) => n + 1), []) };
}

/** A GET of a contract endpoint through the citizen client (`input` null = nothing to load yet), typed by the contract. */
export function useCitizenEndpoint<R extends RouteContract>(
  e: Endpoint<R>,
  input: CallInput<R> | null,
): { data: ReplyOf<R> | undefined; error: unknown; loading: boolean; reload: () => void } {
  return useCitizenApi<ReplyOf<R>>(input === null ? null : pathOf(e, input));
}

/** China-time display of an instant for the portal. */
export function when(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
