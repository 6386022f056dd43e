import { Card, Col, Form, Row, Statistic } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { disputesApi } from '../../api/disputes';
import { BarChart } from '../../components/BarChart';
import { labelOf, percent } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { DateField } from '../../components/DateField';

/** Cases by outcome, district and month, and the mediated-successfully count and rate, within the caller's scope. */
export function DisputeFiguresPage() {
  const t = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const state = useEndpoint(disputesApi.figures, { query: { from: from || undefined, to: to || undefined } });
  const rate = (r: number | null) => (r === null ? t('disputes.rateNa') : percent(t, r));

  return (
    <>
      <PageTitle>{t('disputes.figuresTitle')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" name="dispute-figures" component="div" style={{ rowGap: 8 }}>
          <Form.Item label={t('disputes.from')} htmlFor="figures-from">
            <DateField id="figures-from" value={from} onChange={setFrom} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('disputes.to')} htmlFor="figures-to">
            <DateField id="figures-to" value={to} onChange={setTo} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Card>
      <DataState state={state}>
        {(f) => (
          <>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              {[
                ['disputes.total', f.total],
                ['disputes.openCount', f.open],
                ['disputes.closedCount', f.closed],
                ['disputes.success', f.success],
              ].map(([k, v]) => (
                <Col key={String(k)} xs={12} md={8} xl={4}>
                  <Card>
                    <Statistic title={t(k as 'disputes.total')} value={Number(v)} />
                  </Card>
                </Col>
              ))}
              <Col xs={12} md={8} xl={4}>
                <Card>
                  <Statistic title={t('disputes.successRate')} value={rate(f.successRate)} />
                </Card>
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <Card>
                  <SectionTitle>{t('disputes.byOutcome')}</SectionTitle>
                  <BarChart
                    label={t('disputes.chartOutcome')}
                    categories={f.byOutcome.map((o) => labelOf(t, 'doutcome', o.outcome))}
                    series={[{ name: t('disputes.count'), values: f.byOutcome.map((o) => o.count), color: '#1f5fbf' }]}
                  />
                  <Table
                    rowKey="outcome"
                    size="small"
                    pagination={false}
                    dataSource={f.byOutcome}
                    columns={[
                      { title: t('disputes.outcome'), dataIndex: 'outcome', render: (v: string) => labelOf(t, 'doutcome', v) },
                      { title: t('disputes.count'), dataIndex: 'count', align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
              <Col span={24}>
                <Card>
                  <SectionTitle>{t('disputes.byDistrict')}</SectionTitle>
                  <BarChart
                    label={t('disputes.chartDistrict')}
                    categories={f.byDistrict.map((d) => d.districtName || t('common.none'))}
                    series={[
                      { name: t('disputes.total'), values: f.byDistrict.map((d) => d.total), color: '#1f5fbf' },
                      { name: t('disputes.success'), values: f.byDistrict.map((d) => d.success), color: '#237804' },
                    ]}
                  />
                  <Table
                    rowKey="districtCode"
                    size="small"
                    pagination={false}
                    dataSource={f.byDistrict}
                    columns={[
                      { title: t('disputes.district'), dataIndex: 'districtName' },
                      { title: t('disputes.total'), dataIndex: 'total', align: 'right' },
                      { title: t('disputes.closedCount'), dataIndex: 'closed', align: 'right' },
                      { title: t('disputes.success'), dataIndex: 'success', align: 'right' },
                      { title: t('disputes.successRate'), dataIndex: 'successRate', align: 'right', render: (v: number | null) => rate(v) },
                    ]}
                  />
                </Card>
              </Col>
              <Col span={24}>
                <Card>
                  <SectionTitle>{t('disputes.byMonth')}</SectionTitle>
                  <BarChart
                    label={t('disputes.chartMonth')}
                    categories={f.byMonth.map((m) => m.month)}
                    series={[
                      { name: t('disputes.total'), values: f.byMonth.map((m) => m.total), color: '#1f5fbf' },
                      { name: t('disputes.success'), values: f.byMonth.map((m) => m.success), color: '#237804' },
                    ]}
                  />
                  <Table
                    rowKey="month"
                    size="small"
                    pagination={false}
                    dataSource={f.byMonth}
                    columns={[
                      { title: t('disputes.month'), dataIndex: 'month' },
                      { title: t('disputes.total'), dataIndex: 'total', align: 'right' },
                      { title: t('disputes.closedCount'), dataIndex: 'closed', align: 'right' },
                      { title: t('disputes.success'), dataIndex: 'success', align: 'right' },
                      { title: t('disputes.successRate'), dataIndex: 'successRate', align: 'right', render: (v: number | null) => rate(v) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </DataState>
    </>
  );
}
