import type { ProjectDetail } from '../../../contracts/socialorgs.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { maskFreeText } from '../../platform/crypto/free-text.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/time.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import { stale, state, toProject, type SorgRecords } from './records.service.js';
import { achieved, isSorgStaff, projectScope } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

/** Purchased-service projects: their deliverables against the linked activities, milestones reported and decided, evaluation. */
export class SorgProjects {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly activities: ActivitiesService,
    private readonly records: SorgRecords,
  ) {}

  async projectDetail(db: Db, p: repo.ProjectRow): Promise<ProjectDetail> {
    const activityIds = await repo.activityIdsOf(db, p.id);
    const acts = await this.activities.figuresOf(db, activityIds);
    const rated = await this.activities.ratingsOf(db, activityIds);
    return {
      ...toProject(p),
      deliverables: p.deliverables.map((d) => ({ ...d, achieved: achieved(d.kind, acts) })),
      milestones: (await repo.milestonesOf(db, p.id)).map((m) => ({
        id: m.id,
        seq: m.seq,
        title: m.title,
        dueOn: m.due_on,
        payment: m.payment,
        status: m.status,
        report: m.report,
        paidOn: m.paid_on,
      })),
      activities: acts.map((a) => ({ id: a.id, title: a.title, startsAt: a.startsAt, status: a.status, personTimes: a.personTimes })),
      userRatings: { rated: rated.rated, satisfied: rated.satisfied, bad: rated.bad, satisfactionRate: rated.satisfactionRate },
    };
  }

  async requireProject(db: Db, actor: Actor, id: number, lock = false, field = 'id'): Promise<repo.ProjectRow> {
    this.records.requireReader(actor);
    const p = await repo.findProject(db, projectScope(actor), id, lock);
    if (!p) throw new AppError('NOT_FOUND', field);
    return p;
  }

  async projects(actor: Actor, f: { page: number; pageSize: number }) {
    this.records.requireReader(actor);
    const { rows, total } = await repo.listProjects(this.db, projectScope(actor), { limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    return { items: rows.map(toProject), total, page: f.page, pageSize: f.pageSize };
  }

  async project(actor: Actor, id: number): Promise<ProjectDetail> {
    return this.projectDetail(this.db, await this.requireProject(this.db, actor, id));
  }

  async linkActivity(ctx: RequestContext, id: number, activityId: number): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProject(trx, ctx.actor, id, true);
      if (p.status === 'evaluated') throw state('id');
      // The organization's own activity (hosted by its organization), read through the activities service.
      const act = await this.activities.requireVisible(trx, ctx.actor, activityId, 'activityId');
      if (act.hostOrgId !== p.org_id) throw new AppError('VALIDATION', 'activityId', { reason: 'not_host' });
      if (!(await repo.linkActivity(trx, p.id, activityId))) throw new AppError('CONFLICT', 'activityId', { reason: 'duplicate' });
      if (p.status === 'signed') await repo.setProjectStatus(trx, p.id, 'delivering');
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.project.activity', objectType: 'sorg_project', objectId: p.id, detail: { activityId } });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), id))!);
    });
  }

  async reportMilestone(ctx: RequestContext, milestoneId: number, report: string): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMilestone(trx, milestoneId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, m.project_id, true, 'id');
      if (p.org_id !== ctx.actor.orgId) throw new AppError('NOT_FOUND', 'id');
      if (m.status !== 'planned' && m.status !== 'returned') throw state('id');
      await repo.reportMilestone(trx, m.id, maskFreeText(report.trim()));
      await this.records.storeText(trx, 'sorg_milestones', String(m.id), report.trim());
      if (p.status === 'signed') await repo.setProjectStatus(trx, p.id, 'delivering');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.milestone.report',
        objectType: 'sorg_project',
        objectId: p.id,
        detail: { milestoneId: m.id, seq: m.seq },
      });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }

  async decideMilestone(ctx: RequestContext, milestoneId: number, accept: boolean): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMilestone(trx, milestoneId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      if (isSorgStaff(ctx.actor)) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, m.project_id, true, 'id');
      if (m.status !== 'reported') throw state('id', 'not_reported');
      await repo.decideMilestone(trx, m.id, accept, chinaToday());
      await this.audit.append(trx, actorOf(ctx), {
        action: accept ? 'sorg.milestone.accept' : 'sorg.milestone.return',
        objectType: 'sorg_project',
        objectId: p.id,
        detail: { milestoneId: m.id, payment: accept ? m.payment : 0 },
      });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }

  async evaluate(ctx: RequestContext, id: number, input: { version: number; score: number; note: string }): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      if (isSorgStaff(ctx.actor)) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, id, true);
      if (p.status === 'evaluated') throw state('id');
      if ((await repo.milestonesOf(trx, p.id)).some((m) => m.status !== 'accepted')) throw state('id', 'milestones_open');
      if (!(await repo.evaluateProject(trx, p.id, input.version, input.score, maskFreeText(input.note.trim())))) throw stale();
      await this.records.storeText(trx, 'sorg_projects', String(p.id), input.note.trim());
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.evaluate', objectType: 'sorg_project', objectId: p.id, detail: { score: input.score } });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }
}
