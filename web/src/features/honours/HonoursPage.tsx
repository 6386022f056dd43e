import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tag } from 'antd';
import { Table } from '../../components/Table';
import { Link, useNavigate } from 'react-router-dom';
import { labelOf } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import type { Programme } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

export function ProgrammeStatusTag({ status }: { status: string }) {
  const t = useT();
  const cls = status === 'announced' ? 'qh-tag-ok' : status === 'notice' ? 'qh-tag-workday' : '';
  return <Tag className={cls}>{labelOf(t, 'honours.status', status)}</Tag>;
}

/** The programmes (评选表彰项目) of the caller's tree, and those its department vets. */
export function HonoursPage() {
  const t = useT();
  const nav = useNavigate();
  const { can, me } = useSession();
  const state = useEndpoint(honoursApi.programmes);
  // Programmes are run by city-level organizations, the roots of their trees.
  const runs = can('honour.manage') && me !== null && !me.scope.orgPath.includes('.');
  return (
    <>
      <PageTitle
        extra={
          runs ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => nav('/honours/new')}>
              {t('honours.create')}
            </Button>
          ) : null
        }
      >
        {t('honours.title')}
      </PageTitle>
      <Card>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<Programme>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          columns={[
            { title: t('honours.programme'), dataIndex: 'title', render: (v: string, r) => <Link to={`/honours/${r.id}`}>{v}</Link> },
            { title: t('honours.award'), dataIndex: 'awardTitle' },
            { title: t('honours.year'), dataIndex: 'year', width: 80 },
            { title: t('honours.awardingOrg'), dataIndex: 'orgName' },
            { title: t('honours.nominationWindow'), key: 'window', render: (_: unknown, r) => `${r.nominationFrom} ~ ${r.nominationTo}` },
            { title: t('honours.statusLabel'), dataIndex: 'status', width: 110, render: (v: string) => <ProgrammeStatusTag status={v} /> },
          ]}
        />
      </Card>
    </>
  );
}
