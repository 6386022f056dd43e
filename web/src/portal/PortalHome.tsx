import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../prefs';
import { PORTAL_NAV } from './nav';

/** The portal's front page: what a citizen can do here, one large tile per service. */
export function PortalHome() {
  const t = useT();
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.welcome')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.welcomeHint')}</Typography.Paragraph>
      <div className="qh-portal-tiles">
        {PORTAL_NAV.filter((e) => e.path !== '/portal').map((e) => (
          <Link key={e.path} to={e.path} className="qh-portal-tile">
            <Card size="small">
              <span className="qh-portal-tile-icon">{e.icon}</span>
              <span>{t(e.label)}</span>
            </Card>
          </Link>
        ))}
      </div>
      <Typography.Paragraph style={{ marginTop: 24 }}>
        <Link to="/login">{t('portal.console')}</Link>
      </Typography.Paragraph>
    </>
  );
}
