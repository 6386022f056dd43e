import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Flex, Row, Switch, Tag, Tooltip } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Notification, Preference } from '@contracts/notifications';
import { notificationsApi } from '../../api/notifications';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { useMe } from '../../session';
import { MyContactCard } from './MyContactCard';
import { kindLabel, notificationText } from './text';

const changed = () => window.dispatchEvent(new Event('qh-notifications-changed'));

/** The notification centre of a staff account: newest first, mark read, open the item; and the channels per kind. */
export function NotificationsPage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useEndpoint(notificationsApi.list, { query: { page, pageSize: 20, unreadOnly } });
  const prefs = useEndpoint(notificationsApi.preferences);
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

  const markRead = async (id: number) => {
    await notificationsApi.markRead.call({ params: { id }, body: {} });
    list.reload();
    changed();
  };
  const markAll = async () => {
    await notificationsApi.markAllRead.call({ body: {} });
    list.reload();
    changed();
  };
  const setPref = async (p: Preference, change: Partial<Preference>) => {
    const next = { ...p, ...change };
    await notificationsApi.setPreference.call({ params: { kind: p.kind }, body: { inApp: next.inApp, sms: next.sms, email: next.email } });
    void message.success(t('notifications.saved'));
    prefs.reload();
  };
  const channels = prefs.data?.channels;
  const me = useMe();
  // Why a channel's switch is off: not configured on the platform, or (SMS) no number of mine to send to.
  const blocked = (ch: 'sms' | 'email'): string | null =>
    !channels?.[ch] ? t('notifications.channelOff') : ch === 'sms' && !me.phoneMasked ? t('notifications.noPhone') : null;

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<CheckOutlined aria-hidden />} onClick={() => void markAll()} disabled={!list.data?.unread}>
            {t('notifications.markAllRead')}
          </Button>
        }
      >
        {t('notifications.title')}
      </PageTitle>
      <Card>
        <Flex gap="small" align="center" style={{ marginBottom: 12 }}>
          <Checkbox checked={unreadOnly} onChange={(e) => (setUnreadOnly(e.target.checked), setPage(1))}>
            {t('notifications.unreadOnly')}
          </Checkbox>
        </Flex>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        <Table<Notification>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t('notifications.empty')} /> }}
          columns={[
            {
              title: t('notifications.message'),
              key: 'text',
              render: (_: unknown, n) => {
                const text = notificationText(t, n);
                return n.link ? (
                  <Link to={n.link} onClick={() => !n.readAt && void markRead(n.id)} style={n.readAt ? undefined : { fontWeight: 600 }}>
                    {text}
                  </Link>
                ) : (
                  <span style={n.readAt ? undefined : { fontWeight: 600 }}>{text}</span>
                );
              },
            },
            { title: t('notifications.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmt(v) },
            {
              title: t('jobs.status'),
              key: 'read',
              width: 170,
              render: (_: unknown, n) =>
                n.readAt ? (
                  <Tag>{t('notifications.read')}</Tag>
                ) : (
                  <Flex gap="small" align="center">
                    <Tag className="qh-tag-workday">{t('notifications.unread')}</Tag>
                    <Button size="small" onClick={() => void markRead(n.id)}>
                      {t('notifications.markRead')}
                    </Button>
                  </Flex>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('notifications.preferences')} style={{ marginTop: 16 }}>
        {prefs.error ? <ErrorState error={prefs.error} onRetry={prefs.reload} /> : null}
        <Table<Preference>
          rowKey="kind"
          loading={prefs.loading}
          dataSource={prefs.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('notifications.kind'), dataIndex: 'kind', render: (v: string) => kindLabel(t, v) },
            {
              title: t('notifications.inApp'),
              key: 'inApp',
              width: 120,
              render: (_: unknown, p) => (
                <Switch
                  size="small"
                  checked={p.inApp}
                  aria-label={`${kindLabel(t, p.kind)} ${t('notifications.inApp')}`}
                  onChange={(v) => void setPref(p, { inApp: v })}
                />
              ),
            },
            ...(['sms', 'email'] as const).map((ch) => ({
              title: t(`notifications.${ch}`),
              key: ch,
              width: 120,
              render: (_: unknown, p: Preference) => (
                <Tooltip title={blocked(ch) ?? undefined}>
                  <Switch
                    size="small"
                    checked={p[ch] && !blocked(ch)}
                    disabled={Boolean(blocked(ch))}
                    aria-label={`${kindLabel(t, p.kind)} ${t(`notifications.${ch}`)}`}
                    onChange={(v) => void setPref(p, { [ch]: v })}
                  />
                </Tooltip>
              ),
            })),
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <MyContactCard channel="email" />
        </Col>
        <Col xs={24} xl={12}>
          <MyContactCard channel="phone" />
        </Col>
      </Row>
    </>
  );
}
