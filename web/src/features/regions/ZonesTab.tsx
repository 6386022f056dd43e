import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Zone } from '@contracts/regions';
import { regionsApi } from '../../api/regions';
import { useConfirm } from '../../components/confirm';
import { SectionTitle } from '../../components/PageTitle';
import { useRegionNames } from '../../components/region-names';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ZoneFormModal } from './ZoneFormModal';

export function ZonesTab() {
  const t = useT();
  const { can } = useSession();
  const confirm = useConfirm();
  const state = useEndpoint(regionsApi.zones);
  const zones = state.data?.items ?? [];
  const names = useRegionNames(zones.flatMap((z) => z.streetCodes));
  const [editing, setEditing] = useState<Zone | 'new' | null>(null);
  const writable = can('region.write');

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('zones.title')}</SectionTitle>
        {writable ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('zones.create')}
          </Button>
        ) : null}
      </Flex>
      <p className="qh-muted">{t('zones.intro')}</p>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Zone>
        rowKey="id"
        loading={state.loading}
        dataSource={zones}
        pagination={false}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('zones.name'), dataIndex: 'name' },
          { title: t('zones.note'), dataIndex: 'note', render: (v: string) => v || t('common.none') },
          {
            title: t('zones.streets'),
            key: 'streets',
            render: (_: unknown, z) => (
              <>
                <div className="qh-muted">{t('zones.streetCount', { n: z.streetCodes.length })}</div>
                {z.streetCodes.map((c) => (
                  <Tag key={c}>{names[c] ?? c}</Tag>
                ))}
              </>
            ),
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, z: Zone) => (
                    <Flex gap="small" wrap>
                      <Button size="small" onClick={() => setEditing(z)} aria-label={`${t('zones.editStreets')}：${z.name}`}>
                        {t('zones.editStreets')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        aria-label={`${t('common.delete')}：${z.name}`}
                        onClick={() =>
                          confirm({
                            title: t('zones.deleteConfirm', { name: z.name }),
                            danger: true,
                            okText: t('common.delete'),
                            successText: t('common.deleted'),
                            onOk: async () => {
                              await regionsApi.deleteZone.call({ params: { id: z.id } });
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
        <ZoneFormModal
          zone={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
