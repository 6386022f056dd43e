import { PlusOutlined } from '@ant-design/icons';
import type { Programme, ProgrammeInput } from '@contracts/talent';
import { ELIGIBILITIES, PROGRAMME_KINDS } from '@contracts/talent.enums';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { talentApi } from '../../api/talent';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { TalentFigures } from './TalentFigures';

export function TalentStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag className={status === 'open' ? 'qh-tag-ok' : ''}>{labelOf(t, 'talent.status', status)}</Tag>;
}

/** Talent programmes (人才培养) of the caller's tree with their figures by district and organization. */
export function TalentPage() {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const list = useEndpoint(talentApi.list);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<ProgrammeInput>();

  const create = async (v: ProgrammeInput) => {
    setSaving(true);
    setFormError(null);
    try {
      const p = await talentApi.create.call({ body: { ...v, description: v.description ?? '' } });
      void message.success(t('talent.saved'));
      setOpen(false);
      void nav(`/talent/${p.id}`);
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
          can('talent.manage') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
              {t('talent.create')}
            </Button>
          ) : null
        }
      >
        {t('talent.title')}
      </PageTitle>
      <Card>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        <Table<Programme>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t('talent.none')} /> }}
          columns={[
            { title: t('talent.name'), dataIndex: 'name', render: (v: string, r) => <Link to={`/talent/${r.id}`}>{v}</Link> },
            { title: t('talent.kindLabel'), dataIndex: 'kind', width: 110, render: (v: string) => labelOf(t, 'talent.kind', v) },
            { title: t('talent.org'), dataIndex: 'orgName' },
            { title: t('talent.eligibilityLabel'), dataIndex: 'eligibility', width: 150, render: (v: string) => labelOf(t, 'talent.eligibility', v) },
            { title: t('talent.sessionCount'), dataIndex: 'sessionCount', width: 90, align: 'right' },
            { title: t('talent.enrolled'), dataIndex: 'enrolled', width: 90, align: 'right' },
            { title: t('talent.completed'), dataIndex: 'completed', width: 90, align: 'right' },
            { title: t('talent.statusLabel'), dataIndex: 'status', width: 110, render: (v: string) => <TalentStatusTag status={v} /> },
          ]}
        />
      </Card>
      <TalentFigures />
      <Modal
        title={t('talent.create')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={formError} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          initialValues={{ kind: 'craftsman', eligibility: 'open', requiredSessions: 1, capacity: 50 }}
        >
          <Form.Item name="orgId" label={t('talent.org')} rules={[{ required: true, message: t('common.required', { field: t('talent.org') }) }]}>
            <OrgSelect aria-label={t('talent.org')} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('talent.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('talent.name') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('talent.kindLabel')}>
            <Select options={PROGRAMME_KINDS.map((k) => ({ value: k, label: labelOf(t, 'talent.kind', k) }))} />
          </Form.Item>
          <Form.Item name="eligibility" label={t('talent.eligibilityLabel')}>
            <Select options={ELIGIBILITIES.map((k) => ({ value: k, label: labelOf(t, 'talent.eligibility', k) }))} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="requiredSessions" label={t('talent.requiredSessions')}>
                <InputNumber min={0} max={200} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="capacity" label={t('talent.capacity')}>
                <InputNumber min={1} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('talent.description')}>
            <Input.TextArea maxLength={2000} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
