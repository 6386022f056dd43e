import type {
  Application,
  AwardInput,
  CallDetail,
  CallInput,
  Incubation,
  ProjectDetail,
  SocialOrgDetail,
  SocialOrgInput,
  SorgDocument,
} from '../../../contracts/socialorgs.js';
import type { Database, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { registerNotificationKind } from '../../platform/jobs/notify.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { SorgApplications } from './applications.service.js';
import { SorgCalls } from './calls.service.js';
import { SorgDocuments } from './documents.service.js';
import { SorgFederation } from './federation.service.js';
import { SorgText } from './free-text.service.js';
import { SorgProjects } from './projects.service.js';
import { SorgRecords } from './records.service.js';
import { SorgRegistry } from './registry.service.js';
import * as repo from './socialorgs.repository.js';

// The notifications this module sends (C17); their words are in web/src/features/notifications/messages.ts.
registerNotificationKind({
  kind: 'sorg.document_expiring',
  module: 'socialorgs',
  audience: 'staff',
  defaults: ['in_app'],
  text: (p) => `${p.name}的${p.title}将于${p.date}到期`,
});
registerNotificationKind({
  kind: 'sorg.document_expired',
  module: 'socialorgs',
  audience: 'staff',
  defaults: ['in_app'],
  text: (p) => `${p.name}的${p.title}已于${p.date}到期`,
});

/**
 * Social organizations and purchased-service projects (C11).
 *
 * The one entry point of the module for routes and other modules; the use cases live in `registry.service.ts`,
 * `documents.service.ts` (files and expiry reminders), `federation.service.ts` (hubs and members, incubation),
 * `calls.service.ts` (calls and their panel), `applications.service.ts` (applications, declarations, scoring, award),
 * `projects.service.ts` (deliverables, milestones, evaluation) and `free-text.service.ts` (protected text, reveal);
 * `records.service.ts` holds what they share.
 */
export class SocialOrgsService {
  private readonly registry: SorgRegistry;
  private readonly documents: SorgDocuments;
  private readonly federation: SorgFederation;
  private readonly callsOf: SorgCalls;
  private readonly applicationsOf: SorgApplications;
  private readonly projectsOf: SorgProjects;
  private readonly text: SorgText;

  constructor(
    db: Database,
    audit: AuditTrail,
    orgs: OrgsService,
    regions: RegionsService,
    people: PeopleService,
    accounts: AccountsService,
    activities: ActivitiesService,
    keyring: Keyring,
    /** Where document files are kept, content-addressed (DATA_DIR/files/socialorgs). */
    filesDir: string,
  ) {
    const records = new SorgRecords(keyring);
    this.registry = new SorgRegistry(db, audit, orgs, regions, people, records);
    this.documents = new SorgDocuments(db, audit, filesDir, records);
    this.federation = new SorgFederation(db, audit, records);
    this.callsOf = new SorgCalls(db, audit, regions, accounts, records);
    this.projectsOf = new SorgProjects(db, audit, activities, records);
    this.applicationsOf = new SorgApplications(db, audit, records, this.callsOf, this.projectsOf);
    this.text = new SorgText(db, audit, keyring, records, this.projectsOf, this.applicationsOf);
  }

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    if (await repo.bothRegistered(trx, m.fromId, m.toId)) throw new AppError('CONFLICT', 'intoId', { reason: 'both_registered' });
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  // ───────────── Protected free text ─────────────

  /**
   * Masks and encrypts free text stored before it was protected (migration 0220), in batches; answers how many
   * values it changed. Run at start; safe to run again and from several processes at once.
   */
  protectStoredText(batch = 500): Promise<number> {
    return this.text.protectStoredText(batch);
  }

  /** A project's milestone reports and evaluation note in full (identifiers unmasked), for a stated purpose (audited). */
  revealProject(
    ctx: RequestContext,
    id: number,
    purpose: string,
  ): Promise<{ milestones: Array<{ id: number; report: string }>; evaluationNote: string | null }> {
    return this.text.revealProject(ctx, id, purpose);
  }

  /** An application's proposal and the panel's declaration notes in full, for a stated purpose (audited). */
  revealApplication(ctx: RequestContext, id: number, purpose: string): Promise<{ proposal: string; notes: Array<{ accountId: number; note: string }> }> {
    return this.text.revealApplication(ctx, id, purpose);
  }

  // ───────────── Registry ─────────────

  /** The social organizations in the actor's read scope, filtered and paged. */
  list(actor: Actor, f: { q?: string; domain?: string; expiring?: boolean; page: number; pageSize: number }) {
    return this.registry.list(actor, f);
  }

  /** One social organization in the actor's read scope, with its documents, federation and incubations. */
  get(actor: Actor, id: number): Promise<SocialOrgDetail> {
    return this.registry.get(actor, id);
  }

  /** The social organization whose staff the actor is. */
  mine(actor: Actor): Promise<SocialOrgDetail> {
    return this.registry.mine(actor);
  }

  /** Registers a social organization in the actor's region, with its partner unit and its contact person. */
  register(ctx: RequestContext, input: SocialOrgInput): Promise<SocialOrgDetail> {
    return this.registry.register(ctx, input);
  }

  /** Edits a registered organization's rating, status or service areas (optimistic version). */
  update(
    ctx: RequestContext,
    id: number,
    input: { version: number; rating?: string | null; status?: string; serviceAreas?: string[] },
  ): Promise<SocialOrgDetail> {
    return this.registry.update(ctx, id, input);
  }

  // ───────────── Documents ─────────────

  /**
   * Expiry reminders of the registry's documents, to the organization's own staff and to the mass organization that
   * keeps its record: 60, 30 and 7 days before the expiry date and on it, each once. Run by the job runner every six hours; a stage already sent is not sent again.
   */
  sendDocumentReminders(today: string): Promise<number> {
    return this.documents.sendDocumentReminders(today);
  }

  /** Adds a document (with its expiry date, if any) to a registered organization. */
  addDocument(ctx: RequestContext, id: number, input: { kind: string; title: string; expiresOn?: string | null }): Promise<SocialOrgDetail> {
    return this.documents.addDocument(ctx, id, input);
  }

  /**
   * Stores (or replaces) a document's file once by its SHA-256 under the files folder (DATA_DIR/files/socialorgs), after
   * checking its size and its type by magic bytes; the row keeps the reference. Staff of the keeping unit's tree only.
   */
  uploadDocumentFile(ctx: RequestContext, id: number, documentId: number, input: { name: string; contentBase64: string }): Promise<SorgDocument> {
    return this.documents.uploadDocumentFile(ctx, id, documentId, input);
  }

  /** A document's file for download: the organization itself or staff whose region covers it (others 404); audited. */
  documentFile(ctx: RequestContext, id: number, documentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    return this.documents.documentFile(ctx, id, documentId);
  }

  // ───────────── Federation and incubation ─────────────

  /** A member organization joins a hub. */
  join(ctx: RequestContext, hubId: number, input: { memberId: number; joinedOn?: string }): Promise<SocialOrgDetail> {
    return this.federation.join(ctx, hubId, input);
  }

  /** A member organization leaves its hub. */
  leave(ctx: RequestContext, membershipId: number, input: { leftOn?: string }): Promise<{ ok: boolean }> {
    return this.federation.leave(ctx, membershipId, input);
  }

  /** Starts an incubation of an organization, kept by the actor's unit. */
  incubate(ctx: RequestContext, id: number, input: { programme: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.federation.incubate(ctx, id, input);
  }

  /** Moves an incubation on (phase, mentor, support; optimistic version). */
  updateIncubation(ctx: RequestContext, id: number, input: { version: number; phase?: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.federation.updateIncubation(ctx, id, input);
  }

  // ───────────── Calls ─────────────

  /** The calls the actor sees: staff those of their tree (and those they review), an organization the published calls covering its region. */
  calls(actor: Actor, f: { status?: string; page: number; pageSize: number }) {
    return this.callsOf.calls(actor, f);
  }

  /** One call with its panel and the applications the actor may see. */
  call(actor: Actor, id: number): Promise<CallDetail> {
    return this.callsOf.call(actor, id);
  }

  /** Drafts a call of the actor's organization for an area in its scope. */
  createCall(ctx: RequestContext, input: CallInput): Promise<CallDetail> {
    return this.callsOf.createCall(ctx, input);
  }

  /** Publishes a draft call (optimistic version). */
  publishCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.callsOf.publishCall(ctx, id, version);
  }

  /** The active accounts the actor may read, as candidates for a call's panel. */
  panelCandidates(actor: Actor, id: number) {
    return this.callsOf.panelCandidates(actor, id);
  }

  /** Sets a call's review panel, until the first declaration. */
  setPanel(ctx: RequestContext, id: number, accountIds: number[]): Promise<CallDetail> {
    return this.callsOf.setPanel(ctx, id, accountIds);
  }

  /** Closes an open call for review (it needs a panel). */
  closeCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.callsOf.closeCall(ctx, id, version);
  }

  // ───────────── Applications and review ─────────────

  /** The actor's organization applies to an open call in its area. */
  apply(ctx: RequestContext, callId: number, input: { title: string; proposal: string; amount: number; documents?: string[] }): Promise<Application> {
    return this.applicationsOf.apply(ctx, callId, input);
  }

  /** One application: its organization's staff, or the calling organization's tree. */
  application(actor: Actor, id: number): Promise<Application> {
    return this.applicationsOf.application(actor, id);
  }

  /** A panel member declares a conflict of interest (or none) before scoring. */
  declare(ctx: RequestContext, id: number, input: { conflict: boolean; note?: string }): Promise<Application> {
    return this.applicationsOf.declare(ctx, id, input);
  }

  /** A panel member without a conflict scores an application by the call's criteria. */
  score(ctx: RequestContext, id: number, scores: Array<{ criterion: string; score: number }>): Promise<Application> {
    return this.applicationsOf.score(ctx, id, scores);
  }

  /** Awards a scored application: signs its project with deliverables and milestones, declines the others. */
  award(ctx: RequestContext, id: number, input: AwardInput): Promise<ProjectDetail> {
    return this.applicationsOf.award(ctx, id, input);
  }

  // ───────────── Projects ─────────────

  /** The projects the actor sees (an organization its own; staff those funded by their tree), paged. */
  projects(actor: Actor, f: { page: number; pageSize: number }) {
    return this.projectsOf.projects(actor, f);
  }

  /** One project with its deliverables against the linked activities, milestones and users' ratings. */
  project(actor: Actor, id: number): Promise<ProjectDetail> {
    return this.projectsOf.project(actor, id);
  }

  /** Links an activity the contracted organization hosts to its project. */
  linkActivity(ctx: RequestContext, id: number, activityId: number): Promise<ProjectDetail> {
    return this.projectsOf.linkActivity(ctx, id, activityId);
  }

  /** The contracted organization reports a milestone. */
  reportMilestone(ctx: RequestContext, milestoneId: number, report: string): Promise<ProjectDetail> {
    return this.projectsOf.reportMilestone(ctx, milestoneId, report);
  }

  /** The funder accepts (paid today) or returns a reported milestone. */
  decideMilestone(ctx: RequestContext, milestoneId: number, accept: boolean): Promise<ProjectDetail> {
    return this.projectsOf.decideMilestone(ctx, milestoneId, accept);
  }

  /** The funder evaluates a project once every milestone is accepted (optimistic version). */
  evaluate(ctx: RequestContext, id: number, input: { version: number; score: number; note: string }): Promise<ProjectDetail> {
    return this.projectsOf.evaluate(ctx, id, input);
  }
}
