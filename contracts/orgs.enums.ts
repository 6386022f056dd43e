/** Education levels of a leadership-team member, as the composition figures count them: one list for the server's schemas and the web's form. */
export const LEADER_EDUCATION = ['postgraduate', 'bachelor', 'college', 'secondary'] as const;
export type LeaderEducation = (typeof LEADER_EDUCATION)[number];

/** The levels of the union's organization tree, top down. */
export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'grassroots'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** How a leader or staff member holds the post. */
export const STAFFING_MODES = ['full_time', 'seconded', 'part_time'] as const;
export type StaffingMode = (typeof STAFFING_MODES)[number];

/** The kinds of a cadre exchange. */
export const EXCHANGE_KINDS = ['secondment', 'transfer', 'rotation', 'training'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];
