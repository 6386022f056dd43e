import type { Activity, ActivityUpdate } from '../../../contracts/activities.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { writeScope } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { iso, notifyPromoted, publishActivity, toActivity, type ActivityRecords } from './records.service.js';

/** Changes to an activity by its host: edits (a larger capacity promotes from the waitlist), publishing and cancellation. */
export class ActivityChanges {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly venues: VenuesService,
    private readonly records: ActivityRecords,
  ) {}

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
      this.records.checkTimes(merged);
      this.records.checkPlace(before.type, {
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
      if (input.cohostOrgIds !== undefined) await repo.setCohosts(trx, id, await this.records.cohostsOf(trx, input.cohostOrgIds, before.host_org_id));
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
}
