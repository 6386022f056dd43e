import { Alert, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';
import { useMe, useSession } from '../../session';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordPage() {
  const t = useT();
  const me = useMe();
  const { refresh } = useSession();
  const nav = useNavigate();
  const [form] = Form.useForm<Values>();
  const { busy, error, save } = useFormSave(form);

  const submit = (v: Values) =>
    save(() => authApi.changePassword.call({ body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }), {
      success: (r) => (r.endedSessions > 0 ? t('pwd.successEnded', { n: r.endedSessions }) : t('pwd.success')),
      then: async () => {
        await refresh();
        void nav('/', { replace: true });
      },
    });

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
