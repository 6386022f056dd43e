/** Shapes of the API responses the console reads. */
import type { LeaderEducation } from '@contracts/orgs.enums';

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

export type Region = {
  code: string;
  parentCode: string | null;
  level: string;
  name: string;
  officialName: string;
  pinyin: string;
  initials: string;
  path: string;
  childCount: number;
};
export type RegionDetail = Region & { ancestors: Region[] };

export type Zone = { id: number; name: string; note: string; streetCodes: string[] };

export type OrgType = { code: string; nameZh: string; nameEn: string; isPartner: boolean };
export type OrgLevel = 'city' | 'district' | 'street' | 'community' | 'grassroots';
export const ORG_LEVELS: OrgLevel[] = ['city', 'district', 'street', 'community', 'grassroots'];

export type Org = {
  id: number;
  typeCode: string;
  parentId: number | null;
  path: string;
  name: string;
  level: OrgLevel;
  regionCode: string;
  regionName: string;
  creditCode: string | null;
  enterpriseName: string | null;
  partyGroup: boolean;
  status: 'active' | 'archived' | 'merged';
  version: number;
  childCount: number;
  createdAt: string;
  updatedAt: string;
};
export type OrgDetail = Org & { ancestors: { id: number; name: string }[] };
export type OrgHistoryItem = { id: number; action: string; changes: string; actorName: string | null; at: string };

export type StaffingMode = 'full_time' | 'seconded' | 'part_time';
export type Leader = {
  id: number;
  personId: number;
  personName: string;
  phoneMasked: string | null;
  post: string;
  termStart: string;
  termEnd: string | null;
  staffingMode: StaffingMode;
  frontline: boolean;
  modelWorker: boolean;
  education: LeaderEducation | null;
};
export type Composition = { members: number; hasPartTimeOrSeconded: boolean; frontlineShare: number; modelWorkerShare: number };
export type LeadersResponse = { items: Leader[]; composition: Composition };

export type StaffMember = {
  id: number;
  personId: number;
  personName: string;
  phoneMasked: string | null;
  programme: string;
  startedOn: string;
  endedOn: string | null;
};
export type Programme = { code: string; nameZh: string; nameEn: string };

export type LevelComposition = {
  level: string;
  teams: number;
  teamsWithPartTimeOrSeconded: number;
  partTimeOrSecondedTeamShare: number;
  members: number;
  frontlineShare: number;
  modelWorkerShare: number;
  fullTime: number;
  seconded: number;
  partTime: number;
};

export type ExchangeKind = 'secondment' | 'transfer' | 'rotation' | 'training';
export const EXCHANGE_KINDS: ExchangeKind[] = ['secondment', 'transfer', 'rotation', 'training'];
export type CadreExchange = {
  id: number;
  personId: number;
  personName: string;
  fromOrgId: number | null;
  fromName: string;
  toOrgId: number | null;
  toName: string;
  kind: ExchangeKind;
  startDate: string;
  endDate: string | null;
};

export { PERSON_GROUPS, type PersonGroup } from '@contracts/people.enums';
export { LEADER_EDUCATION, type LeaderEducation } from '@contracts/orgs.enums';
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
