import { Button, Flex } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Booking } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { useConfirm } from '../../components/confirm';
import { PageTitle } from '../../components/PageTitle';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { chinaLabel } from './types';

/** Booking requests of other organizations at venues my organization manages: approve or reject. */
export function ApprovalsPage() {
  const t = useT();
  const confirm = useConfirm();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useEndpoint(venuesApi.inbox, { query: { page, pageSize } });
  const decide = (b: Booking, approve: boolean) =>
    confirm({
      title: approve ? t('venue.approvals.approveConfirm') : t('venue.approvals.rejectConfirm'),
      content: `${b.venueName} · ${b.roomName} · ${chinaLabel(b.start)}–${chinaLabel(b.end).slice(11)} · ${b.orgName}`,
      danger: !approve,
      onOk: () => (approve ? venuesApi.approve : venuesApi.reject).call({ params: { id: b.id }, body: {} }).then(list.reload),
    });
  return (
    <>
      <PageTitle>{t('venue.approvals.title')}</PageTitle>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Booking>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, ps) => {
              setPage(p);
              setPageSize(ps);
            },
          }}
          columns={[
            { title: t('venue.approvals.venue'), key: 'v', render: (_, b) => <Link to={`/venues/${b.venueId}`}>{`${b.venueName} · ${b.roomName}`}</Link> },
            { title: t('venue.booking.when'), key: 'w', render: (_, b) => `${chinaLabel(b.start)}–${chinaLabel(b.end).slice(11)}` },
            { title: t('venue.booking.org'), dataIndex: 'orgName' },
            { title: t('venue.booking.purpose'), dataIndex: 'purpose' },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, b) => (
                <Flex gap="small">
                  <Button size="small" type="primary" onClick={() => decide(b, true)}>
                    {t('venue.approvals.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => decide(b, false)}>
                    {t('venue.approvals.reject')}
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
