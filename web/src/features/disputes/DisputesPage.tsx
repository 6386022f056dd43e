import { BarChartOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { DISPUTE_OUTCOMES, DISPUTE_STATUSES, type DisputeOutcome, type DisputeStatus } from '@contracts/disputes.enums';
import type { CaseSummary, DisputeListQuery } from '@contracts/disputes';
import { disputesApi } from '../../api/disputes';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { yuan } from './format';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';

type Filters = { q: string; status?: DisputeStatus; outcome?: DisputeOutcome; regionCode?: string; from?: string; to?: string };
type SortKey = NonNullable<DisputeListQuery['sort']>;
type Sort = { sort: SortKey; order: 'asc' | 'desc' };

const SORTABLE: Record<string, SortKey> = {
  number: 'number',
  employerName: 'employerName',
  claimedTotal: 'claimedTotal',
  openedOn: 'openedOn',
  status: 'status',
};

export function StatusTag({ status }: { status: string }) {
  const t = useT();
  const cls = status === 'closed' ? 'qh-tag-archived' : status === 'confirmed' || status === 'agreed' ? 'qh-tag-ok' : 'qh-tag-workday';
  return <Tag className={cls}>{labelOf(t, 'dstatus', status)}</Tag>;
}

/** The case list: the opener's scope, or (partner staff, `invited`) the cases the organization is invited to. */
function DisputeList({ invited }: { invited: boolean }) {
  const clearable = useClearable();
  const t = useT();
  const nav = useNavigate();
  const { can } = useSession();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [sort, setSort] = useState<Sort>({ sort: 'openedOn', order: 'desc' });
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const params = {
    q: filters.q.trim() || undefined,
    status: filters.status,
    outcome: filters.outcome,
    regionCode: filters.regionCode,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
  const state = useEndpoint(disputesApi.list, { query: { ...params, ...sort, invited: invited || undefined, page, pageSize } });
  const update = (f: Partial<Filters>) => {
    setFilters((p) => ({ ...p, ...f }));
    setPage(1);
  };
  const sortOrder = (key: string) => (sort.sort === key ? (sort.order === 'asc' ? 'ascend' : 'descend') : null);

  return (
    <>
      <PageTitle
        extra={
          <>
            {!invited && can('dispute.read') ? (
              <Button icon={<BarChartOutlined aria-hidden />} onClick={() => nav('/dispute-figures')}>
                {t('disputes.figures')}
              </Button>
            ) : null}
            {!invited && can('dispute.read') ? (
              <Button icon={<DownloadOutlined aria-hidden />} href={disputesApi.exportXlsx.path({ query: { ...params, ...sort } })}>
                {t('disputes.export')}
              </Button>
            ) : null}
            {!invited && can('dispute.manage') ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => nav('/disputes/new')}>
                {t('disputes.create')}
              </Button>
            ) : null}
          </>
        }
      >
        {invited ? t('disputes.invitedTitle') : t('disputes.title')}
      </PageTitle>
      {invited ? <Alert type="info" showIcon title={t('disputes.invitedHint')} style={{ marginBottom: 16 }} /> : null}
      <Card>
        <SectionTitle>{t('common.filters')}</SectionTitle>
        <Form layout="inline" name="dispute-filters" component="div" style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item label={t('disputes.q')} htmlFor="dispute-q">
            <Input.Search id="dispute-q" allowClear={clearable} enterButton={t('common.search')} onSearch={(q) => update({ q })} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item label={t('disputes.status')} htmlFor="dispute-status">
            <Select
              id="dispute-status"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={filters.status}
              onChange={(status?: DisputeStatus) => update({ status })}
              options={DISPUTE_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'dstatus', s) }))}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item label={t('disputes.outcome')} htmlFor="dispute-outcome">
            <Select
              id="dispute-outcome"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={filters.outcome}
              onChange={(outcome?: DisputeOutcome) => update({ outcome })}
              options={DISPUTE_OUTCOMES.map((s) => ({ value: s, label: labelOf(t, 'doutcome', s) }))}
              style={{ width: 180 }}
            />
          </Form.Item>
          <Form.Item label={t('disputes.region')} htmlFor="dispute-region">
            <div style={{ width: 220 }}>
              <RegionSelect id="dispute-region" value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} />
            </div>
          </Form.Item>
          <Form.Item label={t('disputes.from')} htmlFor="dispute-from">
            <DateField id="dispute-from" value={filters.from ?? ''} onChange={(from) => update({ from })} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('disputes.to')} htmlFor="dispute-to">
            <DateField id="dispute-to" value={filters.to ?? ''} onChange={(to) => update({ to })} style={{ width: 160 }} />
          </Form.Item>
        </Form>
        <SectionTitle>{t('common.results')}</SectionTitle>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<CaseSummary>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          // As wide as its content and no wider than its box: a column never cut, the rest scrolled inside the box.
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          pagination={{ current: page, pageSize, total: state.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => t('common.total', { n }) }}
          onChange={(p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<CaseSummary> | undefined;
            const key = s?.order ? SORTABLE[String(s.columnKey)] : undefined;
            setSort(key ? { sort: key, order: s?.order === 'ascend' ? 'asc' : 'desc' } : { sort: 'openedOn', order: 'desc' });
            setPage(p.current ?? 1);
          }}
          columns={[
            {
              title: t('disputes.number'),
              key: 'number',
              dataIndex: 'number',
              width: 150,
              sorter: true,
              sortOrder: sortOrder('number'),
              render: (v: string, r) => <Link to={`/disputes/${r.id}`}>{v}</Link>,
            },
            { title: t('disputes.openedOn'), key: 'openedOn', dataIndex: 'openedOn', width: 110, sorter: true, sortOrder: sortOrder('openedOn') },
            { title: t('disputes.employer'), key: 'employerName', dataIndex: 'employerName', sorter: true, sortOrder: sortOrder('employerName') },
            { title: t('disputes.district'), dataIndex: 'districtName', width: 110, render: (v: string | null) => v ?? t('common.none') },
            { title: t('disputes.region'), dataIndex: 'regionName' },
            { title: t('disputes.opener'), dataIndex: 'openerOrgName' },
            {
              title: t('disputes.claimed'),
              key: 'claimedTotal',
              dataIndex: 'claimedTotal',
              align: 'right',
              sorter: true,
              sortOrder: sortOrder('claimedTotal'),
              render: (v: number) => yuan(v),
            },
            {
              title: t('disputes.status'),
              key: 'status',
              dataIndex: 'status',
              width: 120,
              sorter: true,
              sortOrder: sortOrder('status'),
              render: (v: string) => <StatusTag status={v} />,
            },
            { title: t('disputes.outcome'), dataIndex: 'outcome', render: (v: string | null) => (v ? labelOf(t, 'doutcome', v) : t('common.none')) },
            ...(invited ? [] : [{ title: t('disputes.access'), dataIndex: 'access', width: 110, render: (v: string) => labelOf(t, 'disputes.access', v) }]),
          ]}
        />
      </Card>
    </>
  );
}

export function DisputesPage() {
  return <DisputeList invited={false} />;
}

/** Partner staff land on the cases they are invited to. */
export function InvitedDisputesPage() {
  return <DisputeList invited />;
}
