import type { EnrolInput, Member, MemberTagsInput } from '../../../contracts/members.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { PeopleService } from '../people/people.service.js';
import * as repo from './members.repository.js';
import { memberWriteScope, tagSet } from './members.policy.js';
import type { MemberRecords } from './records.service.js';

/** Staff changes to the registry: enrolment (the person created when new), tags, leaving the union. */
export class MemberEnrolment {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly people: PeopleService,
    private readonly records: MemberRecords,
  ) {}

  async enrol(ctx: RequestContext, input: EnrolInput): Promise<Member> {
    const t = tagSet(input);
    return this.db.transaction().execute(async (trx) => {
      const org = await this.records.requireUnionWritable(trx, ctx.actor, input.orgId);
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
      const id = await this.records.insertMembership(trx, ctx, {
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
      return (await this.records.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
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
      return (await this.records.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
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
      return (await this.records.toMembers(trx, [(await repo.findMember(trx, unscoped('checked'), id))!]))[0]!;
    });
  }
}
