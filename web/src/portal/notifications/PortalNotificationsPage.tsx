import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { Link, Navigate } from 'react-router-dom';
import type { NotificationPage } from '@contracts/notifications';
import { notificationsApi } from '../../api/notifications';
import { ErrorState, LoadingState } from '../../components/states';
import { kindLabel, notificationText } from '../../features/notifications/text';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { TAG } from '../activities/tags';

/** The citizen's messages (a page of its own, loaded on first visit: nothing of it is in the portal's first load). */
export function PortalNotificationsPage() {
  const { t, lang } = usePrefs();
  const { me } = useCitizen();
  const list = useCitizenApi<NotificationPage>(me ? notificationsApi.portalList.path({ query: { pageSize: 50 } }) : null);
  if (me === null) return <Navigate to="/portal/sign-in?next=/portal/me/notifications" replace />;
  const read = async (id: number) => {
    await citizenRequest('POST', notificationsApi.portalMarkRead.path({ params: { id }, body: {} }), lang);
    list.reload();
  };
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.notifications.title')}
      </Typography.Title>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingState />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('notifications.empty')} />
      ) : (
        <Flex vertical gap="small">
          {list.data.items.map((n) => (
            <Card key={n.id} size="small" aria-label={kindLabel(t, n.kind)}>
              <Typography.Paragraph style={{ margin: 0, fontWeight: n.readAt ? 400 : 600 }}>
                {n.link ? (
                  <Link to={n.link} onClick={() => !n.readAt && void read(n.id)}>
                    {notificationText(t, n)}
                  </Link>
                ) : (
                  notificationText(t, n)
                )}
              </Typography.Paragraph>
              <Flex gap="small" align="center" wrap style={{ marginTop: 6 }}>
                <span className="qh-muted">{when(n.createdAt, lang)}</span>
                {n.readAt ? <Tag style={TAG.muted}>{t('notifications.read')}</Tag> : <Tag style={TAG.wait}>{t('notifications.unread')}</Tag>}
                {!n.readAt ? (
                  <Button size="small" onClick={() => void read(n.id)}>
                    {t('notifications.markRead')}
                  </Button>
                ) : null}
              </Flex>
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
