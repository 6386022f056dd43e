import { Alert, App, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { Navigate } from 'react-router-dom';
import type { Claim, PortalOffer } from '@contracts/benefits';
import { ApiError } from '../../api';
import { benefitsApi } from '../../api/benefits';
import { useConfirm } from '../../components/confirm';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { TAG } from '../activities/tags';
import { newIdempotencyKey } from '../requests/draft';

function VoucherQr({ code, label }: { code: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(code, { width: 220, margin: 1, errorCorrectionLevel: 'M' }).then(setSrc);
  }, [code]);
  return (
    <Flex vertical align="center" gap={4}>
      {src ? <img src={src} width={220} height={220} alt={label} /> : null}
      <code data-testid="voucher-code" style={{ fontSize: 18, letterSpacing: 2 }}>
        {code.replace(/(.{4})(?=.)/g, '$1 ')}
      </code>
    </Flex>
  );
}

const CLAIM_TAG: Record<string, React.CSSProperties> = { issued: TAG.ok, redeemed: TAG.info, waitlisted: TAG.wait, entered: TAG.wait, applied: TAG.wait };

/** Worker benefits on the phone: the offers I may claim as a member, claiming, and my vouchers with their QR codes. */
export function PortalBenefitsPage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const { me } = useCitizen();
  const [rating, setRating] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const claimKeys = useRef<Record<number, string>>({});
  const offers = useCitizenApi<{ member: boolean; items: PortalOffer[] }>(me ? benefitsApi.portalList.path() : null);
  const mine = useCitizenApi<{ items: Claim[] }>(me ? benefitsApi.mine.path() : null);
  if (me === null) return <Navigate to="/portal/sign-in?next=/portal/benefits" replace />;
  const reload = () => {
    offers.reload();
    mine.reload();
  };
  const claim = async (o: PortalOffer) => {
    if (busy !== null) return;
    setBusy(o.id);
    // One key per claim until the server has answered it: pressing again after a lost answer claims once.
    const key = (claimKeys.current[o.id] ??= newIdempotencyKey());
    try {
      await citizenRequest('POST', benefitsApi.portalClaim.path({ params: { id: o.id }, body: {} }), lang, {}, { 'Idempotency-Key': key });
      delete claimKeys.current[o.id];
      void message.success(t('portal.benefits.claimed'));
      reload();
    } catch (e) {
      // A refusal is final; a lost answer or a server failure keeps the key for the next press.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) delete claimKeys.current[o.id];
      void message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const action = (o: PortalOffer) => (o.mode === 'lottery' ? 'portal.benefits.enter' : o.mode === 'review' ? 'portal.benefits.apply' : 'portal.benefits.claim');
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.benefits.title')}
      </Typography.Title>
      {offers.error ? (
        <ErrorState error={offers.error} onRetry={offers.reload} />
      ) : offers.loading || !offers.data ? (
        <LoadingState />
      ) : !offers.data.member ? (
        <Alert type="info" showIcon title={t('portal.benefits.notMember')} />
      ) : offers.data.items.length === 0 ? (
        <Empty description={t('portal.benefits.none')} />
      ) : (
        <Flex vertical gap="small">
          {offers.data.items.map((o) => (
            <Card key={o.id} size="small">
              <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
                {o.title}
              </Typography.Title>
              <div className="qh-muted">
                {o.brand || o.providerName} · {o.orgName}
              </div>
              <Flex gap={4} wrap style={{ margin: '6px 0' }}>
                <Tag>{t(`benefits.kind.${o.kind}`)}</Tag>
                <Tag>{t(`benefits.mode.${o.mode}`)}</Tag>
                {o.mode === 'fcfs' ? (
                  <Tag style={o.remaining > 0 ? TAG.ok : TAG.muted}>{t('portal.benefits.left', { n: o.remaining, total: o.quota })}</Tag>
                ) : null}
                <Tag>{t('portal.benefits.until', { date: when(o.claimTo, lang) })}</Tag>
              </Flex>
              {o.description ? <Typography.Paragraph style={{ margin: '4px 0' }}>{o.description}</Typography.Paragraph> : null}
              {o.claimsLeft > 0 ? (
                <Button type="primary" block loading={busy === o.id} onClick={() => void claim(o)}>
                  {t(action(o))}
                </Button>
              ) : (
                <Button block disabled>
                  {t(o.mode === 'lottery' ? 'portal.benefits.entered' : o.mode === 'review' ? 'portal.benefits.applied' : 'portal.benefits.limitReached')}
                </Button>
              )}
            </Card>
          ))}
        </Flex>
      )}
      <Typography.Title level={2} style={{ fontSize: '1.4em', marginTop: 20 }}>
        {t('portal.benefits.mine')}
      </Typography.Title>
      {mine.error ? (
        <ErrorState error={mine.error} onRetry={mine.reload} />
      ) : mine.loading || !mine.data ? (
        <LoadingState />
      ) : mine.data.items.length === 0 ? (
        <Empty description={t('portal.benefits.noClaims')} />
      ) : (
        <Flex vertical gap="small">
          {mine.data.items.map((c) => {
            // A voucher past its expiry cannot be redeemed (the provider's counter refuses it): no code to show.
            const usable = c.status === 'issued' && !(c.expiresAt && Date.parse(c.expiresAt) <= Date.now());
            return (
              <Card key={c.id} size="small" data-testid={`claim-${c.id}`}>
                <Typography.Title level={3} style={{ fontSize: '1.2em', margin: 0 }}>
                  {c.offerTitle}
                </Typography.Title>
                <div className="qh-muted">{c.providerName}</div>
                <Flex gap={4} wrap style={{ margin: '6px 0' }}>
                  {c.status === 'issued' && !usable ? (
                    <Tag style={TAG.muted}>{t('portal.benefits.expired')}</Tag>
                  ) : (
                    <Tag style={CLAIM_TAG[c.status] ?? TAG.muted}>{t(`benefits.claim.${c.status}`)}</Tag>
                  )}
                  {c.expiresAt && usable ? <Tag>{t('benefits.expires', { date: when(c.expiresAt, lang) })}</Tag> : null}
                </Flex>
                {c.code && usable ? (
                  <>
                    <Alert type="info" showIcon title={t('portal.benefits.showCode')} style={{ marginBottom: 8 }} />
                    <VoucherQr code={c.code} label={t('portal.benefits.qrAlt', { title: c.offerTitle })} />
                  </>
                ) : null}
                {c.status === 'redeemed' && !c.rated && rating !== c.id ? (
                  <Button type="primary" block style={{ marginTop: 8 }} onClick={() => setRating(c.id)}>
                    {t('portal.benefits.rate')}
                  </Button>
                ) : null}
                {rating === c.id ? (
                  <div style={{ marginTop: 12 }}>
                    <RatingCard
                      bordered={false}
                      name={`benefit-rate-${c.id}`}
                      hint={t('portal.me.rateHint')}
                      send={(v) => citizenRequest('POST', benefitsApi.rateMine.path({ params: { id: c.id }, body: v }), lang, v)}
                      onDone={() => {
                        setRating(null);
                        mine.reload();
                      }}
                    />
                  </div>
                ) : null}
                {usable || ['waitlisted', 'entered', 'applied'].includes(c.status) ? (
                  <Button
                    danger
                    block
                    style={{ marginTop: 8 }}
                    onClick={() =>
                      confirm({
                        title: t('portal.benefits.cancelConfirm'),
                        danger: true,
                        onOk: () => citizenRequest('POST', benefitsApi.cancelMine.path({ params: { id: c.id }, body: {} }), lang).then(reload),
                      })
                    }
                  >
                    {t('portal.benefits.cancel')}
                  </Button>
                ) : null}
              </Card>
            );
          })}
        </Flex>
      )}
    </>
  );
}
