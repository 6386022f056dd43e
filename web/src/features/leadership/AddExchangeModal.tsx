import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf, todayIso } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { PERSON_FIELD_MAP, PersonFields, personRef, type PersonValues } from '../../components/PersonFields';
import { useT } from '../../prefs';
import { EXCHANGE_KINDS, type ExchangeKind } from '../../types';
import { DateField } from '../../components/DateField';

type Values = PersonValues & {
  fromOrgId?: number;
  fromName?: string;
  toOrgId?: number;
  toName?: string;
  kind: ExchangeKind;
  startDate: string;
  endDate?: string;
};

/** Records a cadre exchange; each end is a unit in the system or a name outside it. */
export function AddExchangeModal({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await orgsApi.addExchange.call({
        body: {
          ...personRef(v),
          ...(v.fromOrgId ? { fromOrgId: v.fromOrgId } : { fromName: v.fromName?.trim() || undefined }),
          ...(v.toOrgId ? { toOrgId: v.toOrgId } : { toName: v.toName?.trim() || undefined }),
          kind: v.kind,
          startDate: v.startDate,
          endDate: v.endDate || undefined,
        },
      });
      void message.success(t('common.created'));
      onAdded();
    } catch (err) {
      setError(applyFormError(form, err, PERSON_FIELD_MAP));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('lead.addExchange')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="add-exchange"
        layout="vertical"
        initialValues={{ kind: 'secondment', startDate: todayIso(), personSource: 'existing' }}
        onFinish={(v) => void submit(v)}
      >
        <PersonFields />
        <Form.Item label={t('lead.kind')} name="kind">
          <Select options={EXCHANGE_KINDS.map((k) => ({ value: k, label: labelOf(t, 'exchange', k) }))} />
        </Form.Item>
        <p className="qh-muted">{t('lead.orgOrName')}</p>
        <Form.Item label={t('lead.fromOrg')} name="fromOrgId">
          <OrgSelect />
        </Form.Item>
        <Form.Item label={t('lead.fromName')} name="fromName">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('lead.toOrg')} name="toOrgId">
          <OrgSelect />
        </Form.Item>
        <Form.Item label={t('lead.toName')} name="toName">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('lead.startDate')} name="startDate" rules={[{ required: true, message: t('common.required', { field: t('lead.startDate') }) }]}>
          <DateField />
        </Form.Item>
        <Form.Item label={t('lead.endDate')} name="endDate">
          <DateField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
