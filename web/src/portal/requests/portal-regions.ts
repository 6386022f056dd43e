import type { PortalRegion } from '@contracts/regions';
import { regionsApi } from '../../api/regions';

export type { PortalRegion };

let loading: Promise<PortalRegion[]> | null = null;

/**
 * The deployment city's region tree for the public community picker. The console's region API needs a staff
 * sign-in; the portal reads the whole tree once from its public endpoint (cached by the browser for an hour).
 */
export function loadPortalRegions(): Promise<PortalRegion[]> {
  loading ??= regionsApi.portalTree
    .call()
    .then((d) => d.regions)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}
