import type { Verification } from '@contracts/talent';
import { useSearchParams } from 'react-router-dom';
import { talentApi } from '../../api/talent';
import { usePrefs } from '../../prefs';
import { useCitizenApi } from '../activities/citizen';
import { Alert, Card, DescList, ErrorView, Loading, PageTitle } from '../ui';

/** Where a completion certificate's QR code leads: whether the number and its token match a registered certificate. */
export function PortalTalentVerifyPage() {
  const { t } = usePrefs();
  const [params] = useSearchParams();
  const no = params.get('no') ?? '';
  const token = params.get('t') ?? '';
  const s = useCitizenApi<Verification>(no && token ? talentApi.verify.path({ query: { no, t: token } }) : null);
  return (
    <>
      <PageTitle>{t('portal.talent.verifyTitle')}</PageTitle>
      {!no || !token ? <Alert type="warning" title={t('portal.talent.verifyMissing')} /> : null}
      {s.error ? <ErrorView error={s.error} onRetry={s.reload} /> : null}
      {no && token && (s.loading || !s.data) && !s.error ? <Loading /> : null}
      {s.data && !s.data.valid ? <Alert type="error" role="status" title={t('portal.talent.invalid')} /> : null}
      {s.data?.valid ? (
        <>
          <Alert type="success" role="status" title={t('portal.talent.valid')} />
          <Card>
            <DescList
              items={[
                [t('portal.talent.certificateNo'), s.data.number],
                [t('portal.talent.holder'), s.data.name],
                [t('portal.talent.programme'), s.data.programmeName],
                [t('portal.talent.issuingOrg'), s.data.orgName],
                [t('portal.talent.issuedOn'), s.data.issuedOn],
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
