import { useCallback } from 'react';
import { venuesApi } from '../../api/venues';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';

/** The venue type catalogue (types the system administrator added included) and a label in the reader's language. */
export function useVenueTypes() {
  const { lang } = usePrefs();
  const state = useEndpoint(venuesApi.typeCatalogue, {});
  const items = state.data?.items ?? [];
  const label = useCallback(
    (code: string) => {
      const x = items.find((i) => i.code === code);
      return x ? (lang === 'en' ? x.nameEn : x.nameZh) : code;
    },
    [items, lang],
  );
  return { items, active: items.filter((i) => i.active), label, reload: state.reload, loading: state.loading };
}
