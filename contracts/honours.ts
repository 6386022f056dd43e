/** Honours (评选表彰) routes: programmes, nominations, review, vetting, notice, objections, announcement, certificates; the portal's notices and certificate check. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, RegionCode, Text, Version, route, File } from './core.js';
import { ATTRIBUTES, CRITERION_TYPES, KINDS, type Attribute, type Kind } from './honours.enums.js';

export { ATTRIBUTES, CRITERION_TYPES, KINDS, type Attribute, type Kind };

const tags = ['honours'] as const;
const ptags = ['portal: honours'] as const;

export const STAGES = ['street', 'district', 'city', 'shortlisted', 'awarded', 'rejected', 'returned'] as const;
export type Stage = (typeof STAGES)[number];

const L = Type.Literal;
const NullableString = Nullable(Type.String());
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', maxLength: 32 });

export const Criterion = Obj({
  key: Key,
  type: Lit(CRITERION_TYPES),
  labelZh: Text(50, 1),
  labelEn: Text(80, 1),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Text(50, 1), { maxItems: 20 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});
export type Criterion = Static<typeof Criterion>;
export const DocumentSpec = Obj({ key: Key, labelZh: Text(50, 1), labelEn: Text(80, 1) });
export type DocumentSpec = Static<typeof DocumentSpec>;
export const Rule = Obj({ attribute: Lit(ATTRIBUTES), op: Type.Union([L('min'), L('max')]), percent: Type.Number({ minimum: 0, maximum: 100 }) });
export type Rule = Static<typeof Rule>;
export const RuleResult = Obj({
  attribute: Type.String(),
  op: Type.String(),
  percent: Type.Number(),
  individuals: Type.Integer(),
  count: Type.Integer(),
  achieved: Nullable(Type.Number()),
  ok: Type.Boolean(),
  shortfall: Type.Integer(),
});
export type RuleResultDto = Static<typeof RuleResult>;

const ProgrammeProps = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  title: Type.String(),
  awardTitle: Type.String(),
  year: Type.Integer(),
  kinds: Type.Array(Type.String()),
  criteria: Type.Array(Criterion),
  documents: Type.Array(DocumentSpec),
  rules: Type.Array(Rule),
  allowException: Type.Boolean(),
  nominationFrom: Type.String(),
  nominationTo: Type.String(),
  reviewTo: Type.String(),
  noticeDays: Type.Integer(),
  announceOn: Type.String(),
  status: Type.String(),
  noticeFrom: NullableString,
  noticeTo: NullableString,
  announcedAt: NullableString,
  version: Type.Integer(),
};
export const Programme = Obj(ProgrammeProps);
export type Programme = Static<typeof Programme>;
export const ProgrammeDetail = Obj({
  ...ProgrammeProps,
  myLevel: Nullable(Type.String()),
  quotas: Type.Array(
    Obj({ districtCode: Type.String(), districtName: Type.String(), quota: Type.Integer(), streetUsed: Type.Integer(), districtUsed: Type.Integer() }),
  ),
  vetters: Type.Array(Obj({ orgId: Type.Integer(), name: Type.String(), typeCode: Type.String() })),
  composition: Type.Array(RuleResult),
  exceptions: Type.Array(
    Obj({ id: Type.Integer(), orgName: Type.String(), reason: Type.String(), nominationIds: Type.Array(Type.Integer()), createdAt: Type.String() }),
  ),
});
export type ProgrammeDetail = Static<typeof ProgrammeDetail>;
export const VettingOrg = Obj({ id: Type.Integer(), name: Type.String(), typeCode: Type.String(), level: Type.String() });
export type VettingOrg = Static<typeof VettingOrg>;
export const ProgrammeInput = Obj({
  title: Text(100, 1),
  awardTitle: Text(50, 1),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  kinds: Type.Array(Lit(KINDS), { minItems: 1, maxItems: 2 }),
  criteria: Type.Array(Criterion, { maxItems: 30 }),
  documents: Type.Array(DocumentSpec, { maxItems: 20 }),
  rules: Type.Array(Rule, { maxItems: 10 }),
  allowException: Type.Boolean(),
  nominationFrom: DateString,
  nominationTo: DateString,
  reviewTo: DateString,
  noticeDays: Type.Integer({ minimum: 5, maximum: 30 }),
  announceOn: DateString,
  quotas: Type.Array(Obj({ districtCode: RegionCode, quota: Type.Integer({ minimum: 0, maximum: 10000 }) }), { minItems: 1, maxItems: 30 }),
  vetterOrgIds: Type.Array(Id, { maxItems: 20 }),
});
export type ProgrammeInput = Static<typeof ProgrammeInput>;

const Attributes = Obj({ frontline: Type.Boolean(), female: Type.Boolean(), leader: Type.Boolean(), minority: Type.Boolean(), newForm: Type.Boolean() });
const NominationProps = {
  id: Type.Integer(),
  programmeId: Type.Integer(),
  kind: Type.String(),
  nominatorOrgName: Type.String(),
  streetName: Type.String(),
  districtName: Type.String(),
  districtCode: Type.String(),
  personId: Nullable(Type.Integer()),
  nameMasked: Type.String(),
  idNumberMasked: NullableString,
  phoneMasked: NullableString,
  creditCode: NullableString,
  unitName: Type.String(),
  position: Type.String(),
  deeds: Type.String(),
  attributes: Attributes,
  stage: Type.String(),
  returnReason: Type.String(),
  decisionNote: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
};
export const Nomination = Obj(NominationProps);
export type Nomination = Static<typeof Nomination>;
const Answer = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
export const NominationDetail = Obj({
  ...NominationProps,
  recommendation: Type.String(),
  answers: Type.Record(Type.String(), Answer),
  documents: Type.Record(Type.String(), Type.String()),
  level: Nullable(Type.String()),
  vettings: Type.Array(
    Obj({ id: Type.Integer(), orgId: Type.Integer(), orgName: Type.String(), verdict: NullableString, reason: Type.String(), respondedAt: NullableString }),
  ),
  objections: Type.Array(Obj({ id: Type.Integer(), evidence: Type.String(), status: Type.String(), outcome: NullableString, lodgedAt: Type.String() })),
  events: Type.Array(Obj({ kind: Type.String(), actorName: NullableString, orgName: NullableString, note: Type.String(), at: Type.String() })),
});
export type NominationDetail = Static<typeof NominationDetail>;
export const NominationInput = Obj({
  kind: Lit(KINDS),
  personId: Type.Optional(Id),
  person: Type.Optional(
    Obj({
      name: Text(50, 1),
      idNumber: Type.Optional(Nullable(Text(18))),
      phone: Type.Optional(Nullable(Text(20))),
      gender: Type.Optional(Nullable(Type.Union([L('male'), L('female')]))),
      regionCode: RegionCode,
    }),
  ),
  collectiveName: Type.Optional(Text(100)),
  creditCode: Type.Optional(Text(18)),
  unitName: Text(100, 1),
  position: Type.Optional(Text(50)),
  deeds: Text(300, 1),
  recommendation: Text(2000, 1),
  attributes: Type.Optional(
    Obj({
      frontline: Type.Optional(Type.Boolean()),
      female: Type.Optional(Type.Boolean()),
      leader: Type.Optional(Type.Boolean()),
      minority: Type.Optional(Type.Boolean()),
      newForm: Type.Optional(Type.Boolean()),
    }),
  ),
  answers: Type.Optional(Type.Record(Key, Nullable(Answer))),
  documents: Type.Optional(Type.Record(Key, Text(200))),
});
export type NominationInput = Static<typeof NominationInput>;
export const StepResult = Obj({ id: Type.Integer(), stage: Type.String(), version: Type.Integer() });
export type StepResult = Static<typeof StepResult>;
export const ForwardResult = Obj({
  forwarded: Type.Integer(),
  stage: Type.String(),
  exceptionId: Nullable(Type.Integer()),
  composition: Type.Array(RuleResult),
});
export type ForwardResult = Static<typeof ForwardResult>;

export const Award = Obj({
  id: Type.Integer(),
  nominationId: Type.Integer(),
  number: Type.String(),
  kind: Type.String(),
  nameMasked: Type.String(),
  unitName: Type.String(),
  districtName: Type.String(),
  programmeTitle: Type.String(),
  awardTitle: Type.String(),
  year: Type.Integer(),
  orgName: Type.String(),
  awardedOn: Type.String(),
  verifyPath: Type.String(),
});
export type Award = Static<typeof Award>;

const NoticeProps = {
  id: Type.Integer(),
  title: Type.String(),
  awardTitle: Type.String(),
  year: Type.Integer(),
  orgName: Type.String(),
  status: Type.String(),
  noticeFrom: Type.String(),
  noticeTo: Type.String(),
  open: Type.Boolean(),
};
export const NoticeSummary = Obj({ ...NoticeProps, nominees: Type.Integer() });
export type NoticeSummary = Static<typeof NoticeSummary>;
/** What the public sees of a nominee: name, unit, position, district and short deeds — nothing else. */
export const PublicNominee = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  unitName: Type.String(),
  position: Type.String(),
  deeds: Type.String(),
  districtName: Type.String(),
});
export type PublicNominee = Static<typeof PublicNominee>;
export const PublicNotice = Obj({ ...NoticeProps, nominees: Type.Array(PublicNominee) });
export type PublicNotice = Static<typeof PublicNotice>;
export const CertificateCheck = Obj({
  valid: Type.Boolean(),
  number: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  unitName: Type.Optional(Type.String()),
  awardTitle: Type.Optional(Type.String()),
  programmeTitle: Type.Optional(Type.String()),
  year: Type.Optional(Type.Integer()),
  orgName: Type.Optional(Type.String()),
  awardedOn: Type.Optional(Type.String()),
});
export type CertificateCheck = Static<typeof CertificateCheck>;

