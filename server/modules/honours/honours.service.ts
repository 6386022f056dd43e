import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Database, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
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
import { HonourAwards } from './awards.service.js';
import { HonourNominations } from './nomination.service.js';
import { HonourNotice } from './notice.service.js';
import { HonourProgrammes } from './programmes.service.js';
import { HonourRecords } from './records.service.js';
import { HonourReview } from './review.service.js';
import { HonourVetting } from './vetting.service.js';

export type { Nomination, NominationInput, Programme, ProgrammeInput };
export { verifyUrl } from './records.service.js';

/**
 * Honours (评选表彰): programmes with quotas and composition rules, nomination from below, review street → district
 * → city, vetting by partner departments, public notice with citizens' objections, announcement and certificates.
 * Every step is one transaction with its event rows and its audit entry.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `programmes.service.ts`
 * (quotas, rules, timetable, vetting departments), `nomination.service.ts`, `review.service.ts` (forward, return,
 * resubmit), `vetting.service.ts` (vetting and the city's decision), `notice.service.ts` (public notice and
 * citizens' objections) and `awards.service.ts` (announcement, certificates, a person's honours);
 * `records.service.ts` holds what they share.
 */
export class HonoursService {
  private readonly programmes: HonourProgrammes;
  private readonly nominations: HonourNominations;
  private readonly review: HonourReview;
  private readonly vetting: HonourVetting;
  private readonly notice: HonourNotice;
  private readonly awards: HonourAwards;

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(db: Database, audit: AuditTrail, regions: RegionsService, people: PeopleService, calendar: CalendarService, citizens: CitizensService) {
    const records = new HonourRecords(db, audit);
    this.programmes = new HonourProgrammes(db, audit, regions, records);
    this.nominations = new HonourNominations(db, audit, people, records);
    this.review = new HonourReview(db, audit, records);
    this.vetting = new HonourVetting(db, audit, records);
    this.notice = new HonourNotice(db, audit, calendar, citizens, records);
    this.awards = new HonourAwards(db, audit, people, records);
  }

  // ───────────── Programmes ─────────────

  /** Creates a programme of the caller's city-level organization with its quotas, rules and vetting departments. */
  createProgramme(ctx: RequestContext, input: ProgrammeInput): Promise<Programme> {
    return this.programmes.createProgramme(ctx, input);
  }

  /** Programmes of my organization's ancestors (to nominate and review) or of my subtree, and those I vet. */
  listProgrammes(actor: Actor): Promise<Programme[]> {
    return this.programmes.listProgrammes(actor);
  }

  /**
   * One programme with its quotas, vetting departments and the composition of the caller's live list: the
   * nominations it holds plus those it already forwarded (at the city, the list held for decision).
   */
  getProgramme(actor: Actor, id: number): Promise<ProgrammeDetail> {
    return this.programmes.getProgramme(actor, id);
  }

  /** Partner departments that can be named as vetters from the caller's region. */
  vettingOrgs(actor: Actor): Promise<VettingOrg[]> {
    return this.programmes.vettingOrgs(actor);
  }

  // ───────────── Nomination ─────────────

  /** A unit at street level or below nominates a person or a collective to a programme of its tree. */
  nominate(ctx: RequestContext, programmeId: number, input: NominationInput): Promise<Nomination> {
    return this.nominations.nominate(ctx, programmeId, input);
  }

  /** The nominations of a programme the caller's level holds or was forwarded; scope in SQL. */
  listNominations(actor: Actor, programmeId: number, f: { stage?: string }): Promise<Nomination[]> {
    return this.nominations.listNominations(actor, programmeId, f);
  }

  /** One nomination with its answers, documents, vetting opinions, objections and timeline. */
  getNomination(actor: Actor, id: number): Promise<NominationDetail> {
    return this.nominations.getNomination(actor, id);
  }

  // ───────────── Review ─────────────

  /**
   * A street or district forwards a list: places are taken from the district quota first (the row lock
   * serializes forwards in the district), then the composition rules are evaluated on the unit's whole forwarded
   * list; a broken rule refuses the forward unless the programme allows an exception and a reason is written.
   */
  forward(ctx: RequestContext, programmeId: number, input: { nominationIds: number[]; exceptionReason?: string }): Promise<ForwardResult> {
    return this.review.forward(ctx, programmeId, input);
  }

