import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Drawer, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Delivery, Subscription, SubscriptionInput } from '@contracts/webhooks';
import { WEBHOOK_EVENT_TYPES } from '@contracts/webhooks.enums';
import { webhooksApi } from '../../api/webhooks';
import { useConfirm } from '../../components/confirm';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import { Forbidden } from '../../components/ResultPages';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import type { MessageKey } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';

// The platform's contrast-checked tag styles (antd's green tag fails WCAG AA contrast).
const STATUS_TAG = { active: { className: 'qh-tag-ok' }, paused: {}, disabled: { color: 'error' } } as const;
const DELIVERY_TAG = { pending: { color: 'warning' }, delivered: { className: 'qh-tag-ok' }, failed: { color: 'error' } } as const;

/** The page for its administrators (webhook.manage) and for the security administrator (webhook.approve_personal). */
export function WebhooksPage() {
  const { can } = useSession();
  if (can('webhook.manage')) return <Subscriptions manage />;
  if (can('webhook.approve_personal')) return <Subscriptions manage={false} />;
  return <Forbidden />;
}

/**
 * 数据推送: the webhook subscriptions of my subtree. Its administrators create, pause and delete them, read the
 * delivery log and see a secret once at creation; the security administrator approves or withdraws personal fields.
 */
function Subscriptions({ manage }: { manage: boolean }) {
  const { t, lang } = usePrefs();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const approver = can('webhook.approve_personal');
  const managed = useEndpoint(webhooksApi.list, manage ? {} : null);
  const reviewed = useEndpoint(webhooksApi.personalDataList, manage ? null : {});
  const q = manage ? managed : reviewed;
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Subscription | null>(null);
  const [form] = Form.useForm<SubscriptionInput>();
  const [saving, setSaving] = useState(false);
  const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }) : '');
  const eventLabel = (type: string) => t(`webhooks.event.${type}` as MessageKey);

  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const r = await webhooksApi.create.call({ body: values });
      setCreating(false);
      form.resetFields();
      setSecret(r.secret);
      q.reload();
    } catch (err) {
      const m = applyFormError(form, err, { 'body.url': 'url', 'body.name': 'name', 'body.orgId': 'orgId' });
      if (m) void message.error(m);
    } finally {
      setSaving(false);
    }
  };
  const setPersonal = (s: Subscription, approved: boolean) =>
    confirm({
      title: t(approved ? 'webhooks.personal.approveTitle' : 'webhooks.personal.withdrawTitle', { name: s.name }),
      content: t(approved ? 'webhooks.personal.approveText' : 'webhooks.personal.withdrawText', { url: s.url }),
      okText: t(approved ? 'webhooks.personal.approve' : 'webhooks.personal.withdraw'),
      successText: t(approved ? 'webhooks.personal.approvedDone' : 'webhooks.personal.withdrawnDone'),
      onOk: () => webhooksApi.personalData.call({ params: { id: s.id }, body: { approved } }).then(() => q.reload()),
    });
  const toggle = async (s: Subscription) => {
    await (s.status === 'active' ? webhooksApi.pause : webhooksApi.resume).call({ params: { id: s.id }, body: {} });
    void message.success(t('common.done'));
    q.reload();
  };

  return (
    <>
      <PageTitle>{t('webhooks.title')}</PageTitle>
      <Typography.Paragraph type="secondary">{t(manage ? 'webhooks.intro' : 'webhooks.personal.intro')}</Typography.Paragraph>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      <Card
        extra={
          manage ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => (
                form.setFieldsValue({ orgId: me?.orgId, eventTypes: ['request.created', 'request.status_changed', 'request.closed'] }),
                setCreating(true)
              )}
            >
              {t('webhooks.create')}
            </Button>
          ) : null
        }
      >
        <Table<Subscription>
          rowKey="id"
          loading={q.loading}
          dataSource={q.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1120 }}
          locale={{ emptyText: q.loading ? ' ' : <EmptyState /> }}
          columns={[
            {
              title: t('webhooks.name'),
              dataIndex: 'name',
              render: (v: string, s) => (manage ? <Typography.Link onClick={() => setOpen(s)}>{v}</Typography.Link> : v),
            },
            { title: t('webhooks.org'), dataIndex: 'orgName' },
            { title: t('webhooks.url'), dataIndex: 'url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('webhooks.events'), dataIndex: 'eventTypes', render: (v: string[]) => v.map((e) => <Tag key={e}>{eventLabel(e)}</Tag>) },
            {
              title: t('webhooks.status'),
              dataIndex: 'status',
              width: 170,
              render: (v: Subscription['status'], s) => (
                <Tag {...STATUS_TAG[v]} title={s.disabledReason ?? undefined}>
                  {t(`webhooks.status.${v}`)}
                </Tag>
              ),
            },
            {
              title: t('webhooks.personal'),
              dataIndex: 'personalDataApproved',
              width: 120,
              render: (v: boolean) => (v ? <Tag color="warning">{t('webhooks.personal.approved')}</Tag> : <Tag>{t('webhooks.personal.masked')}</Tag>),
            },
            { title: t('webhooks.pending'), dataIndex: 'pending', width: 90, align: 'right' },
            { title: t('webhooks.failed'), dataIndex: 'failed', width: 80, align: 'right' },
            {
              title: t('common.actions'),
              key: 'actions',
              width: manage ? 240 : 140,
              render: (_: unknown, s) => (
                <Space wrap>
                  {approver ? (
                    <Button
                      size="small"
                      onClick={() => setPersonal(s, !s.personalDataApproved)}
                      aria-label={`${t(s.personalDataApproved ? 'webhooks.personal.withdraw' : 'webhooks.personal.approve')}：${s.name}`}
                    >
                      {t(s.personalDataApproved ? 'webhooks.personal.withdraw' : 'webhooks.personal.approve')}
                    </Button>
                  ) : null}
                  {manage ? (
                    <>
                      <Button size="small" onClick={() => setOpen(s)}>
                        {t('webhooks.deliveries')}
                      </Button>
                      <Button size="small" onClick={() => void toggle(s)}>
                        {s.status === 'active' ? t('webhooks.pause') : t('webhooks.resume')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          confirm({
                            title: t('webhooks.delete'),
                            content: t('webhooks.deleteConfirm', { name: s.name }),
                            danger: true,
                            onOk: () => webhooksApi.remove.call({ params: { id: s.id } }).then(() => q.reload()),
                            successText: t('common.deleted'),
                          })
                        }
                      >
                        {t('webhooks.delete')}
                      </Button>
                    </>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={creating}
        title={t('webhooks.create')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        confirmLoading={saving}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item name="orgId" label={t('webhooks.org')} rules={[{ required: true, message: t('common.required', { field: t('webhooks.org') }) }]}>
            <OrgSelect initialLabel={me?.orgName} aria-label={t('webhooks.org')} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('webhooks.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('webhooks.name') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('webhooks.url')}
            extra={t('webhooks.urlHint')}
            rules={[{ required: true, message: t('common.required', { field: t('webhooks.url') }) }]}
          >
            <Input maxLength={2000} placeholder="https://" inputMode="url" />
          </Form.Item>
          {/* A validator rather than `required`: antd would put aria-required on the checkbox group's div, which axe refuses. */}
          <Form.Item
            name="eventTypes"
            label={t('webhooks.events')}
            rules={[
              {
                validator: (_, v: unknown[] | undefined) =>
                  v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('common.required', { field: t('webhooks.events') }))),
              },
            ]}
          >
            <Checkbox.Group options={WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: eventLabel(e) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={secret !== null}
        title={t('webhooks.secretTitle')}
        closable={false}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('webhooks.secretCopied')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('webhooks.secretText')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }} data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>

      <Drawer open={open !== null} width={960} title={open ? `${t('webhooks.deliveries')} · ${open.name}` : ''} onClose={() => setOpen(null)} destroyOnHidden>
        {open ? <Deliveries sub={open} fmt={fmt} eventLabel={eventLabel} /> : null}
      </Drawer>
    </>
  );
}

function Deliveries({ sub, fmt, eventLabel }: { sub: Subscription; fmt: (iso: string | null) => string; eventLabel: (type: string) => string }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const q = useEndpoint(webhooksApi.deliveries, { params: { id: sub.id }, query: { page, pageSize: 20 } });
  const resend = async (d: Delivery) => {
    await webhooksApi.resend.call({ params: { id: sub.id, deliveryId: d.id }, body: {} });
    void message.success(t('webhooks.resent'));
    q.reload();
  };
  return (
    <>
      {q.error ? <ErrorState error={q.error} onRetry={q.reload} /> : null}
      <Table<Delivery>
        rowKey="id"
        loading={q.loading}
        dataSource={q.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: q.loading ? ' ' : <EmptyState /> }}
        scroll={{ x: 880 }}
        columns={[
          { title: t('webhooks.d.at'), dataIndex: 'createdAt', width: 170, render: (v: string) => fmt(v) },
          { title: t('webhooks.d.type'), dataIndex: 'type', render: (v: string) => eventLabel(v) },
          { title: t('webhooks.d.subject'), dataIndex: 'subject' },
          {
            title: t('webhooks.d.status'),
            dataIndex: 'status',
            width: 100,
            render: (v: Delivery['status']) => <Tag {...DELIVERY_TAG[v]}>{t(`webhooks.d.status.${v}`)}</Tag>,
          },
          { title: t('webhooks.d.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
          { title: t('webhooks.d.lastError'), dataIndex: 'lastError', render: (v: string | null) => v ?? '' },
          {
            title: '',
            key: 'resend',
            width: 120,
            render: (_: unknown, d) =>
              sub.status === 'active' ? (
                <Button size="small" icon={<ApiOutlined aria-hidden />} onClick={() => void resend(d)}>
                  {t('webhooks.resend')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
