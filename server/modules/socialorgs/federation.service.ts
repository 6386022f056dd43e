import type { Incubation, SocialOrgDetail } from '../../../contracts/socialorgs.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { maskFreeText } from '../../platform/crypto/free-text.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/time.js';
import { stale, state, toIncubation, type SorgRecords } from './records.service.js';
import * as repo from './socialorgs.repository.js';

/** Federation (hubs and their member organizations, joining and leaving) and incubation programmes. */
export class SorgFederation {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly records: SorgRecords,
  ) {}

  async join(ctx: RequestContext, hubId: number, input: { memberId: number; joinedOn?: string }): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const hub = await this.records.requireSorg(trx, ctx.actor, hubId, true);
      const member = await this.records.requireSorg(trx, ctx.actor, input.memberId, false, 'memberId');
      if (member.id === hub.id) throw new AppError('VALIDATION', 'memberId', { reason: 'invalid' });
      const joined = input.joinedOn ?? chinaToday();
      if (joined > chinaToday()) throw new AppError('VALIDATION', 'joinedOn', { reason: 'future' });
      let mid: number;
      try {
        mid = await repo.insertMembership(trx, { hub_id: hub.id, member_id: member.id, joined_on: joined });
      } catch (e) {
        if ((e as { code?: string }).code === '23505') throw new AppError('CONFLICT', 'memberId', { reason: 'duplicate' });
        throw e;
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.member.join',
        objectType: 'social_org',
        objectId: hub.id,
        detail: { memberId: member.id, membershipId: mid },
      });
      return this.records.detail(trx, hub);
    });
  }

  async leave(ctx: RequestContext, membershipId: number, input: { leftOn?: string }): Promise<{ ok: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMembership(trx, membershipId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      await this.records.requireSorg(trx, ctx.actor, m.hub_id, true, 'id');
      if (m.left_on !== null) throw state('id', 'invalid');
      const left = input.leftOn ?? chinaToday();
      if (left > chinaToday()) throw new AppError('VALIDATION', 'leftOn', { reason: 'future' });
      if (left < String(m.joined_on).slice(0, 10)) throw new AppError('VALIDATION', 'leftOn', { reason: 'invalid' });
      await repo.closeMembership(trx, m.id, left);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.member.leave',
        objectType: 'social_org',
        objectId: m.hub_id,
        detail: { memberId: m.member_id, membershipId: m.id },
      });
      return { ok: true };
    });
  }

  async incubate(ctx: RequestContext, id: number, input: { programme: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.records.requireSorg(trx, ctx.actor, id);
      const incId = await repo.insertIncubation(trx, {
        sorg_id: r.id,
        org_id: ctx.actor.orgId,
        org_path: ctx.actor.scope.orgPath,
        programme: input.programme.trim(),
        mentor: input.mentor?.trim() ?? '',
        support: maskFreeText(input.support?.trim() ?? ''),
        started_on: chinaToday(),
      });
      if (input.support?.trim()) await this.records.storeText(trx, 'sorg_incubations', String(incId), input.support.trim());
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.incubate', objectType: 'social_org', objectId: r.id, detail: { incubationId: incId } });
      return toIncubation((await repo.findIncubation(trx, incId, ctx.actor.scope.orgPath))!);
    });
  }

  async updateIncubation(ctx: RequestContext, id: number, input: { version: number; phase?: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.db.transaction().execute(async (trx) => {
      const i = await repo.findIncubation(trx, id, ctx.actor.scope.orgPath);
      if (!i) throw new AppError('NOT_FOUND', 'id');
      if (i.phase === 'graduated' || i.phase === 'withdrawn') throw state('phase');
      const set: Parameters<typeof repo.updateIncubation>[3] = {};
      if (input.phase !== undefined) {
        set.phase = input.phase;
        set.graduated_on = input.phase === 'graduated' ? chinaToday() : null;
      }
      if (input.mentor !== undefined) set.mentor = input.mentor.trim();
      if (!(await repo.updateIncubation(trx, id, input.version, set))) throw stale();
      if (input.support !== undefined) await this.records.storeText(trx, 'sorg_incubations', String(id), input.support.trim());
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.incubation',
        objectType: 'social_org',
        objectId: i.sorg_id,
        detail: { incubationId: id, phase: input.phase },
      });
      return toIncubation((await repo.findIncubation(trx, id, ctx.actor.scope.orgPath))!);
    });
  }
}
