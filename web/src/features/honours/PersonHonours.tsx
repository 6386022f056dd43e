import { Card } from 'antd';
import { Table } from '../../components/Table';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState } from '../../components/states';
import type { Award } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';

/** The honours on a person's record (评选表彰), shown on the person's page. */
export function PersonHonours({ personId }: { personId: number }) {
  const t = useT();
  const state = useEndpoint(honoursApi.personHonours, { params: { id: personId } });
  return (
    <Card style={{ marginTop: 16 }}>
      <SectionTitle>{t('honours.personHonours')}</SectionTitle>
      <Table<Award>
        rowKey="id"
        size="small"
        pagination={false}
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('honours.year'), dataIndex: 'year', width: 80 },
          { title: t('honours.award'), dataIndex: 'awardTitle' },
          { title: t('honours.awardingOrg'), dataIndex: 'orgName' },
          { title: t('honours.certificateNo'), dataIndex: 'number' },
          { title: t('portal.honours.awardedOn'), dataIndex: 'awardedOn' },
        ]}
      />
    </Card>
  );
}
