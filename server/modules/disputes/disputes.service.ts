import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment } from '../../platform/repath.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type {
  ActionResult,
  AgreementInput,
  CaseDetail,
  CaseSummary,
  CloseInput,
  ConfirmInput,
  DisputeFigures,
  InviteInput,
  OpenInput,
  PartnerOrg,
  ReasonInput,
  ReferInput,
  Revealed,
  SessionInput,
} from '../../../contracts/disputes.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { DisputeCases, type ListFilter } from './cases.service.js';
import { DisputeFiguresService } from './figures.service.js';
import { DisputeSteps } from './steps.service.js';
import * as repo from './disputes.repository.js';

export type { ListFilter } from './cases.service.js';

/**
 * Labour-dispute joint mediation (劳动纠纷多元化解): the union or the women's federation opens a case, invites partner
 * agencies (court, human-resources bureau, justice bureau) who accept or decline, records sessions, the agreement,
 * its judicial confirmation or a referral, and the outcome; every step is an event, partners see invited cases only.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `cases.service.ts`
 * (open, read, reveal), `steps.service.ts` (the steps on a case) and `figures.service.ts` (figures, export).
 */
export class DisputesService {
  private readonly cases: DisputeCases;
  private readonly steps: DisputeSteps;
  private readonly figuresOf: DisputeFiguresService;

  constructor(db: Database, audit: AuditTrail, keyring: Keyring, regions: RegionsService, people: PeopleService, requests: RequestsService) {
    this.cases = new DisputeCases(db, audit, keyring, regions, people, requests);
    this.steps = new DisputeSteps(db, audit, keyring);
    this.figuresOf = new DisputeFiguresService(db, audit, this.cases);
  }

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Opens a case; workers become (or are found as) person records, the facts are encrypted; honours Idempotency-Key. */
  open(ctx: RequestContext, input: OpenInput): Promise<CaseDetail> {
    return this.cases.open(ctx, input);
  }

  /** Cases opened in the caller's subtree, or those its organization is invited to; a partner's read is audited. */
  list(ctx: RequestContext, f: ListFilter): Promise<{ items: CaseSummary[]; total: number }> {
    return this.cases.list(ctx, f);
  }

  /** One case with its parties, invitations, sessions and timeline; a partner's read is audited. */
  get(ctx: RequestContext, id: number): Promise<CaseDetail> {
    return this.cases.get(ctx, id);
  }

  /** The facts and session notes in clear, for a stated purpose, recorded in the audit trail. */
  reveal(ctx: RequestContext, id: number, purpose: string): Promise<Revealed> {
    return this.cases.reveal(ctx, id, purpose);
  }

  /** Partner organizations the caller may invite. */
  partnerOrgs(actor: Actor): Promise<PartnerOrg[]> {
    return this.cases.partnerOrgs(actor);
  }

  /** Invites a partner agency; it sees the case while the invitation is pending or accepted. */
  invite(ctx: RequestContext, id: number, input: InviteInput): Promise<ActionResult> {
    return this.steps.invite(ctx, id, input);
  }

  /** Withdraws an invitation: the partner loses access at once. */
  withdraw(ctx: RequestContext, id: number, invitationId: number, input: ReasonInput): Promise<ActionResult> {
    return this.steps.withdraw(ctx, id, invitationId, input);
  }

  /** The invited partner consents (accept) or declines with a reason. */
  respond(ctx: RequestContext, id: number, invitationId: number, kind: 'accept' | 'decline', input: ReasonInput): Promise<ActionResult> {
    return this.steps.respond(ctx, id, invitationId, kind, input);
  }

  /** Records a mediation session (time, place, mediators, encrypted notes). */
  addSession(ctx: RequestContext, id: number, input: SessionInput): Promise<ActionResult> {
    return this.steps.addSession(ctx, id, input);
  }

  /** Records the mediation agreement: the amount agreed and the terms. */
  agreement(ctx: RequestContext, id: number, input: AgreementInput): Promise<ActionResult> {
    return this.steps.agreement(ctx, id, input);
  }

  /** Judicial confirmation (司法确认) of the agreement by an invited court that accepted. */
  confirm(ctx: RequestContext, id: number, input: ConfirmInput): Promise<ActionResult> {
    return this.steps.confirm(ctx, id, input);
  }

  /** Refers the dispute to labour arbitration or to litigation. */
  refer(ctx: RequestContext, id: number, input: ReferInput): Promise<ActionResult> {
    return this.steps.refer(ctx, id, input);
  }

  /** Closes the case with its final outcome. */
  close(ctx: RequestContext, id: number, input: CloseInput): Promise<ActionResult> {
    return this.steps.close(ctx, id, input);
  }

  /** Cases by outcome, by district and by month, and the mediated-successfully count and rate, within the caller's scope. */
  figures(actor: Actor, f: { from?: string; to?: string }): Promise<DisputeFigures> {
    return this.figuresOf.figures(actor, f);
  }

  /** The filtered list as an Excel file (no personal field), audited with its row count. */
  exportXlsx(ctx: RequestContext, f: Omit<ListFilter, 'page' | 'pageSize'>): Promise<Buffer> {
    return this.figuresOf.exportXlsx(ctx, f);
  }

  /** For the dashboard and other modules: the mediated-successfully count of a region subtree. */
  mediatedCount(db: Db, regionPath: string): Promise<number> {
    return this.figuresOf.mediatedCount(db, regionPath);
  }
}
