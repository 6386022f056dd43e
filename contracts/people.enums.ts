/** The groups a person may belong to (workers, youth, women …): one list for the server's schemas and the web's forms. */
export const PERSON_GROUPS = ['worker', 'youth', 'woman', 'child', 'disabled', 'returnee', 'scitech', 'elderly', 'volunteer'] as const;
export type PersonGroup = (typeof PERSON_GROUPS)[number];
