import type { Verification } from '@contracts/talent';
import { Alert, Card, Descriptions, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { talentApi } from '../../api/talent';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { useCitizenApi } from '../activities/citizen';

/** Where a completion certificate's QR code leads: whether the number and its token match a registered certificate. */
export function PortalTalentVerifyPage() {
  const { t } = usePrefs();
  const [params] = useSearchParams();
  const no = params.get('no') ?? '';
  const token = params.get('t') ?? '';
  const s = useCitizenApi<Verification>(no && token ? talentApi.verify.path({ query: { no, t: token } }) : null);
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.talent.verifyTitle')}
      </Typography.Title>
      {!no || !token ? <Alert type="warning" showIcon title={t('portal.talent.verifyMissing')} /> : null}
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      {no && token && (s.loading || !s.data) && !s.error ? <LoadingState /> : null}
      {s.data && !s.data.valid ? <Alert type="error" showIcon role="status" title={t('portal.talent.invalid')} /> : null}
      {s.data?.valid ? (
        <>
          <Alert type="success" showIcon role="status" style={{ marginBottom: 12 }} title={t('portal.talent.valid')} />
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('portal.talent.certificateNo')}>{s.data.number}</Descriptions.Item>
              <Descriptions.Item label={t('portal.talent.holder')}>{s.data.name}</Descriptions.Item>
              <Descriptions.Item label={t('portal.talent.programme')}>{s.data.programmeName}</Descriptions.Item>
              <Descriptions.Item label={t('portal.talent.issuingOrg')}>{s.data.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('portal.talent.issuedOn')}>{s.data.issuedOn}</Descriptions.Item>
            </Descriptions>
          </Card>
        </>
      ) : null}
    </>
  );
}
