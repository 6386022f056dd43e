import { useEffect, useState } from 'react';
import { regionsApi } from '../api/regions';

const cache = new Map<string, string>();

/** Names of region codes, fetched once per code and cached for the session. */
export function useRegionNames(codes: string[]): Record<string, string> {
  const key = [...new Set(codes)].sort().join(',');
  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    const list = key ? key.split(',') : [];
    const missing = list.filter((c) => !cache.has(c));
    const publish = () => {
      if (live) setNames(Object.fromEntries(list.filter((c) => cache.has(c)).map((c) => [c, cache.get(c) ?? c])));
    };
    publish();
    if (missing.length === 0) return;
    void Promise.all(
      missing.map((c) =>
        regionsApi.get
          .call({ params: { code: c } })
          .then((r) => cache.set(c, r.name))
          .catch(() => undefined),
      ),
    ).then(publish);
    return () => {
      live = false;
    };
  }, [key]);

  return names;
}

export function rememberRegionName(code: string, name: string): void {
  cache.set(code, name);
}
