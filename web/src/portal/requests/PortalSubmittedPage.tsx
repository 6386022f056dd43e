import { Alert, Button, Card, Result, Typography } from 'antd';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { usePrefs } from '../../prefs';
import './portal.css';
import type { Submitted } from './PortalSubmitPage';
import { ProvisionalTag } from '../../components/ProvisionalTag';

/** After submission: the request number to keep, who handles it, and by when. */
export function PortalSubmittedPage() {
  const { t } = usePrefs();
  const nav = useNavigate();
  const s = (useLocation().state ?? null) as Submitted | null;
  if (!s) return <Navigate to="/portal/requests/track" replace />;
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.requests.submittedTitle')}
      </Typography.Title>
      <Card className="qh-portal-card">
        <Result
          status="success"
          style={{ padding: '16px 0' }}
          title={t('portal.requests.yourNumber')}
          subTitle={
            <span className="qh-portal-number qh-mono" data-testid="request-number">
              {s.number}
            </span>
          }
        />
        <Typography.Paragraph>{t('portal.requests.keepNumber')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('portal.requests.routedTo', { org: s.handlerOrgName })}
          <br />
          {t('portal.requests.dueBy')}
          <span style={{ whiteSpace: 'nowrap' }}>{s.resolveDue}</span>
          <ProvisionalTag show={s.dueProvisional} />
        </Typography.Paragraph>
        {s.failedFiles.length ? (
          <Alert type="warning" showIcon title={t('portal.requests.filesFailed', { names: s.failedFiles.join('、') })} style={{ marginBottom: 12 }} />
        ) : null}
        <Button type="primary" size="large" block onClick={() => nav(`/portal/requests/track?number=${encodeURIComponent(s.number)}`)}>
          {t('portal.requests.trackThis')}
        </Button>
        <Typography.Paragraph style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/portal">{t('portal.home')}</Link>
        </Typography.Paragraph>
      </Card>
    </>
  );
}
