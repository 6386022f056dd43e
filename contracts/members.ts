/** Members routes (会员, C15): the union member registry, self-registration, transfer, member cards, import. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Paged, PageQuery, RegionCode, Text, route, File } from './core.js';
import { HARDSHIP_LEVELS, MEMBER_IMPORT_MAX_BYTES, MEMBER_TAGS, NEW_FORM_KINDS } from './members.enums.js';

export { HARDSHIP_LEVELS, MEMBER_IMPORT_MAX_BYTES, MEMBER_TAGS, NEW_FORM_KINDS };

const tags = ['members'] as const;
const ptags = ['portal: members'] as const;

export const MEMBER_STATUSES = ['active', 'transferred_out', 'left'] as const;

export const MemberTag = Lit(MEMBER_TAGS);
export const HardshipLevel = Lit(HARDSHIP_LEVELS);
export const NewFormKind = Lit(NEW_FORM_KINDS);
export const MemberStatus = Lit(MEMBER_STATUSES);

/** Tags and their attributes, as staff set them and a worker declares them. */
export const MemberTagsInput = Obj({
  tags: Type.Array(MemberTag, { maxItems: 5, uniqueItems: true }),
  hardshipLevel: Type.Optional(Nullable(HardshipLevel)),
  hardshipReviewOn: Type.Optional(Nullable(DateString)),
  newFormKind: Type.Optional(Nullable(NewFormKind)),
});
export type MemberTagsInput = Static<typeof MemberTagsInput>;

export const Member = Obj({
  id: Type.Integer(),
  memberNo: Type.String(),
  personId: Nullable(Type.Integer()),
  nameMasked: Type.String(),
  gender: Type.String(),
  birthYear: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  status: MemberStatus,
  tags: Type.Array(Type.String()),
  hardshipLevel: Nullable(Type.String()),
  hardshipReviewOn: Nullable(Type.String()),
  newFormKind: Nullable(Type.String()),
  joinedOn: Type.String(),
  leftOn: Nullable(Type.String()),
  source: Type.String(),
});
export type Member = Static<typeof Member>;

export const MemberEvent = Obj({
  event: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  otherOrgName: Nullable(Type.String()),
  onDate: Type.String(),
  at: Type.String(),
});
export type MemberEvent = Static<typeof MemberEvent>;
export const MemberDetail = Type.Composite(
  [Member, Obj({ history: Type.Array(MemberEvent), idNumberMasked: Nullable(Type.String()), phoneMasked: Nullable(Type.String()) })],
  {
    additionalProperties: false,
  },
);
export type MemberDetail = Static<typeof MemberDetail>;

export const EnrolInput = Obj({
  orgId: Id,
  name: Text(40, 1),
  idNumber: Text(18, 15),
  phone: Type.Optional(Nullable(Text(20))),
  regionCode: Type.Optional(RegionCode),
  joinedOn: Type.Optional(DateString),
  tags: Type.Optional(Type.Array(MemberTag, { maxItems: 5, uniqueItems: true })),
  hardshipLevel: Type.Optional(Nullable(HardshipLevel)),
  hardshipReviewOn: Type.Optional(Nullable(DateString)),
  newFormKind: Type.Optional(Nullable(NewFormKind)),
});
export type EnrolInput = Static<typeof EnrolInput>;

export const MemberListQuery = Obj({
  q: Type.Optional(Text(40)),
  orgId: Type.Optional(Id),
  status: Type.Optional(MemberStatus),
  tag: Type.Optional(MemberTag),
  ...PageQuery,
});
export type MemberListQuery = Static<typeof MemberListQuery>;

export const Registration = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  orgId: Type.Integer(),
  orgName: Type.String(),
  tags: Type.Array(Type.String()),
  newFormKind: Nullable(Type.String()),
  status: Lit(['pending', 'confirmed', 'rejected', 'withdrawn'] as const),
  reason: Nullable(Type.String()),
  memberId: Nullable(Type.Integer()),
  submittedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});
export type Registration = Static<typeof Registration>;

export const Transfer = Obj({
  id: Type.Integer(),
  memberId: Type.Integer(),
  memberNo: Type.String(),
  nameMasked: Type.String(),
  fromOrgId: Type.Integer(),
  fromOrgName: Type.String(),
  toOrgId: Type.Integer(),
  toOrgName: Type.String(),
  status: Lit(['pending', 'completed', 'rejected', 'cancelled'] as const),
  fromConfirmed: Type.Boolean(),
  toConfirmed: Type.Boolean(),
  reason: Nullable(Type.String()),
  requestedAt: Type.String(),
  completedAt: Nullable(Type.String()),
  newMemberId: Nullable(Type.Integer()),
});
export type Transfer = Static<typeof Transfer>;

export const CardVerification = Obj({
  valid: Type.Boolean(),
  reason: Nullable(Lit(['bad_signature', 'expired', 'not_member'] as const)),
  memberNo: Nullable(Type.String()),
  nameMasked: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  status: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
});
export type CardVerification = Static<typeof CardVerification>;

export const UnionChoice = Obj({ id: Type.Integer(), name: Type.String(), level: Type.String(), regionName: Type.String() });
export type UnionChoice = Static<typeof UnionChoice>;

export const MyMembership = Obj({
  member: Nullable(
    Obj({
      memberNo: Type.String(),
      nameMasked: Type.String(),
      orgId: Type.Integer(),
      orgName: Type.String(),
      tags: Type.Array(Type.String()),
      joinedOn: Type.String(),
      status: Type.String(),
    }),
  ),
  registration: Nullable(
    Obj({ id: Type.Integer(), orgName: Type.String(), status: Type.String(), reason: Nullable(Type.String()), submittedAt: Type.String() }),
  ),
});
export type MyMembership = Static<typeof MyMembership>;

export const MemberCard = Obj({ token: Type.String(), expiresAt: Type.String(), memberNo: Type.String(), nameMasked: Type.String(), orgName: Type.String() });
export type MemberCard = Static<typeof MemberCard>;

