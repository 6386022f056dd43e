import type { MyRegistration, NearLevel, PublicActivity } from '../../../contracts/activities.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';
import type { Citizen, Meta } from '../citizens/citizens.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import { begun, cancellable, nearPath } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { iso, toPublic } from './records.service.js';

/** The citizen's side on the portal: published activities near them, their own registrations, and their rating of one. */
export class ActivityCitizenSide {
  constructor(
    private readonly db: Database,
    private readonly ratings: RatingsService,
  ) {}

  /** Published activities near the citizen (their community, street or district), or all published ones. */
  async listPublic(
    citizen: Citizen | null,
    f: { near?: NearLevel; q?: string; type?: string; page: number; pageSize: number },
  ): Promise<{ items: PublicActivity[]; total: number }> {
    const now = new Date();
    const near = citizen && f.near && f.near !== 'city' ? nearPath(citizen.regionPath, f.near) : undefined;
    const { rows, total } = await repo.listPublic(
      this.db,
      { nearPath: near, myPath: citizen?.regionPath, q: f.q, type: f.type, upcoming: true },
      f.pageSize,
      (f.page - 1) * f.pageSize,
    );
    return { items: rows.map((r) => toPublic(r, now)), total };
  }

  async getPublic(citizen: Citizen | null, id: number): Promise<PublicActivity> {
    const r = (await repo.listPublicById(this.db, id))[0];
    if (!r) throw new AppError('NOT_FOUND', 'id');
    let mine: PublicActivity['mine'] = null;
    if (citizen) {
      const live = await repo.findLiveRegistration(this.db, id, citizen.personId);
      if (live) {
        const g = (await repo.findRegistration(this.db, { id: live.id }))!;
        mine = { id: g.id, status: g.status, position: g.position };
      }
    }
    return toPublic(r, new Date(), mine);
  }

  async mine(citizen: Citizen): Promise<MyRegistration[]> {
    const now = new Date();
    const rows = await repo.listMine(this.db, citizen.personId);
    const rated = await this.ratings.forSubjects(
      this.db,
      'activity',
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const rating = rated.get(Number(r.id));
      return {
        id: r.id,
        activityId: r.activity_id,
        title: r.title,
        type: r.type,
        startsAt: iso(r.starts_at)!,
        endsAt: iso(r.ends_at)!,
        venueName: r.venue_name,
        status: r.status,
        activityStatus: r.activity_status,
        position: r.position,
        code: r.status === 'registered' && r.activity_status === 'published' ? r.code : null,
        checkedInAt: iso(r.checked_in_at),
        canCancel: ['pending', 'registered', 'waitlisted'].includes(r.status) && !r.checked_in_at && cancellable(r, now),
        rating: rating ? { level: rating.level, label: rating.label, comment: rating.comment } : null,
        canRate: !rating && r.attended && begun(r, now),
      };
    });
  }

  /**
   * The participant rates the activity once (好差评): only their own registration, only once they took part and the
   * activity has begun. A bad review opens a rectification for the host, as for requests.
   */
  async rateMine(meta: Meta, citizen: Citizen, registrationId: number, input: { level: number; comment?: string }): Promise<{ level: number; label: string }> {
    return this.db.transaction().execute(async (trx) => {
      const g = await repo.findAttendance(trx, registrationId);
      if (!g || g.person_id !== citizen.personId) throw new AppError('NOT_FOUND', 'id');
      if (!g.attended) throw new AppError('INVALID_STATE', 'id', { reason: 'not_attended' });
      if (!begun(g, new Date())) throw new AppError('INVALID_STATE', 'id', { reason: 'not_started' });
      const { rating } = await this.ratings.rate(trx, actorOf(null, meta.ip, meta.requestId), {
        subjectType: 'activity',
        subjectId: g.id,
        orgId: g.host_org_id,
        level: input.level,
        comment: input.comment,
      });
      return { level: rating.level, label: rating.label };
    });
  }
}
