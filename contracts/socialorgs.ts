/** Social organizations (社会组织): registry, federation, incubation and purchased-service projects (购买服务). */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Ok, PageQuery, Paged, RegionCode, Text, Version, route, File } from './core.js';
import { DELIVERABLE_KINDS, DOC_KINDS, DOMAINS, RATINGS, REG_TYPES, SORG_STATUSES } from './socialorgs.enums.js';

export { DELIVERABLE_KINDS, DOC_KINDS, DOMAINS, RATINGS, REG_TYPES, SORG_STATUSES };

const tags = ['socialorgs'] as const;

export const SocialOrg = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  name: Type.String(),
  creditCode: Type.String(),
  regType: Type.String(),
  authority: Type.String(),
  registeredOn: Type.String(),
  domain: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  serviceAreas: Type.Array(Type.String()),
  rating: Nullable(Type.String()),
  status: Type.String(),
  contactNameMasked: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
  keeperOrgId: Type.Integer(),
  expiringDocuments: Type.Integer(),
  version: Type.Integer(),
});
export type SocialOrg = Static<typeof SocialOrg>;

/** A document's stored file: PDF, JPEG, PNG or WebP (recognised by magic bytes), at most DOCUMENT_FILE_MAX_BYTES. */
export const DocumentFile = Obj({ name: Type.String(), mime: Type.String(), size: Type.Integer(), uploadedAt: Type.String() });
export type DocumentFile = Static<typeof DocumentFile>;
export const SorgDocument = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  expiresOn: Nullable(Type.String()),
  expiring: Type.Boolean(),
  file: Nullable(DocumentFile),
});
export type SorgDocument = Static<typeof SorgDocument>;
/** Largest document file accepted (10 MB), before base64. */
export const DOCUMENT_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** A document file as sent: its name and its bytes in base64 (the JSON client sends JSON only; the server checks the bytes). */
export const DocumentFileInput = Obj({
  name: Text(200, 1),
  contentBase64: Type.String({ minLength: 4, maxLength: Math.ceil(DOCUMENT_FILE_MAX_BYTES / 3) * 4 + 4 }),
});
export type DocumentFileInput = Static<typeof DocumentFileInput>;
export const Membership = Obj({
  id: Type.Integer(),
  hubId: Type.Integer(),
  hubName: Type.String(),
  memberId: Type.Integer(),
  memberName: Type.String(),
  joinedOn: Type.String(),
  leftOn: Nullable(Type.String()),
});
export type Membership = Static<typeof Membership>;
export const Incubation = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  programme: Type.String(),
  phase: Type.String(),
  mentor: Type.String(),
  support: Type.String(),
  startedOn: Type.String(),
  graduatedOn: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Incubation = Static<typeof Incubation>;
export const SocialOrgDetail = Obj({
  ...SocialOrg.properties,
  documents: Type.Array(SorgDocument),
  hubs: Type.Array(Membership),
  members: Type.Array(Membership),
  incubations: Type.Array(Incubation),
});
export type SocialOrgDetail = Static<typeof SocialOrgDetail>;

const Contact = Obj({ name: Text(50, 1), phone: Text(20, 5) });
export const SocialOrgInput = Obj({
  name: Text(100, 2),
  creditCode: Text(30, 1),
  regType: Lit(REG_TYPES),
  authority: Text(100, 2),
  registeredOn: DateString,
  domain: Lit(DOMAINS),
  regionCode: RegionCode,
  serviceAreas: Type.Array(RegionCode, { maxItems: 50 }),
  rating: Type.Optional(Nullable(Lit(RATINGS))),
  contact: Type.Optional(Contact),
});
export type SocialOrgInput = Static<typeof SocialOrgInput>;

export const Criterion = Obj({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  label: Text(50, 1),
  weight: Type.Integer({ minimum: 1, maximum: 100 }),
});
export type Criterion = Static<typeof Criterion>;
export const Call = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  budget: Type.Integer(),
  areaCode: Type.String(),
  areaName: Type.String(),
  targetGroups: Type.Array(Type.String()),
  criteria: Type.Array(Criterion),
  deadline: Type.String(),
  status: Type.String(),
  applications: Type.Integer(),
  version: Type.Integer(),
});
export type Call = Static<typeof Call>;
export const CallInput = Obj({
  title: Text(100, 2),
  description: Type.Optional(Text(4000)),
  budget: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  areaCode: RegionCode,
  targetGroups: Type.Array(Text(30, 1), { maxItems: 10 }),
  criteria: Type.Array(Criterion, { minItems: 1, maxItems: 10 }),
  deadline: DateString,
});
export type CallInput = Static<typeof CallInput>;

