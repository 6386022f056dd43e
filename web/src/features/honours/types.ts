/** DTOs of the honours API (评选表彰). */
export type RuleResult = { attribute: string; op: 'min' | 'max'; percent: number; individuals: number; count: number; achieved: number | null; ok: boolean; shortfall: number };

export type Criterion = { key: string; type: 'text' | 'number' | 'boolean' | 'date' | 'choice'; labelZh: string; labelEn: string; required: boolean; options?: string[]; min?: number; max?: number };

export type Programme = {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  awardTitle: string;
  year: number;
  kinds: string[];
  criteria: Criterion[];
  documents: Array<{ key: string; labelZh: string; labelEn: string }>;
  rules: Array<{ attribute: string; op: 'min' | 'max'; percent: number }>;
  allowException: boolean;
  nominationFrom: string;
  nominationTo: string;
  reviewTo: string;
  noticeDays: number;
  announceOn: string;
  status: 'open' | 'notice' | 'announced';
  noticeFrom: string | null;
  noticeTo: string | null;
  announcedAt: string | null;
  version: number;
};

export type ProgrammeDetail = Programme & {
  myLevel: 'street' | 'district' | 'city' | null;
  quotas: Array<{ districtCode: string; districtName: string; quota: number; streetUsed: number; districtUsed: number }>;
  vetters: Array<{ orgId: number; name: string; typeCode: string }>;
  composition: RuleResult[];
  exceptions: Array<{ id: number; orgName: string; reason: string; nominationIds: number[]; createdAt: string }>;
};

export type Nomination = {
  id: number;
  programmeId: number;
  kind: 'individual' | 'collective';
  nominatorOrgName: string;
  streetName: string;
  districtName: string;
  districtCode: string;
  personId: number | null;
  nameMasked: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  creditCode: string | null;
  unitName: string;
  position: string;
  deeds: string;
  attributes: { frontline: boolean; female: boolean; leader: boolean; minority: boolean; newForm: boolean };
  stage: string;
  returnReason: string;
  decisionNote: string;
  createdAt: string;
  version: number;
};

export type NominationDetail = Nomination & {
  recommendation: string;
  answers: Record<string, string | number | boolean>;
  documents: Record<string, string>;
  level: 'street' | 'district' | 'city' | null;
  vettings: Array<{ id: number; orgId: number; orgName: string; verdict: 'clear' | 'objection' | null; reason: string; respondedAt: string | null }>;
  objections: Array<{ id: number; evidence: string; status: 'open' | 'upheld' | 'dismissed'; outcome: string | null; lodgedAt: string }>;
  events: Array<{ kind: string; actorName: string | null; orgName: string | null; note: string; at: string }>;
};

export type Award = {
  id: number;
  nominationId: number;
  number: string;
  kind: string;
  nameMasked: string;
  unitName: string;
  districtName: string;
  programmeTitle: string;
  awardTitle: string;
  year: number;
  orgName: string;
  awardedOn: string;
  verifyPath: string;
};

export const ATTRIBUTE_KEYS = ['frontline', 'female', 'leader', 'minority', 'newForm'] as const;
