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

/** Closed objects: an unknown field is a 400, never silently accepted. */
export const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T) => Type.Object(props, { additionalProperties: false });

export const IdParam = Obj({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });
export const Text = (max = 200, min = 0) => Type.String({ maxLength: max, minLength: min });
export const DateString = Type.String({ format: 'date', maxLength: 10 });
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
export const Paged = <T extends TSchema>(item: T) =>
  Obj({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const Ok = Obj({ ok: Type.Boolean() });

/** An official region code: 2 (province) to 12 (community) digits. */
export const RegionCode = Type.String({ pattern: '^[0-9]{2,12}$', maxLength: 12 });
/** An organization type code (union, league, women …). */
export const TypeCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });
