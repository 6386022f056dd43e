import { useEffect, useState } from 'react';
import type { Category } from '@contracts/requests';
import type { Lang } from '../../api';
import { requestsApi } from '../../api/requests';
import { localName } from '../../i18n';
import type { Option } from '../ui';

/** The portal's request categories, loaded once per page; leaves are the categories a request can be filed under. */
export function usePortalCategories(): { items: Category[] | null; error: unknown; reload: () => void } {
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    requestsApi.portalCategories
      .call()
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);
  return { items, error, reload: () => setTick((n) => n + 1) };
}

/** Options of a native select, grouped under their top-level category; a top-level category without children is an option itself. */
export function categoryOptions(items: Category[] | null, lang: Lang): Option<string>[] {
  if (!items) return [];
  const bySort = (a: Category, b: Category) => a.sort - b.sort;
  const out: Option<string>[] = [];
  for (const root of items.filter((c) => c.parentId === null).sort(bySort)) {
    const kids = items.filter((c) => c.parentId === root.id).sort(bySort);
    if (kids.length === 0) out.push({ value: root.code, label: localName(lang, root) });
    else for (const k of kids) out.push({ value: k.code, label: localName(lang, k), group: localName(lang, root) });
  }
  return out;
}

/** Drops empty extra-field values so optional fields are not sent. */
export function cleanFields(v: Record<string, unknown> | undefined): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, x] of Object.entries(v ?? {})) {
    if (x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0)) continue;
    if (typeof x === 'string') out[k] = x.trim();
    else if (typeof x === 'number' || Array.isArray(x)) out[k] = x as number | string[];
  }
  return out;
}

/** Posts a file to a portal request as multipart (the JSON client sends JSON only), with the phone that proves it is the citizen's. */
export async function uploadPortalFile(path: string, file: File, lang: string, phone: string): Promise<unknown> {
  const fd = new FormData();
  fd.append('phone', phone);
  fd.append('file', file, file.name);
  const res = await fetch(path, { method: 'POST', body: fd, headers: { Accept: 'application/json', 'Accept-Language': lang }, credentials: 'same-origin' });
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}
