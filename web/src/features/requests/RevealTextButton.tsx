import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';

type Revealed = { description: string; reply: string | null; callbackNote: string | null; ratingComment: string | null; notes: Array<{ version: number; note: string }> };

/**
 * Shows a request's free text with the identifiers in it unmasked, after the user states a purpose (audited on the
 * server). The text lives only in this dialog's state and is dropped when it closes.
 */
export function RevealTextButton({ requestId }: { requestId: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<Revealed | null>(null);
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
      setValue(await api.post<Revealed>(`/api/requests/${requestId}/reveal`, { purpose: v.purpose.trim() }));
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  const section = (label: string, text: string | null) =>
    text ? (
      <>
        <Typography.Title level={5}>{label}</Typography.Title>
        <p className="qh-req-text" style={{ whiteSpace: 'pre-wrap' }}>
          {text}
        </p>
      </>
    ) : null;

  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('req.revealText')}
      </Button>
      <Modal
        open={open}
        title={t('req.revealTextTitle')}
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
          <div aria-live="polite" data-testid="revealed-text">
            {section(t('req.description'), value.description)}
            {section(t('req.reply'), value.reply)}
            {section(t('req.callbackNote'), value.callbackNote)}
            {section(t('req.ratingComment'), value.ratingComment)}
            {value.notes.length > 0 ? (
              <>
                <Typography.Title level={5}>{t('req.stepNotes')}</Typography.Title>
                <ul>
                  {value.notes.map((n) => (
                    <li key={n.version} style={{ whiteSpace: 'pre-wrap' }}>
                      {n.note}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <Alert type="info" showIcon title={t('reveal.note')} style={{ marginTop: 16 }} />
          </div>
        ) : (
          <>
            <FormAlert message={error} />
            <Form form={form} name={`reveal-request-${requestId}`} layout="vertical" onFinish={(v) => void submit(v)}>
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