export const ImportProblem = Obj({ row: Type.Integer(), field: Type.String(), code: Type.String(), message: Type.String() });
export type ImportProblem = Static<typeof ImportProblem>;
export const MemberImport = Obj({
  id: Type.Integer(),
  fileName: Type.String(),
  status: Lit(['previewed', 'running', 'done', 'failed'] as const),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  processed: Type.Integer(),
  inserted: Type.Integer(),
  skipped: Type.Integer(),
  problems: Type.Array(ImportProblem),
  problemsTotal: Type.Integer(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type MemberImport = Static<typeof MemberImport>;

export const members = {
  list: route({
    method: 'GET',
    url: '/members',
    tags,
    summary: 'Members of unions in my subtree, by member number or name',
    querystring: MemberListQuery,
    response: Paged(Member),
  }),
  lookup: route({
    method: 'POST',
    url: '/members/lookup',
    tags,
    summary: 'Exact lookup of members by phone or ID number (in the body, never in a URL)',
    body: Obj({ idNumber: Type.Optional(Text(18)), phone: Type.Optional(Text(20)) }),
    response: Obj({ items: Type.Array(Member) }),
  }),
  exportXlsx: route({
    method: 'GET',
    url: '/members/export',
    tags,
    summary: 'The filtered member list as an Excel workbook, masked (at most 10,000 rows; audited)',
    querystring: Obj({ q: Type.Optional(Text(40)), orgId: Type.Optional(Id), status: Type.Optional(MemberStatus), tag: Type.Optional(MemberTag) }),
    response: File,
  }),
  enrol: route({ method: 'POST', url: '/members', tags, summary: 'Enrol a member of a union in my subtree', body: EnrolInput, response: Member, status: 201 }),
  get: route({ method: 'GET', url: '/members/:id', tags, summary: 'One member with history', params: IdParam, response: MemberDetail }),
  setTags: route({
    method: 'PUT',
    url: '/members/:id/tags',
    tags,
    summary: 'Set a member’s tags (困难职工 level and review date, 新就业形态 kind)',
    params: IdParam,
    body: MemberTagsInput,
    response: Member,
  }),
  leave: route({
    method: 'POST',
    url: '/members/:id/leave',
    tags,
    summary: 'Record that a member left the union',
    params: IdParam,
    body: Obj({ reason: Text(200, 1) }),
    response: Member,
  }),
  registrations: route({
    method: 'GET',
    url: '/member-registrations',
    tags,
    summary: 'Self-registrations waiting for (or decided by) unions in my subtree',
    querystring: Obj({ status: Type.Optional(Lit(['pending', 'confirmed', 'rejected', 'withdrawn'] as const)), ...PageQuery }),
    response: Paged(Registration),
  }),
  confirmRegistration: route({
    method: 'POST',
    url: '/member-registrations/:id/confirm',
    tags,
    summary: 'Confirm a self-registration: the worker becomes a member',
    params: IdParam,
    body: Obj({}),
    response: Registration,
  }),
  rejectRegistration: route({
    method: 'POST',
    url: '/member-registrations/:id/reject',
    tags,
    summary: 'Reject a self-registration with a reason',
    params: IdParam,
    body: Obj({ reason: Text(200, 1) }),
    response: Registration,
  }),
  transfers: route({
    method: 'GET',
    url: '/member-transfers',
    tags,
    summary: 'Transfers out of or into unions in my subtree',
    querystring: Obj({ status: Type.Optional(Lit(['pending', 'completed', 'rejected', 'cancelled'] as const)), ...PageQuery }),
    response: Paged(Transfer),
  }),
  requestTransfer: route({
    method: 'POST',
    url: '/member-transfers',
    tags,
    summary: 'Start a transfer (会员关系转接) from a union in my subtree (sending side confirms) or into one (receiving side confirms)',
    body: Obj({ memberId: Id, toOrgId: Id, reason: Type.Optional(Text(200)) }),
    response: Transfer,
    status: 201,
  }),
  confirmTransfer: route({
    method: 'POST',
    url: '/member-transfers/:id/confirm',
    tags,
    summary: 'Confirm my side of a transfer; the second confirmation moves the membership',
    params: IdParam,
    body: Obj({}),
    response: Transfer,
  }),
  rejectTransfer: route({
    method: 'POST',
    url: '/member-transfers/:id/reject',
    tags,
    summary: 'Refuse a transfer (either side)',
    params: IdParam,
    body: Obj({ reason: Text(200, 1) }),
    response: Transfer,
  }),
  verifyCard: route({
    method: 'POST',
    url: '/member-cards/verify',
    tags,
    summary: 'Verify an electronic member card’s QR token',
    body: Obj({ token: Text(200, 1) }),
    response: CardVerification,
  }),
  /** Multipart: the server reads the part as it arrives, so the route declares no body to validate. */
  previewImport: route({
    method: 'POST',
    url: '/member-imports',
    tags,
    summary: 'Upload a member list for a union in my subtree: every row’s problems, nothing written yet',
    description:
      'multipart/form-data with one part "file": an Excel workbook (.xlsx) or UTF-8 CSV, told by its content, at most 200 MB ' +
      '(413 PAYLOAD_TOO_LARGE, field "file"); any other content is refused (415 UNSUPPORTED_MEDIA_TYPE, field "file").',
    response: MemberImport,
    status: 201,
  }),
  getImport: route({ method: 'GET', url: '/member-imports/:id', tags, summary: 'An import’s preview and progress', params: IdParam, response: MemberImport }),
  commitImport: route({
    method: 'POST',
    url: '/member-imports/:id/commit',
    tags,
    summary: 'Import the valid rows in the background',
    params: IdParam,
    body: Obj({}),
    response: MemberImport,
    status: 202,
  }),
  importErrors: route({
    method: 'GET',
    url: '/member-imports/:id/errors',
    tags,
    summary: 'The rows with problems, with their reasons, as an Excel workbook',
    params: IdParam,
    response: File,
  }),
  // Portal
  unions: route({
    method: 'GET',
    url: '/portal/member-unions',
    tags: ptags,
    summary: 'Unions a worker can join, by name or credit code (新就业形态: also street-level unions)',
    querystring: Obj({ q: Text(60, 2), newForm: Type.Optional(Type.Boolean()) }),
    response: Obj({ items: Type.Array(UnionChoice) }),
  }),
  union: route({
    method: 'GET',
    url: '/portal/member-unions/:id',
    tags: ptags,
    summary: 'One union (from its QR link)',
    params: IdParam,
    response: UnionChoice,
  }),
  myMembership: route({ method: 'GET', url: '/portal/membership', tags: ptags, summary: 'My membership and my latest registration', response: MyMembership }),
  register: route({
    method: 'POST',
    url: '/portal/member-registrations',
    tags: ptags,
    summary: 'Register as a member of a union: real name and ID number; the union confirms',
    body: Obj({
      orgId: Id,
      name: Text(40, 1),
      idNumber: Text(18, 15),
      tags: Type.Optional(Type.Array(MemberTag, { maxItems: 5, uniqueItems: true })),
      newFormKind: Type.Optional(Nullable(NewFormKind)),
    }),
    response: MyMembership,
    status: 201,
  }),
  myCard: route({
    method: 'GET',
    url: '/portal/member-card',
    tags: ptags,
    summary: 'My electronic member card: a short-lived signed token for its QR',
    response: MemberCard,
  }),
};
