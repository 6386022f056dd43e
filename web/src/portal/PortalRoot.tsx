import { PrefsProvider } from '../prefs';
import { PortalRoutes } from './routes';
import './portal-light.css';

/**
 * The public portal's own application: preferences and the portal's routes, none of the console's code and none of
 * its component library. Every page is drawn with plain elements and the portal's light components (./ui).
 */
export function PortalRoot() {
  return (
    <PrefsProvider>
      <PortalRoutes />
    </PrefsProvider>
  );
}
