/** Disputes routes (劳动纠纷多元化解): cases, invitations of partner agencies, sessions, agreement, confirmation, referral, outcome, figures. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, DateTimeString, Id, IdParam, Lit, Nullable, Obj, Paged, PageQuery, RegionCode, Text, Version, route, File } from './core.js';
import { CLAIM_KINDS, DISPUTE_OUTCOMES, DISPUTE_STATUSES, REFERRAL_KINDS } from './disputes.enums.js';

const tags = ['disputes'] as const;

const NullableString = Nullable(Type.String());
const Yuan = Type.Number({ minimum: 0, maximum: 1e11 });
const InvitationParams = Obj({ id: Id, invitationId: Id });

const Summary = {
  id: Type.Integer(),
  number: Type.String(),
  openerOrgId: Type.Integer(),
  openerOrgName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  districtCode: NullableString,
  districtName: NullableString,
  employerName: Type.String(),
  claimedTotal: Type.Number(),
  status: Type.String(),
  outcome: NullableString,
  openedOn: Type.String(),
  access: Lit(['opener', 'partner'] as const),
  version: Type.Integer(),
};
export const CaseSummary = Obj(Summary);
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseDetail = Obj({
  ...Summary,
  requestId: Nullable(Type.Integer()),
  employerCreditCode: NullableString,
  factsMasked: NullableString,
  agreedAmount: Nullable(Type.Number()),
  agreementTerms: NullableString,
  agreedAt: NullableString,
  confirmedAt: NullableString,
  confirmedByOrgName: NullableString,
  confirmationRef: NullableString,
  referralKind: NullableString,
  referredAt: NullableString,
  closedAt: NullableString,
  workers: Type.Array(Obj({ personId: Type.Integer(), nameMasked: Type.String(), phoneMasked: NullableString, idNumberMasked: NullableString })),
  claims: Type.Array(Obj({ kind: Type.String(), amount: Type.Number(), note: Type.String() })),
  invitations: Type.Array(
    Obj({
      id: Type.Integer(),
      orgId: Type.Integer(),
      orgName: Type.String(),
      orgType: Type.String(),
      status: Type.String(),
      note: Type.String(),
      reason: Type.String(),
      invitedAt: Type.String(),
      respondedAt: NullableString,
    }),
  ),
  sessions: Type.Array(
    Obj({
      id: Type.Integer(),
      heldAt: Type.String(),
      place: Type.String(),
      mediators: Type.Array(Type.String()),
      hasNotes: Type.Boolean(),
      orgName: NullableString,
    }),
  ),
  events: Type.Array(
    Obj({
      version: Type.Integer(),
      kind: Type.String(),
      actorName: NullableString,
      orgName: NullableString,
      targetOrgName: NullableString,
      note: Type.String(),
      at: Type.String(),
    }),
  ),
  /** What the caller may do on this case: its sides, and the invitation of its own organization if any. */
  sides: Type.Array(Type.String()),
  myInvitationId: Nullable(Type.Integer()),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const ActionResult = Obj({ id: Type.Integer(), number: Type.String(), status: Type.String(), outcome: NullableString, version: Type.Integer() });
export type ActionResult = Static<typeof ActionResult>;

export const DisputeSort = Lit(['openedOn', 'number', 'claimedTotal', 'employerName', 'status'] as const);
export const DisputeListQuery = Obj({
  status: Type.Optional(Lit(DISPUTE_STATUSES)),
  outcome: Type.Optional(Lit(DISPUTE_OUTCOMES)),
  regionCode: Type.Optional(RegionCode),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  q: Type.Optional(Text(100)),
  sort: Type.Optional(DisputeSort),
  order: Type.Optional(Lit(['asc', 'desc'] as const)),
  invited: Type.Optional(Type.Boolean()),
});
export type DisputeListQuery = Static<typeof DisputeListQuery>;

const Rate = Nullable(Type.Number());
export const DisputeFigures = Obj({
  total: Type.Integer(),
  open: Type.Integer(),
  closed: Type.Integer(),
  success: Type.Integer(),
  successRate: Rate,
  byOutcome: Type.Array(Obj({ outcome: Type.String(), count: Type.Integer() })),
  byDistrict: Type.Array(
    Obj({
      districtCode: Type.String(),
      districtName: Type.String(),
      total: Type.Integer(),
      closed: Type.Integer(),
      success: Type.Integer(),
      successRate: Rate,
    }),
  ),
  byMonth: Type.Array(Obj({ month: Type.String(), total: Type.Integer(), closed: Type.Integer(), success: Type.Integer(), successRate: Rate })),
});
export type DisputeFigures = Static<typeof DisputeFigures>;

export const PartnerOrg = Obj({ id: Type.Integer(), name: Type.String(), typeCode: Type.String(), level: Type.String() });
export type PartnerOrg = Static<typeof PartnerOrg>;

export const WorkerInput = Obj({
  personId: Type.Optional(Id),
  name: Type.Optional(Text(60, 1)),
  phone: Type.Optional(Nullable(Text(30))),
  idNumber: Type.Optional(Nullable(Text(30))),
});
export type WorkerInput = Static<typeof WorkerInput>;
export const ClaimInput = Obj({ kind: Lit(CLAIM_KINDS), amount: Yuan, note: Type.Optional(Text(500)) });
export type ClaimInput = Static<typeof ClaimInput>;
export const OpenInput = Obj({
  requestId: Type.Optional(Nullable(Id)),
  regionCode: Type.Optional(RegionCode),
  employerName: Text(100, 1),
  employerCreditCode: Type.Optional(Nullable(Text(30))),
  facts: Type.Optional(Nullable(Text(4000))),
  workers: Type.Array(WorkerInput, { minItems: 1, maxItems: 50 }),
  claims: Type.Array(ClaimInput, { minItems: 1, maxItems: 20 }),
});
export type OpenInput = Static<typeof OpenInput>;

export const Revealed = Obj({ facts: NullableString, sessions: Type.Array(Obj({ id: Type.Integer(), notes: NullableString })) });
export type Revealed = Static<typeof Revealed>;

export const InviteInput = Obj({ version: Version, orgId: Id, note: Type.Optional(Text(1000)) });
export type InviteInput = Static<typeof InviteInput>;
export const ReasonInput = Obj({ version: Version, reason: Type.Optional(Text(1000)) });
export type ReasonInput = Static<typeof ReasonInput>;
export const SessionInput = Obj({
  version: Version,
  heldAt: DateTimeString,
  place: Text(200, 1),
  mediators: Type.Array(Text(60, 1), { minItems: 1, maxItems: 10 }),
  notes: Type.Optional(Text(4000)),
});
export type SessionInput = Static<typeof SessionInput>;
export const AgreementInput = Obj({ version: Version, amount: Yuan, terms: Text(4000, 1) });
export type AgreementInput = Static<typeof AgreementInput>;
export const ConfirmInput = Obj({ version: Version, ref: Type.Optional(Text(100)) });
export type ConfirmInput = Static<typeof ConfirmInput>;
export const ReferInput = Obj({ version: Version, kind: Lit(REFERRAL_KINDS), note: Type.Optional(Text(1000)) });
export type ReferInput = Static<typeof ReferInput>;
export const CloseInput = Obj({ version: Version, outcome: Lit(DISPUTE_OUTCOMES), note: Type.Optional(Text(1000)) });
export type CloseInput = Static<typeof CloseInput>;

