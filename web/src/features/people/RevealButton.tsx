import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';

type Field = 'idNumber' | 'phone';
type Props = { personId: number; personName: string; field: Field; compact?: boolean };

/**
 * Shows one personal field in clear after the user states a purpose (audited on the server).
 * The value lives only in this dialog's state and is dropped when it closes.
 */
export function RevealButton({ personId, personName, field, compact = false }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ purpose: string }>();
  const fieldLabel = field === 'idNumber' ? t('person.idNumber') : t('person.phone');

  const close = () => {
    setOpen(false);
    setValue(undefined);
    setError(null);
    form.resetFields();
  };

  const submit = async (v: { purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ value: string | null }>(`/api/people/${personId}/reveal`, { field, purpose: v.purpose.trim() });
      setValue(r.value);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined aria-hidden />} onClick={() => setOpen(true)} aria-label={t('reveal.buttonLabel', { person: personName, field: fieldLabel })}>
        {compact ? t('common.view') : t('reveal.button')}
      </Button>
      <Modal
        open={open}
        title={`${t('reveal.title', { field: fieldLabel })} · ${personName}`}
        onCancel={close}
        destroyOnHidden
        footer={
          value === undefined
            ? [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()}>
                  {t('reveal.submit')}
                </Button>,
              ]
            : [
                <Button key="close" type="primary" onClick={close}>
                  {t('common.close')}
                </Button>,
              ]
        }
      >
        {value === undefined ? (
          <>
            <FormAlert message={error} />
            <Form form={form} name={`reveal-${field}-${personId}`} layout="vertical" onFinish={(v) => void submit(v)}>
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
        ) : (
          <div aria-live="polite">
            <p style={{ marginBottom: 8 }}>{t('reveal.value', { field: fieldLabel })}</p>
            <output className="qh-reveal-value qh-mono" data-testid="revealed-value">
              {value ?? t('reveal.nothing')}
            </output>
            <Alert type="info" showIcon title={t('reveal.note')} style={{ marginTop: 16 }} />
          </div>
        )}
      </Modal>
    </>
  );
}
