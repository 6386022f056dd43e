import { useState } from 'react';
import { usePrefs } from '../prefs';
import { Button, Card, Choice, Field, FormAlert, required, TextArea, useLightForm, useToast } from './ui';

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
  const toast = useToast();
  const form = useLightForm<RatingValues>({}, { level: required(t('portal.requests.rateRequired')) });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy || !form.validate()) return;
    const v = form.valuesRef.current;
    setBusy(true);
    setError(null);
    try {
      await send({ level: v.level!, comment: v.comment?.trim() || undefined });
      toast.success(t('portal.requests.rated'));
      onDone();
    } catch (err) {
      setError(form.serverError(err));
    } finally {
      setBusy(false);
    }
  };
  const comment = form.field('comment');
  const body = (
    <>
      <p className="qh-muted">{hint}</p>
      <FormAlert message={error} />
      <form
        name={name}
        className="qh-portal-form qh-portal-rate"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Choice
          field={form.field('level')}
          legend={t('portal.requests.rateLevel')}
          look="buttons"
          options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t(`portal.requests.level${n}` as never) }))}
        />
        <Field label={t('portal.requests.rateComment')} field={comment}>
          <TextArea field={comment} rows={3} maxLength={1000} />
        </Field>
        <Button variant="primary" type="submit" block loading={busy}>
          {t('portal.requests.rateSubmit')}
        </Button>
      </form>
    </>
  );
  return bordered ? <Card title={t('portal.requests.rateTitle')}>{body}</Card> : body;
}
