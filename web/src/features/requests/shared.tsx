import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Category, RequestSummary } from '@contracts/requests';
import { requestsApi } from '../../api/requests';
import { labelOf } from '../../components/labels';
import { localName } from '../../i18n';
import { usePrefs, useT } from '../../prefs';

const STATUS_CLASS: Record<string, string> = {
  dispatched: 'qh-req-status qh-req-dispatched',
  returned: 'qh-req-status qh-req-returned',
  accepted: 'qh-req-status qh-req-accepted',
  in_progress: 'qh-req-status qh-req-progress',
  resolved: 'qh-req-status qh-req-resolved',
  closed: 'qh-req-status qh-req-closed',
};

/** The status of a request as a tag, with overdue and due-soon marks. */
export function StatusTags({ r }: { r: Pick<RequestSummary, 'status' | 'overdue' | 'dueSoon' | 'callbackPending'> }) {
  const t = useT();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      <Tag className={STATUS_CLASS[r.status]}>{labelOf(t, 'req.status', r.status)}</Tag>
      {r.overdue ? <Tag className="qh-tag-bad">{t('req.overdue')}</Tag> : null}
      {r.dueSoon ? <Tag className="qh-req-soon">{t('req.dueSoon')}</Tag> : null}
      {r.callbackPending ? <Tag className="qh-req-soon">{t('req.callbackPending')}</Tag> : null}
    </span>
  );
}

/** The catalogue once per page (the portal's for a citizen); leaves are the categories a request can be filed under. */
export function useCategories(includeInactive = false, portal = false): { items: Category[] | null; error: unknown; reload: () => void } {
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    (portal ? requestsApi.portalCategories.call() : requestsApi.categories.call({ query: includeInactive ? { includeInactive: true } : {} }))
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [includeInactive, portal, tick]);
  return { items, error, reload: () => setTick((n) => n + 1) };
}

type StepKey = 'respond' | 'resolve' | 'callback' | 'note' | 'addCoHandler' | 'dispatch' | 'transfer' | 'escalate' | 'return' | 'supervise' | 'takeOver';

/** The `send` of a step dialog on request `id`: the dialog builds the body from its fields, the server checks it against the step's contract. */
export const sendStep =
  (key: StepKey, id: number) =>
  (body: Record<string, unknown>): Promise<unknown> =>
    requestsApi[key].call({ params: { id }, body: body as never });

/** Select options grouped by top-level category; only leaves (or childless groups) are selectable. */
export function useCategoryOptions(items: Category[] | null, onlyLeaves = true) {
  const { lang } = usePrefs();
  if (!items) return [];
  const roots = items.filter((c) => c.parentId === null).sort((a, b) => a.sort - b.sort);
  return roots.map((root) => {
    const kids = items.filter((c) => c.parentId === root.id).sort((a, b) => a.sort - b.sort);
    if (kids.length === 0) return { value: root.code, label: localName(lang, root) };
    const opts = kids.map((k) => ({ value: k.code, label: localName(lang, k) }));
    return {
      label: localName(lang, root),
      title: localName(lang, root),
      options: onlyLeaves ? opts : [{ value: root.code, label: localName(lang, root) }, ...opts],
    };
  });
}

/** A byte count for people. */
export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Posts a file as multipart with the CSRF header (the JSON client sends JSON only). */
export async function uploadFile(path: string, file: File, csrfToken: string | null, lang: string, extra: Record<string, string> = {}): Promise<unknown> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  fd.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, { method: 'POST', body: fd, headers, credentials: 'same-origin' });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}
