import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Modal, Row, Select, Statistic, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CardKey, DashboardView, TableRow } from '@contracts/dashboard';
import { CARD_KEYS, RATE_KEYS, TABLE_KEYS, TREND_METRICS } from '@contracts/dashboard.enums';
import { ApiError } from '../../api';
import { dashboardApi } from '../../api/dashboard';
import { BarChart } from '../../components/BarChart';
import { percent } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';
import { GeoMap, TileMap, TrendChart } from './charts';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';
import { BrandFiguresTable } from '../catalogue/BrandFiguresTable';

const COLORS = ['#1f5fbf', '#237804', '#ad4e00', '#722ed1', '#c41d7f', '#08979c'];

type Row = TableRow;
type View = DashboardView;

/** Where a figure's records are listed: the owning module's page. */
const DRILL: Partial<Record<CardKey, { path: string; permission: string }>> = {
  units: { path: '/orgs', permission: 'org.read' },
  socialWorkers: { path: '/leadership', permission: 'staff.read' },
  leaders: { path: '/leadership', permission: 'staff.read' },
  requests: { path: '/requests', permission: 'request.read' },
  satisfactionRate: { path: '/ratings', permission: 'rating.read' },
  disputes: { path: '/disputes', permission: 'dispute.read' },
  disputesMediated: { path: '/dispute-figures', permission: 'dispute.read' },
  benefitClaims: { path: '/benefits', permission: 'benefit.read' },
  socialOrgs: { path: '/social-orgs', permission: 'sorg.read' },
};

