import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result } from 'antd';
import { useState } from 'react';
import type { AuditAlarm, AuditVerify } from '@contracts/audit';
import { errorMessage } from '../../api';
import { auditApi } from '../../api/audit';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { AuditFilters, type AuditQuery } from './AuditFilters';
import { AuditTable } from './AuditTable';

/** The audit trail (audit administrators) with a check of the HMAC-SM3 chain. */
export function AuditPage() {
  const t = useT();
  const [query, setQuery] = useState<AuditQuery>({});
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const state = useEndpoint(auditApi.list, { query: { ...query, page, pageSize } });
  const alarms = useEndpoint(auditApi.alarms);
  const alarmText = (a: AuditAlarm) =>
    `${new Date(a.at).toLocaleString()} · ${a.kind === 'bad_mac' ? t('audit.alarm.bad_mac', { seq: a.entrySeq ?? '—' }) : t('audit.alarm.anchor_mismatch')}`;
  const [verify, setVerify] = useState<AuditVerify | { failed: string } | null>(null);
  const [verifying, setVerifying] = useState(false);

  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    try {
      setVerify(await auditApi.verify.call());
      alarms.reload();
    } catch (err) {
      setVerify({ failed: errorMessage(err) });
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<SafetyCertificateOutlined aria-hidden />} loading={verifying} onClick={() => void runVerify()}>
            {t('audit.verify')}
          </Button>
        }
      >
        {t('audit.title')}
      </PageTitle>
      {alarms.data && alarms.data.items.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('audit.alarmsTitle', { count: alarms.data.items.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {alarms.data.items.slice(0, 10).map((a) => (
                <li key={a.id}>{alarmText(a)}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div aria-live="polite">
        {verify ? (
          <Card style={{ marginBottom: 16 }}>
            {'failed' in verify ? (
              <Result status="error" title={t('audit.verifyBrokenTitle')} subTitle={verify.failed} />
            ) : verify.ok ? (
              <Result
                status="success"
                title={t('audit.verifyOkTitle')}
                subTitle={`${t('audit.verifyOk', { rows: verify.rows, head: verify.headSeq ?? '—' })} ${verify.anchoredLink === null ? t('audit.notAnchored') : t('audit.anchored', { link: verify.anchoredLink })}`}
              />
            ) : (
              <Result
                status="error"
                title={t('audit.verifyBrokenTitle')}
                subTitle={t('audit.verifyBroken', { at: verify.brokenAt ?? '—', problem: verify.problem ?? '' })}
              />
            )}
          </Card>
        ) : null}
      </div>
      <Card>
        <SectionTitle>{t('common.filters')}</SectionTitle>
        <AuditFilters
          onSearch={(q) => {
            setQuery(q);
            setPage(1);
          }}
        />
        <AuditTable state={state} page={page} pageSize={pageSize} onPage={setPage} />
      </Card>
    </>
  );
}