export const disputes = {
  list: route({
    method: 'GET',
    url: '/disputes',
    tags,
    summary: 'Dispute cases opened in my subtree, or (partner staff) the cases my organization is invited to',
    querystring: Obj({ ...PageQuery, ...DisputeListQuery.properties }),
    response: Paged(CaseSummary),
  }),
  exportXlsx: route({
    method: 'GET',
    url: '/disputes/export',
    tags,
    summary: 'The filtered list as an Excel file (at most 10,000 rows)',
    querystring: DisputeListQuery,
    response: File,
  }),
  figures: route({
    method: 'GET',
    url: '/disputes/figures',
    tags,
    summary: 'Cases by outcome, district and month; mediated successfully (count and rate) within my scope',
    querystring: Obj({ from: Type.Optional(DateString), to: Type.Optional(DateString) }),
    response: DisputeFigures,
  }),
  partnerOrgs: route({
    method: 'GET',
    url: '/disputes/partner-orgs',
    tags,
    summary: 'Partner agencies (court, human-resources bureau, justice bureau) that can be invited from my region',
    response: Obj({ items: Type.Array(PartnerOrg) }),
  }),
  open: route({
    method: 'POST',
    url: '/disputes',
    tags,
    summary: 'Open a case (union, women’s federation); optionally from a request; honours Idempotency-Key',
    body: OpenInput,
    response: CaseDetail,
    status: 201,
  }),
  get: route({
    method: 'GET',
    url: '/disputes/:id',
    tags,
    summary: 'One case with parties, invitations, sessions and timeline (partner reads are audited)',
    params: IdParam,
    response: CaseDetail,
  }),
  reveal: route({
    method: 'POST',
    url: '/disputes/:id/reveal',
    tags,
    summary: 'The facts and session notes in clear, for a stated purpose (audited)',
    params: IdParam,
    body: Obj({ purpose: Text(200, 2) }),
    response: Revealed,
  }),
  invite: route({
    method: 'POST',
    url: '/disputes/:id/invitations',
    tags,
    summary: 'Invite a partner agency to this case',
    params: IdParam,
    body: InviteInput,
    response: ActionResult,
  }),
  withdraw: route({
    method: 'POST',
    url: '/disputes/:id/invitations/:invitationId/withdraw',
    tags,
    summary: 'Withdraw an invitation (the partner loses access)',
    params: InvitationParams,
    body: ReasonInput,
    response: ActionResult,
  }),
  accept: route({
    method: 'POST',
    url: '/disputes/:id/invitations/:invitationId/accept',
    tags,
    summary: 'Accept an invitation (partner agency)',
    params: InvitationParams,
    body: ReasonInput,
    response: ActionResult,
  }),
  decline: route({
    method: 'POST',
    url: '/disputes/:id/invitations/:invitationId/decline',
    tags,
    summary: 'Decline an invitation with a reason (partner agency)',
    params: InvitationParams,
    body: Obj({ version: Version, reason: Text(1000, 1) }),
    response: ActionResult,
  }),
  addSession: route({
    method: 'POST',
    url: '/disputes/:id/sessions',
    tags,
    summary: 'Record a mediation session (opener or an accepted partner)',
    params: IdParam,
    body: SessionInput,
    response: ActionResult,
  }),
  agreement: route({
    method: 'POST',
    url: '/disputes/:id/agreement',
    tags,
    summary: 'Record the mediation agreement',
    params: IdParam,
    body: AgreementInput,
    response: ActionResult,
  }),
  confirm: route({
    method: 'POST',
    url: '/disputes/:id/confirm',
    tags,
    summary: 'Judicial confirmation of the agreement (an invited court that accepted)',
    params: IdParam,
    body: ConfirmInput,
    response: ActionResult,
  }),
  refer: route({
    method: 'POST',
    url: '/disputes/:id/refer',
    tags,
    summary: 'Refer to labour arbitration or to litigation',
    params: IdParam,
    body: ReferInput,
    response: ActionResult,
  }),
  close: route({
    method: 'POST',
    url: '/disputes/:id/close',
    tags,
    summary: 'Close with the final outcome',
    params: IdParam,
    body: CloseInput,
    response: ActionResult,
  }),
};
