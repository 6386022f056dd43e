import type { Figures } from '../../../contracts/meetings.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../platform/auth/actor.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { itemScope, seriesScope } from './meetings.policy.js';
import * as repo from './meetings.repository.js';

/** Rows of the on-time rate per lead organization in the figures. */
const LEAD_ORG_ROWS = 50;
/** Lowest on-time rate first, organizations with nothing closed (null) last. */
const rateOrder = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);
const byName = new Intl.Collator('zh-CN');

/** The coordination figures of a scope. */
export class MeetingFigures {
  constructor(
    private readonly db: Database,
    private readonly orgs: OrgsService,
  ) {}

  /**
   * The coordination figures of my scope, counted from the rows: meetings held, decisions, items by state (in all and
   * per lead organization with its on-time rate, lowest first), projects by health.
   */
  async figures(actor: Actor, projectCounts: () => Promise<Figures['projects']>): Promise<Figures> {
    const today = chinaToday();
    const [m, i, byLead, projects] = await Promise.all([
      repo.meetingFigures(this.db, seriesScope(actor)),
      repo.itemFigures(this.db, itemScope(actor), today),
      repo.itemFiguresByLeadOrg(this.db, itemScope(actor), today, LEAD_ORG_ROWS),
      projectCounts(),
    ]);
    const names = await this.orgs.briefs(
      this.db,
      byLead.map((r) => r.lead_org_id),
    );
    const byLeadOrg = byLead
      .map((r) => ({
        orgId: r.lead_org_id,
        orgName: names.get(r.lead_org_id)?.name ?? '',
        open: r.open,
        overdue: r.overdue,
        closedOnTime: r.closed_on_time,
        closedLate: r.closed_late,
        onTimeRate: r.on_time_rate,
      }))
      .sort((a, b) => rateOrder(a.onTimeRate, b.onTimeRate) || byName.compare(a.orgName, b.orgName) || a.orgId - b.orgId)
      .slice(0, LEAD_ORG_ROWS);
    return {
      held: m.byCadence.reduce((a, r) => a + r.held, 0),
      heldByCadence: m.byCadence,
      decisions: m.decisions,
      items: { open: i.open, overdue: i.overdue, closedOnTime: i.closed_on_time, closedLate: i.closed_late },
      byLeadOrg,
      projects,
    };
  }
}
