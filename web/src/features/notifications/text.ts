import type { MessageKey } from '../../i18n';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The words of a notification: its kind's message with its parameters (an unknown kind shows the kind). */
export function notificationText(t: T, n: { kind: string; params: Record<string, string | number> }): string {
  const text = t(`notif.${n.kind}` as MessageKey) as string | undefined;
  return text ? t(`notif.${n.kind}` as MessageKey, n.params) : n.kind;
}

/** A kind's name for the settings table: its message with "…" for the parameters. */
export function kindLabel(t: T, kind: string): string {
  const text = t(`notif.${kind}` as MessageKey) as string | undefined;
  return text ? text.replace(/\{\w+\}/g, '…') : kind;
}
