/** Education levels of a leadership-team member, as the composition figures count them: one list for the server's schemas and the web's form. */
export const LEADER_EDUCATION = ['postgraduate', 'bachelor', 'college', 'secondary'] as const;
export type LeaderEducation = (typeof LEADER_EDUCATION)[number];
