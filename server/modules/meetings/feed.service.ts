import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { ownSeries } from './meetings.policy.js';
import * as repo from './meetings.repository.js';

export const feedPath = (token: string): string => `/api/meeting-feeds/${token}.ics`;

/** An organization's iCalendar feed of its meetings: the address (made, rotated, revoked) and the text served under it. */
export class MeetingFeed {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
  ) {}

  async getFeed(actor: Actor): Promise<{ path: string | null }> {
    const token = await repo.findFeed(this.db, actor.scope.orgId);
    return { path: token ? feedPath(token) : null };
  }

  /** My organization's feed address: the existing one, or a new token (rotate replaces it, so the old address stops working). */
  async makeFeed(ctx: RequestContext, rotate: boolean): Promise<{ path: string }> {
    return this.db.transaction().execute(async (trx) => {
      const orgId = ctx.actor.scope.orgId;
      const existing = await repo.findFeed(trx, orgId);
      if (existing && !rotate) return { path: feedPath(existing) };
      const token = randomBytes(24).toString('base64url');
      await repo.upsertFeed(trx, orgId, token, ctx.actor.accountId || null);
      await this.audit.append(trx, actorOf(ctx), { action: existing ? 'meeting.feed.rotate' : 'meeting.feed.create', objectType: 'org', objectId: orgId });
      return { path: feedPath(token) };
    });
  }

  async revokeFeed(ctx: RequestContext): Promise<{ ok: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const orgId = ctx.actor.scope.orgId;
      if (!(await repo.deleteFeed(trx, orgId))) throw new AppError('NOT_FOUND', 'token');
      await this.audit.append(trx, actorOf(ctx), { action: 'meeting.feed.revoke', objectType: 'org', objectId: orgId });
      return { ok: true };
    });
  }

  /**
   * The iCalendar text of a feed token: the meetings (from 90 days ago on, not cancelled) of the series the token's
   * organization runs or sits in, as of its place in the tree now; null for an unknown token or an archived organization.
   */
  async feedText(token: string): Promise<string | null> {
    const orgId = await repo.feedByToken(this.db, token);
    if (orgId === undefined) return null;
    const org = (await this.orgs.briefs(this.db, [orgId])).get(orgId);
    if (!org?.active) return null;
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const rows = (await repo.listOccurrences(this.db, ownSeries(org.path), { from })).filter((o) => o.status !== 'cancelled');
    const cal = ical({ name: `${org.name} 联席会议`, prodId: { company: 'QunHub', product: 'meetings', language: 'ZH' }, timezone: 'Asia/Shanghai' });
    for (const o of rows) {
      cal.createEvent({
        id: `meeting-occurrence-${o.id}@qunhub`,
        start: new Date(o.starts_at),
        end: new Date(o.ends_at),
        summary: o.series_title,
        ...(o.venue_label ? { location: o.venue_label } : {}),
        description: `议题申报截止 Topics until ${o.topic_deadline}${o.status === 'held' ? ' · 已召开 held' : ''}`,
      });
    }
    return cal.toString();
  }
}
