import { ApiError } from '../api';

/**
 * The server names the field of a refusal by its identifier: "字段 idNumber 公民身份号码校验码错误", "Field idNumber has a
 * wrong ID-number check character". A user knows a field by its label, never its identifier: the message stands under
 * the labelled field, or in the form's alert when the form has no such field, so the identifier is dropped and the
 * rest begins the sentence ("公民身份号码校验码错误", "Has a wrong ID-number check character").
 */
const SERVER_FIELD_PREFIX = /^(?:字段|Field) \S+ /;

export function withoutFieldName(err: ApiError): string {
  if (!err.field || !SERVER_FIELD_PREFIX.test(err.message)) return err.message;
  const rest = err.message.replace(SERVER_FIELD_PREFIX, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
