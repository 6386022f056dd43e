import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Statistic, Tabs, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Figures, ItemBrief, OccurrenceBrief, Series } from '@contracts/meetings';
import { CADENCES } from '@contracts/meetings.enums';
import { HEALTH } from '@contracts/projects.enums';
import { errorMessage } from '../../api';
import { meetingsApi } from '../../api/meetings';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf, percent } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const shift = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
export const timeOf = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });

export function ItemStatusTag({ i }: { i: Pick<ItemBrief, 'status' | 'overdue' | 'stalled' | 'escalated'> }) {
  const t = useT();
  return (
    <Flex gap={4} wrap>
      <Tag className={i.status === 'closed' ? 'qh-tag-ok' : 'qh-tag-workday'}>{labelOf(t, 'mt.item.status', i.status)}</Tag>
      {i.overdue ? <Tag color="error">{t('mt.overdue')}</Tag> : null}
      {i.stalled ? <Tag color="warning">{t('mt.stalled')}</Tag> : null}
      {i.escalated ? <Tag color="volcano">{t('mt.escalated')}</Tag> : null}
    </Flex>
  );
}

export function ItemsTable({ items, loading }: { items: ItemBrief[]; loading?: boolean }) {
  const t = useT();
  return (
    <Table<ItemBrief>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={false}
      scroll={{ x: 800 }}
      locale={{ emptyText: loading ? ' ' : <EmptyState /> }}
      columns={[
        { title: t('mt.itemTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/action-items/${r.id}`}>{v}</Link> },
        { title: t('mt.lead'), key: 'lead', render: (_: unknown, r) => r.leadOrg.name },
        { title: t('mt.due'), dataIndex: 'dueOn', width: 110 },
        { title: t('mt.status'), key: 'status', width: 200, render: (_: unknown, r) => <ItemStatusTag i={r} /> },
        { title: t('mt.fromSeries'), dataIndex: 'seriesTitle' },
      ]}
    />
  );
}

function OccurrencesTab() {
  const t = useT();
  const state = useEndpoint(meetingsApi.listOccurrences, { query: { from: shift(-92), to: shift(183) } });
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<OccurrenceBrief>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        rowClassName={(r) => (r.plannedDay < today() ? 'qh-row-past' : '')}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('mt.day'), dataIndex: 'plannedDay', width: 120 },
          { title: t('mt.time'), key: 'time', width: 120, render: (_: unknown, r) => `${timeOf(r.startsAt)}–${timeOf(r.endsAt)}` },
          { title: t('mt.meeting'), dataIndex: 'seriesTitle', render: (v: string, r) => <Link to={`/meeting-occurrences/${r.id}`}>{v}</Link> },
          { title: t('mt.venue'), dataIndex: 'venue', render: (v: string) => v || t('common.none') },
          {
            title: t('mt.agenda'),
            dataIndex: 'agendaPublished',
            width: 100,
            render: (v: boolean) => (v ? <Tag className="qh-tag-ok">{t('mt.published')}</Tag> : <Tag>{t('mt.unpublished')}</Tag>),
          },
          { title: t('mt.status'), dataIndex: 'status', width: 100, render: (v: string) => labelOf(t, 'mt.status', v) },
        ]}
      />
    </>
  );
}

type SeriesValues = {
  title: string;
  cadence: 'monthly' | 'quarterly' | 'yearly' | 'ad_hoc';
  convenor: string;
  anchorDay?: number;
  anchorMonth?: number;
  topicDeadlineDays?: number;
  memberOrgIds: number[];
};

function SeriesModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<SeriesValues>();
  const [error, setError] = useState<string | null>(null);
  const orgs = useEndpoint(meetingsApi.participants, open ? {} : null);
  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open={open}
      title={t('mt.newSeries')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await meetingsApi.createSeries.call({ body: v });
          form.resetFields();
          onDone();
        } catch (e) {
          setError(applyFormError(form, e));
        }
      }}
    >
      <FormAlert message={error} />
      <Form form={form} layout="vertical" initialValues={{ cadence: 'quarterly', anchorDay: 15, anchorMonth: 1, topicDeadlineDays: 5 }}>
        <Form.Item name="title" label={t('mt.field.title')} rules={req}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="cadence" label={t('mt.field.cadence')} rules={req}>
          <Select options={CADENCES.map((c) => ({ value: c, label: t(`mt.cadence.${c}`) }))} />
        </Form.Item>
        <Form.Item name="convenor" label={t('mt.field.convenor')} rules={req}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="anchorDay" label={t('mt.field.anchorDay')}>
            <InputNumber min={1} max={28} />
          </Form.Item>
          <Form.Item name="anchorMonth" label={t('mt.field.anchorMonth')}>
            <InputNumber min={1} max={12} />
          </Form.Item>
          <Form.Item name="topicDeadlineDays" label={t('mt.field.deadline')}>
            <InputNumber min={0} max={60} />
          </Form.Item>
        </Flex>
        <Form.Item name="memberOrgIds" label={t('mt.field.members')} rules={req}>
          <Select mode="multiple" loading={orgs.loading} optionFilterProp="label" options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ScheduleModal({ series, onClose }: { series: Series | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ from?: Dayjs; to?: Dayjs; day?: Dayjs }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={series !== null}
      title={`${t('mt.schedule')} · ${series?.title ?? ''}`}
      onCancel={onClose}
      okText={t('mt.schedule')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const f = (d?: Dayjs) => d?.format('YYYY-MM-DD');
        try {
          const made = await meetingsApi.generate.call({ params: { id: series!.id }, body: v.day ? { day: f(v.day) } : { from: f(v.from), to: f(v.to) } });
          void message.success(t('mt.scheduled', { n: made.length }));
          onClose();
        } catch (e) {
          setError(applyFormError(form, e));
        }
      }}
    >
      <FormAlert message={error} />
      <Form form={form} layout="vertical">
        <Flex gap={12}>
          <Form.Item name="from" label={t('mt.scheduleFrom')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="to" label={t('mt.scheduleTo')}>
            <DatePicker />
          </Form.Item>
        </Flex>
        <Form.Item name="day" label={t('mt.scheduleDay')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SeriesTab() {
  const t = useT();
  const { can } = useSession();
  const state = useEndpoint(meetingsApi.listSeries, {});
  const [creating, setCreating] = useState(false);
  const [scheduling, setScheduling] = useState<Series | null>(null);
  return (
    <>
      {can('meeting.manage') ? (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t('mt.newSeries')}
          </Button>
        </Flex>
      ) : null}
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Series>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('mt.field.title'), dataIndex: 'title' },
          { title: t('mt.field.cadence'), dataIndex: 'cadence', width: 90, render: (v: string) => labelOf(t, 'mt.cadence', v) },
          { title: t('mt.secretariat'), key: 'sec', render: (_: unknown, r) => `${r.secretariat.name}（${labelOf(t, 'mt.level', r.level)}）` },
          { title: t('mt.field.members'), key: 'members', width: 90, render: (_: unknown, r) => r.members.length },
          { title: t('mt.next'), dataIndex: 'nextDay', width: 120, render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, r) =>
              r.canManage ? (
                <Button size="small" onClick={() => setScheduling(r)}>
                  {t('mt.schedule')}
                </Button>
              ) : null,
          },
        ]}
      />
      <SeriesModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          state.reload();
        }}
      />
      <ScheduleModal
        series={scheduling}
        onClose={() => {
          setScheduling(null);
          state.reload();
        }}
      />
    </>
  );
}

function ItemsTab({ supervision }: { supervision: boolean }) {
  const mine = useEndpoint(meetingsApi.listItems, supervision ? null : { query: {} });
  const queue = useEndpoint(meetingsApi.supervision, supervision ? {} : null);
  const state = supervision ? queue : mine;
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <ItemsTable items={state.data ?? []} loading={state.loading} />
    </>
  );
}

