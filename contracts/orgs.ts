/** Organization routes: the trees of organizations and their types, merges, leadership teams, staff, cadre exchanges and their composition figures. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Ok, PageQuery, Paged, RegionCode, Text, TypeCode, Version, route, File } from './core.js';
import { EXCHANGE_KINDS, LEADER_EDUCATION, ORG_LEVELS, STAFFING_MODES } from './orgs.enums.js';
import { PersonBody } from './people.js';

export { EXCHANGE_KINDS, ORG_LEVELS, STAFFING_MODES };

const tags = ['orgs'] as const;
const orgTags = ['organizations'] as const;
const staffTags = ['leadership and staff'] as const;

export const Org = Obj({
  id: Type.Integer(),
  typeCode: Type.String(),
  parentId: Nullable(Type.Integer()),
  path: Type.String(),
  name: Type.String(),
  level: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  creditCode: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  partyGroup: Type.Boolean(),
  status: Type.String(),
  version: Type.Integer(),
  childCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Org = Static<typeof Org>;
export const OrgRef = Obj({ id: Type.Integer(), name: Type.String() });
export type OrgRef = Static<typeof OrgRef>;
export const OrgDetail = Type.Composite([Org, Obj({ ancestors: Type.Array(OrgRef) })], { additionalProperties: false });
export type OrgDetail = Static<typeof OrgDetail>;
export const OrgHistoryItem = Obj({ id: Type.Integer(), action: Type.String(), changes: Type.String(), actorName: Nullable(Type.String()), at: Type.String() });
export type OrgHistoryItem = Static<typeof OrgHistoryItem>;
export const OrgType = Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), isPartner: Type.Boolean() });
export type OrgType = Static<typeof OrgType>;
export const OrgTypeCreate = Obj({ code: TypeCode, nameZh: Text(40, 1), nameEn: Text(80, 1), isPartner: Type.Boolean() });
export type OrgTypeCreate = Static<typeof OrgTypeCreate>;

export const ListOrgsQuery = Obj({
  ...PageQuery,
  type: Type.Optional(TypeCode),
  parentId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Text(100)),
  level: Type.Optional(Lit(ORG_LEVELS)),
  status: Type.Optional(Lit(['active', 'archived'] as const)),
  regionCode: Type.Optional(RegionCode),
  sort: Type.Optional(Lit(['name', 'level', 'created', 'region'] as const)),
  order: Type.Optional(Lit(['asc', 'desc'] as const)),
});
export type ListOrgsQuery = Static<typeof ListOrgsQuery>;
export const OrgFilterQuery = Type.Omit(ListOrgsQuery, ['page', 'pageSize'], { additionalProperties: false });
export type OrgFilterQuery = Static<typeof OrgFilterQuery>;

const CreditCode = Type.String({ maxLength: 40 });
export const OrgCreate = Obj({
  parentId: Type.Integer({ minimum: 1 }),
  name: Text(100, 1),
  regionCode: RegionCode,
  creditCode: Type.Optional(Nullable(CreditCode)),
  enterpriseName: Type.Optional(Nullable(Text(100))),
  partyGroup: Type.Optional(Type.Boolean()),
});
export type OrgCreate = Static<typeof OrgCreate>;
export const OrgUpdate = Obj({
  version: Version,
  name: Type.Optional(Text(100, 1)),
  creditCode: Type.Optional(Nullable(CreditCode)),
  enterpriseName: Type.Optional(Nullable(Text(100))),
  partyGroup: Type.Optional(Type.Boolean()),
});
export type OrgUpdate = Static<typeof OrgUpdate>;
export const OrgMove = Obj({ newParentId: Type.Integer({ minimum: 1 }), version: Version });
export type OrgMove = Static<typeof OrgMove>;
export const Affected = Obj({ affected: Type.Integer() });

// Leadership teams, staff and cadre exchanges.
export const NewPerson = Obj({ ...PersonBody, regionCode: RegionCode });
export type NewPerson = Static<typeof NewPerson>;
const PersonRef = { personId: Type.Optional(Type.Integer({ minimum: 1 })), person: Type.Optional(NewPerson) };
const StaffingMode = Lit(STAFFING_MODES);
const NullableDate = Nullable(DateString);
const Education = Type.Union([...LEADER_EDUCATION.map((e) => Type.Literal(e)), Type.Null()]);
export const Leader = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  post: Type.String(),
  termStart: Type.String(),
  termEnd: Nullable(Type.String()),
  staffingMode: Type.String(),
  frontline: Type.Boolean(),
  modelWorker: Type.Boolean(),
  education: Nullable(Type.String()),
});
export type Leader = Static<typeof Leader>;
export const TeamComposition = Obj({
  members: Type.Integer(),
  hasPartTimeOrSeconded: Type.Boolean(),
  frontlineShare: Type.Number(),
  modelWorkerShare: Type.Number(),
});
export type TeamComposition = Static<typeof TeamComposition>;
export const Leaders = Obj({ items: Type.Array(Leader), composition: TeamComposition });
export type Leaders = Static<typeof Leaders>;
export const LeaderCreate = Obj({
  ...PersonRef,
  post: Text(60, 1),
  termStart: DateString,
  termEnd: Type.Optional(NullableDate),
  staffingMode: StaffingMode,
  frontline: Type.Optional(Type.Boolean()),
  modelWorker: Type.Optional(Type.Boolean()),
  education: Type.Optional(Education),
});
export type LeaderCreate = Static<typeof LeaderCreate>;
export const LeaderEdit = Obj({
  post: Type.Optional(Text(60, 1)),
  termEnd: Type.Optional(NullableDate),
  staffingMode: Type.Optional(StaffingMode),
  frontline: Type.Optional(Type.Boolean()),
  modelWorker: Type.Optional(Type.Boolean()),
  education: Type.Optional(Education),
});
export type LeaderEdit = Static<typeof LeaderEdit>;
export const StaffMember = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  programme: Type.String(),
  startedOn: Type.String(),
  endedOn: Nullable(Type.String()),
});
export type StaffMember = Static<typeof StaffMember>;
export const StaffCreate = Obj({ ...PersonRef, programme: Text(40, 1), startedOn: DateString });
export type StaffCreate = Static<typeof StaffCreate>;
export const Programme = Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });
export type Programme = Static<typeof Programme>;
export const ProgrammeCreate = Obj({ code: TypeCode, nameZh: Text(40, 1), nameEn: Text(80, 1) });
export type ProgrammeCreate = Static<typeof ProgrammeCreate>;
export const StaffCount = Obj({ programme: Type.String(), count: Type.Integer() });
export type StaffCount = Static<typeof StaffCount>;
export const LevelComposition = Obj({
  level: Type.String(),
  teams: Type.Integer(),
  teamsWithPartTimeOrSeconded: Type.Integer(),
  partTimeOrSecondedTeamShare: Type.Number(),
  members: Type.Integer(),
  frontlineShare: Type.Number(),
  modelWorkerShare: Type.Number(),
  fullTime: Type.Integer(),
  seconded: Type.Integer(),
  partTime: Type.Integer(),
});
export type LevelComposition = Static<typeof LevelComposition>;
export const CadreExchange = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  fromOrgId: Nullable(Type.Integer()),
  fromName: Type.String(),
  toOrgId: Nullable(Type.Integer()),
  toName: Type.String(),
  kind: Type.String(),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
});
export type CadreExchange = Static<typeof CadreExchange>;
export const ExchangeCreate = Obj({
  ...PersonRef,
  fromOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  fromName: Type.Optional(Text(100)),
  toOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  toName: Type.Optional(Text(100)),
  kind: Lit(EXCHANGE_KINDS),
  startDate: DateString,
  endDate: Type.Optional(NullableDate),
});
export type ExchangeCreate = Static<typeof ExchangeCreate>;
const Created = Obj({ id: Type.Integer() });
const TypeQuery = Obj({ type: Type.Optional(TypeCode) });

export const MergeBody = Obj({
  fromId: Id,
  intoId: Id,
  /** true: nothing is kept; the answer says what would move. */
  dryRun: Type.Optional(Type.Boolean()),
});
export type MergeBody = Static<typeof MergeBody>;
export const MergeResult = Obj({
  applied: Type.Boolean(),
  from: Obj({ id: Type.Integer(), name: Type.String() }),
  into: Obj({ id: Type.Integer(), name: Type.String() }),
  moved: Type.Array(Obj({ kind: Type.String(), count: Type.Integer() })),
});
export type MergeResult = Static<typeof MergeResult>;

