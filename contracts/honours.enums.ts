/** Value lists of honours programmes (nominee kinds, rule attributes, criterion types) that both the server's schemas and the web's forms need. */
export const KINDS = ['individual', 'collective'] as const;
export type Kind = (typeof KINDS)[number];
/** The attributes of an individual nominee that composition rules count. */
export const ATTRIBUTES = ['frontline', 'female', 'leader', 'minority', 'new_form'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];
export const CRITERION_TYPES = ['text', 'number', 'boolean', 'date', 'choice'] as const;
