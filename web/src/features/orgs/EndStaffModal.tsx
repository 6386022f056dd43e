import { App, Form, Modal } from 'antd';
import { useState } from 'react';
import type { StaffMember } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { todayIso } from '../../components/labels';
import { useT } from '../../prefs';
import { DateField } from '../../components/DateField';

/** Ends a social worker's service on a date; the dialog is the confirmation. */
export function EndStaffModal({ staff, onClose, onEnded }: { staff: StaffMember; onClose: () => void; onEnded: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endedOn: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { endedOn: string }) => {
    setBusy(true);
    setError(null);
    try {
      await orgsApi.endStaff.call({ params: { id: staff.id }, body: { endedOn: v.endedOn } });
      void message.success(t('common.done'));
      onEnded();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('staff.endConfirm', { name: staff.personName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('staff.end')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form form={form} name="end-staff" layout="vertical" initialValues={{ endedOn: todayIso() }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('staff.endedOn')} name="endedOn" rules={[{ required: true, message: t('common.required', { field: t('staff.endedOn') }) }]}>
          <DateField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
