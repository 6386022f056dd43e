import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import { Table } from '../../components/Table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CampaignOut } from '@contracts/activities';
import { qs } from '../../api';
import { activitiesApi } from '../../api/activities';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle } from '../../components/PageTitle';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Values = { code?: string; name: string; description?: string; period?: [Dayjs | null, Dayjs | null] | null; ownerOrgId?: number };
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Campaigns (专项行动, e.g. 幸福美好生活十大工程宣讲): started and edited by their owning organization, with their activity figures. */
export function CampaignsPage() {
  const t = useT();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const list = useEndpoint(activitiesApi.campaigns);
  const [editing, setEditing] = useState<CampaignOut | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const writable = can('activity.write');
  const open = (c: CampaignOut | 'new') => {
    setError(null);
    form.resetFields();
    if (c === 'new') form.setFieldsValue({ ownerOrgId: me?.orgId });
    else
      form.setFieldsValue({
        name: c.name,
        description: c.description,
        ownerOrgId: c.ownerOrgId ?? undefined,
        period: [c.startsOn ? dayjs(c.startsOn) : null, c.endsOn ? dayjs(c.endsOn) : null],
      });
    setEditing(c);
  };
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const common = { name: v.name, description: v.description ?? '', startsOn: day(v.period?.[0]), endsOn: day(v.period?.[1]) };
    try {
      if (editing === 'new') await activitiesApi.createCampaign.call({ body: { ...common, code: v.code ?? '', ownerOrgId: v.ownerOrgId } });
      else if (editing)
        await activitiesApi.updateCampaign.call({
          params: { id: editing.id },
          body: { ...common, ...(v.ownerOrgId && v.ownerOrgId !== editing.ownerOrgId ? { ownerOrgId: v.ownerOrgId } : {}) },
        });
      setEditing(null);
      void message.success(t('common.saved'));
      list.reload();
    } catch (err) {
      setError(applyFormError(form, err, { 'body.name': 'name', 'body.endsOn': 'period', 'body.ownerOrgId': 'ownerOrgId', 'body.code': 'code' }));
    } finally {
      setBusy(false);
    }
  };
  const mine = (c: CampaignOut) => writable && c.ownerOrgId !== null;
  return (
    <>
      <PageTitle
        extra={
          writable ? (
            <Button type="primary" onClick={() => open('new')}>
              {t('act.campaign.new')}
            </Button>
          ) : null
        }
      >
        {t('act.campaign.title')}
      </PageTitle>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CampaignOut>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('act.campaign.name'), dataIndex: 'name', render: (n: string, c) => <Link to={`/activities${qs({ campaignId: c.id })}`}>{n}</Link> },
            { title: t('act.campaign.owner'), dataIndex: 'ownerOrgName', render: (n: string | null) => n ?? t('act.campaign.platform') },
            {
              title: t('act.campaign.period'),
              key: 'p',
              render: (_, c) => (c.startsOn || c.endsOn ? `${c.startsOn ?? ''} – ${c.endsOn ?? ''}` : t('common.none')),
            },
            { title: t('act.campaign.activities'), dataIndex: 'activities', width: 100 },
            { title: t('act.campaign.personTimes'), dataIndex: 'personTimes', width: 100 },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_: unknown, c: CampaignOut) =>
                      mine(c) ? (
                        <Button size="small" onClick={() => open(c)}>
                          {t('act.campaign.edit')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('act.campaign.new') : t('act.campaign.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
        width={600}
      >
        <FormAlert message={error} />
        <Form form={form} name="campaign" layout="vertical" onFinish={submit}>
          {editing === 'new' ? (
            <Form.Item
              name="code"
              label={t('act.campaign.code')}
              extra={t('act.campaign.codeHint')}
              rules={[
                { required: true, message: t('common.required', { field: t('act.campaign.code') }) },
                { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('act.campaign.codeHint') },
              ]}
            >
              <Input maxLength={40} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="name"
            label={t('act.campaign.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('act.campaign.name') }) }, { max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="ownerOrgId"
            label={t('act.campaign.owner')}
            rules={[{ required: true, message: t('common.required', { field: t('act.campaign.owner') }) }]}
          >
            <OrgSelect initialLabel={editing && editing !== 'new' ? (editing.ownerOrgName ?? undefined) : me?.orgName} aria-label={t('act.campaign.owner')} />
          </Form.Item>
          <Form.Item name="period" label={t('act.campaign.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="description" label={t('act.campaign.description')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
