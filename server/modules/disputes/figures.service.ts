import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import type { CaseSummary, DisputeFigures } from '../../../contracts/disputes.js';
import { OUTCOMES, SUCCESS_OUTCOMES } from './disputes.policy.js';
import * as repo from './disputes.repository.js';
import { caseScope, type DisputeCases, type ListFilter } from './cases.service.js';

/** Figures of the cases within the caller's scope, the Excel export of the list, the mediated count for other modules. */
export class DisputeFiguresService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly cases: DisputeCases,
  ) {}

  // ───────────── Figures and export ─────────────

  /** Cases by outcome, by district and by month, and the mediated-successfully count and rate, within the caller's scope. */
  async figures(actor: Actor, f: { from?: string; to?: string }): Promise<DisputeFigures> {
    if (f.from && f.to && f.to < f.from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    const s = caseScope(actor);
    const [byOutcome, byDistrict, byMonth] = await Promise.all([
      repo.countByOutcome(this.db, s, f),
      repo.countByDistrict(this.db, s, f, SUCCESS_OUTCOMES),
      repo.countByMonth(this.db, s, f, SUCCESS_OUTCOMES),
    ]);
    const total = byOutcome.reduce((n, r) => n + r.n, 0);
    const closed = byOutcome.filter((r) => r.status === 'closed').reduce((n, r) => n + r.n, 0);
    const success = byOutcome.filter((r) => r.key && SUCCESS_OUTCOMES.includes(r.key as never)).reduce((n, r) => n + r.n, 0);
    const outcomeCounts = new Map<string, number>();
    for (const r of byOutcome) if (r.key) outcomeCounts.set(r.key, (outcomeCounts.get(r.key) ?? 0) + r.n);
    const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
    return {
      total,
      open: total - closed,
      closed,
      success,
      successRate: rate(success, closed),
      byOutcome: OUTCOMES.map((o) => ({ outcome: o, count: outcomeCounts.get(o) ?? 0 })),
      byDistrict: byDistrict.map((r) => ({
        districtCode: r.key,
        districtName: r.name,
        total: r.total,
        closed: r.closed,
        success: r.success,
        successRate: rate(r.success, r.closed),
      })),
      byMonth: byMonth.map((r) => ({ month: r.key, total: r.total, closed: r.closed, success: r.success, successRate: rate(r.success, r.closed) })),
    };
  }

  /** The filtered list as an Excel file (no personal field), audited with its row count. */
  async exportXlsx(ctx: RequestContext, f: Omit<ListFilter, 'page' | 'pageSize'>): Promise<Buffer> {
    const { items } = await this.cases.list(ctx, { ...f, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'disputes',
      [
        { header: '编号 Number', value: (c: CaseSummary) => c.number, width: 18 },
        { header: '用人单位 Employer', value: (c) => c.employerName, width: 30 },
        { header: '区（市）县 District', value: (c) => c.districtName, width: 14 },
        { header: '区域 Region', value: (c) => c.regionName, width: 20 },
        { header: '受理单位 Opened by', value: (c) => c.openerOrgName, width: 30 },
        { header: '请求金额（元） Claimed (yuan)', value: (c) => c.claimedTotal, width: 16 },
        { header: '状态 Status', value: (c) => c.status, width: 12 },
        { header: '结果 Outcome', value: (c) => c.outcome, width: 12 },
        { header: '受理日期 Opened on', value: (c) => c.openedOn, width: 14 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.audit.appendStandalone(actorOf(ctx), { action: 'dispute.export', objectType: 'dispute', detail: { rows: items.length } });
    return buf;
  }

  /** For the dashboard and other modules: the mediated-successfully count of a region subtree. */
  async mediatedCount(db: Db, regionPath: string): Promise<number> {
    return repo.countSuccessIn(db, regionPath, SUCCESS_OUTCOMES);
  }
}
