import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Tabs, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { socialorgsApi } from '../../api/socialorgs';
import { labelOf } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { NewCallModal } from './CallForms';
import { MyOrgDocuments, Registry } from './Registry';

export function CallStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag className={status === 'open' ? 'qh-tag-workday' : status === 'awarded' ? 'qh-tag-ok' : ''}>{labelOf(t, 'sorg.call.status', status)}</Tag>;
}

function Calls() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.calls, { query: { pageSize: 50 } });
  return (
    <>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('sorg.call.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/social-orgs/calls/${r.id}`}>{v}</Link> },
          { title: t('sorg.call.budget'), dataIndex: 'budget', width: 130 },
          { title: t('sorg.call.area'), dataIndex: 'areaName', width: 120 },
          { title: t('sorg.call.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('sorg.call.applications'), dataIndex: 'applications', width: 90 },
          { title: t('sorg.call.status'), dataIndex: 'status', width: 110, render: (v: string) => <CallStatusTag status={v} /> },
        ]}
      />
    </>
  );
}

function Projects() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.projects, { query: { pageSize: 50 } });
  return (
    <>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('sorg.call.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/social-orgs/projects/${r.id}`}>{v}</Link> },
          { title: t('sorg.name'), dataIndex: 'sorgName' },
          { title: t('sorg.project.amount'), dataIndex: 'amount', width: 120 },
          { title: t('sorg.project.paid'), dataIndex: 'paid', width: 110 },
          { title: t('sorg.call.status'), dataIndex: 'status', width: 110, render: (v: string) => <Tag>{labelOf(t, 'sorg.project.status', v)}</Tag> },
        ]}
      />
    </>
  );
}

/** Social organizations: the registry, calls for proposals and purchased-service projects; a social organization's staff see their own. */
export function SocialOrgsPage() {
  const t = useT();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const self = can('sorg.self');
  const items = [
    ...(self ? [] : [{ key: 'registry', label: t('sorg.tab.registry'), children: <Registry /> }]),
    { key: 'calls', label: t('sorg.tab.calls'), children: <Calls /> },
    { key: 'projects', label: t('sorg.tab.projects'), children: <Projects /> },
  ];
  return (
    <>
      <PageTitle
        extra={
          can('sorg.manage') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('sorg.call.new')}
            </Button>
          ) : null
        }
      >
        {t('sorg.title')}
      </PageTitle>
      {self ? <MyOrgDocuments /> : null}
      <Card>
        <Tabs items={items} defaultActiveKey={self ? 'calls' : 'registry'} />
      </Card>
      <NewCallModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
