import type { Project, ProjectBrief, ProjectInput } from '../../../contracts/projects.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { pathWithin, unscoped, type ScopeSql } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { health, projectScope, rollUp, type Health } from './meetings.policy.js';
import * as meetingsRepo from './meetings.repository.js';
import * as repo from './projects.repository.js';

const HEALTH_ZH: Record<Health, string> = { on_time: '按期推进', at_risk: '存在风险', late: '滞后', done: '已完成' };
const KIND_ZH: Record<string, string> = { major_event: '重大活动', reform_pilot: '改革试点', service_project: '服务项目' };

/** Major and reform projects co-hosted by many departments: milestones, progress reports, risks raised to the quarterly meeting, portfolio. */
export class ProjectsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  private async briefs(db: Db, rows: repo.ProjectRow[]): Promise<{ items: ProjectBrief[]; ms: repo.MilestoneRow[] }> {
    const ms = await repo.listMilestones(
      db,
      rows.map((r) => r.id),
    );
    const names = await this.orgs.briefs(
      db,
      rows.map((r) => r.lead_org_id),
    );
    const today = chinaToday();
    return {
      ms,
      items: rows.map((r) => {
        const mine = ms.filter((m) => m.project_id === r.id);
        return {
          id: r.id,
          title: r.title,
          kind: r.kind,
          brand: r.brand,
          level: r.level,
          leadOrg: { id: r.lead_org_id, name: names.get(r.lead_org_id)?.name ?? '' },
          hostCount: r.host_count,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          progress: rollUp(mine),
          health: health(r, mine, today),
          budgetYuan: r.budget_yuan,
        };
      }),
    };
  }

  async portfolio(actor: Actor, f: { level?: 'city' | 'district'; health?: Health }) {
    const { items } = await this.briefs(this.db, await repo.list(this.db, projectScope(actor), { level: f.level }));
    const counts = { on_time: 0, at_risk: 0, late: 0, done: 0 };
    for (const i of items) counts[i.health]++;
    return { counts, items: f.health ? items.filter((i) => i.health === f.health) : items };
  }

  async exportXlsx(ctx: RequestContext, f: { level?: 'city' | 'district'; health?: Health }): Promise<Buffer> {
    const { items } = await this.portfolio(ctx.actor, f);
    if (items.length > EXPORT_ROW_LIMIT) throw new AppError('VALIDATION', 'level', { reason: 'too_many' });
    const buf = await toXlsx(
      '项目 Projects',
      [
        { header: 'ID', value: (p: ProjectBrief) => p.id, width: 8 },
        { header: '项目 Project', value: (p) => p.title, width: 40 },
        { header: '类别 Kind', value: (p) => KIND_ZH[p.kind] ?? p.kind, width: 12 },
        { header: '品牌 Brand', value: (p) => p.brand, width: 20 },
        { header: '牵头单位 Lead', value: (p) => p.leadOrg.name, width: 28 },
        { header: '参与单位数 Hosts', value: (p) => p.hostCount, width: 10 },
        { header: '开始 Start', value: (p) => p.startsOn, width: 12 },
        { header: '结束 End', value: (p) => p.endsOn, width: 12 },
        { header: '进度% Progress', value: (p) => p.progress, width: 10 },
        { header: '状态 Health', value: (p) => HEALTH_ZH[p.health], width: 12 },
        { header: '预算（元） Budget', value: (p) => p.budgetYuan, width: 14 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'project.export', objectType: 'project', detail: { rows: items.length } }));
    return buf;
  }

  private async detail(db: Db, actor: Actor, id: number, scope: ScopeSql): Promise<Project> {
    const rows = await repo.list(db, scope, { id });
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'id');
    const r = rows[0]!;
    const { items, ms } = await this.briefs(db, rows);
    const [hosts, reports] = await Promise.all([repo.listHosts(db, id), repo.listReports(db, id)]);
    const names = await this.orgs.briefs(db, [...hosts.map((h) => h.org_id), ...ms.map((m) => m.owner_org_id), ...reports.map((x) => x.org_id)]);
    const today = chinaToday();
    const canManage = actor.permissions.has('meeting.manage') && pathWithin(r.owner_path, actor.scope.orgPath);
    return {
      ...items[0]!,
      hosts: hosts.map((h) => ({ id: h.org_id, name: names.get(h.org_id)?.name ?? '', role: h.role })),
      milestones: ms.map((m) => ({
        id: m.id,
        title: m.title,
        owner: { id: m.owner_org_id, name: names.get(m.owner_org_id)?.name ?? '' },
        dueOn: m.due_on,
        weight: m.weight,
        progress: m.progress,
        doneOn: m.done_on,
        late: m.progress < 100 && m.due_on < today,
      })),
      reports: reports.map((x) => ({
        milestone: x.milestone,
        orgName: names.get(x.org_id)?.name ?? '',
        progress: x.progress,
        note: x.note,
        risk: x.risk,
        actorName: x.actor_name,
        at: new Date(x.at).toISOString(),
      })),
      results: r.results,
      canManage,
      canReport: canManage || (actor.permissions.has('meeting.take_part') && hosts.some((h) => pathWithin(h.org_path, actor.scope.orgPath))),
      version: r.version,
    };
  }

  async get(actor: Actor, id: number): Promise<Project> {
    return this.detail(this.db, actor, id, projectScope(actor));
  }

  /** Registers a project owned by the actor's organization (the coordination office) at its level. */
  async create(ctx: RequestContext, input: ProjectInput): Promise<Project> {
    const actor = ctx.actor;
    if (input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'endsOn', { reason: 'date_order' });
    return this.db.transaction().execute(async (trx) => {
      const hostIds = [...new Set([input.leadOrgId, ...input.coHostOrgIds])];
      const briefs = await this.orgs.briefs(trx, [actor.scope.orgId, ...hostIds, ...input.milestones.map((m) => m.ownerOrgId)]);
      const owner = briefs.get(actor.scope.orgId);
      if (!owner || (owner.level !== 'city' && owner.level !== 'district')) throw new AppError('VALIDATION', 'level', { reason: 'region_level' });
      const fits = (id: number) => {
        const b = briefs.get(id);
        return b !== undefined && b.active && (pathWithin(b.regionPath, owner.regionPath) || pathWithin(owner.regionPath, b.regionPath));
      };
      if (!fits(input.leadOrgId)) throw new AppError('NOT_FOUND', 'leadOrgId');
      input.coHostOrgIds.forEach((id, i) => {
        if (!fits(id)) throw new AppError('NOT_FOUND', `coHostOrgIds.${i}`);
      });
      input.milestones.forEach((m, i) => {
        if (!hostIds.includes(m.ownerOrgId)) throw new AppError('VALIDATION', `milestones.${i}.ownerOrgId`, { reason: 'not_member' });
        if (m.dueOn < input.startsOn || m.dueOn > input.endsOn) throw new AppError('VALIDATION', `milestones.${i}.dueOn`, { reason: 'date_order' });
      });
      const id = await repo.insertProject(trx, {
        title: input.title.trim(),
        kind: input.kind,
        brand: (input.brand ?? '').trim(),
        level: owner.level,
        lead_org_id: input.leadOrgId,
        owner_path: owner.path,
        region_code: owner.regionCode,
        region_path: owner.regionPath,
        budget_yuan: input.budgetYuan ?? null,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actor.accountId || null,
      });
      await repo.insertHosts(
        trx,
        id,
        hostIds.map((h) => ({ org_id: h, org_path: briefs.get(h)!.path, role: h === input.leadOrgId ? 'lead' : 'co' })),
      );
      await repo.insertMilestones(
        trx,
        id,
        input.milestones.map((m) => ({ title: m.title.trim(), owner_org_id: m.ownerOrgId, due_on: m.dueOn, weight: m.weight ?? 1 })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'project.create',
        objectType: 'project',
        objectId: id,
        detail: { hosts: hostIds.length, milestones: input.milestones.length },
      });
      return this.detail(trx, actor, id, unscoped('checked'));
    });
  }

  /**
   * A host (or the owner) reports progress, on a milestone it owns when it names one; a risk or need becomes a
   * topic of the owner's next quarterly meeting.
   */
  async report(
    ctx: RequestContext,
    id: number,
    input: { milestoneId?: number; progress?: number; note: string; risk?: string },
  ): Promise<{ project: Project; raisedTopicOccurrenceId: number | null }> {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const p = (await repo.list(trx, projectScope(actor), { id }))[0];
      if (!p) throw new AppError('NOT_FOUND', 'id');
      await repo.lockProject(trx, id);
      const hosts = await repo.listHosts(trx, id);
      const manage = actor.permissions.has('meeting.manage') && pathWithin(p.owner_path, actor.scope.orgPath);
      const myHost = hosts.find((h) => pathWithin(h.org_path, actor.scope.orgPath));
      if (!manage && !(actor.permissions.has('meeting.take_part') && myHost)) throw new AppError('FORBIDDEN');
      let milestoneId: number | null = null;
      if (input.milestoneId !== undefined) {
        const m = (await repo.listMilestones(trx, [id])).find((x) => x.id === input.milestoneId);
        if (!m) throw new AppError('NOT_FOUND', 'milestoneId');
        const owner = hosts.find((h) => h.org_id === m.owner_org_id);
        if (!manage && !(owner && pathWithin(owner.org_path, actor.scope.orgPath))) throw new AppError('FORBIDDEN');
        if (input.progress !== undefined) await repo.setMilestoneProgress(trx, m.id, input.progress, chinaToday());
        milestoneId = m.id;
      } else if (input.progress !== undefined) throw new AppError('VALIDATION', 'milestoneId', { reason: 'required' });
      const risk = (input.risk ?? '').trim();
      const orgId = myHost?.org_id ?? actor.scope.orgId;
      await repo.insertReport(trx, {
        project_id: id,
        milestone_id: milestoneId,
        org_id: orgId,
        progress: input.progress ?? null,
        note: input.note.trim(),
        risk,
        actor_name: actor.displayName,
      });
      let raised: number | null = null;
      if (risk) {
        const occ = await repo.nextQuarterlyOccurrence(trx, p.owner_path, chinaToday());
        if (occ) {
          await meetingsRepo.insertTopic(trx, {
            occurrence_id: occ.id,
            org_id: orgId,
            title: `【项目风险】${p.title}`.slice(0, 200),
            note: risk,
            source: 'project_risk',
            project_id: id,
            created_by: actor.accountId || null,
          });
          raised = occ.id;
        }
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'project.report',
        objectType: 'project',
        objectId: id,
        detail: { milestoneId, progress: input.progress ?? null, risk: risk.length > 0, topicOccurrenceId: raised },
      });
      return { project: await this.detail(trx, actor, id, unscoped('checked')), raisedTopicOccurrenceId: raised };
    });
  }
}
