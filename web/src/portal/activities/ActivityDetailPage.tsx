import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { activitiesApi } from '../../api/activities';
import { usePrefs } from '../../prefs';
import { Alert, Button, Card, DescList, ErrorView, Loading, PageTitle, Tag, useConfirm, useToast } from '../ui';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from './citizen';
import './activities.css';

/** One activity for citizens: details, places left, register (or join the waitlist), cancel, join online. */
export function PortalActivityDetailPage() {
  const { t, lang } = usePrefs();
  const { id } = useParams();
  const nav = useNavigate();
  const toast = useToast();
  const confirm = useConfirm();
  const { me } = useCitizen();
  const a = useCitizenEndpoint(activitiesApi.portalGet, me === undefined ? null : { params: { id: Number(id) } });
  const [busy, setBusy] = useState(false);

  if (a.error) return <ErrorView error={a.error} onRetry={a.reload} />;
  if (a.loading || !a.data) return <Loading />;
  const act = a.data;

  const register = async () => {
    if (!me) {
      void nav(`/portal/sign-in?next=/portal/activities/${act.id}`);
      return;
    }
    setBusy(true);
    try {
      const r = await citizenCall(activitiesApi.register, lang, { params: { id: act.id }, body: {} });
      toast.success(t(`portal.activities.result.${r.status}` as never, { n: r.position ?? 0 }));
      a.reload();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const join = async () => {
    try {
      const r = await citizenCall(activitiesApi.join, lang, { params: { id: act.id }, body: {} });
      window.open(r.url, '_blank', 'noopener');
    } catch (e) {
      toast.error(errorMessage(e));
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
      <PageTitle>{act.title}</PageTitle>
      <div className="qh-portal-tags" style={{ margin: '0 0 12px' }}>
        <Tag tone="plain">{t(`act.type.${act.type}` as never)}</Tag>
        {act.campaignName ? <Tag tone="info">{act.campaignName}</Tag> : null}
      </div>
      <Card>
        <DescList
          items={[
            [t('portal.activities.when'), `${when(act.startsAt, lang)} – ${when(act.endsAt, lang)}`],
            [t('portal.activities.where'), act.type === 'online' ? t('portal.activities.online') : [act.venueName, act.address].filter(Boolean).join(' · ')],
            [t('portal.activities.host'), act.hostOrgName],
            [t('portal.activities.places'), t('portal.activities.placesOf', { r: act.registeredCount, c: act.capacity })],
            [t('portal.activities.waiting'), act.waitlistedCount || null],
            [t('portal.activities.deadline'), when(act.regClosesAt, lang)],
          ]}
        />
        {act.description ? <p style={{ marginTop: 8 }}>{act.description}</p> : null}
        {act.needsApproval ? <p className="qh-muted">{t('portal.activities.approvalHint')}</p> : null}
        <p className="qh-muted">{t('portal.activities.cancelHint', { h: act.cancelHours })}</p>
      </Card>
      <div className="qh-act-actions">
        {mine ? (
          <Alert
            type={mine.status === 'registered' ? 'success' : 'info'}
            role="status"
            title={t(`portal.activities.mine.${mine.status}` as never, { n: mine.position ?? 0 })}
            action={<Link to="/portal/me/activities">{t('portal.me.registrations')}</Link>}
          />
        ) : null}
        {act.type === 'online' ? (
          <Button variant="primary" block onClick={() => (me ? void join() : void nav(`/portal/sign-in?next=/portal/activities/${act.id}`))}>
            {t('portal.activities.join')}
          </Button>
        ) : null}
        {!mine && act.registrationOpen ? (
          <Button
            variant={act.type === 'online' ? 'default' : 'primary'}
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
        {!mine && !act.registrationOpen ? <Alert type="warning" title={t('portal.activities.closed')} /> : null}
        {mine && mine.status !== 'cancelled' ? (
          <Button variant="danger" block onClick={cancel}>
            {t('portal.activities.cancelMine')}
          </Button>
        ) : null}
      </div>
    </>
  );
}
