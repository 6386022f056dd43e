import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Member, Society, SocietyActivity, SocietyDetail, SocietyInput, Work, WorkInput } from '../../../contracts/societies.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/time.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { CitizensService } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { readScope, writeScope } from './societies.policy.js';
import * as repo from './societies.repository.js';

/**
 * Mass cultural societies (群众性文化文艺社团: 职工文学创作院, 残疾人艺术团 …): a society sponsored by an organization,
 * its members (people), the activities it runs (activities of the activities module), its performances and works.
 */
export class SocietiesService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
    private readonly activities: ActivitiesService,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  private async city(db: Db): Promise<Actor> {
    return (await this.citizens.portalContext({ ip: '', requestId: '' }, db)).actor;
  }

  private async toSociety(db: Db, r: repo.SocietyRow, city: Actor): Promise<Society> {
    const org = await this.orgs.requireReadable(db, city, r.org_id, 'orgId');
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: org.name,
      name: r.name,
      artForm: r.art_form as Society['artForm'],
      foundedOn: r.founded_on,
      description: r.description,
      status: r.status,
      members: r.members,
      activities: r.activities,
      works: r.works,
    };
  }

  private async require(db: Db, actor: Actor, id: number, write = false): Promise<repo.SocietyRow> {
    const s = await repo.find(db, write ? writeScope(actor) : readScope(actor), id, write);
    if (!s) throw new AppError('NOT_FOUND', 'id');
    return s;
  }

  async list(actor: Actor): Promise<Society[]> {
    const city = await this.city(this.db);
    return Promise.all((await repo.list(this.db, readScope(actor))).map((r) => this.toSociety(this.db, r, city)));
  }

  private async member(db: Db, city: Actor, m: repo.MemberRow): Promise<Member> {
    const p = await this.people.requireVisible(db, city, m.person_id);
    return { personId: p.id, name: p.name, gender: p.gender, phoneMasked: p.phoneMasked, role: m.role, joinedOn: m.joined_on };
  }

  private async activity(db: Db, city: Actor, id: number): Promise<SocietyActivity> {
    const a = await this.activities.requireVisible(db, city, id);
    return { activityId: a.id, title: a.title, startsAt: a.startsAt, status: a.status, personTimes: a.personTimes };
  }

  async get(actor: Actor, id: number): Promise<SocietyDetail> {
    const s = await this.require(this.db, actor, id);
    const city = await this.city(this.db);
    const memberList = [];
    for (const m of await repo.members(this.db, id)) memberList.push(await this.member(this.db, city, m));
    const activityList = [];
    for (const a of await repo.activityIds(this.db, id)) activityList.push(await this.activity(this.db, city, a));
    return { ...(await this.toSociety(this.db, s, city)), memberList, activityList, workList: await repo.works(this.db, id) };
  }

  async create(ctx: RequestContext, input: SocietyInput): Promise<Society> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, input.orgId, 'body.orgId');
      const id = await repo.insert(trx, {
        org_id: org.id,
        org_path: org.path,
        region_path: (await this.regions.requireRegion(org.regionCode, 'body.orgId', trx)).path,
        name: input.name.normalize('NFC').trim(),
        art_form: input.artForm,
        founded_on: input.foundedOn ?? null,
        description: (input.description ?? '').trim(),
        created_by: ctx.actor.accountId || null,
      });
      if (!id) throw new AppError('CONFLICT', 'body.name', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'society.create',
        objectType: 'cultural_society',
        objectId: id,
        detail: { orgId: org.id, artForm: input.artForm },
      });
      return this.toSociety(trx, (await repo.find(trx, writeScope(ctx.actor), id))!, await this.city(trx));
    });
  }

  async addMember(ctx: RequestContext, id: number, input: { personId: number; role: 'leader' | 'member'; joinedOn?: string }): Promise<Member> {
    return this.db.transaction().execute(async (trx) => {
      await this.require(trx, ctx.actor, id, true);
      const p = await this.people.requireVisible(trx, ctx.actor, input.personId, 'body.personId');
      const row = { society_id: id, person_id: p.id, role: input.role, joined_on: input.joinedOn ?? chinaToday() };
      if (!(await repo.insertMember(trx, row))) throw new AppError('CONFLICT', 'body.personId', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'society.member.add',
        objectType: 'cultural_society',
        objectId: id,
        detail: { personId: p.id, role: input.role },
      });
      return this.member(trx, await this.city(trx), { person_id: p.id, role: input.role, joined_on: row.joined_on });
    });
  }

  async addActivity(ctx: RequestContext, id: number, activityId: number): Promise<SocietyActivity> {
    return this.db.transaction().execute(async (trx) => {
      await this.require(trx, ctx.actor, id, true);
      await this.activities.requireVisible(trx, ctx.actor, activityId, 'body.activityId');
      if (!(await repo.insertActivity(trx, id, activityId))) throw new AppError('CONFLICT', 'body.activityId', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), { action: 'society.activity.add', objectType: 'cultural_society', objectId: id, detail: { activityId } });
      return this.activity(trx, await this.city(trx), activityId);
    });
  }

  async addWork(ctx: RequestContext, id: number, input: WorkInput): Promise<Work> {
    return this.db.transaction().execute(async (trx) => {
      await this.require(trx, ctx.actor, id, true);
      const w = await repo.insertWork(trx, {
        society_id: id,
        kind: input.kind,
        title: input.title.normalize('NFC').trim(),
        happened_on: input.date,
        note: (input.note ?? '').trim(),
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'society.work.add',
        objectType: 'cultural_society',
        objectId: id,
        detail: { workId: w.id, kind: input.kind },
      });
      return w;
    });
  }
}
