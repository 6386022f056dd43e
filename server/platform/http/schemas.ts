import { Type, type TSchema } from '@sinclair/typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        field: Type.Optional(Type.String()),
        requestId: Type.String(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'ErrorBody' },
);

const ErrorRef = Type.Ref('ErrorBody');

/** Every route answers these error statuses with the same body. */
export function withErrors<T extends Record<number, TSchema>>(ok: T) {
  return {
    400: ErrorRef,
    401: ErrorRef,
    403: ErrorRef,
    404: ErrorRef,
    409: ErrorRef,
    413: ErrorRef,
    422: ErrorRef,
    429: ErrorRef,
    500: ErrorRef,
    503: ErrorRef,
    ...ok,
  };
}

// The schema helpers are the contracts' own (one definition each).
export { DateString, Id, IdParam, Lit, Nullable, Obj, Ok, PageQuery, Paged, RegionCode, Text, TypeCode, Version } from '../../../contracts/core.js';
