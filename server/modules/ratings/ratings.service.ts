import type { RawBuilder, SqlBool } from 'kysely';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditActor, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { protectText, revealText } from '../../platform/crypto/free-text.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import type { ArrangementChange, CalendarService } from '../calendar/calendar.service.js';
import {
  chinaToday,
  isBad,
  levelLabel,
  monthRange,
  rate,
  readScope,
  RECTIFY_WORKING_DAYS,
  reviewScope,
  writeScope,
  type SubjectType,
} from './ratings.policy.js';
import * as repo from './ratings.repository.js';

/** Handling figures a subject module reports per handling unit for one month (what the response and resolution rates count). */
export type HandlingFigures = { org_path: string; total: number; accepted_in_time: number; resolved: number };

/** What a module whose records are rated offers the ratings component. */
export type SubjectProvider = {
  /** Per handling unit within `scope` (a predicate over `orgs o`): subjects of the month, accepted within SLA, resolved. */
  handlingFigures(db: Db, scope: RawBuilder<SqlBool>, from: string, to: string): Promise<HandlingFigures[]>;
  /** Readable labels of subjects (a request's number). */
  labels(db: Db, ids: number[]): Promise<Map<number, string>>;
};

export type RatingSummary = { rated: number; satisfied: number; bad: number; satisfactionRate: number | null; levels: Record<string, number> };

export type Rating = { id: number; subjectType: string; subjectId: number; orgId: number; orgName: string; level: number; label: string; comment: string; bad: boolean; excluded: boolean; ratedAt: string };

export type Rectification = {
  id: number;
  ratingId: number;
  subjectType: string;
  subjectId: number;
  subjectLabel: string;
  orgId: number;
  orgName: string;
  level: number;
  label: string;
  comment: string;
  status: 'open' | 'done' | 'void';
  due: string;
  /** The due date reaches a year whose official holiday arrangement is not yet entered (预计). */
  dueProvisional: boolean;
  overdue: boolean;
  measures: string | null;
  callbackNote: string | null;
  callbackAt: string | null;
  completedByName: string | null;
  completedAt: string | null;
  appealStatus: 'pending' | 'upheld' | 'rejected' | null;
  version: number;
  createdAt: string;
};

export type Appeal = {
  id: number;
  ratingId: number;
  subjectType: string;
  subjectId: number;
  subjectLabel: string;
  orgId: number;
  orgName: string;
  reviewerOrgId: number;
  reviewerOrgName: string;
  level: number;
  label: string;
  comment: string;
  reason: string;
  status: 'pending' | 'upheld' | 'rejected';
  decisionNote: string | null;
  decidedByName: string | null;
  createdAt: string;
  decidedAt: string | null;
  version: number;
};

export type IndexRow = {
  rank: number;
  orgId: number;
  orgName: string;
  typeCode: string;
  total: number;
  acceptedInTime: number;
  resolved: number;
  rated: number;
  satisfied: number;
  bad: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** The mean of the three rates that have a value; the ranking key. */
  score: number | null;
};

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toRating = (r: repo.RatingRow): Rating => ({
  id: r.id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  orgId: r.org_id,
  orgName: r.org_name,
  level: r.level,
  label: levelLabel(r.level),
  comment: r.comment,
  bad: isBad(r.level),
  excluded: r.excluded,
  ratedAt: new Date(r.rated_at).toISOString(),
});

registerNotificationKind({ kind: 'rating.received', module: 'ratings', audience: 'staff', defaults: ['in_app'], text: (p) => `本单位收到一条评价（${p.level}）` });
registerNotificationKind({ kind: 'rating.rectification', module: 'ratings', audience: 'staff', defaults: ['in_app'], text: () => '本单位收到差评，须在15个工作日内整改' });

/**
 * Satisfaction (好差评) for any rated subject: one rating per subject, bad reviews opening a rectification with a
 * call-back, appeals decided by the level above, and the three rates (三率) per unit and month with a ranking.
 */
