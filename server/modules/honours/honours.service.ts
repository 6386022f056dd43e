import { randomBytes } from 'node:crypto';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import { sql } from 'kysely';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { PeopleService, Person } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { renderHonourCertificate } from './certificate.js';
import {
  FORWARD_TO,
  FORWARDED_PAST,
  LEVEL_STAGE,
  RETURN_TO,
  certificateNumber,
  checkAnswers,
  checkCriteria,
  checkDocuments,
  checkRules,
  chinaToday,
  evaluateRules,
  exceptionScope,
  levelOf,
  nominationScope,
  programmeAwardsScope,
  programmeScope,
  ruleLabel,
  visiblePersonAwardsScope,
  type Level,
  type Member,
  type RuleResult,
} from './honours.policy.js';
import type {
  Award,
  CertificateCheck,
  ForwardResult,
  Nomination,
  NominationDetail,
  NominationInput,
  NoticeSummary,
  Programme,
  ProgrammeDetail,
  ProgrammeInput,
  PublicNotice,
  StepResult,
  VettingOrg,
} from '../../../contracts/honours.js';
import * as repo from './honours.repository.js';

export type { Nomination, NominationInput, Programme, ProgrammeInput };

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toProgramme = (p: repo.ProgrammeRow): Programme => ({
  id: p.id,
  orgId: p.org_id,
  orgName: p.org_name,
  title: p.title,
  awardTitle: p.award_title,
  year: p.year,
  kinds: p.kinds,
  criteria: p.criteria,
  documents: p.documents,
  rules: p.rules,
  allowException: p.allow_exception,
  nominationFrom: p.nomination_from,
  nominationTo: p.nomination_to,
  reviewTo: p.review_to,
  noticeDays: p.notice_days,
  announceOn: p.announce_on,
  status: p.status,
  noticeFrom: p.notice_from,
  noticeTo: p.notice_to,
  announcedAt: iso(p.announced_at),
  version: p.version,
});

const toNomination = (n: repo.NominationRow): Nomination => ({
  id: n.id,
  programmeId: n.programme_id,
  kind: n.kind,
  nominatorOrgName: n.nominator_name,
  streetName: n.street_name,
  districtName: n.district_name,
  districtCode: n.district_code,
  personId: n.person_id,
  nameMasked: n.name_masked,
  idNumberMasked: n.id_number_masked,
  phoneMasked: n.phone_masked,
  creditCode: n.credit_code,
  unitName: n.unit_name,
  position: n.position,
  deeds: n.deeds,
  attributes: { frontline: n.frontline, female: n.female, leader: n.leader, minority: n.minority, newForm: n.new_form },
  stage: n.stage,
  returnReason: n.return_reason,
  decisionNote: n.decision_note,
  createdAt: new Date(n.created_at).toISOString(),
  version: n.version,
});

const toMember = (m: repo.MemberRow): Member => ({
  kind: m.kind,
  frontline: m.frontline,
  female: m.female,
  leader: m.leader,
  minority: m.minority,
  new_form: m.new_form,
});

const LEVEL_COL = { street: 'street_path', district: 'district_path', city: 'city_path' } as const;

/**
 * Honours (评选表彰): programmes with quotas and composition rules, nomination from below, review street → district
 * → city, vetting by partner departments, public notice with citizens' objections, announcement and certificates.
 * Every step is one transaction with its event rows and its audit entry.
 */
export class HonoursService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: MergeTx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly calendar: CalendarService,
    private readonly citizens: CitizensService,
  ) {}

  // ───────────── Programmes ─────────────

  /** Creates a programme of the caller's city-level organization with its quotas, rules and vetting departments. */
  async createProgramme(ctx: RequestContext, input: ProgrammeInput): Promise<Programme> {
    const actor = ctx.actor;
    const title = input.title.normalize('NFC').trim();
    if (!title) throw new AppError('VALIDATION', 'title', { reason: 'required' });
    const awardTitle = input.awardTitle.normalize('NFC').trim();
    if (!awardTitle) throw new AppError('VALIDATION', 'awardTitle', { reason: 'required' });
    checkCriteria(input.criteria);
    checkRules(input.rules);
    if (input.nominationTo < input.nominationFrom) throw new AppError('VALIDATION', 'nominationTo', { reason: 'date_order' });
    if (input.reviewTo < input.nominationTo) throw new AppError('VALIDATION', 'reviewTo', { reason: 'date_order' });
    if (input.announceOn < input.reviewTo) throw new AppError('VALIDATION', 'announceOn', { reason: 'date_order' });
    const kinds = [...new Set(input.kinds)];
    const districts = new Set<string>();
    for (const [i, q] of input.quotas.entries()) {
      const region = await this.regions.requireRegion(q.districtCode, `quotas.${i}.districtCode`);
      if (region.level !== 'district') throw new AppError('VALIDATION', `quotas.${i}.districtCode`, { reason: 'region_level' });
      if (districts.has(region.code)) throw new AppError('VALIDATION', `quotas.${i}.districtCode`, { reason: 'duplicate' });
      districts.add(region.code);
    }
    return this.db.transaction().execute(async (trx) => {
      const org = await repo.findOrg(trx, actor.orgId);
      if (!org || org.status !== 'active' || org.level !== 'city') throw new AppError('FORBIDDEN');
      const id = await repo.insertProgramme(trx, {
        org_id: org.id,
        title,
        award_title: awardTitle,
        year: input.year,
        kinds,
        criteria: input.criteria,
        documents: input.documents,
        rules: input.rules,
        allow_exception: input.allowException,
        nomination_from: input.nominationFrom,
        nomination_to: input.nominationTo,
        review_to: input.reviewTo,
        notice_days: input.noticeDays,
        announce_on: input.announceOn,
        created_by: actor.accountId || null,
      });
      for (const q of input.quotas) await repo.insertQuota(trx, { programme_id: id, district_code: q.districtCode, quota: q.quota });
      for (const [i, orgId] of [...new Set(input.vetterOrgIds)].entries()) {
        const v = await repo.findOrg(trx, orgId);
        if (!v || v.status !== 'active') throw new AppError('NOT_FOUND', `vetterOrgIds.${i}`);
        if (!v.is_partner) throw new AppError('VALIDATION', `vetterOrgIds.${i}`, { reason: 'invalid' });
        await repo.insertVetter(trx, id, orgId);
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.programme.create',
        objectType: 'honour_programme',
        objectId: id,
        detail: { year: input.year, quotas: input.quotas.length, rules: input.rules.length, vetters: input.vetterOrgIds.length },
      });
      // Re-read of the programme just created in this transaction.
      return toProgramme((await repo.findProgramme(trx, unscoped('checked'), id))!);
    });
  }

  /** Programmes of my organization's ancestors (to nominate and review) or of my subtree, and those I vet. */
  async listProgrammes(actor: Actor): Promise<Programme[]> {
    return (await repo.listProgrammes(this.db, programmeScope(actor))).map(toProgramme);
  }

  private async requireProgramme(db: Db, actor: Actor, id: number, lock = false): Promise<repo.ProgrammeRow> {
    const p = await repo.findProgramme(db, programmeScope(actor), id, lock);
    if (!p) throw new AppError('NOT_FOUND', 'id');
    return p;
  }

  /** The level the caller's organization holds in a programme's chain, from its path alone. */
  private async levelIn(db: Db, actor: Actor, p: repo.ProgrammeRow): Promise<Level | null> {
    if (actor.scope.orgPath === p.org_path) return 'city';
    if (!actor.scope.orgPath.startsWith(`${p.org_path}.`)) return null;
    const org = await repo.findOrg(db, actor.orgId);
    return org?.level === 'district' || org?.level === 'street' ? org.level : null;
  }

  /**
   * One programme with its quotas, vetting departments and the composition of the caller's live list: the
   * nominations it holds plus those it already forwarded (at the city, the list held for decision).
   */
  async getProgramme(actor: Actor, id: number): Promise<ProgrammeDetail> {
    const p = await this.requireProgramme(this.db, actor, id);
    const level = await this.levelIn(this.db, actor, p);
    const [quotas, vetters] = await Promise.all([repo.listQuotas(this.db, id), repo.listVetters(this.db, id)]);
    let composition: RuleResult[] = [];
    if (level) {
      const stages = level === 'city' ? ['city', 'shortlisted', 'awarded'] : [LEVEL_STAGE[level], ...FORWARDED_PAST[level]].filter((s) => s !== 'rejected');
      const members = await repo.listMembers(this.db, id, LEVEL_COL[level], actor.scope.orgPath, stages);
      composition = evaluateRules(p.rules, members.map(toMember));
    }
    const exceptions = await repo.listExceptions(this.db, id, exceptionScope(actor));
    return {
      ...toProgramme(p),
      myLevel: level,
      quotas: quotas.map((q) => ({
        districtCode: q.district_code,
        districtName: q.district_name,
        quota: q.quota,
        streetUsed: q.street_used,
        districtUsed: q.district_used,
      })),
      vetters: vetters.map((v) => ({ orgId: v.id, name: v.name, typeCode: v.type_code })),
      composition,
      exceptions: exceptions.map((x) => ({
        id: x.id,
        orgName: x.org_name,
        reason: x.reason,
        nominationIds: x.nomination_ids.map(Number),
        createdAt: new Date(x.created_at).toISOString(),
      })),
    };
  }

  /** Partner departments that can be named as vetters from the caller's region. */
  async vettingOrgs(actor: Actor): Promise<VettingOrg[]> {
    return (await repo.listVettingOrgs(this.db, actor.scope.regionPath)).map((o) => ({ id: o.id, name: o.name, typeCode: o.type_code, level: o.level }));
  }

  // ───────────── Nomination ─────────────

  /** A unit at street level or below nominates a person or a collective to a programme of its tree. */
  async nominate(ctx: RequestContext, programmeId: number, input: NominationInput): Promise<Nomination> {
    const actor = ctx.actor;
    const p = await this.requireProgramme(this.db, actor, programmeId);
    if (!actor.permissions.has('honour.nominate')) throw new AppError('FORBIDDEN');
    if (!actor.scope.orgPath.startsWith(`${p.org_path}.`)) throw new AppError('FORBIDDEN');
    if (!p.kinds.includes(input.kind)) throw new AppError('VALIDATION', 'kind', { reason: 'enum' });
    const today = chinaToday();
    if (p.status !== 'open' || today < p.nomination_from || today > p.nomination_to)
      throw new AppError('INVALID_STATE', 'programmeId', { reason: 'nomination_closed' });
    const unitName = input.unitName.normalize('NFC').trim();
    if (!unitName) throw new AppError('VALIDATION', 'unitName', { reason: 'required' });
    const deeds = input.deeds.normalize('NFC').trim();
    if (!deeds) throw new AppError('VALIDATION', 'deeds', { reason: 'required' });
    const recommendation = input.recommendation.normalize('NFC').trim();
    if (!recommendation) throw new AppError('VALIDATION', 'recommendation', { reason: 'required' });
    const answers = checkAnswers(p.criteria, input.answers ?? {});
    const documents = checkDocuments(p.documents, input.documents ?? {});
    let credit: string | null = null;
    let collectiveName: string | null = null;
    if (input.kind === 'collective') {
      collectiveName = input.collectiveName?.normalize('NFC').trim() || null;
      if (!collectiveName) throw new AppError('VALIDATION', 'collectiveName', { reason: 'required' });
      const v = validateCreditCode(input.creditCode ?? '');
      if (!v.ok) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code' });
      credit = v.value;
    } else if (!input.personId && !input.person) throw new AppError('VALIDATION', 'personId', { reason: 'required' });
    // A person found by ID number is read before the transaction opens its connection.
    let found: Person | undefined;
    if (input.kind === 'individual' && !input.personId && input.person?.idNumber) {
      found = (
        await this.people.list(actor, { idNumber: input.person.idNumber, page: 1, pageSize: 1 }).catch((e: unknown) => rethrowField(e, 'person.idNumber'))
      ).items[0];
    }
    const a = input.attributes ?? {};
    return this.db.transaction().execute(async (trx) => {
      const nominator = await repo.findOrg(trx, actor.orgId);
      if (!nominator || nominator.status !== 'active' || !['street', 'community', 'grassroots'].includes(nominator.level)) throw new AppError('FORBIDDEN');
      const street = await repo.ancestorAt(trx, nominator.path, 'street');
      const district = street ? await repo.ancestorAt(trx, street.path, 'district') : undefined;
      if (!street || !district || !district.path.startsWith(`${p.org_path}.`)) throw new AppError('FORBIDDEN');
      const districtCode = district.region_code;
      if (!(await repo.findQuota(trx, p.id, districtCode))) throw new AppError('INVALID_STATE', 'programmeId', { reason: 'no_quota' });
      let person: Person | null = null;
      if (input.kind === 'individual') {
        if (input.personId) person = await this.people.requireVisible(trx, actor, input.personId, 'personId');
        else if (found) person = found;
        else {
          const pi = input.person!;
          person = await this.people
            .createIn(trx, ctx, {
              name: pi.name,
              idNumber: pi.idNumber || null,
              phone: pi.phone || null,
              gender: pi.gender ?? null,
              regionCode: pi.regionCode,
              orgId: null,
            })
            .catch((e: unknown) => rethrowField(e, 'person'));
        }
      }
      const name = person ? person.name : collectiveName!;
      const id = await repo
        .insertNomination(trx, {
          programme_id: p.id,
          kind: input.kind,
          nominator_org_id: nominator.id,
          nominator_path: nominator.path,
          street_org_id: street.id,
          street_path: street.path,
          district_org_id: district.id,
          district_path: district.path,
          city_path: p.org_path,
          district_code: districtCode,
          person_id: person?.id ?? null,
          name,
          name_masked: person ? maskName(person.name) : name,
          id_number_masked: person?.idNumberMasked ?? null,
          phone_masked: person?.phoneMasked ?? null,
          credit_code: credit,
          unit_name: unitName,
          position: input.position?.normalize('NFC').trim() ?? '',
          deeds,
          recommendation,
          frontline: person ? a.frontline === true : false,
          female: person ? person.gender === 'female' || (person.gender === null && a.female === true) : false,
          leader: person ? a.leader === true : false,
          minority: person ? a.minority === true : false,
          new_form: person ? a.newForm === true : false,
          answers,
          documents,
          stage: 'street',
          created_by: actor.accountId || null,
        })
        .catch((e: unknown) => {
          if (isUnique(e)) throw new AppError('CONFLICT', input.kind === 'individual' ? 'personId' : 'creditCode', { reason: 'duplicate' });
          throw e;
        });
      await repo.insertEvents(trx, [{ nomination_id: id, kind: 'nominate', actor_id: actor.accountId || null, org_id: actor.orgId, note: '' }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.nominate',
        objectType: 'honour_nomination',
        objectId: id,
        detail: { programmeId: p.id, kind: input.kind, personId: person?.id ?? null },
      });
      // Re-read of the nomination just created in this transaction.
      return toNomination((await repo.findNomination(trx, unscoped('checked'), id))!);
    });
  }

  /** The nominations of a programme the caller's level holds or was forwarded; scope in SQL. */
  async listNominations(actor: Actor, programmeId: number, f: { stage?: string }): Promise<Nomination[]> {
    await this.requireProgramme(this.db, actor, programmeId);
    return (await repo.listNominations(this.db, nominationScope(actor), programmeId, f)).map(toNomination);
  }

  /** One nomination with its answers, documents, vetting opinions, objections and timeline. */
  async getNomination(actor: Actor, id: number): Promise<NominationDetail> {
    const n = await repo.findNomination(this.db, nominationScope(actor), id);
    if (!n) throw new AppError('NOT_FOUND', 'id');
    const [vettings, objections, events] = await Promise.all([
      repo.listVettings(this.db, [id]),
      repo.listObjections(this.db, [id]),
      repo.listEvents(this.db, id),
    ]);
    const vetter = !actor.permissions.has('honour.read');
    return {
      ...toNomination(n),
      recommendation: n.recommendation,
      // Stored as checkAnswers returned them (text, number or yes/no per criterion).
      answers: n.answers as NominationDetail['answers'],
      documents: n.documents,
      level: levelOf(actor.scope.orgPath, n),
      vettings: vettings
        // A department sees its own opinion only; the programme's levels see all.
        .filter((v) => !vetter || v.org_path === actor.scope.orgPath || v.org_path.startsWith(`${actor.scope.orgPath}.`))
        .map((v) => ({ id: v.id, orgId: v.org_id, orgName: v.org_name, verdict: v.verdict, reason: v.reason, respondedAt: iso(v.responded_at) })),
      objections: vetter
        ? []
        : objections.map((o) => ({ id: o.id, evidence: o.evidence, status: o.status, outcome: o.outcome, lodgedAt: new Date(o.lodged_at).toISOString() })),
      events: vetter ? [] : events.map((e) => ({ kind: e.kind, actorName: e.actor_name, orgName: e.org_name, note: e.note, at: new Date(e.at).toISOString() })),
    };
  }

  // ───────────── Review ─────────────

  /**
   * A street or district forwards a list: places are taken from the district quota first (the row lock
   * serializes forwards in the district), then the composition rules are evaluated on the unit's whole forwarded
   * list; a broken rule refuses the forward unless the programme allows an exception and a reason is written.
   */
  async forward(ctx: RequestContext, programmeId: number, input: { nominationIds: number[]; exceptionReason?: string }): Promise<ForwardResult> {
    const actor = ctx.actor;
    if (!actor.permissions.has('honour.review')) throw new AppError('FORBIDDEN');
    const ids = [...new Set(input.nominationIds)];
    if (ids.length === 0) throw new AppError('VALIDATION', 'nominationIds', { reason: 'minItems', limit: 1 });
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, actor, programmeId);
      const level = await this.levelIn(trx, actor, p);
      if (level !== 'street' && level !== 'district') throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'programmeId', { status: p.status });
      const rows = await repo.lockAtLevel(trx, p.id, ids, LEVEL_COL[level], actor.scope.orgPath, LEVEL_STAGE[level]);
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND', 'nominationIds');
      const district = rows[0]!.district_code;
      if (!(await repo.takePlaces(trx, p.id, district, level, ids.length))) {
        const q = await repo.findQuota(trx, p.id, district);
        throw new AppError('CONFLICT', 'nominationIds', { reason: 'quota_full', limit: q?.quota ?? 0 });
      }
      const forwarded = await repo.listMembers(
        trx,
        p.id,
        LEVEL_COL[level],
        actor.scope.orgPath,
        FORWARDED_PAST[level].filter((s) => s !== 'rejected'),
      );
      const moving = await repo.listMembers(trx, p.id, LEVEL_COL[level], actor.scope.orgPath, [LEVEL_STAGE[level]]);
      const list = [...forwarded, ...moving.filter((m) => ids.includes(Number(m.id)))].map(toMember);
      const results = evaluateRules(p.rules, list);
      const broken = results.filter((r) => !r.ok);
      const reason = input.exceptionReason?.normalize('NFC').trim() ?? '';
      let exceptionId: number | null = null;
      if (broken.length > 0) {
        if (!p.allow_exception || !reason)
          throw new AppError('INVALID_STATE', 'nominationIds', {
            reason: p.allow_exception ? 'composition_reason' : 'composition',
            rule: broken.map(ruleLabel).join('; '),
          });
        exceptionId = await repo.insertException(trx, {
          programme_id: p.id,
          org_id: actor.orgId,
          reason,
          shortfall: broken,
          nomination_ids: ids,
          created_by: actor.accountId,
        });
      }
      await repo.setStage(trx, ids, { stage: FORWARD_TO[level], return_reason: '' });
      await repo.insertEvents(
        trx,
        ids.map((id) => ({ nomination_id: id, kind: 'forward', actor_id: actor.accountId, org_id: actor.orgId, note: exceptionId ? reason : '' })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.forward',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { level, nominationIds: ids, exceptionId, broken: broken.map((b) => `${b.attribute}:${b.op}`) },
      });
      return { forwarded: ids.length, stage: FORWARD_TO[level], exceptionId, composition: results };
    });
  }

  /** Returns a nomination one level down with a reason; a forwarded place goes back to the quota. */
  async returnNomination(ctx: RequestContext, id: number, input: { reason: string; version: number }): Promise<StepResult> {
    const reason = input.reason.normalize('NFC').trim();
    if (!reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.step(ctx, id, input.version, async (trx, n, level) => {
      if (!ctx.actor.permissions.has(level === 'city' ? 'honour.manage' : 'honour.review')) throw new AppError('FORBIDDEN');
      if (n.stage !== LEVEL_STAGE[level]) throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      if (level === 'district') await repo.releasePlace(trx, n.programme_id, n.district_code, 'street');
      if (level === 'city') await repo.releasePlace(trx, n.programme_id, n.district_code, 'district');
      return { stage: RETURN_TO[level], set: { return_reason: reason }, kind: 'return', note: reason };
    });
  }

  /** The nominating chain sends a returned nomination back to its street. */
  async resubmit(ctx: RequestContext, id: number, input: { version: number }): Promise<StepResult> {
    return this.step(
      ctx,
      id,
      input.version,
      async (_trx, n, level) => {
        if (level !== 'street' || n.stage !== 'returned') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
        return { stage: 'street', set: { return_reason: '' }, kind: 'resubmit', note: '' };
      },
      true,
    );
  }

  /**
   * One step on a nomination: locked, version checked, the caller's level taken from the chain (the nominating
   * subtree acts as the street when `nominator` is set), the change, the event and the audit entry.
   */
  private async step(
    ctx: RequestContext,
    id: number,
    version: number,
    apply: (
      trx: Tx,
      n: repo.NominationRow,
      level: Level,
    ) => Promise<{ stage: string; set: { return_reason?: string; decision_note?: string }; kind: string; note: string; detail?: Record<string, unknown> }>,
    nominator = false,
  ) {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.findNomination(trx, nominationScope(actor), id, true);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      let level = levelOf(actor.scope.orgPath, n);
      if (!level && nominator && actor.permissions.has('honour.nominate') && (await this.inNominatorChain(trx, actor, n))) level = 'street';
      if (!level) throw new AppError('FORBIDDEN');
      if (n.version !== version) throw new AppError('STALE_VERSION', 'version');
      const p = await this.requireProgramme(trx, actor, n.programme_id, true);
      if (p.status === 'announced') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const change = await apply(trx, n, level);
      await repo.setStage(trx, [id], { stage: change.stage, ...change.set });
      await repo.insertEvents(trx, [{ nomination_id: id, kind: change.kind, actor_id: actor.accountId, org_id: actor.orgId, note: change.note }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: `honour.${change.kind}`,
        objectType: 'honour_nomination',
        objectId: id,
        detail: { level, stage: change.stage, ...(change.detail ?? {}) },
      });
      return { id, stage: change.stage, version: n.version + 1 };
    });
  }

  private async inNominatorChain(db: Db, actor: Actor, n: repo.NominationRow): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`SELECT (nominator_path <@ ${actor.scope.orgPath}::ltree AND street_path @> ${actor.scope.orgPath}::ltree) AS ok
      FROM honour_nominations WHERE id = ${n.id}`.execute(db);
    return r.rows[0]?.ok === true;
  }

  // ───────────── Vetting and decision ─────────────

  /** The awarding unit asks every vetting department about every nominee it holds. */
  async requestVetting(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, actor, programmeId, true);
      if ((await this.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const held = (await repo.listMembers(trx, p.id, 'city_path', actor.scope.orgPath, ['city'])).map((m) => Number(m.id));
      const asked = await repo.requestVettings(trx, p.id, held);
      await repo.insertEvents(
        trx,
        held.map((id) => ({ nomination_id: id, kind: 'vetting', actor_id: actor.accountId, org_id: actor.orgId, note: '' })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.vetting.request',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { nominees: held.length, asked },
      });
      return { nominees: held.length, asked };
    });
  }

  /** A vetting department states no objection, or an objection with its reason, on one nominee. */
  async vet(ctx: RequestContext, nominationId: number, input: { verdict: 'clear' | 'objection'; reason?: string }) {
    const actor = ctx.actor;
    if (!actor.permissions.has('honour.vet')) throw new AppError('FORBIDDEN');
    const reason = input.reason?.normalize('NFC').trim() ?? '';
    if (input.verdict === 'objection' && !reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.findNomination(trx, nominationScope(actor), nominationId, true);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      const v = await repo.findVettingFor(trx, nominationId, actor.scope.orgPath);
      if (!v) throw new AppError('NOT_FOUND', 'id');
      if (v.verdict !== null) throw new AppError('INVALID_STATE', 'verdict', { status: v.verdict });
      if (n.stage !== 'city') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      await repo.setVetting(trx, v.id, { verdict: input.verdict, reason, responded_by: actor.accountId });
      await repo.insertEvents(trx, [{ nomination_id: nominationId, kind: 'vet', actor_id: actor.accountId, org_id: v.org_id, note: input.verdict }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.vet',
        objectType: 'honour_nomination',
        objectId: nominationId,
        detail: { vettingId: v.id, orgId: v.org_id, verdict: input.verdict },
      });
      return { id: v.id, verdict: input.verdict };
    });
  }

  /**
   * The awarding unit shortlists or rejects a nominee it holds. Shortlisting needs every vetting opinion; an
   * objection needs a written decision, recorded with the step.
   */
  async decide(ctx: RequestContext, id: number, input: { decision: 'shortlist' | 'reject'; note?: string; version: number }): Promise<StepResult> {
    const note = input.note?.normalize('NFC').trim() ?? '';
    if (input.decision === 'reject' && !note) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.step(ctx, id, input.version, async (trx, n, level) => {
      if (level !== 'city' || !ctx.actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (n.stage !== 'city') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      if (input.decision === 'reject') {
        await repo.releasePlace(trx, n.programme_id, n.district_code, 'district');
        await repo.releasePlace(trx, n.programme_id, n.district_code, 'street');
        return { stage: 'rejected', set: { decision_note: note }, kind: 'reject', note };
      }
      const vetters = await repo.listVetters(trx, n.programme_id);
      const vettings = await repo.listVettings(trx, [n.id]);
      if (vetters.length > 0 && (vettings.length < vetters.length || vettings.some((v) => v.verdict === null)))
        throw new AppError('INVALID_STATE', 'id', { reason: 'vetting_pending' });
      const objections = vettings.filter((v) => v.verdict === 'objection');
      if (objections.length > 0 && !note) throw new AppError('INVALID_STATE', 'note', { reason: 'vetting_objection' });
      return { stage: 'shortlisted', set: { decision_note: note }, kind: 'shortlist', note, detail: { overruledObjections: objections.map((v) => v.org_id) } };
    });
  }

  // ───────────── Notice, objections, announcement ─────────────

  /** Publishes the shortlist on the portal for the programme's number of working days, from today. */
  async publishNotice(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, actor, programmeId, true);
      if ((await this.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const shortlisted = await repo.listMembers(trx, p.id, 'city_path', actor.scope.orgPath, ['shortlisted']);
      if (shortlisted.length === 0) throw new AppError('INVALID_STATE', 'id', { reason: 'nothing_shortlisted' });
      // Published today; the period holds notice_days full working days, counted from the first working day on or after today.
      const firstWorkday = await this.calendar.addWorkingDays(today, 0, trx);
      const noticeTo = await this.calendar.addWorkingDays(firstWorkday, p.notice_days - 1, trx);
      await repo.setProgramme(trx, p.id, { status: 'notice', notice_from: today, notice_to: noticeTo });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.notice.publish',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { nominees: shortlisted.length, noticeFrom: today, noticeTo },
      });
      return { status: 'notice', noticeFrom: today, noticeTo };
    });
  }

  /** The awarding unit records the outcome of a citizen's objection after investigating it. */
  async decideObjection(ctx: RequestContext, objectionId: number, input: { status: 'upheld' | 'dismissed'; outcome: string }) {
    const actor = ctx.actor;
    const outcome = input.outcome.normalize('NFC').trim();
    if (!outcome) throw new AppError('VALIDATION', 'outcome', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findObjection(trx, objectionId);
      const n = o ? await repo.findNomination(trx, nominationScope(actor), o.nomination_id) : undefined;
      if (!o || !n) throw new AppError('NOT_FOUND', 'id');
      if (levelOf(actor.scope.orgPath, n) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (o.status !== 'open') throw new AppError('INVALID_STATE', 'status', { status: o.status });
      await repo.decideObjection(trx, o.id, { status: input.status, outcome, decided_by: actor.accountId });
      await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'objection_decided', actor_id: actor.accountId, org_id: actor.orgId, note: input.status }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.objection.decide',
        objectType: 'honour_objection',
        objectId: o.id,
        detail: { nominationId: n.id, status: input.status },
      });
      return { id: o.id, status: input.status };
    });
  }

  /**
   * Announces the final list once the notice period is over and every objection has an outcome: a nominee with
   * an upheld objection is rejected, every other shortlisted nominee is awarded a numbered certificate and the
   * honour enters the person's or organization's record.
   */
  async announce(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, actor, programmeId, true);
      if ((await this.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'notice') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      if (today <= p.notice_to!) throw new AppError('INVALID_STATE', 'id', { reason: 'notice_running', date: p.notice_to! });
      if ((await repo.countOpenObjections(trx, p.id)) > 0) throw new AppError('INVALID_STATE', 'id', { reason: 'objections_open' });
      // The programme was found under the caller's scope and the caller checked as its awarding unit: its whole shortlist.
      const shortlisted = await repo.listNominations(trx, unscoped('checked'), p.id, { stage: 'shortlisted' });
      const objections = await repo.listObjections(
        trx,
        shortlisted.map((n) => n.id),
      );
      const upheld = new Set(objections.filter((o) => o.status === 'upheld').map((o) => Number(o.nomination_id)));
      const awarded: number[] = [];
      for (const n of shortlisted) {
        if (upheld.has(n.id)) {
          await repo.setStage(trx, [n.id], { stage: 'rejected', decision_note: 'objection upheld' });
          await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'reject', actor_id: actor.accountId, org_id: actor.orgId, note: 'objection upheld' }]);
          continue;
        }
        const number = certificateNumber(p.year, await repo.nextCertificateSeq(trx));
        await repo.insertAward(trx, {
          nomination_id: n.id,
          programme_id: p.id,
          number,
          verify_token: randomBytes(18).toString('base64url'),
          person_id: n.person_id,
          credit_code: n.credit_code,
          awarded_on: today,
        });
        await repo.setStage(trx, [n.id], { stage: 'awarded' });
        await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'award', actor_id: actor.accountId, org_id: actor.orgId, note: number }]);
        awarded.push(n.id);
      }
      await repo.setProgramme(trx, p.id, { status: 'announced', announced_at: new Date() });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.announce',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { awarded: awarded.length, rejected: upheld.size },
      });
      return { status: 'announced', awarded: awarded.length, rejected: upheld.size };
    });
  }

  /** The awards of a programme the caller sees (its chain's nominations). */
  async listAwards(actor: Actor, programmeId: number): Promise<Award[]> {
    await this.requireProgramme(this.db, actor, programmeId);
    const rows = await repo.listAwardsOf(this.db, programmeAwardsScope(actor, programmeId));
    return rows.map(toAward);
  }

  /** The certificate PDF of an award, with the QR code of its portal verification address; audited. */
  async certificate(ctx: RequestContext, awardId: number, origin: string): Promise<{ pdf: Buffer; number: string }> {
    const a = await repo.findAward(this.db, nominationScope(ctx.actor), awardId);
    if (!a) throw new AppError('NOT_FOUND', 'id');
    const pdf = await renderHonourCertificate({
      number: a.number,
      name: a.name,
      unitName: a.unit_name,
      awardTitle: a.award_title,
      programmeTitle: a.programme_title,
      year: a.year,
      awardingOrg: a.org_name,
      awardedOn: a.awarded_on,
      verifyUrl: verifyUrl(origin, a.number, a.verify_token),
    });
    await this.audit.appendStandalone(actorOf(ctx), { action: 'honour.certificate', objectType: 'honour_award', objectId: a.id, detail: { number: a.number } });
    return { pdf, number: a.number };
  }

  /** The honours on a person's record, for staff who may see the person. */
  async personHonours(actor: Actor, personId: number): Promise<Award[]> {
    await this.people.requireVisible(this.db, actor, personId, 'id');
    return (await repo.listAwardsOf(this.db, visiblePersonAwardsScope(personId))).map(toAward);
  }

  // ───────────── Portal ─────────────

  /** Programmes on public notice or announced: titles and counts only. */
  async publicNotices(): Promise<NoticeSummary[]> {
    const today = chinaToday();
    return (await repo.listNotices(this.db)).map((r) => ({
      id: r.id,
      title: r.title,
      awardTitle: r.award_title,
      year: r.year,
      orgName: r.org_name,
      status: r.status,
      noticeFrom: r.notice_from,
      noticeTo: r.notice_to,
      open: r.status === 'notice' && today >= r.notice_from && today <= r.notice_to,
      nominees: r.nominees,
    }));
  }

  /** One public notice: names, units, positions and short deeds — no ID number, phone, address or record id of a person. */
  async publicNotice(id: number): Promise<PublicNotice> {
    const notice = (await this.publicNotices()).find((r) => r.id === id);
    if (!notice) throw new AppError('NOT_FOUND', 'id');
    const nominees = await repo.listPublicNominees(this.db, id, notice.status === 'notice' ? ['shortlisted'] : ['awarded']);
    return {
      ...notice,
      nominees: nominees.map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        unitName: n.unit_name,
        position: n.position,
        deeds: n.deeds,
        districtName: n.district_name,
      })),
    };
  }

  /** A signed-in citizen (phone and one-time code) lodges an objection with evidence during the notice window. */
  async lodgeObjection(meta: Meta, citizen: Citizen, nominationId: number, input: { evidence: string }) {
    const evidence = input.evidence.normalize('NFC').trim();
    if (Array.from(evidence).length < 10) throw new AppError('VALIDATION', 'evidence', { reason: 'minLength', limit: 10 });
    const n = await repo.findPublicNominee(this.db, nominationId);
    if (!n || n.stage !== 'shortlisted') throw new AppError('NOT_FOUND', 'id');
    const notice = (await this.publicNotices()).find((r) => r.id === n.programme_id);
    if (!notice?.open) throw new AppError('INVALID_STATE', 'id', { reason: 'notice_closed' });
    const portal = await this.citizens.portalContext(meta);
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertObjection(trx, { nomination_id: nominationId, person_id: citizen.personId, evidence });
      await repo.insertEvents(trx, [{ nomination_id: nominationId, kind: 'objection', actor_id: null, org_id: null, note: '' }]);
      await this.audit.append(trx, actorOf(portal), {
        action: 'honour.objection.lodge',
        objectType: 'honour_objection',
        objectId: id,
        detail: { nominationId, personId: citizen.personId },
      });
      return { id, status: 'open' };
    });
  }

  /** Verifies a certificate by its number and the token its QR code carries; the answer names no personal field beyond the name. */
  async verify(number: string, token: string): Promise<CertificateCheck> {
    const a = await repo.findAwardByNumber(this.db, number);
    if (!a || !sameToken(a.verify_token, token)) return { valid: false as const };
    return {
      valid: true as const,
      number: a.number,
      name: a.name,
      unitName: a.unit_name,
      awardTitle: a.award_title,
      programmeTitle: a.programme_title,
      year: a.year,
      orgName: a.org_name,
      awardedOn: a.awarded_on,
    };
  }
}

const toAward = (a: repo.AwardRow): Award => ({
  id: a.id,
  nominationId: a.nomination_id,
  number: a.number,
  kind: a.kind,
  nameMasked: a.name_masked,
  unitName: a.unit_name,
  districtName: a.district_name,
  programmeTitle: a.programme_title,
  awardTitle: a.award_title,
  year: a.year,
  orgName: a.org_name,
  awardedOn: a.awarded_on,
  verifyPath: verifyUrl('', a.number, a.verify_token),
});

/** The portal address a certificate's QR code opens. */
export const verifyUrl = (origin: string, number: string, token: string): string =>
  `${origin}/portal/honours/verify?no=${encodeURIComponent(number)}&t=${encodeURIComponent(token)}`;

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

const isUnique = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

function rethrowField(e: unknown, prefix: string): never {
  if (e instanceof AppError && e.code !== 'INTERNAL') throw new AppError(e.code, e.field ? `${prefix}.${e.field}` : prefix, e.params);
  throw e;
}
