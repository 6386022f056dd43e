import { useId, type ButtonHTMLAttributes, type CSSProperties, type ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api';
import { useT } from '../../prefs';

export type ButtonVariant = 'primary' | 'default' | 'danger' | 'text';

/** The class names of a button look, for a link or a label that must look like a button. */
export const buttonClass = (variant: ButtonVariant = 'default', block = false, extra?: string) =>
  `qh-p-btn qh-p-btn-${variant}${block ? ' qh-p-btn-block' : ''}${extra ? ` ${extra}` : ''}`;

/**
 * A button; `loading` disables it and shows a spinner after a short delay (a quick answer does not flash it), and
 * tells assistive technology it is busy.
 */
export function Button({
  variant = 'default',
  block,
  loading,
  icon,
  className,
  children,
  type = 'button',
  disabled,
  ...rest
}: { variant?: ButtonVariant; block?: boolean; loading?: boolean; icon?: ReactNode } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type={type}
      {...rest}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={buttonClass(variant, block, `${loading ? 'qh-p-btn-loading' : ''}${className ? ` ${className}` : ''}`)}
    >
      {loading ? <span className="qh-p-spin qh-p-spin-small" aria-hidden /> : icon ? <span className="qh-p-btn-icon">{icon}</span> : null}
      {children}
    </button>
  );
}

/** A link inside the portal drawn as a button. */
export function ButtonLink({ variant = 'default', block, className, ...rest }: { variant?: ButtonVariant; block?: boolean } & LinkProps) {
  return <Link {...rest} className={buttonClass(variant, block, className)} />;
}

/**
 * A white panel; `title` is its heading at `level` (2 by default), `extra` sits at the heading's end. `region` names
 * the panel by its title, so assistive technology lists it as a landmark (the parts of a long form).
 */
