import { Card } from 'antd';
import { Table } from '../../components/Table';
import { qs } from '../../api';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useApi } from '../../components/use-api';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import type { Items, Programme } from '../../types';

type Row = { programme: string; count: number };

export function StaffSummarySection({ type }: { type?: string }) {
  const { t, lang } = usePrefs();
  const state = useApi<Items<Row>>(`/api/staff/summary${qs({ type })}`);
  const programmes = useApi<Items<Programme>>('/api/staff-programmes');
  const name = (code: string) => {
    const p = programmes.data?.items.find((x) => x.code === code);
    return p ? localName(lang, p) : code;
  };
  return (
    <Card style={{ marginBottom: 16 }}>
      <SectionTitle>{t('lead.staffSummary')}</SectionTitle>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Row>
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
