import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Leader, OrgDetail } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useConfirm } from '../../components/confirm';
import { labelOf, percent } from '../../components/labels';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { AddLeaderModal } from './AddLeaderModal';

export function LeadersTab({ org }: { org: OrgDetail }) {
  const t = useT();
  const { can } = useSession();
  const confirm = useConfirm();
  const state = useEndpoint(orgsApi.leaders, { params: { id: org.id } });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Leader | null>(null);
  const writable = can('staff.write');
  const c = state.data?.composition;

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('leaders.title')}</SectionTitle>
        {writable ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('leaders.add')}
          </Button>
        ) : null}
      </Flex>
      {c ? (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('leaders.summary', { members: c.members, frontline: percent(t, c.frontlineShare), model: percent(t, c.modelWorkerShare) })}
          description={c.hasPartTimeOrSeconded ? t('leaders.hasPTS') : t('leaders.noPTS')}
        />
      ) : null}
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Leader>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('leaders.person'), dataIndex: 'personName' },
          { title: t('leaders.post'), dataIndex: 'post' },
          { title: t('leaders.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span> },
          { title: t('leaders.staffingMode'), dataIndex: 'staffingMode', render: (v: string) => labelOf(t, 'staffing', v) },
          { title: t('leaders.education'), dataIndex: 'education', render: (v: string | null) => (v ? t(`lead.bd.${v}` as never) : t('lead.bd.unknown')) },
          { title: t('leaders.termStart'), dataIndex: 'termStart' },
          { title: t('leaders.termEnd'), dataIndex: 'termEnd', render: (v: string | null) => v ?? t('common.none') },
          {
            title: `${t('leaders.frontline')} / ${t('leaders.modelWorker')}`,
            key: 'flags',
            render: (_: unknown, l) => (
              <>
                {l.frontline ? <Tag>{t('leaders.frontline')}</Tag> : null}
                {l.modelWorker ? <Tag>{t('leaders.modelWorker')}</Tag> : null}
                {!l.frontline && !l.modelWorker ? t('common.none') : null}
              </>
            ),
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, l: Leader) => (
                    <Flex gap="small">
                      <Button size="small" aria-label={`${t('common.edit')}：${l.personName}`} onClick={() => setEditing(l)}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        aria-label={`${t('common.delete')}：${l.personName}`}
                        onClick={() =>
                          confirm({
                            title: t('leaders.removeConfirm', { name: l.personName }),
                            danger: true,
                            okText: t('common.delete'),
                            successText: t('common.deleted'),
                            onOk: async () => {
                              await orgsApi.removeLeader.call({ params: { id: l.id } });
                              state.reload();
                            },
                          })
                        }
                      >
                        {t('common.delete')}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <AddLeaderModal
          org={org}
          leader={editing}
          onClose={() => setEditing(null)}
          onAdded={() => {
            setEditing(null);
            state.reload();
          }}
        />
      ) : null}
      {adding ? (
        <AddLeaderModal
          org={org}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
