import { App, Button, Flex, Form, Input, InputNumber, Modal, Segmented, Space, Tabs, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Application, HoursEntry, HoursStatus, Need, Volunteer } from '@contracts/volunteers';
import { HOURS_STATUSES } from '@contracts/volunteers.enums';
import { errorMessage } from '../../api';
import { volunteersApi } from '../../api/volunteers';
import { FormAlert } from '../../components/FormAlert';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle } from '../../components/PageTitle';
import { useConfirm } from '../../components/confirm';
import { applyFormError } from '../../components/form-errors';
import { dateTime, todayIso } from '../../components/labels';
import { skillLabel } from '../../components/skills';
import { ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';

function VolunteersTab() {
  const clearable = useClearable();
  const t = useT();
  const { me, can } = useSession();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [page, setPage] = useState(1);
  const list = useEndpoint(volunteersApi.list, { query: { q: dq || undefined, page, pageSize: 20 } });
  return (
    <>
      <Input.Search
        allowClear={clearable}
        placeholder={t('vol.name')}
        aria-label={t('vol.name')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setPage(1);
        }}
        style={{ maxWidth: 260, marginBottom: 12 }}
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Volunteer>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 800 }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: setPage }}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            { title: t('vol.name'), dataIndex: 'name' },
            { title: t('act.phone'), dataIndex: 'phoneMasked' },
            { title: t('vol.skills'), dataIndex: 'skills', render: (s: string[]) => s.map((x) => <Tag key={x}>{skillLabel(t, x)}</Tag>) },
            { title: t('vol.availability'), dataIndex: 'availability' },
            { title: t('vol.region'), dataIndex: 'regionName' },
            { title: t('vol.hours'), dataIndex: 'confirmedHours' },
            {
              title: t('common.actions'),
              key: 'cert',
              render: (_, v) =>
                can('volunteer.write') && v.confirmedHours > 0 && me ? (
                  <a href={volunteersApi.certificate.path({ params: { id: v.id }, query: { orgId: me.orgId } })}>{t('vol.certificate')}</a>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}

function Applications({ needId, onChange }: { needId: number; onChange: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const apps = useEndpoint(volunteersApi.applications, { params: { id: needId } });
  const decide = (id: number, decision: 'confirm' | 'reject') =>
    volunteersApi.decideApplication.call({ params: { id }, body: { decision } }).then(
      () => {
        apps.reload();
        onChange();
      },
      (e: unknown) => message.error(errorMessage(e)),
    );
  if (apps.error) return <ErrorState error={apps.error} onRetry={apps.reload} />;
  return (
    <Table<Application>
      rowKey="id"
      size="small"
      loading={apps.loading}
      dataSource={apps.data?.items ?? []}
      pagination={false}
      columns={[
        { title: t('vol.name'), dataIndex: 'name' },
        { title: t('act.phone'), dataIndex: 'phoneMasked' },
        { title: t('vol.skills'), dataIndex: 'skills', render: (s: string[]) => s.map((x) => <Tag key={x}>{skillLabel(t, x)}</Tag>) },
        { title: t('act.field.status'), dataIndex: 'status', render: (s: string) => t(`vol.app.status.${s}` as never) },
        {
          title: t('common.actions'),
          key: 'a',
          render: (_, a) =>
            a.status === 'applied' ? (
              <Space>
                <Button size="small" type="primary" onClick={() => void decide(a.id, 'confirm')}>
                  {t('vol.app.confirm')}
                </Button>
                <Button size="small" onClick={() => void decide(a.id, 'reject')}>
                  {t('vol.app.reject')}
                </Button>
              </Space>
            ) : null,
        },
      ]}
    />
  );
}

function NeedsTab() {
  const t = useT();
  const { me, can } = useSession();
  const confirm = useConfirm();
  const [page, setPage] = useState(1);
  const list = useEndpoint(volunteersApi.needs, { query: { page, pageSize: 20 } });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const create = async (v: { orgId: number; activityId?: number; role: string; headcount: number; startsAt: string; endsAt: string; description?: string }) => {
    try {
      await volunteersApi.createNeed.call({
        body: {
          ...v,
          activityId: v.activityId || null,
          startsAt: new Date(v.startsAt).toISOString(),
          endsAt: new Date(v.endsAt).toISOString(),
        },
      });
      setOpen(false);
      list.reload();
    } catch (e) {
      setError(applyFormError(form, e));
    }
  };
  return (
    <>
      {can('volunteer.write') ? (
        <Button
          type="primary"
          onClick={() => {
            setError(null);
            setOpen(true);
          }}
          style={{ marginBottom: 12 }}
        >
          {t('vol.needs.create')}
        </Button>
      ) : null}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Need>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 800 }}
          expandable={{ expandedRowRender: (n) => <Applications needId={n.id} onChange={list.reload} /> }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: setPage }}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            { title: t('vol.needs.role'), dataIndex: 'role' },
            { title: t('vol.needs.org'), dataIndex: 'orgName' },
            { title: t('act.title'), dataIndex: 'activityTitle', render: (v: string | null) => v ?? t('common.none') },
            { title: t('vol.needs.time'), key: 'time', render: (_, n) => `${dateTime(n.startsAt)} – ${dateTime(n.endsAt)}` },
            { title: t('vol.needs.headcount'), key: 'hc', render: (_, n) => `${n.confirmed} / ${n.headcount}（${t('vol.needs.applied')} ${n.applied}）` },
            { title: t('act.field.status'), dataIndex: 'status', render: (s: string) => t(`vol.needs.status.${s}` as never) },
            {
              title: t('common.actions'),
              key: 'close',
              render: (_, n) =>
                n.status === 'open' && can('volunteer.write') ? (
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      confirm({
                        title: t('vol.needs.closeConfirm'),
                        danger: true,
                        onOk: () => volunteersApi.closeNeed.call({ params: { id: n.id }, body: {} }).then(list.reload),
                      })
                    }
                  >
                    {t('vol.needs.close')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      <Modal
        open={open}
        title={t('vol.needs.create')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={error} />
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ orgId: me?.orgId, headcount: 2 }} preserve={false}>
          <Form.Item name="orgId" label={t('vol.needs.org')} rules={[{ required: true }]}>
            <OrgSelect initialLabel={me?.orgName} aria-label={t('vol.needs.org')} />
          </Form.Item>
          <Form.Item name="activityId" label={t('vol.needs.activityId')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="role" label={t('vol.needs.role')} rules={[{ required: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="headcount" label={t('vol.needs.headcount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} style={{ width: '100%' }} />
          </Form.Item>
          <Flex gap="small" wrap>
            <Form.Item name="startsAt" label={t('act.totals.from')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
            <Form.Item name="endsAt" label={t('act.totals.to')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('vol.needs.description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function HoursTab() {
  const t = useT();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [status, setStatus] = useState<HoursStatus>('recorded');
  const list = useEndpoint(volunteersApi.hours, { query: { status } });
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const record = async (v: { volunteerId: number; needId?: number; orgId: number; serviceDate: string; hours: number; content: string }) => {
    setError(null);
    try {
      await volunteersApi.recordHours.call({ body: { ...v, needId: v.needId || null } });
      form.resetFields(['volunteerId', 'needId', 'hours', 'content']);
      void message.success(t('common.saved'));
      list.reload();
    } catch (e) {
      setError(applyFormError(form, e));
    }
  };
  const decide = (id: number, decision: 'confirm' | 'reject') => {
    const run = () => volunteersApi.decideHours.call({ params: { id }, body: { decision } }).then(list.reload);
    if (decision === 'reject') confirm({ title: t('vol.hours.rejectConfirm'), danger: true, onOk: run });
    else run().catch((e: unknown) => message.error(errorMessage(e)));
  };
  return (
    <>
      {can('volunteer.write') ? (
        <>
          <FormAlert message={error} />
          <Form
            form={form}
            layout="inline"
            onFinish={record}
            initialValues={{ orgId: me?.orgId, serviceDate: todayIso() }}
            style={{ marginBottom: 16, rowGap: 8 }}
          >
            <Form.Item name="volunteerId" label={t('vol.hours.volunteerId')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="needId" label={t('vol.hours.needId')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="orgId" label={t('vol.hours.org')} rules={[{ required: true }]}>
              <OrgSelect initialLabel={me?.orgName} aria-label={t('vol.hours.org')} />
            </Form.Item>
            <Form.Item name="serviceDate" label={t('vol.hours.date')} rules={[{ required: true }]}>
              <DateField />
            </Form.Item>
            <Form.Item name="hours" label={t('vol.hours.amount')} rules={[{ required: true }]}>
              <InputNumber min={0.25} max={24} step={0.25} />
            </Form.Item>
            <Form.Item name="content" label={t('vol.hours.content')} rules={[{ required: true, max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Button htmlType="submit" type="primary">
              {t('vol.hours.record')}
            </Button>
          </Form>
        </>
      ) : null}
      <p className="qh-muted">{t('vol.hours.secondPerson')}</p>
      <Segmented
        aria-label={t('act.field.status')}
        value={status}
        onChange={(v) => setStatus(v as HoursStatus)}
        options={HOURS_STATUSES.map((s) => ({ value: s, label: t(`vol.hours.status.${s}` as never) }))}
        style={{ marginBottom: 12 }}
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<HoursEntry>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
          columns={[
            { title: t('vol.name'), dataIndex: 'volunteerName' },
            { title: t('vol.hours.date'), dataIndex: 'serviceDate' },
            { title: t('vol.hours.amount'), dataIndex: 'hours' },
            { title: t('vol.hours.content'), dataIndex: 'content' },
            { title: t('vol.hours.org'), dataIndex: 'orgName' },
            { title: t('vol.hours.recordedBy'), dataIndex: 'recordedBy' },
            { title: t('vol.hours.confirmedBy'), dataIndex: 'confirmedBy', render: (v: string | null) => v ?? t('common.none') },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, h) =>
                h.status === 'recorded' && can('volunteer.write') ? (
                  <Space>
                    <Button size="small" type="primary" onClick={() => decide(h.id, 'confirm')}>
                      {t('vol.hours.confirm')}
                    </Button>
                    <Button size="small" danger onClick={() => decide(h.id, 'reject')}>
                      {t('vol.hours.reject')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}

/** Volunteers of my region, needs with applications, hours to record and confirm, certificates. */
export function VolunteersPage() {
  const t = useT();
  return (
    <>
      <PageTitle>{t('vol.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'volunteers', label: t('vol.tab.volunteers'), children: <VolunteersTab /> },
          { key: 'needs', label: t('vol.tab.needs'), children: <NeedsTab /> },
          { key: 'hours', label: t('vol.tab.hours'), children: <HoursTab /> },
        ]}
      />
    </>
  );
}
