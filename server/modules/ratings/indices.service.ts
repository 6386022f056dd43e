import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import type { IndexRow, Indices } from '../../../contracts/ratings.js';
import { monthRange, rate, readScope, type SubjectType } from './ratings.policy.js';
import * as repo from './ratings.repository.js';
import type { RatedSubjects } from './subjects.service.js';

export type IndicesFilter = { month: string; level: string; typeCode?: string; subjectType?: SubjectType };

/** The three rates (三率) per unit and month, counted over each unit's subtree, with a competition ranking and its export. */
export class RatingIndices {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly subjects: RatedSubjects,
  ) {}

  /**
   * Per unit of one level in my scope, for one month: response rate (accepted within the SLA / submitted), resolution
   * rate (resolved or closed / submitted), satisfaction rate (非常满意 + 满意 + 基本满意 / rated, upheld appeals excluded),
   * each counted over the unit's subtree; ranked by the mean of the rates.
   */
  async indices(actor: Actor, q: IndicesFilter): Promise<Indices> {
    const subjectType = q.subjectType ?? 'request';
    const provider = this.subjects.get(subjectType);
    if (!provider) throw new AppError('VALIDATION', 'subjectType', { reason: 'enum' });
    const { from, to } = monthRange(q.month);
    const scope = readScope(actor);
    const [units, handling, ratings] = await Promise.all([
      repo.listUnits(this.db, scope, q.level, q.typeCode),
      provider.handlingFigures(this.db, scope, from, to),
      repo.ratingFigures(this.db, scope, subjectType, from, to),
    ]);
    const acc = new Map(units.map((u) => [u.path, { total: 0, acceptedInTime: 0, resolved: 0, rated: 0, satisfied: 0, bad: 0 }]));
    // Every figure rolls up to the unit of the requested level on its path (a unit's subtree).
    const unitOf = (path: string) => {
      const parts = path.split('.');
      for (let i = parts.length; i > 0; i--) {
        const a = acc.get(parts.slice(0, i).join('.'));
        if (a) return a;
      }
      return undefined;
    };
    for (const h of handling) {
      const a = unitOf(h.org_path);
      if (!a) continue;
      a.total += Number(h.total);
      a.acceptedInTime += Number(h.accepted_in_time);
      a.resolved += Number(h.resolved);
    }
    for (const r of ratings) {
      const a = unitOf(r.org_path);
      if (!a) continue;
      a.rated += r.rated;
      a.satisfied += r.satisfied;
      a.bad += r.bad;
    }
    const rows = units.map((u) => {
      const a = acc.get(u.path)!;
      const rates = [rate(a.acceptedInTime, a.total), rate(a.resolved, a.total), rate(a.satisfied, a.rated)];
      const present = rates.filter((x): x is number => x !== null);
      return {
        rank: 0,
        orgId: u.id,
        orgName: u.name,
        typeCode: u.type_code,
        ...a,
        responseRate: rates[0]!,
        resolutionRate: rates[1]!,
        satisfactionRate: rates[2]!,
        score: present.length ? Math.round((present.reduce((s, x) => s + x, 0) / present.length) * 10_000) / 10_000 : null,
      };
    });
    rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || y.total - x.total || x.orgId - y.orgId);
    // Competition ranking: equal scores share a rank; units with nothing to count come last, unranked (0).
    let prev: number | null = null;
    let prevRank = 0;
    rows.forEach((r, i) => {
      if (r.score === null) return;
      r.rank = r.score === prev ? prevRank : i + 1;
      prev = r.score;
      prevRank = r.rank;
    });
    return { month: q.month, level: q.level, items: rows };
  }

  async exportIndices(ctx: RequestContext, q: IndicesFilter): Promise<Buffer> {
    const { items } = await this.indices(ctx.actor, q);
    const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(2)}%`);
    const rows = items.slice(0, EXPORT_ROW_LIMIT);
    const buf = await toXlsx(
      `indices ${q.month}`,
      [
        { header: '排名 Rank', value: (r: IndexRow) => r.rank || '', width: 8 },
        { header: '单位 Unit', value: (r) => r.orgName, width: 36 },
        { header: '诉求数 Requests', value: (r) => r.total, width: 12 },
        { header: '响应率 Response rate', value: (r) => pct(r.responseRate), width: 14 },
        { header: '解决率 Resolution rate', value: (r) => pct(r.resolutionRate), width: 14 },
        { header: '评价数 Ratings', value: (r) => r.rated, width: 10 },
        { header: '差评数 Bad reviews', value: (r) => r.bad, width: 10 },
        { header: '满意率 Satisfaction rate', value: (r) => pct(r.satisfactionRate), width: 14 },
        { header: '综合 Score', value: (r) => pct(r.score), width: 10 },
      ],
      rows,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db.transaction().execute((trx) =>
      this.audit.append(trx, actorOf(ctx), {
        action: 'rating_indices.export',
        objectType: 'rating',
        detail: { month: q.month, level: q.level, rows: rows.length },
      }),
    );
    return buf;
  }
}