export function Card({
  title,
  level = 2,
  extra,
  region,
  children,
  className,
  style,
  ...rest
}: {
  title?: ReactNode;
  level?: 2 | 3;
  extra?: ReactNode;
  region?: boolean;
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  const H = level === 2 ? 'h2' : 'h3';
  const titleId = useId();
  const named = Boolean(region && title);
  return (
    <section
      className={`qh-p-card${className ? ` ${className}` : ''}`}
      style={style}
      data-testid={rest['data-testid']}
      aria-labelledby={named ? titleId : undefined}
    >
      {title ? (
        <div className="qh-p-card-head">
          <H id={named ? titleId : undefined} className="qh-p-card-title">
            {title}
          </H>
          {extra}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A small label; `tone` picks colours with at least 4.5:1 contrast. */
export function Tag({
  tone = 'muted',
  children,
  style,
}: {
  tone?: 'ok' | 'wait' | 'bad' | 'info' | 'muted' | 'plain';
  children: ReactNode;
  style?: CSSProperties;
}) {
  return (
    <span className={`qh-p-tag qh-p-tag-${tone}`} style={style}>
      {children}
    </span>
  );
}

/** A row (or, `vertical`, a column) of items with a gap, wrapping on a narrow screen. */
export function Stack({
  vertical,
  gap = 8,
  wrap = !vertical,
  align,
  justify,
  children,
  className,
  style,
}: {
  vertical?: boolean;
  gap?: number;
  wrap?: boolean;
  align?: CSSProperties['alignItems'];
  justify?: CSSProperties['justifyContent'];
  children: ReactNode;
  className?: string;
  style?: CSSProperties;
}) {
  return (
    <div
      className={className}
      style={{
        display: 'flex',
        flexDirection: vertical ? 'column' : 'row',
        flexWrap: wrap ? 'wrap' : undefined,
        gap,
        alignItems: align,
        justifyContent: justify,
        ...style,
      }}
    >
      {children}
    </div>
  );
}

const ALERT_ICON: Record<string, string> = { info: 'ℹ', success: '✓', warning: '!', error: '✕' };

/**
 * A message box. An error is announced at once (role alert); the others are read politely when `role="status"` is
 * given. `action` sits at its end (a button).
 */
export function Alert({
  type = 'info',
  title,
  description,
  action,
  role,
  className,
}: {
  type?: 'info' | 'success' | 'warning' | 'error';
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  role?: 'status' | 'alert';
  className?: string;
}) {
  return (
    <div className={`qh-p-alert qh-p-alert-${type}${className ? ` ${className}` : ''}`} role={role ?? (type === 'error' ? 'alert' : undefined)}>
      <span className="qh-p-alert-icon" aria-hidden>
        {ALERT_ICON[type]}
      </span>
      <div className="qh-p-alert-body">
        <div className="qh-p-alert-title">{title}</div>
        {description ? <div className="qh-p-alert-text">{description}</div> : null}
      </div>
      {action ? <div className="qh-p-alert-action">{action}</div> : null}
    </div>
  );
}

/** Nothing to show: one line saying so. */
export function Empty({ children }: { children?: ReactNode }) {
  const t = useT();
  return <p className="qh-p-empty">{children ?? t('common.empty')}</p>;
}

/** Loading: a spinner and the word, announced politely. */
export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p role="status" className="qh-p-loading">
      <span className="qh-p-spin" aria-hidden />
      <span>{label ?? t('common.loading')}</span>
    </p>
  );
}

/** A failed load: what happened (a record out of reach reads as such), the server's words, its request id, and a retry. */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const status = error instanceof ApiError ? error.status : 0;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const title = status === 404 ? t('common.notFoundOrDenied') : status === 403 ? t('common.forbiddenTitle') : t('common.loadFailed');
  return (
    <Alert
      type="error"
      title={title}
      description={
        <>
          <div>{errorMessage(error)}</div>
          {requestId ? <div className="qh-muted">{t('common.requestId', { id: requestId })}</div> : null}
        </>
      }
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

/** Label–value pairs (a description list); a pair with an empty value is left out. */
export function DescList({ items, className }: { items: [ReactNode, ReactNode][]; className?: string }) {
  return (
    <dl className={`qh-p-dl${className ? ` ${className}` : ''}`}>
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v], i) => (
          <div key={i} className="qh-p-dl-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

/** Steps in order (a progress or a history): each done, current or still to come. */
export function Steps({
  items,
  label,
}: {
  items: { title: ReactNode; description?: ReactNode; status?: 'done' | 'current' | 'wait' | 'error' }[];
  label?: string;
}) {
  return (
    <ol className="qh-p-steps" aria-label={label}>
      {items.map((s, i) => (
        <li key={i} className={`qh-p-step qh-p-step-${s.status ?? 'done'}`} aria-current={s.status === 'current' ? 'step' : undefined}>
          <div className="qh-p-step-title">{s.title}</div>
          {s.description ? <div className="qh-p-step-text qh-muted">{s.description}</div> : null}
        </li>
      ))}
    </ol>
  );
}

/** Previous and next page with "page x of y"; hidden when everything fits one page. */
export function Pager({
  page,
  pageSize,
  total,
  onChange,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  label: string;
}) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="qh-p-pager" aria-label={label}>
      <Button disabled={page <= 1} onClick={() => onChange(page - 1)}>
        ‹ {t('portal.ui.prev')}
      </Button>
      <span aria-live="polite">{t('portal.ui.pageOf', { page, pages })}</span>
      <Button disabled={page >= pages} onClick={() => onChange(page + 1)}>
        {t('portal.ui.next')} ›
      </Button>
    </nav>
  );
}

/** A page's main heading, drawn the portal's way. */
export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 className="qh-portal-title qh-portal-h1">{children}</h1>;
}

/** The heading of a part of a page below its title (an h2 by default), smaller than the page title. */
export function SectionTitle({ children, level = 2 }: { children: ReactNode; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return <H className="qh-p-section-title">{children}</H>;
}
