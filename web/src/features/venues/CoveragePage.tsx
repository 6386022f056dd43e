import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, List, Modal, Select, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CoverageRow as Row } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { BarChart } from '../../components/BarChart';
import { PageTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { DataState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { VENUE_TYPES } from './types';
import { useClearable } from '../../components/clearable';

/** Coverage of every community (无死角): the community × venue type matrix with gaps, by district and street; export. */
export function CoveragePage() {
  const clearable = useClearable();
  const t = useT();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [type, setType] = useState<string | undefined>();
  const [gapsOnly, setGapsOnly] = useState(true);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const summary = useEndpoint(venuesApi.coverageSummary, { query: { regionCode } });
  const list = useEndpoint(venuesApi.coverage, { query: { regionCode, type, gapsOnly, page, pageSize } });
  const detail = useEndpoint(venuesApi.coverageOf, open ? { params: { code: open } } : null);
  const typeLabel = (c: string) => t(`venue.type.${c}` as never);
  return (
    <>
      <PageTitle
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} href={venuesApi.exportGaps.path({ query: { regionCode, type } })}>
            {t('venue.coverage.export')}
          </Button>
        }
      >
        {t('venue.coverage.title')}
      </PageTitle>
      <Flex gap="small" wrap align="center" style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 240 }}>
          <RegionSelect
            value={regionCode}
            onChange={(v) => {
              setRegionCode(v);
              setPage(1);
            }}
            placeholder={`${t('venue.coverage.district')} / ${t('venue.coverage.street')}`}
            aria-label={t('venue.field.region')}
          />
        </div>
        <Select
          allowClear={clearable}
          placeholder={t('venue.field.type')}
          aria-label={t('venue.field.type')}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          style={{ minWidth: 180 }}
          options={VENUE_TYPES.map((x) => ({ value: x, label: typeLabel(x) }))}
        />
        <Checkbox
          checked={gapsOnly}
          onChange={(e) => {
            setGapsOnly(e.target.checked);
            setPage(1);
          }}
        >
          {t('venue.coverage.gapsOnly')}
        </Checkbox>
      </Flex>
      <Card title={t('venue.coverage.summary')} style={{ marginBottom: 16 }}>
        <DataState state={summary}>
          {(s) => (
            <>
              <Typography.Paragraph>{t('venue.coverage.communities', { n: s.communities, m: s.fullyCovered })}</Typography.Paragraph>
              <BarChart
                label={t('venue.coverage.chartLabel')}
                categories={s.types.filter((x) => x.expected).map((x) => typeLabel(x.code))}
                series={[
                  { name: t('venue.coverage.legendServed'), values: s.types.filter((x) => x.expected).map((x) => x.covered), color: '#0958d9' },
                  { name: t('venue.coverage.legendMissing'), values: s.types.filter((x) => x.expected).map((x) => x.missing), color: '#cf1322' },
                ]}
                stacked
                height={260}
              />
            </>
          )}
        </DataState>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Row>
          rowKey="code"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1100 }}
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
            { title: t('venue.coverage.district'), dataIndex: 'districtName', fixed: 'left' },
            { title: t('venue.coverage.street'), dataIndex: 'streetName' },
            {
              title: t('venue.coverage.community'),
              dataIndex: 'name',
              render: (v: string, r) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r.code)}>
                  {v}
                </Button>
              ),
            },
            ...VENUE_TYPES.map((ty) => ({
              title: typeLabel(ty),
              key: ty,
              align: 'center' as const,
              render: (_: unknown, r: Row) =>
                r.types[ty] ? r.types[ty] : list.data?.expectedTypes.includes(ty) ? <Tag color="red">0</Tag> : <span aria-label="0">·</span>,
            })),
            { title: t('venue.coverage.venues'), dataIndex: 'venues', align: 'center' },
            { title: t('venue.coverage.orgs'), dataIndex: 'orgs', align: 'center' },
            {
              title: t('venue.coverage.missingTypes'),
              dataIndex: 'missing',
              render: (m: string[]) =>
                m.map((x) => (
                  <Tag key={x} color="red">
                    {typeLabel(x)}
                  </Tag>
                )),
            },
          ]}
        />
      )}
      <Modal
        open={open !== null}
        onCancel={() => setOpen(null)}
        footer={null}
        title={detail.data ? t('venue.coverage.detail', { name: detail.data.name }) : t('common.loading')}
      >
        <DataState state={detail}>
          {(d) => (
            <List
              dataSource={d.venues}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(v) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <>
                        <Tag>{typeLabel(v.typeCode)}</Tag>
                        <Link to={`/venues/${v.id}`}>{v.name}</Link>
                      </>
                    }
                    description={v.orgs
                      .map((o) => `${o.name}（${o.role === 'manager' ? t('venue.coverage.manager') : t('venue.coverage.cobuilder')}）`)
                      .join('、')}
                  />
                </List.Item>
              )}
            />
          )}
        </DataState>
      </Modal>
    </>
  );
}