export class RatingsService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  private readonly providers = new Map<SubjectType, SubjectProvider>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    private readonly keyring: Keyring,
  ) {
    calendar.onArrangement((trx, change) => this.moveProvisionalDeadlines(trx, change));
  }

  /** Open rectifications due in a provisional year keep their 15 working days from their opening under the official calendar. */
  private async moveProvisionalDeadlines(
    trx: Tx,
    change: ArrangementChange,
  ): Promise<{ kind: string; moved: number }> {
    let moved = 0;
    for (const r of await repo.listProvisionalDeadlines(trx)) {
      const due = change.moveDeadline(r.opened_on, r.due);
      await repo.moveDeadline(trx, r.id, due, change.provisional(due));
      if (due === r.due) continue;
      await this.audit.append(trx, actorOf(change.ctx), { action: 'rectification.deadline_move', objectType: 'rectification', objectId: r.id, detail: { year: change.year, from: r.due, to: due } });
      moved++;
    }
    return { kind: 'rectification', moved };
  }

  /** A comment is stored masked, with the full text encrypted and bound to its subject. */
  private protectComment(subjectType: string, subjectId: number, comment: string) {
    return protectText(this.keyring, comment, { table: 'ratings', column: 'comment', rowId: `${subjectType}:${subjectId}` });
  }

  /**
   * The full comment of a subject's rating, for the subject module's audited reveal (the caller checked scope and
   * writes the audit entry); null when there is no rating. Throws FieldIntegrityError on a failed check.
   */
  async revealComment(db: Db, subjectType: SubjectType, subjectId: number): Promise<string | null> {
    const r = await repo.findCommentSecret(db, subjectType, subjectId);
    if (!r) return null;
    return revealText(this.keyring, r.comment, r.comment_enc, { table: 'ratings', column: 'comment', rowId: `${subjectType}:${subjectId}` });
  }

  /** Masks and encrypts comments stored before they were protected (migration 0081); answers how many changed. */
  async protectStoredComments(batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction().execute(async (trx) => {
        const rows = await repo.listUnprotectedComments(trx, batch);
        for (const r of rows) {
          const p = this.protectComment(r.subject_type, r.subject_id, r.comment);
          await repo.setComment(trx, r.id, p.masked, p.enc!);
        }
        return rows.length;
      });
      total += n;
      if (n < batch) return total;
    }
  }

  /** A module whose records are rated registers itself once, at wiring time. */
  registerSubject(type: SubjectType, provider: SubjectProvider): void {
    this.providers.set(type, provider);
  }

  /**
   * Records the one rating of a subject inside the caller's transaction; a bad review opens a rectification due in
   * 15 working days. A second rating of the same subject is a CONFLICT.
   */
  async rate(
    db: Tx,
    who: AuditActor,
    input: { subjectType: SubjectType; subjectId: number; orgId: number; level: number; comment?: string },
  ): Promise<{ rating: Rating; rectificationId: number | null }> {
    if (!Number.isInteger(input.level) || input.level < 1 || input.level > 5) throw new AppError('VALIDATION', 'level', { reason: 'enum' });
    const comment = input.comment?.normalize('NFC').trim() ?? '';
    if (Array.from(comment).length > 1000) throw new AppError('VALIDATION', 'comment', { reason: 'maxLength', limit: 1000 });
    const p = this.protectComment(input.subjectType, input.subjectId, comment);
    const id = await repo.insertRating(db, { subject_type: input.subjectType, subject_id: input.subjectId, org_id: input.orgId, level: input.level, comment: p.masked, comment_enc: p.enc });
    if (!id) throw new AppError('CONFLICT', 'subject', { reason: 'duplicate' });
    let rectificationId: number | null = null;
    if (isBad(input.level)) rectificationId = await this.openRectification(db, id, input.orgId);
    await notify(db, {
      kind: rectificationId ? 'rating.rectification' : 'rating.received',
      to: { orgId: input.orgId },
      params: { level: input.level },
      link: '/ratings',
      eventKey: `rating:${id}`,
    });
    await this.audit.append(db, who, {
      action: 'rating.create',
      objectType: 'rating',
      objectId: id,
      detail: { subjectType: input.subjectType, subjectId: input.subjectId, level: input.level, orgId: input.orgId, rectificationId },
    });
    return { rating: toRating((await repo.findBySubject(db, input.subjectType, input.subjectId))!), rectificationId };
  }

  /** Opens the rectification (整改) of a bad review: the rated unit, due in 15 working days from today. */
  async openRectification(db: Db, ratingId: number, orgId: number): Promise<number> {
    const d = await this.calendar.deadline(chinaToday(), RECTIFY_WORKING_DAYS, db);
    return repo.insertRectification(db, { rating_id: ratingId, org_id: orgId, due: d.due, due_provisional: d.provisional });
  }

  /** The rating of one subject, if any (no scope: the caller has already proven it may read the subject). */
  async forSubject(db: Db, subjectType: SubjectType, subjectId: number): Promise<Rating | null> {
    const r = await repo.findBySubject(db, subjectType, subjectId);
    return r ? toRating(r) : null;
  }

  /** The ratings of several subjects of one type, by subject id (no scope: the caller has proven it may read them). */
  async forSubjects(db: Db, subjectType: SubjectType, subjectIds: number[]): Promise<Map<number, Rating>> {
    return new Map((await repo.findBySubjects(db, subjectType, subjectIds)).map((r) => [Number(r.subject_id), toRating(r)]));
  }

  /** How some subjects were rated: counts per level and the satisfaction rate (satisfied / rated), appeals upheld left out. */
  async summary(db: Db, subjectType: SubjectType, subjectIds: number[]): Promise<RatingSummary> {
    const counts = new Map((await repo.levelCounts(db, subjectType, subjectIds)).map((r) => [r.level, r.n]));
    const levels = Object.fromEntries([1, 2, 3, 4, 5].map((l) => [String(l), counts.get(l) ?? 0]));
    const rated = [...counts.values()].reduce((a, b) => a + b, 0);
    const bad = [...counts].filter(([l]) => isBad(l)).reduce((a, [, n]) => a + n, 0);
    return { rated, satisfied: rated - bad, bad, satisfactionRate: rated ? (rated - bad) / rated : null, levels };
  }

  private async labels(db: Db, items: Array<{ subject_type: string; subject_id: number }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byType = new Map<string, number[]>();
    for (const i of items) byType.set(i.subject_type, [...(byType.get(i.subject_type) ?? []), i.subject_id]);
    for (const [type, ids] of byType) {
      const p = this.providers.get(type as SubjectType);
      if (!p) continue;
      for (const [id, label] of await p.labels(db, ids)) out.set(`${type}:${id}`, label);
    }
    return out;
  }

  // ───────────── Rectifications ─────────────

  private toRectification(r: repo.RectificationRow, labels: Map<string, string>): Rectification {
    return {
      id: r.id,
      ratingId: r.rating_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectLabel: labels.get(`${r.subject_type}:${r.subject_id}`) ?? String(r.subject_id),
      orgId: r.org_id,
      orgName: r.org_name,
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
  async rectifications(actor: Actor, f: { status?: string; overdue?: boolean; subjectType?: string; page: number; pageSize: number }): Promise<{ items: Rectification[]; total: number }> {
    const { rows, total } = await repo.listRectifications(this.db, readScope(actor), f, chinaToday(), f.pageSize, (f.page - 1) * f.pageSize);
    const labels = await this.labels(this.db, rows);
    return { items: rows.map((r) => this.toRectification(r, labels)), total };
  }

  async rectification(actor: Actor, id: number): Promise<Rectification> {
    const r = await repo.findRectification(this.db, readScope(actor), id, chinaToday());
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.toRectification(r, await this.labels(this.db, [r]));
  }

  /** Completes a rectification: the measures taken and the call-back to the rater are both required. */
  async completeRectification(ctx: RequestContext, id: number, input: { version: number; measures: string; callbackNote: string; callbackAt?: string }): Promise<Rectification> {
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
      await repo.updateRectification(trx, id, { status: 'done', measures, callback_note: callbackNote, callback_at: callbackAt, completed_by: ctx.actor.accountId, completed_at: new Date() });
      await this.audit.append(trx, actorOf(ctx), { action: 'rectification.complete', objectType: 'rectification', objectId: id, detail: { ratingId: r.rating_id, late: r.due < today } });
      const after = (await repo.findRectification(trx, writeScope(ctx.actor), id, today))!;
      return this.toRectification(after, await this.labels(trx, [after]));
    });
  }

  // ───────────── Appeals ─────────────

  private toAppeal(r: repo.AppealRow, labels: Map<string, string>): Appeal {
    return {
      id: r.id,
      ratingId: r.rating_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectLabel: labels.get(`${r.subject_type}:${r.subject_id}`) ?? String(r.subject_id),
      orgId: r.org_id,
      orgName: r.org_name,
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
      const id = await repo.insertAppeal(trx, { rating_id: ratingId, org_id: r.org_id, reviewer_org_id: r.org_parent_id, reason, created_by: ctx.actor.accountId });
      if (!id) throw new AppError('CONFLICT', 'ratingId', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), { action: 'rating_appeal.create', objectType: 'rating_appeal', objectId: id, detail: { ratingId, reviewerOrgId: r.org_parent_id } });
      const row = (await repo.findAppeal(trx, readScope(ctx.actor), id))!;
      return this.toAppeal(row, await this.labels(trx, [row]));
    });
  }

  /** Appeals of units in my scope: those my units made and those I am to decide. */
  async appeals(actor: Actor, f: { status?: string; page: number; pageSize: number }): Promise<{ items: Appeal[]; total: number }> {
    const { rows, total } = await repo.listAppeals(this.db, readScope(actor), f, f.pageSize, (f.page - 1) * f.pageSize);
    const labels = await this.labels(this.db, rows);
    return { items: rows.map((r) => this.toAppeal(r, labels)), total };
  }

  async appealById(actor: Actor, id: number): Promise<Appeal> {
    const r = await repo.findAppeal(this.db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.toAppeal(r, await this.labels(this.db, [r]));
  }

  /**
   * The level above decides: upheld excludes the review from every index and voids its open rectification;
   * rejected lets it stand.
   */
  async decideAppeal(ctx: RequestContext, id: number, input: { version: number; decision: 'upheld' | 'rejected'; note: string }): Promise<Appeal> {
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
      await this.audit.append(trx, actorOf(ctx), { action: 'rating_appeal.decide', objectType: 'rating_appeal', objectId: id, detail: { ratingId: a.rating_id, decision: input.decision } });
      const row = (await repo.findAppeal(trx, readScope(ctx.actor), id))!;
      return this.toAppeal(row, await this.labels(trx, [row]));
    });
  }

  // ───────────── Indices (三率) and ranking ─────────────

  /**
   * Per unit of one level in my scope, for one month: response rate (accepted within the SLA / submitted), resolution
   * rate (resolved or closed / submitted), satisfaction rate (非常满意 + 满意 + 基本满意 / rated, upheld appeals excluded),
   * each counted over the unit's subtree; ranked by the mean of the rates.
   */
  async indices(actor: Actor, q: { month: string; level: string; typeCode?: string; subjectType?: SubjectType }): Promise<{ month: string; level: string; items: IndexRow[] }> {
    const subjectType = q.subjectType ?? 'request';
    const provider = this.providers.get(subjectType);
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

  async exportIndices(ctx: RequestContext, q: { month: string; level: string; typeCode?: string; subjectType?: SubjectType }): Promise<Buffer> {
    const { items } = await this.indices(ctx.actor, q);
    const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(2)}%`);
    const rows = items.slice(0, EXPORT_ROW_LIMIT);
    const buf = await toXlsx(
      `indices ${q.month}`,
      [
        { header: '排名 Rank', value: (r: IndexRow) => (r.rank || ''), width: 8 },
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
      this.audit.append(trx, actorOf(ctx), { action: 'rating_indices.export', objectType: 'rating', detail: { month: q.month, level: q.level, rows: rows.length } }),
    );
    return buf;
  }
}
