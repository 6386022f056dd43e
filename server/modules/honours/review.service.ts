import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { ForwardResult, StepResult } from '../../../contracts/honours.js';
import { FORWARD_TO, FORWARDED_PAST, LEVEL_STAGE, RETURN_TO, evaluateRules, ruleLabel } from './honours.policy.js';
import * as repo from './honours.repository.js';
import { LEVEL_COL, toMember, type HonourRecords } from './records.service.js';

/** Review along the chain street → district → city: forwarding against the quota and the composition rules, returning, resubmitting. */
export class HonourReview {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly records: HonourRecords,
  ) {}

  /**
   * A street or district forwards a list: places are taken from the district quota first (the row lock
   * serializes forwards in the district), then the composition rules are evaluated on the unit's whole forwarded
   * list; a broken rule refuses the forward unless the programme allows an exception and a reason is written.
   */
  async forward(ctx: RequestContext, programmeId: number, input: { nominationIds: number[]; exceptionReason?: string }): Promise<ForwardResult> {
    const actor = ctx.actor;
    if (!actor.permissions.has('honour.review')) throw new AppError('FORBIDDEN');
    const ids = [...new Set(input.nominationIds)];
    if (ids.length === 0) throw new AppError('VALIDATION', 'nominationIds', { reason: 'minItems', limit: 1 });
    return this.db.transaction().execute(async (trx) => {
      const p = await this.records.requireProgramme(trx, actor, programmeId);
      const level = await this.records.levelIn(trx, actor, p);
      if (level !== 'street' && level !== 'district') throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'programmeId', { status: p.status });
      const rows = await repo.lockAtLevel(trx, p.id, ids, LEVEL_COL[level], actor.scope.orgPath, LEVEL_STAGE[level]);
      if (rows.length !== ids.length) throw new AppError('NOT_FOUND', 'nominationIds');
      const district = rows[0]!.district_code;
      if (!(await repo.takePlaces(trx, p.id, district, level, ids.length))) {
        const q = await repo.findQuota(trx, p.id, district);
        throw new AppError('CONFLICT', 'nominationIds', { reason: 'quota_full', limit: q?.quota ?? 0 });
      }
      const forwarded = await repo.listMembers(
        trx,
        p.id,
        LEVEL_COL[level],
        actor.scope.orgPath,
        FORWARDED_PAST[level].filter((s) => s !== 'rejected'),
      );
      const moving = await repo.listMembers(trx, p.id, LEVEL_COL[level], actor.scope.orgPath, [LEVEL_STAGE[level]]);
      const list = [...forwarded, ...moving.filter((m) => ids.includes(Number(m.id)))].map(toMember);
      const results = evaluateRules(p.rules, list);
      const broken = results.filter((r) => !r.ok);
      const reason = input.exceptionReason?.normalize('NFC').trim() ?? '';
      let exceptionId: number | null = null;
      if (broken.length > 0) {
        if (!p.allow_exception || !reason)
          throw new AppError('INVALID_STATE', 'nominationIds', {
            reason: p.allow_exception ? 'composition_reason' : 'composition',
            rule: broken.map(ruleLabel).join('; '),
          });
        exceptionId = await repo.insertException(trx, {
          programme_id: p.id,
          org_id: actor.orgId,
          reason,
          shortfall: broken,
          nomination_ids: ids,
          created_by: actor.accountId,
        });
      }
      await repo.setStage(trx, ids, { stage: FORWARD_TO[level], return_reason: '' });
      await repo.insertEvents(
        trx,
        ids.map((id) => ({ nomination_id: id, kind: 'forward', actor_id: actor.accountId, org_id: actor.orgId, note: exceptionId ? reason : '' })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.forward',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { level, nominationIds: ids, exceptionId, broken: broken.map((b) => `${b.attribute}:${b.op}`) },
      });
      return { forwarded: ids.length, stage: FORWARD_TO[level], exceptionId, composition: results };
    });
  }

  /** Returns a nomination one level down with a reason; a forwarded place goes back to the quota. */
  async returnNomination(ctx: RequestContext, id: number, input: { reason: string; version: number }): Promise<StepResult> {
    const reason = input.reason.normalize('NFC').trim();
    if (!reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.records.step(ctx, id, input.version, async (trx, n, level) => {
      if (!ctx.actor.permissions.has(level === 'city' ? 'honour.manage' : 'honour.review')) throw new AppError('FORBIDDEN');
      if (n.stage !== LEVEL_STAGE[level]) throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      if (level === 'district') await repo.releasePlace(trx, n.programme_id, n.district_code, 'street');
      if (level === 'city') await repo.releasePlace(trx, n.programme_id, n.district_code, 'district');
      return { stage: RETURN_TO[level], set: { return_reason: reason }, kind: 'return', note: reason };
    });
  }

  /** The nominating chain sends a returned nomination back to its street. */
  async resubmit(ctx: RequestContext, id: number, input: { version: number }): Promise<StepResult> {
    return this.records.step(
      ctx,
      id,
      input.version,
      async (_trx, n, level) => {
        if (level !== 'street' || n.stage !== 'returned') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
        return { stage: 'street', set: { return_reason: '' }, kind: 'resubmit', note: '' };
      },
      true,
    );
  }
}
