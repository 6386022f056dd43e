import type { Application, CallDetail, CallInput } from '../../../contracts/socialorgs.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { hasPermission, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { stale, state, toCall, type SorgRecords } from './records.service.js';
import { callSorgScope, callStaffScope, checkCriteria, isSorgStaff, ownCallScope, weighted } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

/** Purchased-service calls: drafted, published to the organizations of their area, their review panel, closed for review. */
export class SorgCalls {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly regions: RegionsService,
    private readonly accounts: AccountsService,
    private readonly records: SorgRecords,
  ) {}

  private async callScopeOf(db: Db, actor: Actor) {
    if (isSorgStaff(actor)) return callSorgScope((await this.records.ownSorg(db, actor)).region_path);
    if (!hasPermission(actor, 'sorg.read')) throw new AppError('FORBIDDEN');
    return callStaffScope(actor);
  }

  private async requireCall(db: Db, actor: Actor, id: number, lock = false, field = 'id'): Promise<repo.CallRow> {
    const c = await repo.findCall(db, await this.callScopeOf(db, actor), id, lock);
    if (!c) throw new AppError('NOT_FOUND', field);
    return c;
  }

  /** Calls only the calling organization's own tree may change. */
  async requireOwnCall(db: Db, actor: Actor, id: number): Promise<repo.CallRow> {
    const c = await repo.findCall(db, ownCallScope(actor), id, true);
    if (!c) throw new AppError('NOT_FOUND', 'id');
    return c;
  }

  reviewOf(criteria: repo.CallRow['criteria'], decls: repo.DeclarationRow[], scores: repo.ScoreRow[], appId: number) {
    return decls
      .filter((d) => d.application_id === appId)
      .map((d) => {
        const mine = scores.filter((s) => s.application_id === appId && s.account_id === d.account_id).map((s) => ({ criterion: s.criterion, score: s.score }));
        return { accountId: d.account_id, reviewer: d.name, conflict: d.conflict, scores: mine, weighted: d.conflict ? null : weighted(criteria, mine) };
      });
  }

  async applications(db: Db, actor: Actor, call: repo.CallRow, rows: repo.ApplicationRow[]): Promise<Application[]> {
    const ids = rows.map((r) => r.id);
    const [decls, scores] = await Promise.all([repo.declarationsOf(db, ids), repo.scoresOf(db, ids)]);
    const staff = !isSorgStaff(actor) && pathWithin(call.org_path, actor.scope.orgPath);
    return rows.map((a) => {
      const reviews = this.reviewOf(call.criteria, decls, scores, a.id);
      const mine = reviews.find((r) => r.accountId === actor.accountId);
      return {
        id: a.id,
        callId: a.call_id,
        callTitle: a.call_title,
        sorgId: a.sorg_id,
        sorgName: a.sorg_name,
        title: a.title,
        proposal: a.proposal,
        amount: a.amount,
        documents: a.documents,
        status: a.status,
        totalScore: a.total_score,
        submittedAt: new Date(a.submitted_at).toISOString(),
        myConflict: mine ? mine.conflict : null,
        myScores: mine?.scores ?? [],
        reviews: staff ? reviews.map(({ reviewer, conflict, scores: s, weighted: w }) => ({ reviewer, conflict, scores: s, weighted: w })) : [],
        projectId: a.project_id,
      };
    });
  }

  async callDetail(db: Db, actor: Actor, c: repo.CallRow): Promise<CallDetail> {
    const reviewers = await repo.reviewersOf(db, c.id);
    const rows = await repo.applicationsOf(db, c.id, isSorgStaff(actor) ? actor.orgId : null);
    return {
      ...toCall(c),
      reviewers: reviewers.map((r) => ({ accountId: r.account_id, name: r.name })),
      onPanel: reviewers.some((r) => r.account_id === actor.accountId),
      applications: await this.applications(db, actor, c, rows),
    };
  }

  async calls(actor: Actor, f: { status?: string; page: number; pageSize: number }) {
    const { rows, total } = await repo.listCalls(this.db, await this.callScopeOf(this.db, actor), {
      status: f.status,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return { items: rows.map(toCall), total, page: f.page, pageSize: f.pageSize };
  }

  async call(actor: Actor, id: number): Promise<CallDetail> {
    return this.callDetail(this.db, actor, await this.requireCall(this.db, actor, id));
  }

  async createCall(ctx: RequestContext, input: CallInput): Promise<CallDetail> {
    checkCriteria(input.criteria);
    if (input.deadline < chinaToday()) throw new AppError('VALIDATION', 'deadline', { reason: 'past' });
    return this.db.transaction().execute(async (trx) => {
      const area = await this.regions.requireRegion(input.areaCode, 'areaCode', trx);
      if (!pathWithin(area.path, ctx.actor.scope.regionPath)) throw new AppError('VALIDATION', 'areaCode', { reason: 'outside_scope' });
      const id = await repo.insertCall(trx, {
        org_id: ctx.actor.orgId,
        org_path: ctx.actor.scope.orgPath,
        org_name: ctx.actor.orgName,
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        budget: input.budget,
        area_code: area.code,
        area_path: area.path,
        area_name: area.name,
        target_groups: [...new Set(input.targetGroups)],
        criteria: input.criteria,
        deadline: input.deadline,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.call.create', objectType: 'sorg_call', objectId: id, detail: { budget: input.budget } });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }

  async publishCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status !== 'draft') throw state('status');
      if (c.deadline < chinaToday()) throw new AppError('VALIDATION', 'deadline', { reason: 'past' });
      if (!(await repo.setCallStatus(trx, id, version, 'draft', 'open'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.call.publish', objectType: 'sorg_call', objectId: id });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }

  async panelCandidates(actor: Actor, id: number) {
    const c = await this.requireOwnCall(this.db, actor, id);
    const { items } = await this.accounts.list(actor, { page: 1, pageSize: 200 });
    void c;
    return { items: items.filter((a) => a.status === 'active').map((a) => ({ accountId: a.id, name: a.displayName })) };
  }

  async setPanel(ctx: RequestContext, id: number, accountIds: number[]): Promise<CallDetail> {
    // Panel members are accounts the actor may read (its own tree), looked up before the transaction.
    const rs: Array<{ account_id: number; name: string }> = [];
    for (const [i, aid] of [...new Set(accountIds)].entries()) {
      const a = await this.accounts.get(ctx.actor, aid).catch(() => {
        throw new AppError('NOT_FOUND', `accountIds.${i}`);
      });
      if (a.status !== 'active') throw new AppError('VALIDATION', `accountIds.${i}`, { reason: 'invalid' });
      rs.push({ account_id: a.id, name: a.displayName });
    }
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status === 'awarded' || c.status === 'closed') throw state('status');
      if (await repo.hasDeclarations(trx, id)) throw state('accountIds', 'review_started');
      await repo.replaceReviewers(trx, id, rs);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.call.panel',
        objectType: 'sorg_call',
        objectId: id,
        detail: { reviewers: rs.map((r) => r.account_id) },
      });
      return this.callDetail(trx, ctx.actor, c);
    });
  }

  async closeCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status !== 'open') throw state('status');
      if ((await repo.reviewersOf(trx, id)).length === 0) throw state('accountIds', 'no_panel');
      if (!(await repo.setCallStatus(trx, id, version, 'open', 'review'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.call.review',
        objectType: 'sorg_call',
        objectId: id,
        detail: { applications: c.applications },
      });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }
}
