import type {
  Activity,
  ActivityCreate,
  ActivityDetail,
  ActivityUpdate,
  CampaignCreate,
  CampaignOut,
  CampaignPatch,
  CheckInResult,
  MyRegistration,
  NearLevel,
  PublicActivity,
  Registration,
  TotalDimension,
  Totals,
} from '../../../contracts/activities.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { registerNotificationKind } from '../../platform/jobs/notify.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RatingSummary, RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import * as repo from './activities.repository.js';
import { ActivityCampaigns } from './campaigns.service.js';
import { ActivityChanges } from './changes.service.js';
import { ActivityCheckIn } from './check-in.service.js';
import { ActivityCitizenSide } from './citizen.service.js';
import { ActivityCreation } from './creation.service.js';
import { ActivityReads, type ActivityFilter } from './reads.service.js';
import { ActivityRecords } from './records.service.js';
import { ActivityRegistrations } from './registration.service.js';
import { ActivityTotals } from './totals.service.js';

export type { ActivityFilter } from './reads.service.js';

registerNotificationKind({
  kind: 'activity.promoted',
  module: 'activities',
  audience: 'citizen',
  defaults: ['in_app', 'sms'],
  text: (p) => `您已从候补转为正式报名：${p.title}`,
});

/**
 * Activities and campaigns (C9): hosts and co-hosts, registration with capacity and waitlist held under a row lock,
 * approval, cancellation window, check-in by code, walk-ins, online joins and person-times (人次).
 *
 * The one entry point of the module for routes and other modules; the use cases live in `reads.service.ts`,
 * `creation.service.ts` (with co-hosts and a room booked), `changes.service.ts` (edits, publishing, cancellation),
 * `registration.service.ts` (places, waitlist and promotion, approval), `check-in.service.ts` (check-in, walk-ins,
 * online joins), `citizen.service.ts` (the portal's reads, the citizen's own registrations and rating),
 * `campaigns.service.ts` and `totals.service.ts`; `records.service.ts` holds what they share.
 */
