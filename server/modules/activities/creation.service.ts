import type { Activity, ActivityCreate } from '../../../contracts/activities.js';
import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { writeScope } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { publishActivity, toActivity, type ActivityRecords } from './records.service.js';

/** Creating an activity: host, region, campaign, co-hosts and a room booked with it; for other modules inside their transaction. */
export class ActivityCreation {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly venues: VenuesService,
    private readonly records: ActivityRecords,
  ) {}

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

  private async createInTx(trx: Tx, ctx: RequestContext, input: ActivityCreate): Promise<Activity> {
    this.records.checkTimes(input);
    this.records.checkPlace(input.type, input);
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
      const cohosts = await this.records.cohostsOf(trx, input.cohostOrgIds ?? [], host.id);
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
}
