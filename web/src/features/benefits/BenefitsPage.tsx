import { App, Button, Card, Space, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { Offer } from '@contracts/benefits';
import { benefitsApi } from '../../api/benefits';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

/** The benefit offers (普惠项目) of my subtree, or of my organization as provider: quota left, window, pause and draw. */
export function BenefitsPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const state = useEndpoint(benefitsApi.list, { query: { pageSize: 100 } });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      state.reload();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <>
      <PageTitle>{t('benefits.title')}</PageTitle>
      <Card>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<Offer>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          columns={[
            { title: t('benefits.col.title'), dataIndex: 'title' },
            { title: t('benefits.col.provider'), dataIndex: 'providerName' },
            { title: t('benefits.col.kind'), dataIndex: 'kind', render: (v: Offer['kind']) => t(`benefits.kind.${v}`) },
            { title: t('benefits.col.mode'), dataIndex: 'mode', render: (v: Offer['mode']) => t(`benefits.mode.${v}`) },
            { title: t('benefits.col.quota'), key: 'quota', render: (_: unknown, r) => `${r.remaining} / ${r.quota}` },
            { title: t('benefits.col.window'), dataIndex: 'claimTo', render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
            { title: t('benefits.col.status'), dataIndex: 'status', render: (v: Offer['status']) => <Tag className={v === 'open' ? 'qh-tag-ok' : ''}>{t(`benefits.status.${v}`)}</Tag> },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, r) =>
                can('benefit.manage') ? (
                  <Space>
                    {r.status === 'open' ? (
                      <Button size="small" onClick={() => void act(() => benefitsApi.pause.call({ params: { id: r.id }, body: { version: r.version } }))}>
                        {t('benefits.pause')}
                      </Button>
                    ) : null}
                    {r.status === 'paused' ? (
                      <Button size="small" onClick={() => void act(() => benefitsApi.resume.call({ params: { id: r.id }, body: { version: r.version } }))}>
                        {t('benefits.resume')}
                      </Button>
                    ) : null}
                    {r.mode === 'lottery' && r.status !== 'drawn' && new Date(r.claimTo) < new Date() ? (
                      <Button size="small" onClick={() => void act(() => benefitsApi.draw.call({ params: { id: r.id }, body: {} }))}>
                        {t('benefits.draw')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
    </>
  );
}
