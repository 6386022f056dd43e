import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, Id, IdParam, Lit, Nullable, Obj, RegionCode, Text, Version, withErrors } from '../../platform/http/schemas.js';
import { ATTRIBUTES, CRITERION_TYPES, KINDS, STAGES } from './honours.policy.js';

const L = Type.Literal;
const NullableString = Nullable(Type.String());
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', maxLength: 32 });
const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

const CriterionSchema = Obj({
  key: Key,
  type: Lit(CRITERION_TYPES),
  labelZh: Text(50, 1),
  labelEn: Text(80, 1),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Text(50, 1), { maxItems: 20 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});
const DocumentSchema = Obj({ key: Key, labelZh: Text(50, 1), labelEn: Text(80, 1) });
const RuleSchema = Obj({ attribute: Lit(ATTRIBUTES), op: Type.Union([L('min'), L('max')]), percent: Type.Number({ minimum: 0, maximum: 100 }) });
const RuleResultSchema = Obj({
  attribute: Type.String(),
  op: Type.String(),
  percent: Type.Number(),
  individuals: Type.Integer(),
  count: Type.Integer(),
  achieved: Nullable(Type.Number()),
  ok: Type.Boolean(),
  shortfall: Type.Integer(),
});

const ProgrammeProps = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  title: Type.String(),
  awardTitle: Type.String(),
  year: Type.Integer(),
  kinds: Type.Array(Type.String()),
  criteria: Type.Array(CriterionSchema),
  documents: Type.Array(DocumentSchema),
  rules: Type.Array(RuleSchema),
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
const ProgrammeSchema = Obj(ProgrammeProps);
const ProgrammeDetail = Obj({
  ...ProgrammeProps,
  myLevel: Nullable(Type.String()),
  quotas: Type.Array(Obj({ districtCode: Type.String(), districtName: Type.String(), quota: Type.Integer(), streetUsed: Type.Integer(), districtUsed: Type.Integer() })),
  vetters: Type.Array(Obj({ orgId: Type.Integer(), name: Type.String(), typeCode: Type.String() })),
  composition: Type.Array(RuleResultSchema),
  exceptions: Type.Array(Obj({ id: Type.Integer(), orgName: Type.String(), reason: Type.String(), nominationIds: Type.Array(Type.Integer()), createdAt: Type.String() })),
});

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
const NominationSchema = Obj(NominationProps);
const Answer = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
const NominationDetail = Obj({
  ...NominationProps,
  recommendation: Type.String(),
  answers: Type.Record(Type.String(), Answer),
  documents: Type.Record(Type.String(), Type.String()),
  level: Nullable(Type.String()),
  vettings: Type.Array(Obj({ id: Type.Integer(), orgId: Type.Integer(), orgName: Type.String(), verdict: NullableString, reason: Type.String(), respondedAt: NullableString })),
  objections: Type.Array(Obj({ id: Type.Integer(), evidence: Type.String(), status: Type.String(), outcome: NullableString, lodgedAt: Type.String() })),
  events: Type.Array(Obj({ kind: Type.String(), actorName: NullableString, orgName: NullableString, note: Type.String(), at: Type.String() })),
});
const StepResult = Obj({ id: Type.Integer(), stage: Type.String(), version: Type.Integer() });

const AwardSchema = Obj({
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
/** What the public sees of a nominee: name, unit, position, district and short deeds — nothing else. */
const PublicNominee = Obj({ id: Type.Integer(), kind: Type.String(), name: Type.String(), unitName: Type.String(), position: Type.String(), deeds: Type.String(), districtName: Type.String() });

/** Honours (评选表彰): programmes, nominations, review, vetting, notice, objections, announcement, certificates; portal notice and verification. */
export function registerHonourRoutes(app: App, c: Container): void {
  const tags = ['honours'];
  const meta = (req: FastifyRequest) => ({ ip: req.ip, requestId: req.id });

  app.get('/honour-programmes', {
    schema: { tags, summary: 'Programmes of my organization’s tree (to nominate, review or run) and those I vet', response: withErrors({ 200: Obj({ items: Type.Array(ProgrammeSchema) }) }) },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listProgrammes(req.actor!) }),
  });

  app.get('/honour-programmes/vetting-orgs', {
    schema: { tags, summary: 'Partner departments that can be asked to vet nominees', response: withErrors({ 200: Obj({ items: Type.Array(Obj({ id: Type.Integer(), name: Type.String(), typeCode: Type.String(), level: Type.String() })) }) }) },
    config: { permission: 'honour.manage' },
    handler: async (req) => ({ items: await c.honours.vettingOrgs(req.actor!) }),
  });

  app.post('/honour-programmes', {
    schema: {
      tags,
      summary: 'Create a programme of my city-level organization: timetable, award kinds, criteria, documents, quotas, rules, vetting departments',
      body: Obj({
        title: Text(100, 1),
        awardTitle: Text(50, 1),
        year: Type.Integer({ minimum: 2000, maximum: 2100 }),
        kinds: Type.Array(Lit(KINDS), { minItems: 1, maxItems: 2 }),
        criteria: Type.Array(CriterionSchema, { maxItems: 30 }),
        documents: Type.Array(DocumentSchema, { maxItems: 20 }),
        rules: Type.Array(RuleSchema, { maxItems: 10 }),
        allowException: Type.Boolean(),
        nominationFrom: DateString,
        nominationTo: DateString,
        reviewTo: DateString,
        noticeDays: Type.Integer({ minimum: 5, maximum: 30 }),
        announceOn: DateString,
        quotas: Type.Array(Obj({ districtCode: RegionCode, quota: Type.Integer({ minimum: 0, maximum: 10000 }) }), { minItems: 1, maxItems: 30 }),
        vetterOrgIds: Type.Array(Id, { maxItems: 20 }),
      }),
      response: withErrors({ 201: ProgrammeSchema }),
    },
    config: { permission: 'honour.manage' },
    handler: async (req, reply) => reply.code(201).send(await c.honours.createProgramme(ctx(req), req.body)),
  });

  app.get('/honour-programmes/:id', {
    schema: { tags, summary: 'A programme with quotas, vetting departments and the composition of my level’s live list (with the shortfall)', params: IdParam, response: withErrors({ 200: ProgrammeDetail }) },
    config: { signedIn: true },
    handler: async (req) => c.honours.getProgramme(req.actor!, req.params.id),
  });

  app.get('/honour-programmes/:id/nominations', {
    schema: {
      tags,
      summary: 'Nominations my level holds or was forwarded (a street its own, a district what its streets forwarded, the awarding unit what the districts forwarded)',
      params: IdParam,
      querystring: Obj({ stage: Type.Optional(Lit(STAGES)) }),
      response: withErrors({ 200: Obj({ items: Type.Array(NominationSchema) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listNominations(req.actor!, req.params.id, req.query) }),
  });

  app.post('/honour-programmes/:id/nominations', {
    schema: {
      tags,
      summary: 'Nominate a person (a people record, or a new one) or a collective (with its credit code)',
      params: IdParam,
      body: Obj({
        kind: Lit(KINDS),
        personId: Type.Optional(Id),
        person: Type.Optional(
          Obj({ name: Text(50, 1), idNumber: Type.Optional(Nullable(Text(18))), phone: Type.Optional(Nullable(Text(20))), gender: Type.Optional(Nullable(Type.Union([L('male'), L('female')]))), regionCode: RegionCode }),
        ),
        collectiveName: Type.Optional(Text(100)),
        creditCode: Type.Optional(Text(18)),
        unitName: Text(100, 1),
        position: Type.Optional(Text(50)),
        deeds: Text(300, 1),
        recommendation: Text(2000, 1),
        attributes: Type.Optional(
          Obj({ frontline: Type.Optional(Type.Boolean()), female: Type.Optional(Type.Boolean()), leader: Type.Optional(Type.Boolean()), minority: Type.Optional(Type.Boolean()), newForm: Type.Optional(Type.Boolean()) }),
        ),
        answers: Type.Optional(Type.Record(Key, Nullable(Answer))),
        documents: Type.Optional(Type.Record(Key, Text(200))),
      }),
      response: withErrors({ 201: NominationSchema }),
    },
    config: { permission: 'honour.nominate' },
    handler: async (req, reply) => reply.code(201).send(await c.honours.nominate(ctx(req), req.params.id, req.body)),
  });

  app.post('/honour-programmes/:id/forward', {
    schema: {
      tags,
      summary: 'Forward a list to the next level within the district quota; a list breaking a composition rule needs an allowed exception with a reason',
      params: IdParam,
      body: Obj({ nominationIds: Type.Array(Id, { minItems: 1, maxItems: 500 }), exceptionReason: Type.Optional(Text(1000)) }),
      response: withErrors({ 200: Obj({ forwarded: Type.Integer(), stage: Type.String(), exceptionId: Nullable(Type.Integer()), composition: Type.Array(RuleResultSchema) }) }),
    },
    config: { permission: 'honour.review' },
    handler: async (req) => c.honours.forward(ctx(req), req.params.id, req.body),
  });

  app.post('/honour-programmes/:id/vetting', {
    schema: { tags, summary: 'Ask every vetting department about every nominee held for decision', params: IdParam, body: Obj({}), response: withErrors({ 200: Obj({ nominees: Type.Integer(), asked: Type.Integer() }) }) },
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.requestVetting(ctx(req), req.params.id),
  });

  app.post('/honour-programmes/:id/notice', {
    schema: {
      tags,
      summary: 'Publish the shortlist on the portal for the programme’s number of working days',
      params: IdParam,
      body: Obj({}),
      response: withErrors({ 200: Obj({ status: Type.String(), noticeFrom: Type.String(), noticeTo: Type.String() }) }),
    },
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.publishNotice(ctx(req), req.params.id),
  });

  app.post('/honour-programmes/:id/announce', {
    schema: {
      tags,
      summary: 'Announce the final list after the notice period with every objection decided; awards numbered certificates',
      params: IdParam,
      body: Obj({}),
      response: withErrors({ 200: Obj({ status: Type.String(), awarded: Type.Integer(), rejected: Type.Integer() }) }),
    },
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.announce(ctx(req), req.params.id),
  });

  app.get('/honour-programmes/:id/awards', {
    schema: { tags, summary: 'Awards of a programme within my scope', params: IdParam, response: withErrors({ 200: Obj({ items: Type.Array(AwardSchema) }) }) },
    config: { signedIn: true },
    handler: async (req) => ({ items: await c.honours.listAwards(req.actor!, req.params.id) }),
  });

  app.get('/honour-nominations/:id', {
    schema: { tags, summary: 'A nomination with answers, documents, vetting opinions, objections and timeline', params: IdParam, response: withErrors({ 200: NominationDetail }) },
    config: { signedIn: true },
    handler: async (req) => c.honours.getNomination(req.actor!, req.params.id),
  });

  app.post('/honour-nominations/:id/return', {
    schema: { tags, summary: 'Return a nomination one level down with a reason', params: IdParam, body: Obj({ reason: Text(1000, 1), version: Version }), response: withErrors({ 200: StepResult }) },
    config: { signedIn: true },
    handler: async (req) => c.honours.returnNomination(ctx(req), req.params.id, req.body),
  });

  app.post('/honour-nominations/:id/resubmit', {
    schema: { tags, summary: 'Send a returned nomination back to the street', params: IdParam, body: Obj({ version: Version }), response: withErrors({ 200: StepResult }) },
    config: { permission: 'honour.nominate' },
    handler: async (req) => c.honours.resubmit(ctx(req), req.params.id, req.body),
  });

  app.post('/honour-nominations/:id/vet', {
    schema: {
      tags,
      summary: 'A vetting department’s opinion on a nominee: no objection, or an objection with its reason',
      params: IdParam,
      body: Obj({ verdict: Type.Union([L('clear'), L('objection')]), reason: Type.Optional(Text(1000)) }),
      response: withErrors({ 200: Obj({ id: Type.Integer(), verdict: Type.String() }) }),
    },
    config: { permission: 'honour.vet' },
    handler: async (req) => c.honours.vet(ctx(req), req.params.id, req.body),
  });

  app.post('/honour-nominations/:id/decision', {
    schema: {
      tags,
      summary: 'Shortlist (after vetting; an objection needs a written decision) or reject a nominee',
      params: IdParam,
      body: Obj({ decision: Type.Union([L('shortlist'), L('reject')]), note: Type.Optional(Text(1000)), version: Version }),
      response: withErrors({ 200: StepResult }),
    },
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.decide(ctx(req), req.params.id, req.body),
  });

  app.post('/honour-objections/:id/decision', {
    schema: {
      tags,
      summary: 'Record the outcome of a citizen’s objection',
      params: IdParam,
      body: Obj({ status: Type.Union([L('upheld'), L('dismissed')]), outcome: Text(1000, 1) }),
      response: withErrors({ 200: Obj({ id: Type.Integer(), status: Type.String() }) }),
    },
    config: { permission: 'honour.manage' },
    handler: async (req) => c.honours.decideObjection(ctx(req), req.params.id, req.body),
  });

  app.get('/honour-awards/:id/certificate', {
    schema: { tags, summary: 'The certificate (PDF) with its number and a QR code verifying it on the portal', params: IdParam, response: withErrors({ 200: Pdf }) },
    config: { signedIn: true },
    handler: async (req, reply) => {
      const { pdf, number } = await c.honours.certificate(ctx(req), req.params.id, `${req.protocol}://${req.host}`);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${number}.pdf"`).send(pdf);
    },
  });

  app.get('/people/:id/honours', {
    schema: { tags, summary: 'The honours on a person’s record', params: IdParam, response: withErrors({ 200: Obj({ items: Type.Array(AwardSchema) }) }) },
    config: { permission: 'people.read' },
    handler: async (req) => ({ items: await c.honours.personHonours(req.actor!, req.params.id) }),
  });

  // ───────────── Portal ─────────────
  const ptags = ['portal: honours'];

  app.get('/portal/honour-notices', {
    schema: { tags: ptags, security: [], summary: 'Programmes on public notice (公示) or announced', response: withErrors({ 200: Obj({ items: Type.Array(Obj({ ...NoticeProps, nominees: Type.Integer() })) }) }) },
    config: { public: true },
    handler: async () => ({ items: await c.honours.publicNotices() }),
  });

  app.get('/portal/honour-notices/:id', {
    schema: { tags: ptags, security: [], summary: 'One public notice: names, units and short deeds only', params: IdParam, response: withErrors({ 200: Obj({ ...NoticeProps, nominees: Type.Array(PublicNominee) }) }) },
    config: { public: true },
    handler: async (req) => c.honours.publicNotice(req.params.id),
  });

  app.post('/portal/honour-nominees/:id/objections', {
    schema: {
      tags: ptags,
      summary: 'Lodge an objection with evidence during the notice window (signed in by phone and one-time code)',
      params: IdParam,
      body: Obj({ evidence: Text(2000, 1) }),
      response: withErrors({ 201: Obj({ id: Type.Integer(), status: Type.String() }) }),
    },
    config: { public: true, rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `honour-objection:${req.ip}` } },
    handler: async (req, reply) => reply.code(201).send(await c.honours.lodgeObjection(meta(req), await c.citizens.require(req), req.params.id, req.body)),
  });

  app.get('/portal/honours/verify', {
    schema: {
      tags: ptags,
      security: [],
      summary: 'Verify a certificate by the number and token its QR code carries',
      querystring: Obj({ no: Type.String({ maxLength: 30 }), t: Type.String({ maxLength: 64 }) }),
      response: withErrors({
        200: Obj({
          valid: Type.Boolean(),
          number: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          unitName: Type.Optional(Type.String()),
          awardTitle: Type.Optional(Type.String()),
          programmeTitle: Type.Optional(Type.String()),
          year: Type.Optional(Type.Integer()),
          orgName: Type.Optional(Type.String()),
          awardedOn: Type.Optional(Type.String()),
        }),
      }),
    },
    config: { public: true, rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `honour-verify:${req.ip}` } },
    handler: async (req) => c.honours.verify(req.query.no, req.query.t),
  });
}
