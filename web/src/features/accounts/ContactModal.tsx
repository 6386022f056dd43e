import { Button, Form, Input, Modal, Typography } from 'antd';
import { accountsApi } from '../../api/accounts';
import { FormAlert } from '../../components/FormAlert';
import { useT } from '../../prefs';
import type { Account } from '@contracts/accounts';
import { CONTACT_INPUT, useContactForm, type ContactChannel, type ContactStore } from '../notifications/contact-form';

/**
 * The system administrator sets or clears the email address or the mobile phone of an account of their scope. A
 * phone is shown masked only, so its field starts empty.
 */
export function ContactModal({ account, channel, onClose, onSaved }: { account: Account; channel: ContactChannel; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const current = channel === 'email' ? account.email : account.phoneMasked;
  const store: ContactStore =
    channel === 'email'
      ? (email) => accountsApi.setEmail.call({ params: { id: account.id }, body: { email } })
      : (phone) => accountsApi.setPhone.call({ params: { id: account.id }, body: { phone } });
  const { form, error, busy, save, clear, initial } = useContactForm(channel, store, current, onSaved);
  return (
    <Modal
      open
      title={t(`${channel}.setTitle`, { name: account.username })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      footer={(buttons) => (
        <>
          {current ? (
            <Button danger onClick={clear}>
              {t(`${channel}.clear`)}
            </Button>
          ) : null}
          {buttons}
        </>
      )}
    >
      {current ? (
        <Typography.Paragraph>
          {t(`${channel}.current`)}：<span className="qh-mono">{current}</span>
        </Typography.Paragraph>
      ) : null}
      <FormAlert message={error} />
      <Form form={form} name={`account-${channel}`} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
        <Form.Item
          label={t(`${channel}.address`)}
          name={channel}
          extra={t(`${channel}.adminHint`)}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(`${channel}.address`) }) }]}
        >
          <Input {...CONTACT_INPUT[channel]} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
