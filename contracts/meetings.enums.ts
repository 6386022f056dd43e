/** Value lists of meetings (cadences, attendance) that both the server's schemas and the web's forms need. */
export const CADENCES = ['monthly', 'quarterly', 'yearly', 'ad_hoc'] as const;
export const ATTENDANCE = ['present', 'absent', 'delegate'] as const;
