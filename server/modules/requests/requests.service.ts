import type { OrgReassignment } from '../../platform/repath.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { registerNotificationKind } from '../../platform/jobs/notify.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { ActionKind } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type {
  ActionResult,
  ApiKey,
  Attachment,
  Category,
  CategoryCreate,
  CategoryUpdate,
  IssuedApiKey,
  PortalRating,
  PortalReceipt,
  PortalView,
  RequestDetail,
  RequestSummary,
  RevealedText,
  RoutingRule,
} from '../../../contracts/requests.js';
import { RequestActions } from './actions.service.js';
import { Open311ApiKeys } from './api-keys.service.js';
import { RequestAttachments } from './attachments.service.js';
import { RequestCatalogue } from './catalogue.service.js';
import { RequesterSide } from './citizen.service.js';
import { RequestDeadlines } from './deadlines.service.js';
import { RequestText } from './free-text.service.js';
import { RequestIntake, type IntakeInput } from './intake.service.js';
import { RequestReads } from './reads.service.js';
import { RequestRecords, type Meta } from './records.service.js';

export { toPublicReceipt, type IntakeInput, type Open311Intake } from './intake.service.js';
export type { Meta } from './records.service.js';

// The notifications this module sends (C17); the texts of the pages are in web/src/features/notifications/messages.ts.
for (const [kind, text] of [
  ['request.assigned', '诉求{number}已交由本单位办理'],
  ['request.co_handler', '本单位受邀协办诉求{number}'],
  ['request.due_soon', '诉求{number}将于{due}到期'],
  ['request.overdue', '诉求{number}已超期（{due}到期）'],
  ['request.supervised', '诉求{number}收到上级督办'],
] as const) {
  registerNotificationKind({
    kind,
    module: 'requests',
    audience: 'staff',
    defaults: ['in_app'],
    text: (p) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? '')),
  });
}

/**
 * The one-stop request desk (诉求): category catalogue, intake through portal, staff and Open311, routing to the
 * responsible unit, the handling actions with their event history, working-day SLA and supervision, ratings.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `catalogue.service.ts`,
 * `deadlines.service.ts` (SLA, reminders), `intake.service.ts` (with routing), `reads.service.ts`,
 * `free-text.service.ts` (protected text, reveal), `actions.service.ts`, `attachments.service.ts`,
 * `api-keys.service.ts` (Open311 clients) and `citizen.service.ts`; `records.service.ts` holds what they share.
 */
