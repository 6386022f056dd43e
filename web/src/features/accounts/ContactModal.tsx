import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';
import type { Account } from '../../types';
import type { ContactChannel } from '../notifications/MyContactCard';

/**
 * The system administrator sets or clears the email address or the mobile phone of an account of their scope. A
 * phone is shown masked only, so its field starts empty.
 */
export function ContactModal({ account, channel, onClose, onSaved }: { account: Account; channel: ContactChannel; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<Partial<Record<ContactChannel, string>>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/accounts/${account.id}/${channel}`;
  const current = channel === 'email' ? account.email : account.phoneMasked;
  const submit = async (v: Partial<Record<ContactChannel, string>>) => {
    setBusy(true);
    setError(null);
    try {
      await api.put(url, { [channel]: v[channel] });
      void message.success(t(`${channel}.saved`));
      onSaved();
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
        onSaved();
      },
    });
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
      <Form form={form} name={`account-${channel}`} layout="vertical" initialValues={{ [channel]: channel === 'email' ? (account.email ?? '') : '' }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t(`${channel}.address`)} name={channel} extra={t(`${channel}.adminHint`)} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(`${channel}.address`) }) }]}>
          <Input inputMode={channel === 'email' ? 'email' : 'tel'} autoComplete="off" maxLength={channel === 'email' ? 254 : 20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