/** Counts of current leadership members in one group (an organization's subtree, or the organization itself). */
export const LeaderCounts = Obj({
  members: Type.Integer(),
  ageUnder35: Type.Integer(),
  age35to44: Type.Integer(),
  age45to54: Type.Integer(),
  age55plus: Type.Integer(),
  ageUnknown: Type.Integer(),
  male: Type.Integer(),
  female: Type.Integer(),
  genderUnknown: Type.Integer(),
  postgraduate: Type.Integer(),
  bachelor: Type.Integer(),
  college: Type.Integer(),
  secondary: Type.Integer(),
  educationUnknown: Type.Integer(),
  fullTime: Type.Integer(),
  seconded: Type.Integer(),
  partTime: Type.Integer(),
  frontline: Type.Integer(),
  frontlineShare: Type.Number(),
});
export type LeaderCounts = Static<typeof LeaderCounts>;
export const LeaderBreakdown = Obj({
  root: Obj({ id: Type.Integer(), name: Type.String() }),
  /** The root itself (its own team), then each unit directly below it with its whole subtree rolled up. */
  rows: Type.Array(
    Type.Composite([Obj({ orgId: Type.Integer(), orgName: Type.String(), own: Type.Boolean() }), LeaderCounts], { additionalProperties: false }),
  ),
  total: LeaderCounts,
});
export type LeaderBreakdown = Static<typeof LeaderBreakdown>;
const BreakdownQuery = Obj({ orgId: Type.Optional(Id) });

