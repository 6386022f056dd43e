import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReplyOf, RouteContract } from '@contracts/core';
import { api } from '../api';
import type { CallInput, Endpoint } from '../api/endpoint';
import { usePrefs } from '../prefs';

export type Loadable<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
};

/**
 * Loads `path` (null = nothing to load) and reloads when the path or the language changes,
 * since server messages and some labels follow the caller's language.
 */
export function useApi<T>(path: string | null): Loadable<T> {
  const { lang } = usePrefs();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<T>(path, ctrl.signal)
      .then((d) => {
        if (!ctrl.signal.aborted) setData(d);
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [path, tick, lang]);

  return { data, error, loading, reload };
}

/** Loads a contract endpoint (`input` null = nothing to load yet); the data is typed by the contract. */
export function useEndpoint<R extends RouteContract>(endpoint: Endpoint<R>, input?: CallInput<R> | null): Loadable<ReplyOf<R>> {
  const path = input === null ? null : (endpoint.path as unknown as (i?: CallInput<R>) => string)(input);
  return useApi<ReplyOf<R>>(path);
}

/** A value that settles `ms` after the last change (for search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

/** True while the component is mounted (guards state updates after async work). */
export function useMounted(): () => boolean {
  const ref = useRef(true);
  useEffect(() => {
    ref.current = true;
    return () => {
      ref.current = false;
    };
  }, []);
  return useCallback(() => ref.current, []);
}
