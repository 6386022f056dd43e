import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { PeopleService } from '../people/people.service.js';
import { readScope, writeScope } from './orgs.policy.js';
import type { OrgsService } from './orgs.service.js';
import * as repo from './staff.repository.js';
import * as orgRepo from './orgs.repository.js';
import type {
  CadreExchange,
  ExchangeCreate,
  LeaderBreakdown,
  LeaderCreate,
  LeaderEdit,
  Leaders,
  LevelComposition,
  NewPerson,
  Programme,
  ProgrammeCreate,
  StaffCount,
  StaffCreate,
  StaffMember,
} from '../../../contracts/orgs.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import { chinaToday } from '../../platform/time.js';
import { pathWithin } from '../../platform/scope.js';
import { countLeaders, type LeaderFacts } from './leader-breakdown.js';

type PersonRef = { personId?: number; person?: NewPerson };

const ratio = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);

/** Leadership teams, the staff roster by programme, cadre exchanges, and their composition figures. */
export class StaffService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly people: PeopleService,
  ) {}

  private async resolvePerson(trx: Tx, ctx: RequestContext, ref: PersonRef, orgId: number): Promise<number> {
    if (ref.personId !== undefined) return (await this.people.requireVisible(trx, ctx.actor, ref.personId)).id;
    if (!ref.person) throw new AppError('VALIDATION', 'personId', { reason: 'required' });
    return (await this.people.createIn(trx, ctx, { ...ref.person, orgId })).id;
  }

  async leaders(actor: Actor, orgId: number): Promise<Leaders> {
    await this.orgs.requireReadable(this.db, actor, orgId, 'id');
    const rows = await repo.listLeaders(this.db, orgId);
    const comp = (await repo.composition(this.db, readScope(actor), null, orgId))[0];
    return {
      items: rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        personName: r.person_name,
        phoneMasked: r.phone_masked,
        post: r.post,
        termStart: r.term_start,
        termEnd: r.term_end,
        staffingMode: r.staffing_mode,
        frontline: r.frontline,
        modelWorker: r.model_worker,
        education: r.education,
      })),
      composition: {
        members: comp?.members ?? 0,
        hasPartTimeOrSeconded: (comp?.teams_with_part_time_or_seconded ?? 0) > 0,
        frontlineShare: ratio(comp?.frontline ?? 0, comp?.members ?? 0),
        modelWorkerShare: ratio(comp?.model_workers ?? 0, comp?.members ?? 0),
      },
    };
  }

  async addLeader(ctx: RequestContext, orgId: number, input: LeaderCreate): Promise<{ id: number }> {
    if (input.termEnd && input.termEnd < input.termStart) throw new AppError('VALIDATION', 'termEnd', { reason: 'date_order' });
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, orgId, 'id');
      const personId = await this.resolvePerson(trx, ctx, input, org.id);
      const id = await repo.insertLeader(trx, {
        org_id: org.id,
        person_id: personId,
        post: input.post.trim(),
        term_start: input.termStart,
        term_end: input.termEnd ?? null,
        staffing_mode: input.staffingMode,
        frontline: input.frontline ?? false,
        model_worker: input.modelWorker ?? false,
        education: input.education ?? null,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'leader.add', objectType: 'leader', objectId: id, detail: { orgId: org.id, personId } });
      return { id };
    });
  }

  /** Changes a leadership-team member's post, term end, staffing mode, flags or education (the person stays). */
  async editLeader(ctx: RequestContext, id: number, input: LeaderEdit): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findLeaderInScope(trx, writeScope(ctx.actor), id);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      if (input.termEnd && input.termEnd < row.term_start) throw new AppError('VALIDATION', 'termEnd', { reason: 'date_order' });
      if (input.post !== undefined && !input.post.trim()) throw new AppError('VALIDATION', 'post', { reason: 'required' });
      const set: repo.LeaderChange = {
        ...(input.post !== undefined && { post: input.post.trim() }),
        ...(input.termEnd !== undefined && { term_end: input.termEnd }),
        ...(input.staffingMode !== undefined && { staffing_mode: input.staffingMode }),
        ...(input.frontline !== undefined && { frontline: input.frontline }),
        ...(input.modelWorker !== undefined && { model_worker: input.modelWorker }),
        ...(input.education !== undefined && { education: input.education }),
      };
      await repo.updateLeader(trx, id, set);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'leader.edit',
        objectType: 'leader',
        objectId: id,
        detail: { orgId: row.org_id, fields: Object.keys(set) },
      });
    });
  }

  async removeLeader(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findLeaderInScope(trx, writeScope(ctx.actor), id);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      await repo.deleteLeader(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'leader.remove', objectType: 'leader', objectId: id, detail: { orgId: row.org_id } });
    });
  }

  async staff(actor: Actor, orgId: number): Promise<StaffMember[]> {
    await this.orgs.requireReadable(this.db, actor, orgId, 'id');
    return (await repo.listStaff(this.db, orgId)).map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      phoneMasked: r.phone_masked,
      programme: r.programme,
      startedOn: r.started_on,
      endedOn: r.ended_on,
    }));
  }

  async addStaff(ctx: RequestContext, orgId: number, input: StaffCreate): Promise<{ id: number }> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, orgId, 'id');
      if (!(await repo.programmeExists(trx, input.programme))) throw new AppError('VALIDATION', 'programme', { reason: 'enum' });
      const personId = await this.resolvePerson(trx, ctx, input, org.id);
      const id = await repo.insertStaff(trx, { org_id: org.id, person_id: personId, programme: input.programme, started_on: input.startedOn });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'staff.add',
        objectType: 'staff',
        objectId: id,
        detail: { orgId: org.id, programme: input.programme },
      });
      return { id };
    });
  }

  async endStaff(ctx: RequestContext, id: number, endedOn: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findStaffInScope(trx, writeScope(ctx.actor), id);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      if (endedOn < row.started_on) throw new AppError('VALIDATION', 'endedOn', { reason: 'date_order' });
      await repo.endStaff(trx, id, endedOn);
      await this.audit.append(trx, actorOf(ctx), { action: 'staff.end', objectType: 'staff', objectId: id });
    });
  }

  async programmes(): Promise<Programme[]> {
    return (await repo.programmes(this.db)).map((p) => ({ code: p.code, nameZh: p.name_zh, nameEn: p.name_en }));
  }

  /** Adds a staff programme beyond the built-in ones (e.g. a new category of social worker). */
  async addProgramme(ctx: RequestContext, input: ProgrammeCreate): Promise<Programme> {
    await this.db.transaction().execute(async (trx) => {
      await repo.insertProgramme(trx, { code: input.code, name_zh: input.nameZh, name_en: input.nameEn });
      await this.audit.append(trx, actorOf(ctx), { action: 'staff_programme.create', objectType: 'staff_programme', objectId: input.code });
    });
    return input;
  }

  async staffSummary(actor: Actor, typeCode: string | null): Promise<StaffCount[]> {
    return (await repo.staffSummary(this.db, readScope(actor), typeCode)).map((r) => ({ programme: r.programme, count: r.n }));
  }

  /** Composition per level: share of teams with part-time or seconded members, share of frontline representatives. */
  async composition(actor: Actor, typeCode: string | null): Promise<LevelComposition[]> {
    return (await repo.composition(this.db, readScope(actor), typeCode, null)).map((r) => ({
      level: r.level,
      teams: r.teams,
      teamsWithPartTimeOrSeconded: r.teams_with_part_time_or_seconded,
      partTimeOrSecondedTeamShare: ratio(r.teams_with_part_time_or_seconded, r.teams),
      members: r.members,
      frontlineShare: ratio(r.frontline, r.members),
      modelWorkerShare: ratio(r.model_workers, r.members),
      fullTime: r.full_time,
      seconded: r.seconded,
      partTime: r.part_time,
    }));
  }

  /** Leadership composition of an organization in my scope: its own team, each unit below it rolled up, and the total. */
  async leaderBreakdown(actor: Actor, orgId?: number): Promise<LeaderBreakdown> {
    const root = await this.orgs.requireReadable(this.db, actor, orgId ?? actor.orgId, 'orgId');
    const today = chinaToday();
    const rows = await repo.currentLeaders(this.db, root.path, today);
    const people = await this.people.demographics(rows.map((r) => r.person_id));
    const facts = (r: repo.CurrentLeaderRow): LeaderFacts => ({
      birthDate: people.get(r.person_id)?.birthDate ?? null,
      gender: people.get(r.person_id)?.gender ?? null,
      education: r.education,
      staffingMode: r.staffing_mode,
      frontline: r.frontline,
    });
    const children = await orgRepo.directChildren(this.db, root.id);
    const out: LeaderBreakdown['rows'] = [
      { orgId: root.id, orgName: root.name, own: true, ...countLeaders(rows.filter((r) => r.org_id === root.id).map(facts), today) },
    ];
    for (const c of children) {
      const mine = rows.filter((r) => pathWithin(r.org_path, c.path)).map(facts);
      out.push({ orgId: c.id, orgName: c.name, own: false, ...countLeaders(mine, today) });
    }
    return { root: { id: root.id, name: root.name }, rows: out, total: countLeaders(rows.map(facts), today) };
  }

  async exportLeaderBreakdown(ctx: RequestContext, orgId?: number): Promise<Buffer> {
    const b = await this.leaderBreakdown(ctx.actor, orgId);
    type Row = LeaderBreakdown['rows'][number];
    const all: Row[] = [...b.rows, { orgId: b.root.id, orgName: '合计 Total', own: false, ...b.total }];
    const n = (k: keyof Row, header: string) => ({ header, value: (r: Row) => r[k] as number, width: 12 });
    const buf = await toXlsx(
      'leadership',
      [
        { header: '组织 Organization', value: (r: Row) => (r.own ? `${r.orgName}（本级 own team）` : r.orgName), width: 36 },
        n('members', '人数 Members'),
        n('ageUnder35', '35岁以下 <35'),
        n('age35to44', '35–44岁'),
        n('age45to54', '45–54岁'),
        n('age55plus', '55岁及以上 55+'),
        n('male', '男 Male'),
        n('female', '女 Female'),
        n('postgraduate', '研究生 Postgraduate'),
        n('bachelor', '本科 Bachelor'),
        n('college', '大专 College'),
        n('secondary', '中专及以下 Secondary'),
        n('educationUnknown', '学历未填 Unknown'),
        n('fullTime', '专职 Full-time'),
        n('seconded', '挂职 Seconded'),
        n('partTime', '兼职 Part-time'),
        n('frontline', '一线 Frontline'),
        { header: '一线占比 Frontline share', value: (r: Row) => r.frontlineShare, width: 14 },
      ],
      all,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'leadership.export', objectType: 'org', objectId: b.root.id, detail: { rows: all.length } }),
      );
    return buf;
  }

  async exchanges(actor: Actor): Promise<CadreExchange[]> {
    return (await repo.listExchanges(this.db, readScope(actor, 'f'), readScope(actor, 't'), 500)).map((x) => ({
      id: x.id,
      personId: x.person_id,
      personName: x.person_name,
      fromOrgId: x.from_org_id,
      fromName: x.from_name,
      toOrgId: x.to_org_id,
      toName: x.to_name,
      kind: x.kind,
      startDate: x.start_date,
      endDate: x.end_date,
    }));
  }

  /** Records a cadre exchange; at least one end is an organization in the actor's write scope, the other may be a department or district named in text. */
  async addExchange(ctx: RequestContext, input: ExchangeCreate): Promise<{ id: number }> {
    if (input.endDate && input.endDate < input.startDate) throw new AppError('VALIDATION', 'endDate', { reason: 'date_order' });
    return this.db.transaction().execute(async (trx) => {
      const from = input.fromOrgId ? await this.orgs.requireReadable(trx, ctx.actor, input.fromOrgId, 'fromOrgId') : null;
      const to = input.toOrgId ? await this.orgs.requireReadable(trx, ctx.actor, input.toOrgId, 'toOrgId') : null;
      const writable = [from, to].filter((o) => o !== null);
      if (writable.length === 0) throw new AppError('VALIDATION', 'fromOrgId', { reason: 'required' });
      await this.orgs.requireWritable(trx, ctx.actor, writable[0]!.id, from ? 'fromOrgId' : 'toOrgId');
      const fromName = from?.name ?? input.fromName?.trim() ?? '';
      const toName = to?.name ?? input.toName?.trim() ?? '';
      if (!fromName) throw new AppError('VALIDATION', 'fromName', { reason: 'required' });
      if (!toName) throw new AppError('VALIDATION', 'toName', { reason: 'required' });
      const personId = await this.resolvePerson(trx, ctx, input, writable[0]!.id);
      const id = await repo.insertExchange(trx, {
        person_id: personId,
        from_org_id: from?.id ?? null,
        from_name: fromName,
        to_org_id: to?.id ?? null,
        to_name: toName,
        kind: input.kind,
        start_date: input.startDate,
        end_date: input.endDate ?? null,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'exchange.add', objectType: 'cadre_exchange', objectId: id });
      return { id };
    });
  }
}
