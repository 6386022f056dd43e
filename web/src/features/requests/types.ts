/** Value lists of the request desk the forms offer; the shapes themselves are the contract's (`@contracts/requests`). */
import type { CategoryCreate, RequestStatus } from '@contracts/requests';

export const REQUEST_STATUSES = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'] as const satisfies readonly RequestStatus[];
export const LEVELS = ['community', 'street', 'district', 'city'] as const satisfies readonly NonNullable<CategoryCreate['startLevel']>[];
