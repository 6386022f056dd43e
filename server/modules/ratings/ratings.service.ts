import type { OrgReassignment } from '../../platform/repath.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { AuditActor, AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { protectText, revealText } from '../../platform/crypto/free-text.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { AppError } from '../../platform/errors.js';
import type { Appeal, AppealStatus, CompleteInput, DecideInput, Indices, Rectification, RectificationFilter } from '../../../contracts/ratings.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { isBad, levelLabel, type SubjectType } from './ratings.policy.js';
import * as repo from './ratings.repository.js';
import { RatingAppeals } from './appeals.service.js';
import { RatingIndices, type IndicesFilter } from './indices.service.js';
import { RatingRectifications } from './rectifications.service.js';
import { RatedSubjects, type SubjectProvider } from './subjects.service.js';

export type { HandlingFigures, SubjectProvider } from './subjects.service.js';

export type RatingSummary = { rated: number; satisfied: number; bad: number; satisfactionRate: number | null; levels: Record<string, number> };

export type Rating = {
  id: number;
  subjectType: string;
  subjectId: number;
  orgId: number;
  orgName: string;
  level: number;
  label: string;
  comment: string;
  bad: boolean;
  excluded: boolean;
  ratedAt: string;
};

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

registerNotificationKind({
  kind: 'rating.received',
  module: 'ratings',
  audience: 'staff',
  defaults: ['in_app'],
  text: (p) => `本单位收到一条评价（${p.level}）`,
});
registerNotificationKind({
  kind: 'rating.rectification',
  module: 'ratings',
  audience: 'staff',
  defaults: ['in_app'],
  text: () => '本单位收到差评，须在15个工作日内整改',
});

/**
 * Satisfaction (好差评) for any rated subject: one rating per subject, bad reviews opening a rectification with a
 * call-back, appeals decided by the level above, and the three rates (三率) per unit and month with a ranking.
 *
 * The one entry point of the module for routes and other modules; the use cases beyond rating itself live in
 * `rectifications.service.ts`, `appeals.service.ts` and `indices.service.ts`.
 */
export class RatingsService {
  private readonly subjects = new RatedSubjects();
  private readonly rectificationsOf: RatingRectifications;
  private readonly appealsOf: RatingAppeals;
  private readonly indicesOf: RatingIndices;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    calendar: CalendarService,
    private readonly keyring: Keyring,
  ) {
    this.rectificationsOf = new RatingRectifications(db, audit, calendar, this.subjects);
    this.appealsOf = new RatingAppeals(db, audit, this.subjects);
    this.indicesOf = new RatingIndices(db, audit, this.subjects);
    calendar.onArrangement((trx, change) => this.rectificationsOf.moveProvisionalDeadlines(trx, change));
  }

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
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
    this.subjects.register(type, provider);
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
    const id = await repo.insertRating(db, {
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      org_id: input.orgId,
      level: input.level,
      comment: p.masked,
      comment_enc: p.enc,
    });
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
  openRectification(db: Db, ratingId: number, orgId: number): Promise<number> {
    return this.rectificationsOf.openRectification(db, ratingId, orgId);
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

  /** Rectifications of bad reviews given to units in my scope. */
  rectifications(actor: Actor, f: RectificationFilter & { page: number; pageSize: number }): Promise<{ items: Rectification[]; total: number }> {
    return this.rectificationsOf.rectifications(actor, f);
  }

  /** One rectification in my scope. */
  rectification(actor: Actor, id: number): Promise<Rectification> {
    return this.rectificationsOf.rectification(actor, id);
  }

  /** Completes a rectification: the measures taken and the call-back to the rater are both required. */
  completeRectification(ctx: RequestContext, id: number, input: CompleteInput): Promise<Rectification> {
    return this.rectificationsOf.completeRectification(ctx, id, input);
  }

  /** The rated unit appeals an untrue bad review to its parent organization; one appeal per rating. */
  appeal(ctx: RequestContext, ratingId: number, input: { reason: string }): Promise<Appeal> {
    return this.appealsOf.appeal(ctx, ratingId, input);
  }

  /** Appeals of units in my scope: those my units made and those I am to decide. */
  appeals(actor: Actor, f: { status?: AppealStatus; page: number; pageSize: number }): Promise<{ items: Appeal[]; total: number }> {
    return this.appealsOf.appeals(actor, f);
  }

  /** One appeal in my scope. */
  appealById(actor: Actor, id: number): Promise<Appeal> {
    return this.appealsOf.appealById(actor, id);
  }

  /** The level above decides an appeal: upheld excludes the review from every index; rejected lets it stand. */
  decideAppeal(ctx: RequestContext, id: number, input: DecideInput): Promise<Appeal> {
    return this.appealsOf.decideAppeal(ctx, id, input);
  }

  /** The three rates per unit of one level in my scope for one month, ranked. */
  indices(actor: Actor, q: IndicesFilter): Promise<Indices> {
    return this.indicesOf.indices(actor, q);
  }

  /** The same indices and ranking as an Excel workbook (audited). */
  exportIndices(ctx: RequestContext, q: IndicesFilter): Promise<Buffer> {
    return this.indicesOf.exportIndices(ctx, q);
  }
}
