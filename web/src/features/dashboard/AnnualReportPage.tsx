import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Progress, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useEffect, useState } from 'react';
import type { AnnualReport } from '@contracts/dashboard';
import { errorMessage } from '../../api';
import { dashboardApi } from '../../api/dashboard';
import { PageTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { DataState, EmptyState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';

type Report = AnnualReport;

const STATUS_COLOUR: Record<Report['status'], string> = { pending: 'default', running: 'processing', done: 'success', failed: 'error' };

/** The annual report (年度报告): choose the level and year, start the job, watch its progress, download the PDF and Excel. */
export function AnnualReportPage() {
  const t = useT();
  const { lang } = usePrefs();
  const { me } = useSession();
  const parts = (me?.scope.regionPath ?? '').split('.');
  const ownDistrict = parts.length === 2 ? parts[1] : undefined;
  const years = useEndpoint(dashboardApi.annualReportYears);
  const list = useEndpoint(dashboardApi.annualReports);
  const [year, setYear] = useState<number | undefined>();
  const [district, setDistrict] = useState<string | undefined>(ownDistrict);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenYear = year ?? years.data?.defaultYear ?? undefined;
  const working = (list.data?.items ?? []).some((r) => r.status === 'pending' || r.status === 'running');

  // While a report is being made the list is read again every two seconds for its progress.
  useEffect(() => {
    if (!working) return;
    const reload = list.reload;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [working, list.reload]);

  const start = async () => {
    if (!chosenYear) return;
    setBusy(true);
    setError(null);
    try {
      await dashboardApi.startAnnualReport.call({ body: { year: chosenYear, ...(district ? { district } : {}) } });
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('annual.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <p>{t('annual.intro')}</p>
        <DataState state={years}>
          {(y) =>
            y.years.length === 0 ? (
              <Alert type="info" showIcon message={t('annual.noYears')} />
            ) : (
              <Form layout="inline" name="annual-report" component="div" style={{ rowGap: 8 }}>
                <Form.Item label={t('annual.level')} htmlFor="annual-district">
                  {ownDistrict ? (
                    <Tag id="annual-district">{ownDistrict}</Tag>
                  ) : (
                    <RegionSelect
                      id="annual-district"
                      level="district"
                      value={district}
                      onChange={setDistrict}
                      placeholder={t('annual.city')}
                      aria-label={t('annual.level')}
                    />
                  )}
                </Form.Item>
                <Form.Item label={t('annual.year')} htmlFor="annual-year">
                  <Select
                    id="annual-year"
                    style={{ width: 120 }}
                    value={chosenYear}
                    onChange={(v: number) => setYear(v)}
                    options={y.years.map((v) => ({ value: v, label: String(v) }))}
                  />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={() => void start()}>
                  {t('annual.start')}
                </Button>
              </Form>
            )
          }
        </DataState>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} />}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('annual.list')}</h2>}>
        <DataState state={list}>
          {(d) => (
            <Table<Report>
              rowKey="id"
              dataSource={d.items}
              pagination={false}
              locale={{ emptyText: <EmptyState description={t('annual.empty')} /> }}
              columns={[
                { title: t('annual.area'), render: (_, r) => (lang === 'en' ? r.areaEn : r.areaZh) },
                { title: t('annual.year'), dataIndex: 'year' },
                {
                  title: t('annual.status'),
                  render: (_, r) =>
                    r.status === 'running' || r.status === 'pending' ? (
                      <Progress percent={r.progress} size="small" style={{ width: 140 }} aria-label={t('annual.progress')} />
                    ) : (
                      <Tag color={STATUS_COLOUR[r.status]} title={r.error ?? undefined}>
                        {t(`annual.status.${r.status}`)}
                      </Tag>
                    ),
                },
                { title: t('annual.createdAt'), render: (_, r) => new Date(r.createdAt).toLocaleString(lang === 'en' ? 'en' : 'zh-CN') },
                {
                  title: t('annual.download'),
                  render: (_, r) =>
                    r.status === 'done' ? (
                      <>
                        <Button
                          size="small"
                          icon={<DownloadOutlined aria-hidden />}
                          href={dashboardApi.annualReportPdf.path({ params: { id: r.id } })}
                          aria-label={`${t('annual.pdf')} ${r.year} ${lang === 'en' ? r.areaEn : r.areaZh}`}
                        >
                          {t('annual.pdf')}
                        </Button>{' '}
                        <Button
                          size="small"
                          icon={<DownloadOutlined aria-hidden />}
                          href={dashboardApi.annualReportXlsx.path({ params: { id: r.id } })}
                          aria-label={`${t('annual.xlsx')} ${r.year} ${lang === 'en' ? r.areaEn : r.areaZh}`}
                        >
                          {t('annual.xlsx')}
                        </Button>
                      </>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          )}
        </DataState>
      </Card>
    </>
  );
}
