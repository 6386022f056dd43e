import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { XLSX_TYPE } from '../../platform/export/xlsx.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, Id, IdParam, Nullable, Obj, Paged, PageQuery, RegionCode, Text, Version, withErrors } from '../../platform/http/schemas.js';
import { CLAIM_KINDS, OUTCOMES, REFERRAL_KINDS, STATUSES } from './disputes.policy.js';

const L = Type.Literal;
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
  access: Type.Union([L('opener'), L('partner')]),
  version: Type.Integer(),
};
const CaseSummarySchema = Obj(Summary);

const CaseDetailSchema = Obj({
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
  sessions: Type.Array(Obj({ id: Type.Integer(), heldAt: Type.String(), place: Type.String(), mediators: Type.Array(Type.String()), hasNotes: Type.Boolean(), orgName: NullableString })),
  events: Type.Array(
    Obj({ version: Type.Integer(), kind: Type.String(), actorName: NullableString, orgName: NullableString, targetOrgName: NullableString, note: Type.String(), at: Type.String() }),
  ),
  sides: Type.Array(Type.String()),
  myInvitationId: Nullable(Type.Integer()),
});

const ActionResultSchema = Obj({ id: Type.Integer(), number: Type.String(), status: Type.String(), outcome: NullableString, version: Type.Integer() });

const ListQuery = {
  status: Type.Optional(Type.Union(STATUSES.map((x) => L(x)))),
  outcome: Type.Optional(Type.Union(OUTCOMES.map((x) => L(x)))),
  regionCode: Type.Optional(RegionCode),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  q: Type.Optional(Text(100)),
  sort: Type.Optional(Type.Union([L('openedOn'), L('number'), L('claimedTotal'), L('employerName'), L('status')])),
  order: Type.Optional(Type.Union([L('asc'), L('desc')])),
  invited: Type.Optional(Type.Boolean()),
};

const Rate = Nullable(Type.Number());
const FiguresSchema = Obj({
  total: Type.Integer(),
  open: Type.Integer(),
  closed: Type.Integer(),
  success: Type.Integer(),
  successRate: Rate,
  byOutcome: Type.Array(Obj({ outcome: Type.String(), count: Type.Integer() })),
  byDistrict: Type.Array(Obj({ districtCode: Type.String(), districtName: Type.String(), total: Type.Integer(), closed: Type.Integer(), success: Type.Integer(), successRate: Rate })),
  byMonth: Type.Array(Obj({ month: Type.String(), total: Type.Integer(), closed: Type.Integer(), success: Type.Integer(), successRate: Rate })),
});

