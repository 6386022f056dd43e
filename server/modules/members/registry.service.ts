import type { Member, MemberDetail, MemberListQuery } from '../../../contracts/members.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import * as repo from './members.repository.js';
import { memberReadScope } from './members.policy.js';
import type { MemberRecords } from './records.service.js';

/** What other modules (benefits eligibility) learn of a person's current union membership. */
export type ActiveMembership = { memberId: number; memberNo: string; orgId: number; orgPath: string; regionPath: string; tags: string[] };

/** The registry's reads: the list and its search, exact lookup, the export, one member with its history, and a person's active membership. */
export class MemberRegistry {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly people: PeopleService,
    private readonly records: MemberRecords,
  ) {}

  /**
   * For other modules: the person's active membership, or null when the person is not (or no longer) a member.
   * Pass the caller's transaction to read within it. Not scoped: the caller decides what the person may see.
   */
  async activeMembership(db: Db, personId: number): Promise<ActiveMembership | null> {
    const r = await repo.findActiveByPerson(db, personId);
    return r ? { memberId: r.id, memberNo: r.member_no, orgId: r.org_id, orgPath: r.org_path, regionPath: r.region_path, tags: r.tags } : null;
  }

  async list(actor: Actor, f: MemberListQuery): Promise<{ items: Member[]; total: number }> {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 20;
    const filter: repo.MemberFilter = { orgId: f.orgId, status: f.status, tag: f.tag };
    const q = f.q?.trim();
    if (q) {
      if (/^M[0-9]{8,12}$/i.test(q)) filter.memberNo = q.toUpperCase();
      else filter.personIds = (await this.people.list(actor, { q, page: 1, pageSize: 200 })).items.map((p) => p.id);
    }
    const { rows, total } = await repo.listMembers(this.db, memberReadScope(actor), filter, pageSize, (page - 1) * pageSize);
    return { items: await this.records.toMembers(this.db, rows), total };
  }

  /** Exact lookup by ID number or phone (through the people module's blind indexes), scoped. */
  async lookup(actor: Actor, by: { idNumber?: string; phone?: string }): Promise<{ items: Member[] }> {
    if (!by.idNumber && !by.phone) throw new AppError('VALIDATION', 'idNumber', { reason: 'required' });
    const personIds: number[] = [];
    if (by.idNumber) {
      const id = await this.people.personIdByIdNumber(this.db, by.idNumber);
      if (id !== null) personIds.push(id);
    }
    if (by.phone) {
      // Phones are looked up among people the actor sees; members of the actor's unions who live elsewhere are found by ID number.
      personIds.push(...(await this.people.list(actor, { phone: by.phone, page: 1, pageSize: 50 })).items.map((p) => p.id));
    }
    if (personIds.length === 0) return { items: [] };
    const { rows } = await repo.listMembers(this.db, memberReadScope(actor), { personIds }, 50, 0);
    return { items: await this.records.toMembers(this.db, rows) };
  }

  async exportXlsx(ctx: RequestContext, f: Omit<MemberListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
    const { items } = await this.list(ctx.actor, { ...f, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'members',
      [
        { header: '会员号 Member no.', value: (m: Member) => m.memberNo, width: 16 },
        { header: '姓名 Name', value: (m) => m.nameMasked, width: 10 },
        { header: '性别 Gender', value: (m) => m.gender, width: 8 },
        { header: '出生年 Birth year', value: (m) => m.birthYear, width: 10 },
        { header: '工会 Union', value: (m) => m.orgName, width: 30 },
        { header: '状态 Status', value: (m) => m.status, width: 14 },
        { header: '标签 Tags', value: (m) => m.tags.join(','), width: 24 },
        { header: '困难等级 Hardship', value: (m) => m.hardshipLevel, width: 10 },
        { header: '复核日期 Review on', value: (m) => m.hardshipReviewOn, width: 12 },
        { header: '入会日期 Joined', value: (m) => m.joinedOn, width: 12 },
        { header: '离会日期 Left', value: (m) => m.leftOn, width: 12 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'member.export', objectType: 'member', detail: { rows: items.length } }));
    return buf;
  }

  async get(ctx: RequestContext, id: number): Promise<MemberDetail> {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findMember(trx, memberReadScope(ctx.actor), id);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      const [member] = await this.records.toMembers(trx, [r]);
      const hist = await repo.listHistory(trx, r.member_no);
      const names = await this.orgs.namesOf(
        trx,
        hist.flatMap((h) => (h.other_org_id ? [h.org_id, h.other_org_id] : [h.org_id])),
      );
      let idNumberMasked: string | null = null;
      let phoneMasked: string | null = null;
      if (r.person_id) {
        const p = await this.people.requireVisible(trx, ctx.actor, r.person_id).catch(() => null);
        idNumberMasked = p?.idNumberMasked ?? null;
        phoneMasked = p?.phoneMasked ?? null;
      }
      await this.audit.append(trx, actorOf(ctx), { action: 'member.read', objectType: 'member', objectId: id });
      return {
        ...member!,
        idNumberMasked,
        phoneMasked,
        history: hist.map((h) => ({
          event: h.event,
          orgId: h.org_id,
          orgName: names.get(h.org_id) ?? '',
          otherOrgName: h.other_org_id ? (names.get(h.other_org_id) ?? '') : null,
          onDate: h.on_date,
          at: new Date(h.at).toISOString(),
        })),
      };
    });
  }
}
