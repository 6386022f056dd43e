import { App, Checkbox, Form, Modal } from 'antd';
import { useState } from 'react';
import type { Account, Role } from '@contracts/accounts';
import { accountsApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';

export function RolesModal({ account, roles, onClose, onSaved }: { account: Account; roles: Role[]; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roles: string[] }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { roles: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      await accountsApi.setRoles.call({ params: { id: account.id }, body: { roles: v.roles } });
      void message.success(t('common.saved'));
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('acc.rolesTitle', { name: account.username })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <p className="qh-muted">{t('acc.rolesHelp')}</p>
      <Form form={form} name="account-roles" layout="vertical" initialValues={{ roles: account.roles }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('acc.roles')} name="roles">
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={roles.map((r) => ({ value: r.code, label: localName(lang, r) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
