import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { activitiesApi } from '../../api/activities';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import { Alert, Button, Card, Empty, ErrorView, Loading, PageTitle, Tag, useConfirm } from '../ui';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from './citizen';
import './activities.css';

/** A registration's check-in code: the QR image and the code itself, in groups of four. */
function Qr({ code, label }: { code: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(code, { width: 220, margin: 1, errorCorrectionLevel: 'M' }).then(setSrc);
  }, [code]);
  return (
    <div className="qh-act-qr">
      {src ? <img src={src} width={220} height={220} alt={label} /> : null}
      <code>{code.replace(/(.{4})(?=.)/g, '$1 ')}</code>
    </div>
  );
}

/** My registrations: status, waitlist position, the QR check-in code of a confirmed place, cancel. */
export function MyActivitiesPage() {
  const { t, lang } = usePrefs();
  const confirm = useConfirm();
  const { me } = useCitizen();
  const [rating, setRating] = useState<number | null>(null);
  const list = useCitizenEndpoint(activitiesApi.mine, me ? {} : null);
  if (me === null) return <Navigate to="/portal/sign-in?next=/portal/me/activities" replace />;
  return (
    <>
      <PageTitle>{t('portal.me.registrations')}</PageTitle>
      {me ? <p className="qh-muted">{t('portal.me.signedInAs', { name: me.name, phone: me.phoneMasked ?? '' })}</p> : null}
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>
          <Link to="/portal/activities">{t('portal.me.noRegistrations')}</Link>
        </Empty>
      ) : (
        <ul className="qh-portal-cards">
          {list.data.items.map((r) => (
            <li key={r.id}>
              <Card title={<Link to={`/portal/activities/${r.activityId}`}>{r.title}</Link>}>
                <div className="qh-muted">
                  {when(r.startsAt, lang)}
                  {r.venueName ? ` · ${r.venueName}` : ''}
                </div>
                <div className="qh-portal-tags" style={{ marginBottom: 6 }}>
                  <Tag tone={r.status === 'registered' ? 'ok' : r.status === 'waitlisted' ? 'wait' : 'muted'}>{t(`act.reg.${r.status}` as never)}</Tag>
                  {r.position ? <Tag tone="plain">{t('portal.me.position', { n: r.position })}</Tag> : null}
                  {r.activityStatus === 'cancelled' ? <Tag tone="bad">{t('act.status.cancelled')}</Tag> : null}
                  {r.checkedInAt ? <Tag tone="info">{t('portal.me.checkedIn')}</Tag> : null}
                </div>
                {r.code && !r.checkedInAt ? (
                  <>
                    <Alert type="info" title={t('portal.me.showCode')} />
                    <Qr code={r.code} label={t('portal.me.qrAlt', { title: r.title })} />
                  </>
                ) : null}
                {r.rating ? (
                  <div style={{ marginTop: 6 }}>
                    <Tag tone={r.rating.level >= 4 ? 'bad' : 'ok'}>
                      {t('portal.me.yourRating', { label: t(`portal.requests.level${r.rating.level}` as never) })}
                    </Tag>
                    {r.rating.comment ? <p style={{ margin: '6px 0 0' }}>{r.rating.comment}</p> : null}
                  </div>
                ) : null}
                {r.canRate && rating !== r.id ? (
                  <Button variant="primary" block style={{ marginTop: 8 }} onClick={() => setRating(r.id)}>
                    {t('portal.me.rate')}
                  </Button>
                ) : null}
                {r.canRate && rating === r.id ? (
                  <div style={{ marginTop: 12 }}>
                    <RatingCard
                      bordered={false}
                      name={`activity-rate-${r.id}`}
                      hint={t('portal.me.rateHint')}
                      send={(v) => citizenCall(activitiesApi.rateMine, lang, { params: { id: r.id }, body: v })}
                      onDone={() => {
                        setRating(null);
                        list.reload();
                      }}
                    />
                  </div>
                ) : null}
                {r.canCancel ? (
                  <Button
                    variant="danger"
                    block
                    style={{ marginTop: 8 }}
                    onClick={() =>
                      confirm({
                        title: t('portal.activities.cancelConfirm'),
                        danger: true,
                        onOk: () => citizenCall(activitiesApi.cancelMine, lang, { params: { id: r.id }, body: {} }).then(list.reload),
                      })
                    }
                  >
                    {t('portal.activities.cancelMine')}
                  </Button>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
