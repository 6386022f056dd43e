import regionsUrl from '../../../../data/reference/regions-5101.json?url';

export type PortalRegion = { code: string; name: string; level: 'city' | 'district' | 'street' | 'community'; parentCode: string | null; pinyin: string; initials: string };

let loading: Promise<PortalRegion[]> | null = null;

/**
 * Chengdu's region tree for the public community picker. The console's region API needs a staff sign-in, so the
 * portal reads the same reference file the server loads its regions from, as a static asset fetched on demand.
 */
export function loadPortalRegions(): Promise<PortalRegion[]> {
  loading ??= fetch(regionsUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<{ regions: PortalRegion[] }>;
    })
    .then((d) => d.regions)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}
