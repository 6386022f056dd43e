import { App, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import type { OrgDetail, Programme } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { todayIso } from '../../components/labels';
import { PERSON_FIELD_MAP, PersonFields, personRef, type PersonValues } from '../../components/PersonFields';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { DateField } from '../../components/DateField';

type Values = PersonValues & { programme: string; startedOn: string };

export function AddStaffModal({ org, programmes, onClose, onAdded }: { org: OrgDetail; programmes: Programme[]; onClose: () => void; onAdded: () => void }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await orgsApi.addStaff.call({ params: { id: org.id }, body: { ...personRef(v), programme: v.programme, startedOn: v.startedOn } });
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
      title={t('staff.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={620}
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="add-staff"
        layout="vertical"
        initialValues={{ startedOn: todayIso(), personSource: 'new' }}
        onFinish={(v) => void submit(v)}
      >
        <PersonFields regionWithin={org.regionCode} />
        <Form.Item label={t('staff.programme')} name="programme" rules={[{ required: true, message: t('common.required', { field: t('staff.programme') }) }]}>
          <Select options={programmes.map((p) => ({ value: p.code, label: localName(lang, p) }))} />
        </Form.Item>
        <Form.Item label={t('staff.startedOn')} name="startedOn" rules={[{ required: true, message: t('common.required', { field: t('staff.startedOn') }) }]}>
          <DateField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