export const orgs = {
  types: route({
    method: 'GET',
    url: '/org-types',
    tags: orgTags,
    summary: 'The organization types (configurable)',
    response: Obj({ items: Type.Array(OrgType) }),
  }),
  addType: route({
    method: 'POST',
    url: '/org-types',
    tags: orgTags,
    summary: 'Add a configurable organization type',
    body: OrgTypeCreate,
    response: OrgType,
    status: 201,
  }),
  list: route({
    method: 'GET',
    url: '/orgs',
    tags: orgTags,
    summary: 'Organizations in my scope, filtered, sorted and paged',
    querystring: ListOrgsQuery,
    response: Paged(Org),
  }),
  export: route({
    method: 'GET',
    url: '/orgs/export',
    tags: orgTags,
    summary: 'The filtered list as an Excel workbook (at most 10,000 rows; audited)',
    querystring: OrgFilterQuery,
    response: File,
  }),
  roots: route({
    method: 'GET',
    url: '/orgs/roots',
    tags: orgTags,
    summary: 'The top of each visible tree of a type',
    querystring: Obj({ type: TypeCode }),
    response: Obj({ items: Type.Array(Org) }),
  }),
  get: route({
    method: 'GET',
    url: '/orgs/:id',
    tags: orgTags,
    summary: 'An organization in my scope with its ancestors',
    params: IdParam,
    response: OrgDetail,
  }),
  history: route({
    method: 'GET',
    url: '/orgs/:id/history',
    tags: orgTags,
    summary: 'The change history of an organization',
    params: IdParam,
    response: Obj({ items: Type.Array(OrgHistoryItem) }),
  }),
  create: route({
    method: 'POST',
    url: '/orgs',
    tags: orgTags,
    summary: 'Create a unit under a parent in my scope',
    body: OrgCreate,
    response: Org,
    status: 201,
  }),
  update: route({
    method: 'PATCH',
    url: '/orgs/:id',
    tags: orgTags,
    summary: 'Rename or edit a unit (optimistic: send the version you read)',
    params: IdParam,
    body: OrgUpdate,
    response: Org,
  }),
  move: route({
    method: 'POST',
    url: '/orgs/:id/move',
    tags: orgTags,
    summary: 'Move a unit with its subtree under another unit of the same type (optimistic: send the version you read)',
    params: IdParam,
    body: OrgMove,
    response: Org,
  }),
  archive: route({
    method: 'POST',
    url: '/orgs/:id/archive',
    tags: orgTags,
    summary: 'Archive a unit with its subtree',
    params: IdParam,
    response: Affected,
  }),
  restore: route({
    method: 'POST',
    url: '/orgs/:id/restore',
    tags: orgTags,
    summary: 'Restore an archived unit with its subtree',
    params: IdParam,
    response: Affected,
  }),
  leaders: route({
    method: 'GET',
    url: '/orgs/:id/leaders',
    tags: staffTags,
    summary: "An organization's leadership team and its composition",
    params: IdParam,
    response: Leaders,
  }),
  addLeader: route({
    method: 'POST',
    url: '/orgs/:id/leaders',
    tags: staffTags,
    summary: 'Add a leadership-team member (an existing person or a new one)',
    params: IdParam,
    body: LeaderCreate,
    response: Created,
    status: 201,
  }),
  editLeader: route({
    method: 'PATCH',
    url: '/leaders/:id',
    tags: staffTags,
    summary: "Change a leadership-team member's post, term end, staffing mode, flags or education",
    params: IdParam,
    body: LeaderEdit,
    response: Ok,
  }),
  removeLeader: route({
    method: 'DELETE',
    url: '/leaders/:id',
    tags: staffTags,
    summary: 'Remove a leadership-team member',
    params: IdParam,
    response: Ok,
  }),
  staff: route({
    method: 'GET',
    url: '/orgs/:id/staff',
    tags: staffTags,
    summary: "An organization's staff roster",
    params: IdParam,
    response: Obj({ items: Type.Array(StaffMember) }),
  }),
  addStaff: route({
    method: 'POST',
    url: '/orgs/:id/staff',
    tags: staffTags,
    summary: 'Add a staff member under a programme (an existing person or a new one)',
    params: IdParam,
    body: StaffCreate,
    response: Created,
    status: 201,
  }),
  endStaff: route({
    method: 'POST',
    url: '/staff/:id/end',
    tags: staffTags,
    summary: "End a staff member's service",
    params: IdParam,
    body: Obj({ endedOn: DateString }),
    response: Ok,
  }),
  programmes: route({
    method: 'GET',
    url: '/staff-programmes',
    tags: staffTags,
    summary: 'The staff programmes (configurable)',
    response: Obj({ items: Type.Array(Programme) }),
  }),
  addProgramme: route({
    method: 'POST',
    url: '/staff-programmes',
    tags: staffTags,
    summary: 'Add a configurable staff programme',
    body: ProgrammeCreate,
    response: Programme,
    status: 201,
  }),
  staffSummary: route({
    method: 'GET',
    url: '/staff/summary',
    tags: staffTags,
    summary: 'Active staff in my scope by programme',
    querystring: TypeQuery,
    response: Obj({ items: Type.Array(StaffCount) }),
  }),
  composition: route({
    method: 'GET',
    url: '/leadership/composition',
    tags: staffTags,
    summary: 'Leadership-team composition per level in my scope',
    querystring: TypeQuery,
    response: Obj({ items: Type.Array(LevelComposition) }),
  }),
  exchanges: route({
    method: 'GET',
    url: '/cadre-exchanges',
    tags: staffTags,
    summary: 'Cadre exchanges from or to organizations in my scope',
    response: Obj({ items: Type.Array(CadreExchange) }),
  }),
  addExchange: route({
    method: 'POST',
    url: '/cadre-exchanges',
    tags: staffTags,
    summary: 'Record a cadre exchange (an existing person or a new one)',
    body: ExchangeCreate,
    response: Created,
    status: 201,
  }),
  leaderBreakdown: route({
    method: 'GET',
    url: '/leadership/breakdown',
    tags,
    summary:
      'Leadership composition by age band, gender, education, staffing mode and frontline share: an organization (mine by default), each unit below it rolled up, and the total',
    querystring: BreakdownQuery,
    response: LeaderBreakdown,
  }),
  leaderBreakdownExport: route({
    method: 'GET',
    url: '/leadership/breakdown/export',
    tags,
    summary: 'The leadership composition as an Excel workbook (audited)',
    querystring: BreakdownQuery,
    response: File,
  }),
  merge: route({
    method: 'POST',
    url: '/orgs/merge',
    tags,
    summary:
      'Merge a unit into another of the same type: members, staff, accounts, venues, requests, activities and units below it move; the merged unit stays in history',
    description: 'With dryRun the merge is carried out and rolled back: the answer counts what would move, per kind.',
    body: MergeBody,
    response: MergeResult,
  }),
};
