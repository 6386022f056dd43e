import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { FeedAddress } from '../../../contracts/venues.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { requireVenue } from './registry.service.js';
import * as repo from './venues.repository.js';

/** The public address of a feed: its token is the only key. */
export const feedPath = (token: string): string => `/api/venue-feeds/${token}.ics`;

/** iCalendar feeds of a venue's or an organization's bookings, behind an unguessable token. */
export class VenueFeeds {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** The secret feed address of a venue I can read, or of my organization; created on first request, replaced on rotate. */
  async feedAddress(ctx: RequestContext, kind: 'venue' | 'org', venueId: number | undefined, rotate: boolean): Promise<FeedAddress> {
    const { token } = await this.db.transaction().execute(async (trx) => {
      let refId = ctx.actor.scope.orgId;
      if (kind === 'venue') {
        if (!venueId) throw new AppError('VALIDATION', 'venueId', { reason: 'required' });
        await requireVenue(trx, ctx.actor, venueId, rotate);
        refId = venueId;
      }
      const existing = await repo.findFeed(trx, kind, refId);
      if (existing && !rotate) return { token: existing };
      const token = randomBytes(24).toString('base64url');
      await repo.upsertFeed(trx, kind, refId, token);
      await this.audit.append(trx, actorOf(ctx), {
        action: rotate ? 'venue.feed.rotate' : 'venue.feed.create',
        objectType: kind === 'venue' ? 'venue' : 'org',
        objectId: refId,
      });
      return { token };
    });
    return { token, path: feedPath(token) };
  }

  /** The iCalendar text for a feed token (confirmed and requested bookings from 30 days ago on); null for an unknown token. */
  async feed(token: string): Promise<string | null> {
    const f = await repo.feedByToken(this.db, token);
    if (!f) return null;
    const rows = await repo.feedBookings(this.db, f.kind, f.ref_id, new Date(Date.now() - 30 * 86_400_000));
    const cal = ical({
      name: f.kind === 'venue' ? (rows[0]?.venue_name ?? 'QunHub venue') : 'QunHub bookings',
      prodId: { company: 'QunHub', product: 'venues', language: 'ZH' },
      timezone: 'Asia/Shanghai',
    });
    for (const b of rows) {
      cal.createEvent({
        id: `venue-booking-${b.id}@qunhub`,
        start: new Date(b.starts_at),
        end: new Date(b.ends_at),
        summary: `${b.purpose}（${b.org_name}）`,
        location: `${b.venue_name} ${b.room_name}${b.address ? ` · ${b.address}` : ''}`,
        description: b.status === 'pending' ? '待审批 pending approval' : '已确认 confirmed',
        stamp: new Date(b.created_at),
      });
    }
    return cal.toString();
  }
}
