import { useCallback, useId, useMemo, useRef, useState, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../api';
import { withoutFieldName } from '../../components/field-error';
import { Alert } from './basics';

/** A check of one field: the message to show, or null when the value passes. */
export type Rule<V> = (value: unknown, values: Partial<V>) => string | null;
export type Rules<V> = { [K in keyof V]?: Rule<V> | Rule<V>[] };

/** Required (a string must hold more than blanks; a checkbox must be ticked; a list must have an entry). */
export const required =
  (message: string) =>
  (v: unknown): string | null =>
    v === undefined || v === null || v === false || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0) ? message : null;

/** A non-empty string must match the pattern (an empty one is left to `required`). */
export const matches =
  (re: RegExp, message: string) =>
  (v: unknown): string | null =>
    typeof v === 'string' && v !== '' && !re.test(v.trim()) ? message : null;

/** What a control needs from its form: its id, value, setter, error and the ids that describe it. */
export type FieldBinding<T> = {
  id: string;
  name: string;
  value: T | undefined;
  set: (value: T | undefined) => void;
  error: string | undefined;
  helpId: string;
};

/**
 * A small form state for portal pages: values, one error per field, the page's rules, and a server refusal placed
 * under the field it names. Plain React state: no form library in a phone's download.
 */
export function useLightForm<V extends Record<string, unknown>>(initial: Partial<V> = {}, rules: Rules<V> = {}) {
  const prefix = useId();
  const [values, setValues] = useState<Partial<V>>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V, string>>>({});
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const rulesRef = useRef(rules);
  rulesRef.current = rules;
  const idOf = useCallback((name: keyof V) => `${prefix}-${String(name)}`, [prefix]);

  const set = useCallback(<K extends keyof V>(name: K, value: V[K] | undefined) => {
    setValues((old) => {
      const next = { ...old, [name]: value };
      valuesRef.current = next;
      return next;
    });
    setErrors((old) => (old[name] === undefined ? old : { ...old, [name]: undefined }));
  }, []);

  const focus = (name: keyof V) => {
    const el = document.getElementById(idOf(name));
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  };

  /** Checks the given fields (all with rules when none given); shows their errors and focuses the first invalid one. */
  const validate = (names?: (keyof V)[]): boolean => {
    const all = rulesRef.current;
    const which = names ?? (Object.keys(all) as (keyof V)[]);
    const found: Partial<Record<keyof V, string>> = {};
    for (const name of which) {
      const r = all[name];
      for (const rule of r === undefined ? [] : Array.isArray(r) ? r : [r]) {
        const message = rule(valuesRef.current[name], valuesRef.current);
        if (message) {
          found[name] = message;
          break;
        }
      }
    }
    setErrors((old) => {
      const next = { ...old };
      for (const name of which) next[name] = found[name];
      return next;
    });
    const first = which.find((n) => found[n]);
    if (first !== undefined) setTimeout(() => focus(first), 0);
    return first === undefined;
  };

  /**
   * Puts a server refusal under the field it names (through `fieldMap` when the server's name differs) and returns
   * null, or returns the message for the form's alert when no field of this form is named.
   */
  const serverError = (err: unknown, fieldMap: Record<string, keyof V> = {}): string | null => {
    if (err instanceof ApiError && err.field) {
      const name = (fieldMap[err.field] ?? err.field) as keyof V;
      if (document.getElementById(idOf(name))) {
        setErrors((old) => ({ ...old, [name]: withoutFieldName(err) }));
        setTimeout(() => focus(name), 0);
        return null;
      }
      return withoutFieldName(err);
    }
    return errorMessage(err);
  };

  const field = <K extends keyof V & string>(name: K): FieldBinding<NonNullable<V[K]>> => ({
    id: idOf(name),
    name,
    value: values[name] ?? undefined,
    set: (v) => set(name, v as V[K]),
    error: errors[name],
    helpId: `${idOf(name)}-help`,
  });

  const reset = useCallback((next: Partial<V> = {}) => {
    valuesRef.current = next;
    setValues(next);
    setErrors({});
  }, []);

  return { values, valuesRef, errors, set, field, validate, serverError, reset, setErrors };
}

