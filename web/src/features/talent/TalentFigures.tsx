import type { Figures } from '@contracts/talent';
import { Card, Col, DatePicker, Flex, Form, Row, Statistic, Typography } from 'antd';
import { Table } from '../../components/Table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { talentApi } from '../../api/talent';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import type { MessageKey } from '../../i18n';
import { useT } from '../../prefs';

type DistrictRow = Figures['byDistrict'][number];
type OrgRow = Figures['byOrg'][number];

/**
 * The figures of the caller's scope (人才培养情况统计), all from GET /talent/figures: totals, enrolled and completed by
 * district and by organization, for an optional period of enrolment months.
 */
export function TalentFigures() {
  const t = useT();
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const state = useEndpoint(talentApi.figures, { query: { from: from?.format('YYYY-MM'), to: to?.format('YYYY-MM') } });
  const f = state.data;
  const loading = state.loading && !f;
  const empty = <EmptyState description={t('talent.noFigures')} />;
  const totals: Array<[MessageKey, keyof Figures['totals']]> = [
    ['talent.programmes', 'programmes'],
    ['talent.enrolled', 'enrolled'],
    ['talent.completed', 'completed'],
    ['talent.certificates', 'certificates'],
  ];

  return (
    <section aria-labelledby="talent-figures" style={{ marginTop: 24 }}>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle id="talent-figures">{t('talent.figures')}</SectionTitle>
        <Form name="talent-figures" layout="inline" component="div">
          <Form.Item label={t('talent.periodFrom')} htmlFor="talent-figures-from">
            <DatePicker id="talent-figures-from" picker="month" value={from} onChange={setFrom} disabledDate={(d) => Boolean(to && d.isAfter(to, 'month'))} />
          </Form.Item>
          <Form.Item label={t('talent.periodTo')} htmlFor="talent-figures-to">
            <DatePicker id="talent-figures-to" picker="month" value={to} onChange={setTo} disabledDate={(d) => Boolean(from && d.isBefore(from, 'month'))} />
          </Form.Item>
        </Form>
      </Flex>
      <Typography.Paragraph className="qh-muted">{t('talent.figuresHint')}</Typography.Paragraph>
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            {totals.map(([label, key]) => (
              <Col key={key} xs={12} md={6}>
                <Card>
                  <Statistic title={t(label)} value={f?.totals[key] ?? 0} loading={loading} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={10}>
              <Card title={t('talent.byDistrict')}>
                <Table<DistrictRow>
                  rowKey={(r) => r.code ?? 'city'}
                  size="small"
                  pagination={false}
                  loading={loading}
                  dataSource={f?.byDistrict ?? []}
                  locale={{ emptyText: loading ? ' ' : empty }}
                  columns={[
                    { title: t('talent.district'), dataIndex: 'name', render: (v: string, r) => (r.code === null ? t('talent.cityLevel') : v) },
                    { title: t('talent.enrolled'), dataIndex: 'enrolled', width: 100, align: 'right' },
                    { title: t('talent.completed'), dataIndex: 'completed', width: 100, align: 'right' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card title={t('talent.byOrg')}>
                <Table<OrgRow>
                  rowKey="orgId"
                  size="small"
                  pagination={false}
                  loading={loading}
                  dataSource={f?.byOrg ?? []}
                  locale={{ emptyText: loading ? ' ' : empty }}
                  columns={[
                    { title: t('talent.org'), dataIndex: 'orgName' },
                    { title: t('talent.programmeCount'), dataIndex: 'programmes', width: 90, align: 'right' },
                    { title: t('talent.enrolled'), dataIndex: 'enrolled', width: 100, align: 'right' },
                    { title: t('talent.completed'), dataIndex: 'completed', width: 100, align: 'right' },
                  ]}
                />
                <Typography.Paragraph className="qh-muted" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('talent.topOrgs')}
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
        </>
      )}
    </section>
  );
}
