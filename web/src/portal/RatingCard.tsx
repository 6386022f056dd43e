import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { FormAlert } from '../components/FormAlert';
import { applyFormError } from '../components/form-errors';
import { usePrefs } from '../prefs';

export type RatingValues = { level: number; comment?: string };

/**
 * The satisfaction form (好差评) of the portal: five levels and an optional comment, for a closed request or an
 * activity taken part in. `send` posts it; field errors from the server land on their fields.
 */
export function RatingCard({
  name,
  hint,
  send,
  onDone,
  bordered = true,
}: {
  name: string;
  hint: string;
  send: (v: RatingValues) => Promise<unknown>;
  onDone: () => void;
  bordered?: boolean;
}) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<RatingValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: RatingValues) => {
    setBusy(true);
    setError(null);
    try {
      await send({ level: v.level, comment: v.comment?.trim() || undefined });
      void message.success(t('portal.requests.rated'));
      onDone();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const body = (
    <>
      <Typography.Paragraph className="qh-muted">{hint}</Typography.Paragraph>
      <FormAlert message={error} />
      <Form form={form} name={name} layout="vertical" className="qh-portal-form qh-portal-rate" onFinish={(v) => void submit(v)}>
        <Form.Item label={t('portal.requests.rateLevel')} name="level" rules={[{ required: true, message: t('portal.requests.rateRequired') }]}>
          <Radio.Group optionType="button" options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t(`portal.requests.level${n}` as never) }))} />
        </Form.Item>
        <Form.Item label={t('portal.requests.rateComment')} name="comment">
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" block loading={busy}>
          {t('portal.requests.rateSubmit')}
        </Button>
      </Form>
    </>
  );
  return bordered ? (
    <Card className="qh-portal-card" title={<h2 style={{ margin: 0, fontSize: '1.1em' }}>{t('portal.requests.rateTitle')}</h2>}>
      {body}
    </Card>
  ) : (
    body
  );
}