export const honours = {
  programmes: route({
    method: 'GET',
    url: '/honour-programmes',
    tags,
    summary: 'Programmes of my organization’s tree (to nominate, review or run) and those I vet',
    response: Obj({ items: Type.Array(Programme) }),
  }),
  vettingOrgs: route({
    method: 'GET',
    url: '/honour-programmes/vetting-orgs',
    tags,
    summary: 'Partner departments that can be asked to vet nominees',
    response: Obj({ items: Type.Array(VettingOrg) }),
  }),
  createProgramme: route({
    method: 'POST',
    url: '/honour-programmes',
    tags,
    summary: 'Create a programme of my city-level organization: timetable, award kinds, criteria, documents, quotas, rules, vetting departments',
    body: ProgrammeInput,
    response: Programme,
    status: 201,
  }),
  programme: route({
    method: 'GET',
    url: '/honour-programmes/:id',
    tags,
    summary: 'A programme with quotas, vetting departments and the composition of my level’s live list (with the shortfall)',
    params: IdParam,
    response: ProgrammeDetail,
  }),
  nominations: route({
    method: 'GET',
    url: '/honour-programmes/:id/nominations',
    tags,
    summary:
      'Nominations my level holds or was forwarded (a street its own, a district what its streets forwarded, the awarding unit what the districts forwarded)',
    params: IdParam,
    querystring: Obj({ stage: Type.Optional(Lit(STAGES)) }),
    response: Obj({ items: Type.Array(Nomination) }),
  }),
  nominate: route({
    method: 'POST',
    url: '/honour-programmes/:id/nominations',
    tags,
    summary: 'Nominate a person (a people record, or a new one) or a collective (with its credit code)',
    params: IdParam,
    body: NominationInput,
    response: Nomination,
    status: 201,
  }),
  forward: route({
    method: 'POST',
    url: '/honour-programmes/:id/forward',
    tags,
    summary: 'Forward a list to the next level within the district quota; a list breaking a composition rule needs an allowed exception with a reason',
    params: IdParam,
    body: Obj({ nominationIds: Type.Array(Id, { minItems: 1, maxItems: 500 }), exceptionReason: Type.Optional(Text(1000)) }),
    response: ForwardResult,
  }),
  requestVetting: route({
    method: 'POST',
    url: '/honour-programmes/:id/vetting',
    tags,
    summary: 'Ask every vetting department about every nominee held for decision',
    params: IdParam,
    body: Obj({}),
    response: Obj({ nominees: Type.Integer(), asked: Type.Integer() }),
  }),
  publishNotice: route({
    method: 'POST',
    url: '/honour-programmes/:id/notice',
    tags,
    summary: 'Publish the shortlist on the portal for the programme’s number of working days',
    params: IdParam,
    body: Obj({}),
    response: Obj({ status: Type.String(), noticeFrom: Type.String(), noticeTo: Type.String() }),
  }),
  announce: route({
    method: 'POST',
    url: '/honour-programmes/:id/announce',
    tags,
    summary: 'Announce the final list after the notice period with every objection decided; awards numbered certificates',
    params: IdParam,
    body: Obj({}),
    response: Obj({ status: Type.String(), awarded: Type.Integer(), rejected: Type.Integer() }),
  }),
  awards: route({
    method: 'GET',
    url: '/honour-programmes/:id/awards',
    tags,
    summary: 'Awards of a programme within my scope',
    params: IdParam,
    response: Obj({ items: Type.Array(Award) }),
  }),
  nomination: route({
    method: 'GET',
    url: '/honour-nominations/:id',
    tags,
    summary: 'A nomination with answers, documents, vetting opinions, objections and timeline',
    params: IdParam,
    response: NominationDetail,
  }),
  returnNomination: route({
    method: 'POST',
    url: '/honour-nominations/:id/return',
    tags,
    summary: 'Return a nomination one level down with a reason',
    params: IdParam,
    body: Obj({ reason: Text(1000, 1), version: Version }),
    response: StepResult,
  }),
  resubmit: route({
    method: 'POST',
    url: '/honour-nominations/:id/resubmit',
    tags,
    summary: 'Send a returned nomination back to the street',
    params: IdParam,
    body: Obj({ version: Version }),
    response: StepResult,
  }),
  vet: route({
    method: 'POST',
    url: '/honour-nominations/:id/vet',
    tags,
    summary: 'A vetting department’s opinion on a nominee: no objection, or an objection with its reason',
    params: IdParam,
    body: Obj({ verdict: Type.Union([L('clear'), L('objection')]), reason: Type.Optional(Text(1000)) }),
    response: Obj({ id: Type.Integer(), verdict: Type.String() }),
  }),
  decide: route({
    method: 'POST',
    url: '/honour-nominations/:id/decision',
    tags,
    summary: 'Shortlist (after vetting; an objection needs a written decision) or reject a nominee',
    params: IdParam,
    body: Obj({ decision: Type.Union([L('shortlist'), L('reject')]), note: Type.Optional(Text(1000)), version: Version }),
    response: StepResult,
  }),
  decideObjection: route({
    method: 'POST',
    url: '/honour-objections/:id/decision',
    tags,
    summary: 'Record the outcome of a citizen’s objection',
    params: IdParam,
    body: Obj({ status: Type.Union([L('upheld'), L('dismissed')]), outcome: Text(1000, 1) }),
    response: Obj({ id: Type.Integer(), status: Type.String() }),
  }),
  certificate: route({
    method: 'GET',
    url: '/honour-awards/:id/certificate',
    tags,
    summary: 'The certificate (PDF) with its number and a QR code verifying it on the portal',
    params: IdParam,
    response: File,
  }),
  personHonours: route({
    method: 'GET',
    url: '/people/:id/honours',
    tags,
    summary: 'The honours on a person’s record',
    params: IdParam,
    response: Obj({ items: Type.Array(Award) }),
  }),
  portalNotices: route({
    method: 'GET',
    url: '/portal/honour-notices',
    tags: ptags,
    summary: 'Programmes on public notice (公示) or announced',
    response: Obj({ items: Type.Array(NoticeSummary) }),
  }),
  portalNotice: route({
    method: 'GET',
    url: '/portal/honour-notices/:id',
    tags: ptags,
    summary: 'One public notice: names, units and short deeds only',
    params: IdParam,
    response: PublicNotice,
  }),
  portalObject: route({
    method: 'POST',
    url: '/portal/honour-nominees/:id/objections',
    tags: ptags,
    summary: 'Lodge an objection with evidence during the notice window (signed in by phone and one-time code)',
    params: IdParam,
    body: Obj({ evidence: Text(2000, 1) }),
    response: Obj({ id: Type.Integer(), status: Type.String() }),
    status: 201,
  }),
  portalVerify: route({
    method: 'GET',
    url: '/portal/honours/verify',
    tags: ptags,
    summary: 'Verify a certificate by the number and token its QR code carries',
    querystring: Obj({ no: Type.String({ maxLength: 30 }), t: Type.String({ maxLength: 64 }) }),
    response: CertificateCheck,
  }),
};
