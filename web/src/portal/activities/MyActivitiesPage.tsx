import { Alert, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { useConfirm } from '../../components/confirm';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import { activitiesApi } from '../../api/activities';
import { citizenCall, useCitizen, useCitizenEndpoint, when } from './citizen';
import { TAG } from './tags';

function Qr({ code, label }: { code: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(code, { width: 220, margin: 1, errorCorrectionLevel: 'M' }).then(setSrc);
  }, [code]);
  return (
    <Flex vertical align="center" gap={4}>
      {src ? <img src={src} width={220} height={220} alt={label} /> : null}
      <code style={{ fontSize: 18, letterSpacing: 2 }}>{code.replace(/(.{4})(?=.)/g, '$1 ')}</code>
    </Flex>
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
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.me.registrations')}
      </Typography.Title>
      {me ? (
        <Typography.Paragraph className="qh-muted">{t('portal.me.signedInAs', { name: me.name, phone: me.phoneMasked ?? '' })}</Typography.Paragraph>
      ) : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingState />
      ) : list.data.items.length === 0 ? (
        <Empty description={<Link to="/portal/activities">{t('portal.me.noRegistrations')}</Link>} />
      ) : (
        <Flex vertical gap="small">
          {list.data.items.map((r) => (
            <Card key={r.id} size="small">
              <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
                <Link to={`/portal/activities/${r.activityId}`}>{r.title}</Link>
              </Typography.Title>
              <div className="qh-muted">
                {when(r.startsAt, lang)}
                {r.venueName ? ` · ${r.venueName}` : ''}
              </div>
              <Flex gap={4} wrap style={{ margin: '6px 0' }}>
                <Tag style={r.status === 'registered' ? TAG.ok : r.status === 'waitlisted' ? TAG.wait : TAG.muted}>{t(`act.reg.${r.status}` as never)}</Tag>
                {r.position ? <Tag>{t('portal.me.position', { n: r.position })}</Tag> : null}
                {r.activityStatus === 'cancelled' ? <Tag style={TAG.bad}>{t('act.status.cancelled')}</Tag> : null}
                {r.checkedInAt ? <Tag style={TAG.info}>{t('portal.me.checkedIn')}</Tag> : null}
              </Flex>
              {r.code && !r.checkedInAt ? (
                <>
                  <Alert type="info" showIcon title={t('portal.me.showCode')} style={{ marginBottom: 8 }} />
                  <Qr code={r.code} label={t('portal.me.qrAlt', { title: r.title })} />
                </>
              ) : null}
              {r.rating ? (
                <div style={{ marginTop: 6 }}>
                  <Tag style={r.rating.level >= 4 ? TAG.bad : TAG.ok}>
                    {t('portal.me.yourRating', { label: t(`portal.requests.level${r.rating.level}` as never) })}
                  </Tag>
                  {r.rating.comment ? <Typography.Paragraph style={{ margin: '6px 0 0' }}>{r.rating.comment}</Typography.Paragraph> : null}
                </div>
              ) : null}
              {r.canRate && rating !== r.id ? (
                <Button type="primary" block style={{ marginTop: 8 }} onClick={() => setRating(r.id)}>
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
                  danger
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
          ))}
        </Flex>
      )}
    </>
  );
}
