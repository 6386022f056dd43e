import { Button, Flex, Form, Input, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ListOrgsQuery, Org } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { dateTime, labelOf } from '../../components/labels';
import { RegionSelect } from '../../components/RegionSelect';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { ORG_LEVELS } from '../../types';
import { useClearable } from '../../components/clearable';

type Sort = 'name' | 'level' | 'created' | 'region';
type Filters = { q: string; level?: ListOrgsQuery['level']; status?: ListOrgsQuery['status']; regionCode?: string };
const SORT_OF: Record<string, Sort> = { name: 'name', level: 'level', createdAt: 'created', regionName: 'region' };

type Props = { type: string; parent: Org | null; onClearParent: () => void; version: number };

/** The list of units of one type in the caller's scope, searched, filtered, sorted and paged on the server. */
export function OrgTable({ type, parent, onClearParent, version }: Props) {
  const clearable = useClearable();
  const t = useT();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ by: Sort; order: 'asc' | 'desc' } | null>(null);
  const pageSize = 20;
  const state = useEndpoint(orgsApi.list, {
    query: {
      type,
      parentId: parent?.id,
      q: filters.q.trim() || undefined,
      level: filters.level,
      status: filters.status,
      regionCode: filters.regionCode,
      page,
      pageSize,
      sort: sort?.by,
      order: sort?.order,
    },
  });
  const { reload } = state;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  const update = (f: Partial<Filters>) => {
    setFilters((prev) => ({ ...prev, ...f }));
    setPage(1);
  };
  const sortOrder = (col: string) => (sort && SORT_OF[col] === sort.by ? (sort.order === 'asc' ? 'ascend' : 'descend') : null);

  return (
    <>
      <Form layout="inline" name={`org-filters-${type}`} component="div" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label={t('orgs.search')} htmlFor={`org-q-${type}`}>
          <Input.Search
            id={`org-q-${type}`}
            placeholder={t('orgs.searchPlaceholder')}
            allowClear={clearable}
            enterButton={t('common.search')}
            onSearch={(q) => update({ q })}
            style={{ width: 260 }}
          />
        </Form.Item>
        <Form.Item label={t('orgs.level')} htmlFor={`org-level-${type}`}>
          <Select
            id={`org-level-${type}`}
            allowClear={clearable}
            placeholder={t('common.all')}
            value={filters.level}
            onChange={(level?: Filters['level']) => update({ level })}
            options={ORG_LEVELS.map((l) => ({ value: l, label: labelOf(t, 'level', l) }))}
            style={{ width: 150 }}
          />
        </Form.Item>
        <Form.Item label={t('orgs.status')} htmlFor={`org-status-${type}`}>
          <Select
            id={`org-status-${type}`}
            allowClear={clearable}
            placeholder={t('common.all')}
            value={filters.status}
            onChange={(status?: Filters['status']) => update({ status })}
            options={[
              { value: 'active', label: t('orgs.active') },
              { value: 'archived', label: t('orgs.archived') },
            ]}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item label={t('orgs.region')} htmlFor={`org-region-${type}`}>
          <div style={{ width: 240 }}>
            <RegionSelect id={`org-region-${type}`} value={filters.regionCode} onChange={(regionCode) => update({ regionCode })} />
          </div>
        </Form.Item>
      </Form>
      {parent ? (
        <Flex gap="small" align="center" style={{ marginBottom: 12 }}>
          <span>
            {t('orgs.parent')}：<strong>{parent.name}</strong>
          </span>
          <Button size="small" onClick={onClearParent}>
            {t('common.reset')}
          </Button>
        </Flex>
      ) : null}
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Org>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        scroll={{ x: 640 }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: setPage,
        }}
        onChange={(_p, _f, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Org> | undefined;
          const by = s?.columnKey ? SORT_OF[String(s.columnKey)] : undefined;
          setSort(by && s?.order ? { by, order: s.order === 'ascend' ? 'asc' : 'desc' } : null);
        }}
        columns={[
          {
            key: 'name',
            title: t('orgs.name'),
            dataIndex: 'name',
            sorter: true,
            sortOrder: sortOrder('name'),
            render: (name: string, o) => <Link to={`/orgs/${o.id}`}>{name}</Link>,
          },
          {
            key: 'level',
            title: t('orgs.level'),
            dataIndex: 'level',
            width: 120,
            sorter: true,
            sortOrder: sortOrder('level'),
            render: (l: string) => labelOf(t, 'level', l),
          },
          { key: 'regionName', title: t('orgs.region'), dataIndex: 'regionName', width: 130, sorter: true, sortOrder: sortOrder('regionName') },
          { key: 'childCount', title: t('orgs.childCount'), dataIndex: 'childCount', align: 'right', width: 100 },
          {
            key: 'status',
            title: t('orgs.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: string) => (
              <Tag className={s === 'archived' ? 'qh-tag-archived' : 'qh-tag-ok'}>{s === 'archived' ? t('orgs.archived') : t('orgs.active')}</Tag>
            ),
          },
          {
            key: 'createdAt',
            title: t('orgs.createdAt'),
            dataIndex: 'createdAt',
            width: 130,
            responsive: ['xxl'],
            sorter: true,
            sortOrder: sortOrder('createdAt'),
            render: (v: string) => dateTime(v).slice(0, 10),
          },
        ]}
      />
    </>
  );
}