  /** Returns a nomination one level down with a reason; a forwarded place goes back to the quota. */
  returnNomination(ctx: RequestContext, id: number, input: { reason: string; version: number }): Promise<StepResult> {
    return this.review.returnNomination(ctx, id, input);
  }

  /** The nominating chain sends a returned nomination back to its street. */
  resubmit(ctx: RequestContext, id: number, input: { version: number }): Promise<StepResult> {
    return this.review.resubmit(ctx, id, input);
  }

  // ───────────── Vetting and decision ─────────────

  /** The awarding unit asks every vetting department about every nominee it holds. */
  requestVetting(ctx: RequestContext, programmeId: number): ReturnType<HonourVetting['requestVetting']> {
    return this.vetting.requestVetting(ctx, programmeId);
  }

  /** A vetting department states no objection, or an objection with its reason, on one nominee. */
  vet(ctx: RequestContext, nominationId: number, input: { verdict: 'clear' | 'objection'; reason?: string }): ReturnType<HonourVetting['vet']> {
    return this.vetting.vet(ctx, nominationId, input);
  }

  /**
   * The awarding unit shortlists or rejects a nominee it holds. Shortlisting needs every vetting opinion; an
   * objection needs a written decision, recorded with the step.
   */
  decide(ctx: RequestContext, id: number, input: { decision: 'shortlist' | 'reject'; note?: string; version: number }): Promise<StepResult> {
    return this.vetting.decide(ctx, id, input);
  }

  // ───────────── Notice, objections, announcement ─────────────

  /** Publishes the shortlist on the portal for the programme's number of working days, from today. */
  publishNotice(ctx: RequestContext, programmeId: number): ReturnType<HonourNotice['publishNotice']> {
    return this.notice.publishNotice(ctx, programmeId);
  }

  /** The awarding unit records the outcome of a citizen's objection after investigating it. */
  decideObjection(
    ctx: RequestContext,
    objectionId: number,
    input: { status: 'upheld' | 'dismissed'; outcome: string },
  ): ReturnType<HonourNotice['decideObjection']> {
    return this.notice.decideObjection(ctx, objectionId, input);
  }

  /**
   * Announces the final list once the notice period is over and every objection has an outcome: a nominee with
   * an upheld objection is rejected, every other shortlisted nominee is awarded a numbered certificate and the
   * honour enters the person's or organization's record.
   */
  announce(ctx: RequestContext, programmeId: number): ReturnType<HonourAwards['announce']> {
    return this.awards.announce(ctx, programmeId);
  }

  /** The awards of a programme the caller sees (its chain's nominations). */
  listAwards(actor: Actor, programmeId: number): Promise<Award[]> {
    return this.awards.listAwards(actor, programmeId);
  }

  /** The certificate PDF of an award, with the QR code of its portal verification address; audited. */
  certificate(ctx: RequestContext, awardId: number, origin: string): Promise<{ pdf: Buffer; number: string }> {
    return this.awards.certificate(ctx, awardId, origin);
  }

  /** The honours on a person's record, for staff who may see the person. */
  personHonours(actor: Actor, personId: number): Promise<Award[]> {
    return this.awards.personHonours(actor, personId);
  }

  // ───────────── Portal ─────────────

  /** Programmes on public notice or announced: titles and counts only. */
  publicNotices(): Promise<NoticeSummary[]> {
    return this.notice.publicNotices();
  }

  /** One public notice: names, units, positions and short deeds — no ID number, phone, address or record id of a person. */
  publicNotice(id: number): Promise<PublicNotice> {
    return this.notice.publicNotice(id);
  }

  /** A signed-in citizen (phone and one-time code) lodges an objection with evidence during the notice window. */
  lodgeObjection(meta: Meta, citizen: Citizen, nominationId: number, input: { evidence: string }): ReturnType<HonourNotice['lodgeObjection']> {
    return this.notice.lodgeObjection(meta, citizen, nominationId, input);
  }

  /** Verifies a certificate by its number and the token its QR code carries; the answer names no personal field beyond the name. */
  verify(number: string, token: string): Promise<CertificateCheck> {
    return this.awards.verify(number, token);
  }
}