export const ScoreLine = Obj({ criterion: Type.String(), score: Type.Integer() });
export const Application = Obj({
  id: Type.Integer(),
  callId: Type.Integer(),
  callTitle: Type.String(),
  sorgId: Type.Integer(),
  sorgName: Type.String(),
  title: Type.String(),
  proposal: Type.String(),
  amount: Type.Integer(),
  documents: Type.Array(Type.String()),
  status: Type.String(),
  totalScore: Nullable(Type.Number()),
  submittedAt: Type.String(),
  /** Filled for panel members: my declaration and my scores. */
  myConflict: Nullable(Type.Boolean()),
  myScores: Type.Array(ScoreLine),
  /** Filled for the calling organization: reviews received. */
  reviews: Type.Array(Obj({ reviewer: Type.String(), conflict: Type.Boolean(), scores: Type.Array(ScoreLine), weighted: Nullable(Type.Number()) })),
  projectId: Nullable(Type.Integer()),
});
export type Application = Static<typeof Application>;
export const CallDetail = Obj({
  ...Call.properties,
  reviewers: Type.Array(Obj({ accountId: Type.Integer(), name: Type.String() })),
  onPanel: Type.Boolean(),
  applications: Type.Array(Application),
});
export type CallDetail = Static<typeof CallDetail>;

