/** Value lists of the member registry (tags, hardship levels, new-form job kinds) that both the server's schemas and the web's forms need. */
export const MEMBER_TAGS = ['migrant_worker', 'hardship', 'model_worker', 'new_form', 'woman_worker'] as const;
export const HARDSHIP_LEVELS = ['deep', 'relative', 'accident'] as const;
export const NEW_FORM_KINDS = ['courier', 'food_delivery', 'ride_hailing', 'truck_driver', 'domestic', 'other'] as const;
/** The largest member list an import takes (a million CSV rows are about 50 MB). */
export const MEMBER_IMPORT_MAX_BYTES = 200 * 1024 * 1024;
