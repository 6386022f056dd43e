import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Venue } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useVenueTypes } from './use-venue-types';
import { useSession } from '../../session';
import { useClearable } from '../../components/clearable';

/** Venues of my region, managed or co-built by my organization: filter by type, region and organization; search; page; export. */
export function VenuesPage() {
  const clearable = useClearable();
  const t = useT();
  const types = useVenueTypes();
  const { can } = useSession();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [type, setType] = useState<string | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const filters = { q: dq, type, regionCode, orgId, sort: 'name' as const, order };
  const list = useEndpoint(venuesApi.list, { query: { ...filters, page, pageSize } });
  const reset = () => setPage(1);
  return (
    <>
      <PageTitle
        extra={
          <Flex gap="small">
            {can('venue.write') ? (
              <Button type="primary" onClick={() => navigate('/venues/new')}>
                {t('venue.edit.new')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined aria-hidden />} href={venuesApi.export.path({ query: filters })}>
              {t('venue.export')}
            </Button>
          </Flex>
        }
      >
        {t('venue.title')}
      </PageTitle>
      <Flex gap="small" wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear={clearable}
          placeholder={t('venue.search')}
          aria-label={t('venue.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            reset();
          }}
          style={{ maxWidth: 260 }}
        />
        <Select
          allowClear={clearable}
          placeholder={t('venue.field.type')}
          aria-label={t('venue.field.type')}
          value={type}
          onChange={(v) => {
            setType(v);
            reset();
          }}
          style={{ minWidth: 180 }}
          options={types.items.map((x) => ({ value: x.code, label: types.label(x.code) }))}
        />
        <div style={{ minWidth: 220 }}>
          <RegionSelect
            value={regionCode}
            onChange={(v) => {
              setRegionCode(v);
              reset();
            }}
            placeholder={t('venue.field.region')}
            aria-label={t('venue.field.region')}
          />
        </div>
        <div style={{ minWidth: 240 }}>
          <OrgSelect
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              reset();
            }}
            placeholder={t('venue.field.org')}
            aria-label={t('venue.field.org')}
          />
        </div>
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Venue>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 960 }}
          onChange={(_, __, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setOrder(s?.order === 'descend' ? 'desc' : 'asc');
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
            {
              title: t('venue.field.name'),
              dataIndex: 'name',
              sorter: true,
              sortOrder: order === 'asc' ? 'ascend' : 'descend',
              render: (v: string, r) => <Link to={`/venues/${r.id}`}>{v}</Link>,
            },
            {
              title: t('venue.field.type'),
              dataIndex: 'typeCode',
              render: (v: string, r) => (
                <>
                  {types.label(v)}
                  {r.modelLevel ? <Tag style={{ marginInlineStart: 6 }}>{t(`venue.model.${r.modelLevel}` as never)}</Tag> : null}
                </>
              ),
            },
            { title: t('venue.field.region'), dataIndex: 'regionName' },
            { title: t('venue.field.manager'), dataIndex: 'managingOrgName' },
            { title: t('venue.field.cobuilders'), key: 'cb', render: (_, r) => r.cobuilders.map((c) => c.name).join('、') || t('common.none') },
            { title: t('venue.field.rooms'), dataIndex: 'roomCount', width: 80 },
          ]}
        />
      )}
    </>
  );
}
