import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * A path owned by the other web entry (console or portal): the server answers it with that entry's page, so the
 * browser loads it in full instead of this router rendering nothing.
 */
export function FullPageLoad() {
  const loc = useLocation();
  useEffect(() => {
    window.location.replace(loc.pathname + loc.search + loc.hash);
  }, [loc.pathname, loc.search, loc.hash]);
  return null;
}
