import { Button, Flex, Input, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle';
import { dateTime } from '../../components/labels';
import { ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ActivityFormModal } from './ActivityFormModal';
import type { Activity, ActivityStatus, ActivityType } from '@contracts/activities';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES } from '@contracts/activities.enums';
import { activitiesApi } from '../../api/activities';
import { useClearable } from '../../components/clearable';

const STATUS_CLASS: Record<string, string> = { draft: 'qh-tag-archived', published: 'qh-tag-ok', cancelled: 'qh-tag-bad' };

/** Activities hosted or co-hosted in my scope: search, filter, sort, page; create. */
export function ActivitiesPage() {
  const clearable = useClearable();
  const t = useT();
  const nav = useNavigate();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [type, setType] = useState<ActivityType | undefined>();
  const [status, setStatus] = useState<ActivityStatus | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [creating, setCreating] = useState(false);
  const list = useEndpoint(activitiesApi.list, { query: { q: dq || undefined, type, status, page, pageSize, sort: 'starts', order } });

  return (
    <>
      <PageTitle
        extra={
          can('activity.write') ? (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('act.create')}
            </Button>
          ) : null
        }
      >
        {t('act.title')}
      </PageTitle>
      <Flex gap="small" wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear={clearable}
          placeholder={t('act.search')}
          aria-label={t('act.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          style={{ maxWidth: 280 }}
        />
        <Select
          allowClear={clearable}
          placeholder={t('act.field.type')}
          aria-label={t('act.field.type')}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          style={{ minWidth: 140 }}
          options={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(`act.type.${x}`) }))}
        />
        <Select
          allowClear={clearable}
          placeholder={t('act.field.status')}
          aria-label={t('act.field.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ minWidth: 120 }}
          options={ACTIVITY_STATUSES.map((x) => ({ value: x, label: t(`act.status.${x}` as never) }))}
        />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Activity>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          onChange={(_, __, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setOrder(s?.order === 'ascend' ? 'asc' : 'desc');
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, ps) => {
              setPage(p);
              setPageSize(ps);
            },
          }}
          columns={[
            { title: t('act.field.title'), dataIndex: 'title', render: (v: string, a) => <Link to={`/activities/${a.id}`}>{v}</Link> },
            { title: t('act.field.type'), dataIndex: 'type', render: (v: string) => t(`act.type.${v}` as never) },
            {
              title: t('act.field.time'),
              dataIndex: 'startsAt',
              sorter: true,
              sortOrder: order === 'asc' ? 'ascend' : 'descend',
              render: (v: string) => dateTime(v),
            },
            { title: t('act.field.host'), dataIndex: 'hostOrgName' },
            { title: t('act.field.registered'), key: 'reg', render: (_, a) => `${a.registeredCount} / ${a.capacity}` },
            { title: t('act.field.waitlisted'), dataIndex: 'waitlistedCount' },
            { title: t('act.field.personTimes'), dataIndex: 'personTimes' },
            {
              title: t('act.field.status'),
              dataIndex: 'status',
              render: (v: string) => <Tag className={STATUS_CLASS[v]}>{t(`act.status.${v}` as never)}</Tag>,
            },
          ]}
        />
      )}
      <ActivityFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => {
          setCreating(false);
          void nav(`/activities/${a.id}`);
        }}
      />
    </>
  );
}