export class RequestsService {
  private readonly catalogue: RequestCatalogue;
  private readonly deadlines: RequestDeadlines;
  private readonly intakeOf: RequestIntake;
  private readonly reads: RequestReads;
  private readonly text: RequestText;
  private readonly actions: RequestActions;
  private readonly attachments: RequestAttachments;
  private readonly apiKeysOf: Open311ApiKeys;
  private readonly requester: RequesterSide;

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    db: Database,
    audit: AuditTrail,
    keyring: Keyring,
    regions: RegionsService,
    people: PeopleService,
    calendar: CalendarService,
    ratings: RatingsService,
    /** Where attachments are stored, content-addressed (DATA_DIR/files). */
    filesDir: string,
  ) {
    const records = new RequestRecords(db, calendar);
    this.text = new RequestText(db, audit, keyring, ratings, records);
    this.catalogue = new RequestCatalogue(db, audit, regions, records);
    this.deadlines = new RequestDeadlines(db, audit, calendar, this.text);
    this.reads = new RequestReads(db, regions, ratings, records);
    this.intakeOf = new RequestIntake(db, audit, keyring, regions, people, records, this.text, this.deadlines, this.reads);
    this.actions = new RequestActions(db, audit, calendar, records, this.text);
    this.attachments = new RequestAttachments(db, filesDir, records, this.actions);
    this.apiKeysOf = new Open311ApiKeys(db, audit);
    this.requester = new RequesterSide(db, audit, keyring, ratings, this.text, this.attachments);
    calendar.onArrangement((trx, change) => this.deadlines.moveProvisionalDeadlines(trx, change));
    ratings.registerSubject('request', {
      handlingFigures: (db, scope, from, to) => repo.handlingFigures(db, scope, from, to),
      labels: async (db, ids) => new Map((await repo.numbers(db, ids)).map((r) => [r.id, r.number])),
    });
  }

  /**
   * The reminder job (every few minutes on the job runner): each open request overdue or due by the next working day
   * sends its unit one notification per stage and due date, whatever the number of runs or server processes.
   */
  sendReminders(today: string): Promise<number> {
    return this.deadlines.sendReminders(today);
  }

  // ───────────── Catalogue ─────────────

  /** The categories of the catalogue (active ones only unless asked). */
  categories(activeOnly = true): Promise<Category[]> {
    return this.catalogue.categories(activeOnly);
  }

  /** Adds a category to the catalogue (administrators). */
  createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
    return this.catalogue.createCategory(ctx, input);
  }

  /** Edits a category (optimistic: the version read). */
  updateCategory(ctx: RequestContext, id: number, input: CategoryUpdate): Promise<Category> {
    return this.catalogue.updateCategory(ctx, id, input);
  }

  /** The routing rules, of one category or all. */
  rules(categoryCode?: string): Promise<RoutingRule[]> {
    return this.catalogue.rules(categoryCode);
  }

  /** Sets the unit that handles a category within a region subtree (replacing an earlier rule for the same pair). */
  setRule(ctx: RequestContext, input: { categoryCode: string; regionCode: string; orgId: number }): Promise<{ id: number }> {
    return this.catalogue.setRule(ctx, input);
  }

  /** Removes a routing rule. */
  deleteRule(ctx: RequestContext, id: number): Promise<void> {
    return this.catalogue.deleteRule(ctx, id);
  }

  // ───────────── SLA ─────────────

  /** Accept, first-response and resolve due dates, counted in Chinese working days (调休 included) from the submission date. */
  dueDates(submittedOn: string, cat: { slaAcceptDays: number; slaResponseDays: number; slaResolveDays: number }) {
    return this.deadlines.dueDates(submittedOn, cat);
  }

  // ───────────── Intake ─────────────

  /**
   * Staff entry on behalf of a caller (phone or walk-in); the caller becomes (or is found as) a person in the staff
   * member's region scope. Returns the full record, marked as a receipt when it was routed outside the staff's subtree.
   */
  submitByStaff(ctx: RequestContext, input: IntakeInput & { channel: 'phone' | 'walk_in' }): Promise<RequestDetail> {
    return this.intakeOf.submitByStaff(ctx, input);
  }

  /** The citizen's door (portal, Open311): no account; the person record is written under a portal context limited to the city. */
  submitPublic(meta: Meta, input: IntakeInput, channel: 'portal' | 'open311'): Promise<PortalReceipt> {
    return this.intakeOf.submitPublic(meta, input, channel);
  }

  // ───────────── Protected free text ─────────────

  /** For a step another part of the module wrote in SQL (an Open311 update): masks and encrypts its note, in the caller's transaction. */
  protectStepIn(trx: Db, requestId: number, version: number): Promise<void> {
    return this.text.protectStepIn(trx, requestId, version);
  }

  /**
   * The full free text of a request in the actor's scope — description, reply, call-back note and step notes — for a
   * stated purpose, recorded in the audit trail. A ciphertext that fails its check is audited and refused.
   */
  reveal(ctx: RequestContext, id: number, purpose: string): Promise<RevealedText> {
    return this.text.reveal(ctx, id, purpose);
  }

  /**
   * Masks and encrypts free text stored before it was protected (migration 0081), in batches; answers how many
   * requests and steps it changed. Run at start; safe to run again and from several processes at once.
   */
  protectStoredText(batch = 500): Promise<{ requests: number; events: number }> {
    return this.text.protectStoredText(batch);
  }

  // ───────────── Reads ─────────────

  /** The requests the actor handles or co-handles, filtered and paged. */
  list(
    actor: Actor,
    f: {
      status?: string;
      categoryCode?: string;
      overdue?: boolean;
      dueSoon?: boolean;
      callbackPending?: boolean;
      regionCode?: string;
      number?: string;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: RequestSummary[]; total: number }> {
    return this.reads.list(actor, f);
  }

  /** Overdue requests handled by units strictly below the actor's organization (督办). */
  supervision(actor: Actor, page: number, pageSize: number): Promise<{ items: RequestSummary[]; total: number }> {
    return this.reads.supervision(actor, page, pageSize);
  }

  /** One request in the actor's scope with its steps, co-handlers, rating and files (`db`: the caller's transaction). */
  get(actor: Actor, id: number, db?: Db): Promise<RequestDetail> {
    return this.reads.get(actor, id, db);
  }

  // ───────────── Actions ─────────────

  /** accept, respond, note, return, escalate, resolve, close. */
  act(ctx: RequestContext, id: number, kind: ActionKind, input: { version?: number; note?: string; reply?: string }): Promise<ActionResult> {
    return this.actions.act(ctx, id, kind, input);
  }

  /** Hands the request to another unit: `transfer` to any active unit ("not ours"), `dispatch` to a unit in my subtree. */
  reassign(ctx: RequestContext, id: number, kind: 'transfer' | 'dispatch', input: { orgId: number; version: number; note: string }): Promise<ActionResult> {
    return this.actions.reassign(ctx, id, kind, input);
  }

  /** Invites a co-handler (协办): that organization gets access to this one request. */
  addCoHandler(ctx: RequestContext, id: number, input: { orgId: number; version?: number; note?: string }): Promise<ActionResult> {
    return this.actions.addCoHandler(ctx, id, input);
  }

  /** The level above comments on an overdue (or any open) request of a unit below it and may set a new resolve deadline. */
  supervise(ctx: RequestContext, id: number, input: { note: string; resolveDue?: string; version?: number }): Promise<ActionResult> {
    return this.actions.supervise(ctx, id, input);
  }

  /** The supervising level above takes the request over: its own organization becomes the primary handler. */
  takeOver(ctx: RequestContext, id: number, input: { note: string; version?: number }): Promise<ActionResult> {
    return this.actions.takeOver(ctx, id, input);
  }

  /** The call-back (回访) of a closed request, by the primary handler: once, with whether the requester was reached. */
  callback(ctx: RequestContext, id: number, input: { note: string; reached: boolean; version?: number }): Promise<ActionResult> {
    return this.actions.callback(ctx, id, input);
  }

  /** Links a request as a duplicate of an earlier one the actor can read. */
  linkDuplicate(ctx: RequestContext, id: number, input: { ofId: number; version?: number }): Promise<ActionResult> {
    return this.actions.linkDuplicate(ctx, id, input);
  }

  // ───────────── Attachments ─────────────

  /** Staff attach a file to a request they handle or co-handle. */
  addAttachment(ctx: RequestContext, id: number, file: { name: string; data: Buffer }): Promise<Attachment> {
    return this.attachments.addAttachment(ctx, id, file);
  }

  /** A file of a request the actor can read: its stored path, type and name. */
  attachmentFile(actor: Actor, id: number, attachmentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    return this.attachments.attachmentFile(actor, id, attachmentId);
  }

  // ───────────── Open311 API keys ─────────────

  /** Issues a key for an Open311 client; the key itself is returned once and only its hash is kept. */
  issueApiKey(ctx: RequestContext, name: string): Promise<IssuedApiKey> {
    return this.apiKeysOf.issueApiKey(ctx, name);
  }

  /** The keys issued, live and revoked (never the key itself). */
  apiKeys(): Promise<ApiKey[]> {
    return this.apiKeysOf.apiKeys();
  }

  /** Revokes a key: its client is refused from then on. */
  revokeApiKey(ctx: RequestContext, id: number): Promise<void> {
    return this.apiKeysOf.revokeApiKey(ctx, id);
  }

  /** The api_key of an Open311 submission must be a live key. */
  requireApiKey(key: string | undefined): Promise<{ id: number; name: string }> {
    return this.apiKeysOf.requireApiKey(key);
  }

  // ───────────── Citizen side ─────────────

  /** What the requester sees by number and phone: status, public steps, the reply, the rating. */
  portalView(number: string, phone: string): Promise<PortalView> {
    return this.requester.portalView(number, phone);
  }

  /** One rating per closed request, by the requester (number and phone), through the ratings component; a bad review opens a rectification. */
  rate(meta: Meta, number: string, input: { phone: string; level: number; comment?: string }): Promise<PortalRating> {
    return this.requester.rate(meta, number, input);
  }

  /** The requester adds information to an open request (number and phone); staff and the requester see it. */
  addInfo(meta: Meta, number: string, input: { phone: string; text: string }): Promise<{ version: number }> {
    return this.requester.addInfo(meta, number, input);
  }

  /** The requester attaches a file to an open request (number and phone). */
  addPublicAttachment(meta: Meta, number: string, phone: string, file: { name: string; data: Buffer }): Promise<Attachment> {
    return this.requester.addPublicAttachment(meta, number, phone, file);
  }
}
