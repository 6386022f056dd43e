import type { TotalDimension, Totals } from '../../../contracts/activities.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { readScope } from './activities.policy.js';
import * as repo from './activities.repository.js';

/** Activities and person-times grouped by campaign, host organization, district or month, and their export. */
export class ActivityTotals {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

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
}
