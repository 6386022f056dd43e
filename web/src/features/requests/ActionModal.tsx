import { App, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import type { MessageKey } from '../../i18n';
import { useT } from '../../prefs';
import { DateField } from '../../components/DateField';

export type ActionSpec = {
  /** Calls the step's endpoint with the body the dialog built from its fields. */
  send: (body: Record<string, unknown>) => Promise<unknown>;
  title: string;
  /** Label of the text field and the body key it is sent as; absent = no text field. */
  text?: { label: MessageKey; key: 'note' | 'reply' | 'reason' | 'measures'; required: boolean; rows?: number };
  /** A second required text, e.g. the call-back of a rectification. */
  extraText?: { label: MessageKey; key: string };
  org?: { label: MessageKey };
  date?: { label: MessageKey; key: string };
  reached?: boolean;
  /** Extra fixed body values (version, decision…). */
  body?: Record<string, unknown>;
  okText?: string;
  danger?: boolean;
  hint?: string;
};

type Values = { text?: string; extra?: string; orgId?: number; date?: string; reached?: boolean };

/** One dialog for every step on a request: a text, a unit, a date or a yes/no as the step needs. */
export function ActionModal({ spec, onClose, onDone }: { spec: ActionSpec; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { ...spec.body };
    if (spec.text && v.text?.trim()) body[spec.text.key] = v.text.trim();
    if (spec.extraText && v.extra?.trim()) body[spec.extraText.key] = v.extra.trim();
    if (spec.org) body.orgId = v.orgId;
    if (spec.date && v.date) body[spec.date.key] = v.date;
    if (spec.reached) body.reached = v.reached === true;
    try {
      await spec.send(body);
      void message.success(t('common.done'));
      onDone();
    } catch (err) {
      setError(
        applyFormError(form, err, { note: 'text', reply: 'text', reason: 'text', measures: 'text', callbackNote: 'extra', orgId: 'orgId', resolveDue: 'date' }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={spec.title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={spec.okText ?? t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: spec.danger }}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      {spec.hint ? <p className="qh-muted">{spec.hint}</p> : null}
      <FormAlert message={error} />
      <Form<Values> form={form} name="request-action" layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ reached: true }}>
        {spec.org ? (
          <Form.Item label={t(spec.org.label)} name="orgId" rules={[{ required: true, message: t('common.required', { field: t(spec.org.label) }) }]}>
            <OrgSelect />
          </Form.Item>
        ) : null}
        {spec.reached ? (
          <Form.Item label={t('req.callback.reached')} name="reached">
            <Radio.Group
              options={[
                { value: true, label: t('common.yes') },
                { value: false, label: t('common.no') },
              ]}
            />
          </Form.Item>
        ) : null}
        {spec.date ? (
          <Form.Item label={t(spec.date.label)} name="date">
            <DateField />
          </Form.Item>
        ) : null}
        {spec.text ? (
          <Form.Item
            label={t(spec.text.label)}
            name="text"
            rules={spec.text.required ? [{ required: true, whitespace: true, message: t('common.required', { field: t(spec.text.label) }) }] : []}
          >
            <Input.TextArea rows={spec.text.rows ?? 4} maxLength={spec.text.key === 'reply' ? 4000 : 2000} showCount />
          </Form.Item>
        ) : null}
        {spec.extraText ? (
          <Form.Item
            label={t(spec.extraText.label)}
            name="extra"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t(spec.extraText.label) }) }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
