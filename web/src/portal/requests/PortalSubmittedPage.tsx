import { Link, Navigate, useLocation } from 'react-router-dom';
import { usePrefs } from '../../prefs';
import { Alert, ButtonLink, Card, PageTitle } from '../ui';
import { ProvisionalMark } from './ProvisionalMark';
import type { Submitted } from './PortalSubmitPage';
import './portal.css';

/** After submission: the request number to keep, who handles it, and by when. */
export function PortalSubmittedPage() {
  const { t } = usePrefs();
  const s = (useLocation().state ?? null) as Submitted | null;
  if (!s) return <Navigate to="/portal/requests/track" replace />;
  return (
    <>
      <PageTitle>{t('portal.requests.submittedTitle')}</PageTitle>
      <Card className="qh-portal-card">
        <div className="qh-portal-done">
          <span className="qh-portal-done-icon" aria-hidden>
            ✓
          </span>
          <div className="qh-portal-done-title">{t('portal.requests.yourNumber')}</div>
          <span className="qh-portal-number qh-mono" data-testid="request-number">
            {s.number}
          </span>
        </div>
        <p>{t('portal.requests.keepNumber')}</p>
        <p>
          {t('portal.requests.routedTo', { org: s.handlerOrgName })}
          <br />
          {t('portal.requests.dueBy')}
          <span style={{ whiteSpace: 'nowrap' }}>{s.resolveDue}</span>
          <ProvisionalMark show={s.dueProvisional} />
        </p>
        {s.failedFiles.length ? <Alert type="warning" title={t('portal.requests.filesFailed', { names: s.failedFiles.join('、') })} /> : null}
        <ButtonLink variant="primary" block to={`/portal/requests/track?number=${encodeURIComponent(s.number)}`}>
          {t('portal.requests.trackThis')}
        </ButtonLink>
        <p className="qh-portal-center">
          <Link to="/portal">{t('portal.home')}</Link>
        </p>
      </Card>
    </>
  );
}
