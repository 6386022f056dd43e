import { Link } from 'react-router-dom';
import { useT } from '../prefs';
import { PORTAL_NAV } from './nav';

/**
 * The portal's front page: what a citizen can do here, one large tile per service. Plain elements, no component
 * library parts, so a phone on a slow network can use it after the smallest download.
 */
export function PortalHome() {
  const t = useT();
  return (
    <>
      <h1 className="qh-portal-title qh-portal-h1">{t('portal.welcome')}</h1>
      <p className="qh-muted">{t('portal.welcomeHint')}</p>
      <div className="qh-portal-tiles">
        {PORTAL_NAV.filter((e) => e.path !== '/portal').map((e) => (
          <Link key={e.path} to={e.path} className="qh-portal-tile qh-portal-tile-plain">
            <span className="qh-portal-tile-icon">{e.icon}</span>
            <span>{t(e.label)}</span>
          </Link>
        ))}
      </div>
      <p style={{ marginTop: 24 }}>
        <a href="/login">{t('portal.console')}</a>
      </p>
    </>
  );
}
