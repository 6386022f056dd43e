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
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { orgScope, pathWithin } from '../../platform/scope.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RatingSummary, RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { begun, cancellable, CODE_PATTERN, nearPath, newCheckInCode, normaliseCode, readScope, registrationOpen, writeScope } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toActivity = (r: repo.ActivityRow): Activity => ({
  id: r.id,
  title: r.title,
  type: r.type,
  campaignId: r.campaign_id,
  campaignName: r.campaign_name,
  hostOrgId: r.host_org_id,
  hostOrgName: r.host_org_name,
  cohosts: r.cohosts ?? [],
  regionCode: r.region_code,
  regionName: r.region_name,
  description: r.description,
  venueBookingId: r.venue_booking_id,
  venueName: r.venue_name,
  address: r.address,
  onlineUrl: r.online_url,
  targetGroups: r.target_groups,
  capacity: r.capacity,
  registeredCount: r.registered_count,
  waitlistedCount: r.waitlisted_count,
  pendingCount: r.pending_count,
  personTimes: r.person_times,
  startsAt: iso(r.starts_at)!,
  endsAt: iso(r.ends_at)!,
  regOpensAt: iso(r.reg_opens_at)!,
  regClosesAt: iso(r.reg_closes_at)!,
  needsApproval: r.needs_approval,
  waitlistEnabled: r.waitlist_enabled,
  cancelHours: r.cancel_hours,
  status: r.status,
  version: r.version,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

const toPublic = (r: repo.ActivityRow, now: Date, mine: PublicActivity['mine'] = null): PublicActivity => {
  const a = toActivity(r);
  const rest = {
    id: a.id,
    title: a.title,
    type: a.type,
    campaignId: a.campaignId,
    campaignName: a.campaignName,
    hostOrgId: a.hostOrgId,
    hostOrgName: a.hostOrgName,
    regionCode: a.regionCode,
    regionName: a.regionName,
    description: a.description,
    venueName: a.venueName,
    address: a.address,
    targetGroups: a.targetGroups,
    capacity: a.capacity,
    registeredCount: a.registeredCount,
    waitlistedCount: a.waitlistedCount,
    personTimes: a.personTimes,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    regOpensAt: a.regOpensAt,
    regClosesAt: a.regClosesAt,
    needsApproval: a.needsApproval,
    waitlistEnabled: a.waitlistEnabled,
    cancelHours: a.cancelHours,
    status: a.status,
  };
  return { ...rest, placesLeft: Math.max(0, r.capacity - r.registered_count), registrationOpen: registrationOpen(r, now), mine };
};

const toRegistration = (r: repo.RegistrationRow): Registration => ({
  id: r.id,
  activityId: r.activity_id,
  personId: r.person_id,
  personName: r.person_name,
  phoneMasked: r.phone_masked,
  seq: r.seq,
  status: r.status,
  position: r.position,
  checkedInAt: iso(r.checked_in_at),
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
  cancelledAt: iso(r.cancelled_at),
  promotedAt: iso(r.promoted_at),
});

export type ActivityFilter = Omit<repo.ActivityFilter, 'regionPath'> & { regionCode?: string };

/**
 * Activities and campaigns (C9): hosts and co-hosts, registration with capacity and waitlist held under a row lock,
 * approval, cancellation window, check-in by code, walk-ins, online joins and person-times (人次).
 */
/** Tells the subscribed systems of the host's tree that an activity was published or cancelled (no personal field). */
async function publishActivity(trx: Tx, a: repo.ActivityRow, to: 'published' | 'cancelled'): Promise<void> {
  await publishWebhookEvent(trx, {
    type: to === 'published' ? 'activity.published' : 'activity.cancelled',
    subject: `activity:${a.id}`,
    orgPaths: [a.host_org_path],
    data: {
      id: Number(a.id),
      title: a.title,
      hostOrgId: Number(a.host_org_id),
      startsAt: new Date(a.starts_at).toISOString(),
      endsAt: new Date(a.ends_at).toISOString(),
    },
  });
}

registerNotificationKind({
  kind: 'activity.promoted',
  module: 'activities',
  audience: 'citizen',
  defaults: ['in_app', 'sms'],
  text: (p) => `您已从候补转为正式报名：${p.title}`,
});

/** Tells the citizen whose waitlisted registration took a freed place (in the transaction that promoted it). */
async function notifyPromoted(trx: Tx, a: { id: number; title: string }, promoted: { id: number; person_id: number } | undefined): Promise<void> {
  if (!promoted) return;
  await notify(trx, {
    kind: 'activity.promoted',
    to: { personId: Number(promoted.person_id) },
    params: { title: a.title },
    link: '/portal/me/activities',
    eventKey: `activity.promoted:${promoted.id}`,
  });
}

