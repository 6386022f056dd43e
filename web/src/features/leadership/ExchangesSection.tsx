import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { labelOf } from '../../components/labels';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import type { CadreExchange } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { AddExchangeModal } from './AddExchangeModal';

export function ExchangesSection() {
  const t = useT();
  const { can } = useSession();
  const state = useEndpoint(orgsApi.exchanges);
  const [adding, setAdding] = useState(false);
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('lead.exchanges')}</SectionTitle>
        {can('staff.write') ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('lead.addExchange')}
          </Button>
        ) : null}
      </Flex>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<CadreExchange>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 720 }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('leaders.person'), dataIndex: 'personName' },
          { title: t('lead.kind'), dataIndex: 'kind', render: (v: string) => labelOf(t, 'exchange', v) },
          { title: t('lead.from'), dataIndex: 'fromName' },
          { title: t('lead.to'), dataIndex: 'toName' },
          { title: t('lead.startDate'), dataIndex: 'startDate' },
          { title: t('lead.endDate'), dataIndex: 'endDate', render: (v: string | null) => v ?? t('common.none') },
        ]}
      />
      {adding ? (
        <AddExchangeModal
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
