import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Space } from 'antd';
import { useState } from 'react';
import type { Offer } from '@contracts/benefits';
import { benefitsApi } from '../../api/benefits';
import { useConfirm } from '../../components/confirm';
import { dateTime } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { Table } from '../../components/Table';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { OfferDetail, OfferStatusTag } from './OfferDetail';
import { OfferForm } from './OfferForm';

/**
 * The benefit offers (普惠项目) of my subtree, or of my organization as provider: quota left, window, pause and draw;
 * publishing an offer (in a drawer) and an offer's detail with its claims (in a drawer).
 */
export function BenefitsPage() {
  const t = useT();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const { can } = useSession();
  const manage = can('benefit.manage');
  const state = useEndpoint(benefitsApi.list, { query: { pageSize: 100 } });
  const [publishing, setPublishing] = useState(false);
  const [shown, setShown] = useState<Offer | null>(null);
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
      <PageTitle
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setPublishing(true)}>
              {t('benefits.publish')}
            </Button>
          ) : null
        }
      >
        {t('benefits.title')}
      </PageTitle>
      <Card>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<Offer>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState description={manage ? t('benefits.noneYet') : undefined} /> }}
          columns={[
            {
              title: t('benefits.col.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} onClick={() => setShown(r)}>
                  {v}
                </Button>
              ),
            },
            { title: t('benefits.col.provider'), dataIndex: 'providerName' },
            { title: t('benefits.col.kind'), dataIndex: 'kind', render: (v: Offer['kind']) => t(`benefits.kind.${v}`) },
            { title: t('benefits.col.mode'), dataIndex: 'mode', render: (v: Offer['mode']) => t(`benefits.mode.${v}`) },
            { title: t('benefits.col.quota'), key: 'quota', render: (_: unknown, r) => `${r.remaining} / ${r.quota}` },
            { title: t('benefits.col.window'), dataIndex: 'claimTo', render: (v: string) => dateTime(v) },
            { title: t('benefits.col.status'), dataIndex: 'status', render: (v: Offer['status']) => <OfferStatusTag status={v} /> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) =>
                manage ? (
                  <Space>
                    {r.status === 'open' ? (
                      <Button
                        size="small"
                        aria-label={`${t('benefits.pause')}：${r.title}`}
                        onClick={() =>
                          confirm({
                            title: t('benefits.pause.confirm', { title: r.title }),
                            okText: t('benefits.pause'),
                            onOk: () => benefitsApi.pause.call({ params: { id: r.id }, body: { version: r.version } }).then(state.reload),
                          })
                        }
                      >
                        {t('benefits.pause')}
                      </Button>
                    ) : null}
                    {r.status === 'paused' ? (
                      <Button
                        size="small"
                        aria-label={`${t('benefits.resume')}：${r.title}`}
                        onClick={() => void act(() => benefitsApi.resume.call({ params: { id: r.id }, body: { version: r.version } }))}
                      >
                        {t('benefits.resume')}
                      </Button>
                    ) : null}
                    {r.mode === 'lottery' && r.status !== 'drawn' && new Date(r.claimTo) < new Date() ? (
                      <Button
                        size="small"
                        aria-label={`${t('benefits.draw')}：${r.title}`}
                        onClick={() =>
                          confirm({
                            title: t('benefits.draw.confirm', { title: r.title }),
                            danger: true,
                            okText: t('benefits.draw'),
                            onOk: () => benefitsApi.draw.call({ params: { id: r.id }, body: {} }).then(state.reload),
                          })
                        }
                      >
                        {t('benefits.draw')}
                      </Button>
                    ) : null}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>

      <Drawer open={publishing} size="min(720px, 100vw)" title={t('benefits.publish')} onClose={() => setPublishing(false)} destroyOnHidden>
        <OfferForm
          onCancel={() => setPublishing(false)}
          onSaved={() => {
            setPublishing(false);
            state.reload();
          }}
        />
      </Drawer>

      <Drawer
        open={shown !== null}
        size="min(880px, 100vw)"
        title={shown ? t('benefits.detail.title', { title: shown.title }) : ''}
        onClose={() => setShown(null)}
        destroyOnHidden
      >
        {shown ? <OfferDetail id={shown.id} onChanged={state.reload} /> : null}
      </Drawer>
    </>
  );
}