export class ActivitiesService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
    private readonly venues: VenuesService,
    private readonly ratings: RatingsService,
  ) {
    // A participant rates the activity once, through their registration; the host is the rated unit. Activities have
    // no acceptance or resolution deadlines, so their index is the satisfaction rate alone.
    ratings.registerSubject('activity', {
      handlingFigures: async () => [],
      labels: (db, ids) => repo.registrationTitles(db, ids),
    });
  }

  /** Per-activity FIFO queue in this process, so a burst waits here instead of holding pool connections on the row lock. */
  private readonly queues = new Map<number, Promise<void>>();
  private async queued<T>(activityId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(activityId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.queues.set(activityId, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.queues.get(activityId) === tail) this.queues.delete(activityId);
    }
  }

  private async filterOf(f: ActivityFilter): Promise<repo.ActivityFilter> {
    const { regionCode, ...rest } = f;
    return { ...rest, regionPath: regionCode ? (await this.regions.requireRegion(regionCode, 'regionCode')).path : undefined };
  }

  async list(actor: Actor, f: ActivityFilter & { page: number; pageSize: number }): Promise<{ items: Activity[]; total: number }> {
    const { rows, total } = await repo.list(this.db, readScope(actor), await this.filterOf(f), f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toActivity), total };
  }

  async get(actor: Actor, id: number): Promise<ActivityDetail> {
    const r = await repo.findById(this.db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', 'id');
    const participation = await repo.participationCounts(this.db, id);
    const ratings = await this.ratings.summary(this.db, 'activity', await repo.registrationIdsOf(this.db, id));
    return { ...toActivity(r), participation, ratings };
  }

  /** For other modules (volunteer needs): an activity the actor may read, or a 404 naming the field. */
  async requireVisible(db: Db, actor: Actor, id: number, field = 'activityId'): Promise<Activity> {
    const r = await repo.findById(db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', field);
    return toActivity(r);
  }

  /** For other modules (purchased-service projects): title, status and person-times of activities they link to. */
  async figuresOf(
    db: Db,
    ids: number[],
  ): Promise<Array<{ id: number; title: string; hostOrgId: number; status: string; startsAt: string; personTimes: number }>> {
    return (await repo.figuresByIds(db, ids)).map((r) => ({
      id: r.id,
      title: r.title,
      hostOrgId: r.host_org_id,
      status: r.status,
      startsAt: new Date(r.starts_at).toISOString(),
      personTimes: r.person_times,
    }));
  }

  /** For other modules (catalogue brands): the participants' ratings of some activities, summed. */
  async ratingsOf(db: Db, ids: number[]): Promise<RatingSummary> {
    return this.ratings.summary(db, 'activity', await repo.registrationIdsOfMany(db, ids));
  }

  private checkTimes(i: Pick<ActivityCreate, 'startsAt' | 'endsAt' | 'regOpensAt' | 'regClosesAt'>) {
    const [s, e, o, c] = [i.startsAt, i.endsAt, i.regOpensAt, i.regClosesAt].map((x) => new Date(x));
    if (e! <= s!) throw new AppError('VALIDATION', 'body.endsAt', { reason: 'after_start' });
    if (c! <= o!) throw new AppError('VALIDATION', 'body.regClosesAt', { reason: 'after_open' });
    if (c! > s!) throw new AppError('VALIDATION', 'body.regClosesAt', { reason: 'before_start' });
  }

  private checkPlace(type: string, i: { onlineUrl?: string | null; venueName?: string | null; venueBookingId?: number | null; roomId?: number | null }) {
    if (type === 'online') {
      if (!i.onlineUrl) throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'required' });
      if (!/^https:\/\/[^\s]+$/i.test(i.onlineUrl)) throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'invalid' });
    } else if (i.onlineUrl) {
      throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'offline_only' });
    } else if (!i.venueName && !i.venueBookingId && !i.roomId) {
      throw new AppError('VALIDATION', 'body.venueName', { reason: 'required' });
    }
  }

  private async cohostsOf(trx: Db, ids: number[], hostId: number): Promise<number[]> {
    const unique = [...new Set(ids)].filter((x) => x !== hostId);
    if (unique.length > 20) throw new AppError('VALIDATION', 'body.cohostOrgIds', { reason: 'too_many' });
    const city = (await this.citizens.portalContext({ ip: '', requestId: '' }, trx)).actor;
    // Co-hosts may come from any organization tree: checked for existence city-wide.
    for (const id of unique) await this.orgs.requireReadable(trx, city, id, 'body.cohostOrgIds');
    return unique;
  }

  async create(ctx: RequestContext, input: ActivityCreate): Promise<Activity> {
    return this.db.transaction().execute((trx) => this.createIn(trx, ctx, input));
  }

  /**
   * For other modules (talent programme sessions): creates an activity inside the caller's transaction; with
   * `publish` it is published at once (audited as a publish), so check-in is open for it.
   */
  async createIn(trx: Tx, ctx: RequestContext, input: ActivityCreate, opts: { publish?: boolean } = {}): Promise<Activity> {
    const a = await this.createInTx(trx, ctx, input);
    if (!opts.publish) return a;
    await repo.setStatus(trx, a.id, 'published');
    await this.audit.append(trx, actorOf(ctx), { action: 'activity.publish', objectType: 'activity', objectId: a.id });
    const row = (await repo.findById(trx, writeScope(ctx.actor), a.id))!;
    await publishActivity(trx, row, 'published');
    return toActivity(row);
  }

  /**
   * For other modules: checks a known person in at an activity in the actor's read scope, inside the caller's
   * transaction — a registered person's registration is checked in, anyone else counts as a walk-in.
   */
  async checkInPersonIn(trx: Tx, ctx: RequestContext, activityId: number, personId: number, field = 'activityId'): Promise<CheckInResult> {
    const a = await repo.lock(trx, readScope(ctx.actor), activityId);
    if (!a) throw new AppError('NOT_FOUND', field);
    if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
    const live = await repo.findLiveRegistration(trx, activityId, personId);
    if (live?.status === 'registered') {
      const g = (await repo.findRegistration(trx, { id: live.id }))!;
      if (g.checked_in_at) return { registrationId: g.id, personName: g.person_name, status: 'already_checked_in', activityId, personTimes: a.person_times };
      await repo.markCheckedIn(trx, g.id);
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: personId, registration_id: g.id, kind: 'check_in' });
      await this.audit.append(trx, actorOf(ctx), { action: 'activity.check_in', objectType: 'activity_registration', objectId: g.id, detail: { activityId } });
      return { registrationId: g.id, personName: g.person_name, status: 'checked_in', activityId, personTimes: a.person_times + 1 };
    }
    if (await repo.hasParticipation(trx, activityId, personId, ['walk_in', 'check_in'])) {
      return { registrationId: null, personName: '', status: 'already_checked_in', activityId, personTimes: a.person_times };
    }
    await repo.insertParticipation(trx, { activity_id: activityId, person_id: personId, registration_id: null, kind: 'walk_in' });
    await this.audit.append(trx, actorOf(ctx), { action: 'activity.walk_in', objectType: 'activity', objectId: activityId, detail: { personId } });
    return { registrationId: null, personName: '', status: 'walk_in', activityId, personTimes: a.person_times + 1 };
  }

  /** For other modules: who attended (checked in or walked in) which of the given activities. */
  async attendanceOf(db: Db, activityIds: number[]): Promise<Array<{ activityId: number; personId: number }>> {
    return activityIds.length ? repo.attendance(db, activityIds) : [];
  }

  private async createInTx(trx: Tx, ctx: RequestContext, input: ActivityCreate): Promise<Activity> {
    this.checkTimes(input);
    this.checkPlace(input.type, input);
    {
      const host = await this.orgs.requireWritable(trx, ctx.actor, input.hostOrgId, 'body.hostOrgId');
      const hostRegion = await this.regions.requireRegion(host.regionCode, 'body.hostOrgId', trx);
      let region = hostRegion;
      if (input.regionCode) {
        region = await this.regions.requireRegion(input.regionCode, 'body.regionCode', trx);
        if (!pathWithin(region.path, hostRegion.path)) throw new AppError('VALIDATION', 'body.regionCode', { reason: 'outside_scope' });
      }
      if (input.campaignId && !(await repo.findJoinableCampaign(trx, input.campaignId, host.path, hostRegion.path)))
        throw new AppError('NOT_FOUND', 'body.campaignId');
      const cohosts = await this.cohostsOf(trx, input.cohostOrgIds ?? [], host.id);
      const id = await repo.insert(trx, {
        title: input.title.normalize('NFC').trim(),
        type: input.type,
        campaign_id: input.campaignId ?? null,
        host_org_id: host.id,
        host_org_path: host.path,
        region_code: region.code,
        region_path: region.path,
        description: input.description ?? '',
        venue_booking_id: null,
        venue_name: input.type === 'online' ? null : (input.venueName ?? null),
        address: input.type === 'online' ? null : (input.address ?? null),
        online_url: input.type === 'online' ? input.onlineUrl! : null,
        target_groups: [...new Set(input.targetGroups ?? [])],
        capacity: input.capacity,
        starts_at: new Date(input.startsAt),
        ends_at: new Date(input.endsAt),
        reg_opens_at: new Date(input.regOpensAt),
        reg_closes_at: new Date(input.regClosesAt),
        needs_approval: input.needsApproval ?? false,
        waitlist_enabled: input.waitlistEnabled ?? true,
        cancel_hours: input.cancelHours ?? 2,
        created_by: ctx.actor.accountId || null,
      });
      await repo.setCohosts(trx, id, cohosts);
      let bookingId: number | null = null;
      if (input.type !== 'online' && input.roomId) {
        // The room is booked for the activity's time in the host's name, before this use case's audit row.
        const b = await this.venues.bookIn(trx, ctx, {
          roomId: input.roomId,
          start: input.startsAt,
          end: input.endsAt,
          purpose: input.title.trim(),
          orgId: host.id,
          activityId: id,
        });
        bookingId = b.booking!.id;
        await repo.setBooking(trx, id, bookingId, input.venueName ?? `${b.booking!.venueName} ${b.booking!.roomName}`);
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'activity.create',
        objectType: 'activity',
        objectId: id,
        detail: { hostOrgId: host.id, cohosts, bookingId },
      });
      return toActivity((await repo.findById(trx, writeScope(ctx.actor), id))!);
    }
  }

  /** Edits an activity (optimistic version); a larger capacity promotes from the waitlist at once. */
  async update(ctx: RequestContext, id: number, input: ActivityUpdate): Promise<Activity> {
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.findById(trx, writeScope(ctx.actor), id, true);
      if (!before) throw new AppError('NOT_FOUND', 'id');
      if (before.status === 'cancelled') throw new AppError('INVALID_STATE', 'status', { reason: 'cancelled' });
      const merged = {
        startsAt: input.startsAt ?? iso(before.starts_at)!,
        endsAt: input.endsAt ?? iso(before.ends_at)!,
        regOpensAt: input.regOpensAt ?? iso(before.reg_opens_at)!,
        regClosesAt: input.regClosesAt ?? iso(before.reg_closes_at)!,
      };
      this.checkTimes(merged);
      this.checkPlace(before.type, {
        onlineUrl: input.onlineUrl !== undefined ? input.onlineUrl : before.online_url,
        venueName: input.venueName !== undefined ? input.venueName : before.venue_name,
        venueBookingId: before.venue_booking_id,
      });
      if (input.capacity !== undefined && input.capacity < before.registered_count) {
        throw new AppError('VALIDATION', 'body.capacity', { reason: 'below_registered', min: before.registered_count });
      }
      const set: Parameters<typeof repo.update>[3] = {};
      if (input.title !== undefined) set.title = input.title.normalize('NFC').trim();
      if (input.description !== undefined) set.description = input.description;
      if (input.campaignId !== undefined) {
        if (input.campaignId) {
          const host = await this.orgs.requireWritable(trx, ctx.actor, before.host_org_id, 'body.hostOrgId');
          const hostRegion = await this.regions.requireRegion(host.regionCode, 'body.hostOrgId', trx);
          if (!(await repo.findJoinableCampaign(trx, input.campaignId, host.path, hostRegion.path))) throw new AppError('NOT_FOUND', 'body.campaignId');
        }
        set.campaign_id = input.campaignId;
      }
      if (input.venueName !== undefined) set.venue_name = input.venueName;
      if (input.address !== undefined) set.address = input.address;
      if (input.onlineUrl !== undefined) set.online_url = input.onlineUrl;
      if (input.targetGroups !== undefined) set.target_groups = [...new Set(input.targetGroups)];
      if (input.capacity !== undefined) set.capacity = input.capacity;
      if (input.needsApproval !== undefined) set.needs_approval = input.needsApproval;
      if (input.waitlistEnabled !== undefined) set.waitlist_enabled = input.waitlistEnabled;
      if (input.cancelHours !== undefined) set.cancel_hours = input.cancelHours;
      set.starts_at = new Date(merged.startsAt);
      set.ends_at = new Date(merged.endsAt);
      set.reg_opens_at = new Date(merged.regOpensAt);
      set.reg_closes_at = new Date(merged.regClosesAt);
      if (input.regionCode !== undefined) {
        const region = await this.regions.requireRegion(input.regionCode, 'body.regionCode', trx);
        const host = await this.orgs.requireWritable(trx, ctx.actor, before.host_org_id, 'body.hostOrgId');
        const hostRegion = await this.regions.requireRegion(host.regionCode, 'body.regionCode', trx);
        if (!pathWithin(region.path, hostRegion.path)) throw new AppError('VALIDATION', 'body.regionCode', { reason: 'outside_scope' });
        set.region_code = region.code;
        set.region_path = region.path;
      }
      if (!(await repo.update(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      if (input.cohostOrgIds !== undefined) await repo.setCohosts(trx, id, await this.cohostsOf(trx, input.cohostOrgIds, before.host_org_id));
      let promoted = 0;
      if (input.capacity !== undefined) {
        for (let left = input.capacity - before.registered_count; left > 0; left--) {
          const p = await repo.promoteFirst(trx, id);
          if (!p) break;
          await notifyPromoted(trx, before, p);
          await repo.addRegistered(trx, id, 1);
          promoted++;
        }
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'activity.update',
        objectType: 'activity',
        objectId: id,
        detail: { fields: Object.keys(input), promoted },
      });
      return toActivity((await repo.findById(trx, writeScope(ctx.actor), id))!);
    });
  }

  async setStatus(ctx: RequestContext, id: number, to: 'published' | 'cancelled', version: number): Promise<Activity> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, writeScope(ctx.actor), id, true);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      if (a.version !== version) throw new AppError('STALE_VERSION', 'version');
      if (to === 'published' && a.status !== 'draft') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      if (to === 'cancelled' && a.status === 'cancelled') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      await repo.setStatus(trx, id, to);
      if (to === 'cancelled' && a.venue_booking_id) await this.venues.cancelIn(trx, ctx, a.venue_booking_id);
      await this.audit.append(trx, actorOf(ctx), { action: to === 'published' ? 'activity.publish' : 'activity.cancel', objectType: 'activity', objectId: id });
      await publishActivity(trx, a, to);
      return toActivity((await repo.findById(trx, writeScope(ctx.actor), id))!);
    });
  }

  async registrations(
    actor: Actor,
    id: number,
    f: { status?: string; q?: string; page: number; pageSize: number },
  ): Promise<{ items: Registration[]; total: number }> {
    if (!(await repo.findById(this.db, readScope(actor), id))) throw new AppError('NOT_FOUND', 'id');
    const { rows, total } = await repo.listRegistrations(this.db, id, f, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toRegistration), total };
  }

  /** Approves or rejects a pending registration; an approved one takes a place or joins the waitlist. */
  async decide(ctx: RequestContext, activityId: number, registrationId: number, decision: 'approve' | 'reject'): Promise<Registration> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, writeScope(ctx.actor), activityId);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      const g = await repo.findRegistration(trx, { id: registrationId });
      if (!g || g.activity_id !== activityId) throw new AppError('NOT_FOUND', 'registrationId');
      if (g.status !== 'pending') throw new AppError('INVALID_STATE', 'status', { reason: g.status });
      let status = 'rejected';
      if (decision === 'approve') {
        if (a.registered_count < a.capacity) status = 'registered';
        else if (a.waitlist_enabled) status = 'waitlisted';
        else throw new AppError('INVALID_STATE', 'capacity', { reason: 'full' });
      }
      await repo.setRegistrationStatus(trx, g.id, status, { decided: true });
      if (status === 'registered') await repo.addRegistered(trx, activityId, 1);
      await this.audit.append(trx, actorOf(ctx), {
        action: `activity.registration.${decision}`,
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId, status },
      });
      return toRegistration((await repo.findRegistration(trx, { id: g.id }))!);
    });
  }

  /** Checks a registration in by its code; the activity must be hosted or co-hosted in the actor's scope. */
  async checkIn(ctx: RequestContext, rawCode: string): Promise<CheckInResult> {
    const code = normaliseCode(rawCode);
    if (!CODE_PATTERN.test(code)) throw new AppError('VALIDATION', 'body.code', { reason: 'pattern' });
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findRegistration(trx, { code });
      const a = g ? await repo.lock(trx, readScope(ctx.actor), g.activity_id) : undefined;
      if (!g || !a) throw new AppError('NOT_FOUND', 'body.code');
      if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      const fresh = (await repo.findRegistration(trx, { id: g.id }))!;
      if (fresh.status !== 'registered') throw new AppError('INVALID_STATE', 'body.code', { reason: fresh.status });
      if (fresh.checked_in_at)
        return { registrationId: g.id, personName: g.person_name, status: 'already_checked_in', activityId: a.id, personTimes: a.person_times };
      await repo.markCheckedIn(trx, g.id);
      await repo.insertParticipation(trx, { activity_id: a.id, person_id: g.person_id, registration_id: g.id, kind: 'check_in' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'activity.check_in',
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId: a.id },
      });
      return { registrationId: g.id, personName: g.person_name, status: 'checked_in', activityId: a.id, personTimes: a.person_times + 1 };
    });
  }

  /** Records a walk-in by phone (a new person is created with the given name); a registered person is checked in instead. */
  async walkIn(ctx: RequestContext, activityId: number, input: { phone: string; name?: string }): Promise<CheckInResult> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, readScope(ctx.actor), activityId);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      const portal = await this.citizens.portalContext({ ip: ctx.ip, requestId: ctx.requestId }, trx);
      let person = (await this.people.findByPhone(portal.actor, input.phone, trx))[0];
      if (!person) {
        const name = input.name?.normalize('NFC').trim();
        if (!name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
        person = await this.people.createIn(trx, portal, { name, phone: input.phone, regionCode: a.region_code });
      }
      const live = await repo.findLiveRegistration(trx, activityId, person.id);
      if (live?.status === 'registered') {
        const g = (await repo.findRegistration(trx, { id: live.id }))!;
        if (g.checked_in_at) return { registrationId: g.id, personName: person.name, status: 'already_checked_in', activityId, personTimes: a.person_times };
        await repo.markCheckedIn(trx, g.id);
        await repo.insertParticipation(trx, { activity_id: activityId, person_id: person.id, registration_id: g.id, kind: 'check_in' });
        await this.audit.append(trx, actorOf(ctx), {
          action: 'activity.check_in',
          objectType: 'activity_registration',
          objectId: g.id,
          detail: { activityId },
        });
        return { registrationId: g.id, personName: person.name, status: 'checked_in', activityId, personTimes: a.person_times + 1 };
      }
      if (await repo.hasParticipation(trx, activityId, person.id, ['walk_in', 'check_in'])) {
        return { registrationId: null, personName: person.name, status: 'already_checked_in', activityId, personTimes: a.person_times };
      }
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: person.id, registration_id: null, kind: 'walk_in' });
      await this.audit.append(trx, actorOf(ctx), { action: 'activity.walk_in', objectType: 'activity', objectId: activityId, detail: { personId: person.id } });
      return { registrationId: null, personName: person.name, status: 'walk_in', activityId, personTimes: a.person_times + 1 };
    });
  }

  // ───────────── Campaigns and totals ─────────────

  /** Campaigns the actor sees: platform-wide ones, those owned at or above its organization, and those in its scope. */
  async campaigns(actor: Actor): Promise<CampaignOut[]> {
    return (await repo.listCampaigns(this.db, orgScope(actor, 'c.owner_org_path', 'c.owner_region_path'), actor.scope.orgPath)).map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      description: c.description,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      ownerOrgId: c.owner_org_id,
      ownerOrgName: c.owner_org_name,
      activities: c.activities,
      personTimes: c.person_times,
    }));
  }

  /**
   * Creates a campaign owned by an organization the actor may write (its own when none is named): a street's
   * campaign reaches that street's activities, never the city's.
   */
  async createCampaign(ctx: RequestContext, input: CampaignCreate): Promise<CampaignOut> {
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'body.endsOn', { reason: 'after_start' });
    const id = await this.db.transaction().execute(async (trx) => {
      const owner = await this.orgs.requireWritable(trx, ctx.actor, input.ownerOrgId ?? ctx.actor.orgId, 'body.ownerOrgId');
      const ownerRegion = await this.regions.requireRegion(owner.regionCode, 'body.ownerOrgId', trx);
      const id = await repo.insertCampaign(trx, {
        code: input.code,
        name: input.name.trim(),
        description: input.description ?? '',
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        owner_org_id: owner.id,
        owner_org_path: owner.path,
        owner_region_path: ownerRegion.path,
        owner_cross_type: ctx.actor.scope.crossType,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'campaign.create', objectType: 'campaign', objectId: id, detail: { ownerOrgId: owner.id } });
      return id;
    });
    return (await this.campaigns(ctx.actor)).find((c) => c.id === id)!;
  }

  /** Edits a campaign owned in my subtree; a new owner must be an organization I may write. */
  async updateCampaign(ctx: RequestContext, id: number, input: CampaignPatch): Promise<CampaignOut> {
    await this.db.transaction().execute(async (trx) => {
      const c = await repo.findOwnedCampaign(trx, id, ctx.actor.scope.orgPath);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      const startsOn = input.startsOn !== undefined ? input.startsOn : c.starts_on;
      const endsOn = input.endsOn !== undefined ? input.endsOn : c.ends_on;
      if (startsOn && endsOn && endsOn < startsOn) throw new AppError('VALIDATION', 'body.endsOn', { reason: 'after_start' });
      const set: Parameters<typeof repo.updateCampaign>[2] = {};
      if (input.name !== undefined) {
        set.name = input.name.trim();
        if (!set.name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
      }
      if (input.description !== undefined) set.description = input.description;
      if (input.startsOn !== undefined) set.starts_on = input.startsOn;
      if (input.endsOn !== undefined) set.ends_on = input.endsOn;
      if (input.ownerOrgId !== undefined) {
        const owner = await this.orgs.requireWritable(trx, ctx.actor, input.ownerOrgId, 'body.ownerOrgId');
        const region = await this.regions.requireRegion(owner.regionCode, 'body.ownerOrgId', trx);
        Object.assign(set, { owner_org_id: owner.id, owner_org_path: owner.path, owner_region_path: region.path });
      }
      await repo.updateCampaign(trx, id, set);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'campaign.update',
        objectType: 'campaign',
        objectId: id,
        detail: { fields: Object.keys(input), ownerOrgId: input.ownerOrgId },
      });
    });
    const out = (await this.campaigns(ctx.actor)).find((c) => c.id === id);
    if (!out) throw new AppError('NOT_FOUND', 'id');
    return out;
  }

  /** Activities and person-times grouped by campaign, host organization, district or month, in the actor's scope. */
  async totals(actor: Actor, by: TotalDimension, f: { from?: string; to?: string; campaignId?: number }): Promise<Totals> {
    if (f.from && f.to && f.to < f.from) throw new AppError('VALIDATION', 'query.to', { reason: 'after_start' });
    const rows = await repo.totals(this.db, readScope(actor), by, f);
    return {
      by,
      items: rows.map((r) => ({ key: r.key, label: r.label, activities: r.activities, personTimes: r.person_times })),
      total: { activities: rows.reduce((s, r) => s + r.activities, 0), personTimes: rows.reduce((s, r) => s + r.person_times, 0) },
    };
  }

  async exportTotals(ctx: RequestContext, by: TotalDimension, f: { from?: string; to?: string; campaignId?: number }): Promise<Buffer> {
    const t = await this.totals(ctx.actor, by, f);
    const buf = await toXlsx(
      'totals',
      [
        { header: '分组 Group', value: (r: (typeof t.items)[number]) => r.label || r.key, width: 32 },
        { header: '活动数 Activities', value: (r) => r.activities, width: 14 },
        { header: '人次 Person-times', value: (r) => r.personTimes, width: 16 },
      ],
      [...t.items.slice(0, EXPORT_ROW_LIMIT), { key: '', label: '合计 Total', activities: t.total.activities, personTimes: t.total.personTimes }],
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'activity.totals.export', objectType: 'activity', detail: { by, rows: t.items.length } }),
      );
    return buf;
  }

  // ───────────── Portal ─────────────

  /** Published activities near the citizen (their community, street or district), or all published ones. */
  async listPublic(
    citizen: Citizen | null,
    f: { near?: NearLevel; q?: string; type?: string; page: number; pageSize: number },
  ): Promise<{ items: PublicActivity[]; total: number }> {
    const now = new Date();
    const near = citizen && f.near && f.near !== 'city' ? nearPath(citizen.regionPath, f.near) : undefined;
    const { rows, total } = await repo.listPublic(
      this.db,
      { nearPath: near, myPath: citizen?.regionPath, q: f.q, type: f.type, upcoming: true },
      f.pageSize,
      (f.page - 1) * f.pageSize,
    );
    return { items: rows.map((r) => toPublic(r, now)), total };
  }

  async getPublic(citizen: Citizen | null, id: number): Promise<PublicActivity> {
    const r = (await repo.listPublicById(this.db, id))[0];
    if (!r) throw new AppError('NOT_FOUND', 'id');
    let mine: PublicActivity['mine'] = null;
    if (citizen) {
      const live = await repo.findLiveRegistration(this.db, id, citizen.personId);
      if (live) {
        const g = (await repo.findRegistration(this.db, { id: live.id }))!;
        mine = { id: g.id, status: g.status, position: g.position };
      }
    }
    return toPublic(r, new Date(), mine);
  }

  /**
   * Registers the citizen. The activity row is locked, so places are taken strictly one at a time in arrival order:
   * registered while places last, then waitlisted (or pending when the host approves each registration).
   */
  async register(meta: Meta, citizen: Citizen, activityId: number): Promise<MyRegistration> {
    const id = await this.queued(activityId, () =>
      this.db.transaction().execute(async (trx) => {
        const a = await repo.lock(trx, repo.publishedScope(), activityId);
        if (!a) throw new AppError('NOT_FOUND', 'id');
        if (!registrationOpen(a, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'registration_closed' });
        if (await repo.findLiveRegistration(trx, activityId, citizen.personId)) throw new AppError('CONFLICT', 'id', { reason: 'already_registered' });
        let status: string;
        if (a.needs_approval) status = 'pending';
        else if (a.registered_count < a.capacity) status = 'registered';
        else if (a.waitlist_enabled) status = 'waitlisted';
        else throw new AppError('INVALID_STATE', 'id', { reason: 'full' });
        const seq = await repo.nextSeq(trx);
        const regId = await repo.insertRegistration(trx, { activity_id: activityId, person_id: citizen.personId, seq, status, code: newCheckInCode() });
        if (status === 'registered') await repo.addRegistered(trx, activityId, 1);
        await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
          action: 'activity.register',
          objectType: 'activity_registration',
          objectId: regId,
          detail: { activityId, personId: citizen.personId, status },
        });
        return regId;
      }),
    );
    return (await this.mine(citizen)).find((m) => m.id === id)!;
  }

  /** Cancels the citizen's registration inside the cancellation window; a freed place goes to the first waitlisted. */
  async cancelMine(meta: Meta, citizen: Citizen, registrationId: number): Promise<{ cancelled: true; promotedRegistrationId: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findRegistration(trx, { id: registrationId });
      if (!g || g.person_id !== citizen.personId) throw new AppError('NOT_FOUND', 'id');
      const a = (await repo.lock(trx, repo.anyScope(), g.activity_id))!;
      const fresh = (await repo.findRegistration(trx, { id: g.id }))!;
      if (!['pending', 'registered', 'waitlisted'].includes(fresh.status)) throw new AppError('INVALID_STATE', 'id', { reason: fresh.status });
      if (!cancellable(a, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'cancel_window' });
      if (fresh.checked_in_at) throw new AppError('INVALID_STATE', 'id', { reason: 'checked_in' });
      await repo.setRegistrationStatus(trx, g.id, 'cancelled', { cancelled: true });
      let promoted: { id: number; person_id: number } | undefined;
      if (fresh.status === 'registered') {
        await repo.addRegistered(trx, a.id, -1);
        promoted = await repo.promoteFirst(trx, a.id);
        if (promoted) await repo.addRegistered(trx, a.id, 1);
        await notifyPromoted(trx, a, promoted);
      }
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'activity.registration.cancel',
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId: a.id, promoted: promoted?.id ?? null },
      });
      return { cancelled: true as const, promotedRegistrationId: promoted?.id ?? null };
    });
  }

  async mine(citizen: Citizen): Promise<MyRegistration[]> {
    const now = new Date();
    const rows = await repo.listMine(this.db, citizen.personId);
    const rated = await this.ratings.forSubjects(
      this.db,
      'activity',
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const rating = rated.get(Number(r.id));
      return {
        id: r.id,
        activityId: r.activity_id,
        title: r.title,
        type: r.type,
        startsAt: iso(r.starts_at)!,
        endsAt: iso(r.ends_at)!,
        venueName: r.venue_name,
        status: r.status,
        activityStatus: r.activity_status,
        position: r.position,
        code: r.status === 'registered' && r.activity_status === 'published' ? r.code : null,
        checkedInAt: iso(r.checked_in_at),
        canCancel: ['pending', 'registered', 'waitlisted'].includes(r.status) && !r.checked_in_at && cancellable(r, now),
        rating: rating ? { level: rating.level, label: rating.label, comment: rating.comment } : null,
        canRate: !rating && r.attended && begun(r, now),
      };
    });
  }

  /**
   * The participant rates the activity once (好差评): only their own registration, only once they took part and the
   * activity has begun. A bad review opens a rectification for the host, as for requests.
   */
  async rateMine(meta: Meta, citizen: Citizen, registrationId: number, input: { level: number; comment?: string }): Promise<{ level: number; label: string }> {
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findAttendance(trx, registrationId);
      if (!g || g.person_id !== citizen.personId) throw new AppError('NOT_FOUND', 'id');
      if (!g.attended) throw new AppError('INVALID_STATE', 'id', { reason: 'not_attended' });
      if (!begun(g, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'not_started' });
      const { rating } = await this.ratings.rate(trx, actorOf(null, meta.ip, meta.requestId), {
        subjectType: 'activity',
        subjectId: g.id,
        orgId: g.host_org_id,
        level: input.level,
        comment: input.comment,
      });
      return { level: rating.level, label: rating.label };
    });
  }

  /** An online activity's join link: records the citizen's join once (person-times) and returns the link. */
  async join(meta: Meta, citizen: Citizen, activityId: number): Promise<{ url: string; counted: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, repo.publishedScope(), activityId);
      if (!a || a.type !== 'online' || !a.online_url) throw new AppError('NOT_FOUND', 'id');
      const now = Date.now();
      if (now < new Date(a.starts_at).getTime() - 3600_000 || now > new Date(a.ends_at).getTime())
        throw new AppError('INVALID_STATE', 'id', { reason: 'not_live' });
      if (await repo.hasParticipation(trx, activityId, citizen.personId, ['online'])) return { url: a.online_url, counted: false };
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: citizen.personId, registration_id: null, kind: 'online' });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'activity.join',
        objectType: 'activity',
        objectId: activityId,
        detail: { personId: citizen.personId },
      });
      return { url: a.online_url, counted: true };
    });
  }
}
