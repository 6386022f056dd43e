import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { Account } from '@contracts/accounts';
import { accountsApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';

export function ResetPasswordModal({ account, onClose }: { account: Account; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await accountsApi.resetPassword.call({ params: { id: account.id }, body: { password: v.password } });
      void message.success(t('common.done'));
      onClose();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('acc.resetTitle', { name: account.username })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form form={form} name="reset-password" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          label={t('acc.newPassword')}
          name="password"
          extra={`${t('pwd.hint')} ${t('acc.passwordHelp')}`}
          rules={[{ required: true, message: t('common.required', { field: t('acc.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