/** The city dashboard (数据驾驶舱): figure cards, the district tile map, monthly trends and every table, within my scope. */
export function DashboardPage() {
  const clearable = useClearable();
  const t = useT();
  const { lang } = usePrefs();
  const { can } = useSession();
  const [district, setDistrict] = useState<string | undefined>();
  const [street, setStreet] = useState<string | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [indicator, setIndicator] = useState<CardKey>('members');
  const [membersOpen, setMembersOpen] = useState(false);
  const params = { district, street, from: from || undefined, to: to || undefined };
  const state = useEndpoint(dashboardApi.view, { query: params });
  const city = useEndpoint(dashboardApi.view, district || street ? { query: {} } : null);
  // Asked for only when the dashboard says a map was uploaded: otherwise the tile chart is shown instead.
  const geo = useEndpoint(dashboardApi.map, state.data?.hasMap ? {} : null);
  const name = (r: { labelZh: string; labelEn: string }) => (lang === 'en' ? r.labelEn : r.labelZh);
  const fmt = (k: CardKey, v: number | null) =>
    v === null ? '—' : (RATE_KEYS as readonly CardKey[]).includes(k) ? percent(t, v) : v.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const districtOptions = (state.data && !district && !street ? state.data.districts : (city.data?.districts ?? state.data?.districts ?? [])).map((d) => ({
    value: d.code,
    label: name(d),
  }));
  const geoReady = geo.data !== undefined && geo.data !== null && !(geo.error instanceof ApiError);

  return (
    <>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" name="dashboard-filters" component="div" style={{ rowGap: 8 }}>
          <Form.Item label={t('dashboard.district')} htmlFor="dash-district">
            <Select
              id="dash-district"
              style={{ width: 180 }}
              allowClear={clearable}
              placeholder={t('dashboard.allDistricts')}
              value={district}
              options={districtOptions}
              onChange={(v: string | undefined) => {
                setDistrict(v);
                setStreet(undefined);
              }}
            />
          </Form.Item>
          <Form.Item label={t('dashboard.street')} htmlFor="dash-street">
            <RegionSelect
              id="dash-street"
              level="street"
              within={district}
              value={street}
              onChange={setStreet}
              placeholder={t('dashboard.allStreets')}
              aria-label={t('dashboard.street')}
            />
          </Form.Item>
          <Form.Item label={t('dashboard.from')} htmlFor="dash-from">
            <DateField id="dash-from" kind="month" value={from} onChange={setFrom} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('dashboard.to')} htmlFor="dash-to">
            <DateField id="dash-to" kind="month" value={to} onChange={setTo} style={{ width: 160 }} />
          </Form.Item>
        </Form>
        <Typography.Paragraph className="qh-muted" style={{ margin: '8px 0 0' }}>
          {t('dashboard.periodHint')}
        </Typography.Paragraph>
      </Card>
      <DataState state={state}>
        {(v) => (
          <>
            <Typography.Paragraph>{t('dashboard.subtitle', { area: lang === 'en' ? v.area.nameEn : v.area.nameZh })}</Typography.Paragraph>
            <section aria-label={t('dashboard.title')}>
              <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
                {CARD_KEYS.map((k) => {
                  const drill = DRILL[k];
                  return (
                    <Col key={k} xs={12} md={8} xl={6} xxl={4}>
                      <Card size="small" style={{ height: '100%' }}>
                        <Statistic title={t(`dashboard.card.${k}`)} value={fmt(k, v.cards[k])} />
                        {k === 'benefitPersonTimes' && v.cards[k] === null ? (
                          <Typography.Text className="qh-muted">{t('dashboard.byDistrictOnly')}</Typography.Text>
                        ) : null}
                        {k === 'members' ? (
                          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setMembersOpen(true)}>
                            {t('dashboard.drill')}
                          </Button>
                        ) : drill && can(drill.permission) ? (
                          <Link to={drill.path}>{t('dashboard.drill')}</Link>
                        ) : null}
                      </Card>
                    </Col>
                  );
                })}
              </Row>
            </section>
            <Row gutter={[16, 16]}>
              {v.districts.length > 0 ? (
                <Col span={24}>
                  <Card>
                    <Flex justify="space-between" align="center" wrap gap="small">
                      <SectionTitle>{t('dashboard.tileMap')}</SectionTitle>
                      <Flex align="center" gap="small">
                        <label htmlFor="dash-indicator">{t('dashboard.indicator')}</label>
                        <Select
                          id="dash-indicator"
                          style={{ width: 220 }}
                          value={indicator}
                          onChange={setIndicator}
                          options={CARD_KEYS.map((k) => ({ value: k, label: t(`dashboard.card.${k}`) }))}
                        />
                      </Flex>
                    </Flex>
                    <Typography.Paragraph className="qh-muted">{geoReady ? t('dashboard.mapUploaded') : t('dashboard.tileMapHint')}</Typography.Paragraph>
                    <Row gutter={16}>
                      <Col xs={24} lg={15}>
                        {geoReady ? (
                          <GeoMap
                            geo={geo.data as object}
                            tiles={v.districts.map((d) => ({ code: d.code, name: d.labelZh, value: d.values[indicator] ?? 0 }))}
                            label={t('dashboard.tileChart', { indicator: t(`dashboard.card.${indicator}`) })}
                            format={(x) => fmt(indicator, x)}
                          />
                        ) : (
                          <TileMap
                            tiles={v.districts.map((d) => ({ code: d.code, name: name(d), value: d.values[indicator] ?? 0 }))}
                            label={t('dashboard.tileChart', { indicator: t(`dashboard.card.${indicator}`) })}
                            format={(x) => fmt(indicator, x)}
                          />
                        )}
                      </Col>
                      <Col xs={24} lg={9}>
                        <Table
                          rowKey="code"
                          size="small"
                          pagination={false}
                          dataSource={v.districts}
                          columns={[
                            { title: t('dashboard.district'), key: 'name', render: (_: unknown, d: View['districts'][number]) => name(d) },
                            {
                              title: t(`dashboard.card.${indicator}`),
                              key: 'v',
                              align: 'right',
                              sorter: (a: View['districts'][number], b: View['districts'][number]) => (a.values[indicator] ?? -1) - (b.values[indicator] ?? -1),
                              render: (_: unknown, d: View['districts'][number]) => fmt(indicator, d.values[indicator]),
                            },
                          ]}
                        />
                      </Col>
                    </Row>
                  </Card>
                </Col>
              ) : null}
              <Col span={24}>
                <Card>
                  <SectionTitle>{t('dashboard.trend')}</SectionTitle>
                  {v.trend.length === 0 ? (
                    <Alert type="info" title={t('dashboard.trendEmpty')} />
                  ) : (
                    <>
                      <TrendChart
                        label={t('dashboard.trendChart')}
                        months={v.trend.map((m) => m.month)}
                        series={TREND_METRICS.filter((k) => v.trend.some((m) => m.values[k])).map((k, i) => ({
                          name: t(`dashboard.trend.${k}`),
                          values: v.trend.map((m) => Math.round((m.values[k] ?? 0) * 100) / 100),
                          color: COLORS[i % COLORS.length]!,
                        }))}
                      />
                      <Table
                        rowKey="month"
                        size="small"
                        pagination={{ pageSize: 12, showSizeChanger: false }}
                        dataSource={[...v.trend].reverse()}
                        columns={[
                          { title: t('dashboard.month'), dataIndex: 'month' },
                          ...TREND_METRICS.map((k) => ({
                            title: t(`dashboard.trend.${k}`),
                            key: k,
                            align: 'right' as const,
                            render: (_: unknown, m: View['trend'][number]) => Math.round((m.values[k] ?? 0) * 100) / 100,
                          })),
                        ]}
                      />
                    </>
                  )}
                </Card>
              </Col>
              {TABLE_KEYS.map((k) => (
                <Col key={k} xs={24} xl={12}>
                  <Card style={{ height: '100%' }}>
                    <Flex justify="space-between" align="center" wrap gap="small">
                      <SectionTitle>{t(`dashboard.table.${k}`)}</SectionTitle>
                      <Button
                        size="small"
                        icon={<DownloadOutlined aria-hidden />}
                        href={dashboardApi.exportTable.path({ query: { ...params, table: k } })}
                        aria-label={`${t('dashboard.export')}：${t(`dashboard.table.${k}`)}`}
                      >
                        {t('dashboard.export')}
                      </Button>
                    </Flex>
                    {v.tables[k].length === 0 ? (
                      <Typography.Paragraph className="qh-muted">{t('dashboard.none')}</Typography.Paragraph>
                    ) : (
                      <>
                        <BarChart
                          height={220}
                          label={t('dashboard.chartOf', { name: t(`dashboard.table.${k}`) })}
                          categories={v.tables[k].slice(0, 12).map(name)}
                          series={[{ name: t('dashboard.value'), values: v.tables[k].slice(0, 12).map((r) => r.value), color: '#1f5fbf' }]}
                        />
                        <Table
                          rowKey="code"
                          size="small"
                          pagination={v.tables[k].length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                          dataSource={v.tables[k]}
                          columns={[
                            { title: t('dashboard.name'), key: 'name', render: (_: unknown, r: Row) => name(r) },
                            {
                              title: t('dashboard.value'),
                              dataIndex: 'value',
                              align: 'right',
                              sorter: (a: Row, b: Row) => a.value - b.value,
                              render: (x: number) => x.toLocaleString(),
                            },
                          ]}
                        />
                      </>
                    )}
                  </Card>
                </Col>
              ))}
              {can('catalogue.read') ? (
                <Col xs={24}>
                  <Card>
                    <Flex justify="space-between" align="center" wrap gap="small">
                      <SectionTitle>{t('cat.figures')}</SectionTitle>
                      <Link to="/catalogue">{t('dashboard.brandsMore')}</Link>
                    </Flex>
                    <BrandFiguresTable />
                  </Card>
                </Col>
              ) : null}
            </Row>
            <MembersModal open={membersOpen} onClose={() => setMembersOpen(false)} district={district} street={street} />
          </>
        )}
      </DataState>
    </>
  );
}

