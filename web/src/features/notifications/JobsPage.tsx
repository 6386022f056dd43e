import { RedoOutlined } from '@ant-design/icons';
import { App, Button, Card } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Job } from '@contracts/notifications';
import { notificationsApi } from '../../api/notifications';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';

type Count = { kind: string; status: string; count: number };

/** The job runner's queue by kind and status, and the dead jobs the system administrator may run again. */
export function JobsPage() {
  const { t, lang } = usePrefs();
  const { can } = useSession();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const q = useEndpoint(notificationsApi.jobs, { query: { page, pageSize: 20 } });
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }) : '');
  const retry = async (id: number) => {
    await notificationsApi.retryJob.call({ params: { id }, body: {} });
    void message.success(t('jobs.retried'));
    q.reload();
  };
  return (
    <>
      <PageTitle>{t('jobs.title')}</PageTitle>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      <Card title={t('jobs.counts')}>
        <Table<Count>
          rowKey={(r) => `${r.kind}/${r.status}`}
          loading={q.loading}
          dataSource={q.data?.counts ?? []}
          pagination={false}
          locale={{ emptyText: q.loading ? ' ' : <EmptyState /> }}
          columns={[
            { title: t('jobs.kind'), dataIndex: 'kind' },
            { title: t('jobs.status'), dataIndex: 'status', width: 140 },
            { title: t('jobs.count'), dataIndex: 'count', width: 120, align: 'right' },
          ]}
        />
      </Card>
      <Card title={t('jobs.dead')} style={{ marginTop: 16 }}>
        <Table<Job>
          rowKey="id"
          loading={q.loading}
          dataSource={q.data?.dead ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.deadTotal ?? 0, onChange: setPage, showSizeChanger: false }}
          locale={{ emptyText: q.loading ? ' ' : <EmptyState /> }}
          scroll={{ x: 900 }}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 80 },
            { title: t('jobs.kind'), dataIndex: 'kind' },
            { title: t('jobs.attempts'), key: 'attempts', width: 110, render: (_: unknown, j) => `${j.attempts}/${j.maxAttempts}` },
            { title: t('jobs.lastError'), dataIndex: 'lastError' },
            { title: t('jobs.finishedAt'), dataIndex: 'finishedAt', width: 180, render: (v: string | null) => fmt(v) },
            {
              title: '',
              key: 'retry',
              width: 130,
              render: (_: unknown, j) =>
                can('jobs.retry') ? (
                  <Button size="small" icon={<RedoOutlined aria-hidden />} onClick={() => void retry(j.id)}>
                    {t('jobs.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
