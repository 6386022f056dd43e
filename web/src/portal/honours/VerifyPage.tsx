import { useSearchParams } from 'react-router-dom';
import type { CertificateCheck } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { usePrefs } from '../../prefs';
import { useCitizenApi } from '../activities/citizen';
import { Alert, Card, DescList, ErrorView, Loading, PageTitle } from '../ui';

/** Where a certificate's QR code leads: whether the number and its token match a registered honour. */
export function PortalVerifyPage() {
  const { t } = usePrefs();
  const [params] = useSearchParams();
  const no = params.get('no') ?? '';
  const token = params.get('t') ?? '';
  const s = useCitizenApi<CertificateCheck>(no && token ? honoursApi.portalVerify.path({ query: { no, t: token } }) : null);
  return (
    <>
      <PageTitle>{t('portal.honours.verifyTitle')}</PageTitle>
      {!no || !token ? <Alert type="warning" title={t('portal.honours.verifyMissing')} /> : null}
      {s.error ? <ErrorView error={s.error} onRetry={s.reload} /> : null}
      {no && token && (s.loading || !s.data) && !s.error ? <Loading /> : null}
      {s.data && !s.data.valid ? <Alert type="error" role="status" title={t('portal.honours.invalid')} /> : null}
      {s.data?.valid ? (
        <>
          <Alert type="success" role="status" title={t('portal.honours.valid')} />
          <Card>
            <DescList
              items={[
                [t('portal.honours.certificateNo'), s.data.number],
                [t('portal.honours.honoured'), s.data.name],
                [t('portal.honours.unit'), s.data.unitName],
                [t('portal.honours.award'), s.data.awardTitle],
                [t('portal.honours.programme'), s.data.programmeTitle],
                [t('portal.honours.awardingOrg'), s.data.orgName],
                [t('portal.honours.awardedOn'), s.data.awardedOn],
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
