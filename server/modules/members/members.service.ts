import { sql } from 'kysely';
import type {
  CardVerification,
  EnrolInput,
  Member,
  MemberDetail,
  MemberListQuery,
  MemberTagsInput,
  MyMembership,
  Registration,
  Transfer,
  UnionChoice,
  MemberCard,
} from '../../../contracts/members.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { blindIndex } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { unscoped } from '../../platform/scope.js';
import type { OrgReassignment } from '../../platform/repath.js';
import { chinaToday } from '../../platform/time.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { Org, OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { MemberImports, type ImportRunnerOptions } from './imports.service.js';
import * as repo from './members.repository.js';
import {
  CARD_TTL_SECONDS,
  cardToken,
  checkCardToken,
  JOINABLE_LEVELS,
  memberReadScope,
  memberWriteScope,
  NEW_FORM_LEVELS,
  registrationScope,
  SELF_TAGS,
  tagSet,
  transferScope,
} from './members.policy.js';

/** What other modules (benefits eligibility) learn of a person's current union membership. */
export type ActiveMembership = { memberId: number; memberNo: string; orgId: number; orgPath: string; regionPath: string; tags: string[] };

const STAFF_LEVELS = ['grassroots', 'community', 'street'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The union member registry (会员): enrolment, self-registration, transfer between unions, member cards.
 * A person has at most one active membership; the database enforces it (union_members_one_active), and a transfer
 * closes the sending union's row and opens the receiving union's row in one transaction.
 */
export class MembersService {
  constructor(
    protected readonly db: Database,
    protected readonly audit: AuditTrail,
    protected readonly keyring: Keyring,
    protected readonly orgs: OrgsService,
    protected readonly regions: RegionsService,
    protected readonly people: PeopleService,
    protected readonly citizens: CitizensService,
    sessions: SessionStore,
    importOptions: ImportRunnerOptions = {},
  ) {
    this.imports = new MemberImports(db, audit, keyring, orgs, regions, people, sessions, importOptions);
  }

  /** Imports of member lists (preview, background commit, error file). */
  readonly imports: MemberImports;

  /**
   * For other modules: the person's active membership, or null when the person is not (or no longer) a member.
   * Pass the caller's transaction to read within it. Not scoped: the caller decides what the person may see.
   */
  /** Organization merge: this module's rows of the merged unit go to the survivor (called by the orgs merge). */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  async activeMembership(db: Db, personId: number): Promise<ActiveMembership | null> {
    const r = await repo.findActiveByPerson(db, personId);
    return r ? { memberId: r.id, memberNo: r.member_no, orgId: r.org_id, orgPath: r.org_path, regionPath: r.region_path, tags: r.tags } : null;
  }

  protected async toMembers(db: Db, rows: repo.MemberRow[]): Promise<Member[]> {
    const names = await this.orgs.namesOf(
      db,
      rows.map((r) => r.org_id),
    );
    return rows.map((r) => ({
      id: r.id,
      memberNo: r.member_no,
      personId: r.person_id,
      nameMasked: r.name_masked,
      gender: r.gender,
      birthYear: r.birth_year,
      orgId: r.org_id,
      orgName: names.get(r.org_id) ?? '',
      status: r.status,
      tags: r.tags,
      hardshipLevel: r.hardship_level,
      hardshipReviewOn: r.hardship_review_on,
      newFormKind: r.new_form_kind,
      joinedOn: r.joined_on,
      leftOn: r.left_on,
      source: r.source,
    }));
  }

  /** A union unit members can belong to, inside the actor's writable subtree. */
  protected async requireUnionWritable(db: Db, actor: Actor, orgId: number, field = 'orgId', levels: readonly string[] = STAFF_LEVELS): Promise<Org> {
    const org = await this.orgs.requireWritable(db, actor, orgId, field);
    if (org.typeCode !== 'union' || org.status !== 'active') throw new AppError('NOT_FOUND', field);
    if (!levels.includes(org.level)) throw new AppError('VALIDATION', field, { reason: 'region_level' });
    return org;
  }

  // ───────────── Lists and lookups ─────────────

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
    return { items: await this.toMembers(this.db, rows), total };
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
    return { items: await this.toMembers(this.db, rows) };
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
      const [member] = await this.toMembers(trx, [r]);
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

  // ───────────── Enrolment ─────────────

  /** Inserts an active membership for a person (the database refuses a second active one). */
  protected async insertMembership(
    trx: Tx,
    ctx: RequestContext,
    p: {
      personId: number | null;
      nameMasked: string;
      gender: string;
      birthYear: number;
      org: Org;
      tags: repo.NewMember['tags'];
      t: ReturnType<typeof tagSet>;
      joinedOn: string;
      source: repo.NewMember['source'];
      memberNo?: string;
      importId?: number | null;
    },
  ): Promise<number> {
    const region = await this.regions.requireRegion(p.org.regionCode, 'orgId', trx);
    const memberNo = p.memberNo ?? (await repo.nextMemberNo(trx));
    let id: number;
    try {
      await sql`SAVEPOINT member_insert`.execute(trx);
      id = await repo.insertMember(trx, {
        member_no: memberNo,
        person_id: p.personId,
        name_masked: p.nameMasked,
        gender: p.gender,
        birth_year: p.birthYear,
        org_id: p.org.id,
        org_path: p.org.path,
        region_code: region.code,
        region_path: region.path,
        ...p.t,
        tags: p.t.tags,
        joined_on: p.joinedOn,
        source: p.source,
        import_id: p.importId ?? null,
      });
      await sql`RELEASE SAVEPOINT member_insert`.execute(trx);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        await sql`ROLLBACK TO SAVEPOINT member_insert`.execute(trx);
        throw new AppError('CONFLICT', 'idNumber', { reason: 'already_member' });
      }
      throw err;
    }
    await repo.insertHistory(trx, {
      member_id: id,
      person_id: p.personId,
      event: p.source === 'transfer' ? 'transferred_in' : 'joined',
      org_id: p.org.id,
      on_date: p.joinedOn,
      account_id: ctx.actor.accountId,
      detail: { source: p.source },
    });
    return id;
  }

  async enrol(ctx: RequestContext, input: EnrolInput): Promise<Member> {
    const t = tagSet(input);
    return this.db.transaction().execute(async (trx) => {
      const org = await this.requireUnionWritable(trx, ctx.actor, input.orgId);
      let personId = await this.people.personIdByIdNumber(trx, input.idNumber);
      let person;
      if (personId === null) {
        person = await this.people.createIn(trx, ctx, {
          name: input.name,
          idNumber: input.idNumber,
          phone: input.phone ?? null,
          regionCode: input.regionCode ?? org.regionCode,
          groups: ['worker'],
        });
        personId = person.id;
      } else {
        if (await repo.findActiveByPerson(trx, personId)) throw new AppError('CONFLICT', 'idNumber', { reason: 'already_member' });
        person = await this.people.requireVisible(trx, ctx.actor, personId, 'idNumber').catch(() => null);
      }
      const birthYear = Number((person?.birthDate ?? '1990').slice(0, 4));
      const id = await this.insertMembership(trx, ctx, {
        personId,
        nameMasked: maskName(input.name.normalize('NFC').trim()),
        gender: person?.gender ?? 'male',
        birthYear,
        org,
        tags: t.tags,
        t,
        joinedOn: input.joinedOn ?? chinaToday(),
        source: 'staff',
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'member.enrol', objectType: 'member', objectId: id, detail: { orgId: org.id } });
      return (await this.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  async setTags(ctx: RequestContext, id: number, input: MemberTagsInput): Promise<Member> {
    const t = tagSet(input);
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findMember(trx, memberWriteScope(ctx.actor), id, true);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      if (r.status !== 'active') throw new AppError('INVALID_STATE', 'id', { reason: 'not_active' });
      await repo.updateTags(trx, id, t);
      await repo.insertHistory(trx, {
        member_id: id,
        person_id: r.person_id,
        event: 'tags_changed',
        org_id: r.org_id,
        on_date: chinaToday(),
        account_id: ctx.actor.accountId,
        detail: { tags: t.tags, hardshipLevel: t.hardship_level },
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'member.tags', objectType: 'member', objectId: id, detail: { tags: t.tags } });
      return (await this.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  async leave(ctx: RequestContext, id: number, reason: string): Promise<Member> {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findMember(trx, memberWriteScope(ctx.actor), id, true);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      if (r.status !== 'active') throw new AppError('INVALID_STATE', 'id', { reason: 'not_active' });
      if (await repo.hasOpenTransfer(trx, id)) throw new AppError('INVALID_STATE', 'id', { reason: 'transfer_open' });
      const today = chinaToday();
      await repo.endMembership(trx, id, 'left', today);
      await repo.insertHistory(trx, {
        member_id: id,
        person_id: r.person_id,
        event: 'left',
        org_id: r.org_id,
        on_date: today,
        account_id: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'member.leave', objectType: 'member', objectId: id, detail: { reasonLength: reason.length } });
      return (await this.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  // ───────────── Self-registration (portal) ─────────────

  async searchUnions(q: string, newForm: boolean): Promise<{ items: UnionChoice[] }> {
    const orgs = await this.orgs.searchPublic('union', q.trim(), newForm ? NEW_FORM_LEVELS : JOINABLE_LEVELS, 20);
    return { items: orgs.map((o) => ({ id: o.id, name: o.name, level: o.level, regionName: o.regionName })) };
  }

  async unionPublic(id: number): Promise<UnionChoice> {
    const o = await this.orgs.findPublic(this.db, id);
    if (!o || o.typeCode !== 'union' || !(NEW_FORM_LEVELS as readonly string[]).includes(o.level)) throw new AppError('NOT_FOUND', 'id');
    return { id: o.id, name: o.name, level: o.level, regionName: o.regionName };
  }

  async myMembership(citizen: Citizen, db: Db = this.db): Promise<MyMembership> {
    const m = await repo.findActiveByPerson(db, citizen.personId);
    const full = m ? await repo.findMember(db, unscoped('checked'), m.id) : undefined;
    const reg = await repo.latestRegistrationOf(db, citizen.personId);
    const names = await this.orgs.namesOf(db, [...(full ? [full.org_id] : []), ...(reg ? [reg.org_id] : [])]);
    return {
      member: full
        ? {
            memberNo: full.member_no,
            nameMasked: full.name_masked,
            orgId: full.org_id,
            orgName: names.get(full.org_id) ?? '',
            tags: full.tags,
            joinedOn: full.joined_on,
            status: full.status,
          }
        : null,
      registration: reg
        ? { id: reg.id, orgName: names.get(reg.org_id) ?? '', status: reg.status, reason: reg.reason, submittedAt: new Date(reg.submitted_at).toISOString() }
        : null,
    };
  }

  async register(
    meta: Meta,
    citizen: Citizen,
    input: { orgId: number; name: string; idNumber: string; tags?: string[]; newFormKind?: string | null },
  ): Promise<MyMembership> {
    const tags = [...new Set(input.tags ?? [])];
    if (tags.some((t) => !SELF_TAGS.has(t))) throw new AppError('VALIDATION', 'tags', { reason: 'self_tag' });
    const t = tagSet({ tags, newFormKind: input.newFormKind ?? null });
    return this.db.transaction().execute(async (trx) => {
      const ctx = await this.citizens.portalContext(meta, trx);
      const org = await this.orgs.findPublic(trx, input.orgId);
      if (!org || org.typeCode !== 'union') throw new AppError('NOT_FOUND', 'orgId');
      const levels: readonly string[] = tags.includes('new_form') ? NEW_FORM_LEVELS : JOINABLE_LEVELS;
      if (!levels.includes(org.level)) throw new AppError('VALIDATION', 'orgId', { reason: 'region_level' });
      const other = await this.people.personIdByIdNumber(trx, input.idNumber);
      if (other !== null && other !== citizen.personId) throw new AppError('CONFLICT', 'idNumber', { reason: 'duplicate' });
      const person = await this.people.updateIn(trx, ctx, citizen.personId, { name: input.name, idNumber: input.idNumber });
      if (await repo.findActiveByPerson(trx, citizen.personId)) throw new AppError('CONFLICT', 'orgId', { reason: 'already_member' });
      await sql`SAVEPOINT reg_insert`.execute(trx);
      let id: number;
      try {
        id = await repo.insertRegistration(trx, {
          person_id: citizen.personId,
          org_id: org.id,
          org_path: org.path,
          name_masked: maskName(person.name),
          gender: person.gender ?? 'male',
          birth_year: Number((person.birthDate ?? '1990').slice(0, 4)),
          id_masked: person.idNumberMasked ?? '',
          phone_masked: person.phoneMasked,
          tags: t.tags,
          new_form_kind: t.new_form_kind,
        });
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new AppError('CONFLICT', 'orgId', { reason: 'pending_registration' });
        throw err;
      }
      await this.audit.append(trx, actorOf(ctx), { action: 'member.register', objectType: 'member_registration', objectId: id, detail: { orgId: org.id } });
      return this.myMembership(citizen, trx);
    });
  }

  protected async toRegistrations(db: Db, rows: repo.RegistrationRow[]): Promise<Registration[]> {
    const names = await this.orgs.namesOf(
      db,
      rows.map((r) => r.org_id),
    );
    return rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name_masked,
      idNumberMasked: r.id_masked,
      phoneMasked: r.phone_masked,
      orgId: r.org_id,
      orgName: names.get(r.org_id) ?? '',
      tags: r.tags,
      newFormKind: r.new_form_kind,
      status: r.status,
      reason: r.reason,
      memberId: r.member_id,
      submittedAt: new Date(r.submitted_at).toISOString(),
      decidedAt: iso(r.decided_at),
    }));
  }

  async registrations(actor: Actor, f: { status?: string; page?: number; pageSize?: number }) {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 20;
    const { rows, total } = await repo.listRegistrations(this.db, registrationScope(actor), f.status, pageSize, (page - 1) * pageSize);
    return { items: await this.toRegistrations(this.db, rows), total, page, pageSize };
  }

  async confirmRegistration(ctx: RequestContext, id: number): Promise<Registration> {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findRegistration(trx, registrationScope(ctx.actor), id, true);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      if (r.status !== 'pending') throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
      const org = await this.requireUnionWritable(trx, ctx.actor, r.org_id, 'id', NEW_FORM_LEVELS);
      const t = tagSet({ tags: r.tags, newFormKind: r.new_form_kind });
      const memberId = await this.insertMembership(trx, ctx, {
        personId: r.person_id,
        nameMasked: r.name_masked,
        gender: r.gender,
        birthYear: r.birth_year,
        org,
        tags: t.tags,
        t,
        joinedOn: chinaToday(),
        source: 'self',
      });
      await repo.decideRegistration(trx, id, { status: 'confirmed', reason: null, member_id: memberId, by: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'member.registration.confirm',
        objectType: 'member_registration',
        objectId: id,
        detail: { memberId },
      });
      return (await this.toRegistrations(trx, [(await repo.findRegistration(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  async rejectRegistration(ctx: RequestContext, id: number, reason: string): Promise<Registration> {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findRegistration(trx, registrationScope(ctx.actor), id, true);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      if (r.status !== 'pending') throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
      await this.orgs.requireWritable(trx, ctx.actor, r.org_id, 'id');
      await repo.decideRegistration(trx, id, { status: 'rejected', reason: reason.trim(), member_id: null, by: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), { action: 'member.registration.reject', objectType: 'member_registration', objectId: id });
      return (await this.toRegistrations(trx, [(await repo.findRegistration(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  // ───────────── Transfers (会员关系转接) ─────────────

  protected async toTransfers(db: Db, rows: repo.TransferRow[]): Promise<Transfer[]> {
    const names = await this.orgs.namesOf(
      db,
      rows.flatMap((r) => [r.from_org_id, r.to_org_id]),
    );
    return rows.map((r) => ({
      id: r.id,
      memberId: r.member_id,
      memberNo: r.member_no,
      nameMasked: r.name_masked,
      fromOrgId: r.from_org_id,
      fromOrgName: names.get(r.from_org_id) ?? '',
      toOrgId: r.to_org_id,
      toOrgName: names.get(r.to_org_id) ?? '',
      status: r.status,
      fromConfirmed: r.from_confirmed_at !== null,
      toConfirmed: r.to_confirmed_at !== null,
      reason: r.reason,
      requestedAt: new Date(r.requested_at).toISOString(),
      completedAt: iso(r.completed_at),
      newMemberId: r.new_member_id,
    }));
  }

  async transfers(actor: Actor, f: { status?: string; page?: number; pageSize?: number }) {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 20;
    const { rows, total } = await repo.listTransfers(this.db, transferScope(actor), f.status, pageSize, (page - 1) * pageSize);
    return { items: await this.toTransfers(this.db, rows), total, page, pageSize };
  }

  /** The sending union starts a transfer of one of its members to another union (of any district). */
  async requestTransfer(ctx: RequestContext, input: { memberId: number; toOrgId: number; reason?: string }): Promise<Transfer> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMember(trx, memberWriteScope(ctx.actor), input.memberId, true);
      if (!m) throw new AppError('NOT_FOUND', 'memberId');
      if (m.status !== 'active') throw new AppError('INVALID_STATE', 'memberId', { reason: 'not_active' });
      const to = await this.orgs.findPublic(trx, input.toOrgId);
      if (!to || to.typeCode !== 'union' || !(NEW_FORM_LEVELS as readonly string[]).includes(to.level)) throw new AppError('NOT_FOUND', 'toOrgId');
      if (to.id === m.org_id) throw new AppError('VALIDATION', 'toOrgId', { reason: 'same_union' });
      if (await repo.hasOpenTransfer(trx, m.id)) throw new AppError('CONFLICT', 'memberId', { reason: 'transfer_open' });
      const id = await repo.insertTransfer(trx, {
        member_id: m.id,
        person_id: m.person_id,
        from_org_id: m.org_id,
        from_org_path: m.org_path,
        to_org_id: to.id,
        to_org_path: to.path,
        requested_by: ctx.actor.accountId,
        reason: input.reason?.trim() || null,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'member.transfer.request',
        objectType: 'member_transfer',
        objectId: id,
        detail: { memberId: m.id, toOrgId: to.id },
      });
      return (await this.toTransfers(trx, [(await repo.findTransfer(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  /**
   * Confirms the side(s) of a transfer the actor's subtree covers. The transfer row is locked first, so concurrent
   * confirmations run one after the other; the one that finds both sides confirmed moves the membership: the old
   * row becomes transferred_out and the new one active in the same transaction, never both active, never neither.
   */
  async confirmTransfer(ctx: RequestContext, id: number): Promise<Transfer> {
    return this.db.transaction().execute(async (trx) => {
      const t = await repo.findTransfer(trx, transferScope(ctx.actor), id, true);
      if (!t) throw new AppError('NOT_FOUND', 'id');
      if (t.status !== 'pending') throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
      const within = (p: string) => p === ctx.actor.scope.orgPath || p.startsWith(`${ctx.actor.scope.orgPath}.`);
      let from = t.from_confirmed_at !== null;
      let to = t.to_confirmed_at !== null;
      const sides: Array<'from' | 'to'> = [];
      if (!from && within(t.from_org_path)) sides.push('from');
      if (!to && within(t.to_org_path)) sides.push('to');
      if (sides.length === 0) throw new AppError('INVALID_STATE', 'id', { reason: 'already_confirmed' });
      for (const s of sides) await repo.confirmTransferSide(trx, id, s, ctx.actor.accountId);
      from ||= sides.includes('from');
      to ||= sides.includes('to');
      await this.audit.append(trx, actorOf(ctx), { action: 'member.transfer.confirm', objectType: 'member_transfer', objectId: id, detail: { sides } });
      if (from && to) {
        const m = (await repo.findMember(trx, unscoped('checked'), t.member_id, true))!;
        if (m.status !== 'active') throw new AppError('INVALID_STATE', 'id', { reason: 'not_active' });
        const today = chinaToday();
        await repo.endMembership(trx, m.id, 'transferred_out', today);
        await repo.insertHistory(trx, {
          member_id: m.id,
          person_id: m.person_id,
          event: 'transferred_out',
          org_id: m.org_id,
          other_org_id: t.to_org_id,
          on_date: today,
          account_id: ctx.actor.accountId,
        });
        const toOrg = (await this.orgs.findPublic(trx, t.to_org_id))!;
        const t2 = { tags: m.tags, hardship_level: m.hardship_level, hardship_review_on: m.hardship_review_on, new_form_kind: m.new_form_kind };
        const newId = await this.insertMembership(trx, ctx, {
          personId: m.person_id,
          nameMasked: m.name_masked,
          gender: m.gender,
          birthYear: m.birth_year,
          org: toOrg,
          tags: m.tags,
          t: t2,
          joinedOn: today,
          source: 'transfer',
          memberNo: m.member_no,
        });
        await repo.completeTransfer(trx, id, newId);
        await this.audit.append(trx, actorOf(ctx), {
          action: 'member.transfer.complete',
          objectType: 'member_transfer',
          objectId: id,
          detail: { from: m.id, to: newId },
        });
      }
      return (await this.toTransfers(trx, [(await repo.findTransfer(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  async rejectTransfer(ctx: RequestContext, id: number, reason: string): Promise<Transfer> {
    return this.db.transaction().execute(async (trx) => {
      const t = await repo.findTransfer(trx, transferScope(ctx.actor), id, true);
      if (!t) throw new AppError('NOT_FOUND', 'id');
      if (t.status !== 'pending') throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
      await repo.closeTransfer(trx, id, 'rejected', reason.trim());
      await this.audit.append(trx, actorOf(ctx), { action: 'member.transfer.reject', objectType: 'member_transfer', objectId: id });
      return (await this.toTransfers(trx, [(await repo.findTransfer(trx, unscoped('checked'), id))!]))[0]!;
    });
  }

  // ───────────── Member card ─────────────

  protected cardMac = (payload: string) => blindIndex(this.keyring, 'member.card', payload);

  async myCard(citizen: Citizen): Promise<MemberCard> {
    const m = await repo.findActiveByPerson(this.db, citizen.personId);
    if (!m) throw new AppError('NOT_FOUND', 'member');
    const full = (await repo.findMember(this.db, unscoped('checked'), m.id))!;
    const expires = Math.floor(Date.now() / 1000) + CARD_TTL_SECONDS;
    const names = await this.orgs.namesOf(this.db, [m.org_id]);
    return {
      token: cardToken(m.id, expires, this.cardMac),
      expiresAt: new Date(expires * 1000).toISOString(),
      memberNo: m.member_no,
      nameMasked: full.name_masked,
      orgName: names.get(m.org_id) ?? '',
    };
  }

  /** Any verifier in the city (staff, benefit providers) may check a card: masked name, union and status only. */
  async verifyCard(ctx: RequestContext, token: string): Promise<CardVerification> {
    const none = { memberNo: null, nameMasked: null, orgName: null, status: null, expiresAt: null };
    const c = checkCardToken(token, Math.floor(Date.now() / 1000), this.cardMac);
    if (!c.ok) return { valid: false, reason: c.reason, ...none };
    const m = await repo.findMember(this.db, unscoped('token'), c.memberId);
    if (!m) return { valid: false, reason: 'not_member', ...none };
    const names = await this.orgs.namesOf(this.db, [m.org_id]);
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'member.card.verify', objectType: 'member', objectId: m.id, detail: { valid: m.status === 'active' } }),
      );
    return {
      valid: m.status === 'active',
      reason: m.status === 'active' ? null : 'not_member',
      memberNo: m.member_no,
      nameMasked: m.name_masked,
      orgName: names.get(m.org_id) ?? '',
      status: m.status,
      expiresAt: new Date(c.expires * 1000).toISOString(),
    };
  }
}
