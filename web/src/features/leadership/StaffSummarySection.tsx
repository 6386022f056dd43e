import { Card } from 'antd';
import { Table } from '../../components/Table';
import type { StaffCount } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';

export function StaffSummarySection({ type }: { type?: string }) {
  const { t, lang } = usePrefs();
  const state = useEndpoint(orgsApi.staffSummary, { query: { type } });
  const programmes = useEndpoint(orgsApi.programmes);
  const name = (code: string) => {
    const p = programmes.data?.items.find((x) => x.code === code);
    return p ? localName(lang, p) : code;
  };
  return (
    <Card style={{ marginBottom: 16 }}>
      <SectionTitle>{t('lead.staffSummary')}</SectionTitle>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<StaffCount>
        rowKey="programme"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('staff.programme'), dataIndex: 'programme', render: (v: string) => name(v) },
          { title: t('lead.count'), dataIndex: 'count', align: 'right' },
        ]}
      />
    </Card>
  );
}
