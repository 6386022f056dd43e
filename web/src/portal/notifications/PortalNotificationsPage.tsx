import { Link, Navigate } from 'react-router-dom';
import type { NotificationPage } from '@contracts/notifications';
import { notificationsApi } from '../../api/notifications';
import { kindLabel, notificationText } from '../../features/notifications/text';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { Button, Empty, ErrorView, Loading, PageTitle, Tag } from '../ui';

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
      <PageTitle>{t('portal.notifications.title')}</PageTitle>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('notifications.empty')}</Empty>
      ) : (
        <div className="qh-portal-cards">
          {list.data.items.map((n) => (
            <article key={n.id} className="qh-p-card" aria-label={kindLabel(t, n.kind)}>
              <p style={{ margin: 0, fontWeight: n.readAt ? 400 : 600 }}>
                {n.link ? (
                  <Link to={n.link} onClick={() => !n.readAt && void read(n.id)}>
                    {notificationText(t, n)}
                  </Link>
                ) : (
                  notificationText(t, n)
                )}
              </p>
              <div className="qh-portal-tags" style={{ alignItems: 'center', gap: 8 }}>
                <span className="qh-muted">{when(n.createdAt, lang)}</span>
                {n.readAt ? <Tag tone="muted">{t('notifications.read')}</Tag> : <Tag tone="wait">{t('notifications.unread')}</Tag>}
                {!n.readAt ? <Button onClick={() => void read(n.id)}>{t('notifications.markRead')}</Button> : null}
              </div>
            </article>
          ))}
        </div>
      )}
    </>
  );
}
