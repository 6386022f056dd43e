import { Alert, Card, Descriptions, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { CertificateCheck } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { useCitizenApi } from '../activities/citizen';

/** Where a certificate's QR code leads: whether the number and its token match a registered honour. */
export function PortalVerifyPage() {
  const { t } = usePrefs();
  const [params] = useSearchParams();
  const no = params.get('no') ?? '';
  const token = params.get('t') ?? '';
  const s = useCitizenApi<CertificateCheck>(no && token ? honoursApi.portalVerify.path({ query: { no, t: token } }) : null);
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.honours.verifyTitle')}
      </Typography.Title>
      {!no || !token ? <Alert type="warning" showIcon title={t('portal.honours.verifyMissing')} /> : null}
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      {no && token && (s.loading || !s.data) && !s.error ? <LoadingState /> : null}
      {s.data && !s.data.valid ? <Alert type="error" showIcon role="status" title={t('portal.honours.invalid')} /> : null}
      {s.data?.valid ? (
        <>
          <Alert type="success" showIcon role="status" style={{ marginBottom: 12 }} title={t('portal.honours.valid')} />
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('portal.honours.certificateNo')}>{s.data.number}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.honoured')}>{s.data.name}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.unit')}>{s.data.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.award')}>{s.data.awardTitle}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.programme')}>{s.data.programmeTitle}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.awardingOrg')}>{s.data.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('portal.honours.awardedOn')}>{s.data.awardedOn}</Descriptions.Item>
            </Descriptions>
          </Card>
        </>
      ) : null}
    </>
  );
}
