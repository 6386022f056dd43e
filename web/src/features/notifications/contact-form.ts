import { App, Form } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useConfirm } from '../../components/confirm';
import { applyFormError } from '../../components/form-errors';
import { useT } from '../../prefs';

/** The two ways of reaching an account beyond the platform: where notifications chosen by email or by SMS are sent. */
export type ContactChannel = 'email' | 'phone';

export type ContactValues = Partial<Record<ContactChannel, string>>;

/** How each channel is typed. */
export const CONTACT_INPUT = {
  email: { inputMode: 'email', maxLength: 254 },
  phone: { inputMode: 'tel', maxLength: 20 },
} as const;

/**
 * The form of one contact channel at `url` (my own, or an account's for its administrator): save with field errors
 * in the form, clear after a confirmation. `current` is what the page shows of it (a phone only masked, so its field
 * starts empty); `onChanged` runs after a save (with the stored email) or a clear.
 */
export function useContactForm(channel: ContactChannel, url: string, current: string | null, onChanged: (stored: { email?: string | null } | null) => unknown) {
  const t = useT();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<ContactValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (v: ContactValues) => {
    setBusy(true);
    setError(null);
    try {
      const stored = await api.put<{ email?: string | null }>(url, { [channel]: v[channel] });
      void message.success(t(`${channel}.saved`));
      await onChanged(stored);
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
        await onChanged(null);
      },
    });
  const initial: ContactValues = { [channel]: channel === 'email' ? (current ?? '') : '' };
  return { form, error, busy, save, clear, initial };
}
