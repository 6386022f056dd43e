import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { StepResult } from '../../../contracts/honours.js';
import { nominationScope } from './honours.policy.js';
import * as repo from './honours.repository.js';
import type { HonourRecords } from './records.service.js';

/** Vetting by partner departments and the awarding unit's decision: shortlist or reject. */
export class HonourVetting {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly records: HonourRecords,
  ) {}

  /** The awarding unit asks every vetting department about every nominee it holds. */
  async requestVetting(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const p = await this.records.requireProgramme(trx, actor, programmeId, true);
      if ((await this.records.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const held = (await repo.listMembers(trx, p.id, 'city_path', actor.scope.orgPath, ['city'])).map((m) => Number(m.id));
      const asked = await repo.requestVettings(trx, p.id, held);
      await repo.insertEvents(
        trx,
        held.map((id) => ({ nomination_id: id, kind: 'vetting', actor_id: actor.accountId, org_id: actor.orgId, note: '' })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.vetting.request',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { nominees: held.length, asked },
      });
      return { nominees: held.length, asked };
    });
  }

  /** A vetting department states no objection, or an objection with its reason, on one nominee. */
  async vet(ctx: RequestContext, nominationId: number, input: { verdict: 'clear' | 'objection'; reason?: string }) {
    const actor = ctx.actor;
    if (!actor.permissions.has('honour.vet')) throw new AppError('FORBIDDEN');
    const reason = input.reason?.normalize('NFC').trim() ?? '';
    if (input.verdict === 'objection' && !reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.findNomination(trx, nominationScope(actor), nominationId, true);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      const v = await repo.findVettingFor(trx, nominationId, actor.scope.orgPath);
      if (!v) throw new AppError('NOT_FOUND', 'id');
      if (v.verdict !== null) throw new AppError('INVALID_STATE', 'verdict', { status: v.verdict });
      if (n.stage !== 'city') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      await repo.setVetting(trx, v.id, { verdict: input.verdict, reason, responded_by: actor.accountId });
      await repo.insertEvents(trx, [{ nomination_id: nominationId, kind: 'vet', actor_id: actor.accountId, org_id: v.org_id, note: input.verdict }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.vet',
        objectType: 'honour_nomination',
        objectId: nominationId,
        detail: { vettingId: v.id, orgId: v.org_id, verdict: input.verdict },
      });
      return { id: v.id, verdict: input.verdict };
    });
  }

  /**
   * The awarding unit shortlists or rejects a nominee it holds. Shortlisting needs every vetting opinion; an
   * objection needs a written decision, recorded with the step.
   */
  async decide(ctx: RequestContext, id: number, input: { decision: 'shortlist' | 'reject'; note?: string; version: number }): Promise<StepResult> {
    const note = input.note?.normalize('NFC').trim() ?? '';
    if (input.decision === 'reject' && !note) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.records.step(ctx, id, input.version, async (trx, n, level) => {
      if (level !== 'city' || !ctx.actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (n.stage !== 'city') throw new AppError('INVALID_STATE', 'id', { status: n.stage });
      if (input.decision === 'reject') {
        await repo.releasePlace(trx, n.programme_id, n.district_code, 'district');
        await repo.releasePlace(trx, n.programme_id, n.district_code, 'street');
        return { stage: 'rejected', set: { decision_note: note }, kind: 'reject', note };
      }
      const vetters = await repo.listVetters(trx, n.programme_id);
      const vettings = await repo.listVettings(trx, [n.id]);
      if (vetters.length > 0 && (vettings.length < vetters.length || vettings.some((v) => v.verdict === null)))
        throw new AppError('INVALID_STATE', 'id', { reason: 'vetting_pending' });
      const objections = vettings.filter((v) => v.verdict === 'objection');
      if (objections.length > 0 && !note) throw new AppError('INVALID_STATE', 'note', { reason: 'vetting_objection' });
      return { stage: 'shortlisted', set: { decision_note: note }, kind: 'shortlist', note, detail: { overruledObjections: objections.map((v) => v.org_id) } };
    });
  }
}
