import { isMessageKey, type MessageKey, type Vars } from '../i18n';

type T = (key: MessageKey, vars?: Vars) => string;

/** Translates `prefix.value` when the dictionary has it, else shows the raw value. */
export function labelOf(t: T, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export function percent(t: T, share: number): string {
  return t('common.percent', { n: Math.round(share * 1000) / 10 });
}

/** `2026-11-28T06:02:05.008Z` → local `2026-11-28 14:02`. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function weekdayOf(t: T, isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00`);
  const key = `cal.wd${d.getDay()}`;
  return isMessageKey(key) ? t(key) : '';
}

export function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
