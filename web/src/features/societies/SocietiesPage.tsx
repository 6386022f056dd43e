import { PlusOutlined } from '@ant-design/icons';
import type { Society, SocietyInput } from '@contracts/societies';
import { ART_FORMS } from '@contracts/societies.enums';
import { App, Button, Card, Form, Input, Modal, Select } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { societiesApi } from '../../api/societies';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { DateField } from '../../components/DateField';

/** Mass cultural societies (群众性文化文艺社团) sponsored in the caller's tree. */
export function SocietiesPage() {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const list = useEndpoint(societiesApi.list);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<SocietyInput>();

  const create = async (v: SocietyInput) => {
    setSaving(true);
    setFormError(null);
    try {
      const s = await societiesApi.create.call({ body: { ...v, foundedOn: v.foundedOn || null, description: v.description ?? '' } });
      void message.success(t('soc.saved'));
      setOpen(false);
      void nav(`/societies/${s.id}`);
    } catch (e) {
      setFormError(applyFormError(form, e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageTitle
        extra={
          can('society.manage') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
              {t('soc.create')}
            </Button>
          ) : null
        }
      >
        {t('soc.title')}
      </PageTitle>
      <Card>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        <Table<Society>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t('soc.none')} /> }}
          columns={[
            { title: t('soc.name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/societies/${r.id}`}>{v}</Link> },
            { title: t('soc.artFormLabel'), dataIndex: 'artForm', width: 140, render: (v: string) => labelOf(t, 'soc.artForm', v) },
            { title: t('soc.org'), dataIndex: 'orgName' },
            { title: t('soc.foundedOn'), dataIndex: 'foundedOn', width: 120 },
            { title: t('soc.members'), dataIndex: 'members', width: 90, align: 'right' },
            { title: t('soc.activities'), dataIndex: 'activities', width: 110, align: 'right' },
            { title: t('soc.works'), dataIndex: 'works', width: 120, align: 'right' },
          ]}
        />
      </Card>
      <Modal
        title={t('soc.create')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={formError} />
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ artForm: 'literature' }}>
          <Form.Item name="orgId" label={t('soc.org')} rules={[{ required: true, message: t('common.required', { field: t('soc.org') }) }]}>
            <OrgSelect aria-label={t('soc.org')} />
          </Form.Item>
          <Form.Item name="name" label={t('soc.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('soc.name') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="artForm" label={t('soc.artFormLabel')}>
            <Select options={ART_FORMS.map((k) => ({ value: k, label: labelOf(t, 'soc.artForm', k) }))} />
          </Form.Item>
          <Form.Item name="foundedOn" label={t('soc.foundedOn')}>
            <DateField />
          </Form.Item>
          <Form.Item name="description" label={t('soc.description')}>
            <Input.TextArea maxLength={2000} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
