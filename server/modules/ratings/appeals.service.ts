import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Appeal, AppealStatus, DecideInput } from '../../../contracts/ratings.js';
import { isBad, levelLabel, readScope, reviewScope, writeScope } from './ratings.policy.js';
import * as repo from './ratings.repository.js';
import { ratedFields, type RatedSubjects } from './subjects.service.js';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Appeals of untrue bad reviews, decided by the rated unit's parent organization. */
export class RatingAppeals {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly subjects: RatedSubjects,
  ) {}

  private toAppeal(r: repo.AppealRow, labels: Map<string, string>): Appeal {
    return {
      ...ratedFields(r, labels),
      reviewerOrgId: r.reviewer_org_id,
      reviewerOrgName: r.reviewer_org_name,
      level: r.level,
      label: levelLabel(r.level),
      comment: r.comment,
      reason: r.reason,
      status: r.status as Appeal['status'],
      decisionNote: r.decision_note,
      decidedByName: r.decided_by_name,
      createdAt: new Date(r.created_at).toISOString(),
      decidedAt: iso(r.decided_at),
      version: r.version,
    };
  }

  /** The rated unit appeals an untrue bad review to its parent organization; one appeal per rating. */
  async appeal(ctx: RequestContext, ratingId: number, input: { reason: string }): Promise<Appeal> {
    const reason = input.reason.normalize('NFC').trim();
    if (!reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findRating(trx, writeScope(ctx.actor), ratingId, true);
      if (!r) throw new AppError('NOT_FOUND', 'ratingId');
      if (!isBad(r.level)) throw new AppError('INVALID_STATE', 'level', { status: levelLabel(r.level) });
      if (!r.org_parent_id) throw new AppError('VALIDATION', 'ratingId', { reason: 'no_parent' });
      const rect = await repo.findRectificationByRating(trx, ratingId);
      if (rect && rect.status !== 'open') throw new AppError('INVALID_STATE', 'status', { status: rect.status });
      const id = await repo.insertAppeal(trx, {
        rating_id: ratingId,
        org_id: r.org_id,
        reviewer_org_id: r.org_parent_id,
        reason,
        created_by: ctx.actor.accountId,
      });
      if (!id) throw new AppError('CONFLICT', 'ratingId', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'rating_appeal.create',
        objectType: 'rating_appeal',
        objectId: id,
        detail: { ratingId, reviewerOrgId: r.org_parent_id },
      });
      const row = (await repo.findAppeal(trx, readScope(ctx.actor), id))!;
      return this.toAppeal(row, await this.subjects.labels(trx, [row]));
    });
  }

  /** Appeals of units in my scope: those my units made and those I am to decide. */
  async appeals(actor: Actor, f: { status?: AppealStatus; page: number; pageSize: number }): Promise<{ items: Appeal[]; total: number }> {
    const { rows, total } = await repo.listAppeals(this.db, readScope(actor), f, f.pageSize, (f.page - 1) * f.pageSize);
    const labels = await this.subjects.labels(this.db, rows);
    return { items: rows.map((r) => this.toAppeal(r, labels)), total };
  }

  async appealById(actor: Actor, id: number): Promise<Appeal> {
    const r = await repo.findAppeal(this.db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.toAppeal(r, await this.subjects.labels(this.db, [r]));
  }

  /**
   * The level above decides: upheld excludes the review from every index and voids its open rectification;
   * rejected lets it stand.
   */
  async decideAppeal(ctx: RequestContext, id: number, input: DecideInput): Promise<Appeal> {
    const note = input.note.normalize('NFC').trim();
    if (!note) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findAppeal(trx, reviewScope(ctx.actor), id, true);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      if (a.version !== input.version) throw new AppError('STALE_VERSION', 'version');
      if (a.status !== 'pending') throw new AppError('INVALID_STATE', 'status', { status: a.status });
      await repo.decideAppeal(trx, id, { status: input.decision, decision_note: note, decided_by: ctx.actor.accountId });
      if (input.decision === 'upheld') {
        await repo.setExcluded(trx, a.rating_id, true);
        const rect = await repo.findRectificationByRating(trx, a.rating_id);
        if (rect?.status === 'open') await repo.updateRectification(trx, rect.id, { status: 'void' });
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'rating_appeal.decide',
        objectType: 'rating_appeal',
        objectId: id,
        detail: { ratingId: a.rating_id, decision: input.decision },
      });
      const row = (await repo.findAppeal(trx, readScope(ctx.actor), id))!;
      return this.toAppeal(row, await this.subjects.labels(trx, [row]));
    });
  }
}