export class ActivitiesService {
  private readonly reads: ActivityReads;
  private readonly creation: ActivityCreation;
  private readonly changes: ActivityChanges;
  private readonly registrationsOf: ActivityRegistrations;
  private readonly checkIns: ActivityCheckIn;
  private readonly citizenSide: ActivityCitizenSide;
  private readonly campaignsOf: ActivityCampaigns;
  private readonly totalsOf: ActivityTotals;

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    db: Database,
    audit: AuditTrail,
    orgs: OrgsService,
    regions: RegionsService,
    people: PeopleService,
    citizens: CitizensService,
    venues: VenuesService,
    ratings: RatingsService,
  ) {
    const records = new ActivityRecords(orgs, citizens);
    this.reads = new ActivityReads(db, regions, ratings);
    this.creation = new ActivityCreation(db, audit, orgs, regions, venues, records);
    this.changes = new ActivityChanges(db, audit, orgs, regions, venues, records);
    this.citizenSide = new ActivityCitizenSide(db, ratings);
    this.registrationsOf = new ActivityRegistrations(db, audit, this.citizenSide);
    this.checkIns = new ActivityCheckIn(db, audit, people, citizens);
    this.campaignsOf = new ActivityCampaigns(db, audit, orgs, regions);
    this.totalsOf = new ActivityTotals(db, audit);
    // A participant rates the activity once, through their registration; the host is the rated unit. Activities have
    // no acceptance or resolution deadlines, so their index is the satisfaction rate alone.
    ratings.registerSubject('activity', {
      handlingFigures: async () => [],
      labels: (db, ids) => repo.registrationTitles(db, ids),
    });
  }

  // ───────────── Reads ─────────────

  /** The activities hosted or co-hosted in the actor's scope, filtered and paged. */
  list(actor: Actor, f: ActivityFilter & { page: number; pageSize: number }): Promise<{ items: Activity[]; total: number }> {
    return this.reads.list(actor, f);
  }

  /** One activity in the actor's scope with its participation counts and ratings. */
  get(actor: Actor, id: number): Promise<ActivityDetail> {
    return this.reads.get(actor, id);
  }

  /** For other modules (volunteer needs): an activity the actor may read, or a 404 naming the field. */
  requireVisible(db: Db, actor: Actor, id: number, field = 'activityId'): Promise<Activity> {
    return this.reads.requireVisible(db, actor, id, field);
  }

  /** For other modules (purchased-service projects): title, status and person-times of activities they link to. */
  figuresOf(db: Db, ids: number[]): Promise<Array<{ id: number; title: string; hostOrgId: number; status: string; startsAt: string; personTimes: number }>> {
    return this.reads.figuresOf(db, ids);
  }

  /** For other modules (catalogue brands): the participants' ratings of some activities, summed. */
  ratingsOf(db: Db, ids: number[]): Promise<RatingSummary> {
    return this.reads.ratingsOf(db, ids);
  }

  /** For other modules: who attended (checked in or walked in) which of the given activities. */
  attendanceOf(db: Db, activityIds: number[]): Promise<Array<{ activityId: number; personId: number }>> {
    return this.reads.attendanceOf(db, activityIds);
  }

  /** The registrations of an activity in the actor's scope, filtered and paged. */
  registrations(
    actor: Actor,
    id: number,
    f: { status?: string; q?: string; page: number; pageSize: number },
  ): Promise<{ items: Registration[]; total: number }> {
    return this.reads.registrations(actor, id, f);
  }

  // ───────────── Creation and changes ─────────────

  /** Creates an activity hosted by an organization the actor may write, with its co-hosts and a room booked for it. */
  create(ctx: RequestContext, input: ActivityCreate): Promise<Activity> {
    return this.creation.create(ctx, input);
  }

  /**
   * For other modules (talent programme sessions): creates an activity inside the caller's transaction; with
   * `publish` it is published at once (audited as a publish), so check-in is open for it.
   */
  createIn(trx: Tx, ctx: RequestContext, input: ActivityCreate, opts: { publish?: boolean } = {}): Promise<Activity> {
    return this.creation.createIn(trx, ctx, input, opts);
  }

  /** Edits an activity (optimistic version); a larger capacity promotes from the waitlist at once. */
  update(ctx: RequestContext, id: number, input: ActivityUpdate): Promise<Activity> {
    return this.changes.update(ctx, id, input);
  }

  /** Publishes a draft or cancels an activity (a room booked with it is released). */
  setStatus(ctx: RequestContext, id: number, to: 'published' | 'cancelled', version: number): Promise<Activity> {
    return this.changes.setStatus(ctx, id, to, version);
  }

  // ───────────── Registration ─────────────

  /**
   * Registers the citizen. The activity row is locked, so places are taken strictly one at a time in arrival order:
   * registered while places last, then waitlisted (or pending when the host approves each registration).
   */
  register(meta: Meta, citizen: Citizen, activityId: number): Promise<MyRegistration> {
    return this.registrationsOf.register(meta, citizen, activityId);
  }

  /** Cancels the citizen's registration inside the cancellation window; a freed place goes to the first waitlisted. */
  cancelMine(meta: Meta, citizen: Citizen, registrationId: number): Promise<{ cancelled: true; promotedRegistrationId: number | null }> {
    return this.registrationsOf.cancelMine(meta, citizen, registrationId);
  }

  /** Approves or rejects a pending registration; an approved one takes a place or joins the waitlist. */
  decide(ctx: RequestContext, activityId: number, registrationId: number, decision: 'approve' | 'reject'): Promise<Registration> {
    return this.registrationsOf.decide(ctx, activityId, registrationId, decision);
  }

  // ───────────── Check-in, walk-ins, online joins ─────────────

  /** Checks a registration in by its code; the activity must be hosted or co-hosted in the actor's scope. */
  checkIn(ctx: RequestContext, rawCode: string): Promise<CheckInResult> {
    return this.checkIns.checkIn(ctx, rawCode);
  }

  /** Records a walk-in by phone (a new person is created with the given name); a registered person is checked in instead. */
  walkIn(ctx: RequestContext, activityId: number, input: { phone: string; name?: string }): Promise<CheckInResult> {
    return this.checkIns.walkIn(ctx, activityId, input);
  }

  /**
   * For other modules: checks a known person in at an activity in the actor's read scope, inside the caller's
   * transaction — a registered person's registration is checked in, anyone else counts as a walk-in.
   */
  checkInPersonIn(trx: Tx, ctx: RequestContext, activityId: number, personId: number, field = 'activityId'): Promise<CheckInResult> {
    return this.checkIns.checkInPersonIn(trx, ctx, activityId, personId, field);
  }

  /** An online activity's join link: records the citizen's join once (person-times) and returns the link. */
  join(meta: Meta, citizen: Citizen, activityId: number): Promise<{ url: string; counted: boolean }> {
    return this.checkIns.join(meta, citizen, activityId);
  }

  // ───────────── Campaigns and totals ─────────────

  /** Campaigns the actor sees: platform-wide ones, those owned at or above its organization, and those in its scope. */
  campaigns(actor: Actor): Promise<CampaignOut[]> {
    return this.campaignsOf.campaigns(actor);
  }

  /**
   * Creates a campaign owned by an organization the actor may write (its own when none is named): a street's
   * campaign reaches that street's activities, never the city's.
   */
  createCampaign(ctx: RequestContext, input: CampaignCreate): Promise<CampaignOut> {
    return this.campaignsOf.createCampaign(ctx, input);
  }

  /** Edits a campaign owned in my subtree; a new owner must be an organization I may write. */
  updateCampaign(ctx: RequestContext, id: number, input: CampaignPatch): Promise<CampaignOut> {
    return this.campaignsOf.updateCampaign(ctx, id, input);
  }

  /** Activities and person-times grouped by campaign, host organization, district or month, in the actor's scope. */
  totals(actor: Actor, by: TotalDimension, f: { from?: string; to?: string; campaignId?: number }): Promise<Totals> {
    return this.totalsOf.totals(actor, by, f);
  }

  /** The totals as an Excel workbook, the export audited. */
  exportTotals(ctx: RequestContext, by: TotalDimension, f: { from?: string; to?: string; campaignId?: number }): Promise<Buffer> {
    return this.totalsOf.exportTotals(ctx, by, f);
  }

  // ───────────── Portal ─────────────

  /** Published activities near the citizen (their community, street or district), or all published ones. */
  listPublic(
    citizen: Citizen | null,
    f: { near?: NearLevel; q?: string; type?: string; page: number; pageSize: number },
  ): Promise<{ items: PublicActivity[]; total: number }> {
    return this.citizenSide.listPublic(citizen, f);
  }

  /** One published activity, with the citizen's live registration when signed in. */
  getPublic(citizen: Citizen | null, id: number): Promise<PublicActivity> {
    return this.citizenSide.getPublic(citizen, id);
  }

  /** The citizen's own registrations, with their check-in code, whether they may cancel and their rating. */
  mine(citizen: Citizen): Promise<MyRegistration[]> {
    return this.citizenSide.mine(citizen);
  }

  /**
   * The participant rates the activity once (好差评): only their own registration, only once they took part and the
   * activity has begun. A bad review opens a rectification for the host, as for requests.
   */
  rateMine(meta: Meta, citizen: Citizen, registrationId: number, input: { level: number; comment?: string }): Promise<{ level: number; label: string }> {
    return this.citizenSide.rateMine(meta, citizen, registrationId, input);
  }
}
