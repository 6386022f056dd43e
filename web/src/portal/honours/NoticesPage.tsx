import { Link } from 'react-router-dom';
import type { NoticeSummary } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { usePrefs } from '../../prefs';
import { useCitizenApi } from '../activities/citizen';
import { Card, Empty, ErrorView, Loading, PageTitle, Tag } from '../ui';
import './honours.css';

/** Honours on public notice (公示) and announced, for anyone: titles, periods and counts. */
export function PortalNoticesPage() {
  const { t } = usePrefs();
  const s = useCitizenApi<{ items: NoticeSummary[] }>(honoursApi.portalNotices.path());
  return (
    <>
      <PageTitle>{t('portal.honours.title')}</PageTitle>
      <p className="qh-muted">{t('portal.honours.hint')}</p>
      {s.error ? <ErrorView error={s.error} onRetry={s.reload} /> : s.loading || !s.data ? <Loading /> : null}
      {s.data && s.data.items.length === 0 ? <Empty /> : null}
      {s.data?.items.length ? (
        <ul className="qh-hon-list">
          {s.data.items.map((n) => (
            <li key={n.id}>
              <Card title={<Link to={`/portal/honours/${n.id}`}>{n.title}</Link>}>
                <div className="qh-hon-tags">
                  <Tag tone={n.open ? 'info' : 'plain'}>
                    {t(n.status === 'announced' ? 'portal.honours.announced' : n.open ? 'portal.honours.open' : 'portal.honours.closed')}
                  </Tag>
                  <Tag tone="plain">{n.awardTitle}</Tag>
                </div>
                <div>{t('portal.honours.period', { from: n.noticeFrom, to: n.noticeTo })}</div>
                <div className="qh-muted">{t('portal.honours.count', { org: n.orgName, n: n.nominees })}</div>
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
