import { Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import type { NoticeSummary } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { useCitizenApi } from '../activities/citizen';

/** Honours on public notice (公示) and announced, for anyone: titles, periods and counts. */
export function PortalNoticesPage() {
  const { t } = usePrefs();
  const s = useCitizenApi<{ items: NoticeSummary[] }>(honoursApi.portalNotices.path());
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.honours.title')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.honours.hint')}</Typography.Paragraph>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : s.loading || !s.data ? <LoadingState /> : null}
      {s.data && s.data.items.length === 0 ? <EmptyState /> : null}
      <Flex vertical gap="small">
        {s.data?.items.map((n) => (
          <Card key={n.id} size="small">
            <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
              <Link to={`/portal/honours/${n.id}`}>{n.title}</Link>
            </Typography.Title>
            <Flex gap={4} wrap style={{ margin: '8px 0' }}>
              <Tag color={n.open ? 'processing' : undefined}>
                {t(n.status === 'announced' ? 'portal.honours.announced' : n.open ? 'portal.honours.open' : 'portal.honours.closed')}
              </Tag>
              <Tag>{n.awardTitle}</Tag>
            </Flex>
            <Typography.Text>{t('portal.honours.period', { from: n.noticeFrom, to: n.noticeTo })}</Typography.Text>
            <br />
            <Typography.Text className="qh-muted">{t('portal.honours.count', { org: n.orgName, n: n.nominees })}</Typography.Text>
          </Card>
        ))}
      </Flex>
    </>
  );
}