/** Labour-dispute joint mediation: cases, invitations of partner agencies, sessions, agreement, confirmation, referral, outcome, figures. */
export function registerDisputeRoutes(app: App, c: Container): void {
  const tags = ['disputes'];

  app.get('/disputes', {
    schema: {
      tags,
      summary: 'Dispute cases opened in my subtree, or (partner staff) the cases my organization is invited to',
      querystring: Obj({ ...PageQuery, ...ListQuery }),
      response: withErrors({ 200: Paged(CaseSummarySchema) }),
    },
    config: { signedIn: true },
    handler: async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await c.disputes.list(ctx(req), { ...req.query, page, pageSize })), page, pageSize };
    },
  });

  app.get('/disputes/export', {
    schema: { tags, summary: 'The filtered list as an Excel file (at most 10,000 rows)', querystring: Obj(ListQuery), response: withErrors({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }) },
    config: { permission: 'dispute.read' },
    handler: async (req, reply) => {
      const buf = await c.disputes.exportXlsx(ctx(req), req.query);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="disputes.xlsx"').send(buf);
    },
  });

  app.get('/disputes/figures', {
    schema: {
      tags,
      summary: 'Cases by outcome, district and month; mediated successfully (count and rate) within my scope',
      querystring: Obj({ from: Type.Optional(DateString), to: Type.Optional(DateString) }),
      response: withErrors({ 200: FiguresSchema }),
    },
    config: { permission: 'dispute.read' },
    handler: async (req) => c.disputes.figures(req.actor!, req.query),
  });

  app.get('/disputes/partner-orgs', {
    schema: {
      tags,
      summary: 'Partner agencies (court, human-resources bureau, justice bureau) that can be invited from my region',
      response: withErrors({ 200: Obj({ items: Type.Array(Obj({ id: Type.Integer(), name: Type.String(), typeCode: Type.String(), level: Type.String() })) }) }),
    },
    config: { permission: 'dispute.manage' },
    handler: async (req) => ({ items: await c.disputes.partnerOrgs(req.actor!) }),
  });

  app.post('/disputes', {
    schema: {
      tags,
      summary: 'Open a case (union, women’s federation); optionally from a request; honours Idempotency-Key',
      body: Obj({
        requestId: Type.Optional(Nullable(Id)),
        regionCode: Type.Optional(RegionCode),
        employerName: Text(100, 1),
        employerCreditCode: Type.Optional(Nullable(Text(30))),
        facts: Type.Optional(Nullable(Text(4000))),
        workers: Type.Array(
          Obj({ personId: Type.Optional(Id), name: Type.Optional(Text(60, 1)), phone: Type.Optional(Nullable(Text(30))), idNumber: Type.Optional(Nullable(Text(30))) }),
          { minItems: 1, maxItems: 50 },
        ),
        claims: Type.Array(Obj({ kind: Type.Union(CLAIM_KINDS.map((k) => L(k))), amount: Yuan, note: Type.Optional(Text(500)) }), { minItems: 1, maxItems: 20 }),
      }),
      response: withErrors({ 201: CaseDetailSchema }),
    },
    config: { permission: 'dispute.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.disputes.open(ctx(req), req.body)),
  });

  app.get('/disputes/:id', {
    schema: { tags, summary: 'One case with parties, invitations, sessions and timeline (partner reads are audited)', params: IdParam, response: withErrors({ 200: CaseDetailSchema }) },
    config: { signedIn: true },
    handler: async (req) => c.disputes.get(ctx(req), req.params.id),
  });

  app.post('/disputes/:id/reveal', {
    schema: {
      tags,
      summary: 'The facts and session notes in clear, for a stated purpose (audited)',
      params: IdParam,
      body: Obj({ purpose: Text(200, 2) }),
      response: withErrors({ 200: Obj({ facts: NullableString, sessions: Type.Array(Obj({ id: Type.Integer(), notes: NullableString })) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => c.disputes.reveal(ctx(req), req.params.id, req.body.purpose.trim()),
  });

  app.post('/disputes/:id/invitations', {
    schema: {
      tags,
      summary: 'Invite a partner agency to this case',
      params: IdParam,
      body: Obj({ version: Version, orgId: Id, note: Type.Optional(Text(1000)) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.invite(ctx(req), req.params.id, req.body),
  });

  app.post('/disputes/:id/invitations/:invitationId/withdraw', {
    schema: { tags, summary: 'Withdraw an invitation (the partner loses access)', params: InvitationParams, body: Obj({ version: Version, reason: Type.Optional(Text(1000)) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.withdraw(ctx(req), req.params.id, req.params.invitationId, req.body),
  });

  app.post('/disputes/:id/invitations/:invitationId/accept', {
    schema: { tags, summary: 'Accept an invitation (partner agency)', params: InvitationParams, body: Obj({ version: Version, reason: Type.Optional(Text(1000)) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.respond(ctx(req), req.params.id, req.params.invitationId, 'accept', req.body),
  });

  app.post('/disputes/:id/invitations/:invitationId/decline', {
    schema: { tags, summary: 'Decline an invitation with a reason (partner agency)', params: InvitationParams, body: Obj({ version: Version, reason: Text(1000, 1) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.respond(ctx(req), req.params.id, req.params.invitationId, 'decline', req.body),
  });

  app.post('/disputes/:id/sessions', {
    schema: {
      tags,
      summary: 'Record a mediation session (opener or an accepted partner)',
      params: IdParam,
      body: Obj({ version: Version, heldAt: Type.String({ format: 'date-time', maxLength: 40 }), place: Text(200, 1), mediators: Type.Array(Text(60, 1), { minItems: 1, maxItems: 10 }), notes: Type.Optional(Text(4000)) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { signedIn: true },
    handler: async (req) => c.disputes.addSession(ctx(req), req.params.id, req.body),
  });

  app.post('/disputes/:id/agreement', {
    schema: { tags, summary: 'Record the mediation agreement', params: IdParam, body: Obj({ version: Version, amount: Yuan, terms: Text(4000, 1) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { signedIn: true },
    handler: async (req) => c.disputes.agreement(ctx(req), req.params.id, req.body),
  });

  app.post('/disputes/:id/confirm', {
    schema: { tags, summary: 'Judicial confirmation of the agreement (an invited court that accepted)', params: IdParam, body: Obj({ version: Version, ref: Type.Optional(Text(100)) }), response: withErrors({ 200: ActionResultSchema }) },
    config: { permission: 'dispute.partner' },
    handler: async (req) => c.disputes.confirm(ctx(req), req.params.id, req.body),
  });

  app.post('/disputes/:id/refer', {
    schema: {
      tags,
      summary: 'Refer to labour arbitration or to litigation',
      params: IdParam,
      body: Obj({ version: Version, kind: Type.Union(REFERRAL_KINDS.map((k) => L(k))), note: Type.Optional(Text(1000)) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.refer(ctx(req), req.params.id, req.body),
  });

  app.post('/disputes/:id/close', {
    schema: {
      tags,
      summary: 'Close with the final outcome',
      params: IdParam,
      body: Obj({ version: Version, outcome: Type.Union(OUTCOMES.map((k) => L(k))), note: Type.Optional(Text(1000)) }),
      response: withErrors({ 200: ActionResultSchema }),
    },
    config: { permission: 'dispute.manage' },
    handler: async (req) => c.disputes.close(ctx(req), req.params.id, req.body),
  });
}