export const Deliverable = Obj({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  label: Text(60, 1),
  kind: Lit(DELIVERABLE_KINDS),
  target: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
});
export type Deliverable = Static<typeof Deliverable>;
export const MilestoneInput = Obj({ title: Text(100, 1), dueOn: DateString, payment: Type.Integer({ minimum: 0, maximum: 100_000_000 }) });
export const AwardInput = Obj({
  amount: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  startsOn: DateString,
  endsOn: DateString,
  deliverables: Type.Array(Deliverable, { minItems: 1, maxItems: 10 }),
  milestones: Type.Array(MilestoneInput, { minItems: 1, maxItems: 20 }),
});
export type AwardInput = Static<typeof AwardInput>;
export const Milestone = Obj({
  id: Type.Integer(),
  seq: Type.Integer(),
  title: Type.String(),
  dueOn: Type.String(),
  payment: Type.Integer(),
  status: Type.String(),
  report: Type.String(),
  paidOn: Nullable(Type.String()),
});
export type Milestone = Static<typeof Milestone>;
export const Project = Obj({
  id: Type.Integer(),
  callId: Type.Integer(),
  applicationId: Type.Integer(),
  sorgId: Type.Integer(),
  sorgName: Type.String(),
  funderOrgId: Type.Integer(),
  funderName: Type.String(),
  title: Type.String(),
  amount: Type.Integer(),
  paid: Type.Integer(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  status: Type.String(),
  evaluationScore: Nullable(Type.Integer()),
  evaluationNote: Nullable(Type.String()),
  version: Type.Integer(),
});
export type Project = Static<typeof Project>;
export const ProjectDetail = Obj({
  ...Project.properties,
  deliverables: Type.Array(Obj({ ...Deliverable.properties, achieved: Type.Integer() })),
  milestones: Type.Array(Milestone),
  activities: Type.Array(Obj({ id: Type.Integer(), title: Type.String(), startsAt: Type.String(), status: Type.String(), personTimes: Type.Integer() })),
  /** What the service users said (好差评) of the project's activities: the users' half of the final evaluation. */
  userRatings: Obj({
    rated: Type.Integer(),
    satisfied: Type.Integer(),
    bad: Type.Integer(),
    satisfactionRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  }),
});
export type ProjectDetail = Static<typeof ProjectDetail>;

const ListQuery = Obj({ ...PageQuery, q: Type.Optional(Text(50)), domain: Type.Optional(Lit(DOMAINS)), expiring: Type.Optional(Type.Boolean()) });

export const socialorgs = {
  list: route({
    method: 'GET',
    url: '/social-orgs',
    tags,
    summary: 'Social organizations of my region (documents expiring within 60 days flagged)',
    querystring: ListQuery,
    response: Paged(SocialOrg),
  }),
  register: route({
    method: 'POST',
    url: '/social-orgs',
    tags,
    summary: 'Register a social organization (credit code checked per GB 32100); creates its partner organization',
    body: SocialOrgInput,
    response: SocialOrgDetail,
    status: 201,
  }),
  mine: route({ method: 'GET', url: '/social-orgs/mine', tags, summary: "A social organization's own record (its staff only)", response: SocialOrgDetail }),
  get: route({
    method: 'GET',
    url: '/social-orgs/:id',
    tags,
    summary: 'One social organization with documents, federation and incubation',
    params: IdParam,
    response: SocialOrgDetail,
  }),
  update: route({
    method: 'PATCH',
    url: '/social-orgs/:id',
    tags,
    summary: 'Change rating grade, status or service areas',
    params: IdParam,
    body: Obj({
      version: Version,
      rating: Type.Optional(Nullable(Lit(RATINGS))),
      status: Type.Optional(Lit(SORG_STATUSES)),
      serviceAreas: Type.Optional(Type.Array(RegionCode, { maxItems: 50 })),
    }),
    response: SocialOrgDetail,
  }),
  addDocument: route({
    method: 'POST',
    url: '/social-orgs/:id/documents',
    tags,
    summary: 'Record a document (certificate, annual inspection) with its expiry date',
    params: IdParam,
    body: Obj({ kind: Lit(DOC_KINDS), title: Text(100, 1), expiresOn: Type.Optional(Nullable(DateString)) }),
    response: SocialOrgDetail,
    status: 201,
  }),
  uploadDocumentFile: route({
    method: 'PUT',
    url: '/social-orgs/:id/documents/:documentId/file',
    tags,
    summary: "Store (or replace) a document's file: PDF, JPEG, PNG or WebP checked by magic bytes, at most 10 MB; kept on disk under DATA_DIR (audited)",
    params: Obj({ id: Id, documentId: Id }),
    body: DocumentFileInput,
    response: SorgDocument,
  }),
  documentFile: route({
    method: 'GET',
    url: '/social-orgs/:id/documents/:documentId/file',
    tags,
    summary: "Download a document's file: the organization itself or staff whose region covers it, others 404 (audited)",
    params: Obj({ id: Id, documentId: Id }),
    response: File,
  }),
  join: route({
    method: 'POST',
    url: '/social-orgs/:id/members',
    tags,
    summary: 'A member organization joins this hub federation (枢纽型)',
    params: IdParam,
    body: Obj({ memberId: Id, joinedOn: Type.Optional(DateString) }),
    response: SocialOrgDetail,
    status: 201,
  }),
  leave: route({
    method: 'POST',
    url: '/sorg-memberships/:id/leave',
    tags,
    summary: 'A member organization leaves its hub',
    params: IdParam,
    body: Obj({ leftOn: Type.Optional(DateString) }),
    response: Ok,
  }),
  incubate: route({
    method: 'POST',
    url: '/social-orgs/:id/incubations',
    tags,
    summary: 'Take the organization into an incubation programme of my organization',
    params: IdParam,
    body: Obj({ programme: Text(100, 1), mentor: Type.Optional(Text(100)), support: Type.Optional(Text(1000)) }),
    response: Incubation,
    status: 201,
  }),
  updateIncubation: route({
    method: 'PATCH',
    url: '/sorg-incubations/:id',
    tags,
    summary: 'Move an incubation to its next phase, record mentor and support, or graduate it',
    params: IdParam,
    body: Obj({
      version: Version,
      phase: Type.Optional(Lit(['incubating', 'growing', 'graduated', 'withdrawn'] as const)),
      mentor: Type.Optional(Text(100)),
      support: Type.Optional(Text(1000)),
    }),
    response: Incubation,
  }),

  calls: route({
    method: 'GET',
    url: '/sorg-calls',
    tags,
    summary: "Calls for proposals: my tree's calls for staff; open calls for social organizations",
    querystring: Obj({ ...PageQuery, status: Type.Optional(Text(20)) }),
    response: Paged(Call),
  }),
  createCall: route({
    method: 'POST',
    url: '/sorg-calls',
    tags,
    summary: 'Draft a call for proposals (criteria weights sum to 100)',
    body: CallInput,
    response: CallDetail,
    status: 201,
  }),
  call: route({
    method: 'GET',
    url: '/sorg-calls/:id',
    tags,
    summary: 'One call: staff see all applications and reviews, a social organization only its own application',
    params: IdParam,
    response: CallDetail,
  }),
  publishCall: route({
    method: 'POST',
    url: '/sorg-calls/:id/publish',
    tags,
    summary: 'Publish a drafted call: social organizations may apply until the deadline',
    params: IdParam,
    body: Obj({ version: Version }),
    response: CallDetail,
  }),
  setPanel: route({
    method: 'PUT',
    url: '/sorg-calls/:id/panel',
    tags,
    summary: 'Name the review panel (accounts of my tree)',
    params: IdParam,
    body: Obj({ accountIds: Type.Array(Id, { minItems: 1, maxItems: 15 }) }),
    response: CallDetail,
  }),
  closeCall: route({
    method: 'POST',
    url: '/sorg-calls/:id/review',
    tags,
    summary: 'Close applications and start the review',
    params: IdParam,
    body: Obj({ version: Version }),
    response: CallDetail,
  }),
  panelCandidates: route({
    method: 'GET',
    url: '/sorg-calls/:id/panel-candidates',
    tags,
    summary: 'Accounts of my tree who may sit on the panel',
    params: IdParam,
    response: Obj({ items: Type.Array(Obj({ accountId: Type.Integer(), name: Type.String() })) }),
  }),
  apply: route({
    method: 'POST',
    url: '/sorg-calls/:id/applications',
    tags,
    summary: 'A registered social organization applies with a proposal and documents',
    params: IdParam,
    body: Obj({
      title: Text(100, 2),
      proposal: Text(4000, 1),
      amount: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
      documents: Type.Optional(Type.Array(Text(100, 1), { maxItems: 10 })),
    }),
    response: Application,
    status: 201,
  }),
  application: route({ method: 'GET', url: '/sorg-applications/:id', tags, summary: 'One application', params: IdParam, response: Application }),
  declare: route({
    method: 'POST',
    url: '/sorg-applications/:id/declaration',
    tags,
    summary: 'A panel member declares a conflict of interest (or none) before scoring',
    params: IdParam,
    body: Obj({ conflict: Type.Boolean(), note: Type.Optional(Text(500)) }),
    response: Application,
  }),
  score: route({
    method: 'POST',
    url: '/sorg-applications/:id/scores',
    tags,
    summary: 'A panel member without a conflict scores every criterion (0–100)',
    params: IdParam,
    body: Obj({ scores: Type.Array(Obj({ criterion: Text(40, 1), score: Type.Integer({ minimum: 0, maximum: 100 }) }), { minItems: 1, maxItems: 10 }) }),
    response: Application,
  }),
  award: route({
    method: 'POST',
    url: '/sorg-applications/:id/award',
    tags,
    summary: 'Award the application and sign the contract: amount, period, deliverables, payment milestones',
    params: IdParam,
    body: AwardInput,
    response: ProjectDetail,
    status: 201,
  }),

  projects: route({
    method: 'GET',
    url: '/sorg-projects',
    tags,
    summary: "Purchased-service projects: my tree's as funder, or my organization's own",
    querystring: Obj({ ...PageQuery }),
    response: Paged(Project),
  }),
  project: route({
    method: 'GET',
    url: '/sorg-projects/:id',
    tags,
    summary: 'One project with deliverables counted from its recorded activities',
    params: IdParam,
    response: ProjectDetail,
  }),
  linkActivity: route({
    method: 'POST',
    url: '/sorg-projects/:id/activities',
    tags,
    summary: 'Count an activity the organization ran (activities module) towards the project',
    params: IdParam,
    body: Obj({ activityId: Id }),
    response: ProjectDetail,
  }),
  reportMilestone: route({
    method: 'POST',
    url: '/sorg-milestones/:id/report',
    tags,
    summary: 'The organization reports a milestone',
    params: IdParam,
    body: Obj({ report: Text(4000, 1) }),
    response: ProjectDetail,
  }),
  acceptMilestone: route({
    method: 'POST',
    url: '/sorg-milestones/:id/decision',
    tags,
    summary: 'The funder accepts a reported milestone (payment released) or returns it',
    params: IdParam,
    body: Obj({ accept: Type.Boolean() }),
    response: ProjectDetail,
  }),
  revealProject: route({
    method: 'POST',
    url: '/sorg-projects/:id/reveal',
    tags,
    summary: 'The milestone reports and evaluation note of a project in full (identifiers unmasked), for a stated purpose (audited)',
    params: IdParam,
    body: Obj({ purpose: Text(200, 2) }),
    response: Obj({ milestones: Type.Array(Obj({ id: Type.Integer(), report: Type.String() })), evaluationNote: Nullable(Type.String()) }),
  }),
  revealApplication: route({
    method: 'POST',
    url: '/sorg-applications/:id/reveal',
    tags,
    summary: "An application's proposal and the panel's declaration notes in full (identifiers unmasked), for a stated purpose (audited)",
    params: IdParam,
    body: Obj({ purpose: Text(200, 2) }),
    response: Obj({ proposal: Type.String(), notes: Type.Array(Obj({ accountId: Type.Integer(), note: Type.String() })) }),
  }),
  evaluate: route({
    method: 'POST',
    url: '/sorg-projects/:id/evaluation',
    tags,
    summary: 'Final evaluation once every milestone is accepted',
    params: IdParam,
    body: Obj({ version: Version, score: Type.Integer({ minimum: 0, maximum: 100 }), note: Text(2000, 1) }),
    response: ProjectDetail,
  }),
};
