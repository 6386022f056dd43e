import type { Transfer } from '../../../contracts/members.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import * as repo from './members.repository.js';
import { memberWriteScope, NEW_FORM_LEVELS, transferScope } from './members.policy.js';
import { iso, type MemberRecords } from './records.service.js';

/**
 * Transfers between unions (会员关系转接): the sending union asks, both sides confirm, and the confirmation that
 * completes it closes the sending union's row and opens the receiving union's row in one transaction.
 */
export class MemberTransfers {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly records: MemberRecords,
  ) {}

  private async toTransfers(db: Db, rows: repo.TransferRow[]): Promise<Transfer[]> {
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
        const newId = await this.records.insertMembership(trx, ctx, {
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
}
