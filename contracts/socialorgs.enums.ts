/** Value lists of social organizations (registration types, domains, ratings, statuses, document and deliverable kinds) that both the server's schemas and the web's forms need. */
export const REG_TYPES = ['association', 'social_service', 'foundation'] as const;
export const DOMAINS = ['labour', 'women_children', 'youth', 'disability', 'science', 'returnees', 'elderly', 'community', 'other'] as const;
export const RATINGS = ['3A', '4A', '5A'] as const;
export const SORG_STATUSES = ['active', 'suspended', 'deregistered'] as const;
export const DOC_KINDS = ['registration', 'annual_inspection', 'charter', 'other'] as const;
export const DELIVERABLE_KINDS = ['activities', 'person_times'] as const;
