import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../../api';
import { useT } from '../../prefs';
import { Alert, Button } from './basics';

type Toast = { id: number; type: 'success' | 'error' | 'info'; text: string };
export type Toaster = { success: (text: string) => void; error: (text: string) => void; info: (text: string) => void };

type ConfirmOptions<R> = {
  title: string;
  content?: string;
  okText?: string;
  danger?: boolean;
  /** The action; a rejected promise keeps the dialog open and shows the server's message in it. */
  onOk: () => Promise<R>;
  successText?: string | ((result: R) => string);
};
export type Confirm = <R>(o: ConfirmOptions<R>) => void;

const Ctx = createContext<{ toast: Toaster; confirm: Confirm } | null>(null);

/**
 * A modal dialog on the browser's own <dialog>: focus stays inside, Escape closes it, and focus returns to where it was.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  footer,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef(`qh-dialog-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="qh-p-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className="qh-p-dialog-title">
            {title}
          </h2>
          {children ? <div className="qh-p-dialog-body">{children}</div> : null}
          {footer ? <div className="qh-p-dialog-footer">{footer}</div> : null}
        </>
      ) : null}
    </dialog>
  );
}

function ConfirmDialog({ o, onClose, toast }: { o: ConfirmOptions<unknown>; onClose: () => void; toast: Toaster }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ok = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await o.onOk();
      const text = typeof o.successText === 'function' ? o.successText(result) : o.successText;
      toast.success(text ?? t('common.done'));
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={o.title}
      footer={
        <>
          <Button autoFocus onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button variant={o.danger ? 'danger' : 'primary'} loading={busy} onClick={() => void ok()}>
            {o.okText ?? t('common.confirm')}
          </Button>
        </>
      }
    >
      {(o.content ?? (o.danger ? t('common.dangerConfirm') : undefined)) ? <p>{o.content ?? t('common.dangerConfirm')}</p> : null}
      {error ? <Alert type="error" title={error} /> : null}
    </Dialog>
  );
}

/** Toasts and confirmations for the portal's pages; the layout holds one around every page. */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [asking, setAsking] = useState<ConfirmOptions<unknown> | null>(null);
  const next = useRef(1);
  const push = useCallback((type: Toast['type'], text: string) => {
    const id = next.current++;
    setToasts((all) => [...all.slice(-2), { id, type, text }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), type === 'error' ? 8000 : 5000);
  }, []);
  const toast = useMemo<Toaster>(() => ({ success: (s) => push('success', s), error: (s) => push('error', s), info: (s) => push('info', s) }), [push]);
  const confirm = useCallback<Confirm>((o) => setAsking(o as ConfirmOptions<unknown>), []);
  const value = useMemo(() => ({ toast, confirm }), [toast, confirm]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <div className="qh-p-toasts" aria-live="polite" role="status">
        {toasts.map((x) => (
          <div key={x.id} className={`qh-p-toast qh-p-toast-${x.type}`}>
            {x.text}
          </div>
        ))}
      </div>
      {asking ? <ConfirmDialog o={asking} toast={toast} onClose={() => setAsking(null)} /> : null}
    </Ctx.Provider>
  );
}

function useFeedback() {
  const v = useContext(Ctx);
  if (!v) throw new Error('FeedbackProvider missing');
  return v;
}

/** Short messages at the top of the screen, read out by screen readers. */
export const useToast = (): Toaster => useFeedback().toast;
/** Asks before a destructive or important act, runs it, and reports the outcome. */
export const useConfirm = (): Confirm => useFeedback().confirm;
