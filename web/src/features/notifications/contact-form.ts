import type { EmailAnswer, PhoneAnswer } from '@contracts/accounts';
import { Form } from 'antd';
import { useConfirm } from '../../components/confirm';
import { useFormSave } from '../../components/form-errors';
import { useT } from '../../prefs';

/** The two ways of reaching an account beyond the platform: where notifications chosen by email or by SMS are sent. */
export type ContactChannel = 'email' | 'phone';

export type ContactValues = Partial<Record<ContactChannel, string>>;

/** How each channel is typed. */
export const CONTACT_INPUT = {
  email: { inputMode: 'email', maxLength: 254 },
  phone: { inputMode: 'tel', maxLength: 20 },
} as const;

/** Stores a channel's value, or with null clears it, through its endpoint: my own account's or an administered one's. */
export type ContactStore = (value: string | null) => Promise<EmailAnswer | PhoneAnswer>;

/**
 * The form of one contact channel stored by `store` (my own, or an account's for its administrator): save with field
 * errors in the form, clear after a confirmation. `current` is what the page shows of it (a phone only masked, so its
 * field starts empty); `onChanged` runs after a save (with the stored answer) or a clear.
 */
export function useContactForm(
  channel: ContactChannel,
  store: ContactStore,
  current: string | null,
  onChanged: (stored: EmailAnswer | PhoneAnswer | null) => unknown,
) {
  const t = useT();
  const confirm = useConfirm();
  const [form] = Form.useForm<ContactValues>();
  const { busy, error, save: run } = useFormSave(form);

  const save = (v: ContactValues) => run(() => store(v[channel] ?? ''), { success: t(`${channel}.saved`), then: onChanged });
  const clear = () =>
    confirm({
      title: t(`${channel}.clearConfirm`, { value: current ?? '' }),
      content: t(`${channel}.clearConsequence`),
      danger: true,
      okText: t(`${channel}.clear`),
      successText: t(`${channel}.cleared`),
      onOk: async () => {
        await store(null);
        await onChanged(null);
      },
    });
  const initial: ContactValues = { [channel]: channel === 'email' ? (current ?? '') : '' };
  return { form, error, busy, save, clear, initial };
}
