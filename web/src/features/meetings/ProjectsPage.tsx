import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Progress, Segmented, Select, Statistic, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Milestone, ProjectBrief } from '@contracts/projects';
import { HEALTH } from '@contracts/projects.enums';
import { projectsApi } from '../../api/meetings';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState, EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useClearable } from '../../components/clearable';

const HEALTH_CLS: Record<string, string> = { on_time: 'qh-tag-ok', at_risk: 'qh-tag-workday', late: '', done: 'qh-tag-ok' };

export function HealthTag({ h }: { h: string }) {
  const t = useT();
  return h === 'late' ? <Tag color="error">{labelOf(t, 'pj.health', h)}</Tag> : <Tag className={HEALTH_CLS[h]}>{labelOf(t, 'pj.health', h)}</Tag>;
}

/** The project portfolio of my level: counts by health, the list with roll-up progress, Excel export. */
export function ProjectsPage() {
  const t = useT();
  const [level, setLevel] = useState<'all' | 'city' | 'district'>('all');
  const [health, setHealth] = useState<'on_time' | 'at_risk' | 'late' | 'done' | undefined>(undefined);
  const query = { ...(level === 'all' ? {} : { level }), ...(health ? { health } : {}) };
  const state = useEndpoint(projectsApi.list, { query });
  const exportHref = projectsApi.portfolioExport.path({ query: level === 'all' ? {} : { level } });
  return (
    <>
      <PageTitle
        extra={
          <Button icon={<DownloadOutlined aria-hidden />} href={exportHref}>
            {t('pj.export')}
          </Button>
        }
      >
        {t('pj.title')}
      </PageTitle>
      <Card>
        <Flex gap={16} wrap style={{ marginBottom: 16 }} align="center">
          <Segmented
            aria-label={t('pj.allLevels')}
            value={level}
            onChange={(v) => setLevel(v as typeof level)}
            options={[
              { value: 'all', label: t('pj.allLevels') },
              { value: 'city', label: t('mt.level.city') },
              { value: 'district', label: t('mt.level.district') },
            ]}
          />
          {HEALTH.map((h) => (
            <Button key={h} type={health === h ? 'primary' : 'default'} onClick={() => setHealth(health === h ? undefined : h)} aria-pressed={health === h}>
              <Statistic title={null} value={state.data?.counts[h] ?? 0} prefix={`${t(`pj.health.${h}`)} `} valueStyle={{ fontSize: 14 }} />
            </Button>
          ))}
        </Flex>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<ProjectBrief>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          columns={[
            { title: t('pj.project'), dataIndex: 'title', render: (v: string, r) => <Link to={`/projects/${r.id}`}>{v}</Link> },
            { title: t('pj.kind'), dataIndex: 'kind', width: 100, render: (v: string) => labelOf(t, 'pj.kind', v) },
            { title: t('pj.brand'), dataIndex: 'brand', width: 120 },
            { title: t('pj.lead'), key: 'lead', render: (_: unknown, r) => r.leadOrg.name },
            { title: t('pj.hosts'), dataIndex: 'hostCount', width: 90 },
            { title: t('pj.period'), key: 'p', width: 200, render: (_: unknown, r) => `${r.startsOn} ~ ${r.endsOn}` },
            {
              title: t('pj.progress'),
              dataIndex: 'progress',
              width: 160,
              render: (v: number) => <Progress percent={v} size="small" aria-label={t('pj.progress')} />,
            },
            { title: t('pj.health'), dataIndex: 'health', width: 100, render: (v: string) => <HealthTag h={v} /> },
          ]}
        />
      </Card>
    </>
  );
}

