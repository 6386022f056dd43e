import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Select, Typography } from 'antd';
import { Table } from '../../components/Table';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { IndexRow, IndicesQuery } from '@contracts/ratings';
import { orgsApi } from '../../api/orgs';
import { ratingsApi } from '../../api/ratings';
import { labelOf, percent } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useOrgTypes } from '../../components/use-org-types';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import { RankChart } from './RankChart';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';

type Level = IndicesQuery['level'];

const BELOW: Record<string, Level> = { city: 'district', district: 'street', street: 'community', community: 'community' };
const thisMonth = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/** The three rates (响应率, 解决率, 满意率) per unit of one level for a month, and the ranking. */
export function IndicesPage() {
  const clearable = useClearable();
  const { t, lang } = usePrefs();
  const { me } = useSession();
  const own = useEndpoint(orgsApi.get, me ? { params: { id: me.orgId } } : null);
  const { types } = useOrgTypes();
  const [month, setMonth] = useState(thisMonth());
  const [levelPick, setLevel] = useState<Level | undefined>();
  const [type, setType] = useState<string | undefined>();
  const [subject, setSubject] = useState<'request' | 'activity'>('request');
  const handled = subject === 'request';
  const level = levelPick ?? (own.data ? BELOW[own.data.level] : undefined);
  const valid = /^20[0-9]{2}-(0[1-9]|1[0-2])$/.test(month);
  const input = level && valid ? { query: { month, level, type, subjectType: handled ? undefined : subject } } : null;
  const state = useEndpoint(ratingsApi.indices, input);
  const rows = state.data?.items ?? [];
  const ranked = rows.filter((r) => r.rank > 0).slice(0, 20);
  const fmt = (x: number | null) => (x === null ? t('common.none') : percent(t, x));
  const handledColumns: ColumnsType<IndexRow> = [
    { title: t('sat.total'), dataIndex: 'total', sorter: (a, b) => a.total - b.total },
    {
      title: t('sat.responseRate'),
      dataIndex: 'responseRate',
      render: (v: number | null, r) => <span title={`${r.acceptedInTime}/${r.total}`}>{fmt(v)}</span>,
      sorter: (a, b) => (a.responseRate ?? -1) - (b.responseRate ?? -1),
    },
    {
      title: t('sat.resolutionRate'),
      dataIndex: 'resolutionRate',
      render: (v: number | null, r) => <span title={`${r.resolved}/${r.total}`}>{fmt(v)}</span>,
      sorter: (a, b) => (a.resolutionRate ?? -1) - (b.resolutionRate ?? -1),
    },
  ];

  return (
    <>
      <PageTitle
        extra={
          input ? (
            <Button icon={<DownloadOutlined aria-hidden />} href={ratingsApi.exportIndices.path(input)}>
              {t('sat.export')}
            </Button>
          ) : null
        }
      >
        {t('sat.indicesTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph className="qh-muted">{t('sat.indicesHint')}</Typography.Paragraph>
        <Form layout="inline" component="div" style={{ rowGap: 8 }}>
          <Form.Item label={t('sat.month')} htmlFor="idx-month" validateStatus={valid ? undefined : 'error'}>
            <DateField id="idx-month" kind="month" value={month} onChange={setMonth} style={{ width: 170 }} />
          </Form.Item>
          <Form.Item label={t('sat.unitLevel')} htmlFor="idx-level">
            <Select
              id="idx-level"
              value={level}
              onChange={(v: Level) => setLevel(v)}
              options={(['district', 'street', 'community'] as const satisfies readonly Level[]).map((l) => ({ value: l, label: labelOf(t, 'level', l) }))}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('sat.subject')} htmlFor="idx-subject">
            <Select
              id="idx-subject"
              value={subject}
              onChange={(v: 'request' | 'activity') => setSubject(v)}
              options={(['request', 'activity'] as const satisfies readonly NonNullable<IndicesQuery['subjectType']>[]).map((x) => ({
                value: x,
                label: t(x === 'request' ? 'sat.subject.request' : 'sat.subject.activity'),
              }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item label={t('sat.orgType')} htmlFor="idx-type">
            <Select
              id="idx-type"
              allowClear={clearable}
              placeholder={t('common.all')}
              value={type}
              onChange={(v?: string) => setType(v)}
              options={(types ?? []).map((x) => ({ value: x.code, label: localName(lang, x) }))}
              style={{ width: 180 }}
            />
          </Form.Item>
        </Form>
      </Card>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Card style={{ marginTop: 16 }}>
        <SectionTitle>{t('sat.chart')}</SectionTitle>
        {ranked.length ? (
          <RankChart
            label={t('sat.chartLabel', { month, n: ranked.length })}
            units={ranked.map((r) => `${r.rank}. ${r.orgName}`)}
            series={[
              ...(handled
                ? [
                    { name: t('sat.responseRate'), values: ranked.map((r) => pct(r.responseRate)), color: '#0b57d0' },
                    { name: t('sat.resolutionRate'), values: ranked.map((r) => pct(r.resolutionRate)), color: '#137333' },
                  ]
                : []),
              { name: t('sat.satisfactionRate'), values: ranked.map((r) => pct(r.satisfactionRate)), color: '#b06000' },
            ]}
          />
        ) : (
          <EmptyState description={state.loading ? t('common.loading') : t('sat.noData')} />
        )}
      </Card>
      <Card style={{ marginTop: 16 }}>
        <SectionTitle>{t('sat.ranking')}</SectionTitle>
        <Table<IndexRow>
          rowKey="orgId"
          loading={state.loading}
          dataSource={rows}
          scroll={{ x: 1100 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            {
              title: t('sat.rank'),
              dataIndex: 'rank',
              width: 90,
              render: (v: number) => (v > 0 ? v : t('common.none')),
              sorter: (a, b) => (a.rank || 1e9) - (b.rank || 1e9),
              defaultSortOrder: 'ascend',
            },
            { title: t('sat.org'), dataIndex: 'orgName' },
            ...(handled ? handledColumns : []),
            {
              title: t('sat.satisfactionRate'),
              dataIndex: 'satisfactionRate',
              render: (v: number | null, r) => <span title={`${r.satisfied}/${r.rated}`}>{fmt(v)}</span>,
              sorter: (a, b) => (a.satisfactionRate ?? -1) - (b.satisfactionRate ?? -1),
            },
            { title: t('sat.rated'), dataIndex: 'rated' },
            { title: t('sat.bad'), dataIndex: 'bad' },
            {
              title: t('sat.score'),
              dataIndex: 'score',
              render: (v: number | null) => (v === null ? t('common.none') : (Math.round(v * 1000) / 10).toFixed(1)),
            },
          ]}
        />
      </Card>
    </>
  );
}
