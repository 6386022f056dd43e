import type { Activity, ActivityCreate, PublicActivity, Registration } from '../../../contracts/activities.js';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/jobs/notify.js';
import type { CitizensService } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import { registrationOpen } from './activities.policy.js';
import * as repo from './activities.repository.js';

export const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** An activity row as staff read it. */
export const toActivity = (r: repo.ActivityRow): Activity => ({
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

/** An activity row as the portal shows it: no co-hosts or internal counts, the places left and whether registration is open. */
export const toPublic = (r: repo.ActivityRow, now: Date, mine: PublicActivity['mine'] = null): PublicActivity => {
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

/** A registration row as the host reads it. */
export const toRegistration = (r: repo.RegistrationRow): Registration => ({
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

/** Tells the subscribed systems of the host's tree that an activity was published or cancelled (no personal field). */
export async function publishActivity(trx: Tx, a: repo.ActivityRow, to: 'published' | 'cancelled'): Promise<void> {
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

/** Tells the citizen whose waitlisted registration took a freed place (in the transaction that promoted it). */
export async function notifyPromoted(trx: Tx, a: { id: number; title: string }, promoted: { id: number; person_id: number } | undefined): Promise<void> {
  if (!promoted) return;
  await notify(trx, {
    kind: 'activity.promoted',
    to: { personId: Number(promoted.person_id) },
    params: { title: a.title },
    link: '/portal/me/activities',
    eventKey: `activity.promoted:${promoted.id}`,
  });
}

/** What the use cases of activities share: the checks of times and place, and the co-hosts of an activity. */
export class ActivityRecords {
  constructor(
    private readonly orgs: OrgsService,
    private readonly citizens: CitizensService,
  ) {}

  /** The activity ends after it starts, and registration closes after it opens and by the start. */
  checkTimes(i: Pick<ActivityCreate, 'startsAt' | 'endsAt' | 'regOpensAt' | 'regClosesAt'>) {
    const [s, e, o, c] = [i.startsAt, i.endsAt, i.regOpensAt, i.regClosesAt].map((x) => new Date(x));
    if (e! <= s!) throw new AppError('VALIDATION', 'body.endsAt', { reason: 'after_start' });
    if (c! <= o!) throw new AppError('VALIDATION', 'body.regClosesAt', { reason: 'after_open' });
    if (c! > s!) throw new AppError('VALIDATION', 'body.regClosesAt', { reason: 'before_start' });
  }

  /** An online activity has an https link and nothing else; any other has a venue name, booking or room. */
  checkPlace(type: string, i: { onlineUrl?: string | null; venueName?: string | null; venueBookingId?: number | null; roomId?: number | null }) {
    if (type === 'online') {
      if (!i.onlineUrl) throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'required' });
      if (!/^https:\/\/[^\s]+$/i.test(i.onlineUrl)) throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'invalid' });
    } else if (i.onlineUrl) {
      throw new AppError('VALIDATION', 'body.onlineUrl', { reason: 'offline_only' });
    } else if (!i.venueName && !i.venueBookingId && !i.roomId) {
      throw new AppError('VALIDATION', 'body.venueName', { reason: 'required' });
    }
  }

  /** The co-hosts named (the host left out, at most 20), each an existing organization of the city. */
  async cohostsOf(trx: Db, ids: number[], hostId: number): Promise<number[]> {
    const unique = [...new Set(ids)].filter((x) => x !== hostId);
    if (unique.length > 20) throw new AppError('VALIDATION', 'body.cohostOrgIds', { reason: 'too_many' });
    const city = (await this.citizens.portalContext({ ip: '', requestId: '' }, trx)).actor;
    // Co-hosts may come from any organization tree: checked for existence city-wide.
    for (const id of unique) await this.orgs.requireReadable(trx, city, id, 'body.cohostOrgIds');
    return unique;
  }
}
