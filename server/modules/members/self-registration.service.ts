import { sql } from 'kysely';
import type { MyMembership, Registration, UnionChoice } from '../../../contracts/members.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import * as repo from './members.repository.js';
import { JOINABLE_LEVELS, NEW_FORM_LEVELS, registrationScope, SELF_TAGS, tagSet } from './members.policy.js';
import { iso, type MemberRecords } from './records.service.js';

/** Self-registration on the portal (the union chosen, the citizen's own membership) and the union's confirmation or rejection. */
export class MemberSelfRegistration {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
    private readonly records: MemberRecords,
  ) {}

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

  private async toRegistrations(db: Db, rows: repo.RegistrationRow[]): Promise<Registration[]> {
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
      const org = await this.records.requireUnionWritable(trx, ctx.actor, r.org_id, 'id', NEW_FORM_LEVELS);
      const t = tagSet({ tags: r.tags, newFormKind: r.new_form_kind });
      const memberId = await this.records.insertMembership(trx, ctx, {
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
}
