import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';
import { useMe, useSession } from '../../session';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordPage() {
  const t = useT();
  const me = useMe();
  const { refresh } = useSession();
  const { message } = App.useApp();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ ok: boolean; endedSessions: number }>('/api/auth/password', {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      void message.success(r.endedSessions > 0 ? t('pwd.successEnded', { n: r.endedSessions }) : t('pwd.success'));
      await refresh();
      void nav('/', { replace: true });
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('pwd.title')}</PageTitle>
      <Card style={{ maxWidth: 560 }}>
        {me.mustChangePassword ? <Alert type="warning" showIcon title={t('pwd.forced')} style={{ marginBottom: 16 }} /> : null}
        <FormAlert message={error} />
        <Form<Values> form={form} name="change-password" layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
          <Form.Item label={t('pwd.current')} name="currentPassword" rules={[{ required: true, message: t('common.required', { field: t('pwd.current') }) }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('pwd.new')}
            name="newPassword"
            extra={t('pwd.hint')}
            rules={[{ required: true, message: t('common.required', { field: t('pwd.new') }) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('pwd.confirm')}
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('common.required', { field: t('pwd.confirm') }) },
              ({ getFieldValue }) => ({
                validator: (_r, value: string) =>
                  !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('pwd.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
