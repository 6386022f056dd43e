import { App, Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { useConfirm } from '../../components/confirm';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { activitiesApi } from '../../api/activities';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from './citizen';
import { TAG } from './tags';

/** One activity for citizens: details, places left, register (or join the waitlist), cancel, join online. */
export function PortalActivityDetailPage() {
  const { t, lang } = usePrefs();
  const { id } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const { me } = useCitizen();
  const a = useCitizenEndpoint(activitiesApi.portalGet, me === undefined ? null : { params: { id: Number(id) } });
  const [busy, setBusy] = useState(false);

  if (a.error) return <ErrorState error={a.error} onRetry={a.reload} />;
  if (a.loading || !a.data) return <LoadingState />;
  const act = a.data;

  const register = async () => {
    if (!me) {
      void nav(`/portal/sign-in?next=/portal/activities/${act.id}`);
      return;
    }
    setBusy(true);
    try {
      const r = await citizenCall(activitiesApi.register, lang, { params: { id: act.id }, body: {} });
      void message.success(t(`portal.activities.result.${r.status}` as never, { n: r.position ?? 0 }));
      a.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const join = async () => {
    try {
      const r = await citizenCall(activitiesApi.join, lang, { params: { id: act.id }, body: {} });
      window.open(r.url, '_blank', 'noopener');
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  const cancel = () =>
    confirm({
      title: t('portal.activities.cancelConfirm'),
      danger: true,
      onOk: () => citizenCall(activitiesApi.cancelMine, lang, { params: { id: act.mine!.id }, body: {} }).then(a.reload),
    });

  const mine = act.mine;
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {act.title}
      </Typography.Title>
      <Flex gap={4} wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`act.type.${act.type}` as never)}</Tag>
        {act.campaignName ? <Tag style={TAG.info}>{act.campaignName}</Tag> : null}
      </Flex>
      <Card size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('portal.activities.when')}>{`${when(act.startsAt, lang)} – ${when(act.endsAt, lang)}`}</Descriptions.Item>
          <Descriptions.Item label={t('portal.activities.where')}>
            {act.type === 'online' ? t('portal.activities.online') : [act.venueName, act.address].filter(Boolean).join(' · ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('portal.activities.host')}>{act.hostOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('portal.activities.places')}>
            {t('portal.activities.placesOf', { r: act.registeredCount, c: act.capacity })}
          </Descriptions.Item>
          {act.waitlistedCount ? <Descriptions.Item label={t('portal.activities.waiting')}>{act.waitlistedCount}</Descriptions.Item> : null}
          <Descriptions.Item label={t('portal.activities.deadline')}>{when(act.regClosesAt, lang)}</Descriptions.Item>
        </Descriptions>
        {act.description ? <Typography.Paragraph style={{ marginTop: 8 }}>{act.description}</Typography.Paragraph> : null}
        {act.needsApproval ? <Typography.Paragraph className="qh-muted">{t('portal.activities.approvalHint')}</Typography.Paragraph> : null}
        <Typography.Paragraph className="qh-muted">{t('portal.activities.cancelHint', { h: act.cancelHours })}</Typography.Paragraph>
      </Card>
      <Flex vertical gap="small" style={{ marginTop: 16 }}>
        {mine ? (
          <Alert
            type={mine.status === 'registered' ? 'success' : 'info'}
            showIcon
            role="status"
            title={t(`portal.activities.mine.${mine.status}` as never, { n: mine.position ?? 0 })}
            action={<Link to="/portal/me/activities">{t('portal.me.registrations')}</Link>}
          />
        ) : null}
        {act.type === 'online' ? (
          <Button type="primary" size="large" block onClick={() => (me ? void join() : nav(`/portal/sign-in?next=/portal/activities/${act.id}`))}>
            {t('portal.activities.join')}
          </Button>
        ) : null}
        {!mine && act.registrationOpen ? (
          <Button
            type={act.type === 'online' ? 'default' : 'primary'}
            size="large"
            block
            loading={busy}
            onClick={() => void register()}
            disabled={act.placesLeft === 0 && !act.waitlistEnabled}
          >
            {act.placesLeft > 0 || act.needsApproval
              ? t('portal.activities.register')
              : act.waitlistEnabled
                ? t('portal.activities.registerWaitlist')
                : t('portal.activities.full')}
          </Button>
        ) : null}
        {!mine && !act.registrationOpen ? <Alert type="warning" showIcon title={t('portal.activities.closed')} /> : null}
        {mine && mine.status !== 'cancelled' ? (
          <Button danger size="large" block onClick={cancel}>
            {t('portal.activities.cancelMine')}
          </Button>
        ) : null}
      </Flex>
    </>
  );
}
