/** Shapes of the API responses the console reads. */

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };
export type Items<T> = { items: T[] };

export type Me = {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  orgType: string;
  roles: string[];
  adminKind: string | null;
  permissions: string[];
  mustChangePassword: boolean;
  scope: { orgPath: string; regionPath: string; crossType: boolean };
  csrfToken: string;
  /** Display preferences kept on the account (elder mode, high contrast, large font). */
  uiPrefs?: UiPrefs;
  /** My own email address, where notifications I chose by email are sent; null when none. */
  email: string | null;
  /** My own mobile phone, masked (138****1234), where notifications I chose by SMS are sent; null when none. */
  phoneMasked: string | null;
};

export type UiPrefs = { elder?: boolean; contrast?: boolean; largeFont?: boolean };

export { PERSON_GROUPS, type PersonGroup } from '@contracts/people.enums';
export {
  EXCHANGE_KINDS,
  LEADER_EDUCATION,
  ORG_LEVELS,
  STAFFING_MODES,
  type ExchangeKind,
  type LeaderEducation,
  type OrgLevel,
  type StaffingMode,
} from '@contracts/orgs.enums';
export type Gender = 'male' | 'female';
export type { PersonDto as Person } from '@contracts/people';

/** What a new person needs when added with a leader, a staff member or an exchange. */
export type NewPerson = {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  gender?: Gender | null;
  regionCode: string;
};
