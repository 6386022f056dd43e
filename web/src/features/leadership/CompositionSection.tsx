import { Card } from 'antd';
import { Table } from '../../components/Table';
import type { LevelComposition } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { BarChart } from '../../components/BarChart';
import { labelOf, percent } from '../../components/labels';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';

export function CompositionSection({ type }: { type?: string }) {
  const t = useT();
  const state = useEndpoint(orgsApi.composition, { query: { type } });
  const rows = state.data?.items ?? [];
  return (
    <Card style={{ marginBottom: 16 }}>
      <SectionTitle>{t('lead.composition')}</SectionTitle>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<LevelComposition>
        rowKey="level"
        size="small"
        loading={state.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('lead.level'), dataIndex: 'level', render: (v: string) => labelOf(t, 'level', v) },
          { title: t('lead.teams'), dataIndex: 'teams', align: 'right' },
          { title: t('lead.teamsWithPTS'), dataIndex: 'teamsWithPartTimeOrSeconded', align: 'right' },
          { title: t('lead.ptsShare'), dataIndex: 'partTimeOrSecondedTeamShare', align: 'right', render: (v: number) => percent(t, v) },
          { title: t('lead.members'), dataIndex: 'members', align: 'right' },
          { title: t('lead.fullTime'), dataIndex: 'fullTime', align: 'right' },
          { title: t('lead.seconded'), dataIndex: 'seconded', align: 'right' },
          { title: t('lead.partTime'), dataIndex: 'partTime', align: 'right' },
          { title: t('lead.frontlineShare'), dataIndex: 'frontlineShare', align: 'right', render: (v: number) => percent(t, v) },
          { title: t('lead.modelWorkerShare'), dataIndex: 'modelWorkerShare', align: 'right', render: (v: number) => percent(t, v) },
        ]}
      />
      {rows.length > 0 ? (
        <figure style={{ margin: '16px 0 0' }}>
          <figcaption>
            <strong>{t('lead.chartTitle')}</strong>
          </figcaption>
          <BarChart
            label={t('lead.chartLabel')}
            stacked
            categories={rows.map((r) => labelOf(t, 'level', r.level))}
            series={[
              { name: t('lead.fullTime'), values: rows.map((r) => r.fullTime), color: '#0b57d0' },
              { name: t('lead.seconded'), values: rows.map((r) => r.seconded), color: '#8a4b00' },
              { name: t('lead.partTime'), values: rows.map((r) => r.partTime), color: '#137333' },
            ]}
          />
        </figure>
      ) : null}
    </Card>
  );
}
