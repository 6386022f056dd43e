import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Tabs, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api';
import { socialorgsApi } from '../../api/socialorgs';
import { labelOf } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

export function CallStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag className={status === 'open' ? 'qh-tag-workday' : status === 'awarded' ? 'qh-tag-ok' : ''}>{labelOf(t, 'sorg.call.status', status)}</Tag>;
}

function NewCallModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; budget: number; areaCode: string; deadline: Dayjs; description?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const c = await socialorgsApi.createCall.call({
        body: {
          title: v.title,
          budget: v.budget,
          areaCode: v.areaCode,
          deadline: v.deadline.format('YYYY-MM-DD'),
          description: v.description ?? '',
          targetGroups: ['workers'],
          criteria: [
            { key: 'plan', label: '服务方案', weight: 50 },
            { key: 'team', label: '团队能力', weight: 30 },
            { key: 'budget', label: '预算合理性', weight: 20 },
          ],
        },
      });
      onClose();
      void nav(`/social-orgs/calls/${c.id}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('sorg.call.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.save')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ budget: 100000, areaCode: '510104' }}>
        <Form.Item name="title" label={t('sorg.call.title')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('sorg.apply.proposal')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="budget" label={t('sorg.call.budget')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('sorg.call.area')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="deadline" label={t('sorg.call.deadline')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <p className="qh-muted">{t('sorg.call.criteria')}：服务方案 50 · 团队能力 30 · 预算合理性 20</p>
      </Form>
    </Modal>
  );
}

function Registry() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.list, { query: { pageSize: 50 } });
  return (
    <>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('sorg.name'), dataIndex: 'name' },
          { title: t('sorg.creditCode'), dataIndex: 'creditCode' },
          { title: t('sorg.regType'), dataIndex: 'regType', render: (v: string) => labelOf(t, 'sorg.regType', v) },
          { title: t('sorg.domain'), dataIndex: 'domain', render: (v: string) => labelOf(t, 'sorg.domain', v) },
          { title: t('sorg.region'), dataIndex: 'regionName' },
          { title: t('sorg.rating'), dataIndex: 'rating', width: 90, render: (v: string | null) => v ?? t('common.none') },
          { title: t('sorg.expiring'), dataIndex: 'expiringDocuments', width: 110, render: (n: number) => (n > 0 ? <Tag color="warning">{n}</Tag> : null) },
        ]}
      />
    </>
  );
}

function Calls() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.calls, { query: { pageSize: 50 } });
  return (
    <>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('sorg.call.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/social-orgs/calls/${r.id}`}>{v}</Link> },
          { title: t('sorg.call.budget'), dataIndex: 'budget', width: 130 },
          { title: t('sorg.call.area'), dataIndex: 'areaName', width: 120 },
          { title: t('sorg.call.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('sorg.call.applications'), dataIndex: 'applications', width: 90 },
          { title: t('sorg.call.status'), dataIndex: 'status', width: 110, render: (v: string) => <CallStatusTag status={v} /> },
        ]}
      />
    </>
  );
}

function Projects() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.projects, { query: { pageSize: 50 } });
  return (
    <>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('sorg.call.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/social-orgs/projects/${r.id}`}>{v}</Link> },
          { title: t('sorg.name'), dataIndex: 'sorgName' },
          { title: t('sorg.project.amount'), dataIndex: 'amount', width: 120 },
          { title: t('sorg.project.paid'), dataIndex: 'paid', width: 110 },
          { title: t('sorg.call.status'), dataIndex: 'status', width: 110, render: (v: string) => <Tag>{labelOf(t, 'sorg.project.status', v)}</Tag> },
        ]}
      />
    </>
  );
}

function MyOrg() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.mine);
  if (s.error) return <ErrorState error={s.error} onRetry={s.reload} />;
  if (!s.data) return null;
  const o = s.data;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Descriptions title={t('sorg.mine')} column={{ xs: 1, md: 3 }} size="small">
        <Descriptions.Item label={t('sorg.name')}>{o.name}</Descriptions.Item>
        <Descriptions.Item label={t('sorg.creditCode')}>{o.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('sorg.rating')}>{o.rating ?? t('common.none')}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Social organizations: the registry, calls for proposals and purchased-service projects; a social organization's staff see their own. */
export function SocialOrgsPage() {
  const t = useT();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const self = can('sorg.self');
  const items = [
    ...(self ? [] : [{ key: 'registry', label: t('sorg.tab.registry'), children: <Registry /> }]),
    { key: 'calls', label: t('sorg.tab.calls'), children: <Calls /> },
    { key: 'projects', label: t('sorg.tab.projects'), children: <Projects /> },
  ];
  return (
    <>
      <PageTitle
        extra={
          can('sorg.manage') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('sorg.call.new')}
            </Button>
          ) : null
        }
      >
        {t('sorg.title')}
      </PageTitle>
      {self ? <MyOrg /> : null}
      <Card>
        <Tabs items={items} defaultActiveKey={self ? 'calls' : 'registry'} />
      </Card>
      <NewCallModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
