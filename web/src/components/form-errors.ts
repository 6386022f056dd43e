import type { FormInstance } from 'antd';
import { ApiError, errorMessage } from '../api';

/**
 * Puts a server error on the named form field when the form has one;
 * otherwise returns the message for the form-level alert.
 */
export function applyFormError(form: FormInstance, err: unknown, fieldMap: Record<string, string> = {}): string | null {
  if (err instanceof ApiError && err.field) {
    const name = fieldMap[err.field] ?? err.field;
    const known = Object.prototype.hasOwnProperty.call(form.getFieldsValue(true) as object, name) || form.getFieldInstance(name) !== undefined;
    if (known) {
      form.setFields([{ name, errors: [err.message] }]);
      form.scrollToField(name);
      return null;
    }
  }
  return errorMessage(err);
}
