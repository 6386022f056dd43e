import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api';
import { withoutFieldName } from './field-error';

/**
 * Puts a server error on the named form field when the form has one;
 * otherwise returns the message for the form-level alert.
 */
export function applyFormError(form: FormInstance, err: unknown, fieldMap: Record<string, string> = {}): string | null {
  if (err instanceof ApiError && err.field) {
    const name = fieldMap[err.field] ?? err.field;
    const known = Object.prototype.hasOwnProperty.call(form.getFieldsValue(true) as object, name) || form.getFieldInstance(name) !== undefined;
    if (known) {
      form.setFields([{ name, errors: [withoutFieldName(err)] }]);
      form.scrollToField(name);
      return null;
    }
    return withoutFieldName(err);
  }
  return errorMessage(err);
}

export type SaveOptions<T> = {
  /** The toast shown once the call succeeded (none when left out). */
  success?: string | ((result: T) => string);
  /** Runs after the toast (close the dialog, reload, navigate); an error it throws is shown like the call's. */
  then?: (result: T) => unknown;
};

/**
 * The save step of a form: while `call` runs the form is busy and its alert cleared; a refusal goes to the field it
 * names (through `fieldMap`) or to the alert (`error`, for a `FormAlert`); a success shows the toast, then `then` runs.
 */
export function useFormSave(form: FormInstance, fieldMap?: Record<string, string>) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async <T>(call: () => Promise<T>, options: SaveOptions<T> = {}): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      const { success } = options;
      if (success !== undefined) void message.success(typeof success === 'function' ? success(result) : success);
      await options.then?.(result);
    } catch (e) {
      setError(applyFormError(form, e, fieldMap));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, save };
}
