import { PrefsProvider } from '../prefs';
import { PortalRoutes } from './routes';
import './portal-light.css';

/**
 * The public portal's own application: preferences and the portal's routes, none of the console's code. The shell and
 * the home page use plain elements; each other page brings the component library's provider with it (with-app.tsx).
 */
export function PortalRoot() {
  return (
    <PrefsProvider>
      <PortalRoutes />
    </PrefsProvider>
  );
}
