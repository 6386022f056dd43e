import { Button, Flex, Segmented, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { BarChart } from '../../components/BarChart';
import { PageTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { TOTAL_DIMENSIONS, type TotalDimension } from '@contracts/activities.enums';
import { activitiesApi } from '../../api/activities';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { DateField } from '../../components/DateField';

/** Activities and person-times per campaign, organization, district or month, in my scope; Excel export. */
export function ActivityTotalsPage() {
  const t = useT();
  const [by, setBy] = useState<TotalDimension>('campaign');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { by, from: from || undefined, to: to || undefined };
  const totals = useEndpoint(activitiesApi.totals, { query });
  const label = (key: string, l: string) => l || (by === 'campaign' ? t('act.totals.unassigned') : key);

  return (
    <>
      <PageTitle extra={<Button href={activitiesApi.exportTotals.path({ query })}>{t('act.totals.export')}</Button>}>{t('act.totals.title')}</PageTitle>
      <Flex gap="middle" wrap align="end" style={{ marginBottom: 16 }}>
        <div>
          <div className="qh-muted" id="totals-by">
            {t('act.totals.by')}
          </div>
          <Segmented
            aria-labelledby="totals-by"
            value={by}
            onChange={(v) => setBy(v as typeof by)}
            options={TOTAL_DIMENSIONS.map((d) => ({ value: d, label: t(`act.totals.by.${d}`) }))}
          />
        </div>
        <label>
          <div className="qh-muted">{t('act.totals.from')}</div>
          <DateField value={from} onChange={setFrom} style={{ width: 160 }} />
        </label>
        <label>
          <div className="qh-muted">{t('act.totals.to')}</div>
          <DateField value={to} onChange={setTo} style={{ width: 160 }} />
        </label>
      </Flex>
      <DataState state={totals}>
        {(d) => (
          <>
            <Typography.Paragraph strong>{t('act.totals.sum', { a: d.total.activities, p: d.total.personTimes })}</Typography.Paragraph>
            {d.items.length ? (
              <BarChart
                label={t('act.totals.chart')}
                categories={d.items.slice(0, 30).map((r) => label(r.key, r.label))}
                series={[
                  { name: t('act.totals.activities'), values: d.items.slice(0, 30).map((r) => r.activities), color: '#1677ff' },
                  { name: t('act.totals.personTimes'), values: d.items.slice(0, 30).map((r) => r.personTimes), color: '#d4380d' },
                ]}
              />
            ) : null}
            <Table
              rowKey="key"
              dataSource={d.items}
              pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
              columns={[
                {
                  title: t('act.totals.group'),
                  dataIndex: 'label',
                  render: (l: string, r) => label(r.key, l),
                  sorter: (a, b) => a.label.localeCompare(b.label),
                },
                { title: t('act.totals.activities'), dataIndex: 'activities', sorter: (a, b) => a.activities - b.activities },
                { title: t('act.totals.personTimes'), dataIndex: 'personTimes', sorter: (a, b) => a.personTimes - b.personTimes, defaultSortOrder: 'descend' },
              ]}
            />
          </>
        )}
      </DataState>
    </>
  );
}