function MembersModal({ open, onClose, district, street }: { open: boolean; onClose: () => void; district?: string; street?: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const state = useEndpoint(dashboardApi.members, open ? { query: { district, street, page, pageSize: 10 } } : null);
  return (
    <Modal open={open} onCancel={onClose} title={t('dashboard.membersTitle')} width={900} footer={<Button onClick={onClose}>{t('dashboard.close')}</Button>}>
      <DataState state={state}>
        {(r) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={r.items}
            pagination={{ current: page, pageSize: 10, total: r.total, showSizeChanger: false, onChange: setPage }}
            columns={[
              { title: t('dashboard.memberNo'), dataIndex: 'memberNo' },
              { title: t('dashboard.memberName'), dataIndex: 'nameMasked' },
              { title: t('dashboard.gender'), dataIndex: 'gender', render: (g: string) => (g === 'female' ? t('dashboard.female') : t('dashboard.male')) },
              { title: t('dashboard.birthYear'), dataIndex: 'birthYear' },
              { title: t('dashboard.joinedOn'), dataIndex: 'joinedOn' },
              { title: t('dashboard.org'), dataIndex: 'orgName' },
              { title: t('dashboard.region'), dataIndex: 'regionName' },
            ]}
          />
        )}
      </DataState>
    </Modal>
  );
}
