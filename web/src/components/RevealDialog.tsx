import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../prefs';
import { FormAlert } from './FormAlert';
import { applyFormError } from './form-errors';

type Props<T> = {
  /** The button's text, and its accessible name when it differs. */
  label: string;
  ariaLabel?: string;
  title: string;
  formName: string;
  /** Asks the server (which audits the purpose) for the value. */
  reveal: (purpose: string) => Promise<T>;
  render: (value: T) => ReactNode;
};

/**
 * A button and dialog that shows protected data in clear after the user states a purpose. The value lives only in
 * this dialog's state and is dropped when it closes.
 */
export function RevealDialog<T>({ label, ariaLabel, title, formName, reveal, render }: Props<T>) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<{ v: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();

  const close = () => {
    setOpen(false);
    setValue(null);
    setError(null);
    form.resetFields();
  };

  const submit = async (v: { purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      setValue({ v: await reveal(v.purpose.trim()) });
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined aria-hidden />} onClick={() => setOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title}
        onCancel={close}
        destroyOnHidden
        footer={
          value
            ? [
                <Button key="close" type="primary" onClick={close}>
                  {t('common.close')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()}>
                  {t('reveal.submit')}
                </Button>,
              ]
        }
      >
        {value ? (
          <div aria-live="polite">
            {render(value.v)}
            <Alert type="info" showIcon title={t('reveal.note')} style={{ marginTop: 16 }} />
          </div>
        ) : (
          <>
            <FormAlert message={error} />
            <Form form={form} name={formName} layout="vertical" onFinish={(v) => void submit(v)}>
              <Form.Item
                label={t('reveal.purpose')}
                name="purpose"
                extra={t('reveal.purposeHelp')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required', { field: t('reveal.purpose') }) },
                  { min: 2, message: t('reveal.purposeHelp') },
                ]}
              >
                <Input.TextArea rows={3} maxLength={200} autoFocus />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}
