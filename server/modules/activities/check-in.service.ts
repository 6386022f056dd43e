import type { CheckInResult } from '../../../contracts/activities.js';
import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { PeopleService } from '../people/people.service.js';
import { CODE_PATTERN, normaliseCode, publishedScope, readScope } from './activities.policy.js';
import * as repo from './activities.repository.js';

/** Participations (person-times): check-in by code, walk-ins, a known person checked in for another module, online joins. */
export class ActivityCheckIn {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
  ) {}

  /**
   * For other modules: checks a known person in at an activity in the actor's read scope, inside the caller's
   * transaction — a registered person's registration is checked in, anyone else counts as a walk-in.
   */
  async checkInPersonIn(trx: Tx, ctx: RequestContext, activityId: number, personId: number, field = 'activityId'): Promise<CheckInResult> {
    const a = await repo.lock(trx, readScope(ctx.actor), activityId);
    if (!a) throw new AppError('NOT_FOUND', field);
    if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
    const live = await repo.findLiveRegistration(trx, activityId, personId);
    if (live?.status === 'registered') {
      const g = (await repo.findRegistration(trx, { id: live.id }))!;
      if (g.checked_in_at) return { registrationId: g.id, personName: g.person_name, status: 'already_checked_in', activityId, personTimes: a.person_times };
      await repo.markCheckedIn(trx, g.id);
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: personId, registration_id: g.id, kind: 'check_in' });
      await this.audit.append(trx, actorOf(ctx), { action: 'activity.check_in', objectType: 'activity_registration', objectId: g.id, detail: { activityId } });
      return { registrationId: g.id, personName: g.person_name, status: 'checked_in', activityId, personTimes: a.person_times + 1 };
    }
    if (await repo.hasParticipation(trx, activityId, personId, ['walk_in', 'check_in'])) {
      return { registrationId: null, personName: '', status: 'already_checked_in', activityId, personTimes: a.person_times };
    }
    await repo.insertParticipation(trx, { activity_id: activityId, person_id: personId, registration_id: null, kind: 'walk_in' });
    await this.audit.append(trx, actorOf(ctx), { action: 'activity.walk_in', objectType: 'activity', objectId: activityId, detail: { personId } });
    return { registrationId: null, personName: '', status: 'walk_in', activityId, personTimes: a.person_times + 1 };
  }

  /** Checks a registration in by its code; the activity must be hosted or co-hosted in the actor's scope. */
  async checkIn(ctx: RequestContext, rawCode: string): Promise<CheckInResult> {
    const code = normaliseCode(rawCode);
    if (!CODE_PATTERN.test(code)) throw new AppError('VALIDATION', 'body.code', { reason: 'pattern' });
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findRegistration(trx, { code });
      const a = g ? await repo.lock(trx, readScope(ctx.actor), g.activity_id) : undefined;
      if (!g || !a) throw new AppError('NOT_FOUND', 'body.code');
      if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      const fresh = (await repo.findRegistration(trx, { id: g.id }))!;
      if (fresh.status !== 'registered') throw new AppError('INVALID_STATE', 'body.code', { reason: fresh.status });
      if (fresh.checked_in_at)
        return { registrationId: g.id, personName: g.person_name, status: 'already_checked_in', activityId: a.id, personTimes: a.person_times };
      await repo.markCheckedIn(trx, g.id);
      await repo.insertParticipation(trx, { activity_id: a.id, person_id: g.person_id, registration_id: g.id, kind: 'check_in' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'activity.check_in',
        objectType: 'activity_registration',
        objectId: g.id,
        detail: { activityId: a.id },
      });
      return { registrationId: g.id, personName: g.person_name, status: 'checked_in', activityId: a.id, personTimes: a.person_times + 1 };
    });
  }

  /** Records a walk-in by phone (a new person is created with the given name); a registered person is checked in instead. */
  async walkIn(ctx: RequestContext, activityId: number, input: { phone: string; name?: string }): Promise<CheckInResult> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, readScope(ctx.actor), activityId);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      if (a.status !== 'published') throw new AppError('INVALID_STATE', 'status', { reason: a.status });
      const portal = await this.citizens.portalContext({ ip: ctx.ip, requestId: ctx.requestId }, trx);
      let person = (await this.people.findByPhone(portal.actor, input.phone, trx))[0];
      if (!person) {
        const name = input.name?.normalize('NFC').trim();
        if (!name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
        person = await this.people.createIn(trx, portal, { name, phone: input.phone, regionCode: a.region_code });
      }
      const live = await repo.findLiveRegistration(trx, activityId, person.id);
      if (live?.status === 'registered') {
        const g = (await repo.findRegistration(trx, { id: live.id }))!;
        if (g.checked_in_at) return { registrationId: g.id, personName: person.name, status: 'already_checked_in', activityId, personTimes: a.person_times };
        await repo.markCheckedIn(trx, g.id);
        await repo.insertParticipation(trx, { activity_id: activityId, person_id: person.id, registration_id: g.id, kind: 'check_in' });
        await this.audit.append(trx, actorOf(ctx), {
          action: 'activity.check_in',
          objectType: 'activity_registration',
          objectId: g.id,
          detail: { activityId },
        });
        return { registrationId: g.id, personName: person.name, status: 'checked_in', activityId, personTimes: a.person_times + 1 };
      }
      if (await repo.hasParticipation(trx, activityId, person.id, ['walk_in', 'check_in'])) {
        return { registrationId: null, personName: person.name, status: 'already_checked_in', activityId, personTimes: a.person_times };
      }
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: person.id, registration_id: null, kind: 'walk_in' });
      await this.audit.append(trx, actorOf(ctx), { action: 'activity.walk_in', objectType: 'activity', objectId: activityId, detail: { personId: person.id } });
      return { registrationId: null, personName: person.name, status: 'walk_in', activityId, personTimes: a.person_times + 1 };
    });
  }

  /** An online activity's join link: records the citizen's join once (person-times) and returns the link. */
  async join(meta: Meta, citizen: Citizen, activityId: number): Promise<{ url: string; counted: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.lock(trx, publishedScope, activityId);
      if (!a || a.type !== 'online' || !a.online_url) throw new AppError('NOT_FOUND', 'id');
      const now = Date.now();
      if (now < new Date(a.starts_at).getTime() - 3600_000 || now > new Date(a.ends_at).getTime())
        throw new AppError('INVALID_STATE', 'id', { reason: 'not_live' });
      if (await repo.hasParticipation(trx, activityId, citizen.personId, ['online'])) return { url: a.online_url, counted: false };
      await repo.insertParticipation(trx, { activity_id: activityId, person_id: citizen.personId, registration_id: null, kind: 'online' });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'activity.join',
        objectType: 'activity',
        objectId: activityId,
        detail: { personId: citizen.personId },
      });
      return { url: a.online_url, counted: true };
    });
  }
}
