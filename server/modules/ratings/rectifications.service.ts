import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { CompleteInput, Rectification, RectificationFilter } from '../../../contracts/ratings.js';
import type { ArrangementChange, CalendarService } from '../calendar/calendar.service.js';
import { chinaToday, levelLabel, readScope, RECTIFY_WORKING_DAYS, writeScope } from './ratings.policy.js';
import * as repo from './ratings.repository.js';
import { ratedFields, type RatedSubjects } from './subjects.service.js';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Rectifications (整改) of bad reviews: opened with a deadline in working days, completed with measures and a call-back. */
export class RatingRectifications {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    private readonly subjects: RatedSubjects,
  ) {}

  /** Open rectifications due in a provisional year keep their 15 working days from their opening under the official calendar. */
  async moveProvisionalDeadlines(trx: Tx, change: ArrangementChange): Promise<{ kind: string; moved: number }> {
    let moved = 0;
    for (const r of await repo.listProvisionalDeadlines(trx)) {
      const due = change.moveDeadline(r.opened_on, r.due);
      await repo.moveDeadline(trx, r.id, due, change.provisional(due));
      if (due === r.due) continue;
      await this.audit.append(trx, actorOf(change.ctx), {
        action: 'rectification.deadline_move',
        objectType: 'rectification',
        objectId: r.id,
        detail: { year: change.year, from: r.due, to: due },
      });
      moved++;
    }
    return { kind: 'rectification', moved };
  }

  /** Opens the rectification (整改) of a bad review: the rated unit, due in 15 working days from today. */
  async openRectification(db: Db, ratingId: number, orgId: number): Promise<number> {
    const d = await this.calendar.deadline(chinaToday(), RECTIFY_WORKING_DAYS, db);
    return repo.insertRectification(db, { rating_id: ratingId, org_id: orgId, due: d.due, due_provisional: d.provisional });
  }

  private toRectification(r: repo.RectificationRow, labels: Map<string, string>): Rectification {
    return {
      ...ratedFields(r, labels),
      level: r.level,
      label: levelLabel(r.level),
      comment: r.comment,
      status: r.status as Rectification['status'],
      due: r.due,
      dueProvisional: r.due_provisional,
      overdue: r.overdue,
      measures: r.measures,
      callbackNote: r.callback_note,
      callbackAt: iso(r.callback_at),
      completedByName: r.completed_by_name,
      completedAt: iso(r.completed_at),
      appealStatus: r.appeal_status as Rectification['appealStatus'],
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
    };
  }

  /** Rectifications of bad reviews given to units in my scope. */
  async rectifications(actor: Actor, f: RectificationFilter & { page: number; pageSize: number }): Promise<{ items: Rectification[]; total: number }> {
    const { rows, total } = await repo.listRectifications(this.db, readScope(actor), f, chinaToday(), f.pageSize, (f.page - 1) * f.pageSize);
    const labels = await this.subjects.labels(this.db, rows);
    return { items: rows.map((r) => this.toRectification(r, labels)), total };
  }

  async rectification(actor: Actor, id: number): Promise<Rectification> {
    const r = await repo.findRectification(this.db, readScope(actor), id, chinaToday());
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.toRectification(r, await this.subjects.labels(this.db, [r]));
  }

  /** Completes a rectification: the measures taken and the call-back to the rater are both required. */
  async completeRectification(ctx: RequestContext, id: number, input: CompleteInput): Promise<Rectification> {
    const measures = input.measures.normalize('NFC').trim();
    const callbackNote = input.callbackNote.normalize('NFC').trim();
    if (!measures) throw new AppError('VALIDATION', 'measures', { reason: 'required' });
    if (!callbackNote) throw new AppError('VALIDATION', 'callbackNote', { reason: 'required' });
    const callbackAt = input.callbackAt ? new Date(input.callbackAt) : new Date();
    if (Number.isNaN(callbackAt.getTime())) throw new AppError('VALIDATION', 'callbackAt', { reason: 'format', format: 'date-time' });
    if (callbackAt.getTime() > Date.now() + 60_000) throw new AppError('VALIDATION', 'callbackAt', { reason: 'date_order' });
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findRectification(trx, writeScope(ctx.actor), id, today, true);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      if (r.version !== input.version) throw new AppError('STALE_VERSION', 'version');
      if (r.status !== 'open') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      if (callbackAt < new Date(r.created_at)) throw new AppError('VALIDATION', 'callbackAt', { reason: 'date_order' });
      await repo.updateRectification(trx, id, {
        status: 'done',
        measures,
        callback_note: callbackNote,
        callback_at: callbackAt,
        completed_by: ctx.actor.accountId,
        completed_at: new Date(),
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'rectification.complete',
        objectType: 'rectification',
        objectId: id,
        detail: { ratingId: r.rating_id, late: r.due < today },
      });
      const after = (await repo.findRectification(trx, writeScope(ctx.actor), id, today))!;
      return this.toRectification(after, await this.subjects.labels(trx, [after]));
    });
  }
}
