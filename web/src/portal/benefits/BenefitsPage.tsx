import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { Navigate } from 'react-router-dom';
import type { Claim, PortalOffer } from '@contracts/benefits';
import { ApiError, errorMessage } from '../../api';
import { benefitsApi } from '../../api/benefits';
import { usePrefs } from '../../prefs';
import { RatingCard } from '../RatingCard';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { newIdempotencyKey } from '../requests/draft';
import { Alert, Button, Card, Empty, ErrorView, Loading, PageTitle, SectionTitle, Tag, useConfirm, useToast } from '../ui';
import './benefits.css';

/** A voucher's code as a QR image, with the code spelled out in groups of four below it. */
function VoucherQr({ code, label }: { code: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(code, { width: 220, margin: 1, errorCorrectionLevel: 'M' }).then(setSrc);
  }, [code]);
  return (
    <div className="qh-ben-qr">
      {src ? <img src={src} width={220} height={220} alt={label} /> : null}
      <code data-testid="voucher-code">{code.replace(/(.{4})(?=.)/g, '$1 ')}</code>
    </div>
  );
}

type Tone = 'ok' | 'wait' | 'bad' | 'info' | 'muted' | 'plain';
const CLAIM_TONE: Record<string, Tone> = { issued: 'ok', redeemed: 'info', waitlisted: 'wait', entered: 'wait', applied: 'wait' };

/** Worker benefits on the phone: the offers I may claim as a member, claiming, and my vouchers with their QR codes. */
export function PortalBenefitsPage() {
  const { t, lang } = usePrefs();
  const toast = useToast();
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
      toast.success(t('portal.benefits.claimed'));
      reload();
    } catch (e) {
      // A refusal is final; a lost answer or a server failure keeps the key for the next press.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) delete claimKeys.current[o.id];
      toast.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const action = (o: PortalOffer) => (o.mode === 'lottery' ? 'portal.benefits.enter' : o.mode === 'review' ? 'portal.benefits.apply' : 'portal.benefits.claim');
  return (
    <>
      <PageTitle>{t('portal.benefits.title')}</PageTitle>
      {offers.error ? (
        <ErrorView error={offers.error} onRetry={offers.reload} />
      ) : offers.loading || !offers.data ? (
        <Loading />
      ) : !offers.data.member ? (
        <Alert type="info" title={t('portal.benefits.notMember')} />
      ) : offers.data.items.length === 0 ? (
        <Empty>{t('portal.benefits.none')}</Empty>
      ) : (
        <ul className="qh-ben-list">
          {offers.data.items.map((o) => (
            <li key={o.id}>
              <Card title={o.title}>
                <div className="qh-muted">
                  {o.brand || o.providerName} · {o.orgName}
                </div>
                <div className="qh-ben-tags">
                  <Tag tone="plain">{t(`benefits.kind.${o.kind}`)}</Tag>
                  <Tag tone="plain">{t(`benefits.mode.${o.mode}`)}</Tag>
                  {o.mode === 'fcfs' ? (
                    <Tag tone={o.remaining > 0 ? 'ok' : 'muted'}>{t('portal.benefits.left', { n: o.remaining, total: o.quota })}</Tag>
                  ) : null}
                  <Tag tone="plain">{t('portal.benefits.until', { date: when(o.claimTo, lang) })}</Tag>
                </div>
                {o.description ? <p className="qh-ben-text">{o.description}</p> : null}
                {o.claimsLeft > 0 ? (
                  <Button variant="primary" block loading={busy === o.id} onClick={() => void claim(o)}>
                    {t(action(o))}
                  </Button>
                ) : (
                  <Button block disabled>
                    {t(o.mode === 'lottery' ? 'portal.benefits.entered' : o.mode === 'review' ? 'portal.benefits.applied' : 'portal.benefits.limitReached')}
                  </Button>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <SectionTitle>{t('portal.benefits.mine')}</SectionTitle>
      {mine.error ? (
        <ErrorView error={mine.error} onRetry={mine.reload} />
      ) : mine.loading || !mine.data ? (
        <Loading />
      ) : mine.data.items.length === 0 ? (
        <Empty>{t('portal.benefits.noClaims')}</Empty>
      ) : (
        <ul className="qh-ben-list">
          {mine.data.items.map((c) => {
            // A voucher past its expiry cannot be redeemed (the provider's counter refuses it): no code to show.
            const usable = c.status === 'issued' && !(c.expiresAt && Date.parse(c.expiresAt) <= Date.now());
            return (
              <li key={c.id}>
                <Card title={c.offerTitle} level={3} data-testid={`claim-${c.id}`}>
                  <div className="qh-muted">{c.providerName}</div>
                  <div className="qh-ben-tags">
                    {c.status === 'issued' && !usable ? (
                      <Tag tone="muted">{t('portal.benefits.expired')}</Tag>
                    ) : (
                      <Tag tone={CLAIM_TONE[c.status] ?? 'muted'}>{t(`benefits.claim.${c.status}`)}</Tag>
                    )}
                    {c.expiresAt && usable ? <Tag tone="plain">{t('benefits.expires', { date: when(c.expiresAt, lang) })}</Tag> : null}
                  </div>
                  {c.code && usable ? (
                    <>
                      <Alert type="info" title={t('portal.benefits.showCode')} />
                      <VoucherQr code={c.code} label={t('portal.benefits.qrAlt', { title: c.offerTitle })} />
                    </>
                  ) : null}
                  {c.status === 'redeemed' && !c.rated && rating !== c.id ? (
                    <Button variant="primary" block className="qh-ben-after" onClick={() => setRating(c.id)}>
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
                      variant="danger"
                      block
                      className="qh-ben-after"
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
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
