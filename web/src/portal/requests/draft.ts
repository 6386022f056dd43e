/**
 * The request form's draft in this browser: what was typed survives a dropped network or a closed tab, and a
 * submission that could not reach the server is sent again, with the same Idempotency-Key, when the network returns.
 */
const KEY = 'qunhub.portal.requestDraft';

export type Draft<V> = { values: Partial<V>; idempotencyKey: string; queued: boolean; savedAt: string };

/** A random UUID v4; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function loadDraft<V>(): Draft<V> | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft<V>;
    return typeof d.idempotencyKey === 'string' && typeof d.values === 'object' && d.values !== null ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft<V>(d: Draft<V>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(d));
  } catch {
    // storage full or disabled: the form still works, only without a draft
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}

/** A failure worth retrying when the network returns (no answer, or a gateway that could not reach the server). */
export function isNetworkFailure(status: number): boolean {
  return status === 0 || status === 502 || status === 503 || status === 504;
}