/** One project: hosts, milestones with progress, reports; hosts report progress and raise risks. */
export function ProjectPage() {
  const clearable = useClearable();
  const t = useT();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const state = useEndpoint(projectsApi.get, { params: { id } });
  const [form] = Form.useForm<{ milestoneId?: number; progress?: number; note: string; risk?: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <DataState state={state} title={t('pj.project')}>
      {(p) => (
        <Flex vertical gap={16}>
          <PageTitle tags={<HealthTag h={p.health} />}>{p.title}</PageTitle>
          <Card>
            <Descriptions
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'k', label: t('pj.kind'), children: labelOf(t, 'pj.kind', p.kind) },
                { key: 'b', label: t('pj.brand'), children: p.brand || t('common.none') },
                { key: 'l', label: t('pj.lead'), children: p.leadOrg.name },
                { key: 'p', label: t('pj.period'), children: `${p.startsOn} ~ ${p.endsOn}` },
                { key: 'g', label: t('pj.budget'), children: p.budgetYuan === null ? t('common.none') : p.budgetYuan.toLocaleString('zh-CN') },
                { key: 'pr', label: t('pj.progress'), children: <Progress percent={p.progress} size="small" aria-label={t('pj.progress')} /> },
              ]}
            />
            <SectionTitle level={3}>{`${t('pj.hosts')}（${p.hosts.length}）`}</SectionTitle>
            <Flex gap={4} wrap>
              {p.hosts.map((h) => (
                <Tag key={h.id} className={h.role === 'lead' ? 'qh-tag-ok' : ''}>
                  {h.name}
                </Tag>
              ))}
            </Flex>
          </Card>
          <Card>
            <SectionTitle>{t('pj.milestones')}</SectionTitle>
            <Table<Milestone>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.milestones}
              scroll={{ x: 700 }}
              columns={[
                { title: t('pj.milestones'), dataIndex: 'title' },
                { title: t('pj.owner'), key: 'o', render: (_: unknown, r) => r.owner.name },
                { title: t('mt.due'), dataIndex: 'dueOn', width: 110 },
                {
                  title: t('pj.progress'),
                  dataIndex: 'progress',
                  width: 160,
                  render: (v: number, r) => <Progress percent={v} size="small" status={r.late ? 'exception' : undefined} aria-label={t('pj.progress')} />,
                },
              ]}
            />
          </Card>
          {p.canReport ? (
            <Card>
              <SectionTitle>{t('pj.report')}</SectionTitle>
              <FormAlert message={error} />
              <Form
                form={form}
                layout="vertical"
                onFinish={async (v) => {
                  try {
                    const r = await projectsApi.report.call({ params: { id: p.id }, body: { ...v, risk: v.risk ?? '' } });
                    form.resetFields();
                    setError(null);
                    void message.success(r.raisedTopicOccurrenceId ? t('pj.raised', { date: '' }) : t('common.saved'));
                    state.reload();
                  } catch (e) {
                    setError(applyFormError(form, e));
                  }
                }}
              >
                <Flex gap={12} wrap>
                  <Form.Item name="milestoneId" label={t('pj.milestones')} style={{ minWidth: 260 }}>
                    <Select allowClear={clearable} options={p.milestones.map((m) => ({ value: m.id, label: m.title }))} />
                  </Form.Item>
                  <Form.Item name="progress" label={t('pj.progress')}>
                    <InputNumber min={0} max={100} addonAfter="%" />
                  </Form.Item>
                </Flex>
                <Form.Item name="note" label={t('mt.note')} rules={[{ required: true, message: t('common.required', { field: t('mt.note') }) }]}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Form.Item name="risk" label={t('pj.risk')}>
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                <Button type="primary" htmlType="submit">
                  {t('common.submit')}
                </Button>
              </Form>
            </Card>
          ) : null}
          <Card>
            <SectionTitle>{t('pj.reports')}</SectionTitle>
            <Table
              rowKey={(r) => `${r.at}-${r.orgName}`}
              size="small"
              pagination={false}
              dataSource={p.reports}
              scroll={{ x: 700 }}
              locale={{ emptyText: <EmptyState /> }}
              columns={[
                { title: t('mt.time'), dataIndex: 'at', width: 170, render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
                { title: t('pj.owner'), dataIndex: 'orgName' },
                { title: t('pj.milestones'), dataIndex: 'milestone', render: (v: string | null) => v ?? t('common.none') },
                { title: t('pj.progress'), dataIndex: 'progress', width: 80, render: (v: number | null) => (v === null ? '' : `${v}%`) },
                { title: t('mt.note'), dataIndex: 'note' },
                { title: t('pj.risk'), dataIndex: 'risk' },
              ]}
            />
          </Card>
        </Flex>
      )}
    </DataState>
  );
}
