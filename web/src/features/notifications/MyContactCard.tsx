import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { authApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { useT } from '../../prefs';
import { useMe, useSession } from '../../session';
import { CONTACT_INPUT, useContactForm, type ContactChannel, type ContactStore } from './contact-form';

const STORE: Record<ContactChannel, ContactStore> = {
  email: (email) => authApi.setOwnEmail.call({ body: { email } }),
  phone: (phone) => authApi.setOwnPhone.call({ body: { phone } }),
};
const AUTOCOMPLETE = { email: 'email', phone: 'tel' } as const;

/** My own email address or mobile phone: shown (the phone masked), set or cleared. */
export function MyContactCard({ channel }: { channel: ContactChannel }) {
  const t = useT();
  const me = useMe();
  const { refresh } = useSession();
  // The phone is never in clear on the page: the field starts empty and the masked number stands above it.
  const current = channel === 'email' ? me.email : me.phoneMasked;
  const { form, error, busy, save, clear, initial } = useContactForm(channel, STORE[channel], current, async (stored) => {
    form.setFieldsValue({ [channel]: stored && 'email' in stored ? (stored.email ?? '') : '' });
    await refresh();
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
      <Form form={form} name={`my-${channel}`} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} style={{ maxWidth: 480 }}>
        <Form.Item
          label={t(`${channel}.address`)}
          name={channel}
          extra={t(`${channel}.hint`)}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(`${channel}.address`) }) }]}
        >
          <Input {...CONTACT_INPUT[channel]} autoComplete={AUTOCOMPLETE[channel]} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
          {t(`${channel}.save`)}
        </Button>
      </Form>
    </Card>
  );
}
