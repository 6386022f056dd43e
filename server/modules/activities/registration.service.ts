import type { MyRegistration, Registration } from '../../../contracts/activities.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Citizen, Meta } from '../citizens/citizens.service.js';
import { cancellable, newCheckInCode, publishedScope, registrationOpen, writeScope } from './activities.policy.js';
import * as repo from './activities.repository.js';
import type { ActivityCitizenSide } from './citizen.service.js';
import { unscoped } from '../../platform/scope.js';
import { notifyPromoted, toRegistration } from './records.service.js';

/** Registration under the activity's row lock: places in arrival order, the waitlist and its promotion, the host's approval. */
export class ActivityRegistrations {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly citizenSide: ActivityCitizenSide,
  ) {}

  /** Per-activity FIFO queue in this process, so a burst waits here instead of holding pool connections on the row lock. */
  private readonly queues = new Map<number, Promise<void>>();
  private async queued<T>(activityId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(activityId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.queues.set(activityId, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.queues.get(activityId) === tail) this.queues.delete(activityId);
    }
  }

  /**
   * Registers the citizen. The activity row is locked, so places are taken strictly one at a time in arrival order:
   * registered while places last, then waitlisted (or pending when the host approves each registration).
   */
  async register(meta: Meta, citizen: Citizen, activityId: number): Promise<MyRegistration> {
    const id = await this.queued(activityId, () =>
      this.db.transaction().execute(async (trx) => {
        const a = await repo.lock(trx, publishedScope, activityId);
        if (!a) throw new AppError('NOT_FOUND', 'id');
        if (!registrationOpen(a, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'registration_closed' });
        if (await repo.findLiveRegistration(trx, activityId, citizen.personId)) throw new AppError('CONFLICT', 'id', { reason: 'already_registered' });
        let status: string;
        if (a.needs_approval) status = 'pending';
        else if (a.registered_count < a.capacity) status = 'registered';
        else if (a.waitlist_enabled) status = 'waitlisted';
        else throw new AppError('INVALID_STATE', 'id', { reason: 'full' });
        const seq = await repo.nextSeq(trx);
        const regId = await repo.insertRegistration(trx, { activity_id: activityId, person_id: citizen.personId, seq, status, code: newCheckInCode() });
        if (status === 'registered') await repo.addRegistered(trx, activityId, 1);
        await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
          action: 'activity.register',
          objectType: 'activity_registration',
          objectId: regId,
          detail: { activityId, personId: citizen.personId, status },
        });
        return regId;
      }),
    );
    return (await this.citizenSide.mine(citizen)).find((m) => m.id === id)!;
  }

  /** Cancels the citizen's registration inside the cancellation window; a freed place goes to the first waitlisted. */
  async cancelMine(meta: Meta, citizen: Citizen, registrationId: number): Promise<{ cancelled: true; promotedRegistrationId: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findRegistration(trx, { id: registrationId });
      if (!g || g.person_id !== citizen.personId) throw new AppError('NOT_FOUND', 'id');
      const a = (await repo.lock(trx, unscoped('checked'), g.activity_id))!;
      const fresh = (await repo.findRegistration(trx, { id: g.id }))!;
      if (!['pending', 'registered', 'waitlisted'].includes(fresh.status)) throw new AppError('INVALID_STATE', 'id', { reason: fresh.status });
      if (!cancellable(a, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'cancel_window' });
      if (fresh.checked_in_at) throw new AppError('INVALID_STATE', 'id', { reason: 'checked_in' });
      await repo.setRegistrationStatus(trx, g.id, 'cancelled', { cancelled: true });
      let promoted: { id: number; person_id: number } | undefined;
      if (fresh.status === 'registered') {
        await repo.addRegistered(trx, a.id, -1);
        promoted = await repo.promoteFirst(trx, a.id);
        if (promoted) await repo.addRegistered(trx, a.id, 1);
        await notifyPromoted(trx, a, promoted);
      }
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'activity.registration.cancel',
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId: a.id, promoted: promoted?.id ?? null },
      });
      return { cancelled: true as const, promotedRegistrationId: promoted?.id ?? null };
    });
  }

  /** Approves or rejects a pending registration; an approved one takes a place or joins the waitlist. */
  async decide(ctx: RequestContext, activityId: number, registrationId: number, decision: 'approve' | 'reject'): Promise<Registration> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, writeScope(ctx.actor), activityId);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      const g = await repo.findRegistration(trx, { id: registrationId });
      if (!g || g.activity_id !== activityId) throw new AppError('NOT_FOUND', 'registrationId');
      if (g.status !== 'pending') throw new AppError('INVALID_STATE', 'status', { reason: g.status });
      let status = 'rejected';
      if (decision === 'approve') {
        if (a.registered_count < a.capacity) status = 'registered';
        else if (a.waitlist_enabled) status = 'waitlisted';
        else throw new AppError('INVALID_STATE', 'capacity', { reason: 'full' });
      }
      await repo.setRegistrationStatus(trx, g.id, status, { decided: true });
      if (status === 'registered') await repo.addRegistered(trx, activityId, 1);
      await this.audit.append(trx, actorOf(ctx), {
        action: `activity.registration.${decision}`,
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId, status },
      });
      return toRegistration((await repo.findRegistration(trx, { id: g.id }))!);
    });
  }
}
