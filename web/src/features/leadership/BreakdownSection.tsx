import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { LeaderBreakdown } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { BarChart } from '../../components/BarChart';
import { OrgSelect } from '../../components/OrgSelect';
import { SectionTitle } from '../../components/PageTitle';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';

type Row = LeaderBreakdown['rows'][number];

/** Leadership composition by age band, gender, education, staffing mode and frontline share: an organization, the units below it rolled up, the total. */
export function BreakdownSection() {
  const t = useT();
  const [orgId, setOrgId] = useState<number | undefined>();
  const input = { query: orgId ? { orgId } : {} };
  const state = useEndpoint(orgsApi.leaderBreakdown, input);
  const d = state.data;
  const rows: Row[] = d ? [...d.rows, { orgId: 0, orgName: t('lead.bd.total'), own: false, ...d.total }] : [];
  const n = (key: keyof Row, title: string) => ({ title, dataIndex: key, width: 72 });
  return (
    <Card style={{ marginBottom: 16 }}>
      <section aria-labelledby="lead-bd">
        <Flex justify="space-between" align="center" wrap gap="small">
          <SectionTitle id="lead-bd">{t('lead.bd.title')}</SectionTitle>
          <Flex gap="small" align="center" wrap>
            <Form name="lead-bd" layout="inline" component="div">
              <Form.Item label={t('lead.bd.org')} htmlFor="lead-bd-org">
                <div style={{ minWidth: 'min(260px, 100%)' }}>
                  <OrgSelect id="lead-bd-org" value={orgId} onChange={(v) => setOrgId(v)} placeholder={t('lead.bd.mine')} />
                </div>
              </Form.Item>
            </Form>
            <Button icon={<DownloadOutlined aria-hidden />} href={orgsApi.leaderBreakdownExport.path(input)}>
              {t('lead.bd.export')}
            </Button>
          </Flex>
        </Flex>
        {state.error ? (
          <ErrorState error={state.error} onRetry={state.reload} />
        ) : (
          <>
            {d ? (
              <BarChart
                label={t('lead.bd.chart', { name: d.root.name })}
                stacked
                categories={d.rows.map((r) => (r.own ? `${r.orgName}${t('lead.bd.ownSuffix')}` : r.orgName))}
                series={[
                  { name: t('lead.bd.ageUnder35'), values: d.rows.map((r) => r.ageUnder35), color: '#1d4ed8' },
                  { name: t('lead.bd.age35to44'), values: d.rows.map((r) => r.age35to44), color: '#0f766e' },
                  { name: t('lead.bd.age45to54'), values: d.rows.map((r) => r.age45to54), color: '#a16207' },
                  { name: t('lead.bd.age55plus'), values: d.rows.map((r) => r.age55plus), color: '#b91c1c' },
                  { name: t('lead.bd.unknown'), values: d.rows.map((r) => r.ageUnknown), color: '#4b5563' },
                ]}
              />
            ) : null}
            <Table<Row>
              rowKey={(r) => `${r.own ? 'own' : 'sub'}-${r.orgId}`}
              size="small"
              loading={state.loading}
              dataSource={rows}
              pagination={false}
              columns={[
                { title: t('lead.bd.org'), dataIndex: 'orgName', width: 200, render: (v: string, r) => (r.own ? `${v}${t('lead.bd.ownSuffix')}` : v) },
                n('members', t('lead.bd.members')),
                {
                  title: t('lead.bd.age'),
                  children: [
                    n('ageUnder35', t('lead.bd.ageUnder35')),
                    n('age35to44', t('lead.bd.age35to44')),
                    n('age45to54', t('lead.bd.age45to54')),
                    n('age55plus', t('lead.bd.age55plus')),
                  ],
                },
                { title: t('lead.bd.gender'), children: [n('male', t('lead.bd.male')), n('female', t('lead.bd.female'))] },
                {
                  title: t('lead.bd.education'),
                  children: [
                    n('postgraduate', t('lead.bd.postgraduate')),
                    n('bachelor', t('lead.bd.bachelor')),
                    n('college', t('lead.bd.college')),
                    n('secondary', t('lead.bd.secondary')),
                    n('educationUnknown', t('lead.bd.unknown')),
                  ],
                },
                {
                  title: t('lead.bd.mode'),
                  children: [n('fullTime', t('lead.bd.fullTime')), n('seconded', t('lead.bd.seconded')), n('partTime', t('lead.bd.partTime'))],
                },
                n('frontline', t('lead.bd.frontline')),
                { title: t('lead.bd.frontlineShare'), dataIndex: 'frontlineShare', width: 90, render: (v: number) => `${Math.round(v * 1000) / 10}%` },
              ]}
            />
          </>
        )}
      </section>
    </Card>
  );
}
