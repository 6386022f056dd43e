import { useEffect, useState } from 'react';
import type { OrgType } from '@contracts/orgs';
import { orgsApi } from '../api/orgs';

export type OrgTypeWithTotal = OrgType & { total: number };

/** The organization types to show: every non-partner type, and partner types only when they hold data in scope. */
export function useOrgTypes(): { types: OrgTypeWithTotal[] | null; error: unknown; reload: () => void } {
  const [types, setTypes] = useState<OrgTypeWithTotal[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    (async () => {
      const all = (await orgsApi.types.call()).items;
      const withTotals = await Promise.all(all.map(async (t) => ({ ...t, total: (await orgsApi.list.call({ query: { type: t.code, pageSize: 1 } })).total })));
      return withTotals.filter((t) => !t.isPartner || t.total > 0);
    })()
      .then((r) => live && setTypes(r))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);
  return { types, error, reload: () => setTick((n) => n + 1) };
}
