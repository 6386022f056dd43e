/** Value lists of talent programmes (kinds, eligibility) that both the server's schemas and the web's forms need. */
export const PROGRAMME_KINDS = ['craftsman', 'women', 'youth', 'other'] as const;
export const ELIGIBILITIES = ['open', 'women', 'youth'] as const;
