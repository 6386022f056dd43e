import type { Application, AwardInput, ProjectDetail } from '../../../contracts/socialorgs.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { hasPermission, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { maskFreeText } from '../../platform/crypto/free-text.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { SorgCalls } from './calls.service.js';
import type { SorgProjects } from './projects.service.js';
import { stale, state, type SorgRecords } from './records.service.js';
import { callSorgScope, callStaffScope, checkDeliverables, isSorgStaff, meanScore, ownApplicationScope, ownCallScope } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

/** Applications to a call, the panel's declarations and scores, and the award that signs a project. */
export class SorgApplications {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly records: SorgRecords,
    private readonly calls: SorgCalls,
    private readonly projects: SorgProjects,
  ) {}

  async apply(ctx: RequestContext, callId: number, input: { title: string; proposal: string; amount: number; documents?: string[] }): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const s = await this.records.ownSorg(trx, ctx.actor);
      const c = await repo.findCall(trx, callSorgScope(s.region_path), callId, true);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (c.status !== 'open' || c.deadline < chinaToday()) throw state('id', 'call_closed');
      if (input.amount > c.budget) throw new AppError('VALIDATION', 'amount', { reason: 'over_budget', limit: c.budget });
      if (await repo.applicationExists(trx, c.id, s.id)) throw new AppError('CONFLICT', 'id', { reason: 'duplicate' });
      const id = await repo.insertApplication(trx, {
        call_id: c.id,
        sorg_id: s.id,
        org_id: s.org_id,
        title: input.title.trim(),
        proposal: maskFreeText(input.proposal.trim()),
        amount: input.amount,
        documents: input.documents ?? [],
      });
      await this.records.storeText(trx, 'sorg_applications', String(id), input.proposal.trim());
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.apply',
        objectType: 'sorg_application',
        objectId: id,
        detail: { callId: c.id, amount: input.amount },
      });
      return this.oneApplication(trx, ctx.actor, id);
    });
  }

  /** An application the actor may see: its organization's staff, or the calling organization's tree. */
  async requireApplication(db: Db, actor: Actor, id: number, lock = false): Promise<{ a: repo.ApplicationRow; c: repo.CallRow }> {
    let scope;
    if (isSorgStaff(actor)) scope = ownApplicationScope(actor);
    else if (hasPermission(actor, 'sorg.read') || hasPermission(actor, 'sorg.review')) scope = callStaffScope(actor);
    else throw new AppError('FORBIDDEN');
    const a = await repo.findApplication(db, scope, id, lock);
    if (!a) throw new AppError('NOT_FOUND', 'id');
    const c = (await repo.findCall(db, unscoped('checked'), a.call_id))!;
    return { a, c };
  }

  private async oneApplication(db: Db, actor: Actor, id: number): Promise<Application> {
    const { a, c } = await this.requireApplication(db, actor, id);
    return (await this.calls.applications(db, actor, c, [a]))[0]!;
  }

  async application(actor: Actor, id: number): Promise<Application> {
    return this.oneApplication(this.db, actor, id);
  }

  private async requirePanelMember(db: Db, actor: Actor, id: number) {
    const { a, c } = await this.requireApplication(db, actor, id, true);
    if (isSorgStaff(actor)) throw new AppError('FORBIDDEN');
    if (!(await repo.reviewersOf(db, c.id)).some((r) => r.account_id === actor.accountId)) throw new AppError('FORBIDDEN');
    if (c.status !== 'review') throw state('id', 'not_in_review');
    return { a, c };
  }

  async declare(ctx: RequestContext, id: number, input: { conflict: boolean; note?: string }): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const { a } = await this.requirePanelMember(trx, ctx.actor, id);
      if (await repo.findDeclaration(trx, a.id, ctx.actor.accountId)) throw new AppError('CONFLICT', 'conflict', { reason: 'duplicate' });
      const note = input.note?.trim() ?? '';
      await repo.insertDeclaration(trx, { application_id: a.id, account_id: ctx.actor.accountId, conflict: input.conflict, note: maskFreeText(note) });
      if (note) await this.records.storeText(trx, 'sorg_declarations', `${a.id}:${ctx.actor.accountId}`, note);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.review.declare',
        objectType: 'sorg_application',
        objectId: a.id,
        detail: { conflict: input.conflict },
      });
      await this.rescore(trx, a.id);
      return this.oneApplication(trx, ctx.actor, a.id);
    });
  }

  private async rescore(db: Db, applicationId: number): Promise<void> {
    const a = (await repo.findApplication(db, unscoped('checked'), applicationId))!;
    const c = (await repo.findCall(db, unscoped('checked'), a.call_id))!;
    const [decls, scores] = await Promise.all([repo.declarationsOf(db, [a.id]), repo.scoresOf(db, [a.id])]);
    await repo.setApplicationScore(
      db,
      a.id,
      meanScore(
        this.calls
          .reviewOf(c.criteria, decls, scores, a.id)
          .filter((r) => !r.conflict)
          .map((r) => r.weighted),
      ),
    );
  }

  async score(ctx: RequestContext, id: number, scores: Array<{ criterion: string; score: number }>): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const { a, c } = await this.requirePanelMember(trx, ctx.actor, id);
      const d = await repo.findDeclaration(trx, a.id, ctx.actor.accountId);
      if (!d) throw state('scores', 'declare_first');
      if (d.conflict) throw new AppError('FORBIDDEN', 'scores', { reason: 'conflict_declared' });
      const keys = new Set(c.criteria.map((k) => k.key));
      const seen = new Set<string>();
      scores.forEach((s, i) => {
        if (!keys.has(s.criterion)) throw new AppError('VALIDATION', `scores.${i}.criterion`, { reason: 'invalid' });
        if (seen.has(s.criterion)) throw new AppError('VALIDATION', `scores.${i}.criterion`, { reason: 'duplicate' });
        seen.add(s.criterion);
      });
      await repo.upsertScores(trx, a.id, ctx.actor.accountId, scores);
      await this.rescore(trx, a.id);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.review.score',
        objectType: 'sorg_application',
        objectId: a.id,
        detail: { criteria: scores.length },
      });
      return this.oneApplication(trx, ctx.actor, a.id);
    });
  }

  async award(ctx: RequestContext, id: number, input: AwardInput): Promise<ProjectDetail> {
    checkDeliverables(input.deliverables);
    if (input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'endsOn', { reason: 'after_start' });
    const total = input.milestones.reduce((s, m) => s + m.payment, 0);
    if (total !== input.amount) throw new AppError('VALIDATION', 'milestones', { reason: 'payments_sum', limit: input.amount });
    input.milestones.forEach((m, i) => {
      if (m.dueOn < input.startsOn || m.dueOn > input.endsOn) throw new AppError('VALIDATION', `milestones.${i}.dueOn`, { reason: 'outside_period' });
    });
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findApplication(trx, ownCallScope(ctx.actor), id, true);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      const c = await this.calls.requireOwnCall(trx, ctx.actor, a.call_id);
      if (c.status !== 'review' || a.status !== 'submitted') throw state('id');
      if (a.total_score === null) throw state('id', 'unscored');
      if (input.amount > c.budget) throw new AppError('VALIDATION', 'amount', { reason: 'over_budget', limit: c.budget });
      const pid = await repo.insertProject(trx, {
        application_id: a.id,
        call_id: c.id,
        sorg_id: a.sorg_id,
        org_id: a.org_id,
        funder_org_id: c.org_id,
        funder_path: c.org_path,
        funder_name: c.org_name,
        title: a.title,
        amount: input.amount,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        deliverables: input.deliverables,
      });
      for (const [i, m] of input.milestones.entries())
        await repo.insertMilestone(trx, { project_id: pid, seq: i + 1, title: m.title.trim(), due_on: m.dueOn, payment: m.payment });
      await repo.setApplicationStatus(trx, a.id, 'awarded');
      await repo.declineOthers(trx, c.id, a.id);
      if (!(await repo.setCallStatus(trx, c.id, c.version, 'review', 'awarded'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.award',
        objectType: 'sorg_project',
        objectId: pid,
        detail: { applicationId: a.id, amount: input.amount, milestones: input.milestones.length },
      });
      return this.projects.projectDetail(trx, (await repo.findProject(trx, unscoped('checked'), pid))!);
    });
  }
}
