import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Segmented, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { EmptyState, ErrorState } from '../../components/states';
import type { RequestStatus, RequestSummary } from '@contracts/requests';
import { REQUEST_STATUSES } from '@contracts/requests.enums';
import { requestsApi } from '../../api/requests';
import { useEndpoint, type Loadable } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import type { Paged } from '../../types';
import './requests.css';
import { StatusTags, useCategories, useCategoryOptions } from './shared';
import { ProvisionalTag } from '../../components/ProvisionalTag';
import { useClearable } from '../../components/clearable';

const NUMBER_RE = /^QH-[0-9]{4}-[0-9]{6,9}$/;
type Quick = 'all' | 'overdue' | 'dueSoon' | 'callbackPending';

/** The inbox: requests handled in my subtree or co-handled by my organization. */
export function RequestsPage() {
  const clearable = useClearable();
  const t = useT();
  const nav = useNavigate();
  const { can } = useSession();
  const [sp, setSp] = useSearchParams();
  const [numberInput, setNumberInput] = useState(sp.get('number') ?? '');
  const [numberError, setNumberError] = useState<string | null>(null);
  const cats = useCategories();
  const catOptions = useCategoryOptions(cats.items, false);
  const page = Number(sp.get('page') ?? '1') || 1;
  const pageSize = 20;
  const quick = (sp.get('quick') as Quick | null) ?? 'all';
  const f = {
    status: (sp.get('status') ?? undefined) as RequestStatus | undefined,
    category: sp.get('category') ?? undefined,
    regionCode: sp.get('region') ?? undefined,
    number: sp.get('number') ?? undefined,
  };
  const state = useEndpoint(requestsApi.list, {
    query: {
      ...f,
      overdue: quick === 'overdue' ? true : undefined,
      dueSoon: quick === 'dueSoon' ? true : undefined,
      callbackPending: quick === 'callbackPending' ? true : undefined,
      page,
      pageSize,
    },
  });

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setSp(next, { replace: true });
  };

  const searchNumber = (raw: string) => {
    const v = raw.trim().toUpperCase();
    if (v && !NUMBER_RE.test(v)) {
      setNumberError(t('req.numberFormat'));
      return;
    }
    setNumberError(null);
    update({ number: v || undefined });
  };

  return (
    <>
      <PageTitle
        extra={
          can('request.handle') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => nav('/requests/new')}>
              {t('req.intake')}
            </Button>
          ) : null
        }
      >
        {t('req.inbox')}
      </PageTitle>
      <Card>
        <SectionTitle>{t('common.filters')}</SectionTitle>
        <Segmented<Quick>
          value={quick}
          onChange={(v) => update({ quick: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'overdue', label: t('req.overdue') },
            { value: 'dueSoon', label: t('req.dueSoon') },
            { value: 'callbackPending', label: t('req.callbackPending') },
          ]}
          style={{ marginBottom: 12 }}
        />
        <Form layout="inline" name="request-filters" component="div" style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item label={t('req.number')} htmlFor="req-number" validateStatus={numberError ? 'error' : undefined} help={numberError ?? undefined}>
            <Input.Search
              id="req-number"
              allowClear={clearable}
              value={numberInput}
              onChange={(e) => setNumberInput(e.target.value)}
              onSearch={searchNumber}
              enterButton={t('common.search')}
              placeholder="QH-2026-000123"
              style={{ width: 280 }}
            />
          </Form.Item>
          <Form.Item label={t('req.status')} htmlFor="req-status">
            <Select
              id="req-status"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={f.status}
              onChange={(v?: string) => update({ status: v })}
              options={REQUEST_STATUSES.map((s) => ({ value: s, label: labelOf(t, 'req.status', s) }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item label={t('req.category')} htmlFor="req-category">
            <Select
              id="req-category"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={f.category}
              onChange={(v?: string) => update({ category: v })}
              options={catOptions}
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          <Form.Item label={t('req.region')} htmlFor="req-region">
            <div style={{ width: 240 }}>
              <RegionSelect id="req-region" value={f.regionCode} onChange={(v) => update({ region: v })} />
            </div>
          </Form.Item>
        </Form>
      </Card>
      <Card style={{ marginTop: 16 }}>
        <SectionTitle>{t('common.results')}</SectionTitle>
        <RequestTable state={state} page={page} pageSize={pageSize} onPage={(p) => update({ page: String(p) })} />
      </Card>
    </>
  );
}

export function RequestTable({
  state,
  page,
  pageSize,
  onPage,
  extraColumn,
}: {
  state: Loadable<Paged<RequestSummary>>;
  page: number;
  pageSize: number;
  onPage: (p: number) => void;
  extraColumn?: { title: string; render: (r: RequestSummary) => React.ReactNode };
}) {
  const t = useT();
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<RequestSummary>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: onPage,
        }}
        columns={[
          {
            title: t('req.number'),
            dataIndex: 'number',
            width: 170,
            render: (v: string, r) => (
              <Link to={`/requests/${r.id}`} className="qh-mono">
                {v}
              </Link>
            ),
          },
          { title: t('req.category'), dataIndex: 'categoryName' },
          { title: t('req.region'), dataIndex: 'regionName' },
          {
            title: t('req.handler'),
            dataIndex: 'handlerOrgName',
            render: (v: string, r) =>
              r.access === 'co_handler' ? (
                <>
                  {v} <Tag>{t('req.access.co_handler')}</Tag>
                </>
              ) : (
                v
              ),
          },
          { title: t('req.status'), dataIndex: 'status', render: (_: string, r) => <StatusTags r={r} /> },
          { title: t('req.channel'), dataIndex: 'channel', render: (v: string) => labelOf(t, 'req.channel', v) },
          { title: t('req.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => dateTime(v), width: 150 },
          {
            title: t('req.resolveDue'),
            dataIndex: 'resolveDue',
            width: 130,
            render: (v: string, r) => (
              <>
                {v}
                <ProvisionalTag show={r.dueProvisional} />
              </>
            ),
          },
          ...(extraColumn ? [{ title: extraColumn.title, key: 'extra', render: (_: unknown, r: RequestSummary) => extraColumn.render(r) }] : []),
        ]}
      />
    </>
  );
}