/** The coordination figures of my scope, counted by the server from the records. */
function FiguresCard() {
  const t = useT();
  const state = useEndpoint(meetingsApi.figures, {});
  const f = state.data;
  const stat = (key: string, title: string, value: number | undefined) => (
    <Statistic key={key} title={title} value={value ?? '–'} loading={state.loading} style={{ minWidth: 110 }} />
  );
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  return (
    <>
      <Card aria-label={t('mt.figures')}>
        <Flex gap={24} wrap>
          {stat('held', t('mt.fig.held'), f?.held)}
          {stat('decisions', t('mt.fig.decisions'), f?.decisions)}
          {stat('open', t('mt.fig.open'), f?.items.open)}
          {stat('overdue', t('mt.fig.overdue'), f?.items.overdue)}
          {stat('onTime', t('mt.fig.closedOnTime'), f?.items.closedOnTime)}
          {stat('late', t('mt.fig.closedLate'), f?.items.closedLate)}
          {HEALTH.map((h) => stat(h, `${t('nav.projects')} · ${t(`pj.health.${h}`)}`, f?.projects[h]))}
        </Flex>
        {f && f.heldByCadence.length > 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {f.heldByCadence.map((r) => `${labelOf(t, 'mt.level', r.level)}${labelOf(t, 'mt.cadence', r.cadence)} ${r.held}`).join(' · ')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <LeadOrgRates rows={f?.byLeadOrg ?? []} loading={state.loading} />
    </>
  );
}

type LeadOrgRow = Figures['byLeadOrg'][number];

/** Lowest on-time rate first; lead organizations with nothing closed yet (no rate) last, in either direction. */
const byRate = (a: LeadOrgRow, b: LeadOrgRow, order?: 'ascend' | 'descend' | null): number => {
  if (a.onTimeRate === null || b.onTimeRate === null) {
    const nullsLast = Number(a.onTimeRate === null) - Number(b.onTimeRate === null);
    return order === 'descend' ? -nullsLast : nullsLast;
  }
  return a.onTimeRate - b.onTimeRate;
};

/** Items per lead organization of my scope and the share closed by the deadline, as the server orders them (lowest rate first). */
function LeadOrgRates({ rows, loading }: { rows: LeadOrgRow[]; loading: boolean }) {
  const t = useT();
  const count = (key: 'open' | 'overdue' | 'closedOnTime' | 'closedLate', title: string) => ({
    title,
    dataIndex: key,
    width: 110,
    align: 'right' as const,
    sorter: (a: LeadOrgRow, b: LeadOrgRow) => a[key] - b[key],
  });
  return (
    <Card style={{ marginTop: 16 }}>
      <section aria-labelledby="mt-lead-rates">
        <SectionTitle id="mt-lead-rates">{t('mt.byLead.title')}</SectionTitle>
        <Table<LeadOrgRow>
          rowKey="orgId"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: loading ? ' ' : <EmptyState description={t('mt.byLead.empty')} /> }}
          columns={[
            { title: t('mt.byLead.org'), dataIndex: 'orgName', sorter: (a, b) => a.orgName.localeCompare(b.orgName, 'zh-CN') },
            count('open', t('mt.fig.open')),
            count('overdue', t('mt.fig.overdue')),
            count('closedOnTime', t('mt.fig.closedOnTime')),
            count('closedLate', t('mt.fig.closedLate')),
            {
              title: t('mt.byLead.rate'),
              dataIndex: 'onTimeRate',
              width: 130,
              align: 'right',
              sorter: byRate,
              render: (v: number | null) => (v === null ? t('common.none') : percent(t, v)),
            },
          ]}
        />
      </section>
    </Card>
  );
}

/** My organization's secret calendar address of its meetings: shown, replaced or revoked. */
function FeedButton() {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const feed = useEndpoint(meetingsApi.getFeed, open ? {} : null);
  const url = feed.data?.path ? `${window.location.origin}${feed.data.path}` : null;
  const run = async (f: () => Promise<unknown>) => {
    try {
      await f();
      feed.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <>
      <Button icon={<CalendarOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('mt.feed')}
      </Button>
      <Modal open={open} title={t('mt.feed')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Typography.Paragraph>{t('mt.feedHelp')}</Typography.Paragraph>
        {url ? (
          <>
            <Typography.Paragraph copyable={{ text: url }} className="qh-feed-url" style={{ wordBreak: 'break-all' }}>
              <a href={url}>{url}</a>
            </Typography.Paragraph>
            <Flex gap={8} wrap>
              <Popconfirm
                title={t('mt.feedRotateConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => run(() => meetingsApi.makeFeed.call({ body: { rotate: true } }))}
              >
                <Button>{t('mt.feedRotate')}</Button>
              </Popconfirm>
              <Popconfirm
                title={t('mt.feedRevokeConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => run(() => meetingsApi.revokeFeed.call({}))}
              >
                <Button danger>{t('mt.feedRevoke')}</Button>
              </Popconfirm>
            </Flex>
          </>
        ) : (
          <Button type="primary" loading={feed.loading} onClick={() => void run(() => meetingsApi.makeFeed.call({ body: {} }))}>
            {t('mt.feedCreate')}
          </Button>
        )}
      </Modal>
    </>
  );
}

/** Joint meetings (联席会议): upcoming and past meetings, series, my action items and the supervision queue. */
export function MeetingsPage() {
  const t = useT();
  const { can } = useSession();
  return (
    <>
      <PageTitle extra={<FeedButton />}>{t('mt.title')}</PageTitle>
      <FiguresCard />
      <Card style={{ marginTop: 16 }}>
        <Tabs
          items={[
            { key: 'occ', label: t('mt.tab.meetings'), children: <OccurrencesTab /> },
            { key: 'series', label: t('mt.tab.series'), children: <SeriesTab /> },
            { key: 'items', label: t('mt.tab.items'), children: <ItemsTab supervision={false} /> },
            ...(can('meeting.manage') ? [{ key: 'sup', label: t('mt.tab.supervision'), children: <ItemsTab supervision /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}