/** A labelled field: the label, the control, then a hint and the field's error, which the control names as its description. */
export function Field({
  label,
  field,
  hint,
  children,
  className,
}: {
  label?: ReactNode;
  field: Pick<FieldBinding<unknown>, 'id' | 'error' | 'helpId'>;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`qh-p-field${field.error ? ' qh-p-field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      {label ? (
        <label className="qh-p-label" htmlFor={field.id}>
          {label}
        </label>
      ) : null}
      {children}
      {hint || field.error ? (
        <div id={field.helpId} className="qh-p-help">
          {field.error ? (
            <div className="qh-p-error" role="alert">
              {field.error}
            </div>
          ) : null}
          {hint ? <div className="qh-muted">{hint}</div> : null}
        </div>
      ) : null}
    </div>
  );
}

const described = (f: FieldBinding<unknown>, hasHelp: boolean) => ({
  id: f.id,
  name: f.name,
  'aria-invalid': f.error ? true : undefined,
  'aria-describedby': hasHelp ? f.helpId : undefined,
});

type NativeInput = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'name'>;

/** A one-line text box bound to a field; `hint` tells it that its field shows a hint. */
export function TextInput({ field, hint, className, ...rest }: { field: FieldBinding<string>; hint?: boolean } & NativeInput) {
  return (
    <input
      type="text"
      {...rest}
      {...described(field as FieldBinding<unknown>, Boolean(hint || field.error))}
      className={`qh-p-input${className ? ` ${className}` : ''}`}
      value={field.value ?? ''}
      onChange={(e) => field.set(e.target.value)}
    />
  );
}

/** A text area with a character count when `maxLength` is set. */
export function TextArea({
  field,
  hint,
  maxLength,
  ...rest
}: { field: FieldBinding<string>; hint?: boolean } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id' | 'name'>) {
  const length = field.value?.length ?? 0;
  return (
    <div className="qh-p-textarea">
      <textarea
        rows={4}
        {...rest}
        {...described(field as FieldBinding<unknown>, Boolean(hint || field.error))}
        maxLength={maxLength}
        className="qh-p-input"
        value={field.value ?? ''}
        onChange={(e) => field.set(e.target.value)}
      />
      {maxLength ? (
        <div className="qh-p-count qh-muted" aria-hidden>
          {length} / {maxLength}
        </div>
      ) : null}
    </div>
  );
}

export type Option<T extends string | number> = { value: T; label: string; group?: string; disabled?: boolean };

/** A native drop-down: the phone's own picker, with option groups when the options name one. */
export function SelectInput<T extends string | number>({
  field,
  options,
  placeholder,
  hint,
  onChange,
  disabled,
}: {
  field: FieldBinding<T>;
  options: Option<T>[];
  placeholder?: string;
  hint?: boolean;
  onChange?: (value: T | undefined) => void;
  disabled?: boolean;
}) {
  const groups = useMemo(() => {
    const out: { group?: string; options: Option<T>[] }[] = [];
    for (const o of options) {
      const last = out[out.length - 1];
      if (last && last.group === o.group) last.options.push(o);
      else out.push({ group: o.group, options: [o] });
    }
    return out;
  }, [options]);
  const render = (o: Option<T>) => (
    <option key={String(o.value)} value={String(o.value)} disabled={o.disabled}>
      {o.label}
    </option>
  );
  return (
    <select
      {...described(field as FieldBinding<unknown>, Boolean(hint || field.error))}
      className="qh-p-input qh-p-select"
      disabled={disabled}
      value={field.value === undefined ? '' : String(field.value)}
      onChange={(e) => {
        const raw = e.target.value;
        const picked = raw === '' ? undefined : options.find((o) => String(o.value) === raw)?.value;
        field.set(picked);
        onChange?.(picked);
      }}
    >
      <option value="">{placeholder ?? ''}</option>
      {groups.map((g, i) =>
        g.group ? (
          <optgroup key={`${g.group}-${i}`} label={g.group}>
            {g.options.map(render)}
          </optgroup>
        ) : (
          g.options.map(render)
        ),
      )}
    </select>
  );
}

/** A field's error under a control drawn without `Field` (a checkbox, a group): announced, and named by the control. */
export function FieldError({ field }: { field: Pick<FieldBinding<unknown>, 'error' | 'helpId'> }) {
  return field.error ? (
    <div id={field.helpId} className="qh-p-help">
      <div className="qh-p-error" role="alert">
        {field.error}
      </div>
    </div>
  ) : null;
}

/** A checkbox with its label beside it; its error shows below. */
export function Checkbox({ field, children }: { field: FieldBinding<boolean>; children: ReactNode }) {
  return (
    <div className={`qh-p-field${field.error ? ' qh-p-field-invalid' : ''}`}>
      <label className="qh-p-check">
        <input
          type="checkbox"
          {...described(field as FieldBinding<unknown>, Boolean(field.error))}
          checked={field.value === true}
          onChange={(e) => field.set(e.target.checked)}
        />
        <span>{children}</span>
      </label>
      <FieldError field={field} />
    </div>
  );
}

/**
 * One choice of a few, as radio buttons in a fieldset whose legend is the label: `look="buttons"` draws them as a row
 * of buttons (a segmented control); the default draws a list. `children` sit between the legend and the options (a
 * search box that finds them); with no options there are no radio buttons, and the first of `children` may take the
 * field's id.
 */
export function Choice<T extends string | number>({
  field,
  legend,
  options,
  look = 'list',
  onChange,
  children,
}: {
  field: FieldBinding<T>;
  legend: ReactNode;
  options: { value: T; label: ReactNode }[];
  look?: 'list' | 'buttons';
  onChange?: (value: T) => void;
  children?: ReactNode;
}) {
  return (
    <fieldset
      className={`qh-p-field qh-p-choice qh-p-choice-${look}${field.error ? ' qh-p-field-invalid' : ''}`}
      aria-describedby={field.error ? field.helpId : undefined}
    >
      <legend className="qh-p-label">{legend}</legend>
      {children}
      {options.length ? (
        <div className="qh-p-choice-items">
          {options.map((o, i) => (
            <label key={String(o.value)} className="qh-p-choice-item">
              <input
                type="radio"
                id={i === 0 ? field.id : undefined}
                name={field.id}
                value={String(o.value)}
                checked={field.value === o.value}
                onChange={() => {
                  field.set(o.value);
                  onChange?.(o.value);
                }}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      ) : null}
      <FieldError field={field} />
    </fieldset>
  );
}

/** Several choices of a list, as checkboxes in a fieldset whose legend is the label; `max` disables the rest when reached. */
export function CheckGroup<T extends string>({
  field,
  legend,
  options,
  max,
}: {
  field: FieldBinding<T[]>;
  legend: ReactNode;
  options: { value: T; label: ReactNode }[];
  max?: number;
}) {
  const picked = field.value ?? [];
  const full = max !== undefined && picked.length >= max;
  return (
    <fieldset className={`qh-p-field qh-p-choice${field.error ? ' qh-p-field-invalid' : ''}`} aria-describedby={field.error ? field.helpId : undefined}>
      <legend className="qh-p-label">{legend}</legend>
      <div className="qh-p-choice-items">
        {options.map((o, i) => {
          const on = picked.includes(o.value);
          return (
            <label key={o.value} className="qh-p-choice-item">
              <input
                type="checkbox"
                id={i === 0 ? field.id : undefined}
                checked={on}
                disabled={!on && full}
                onChange={(e) => field.set(e.target.checked ? [...picked, o.value] : picked.filter((v) => v !== o.value))}
              />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
      <FieldError field={field} />
    </fieldset>
  );
}

/**
 * Files chosen from the phone (camera or storage), listed with a remove button each. Files over `maxBytes` are left
 * out and named in `onRejected`; at most `maxFiles` are kept.
 */
export function FileInput({
  id,
  files,
  onChange,
  accept,
  multiple = true,
  maxFiles = 10,
  maxBytes,
  onRejected,
  buttonLabel,
  removeLabel,
  describedBy,
}: {
  id: string;
  files: File[];
  onChange: (files: File[]) => void;
  accept?: string;
  multiple?: boolean;
  maxFiles?: number;
  maxBytes?: number;
  onRejected?: (names: string[]) => void;
  buttonLabel: ReactNode;
  removeLabel: (name: string) => string;
  describedBy?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const full = files.length >= maxFiles;
  return (
    <div className="qh-p-files">
      <input
        ref={input}
        id={id}
        type="file"
        className="qh-p-file-native"
        accept={accept}
        multiple={multiple}
        disabled={full}
        aria-describedby={describedBy}
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = '';
          const tooBig = maxBytes ? picked.filter((f) => f.size > maxBytes) : [];
          if (tooBig.length) onRejected?.(tooBig.map((f) => f.name));
          onChange([...files, ...picked.filter((f) => !tooBig.includes(f))].slice(0, maxFiles));
        }}
      />
      <label htmlFor={id} className={`qh-p-btn qh-p-btn-default${full ? ' qh-p-btn-disabled' : ''}`} aria-disabled={full || undefined}>
        {buttonLabel}
      </label>
      {files.length ? (
        <ul className="qh-p-file-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span className="qh-p-file-name">{f.name}</span>
              <button
                type="button"
                className="qh-p-btn qh-p-btn-text"
                aria-label={removeLabel(f.name)}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The form-level error region: a polite live region, so screen readers hear a refusal that names no field. */
export function FormAlert({ message }: { message: string | null }) {
  return <div aria-live="polite">{message ? <Alert type="error" title={message} /> : null}</div>;
}
