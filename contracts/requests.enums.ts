/** Value lists of the request desk (statuses, start levels, custom-field data types) that both the server's schemas and the web's forms need. */
export const REQUEST_STATUSES = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export const START_LEVELS = ['community', 'street', 'district', 'city'] as const;
export const FIELD_DATATYPES = ['string', 'number', 'text', 'singlevaluelist', 'multivaluelist'] as const;
