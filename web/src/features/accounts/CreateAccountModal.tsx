import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { accountsApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import { useT } from '../../prefs';

type Values = { username: string; displayName: string; orgId: number; password: string };

export function CreateAccountModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await accountsApi.create.call({ body: { username: v.username.trim(), displayName: v.displayName.trim(), orgId: v.orgId, password: v.password } });
      void message.success(t('common.created'));
      onCreated();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const req = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open
      title={t('acc.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <FormAlert message={error} />
      <Form<Values> form={form} name="create-account" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label={t('acc.username')} name="username" extra={t('acc.usernameHelp')} rules={req(t('acc.username'))}>
          <Input maxLength={40} autoComplete="off" className="qh-mono" />
        </Form.Item>
        <Form.Item label={t('acc.displayName')} name="displayName" rules={req(t('acc.displayName'))}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('acc.org')} name="orgId" rules={[{ required: true, message: t('common.required', { field: t('acc.org') }) }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item
          label={t('acc.password')}
          name="password"
          extra={`${t('pwd.hint')} ${t('acc.passwordHelp')}`}
          rules={[{ required: true, message: t('common.required', { field: t('acc.password') }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
