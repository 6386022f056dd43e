import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';
import { useMe, useSession } from '../../session';

/** The two ways of reaching me beyond the platform: where notifications I chose by email or by SMS are sent. */
export type ContactChannel = 'email' | 'phone';

/** Per channel: where it is stored, what the page shows of it (a phone only masked), how it is typed. */
const CHANNELS = {
  email: { url: '/api/auth/me/email', input: { inputMode: 'email', autoComplete: 'email', maxLength: 254 } },
  phone: { url: '/api/auth/me/phone', input: { inputMode: 'tel', autoComplete: 'tel', maxLength: 20 } },
} as const;

type Values = Partial<Record<ContactChannel, string>>;

/** My own email address or mobile phone: shown (the phone masked), set or cleared. */
export function MyContactCard({ channel }: { channel: ContactChannel }) {
  const t = useT();
  const me = useMe();
  const { refresh } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { url, input } = CHANNELS[channel];
  // The phone is never in clear on the page: the field starts empty and the masked number stands above it.
  const current = channel === 'email' ? me.email : me.phoneMasked;
  const initial = channel === 'email' ? (me.email ?? '') : '';

  const save = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.put<{ email?: string | null }>(url, { [channel]: v[channel] });
      form.setFieldsValue({ [channel]: channel === 'email' ? (r.email ?? '') : '' });
      void message.success(t(`${channel}.saved`));
      await refresh();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const clear = () =>
    confirm({
      title: t(`${channel}.clearConfirm`, { value: current ?? '' }),
      content: t(`${channel}.clearConsequence`),
      danger: true,
      okText: t(`${channel}.clear`),
      successText: t(`${channel}.cleared`),
      onOk: async () => {
        await api.put(url, { [channel]: null });
        form.setFieldsValue({ [channel]: '' });
        await refresh();
      },
    });

  return (
    <Card title={t(`${channel}.mine`)} style={{ marginTop: 16 }}>
      {current ? (
        <Flex gap="small" align="center" wrap style={{ marginBottom: 16 }}>
          <Typography.Text>{t(`${channel}.current`)}：</Typography.Text>
          <Typography.Text strong className="qh-mono" data-testid={`my-${channel}`}>
            {current}
          </Typography.Text>
          <Button size="small" danger onClick={clear}>
            {t(`${channel}.clear`)}
          </Button>
        </Flex>
      ) : (
        <Alert type="warning" showIcon title={t(`${channel}.none`)} style={{ marginBottom: 16 }} />
      )}
      <FormAlert message={error} />
      <Form form={form} name={`my-${channel}`} layout="vertical" initialValues={{ [channel]: initial }} onFinish={(v) => void save(v)} style={{ maxWidth: 480 }}>
        <Form.Item label={t(`${channel}.address`)} name={channel} extra={t(`${channel}.hint`)} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(`${channel}.address`) }) }]}>
          <Input {...input} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t(`${channel}.save`)}
        </Button>
      </Form>
    </Card>
  );
}
