import type { Activity, ActivityDetail, Registration } from '../../../contracts/activities.js';
import type { Database, Db } from '../../db/client.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { RatingSummary, RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { readScope } from './activities.policy.js';
import * as repo from './activities.repository.js';
import { toActivity, toRegistration } from './records.service.js';

export type ActivityFilter = Omit<repo.ActivityFilter, 'regionPath'> & { regionCode?: string };

/** Staff reads: the filtered list, one activity with its figures, its registrations, and what other modules read of activities. */
export class ActivityReads {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionsService,
    private readonly ratings: RatingsService,
  ) {}

  private async filterOf(f: ActivityFilter): Promise<repo.ActivityFilter> {
    const { regionCode, ...rest } = f;
    return { ...rest, regionPath: regionCode ? (await this.regions.requireRegion(regionCode, 'regionCode')).path : undefined };
  }

  async list(actor: Actor, f: ActivityFilter & { page: number; pageSize: number }): Promise<{ items: Activity[]; total: number }> {
    const { rows, total } = await repo.list(this.db, readScope(actor), await this.filterOf(f), f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toActivity), total };
  }

  async get(actor: Actor, id: number): Promise<ActivityDetail> {
    const r = await repo.findById(this.db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', 'id');
    const participation = await repo.participationCounts(this.db, id);
    const ratings = await this.ratings.summary(this.db, 'activity', await repo.registrationIdsOf(this.db, id));
    return { ...toActivity(r), participation, ratings };
  }

  /** For other modules (volunteer needs): an activity the actor may read, or a 404 naming the field. */
  async requireVisible(db: Db, actor: Actor, id: number, field = 'activityId'): Promise<Activity> {
    const r = await repo.findById(db, readScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', field);
    return toActivity(r);
  }

  /** For other modules (purchased-service projects): title, status and person-times of activities they link to. */
  async figuresOf(
    db: Db,
    ids: number[],
  ): Promise<Array<{ id: number; title: string; hostOrgId: number; status: string; startsAt: string; personTimes: number }>> {
    return (await repo.figuresByIds(db, ids)).map((r) => ({
      id: r.id,
      title: r.title,
      hostOrgId: r.host_org_id,
      status: r.status,
      startsAt: new Date(r.starts_at).toISOString(),
      personTimes: r.person_times,
    }));
  }

  /** For other modules (catalogue brands): the participants' ratings of some activities, summed. */
  async ratingsOf(db: Db, ids: number[]): Promise<RatingSummary> {
    return this.ratings.summary(db, 'activity', await repo.registrationIdsOfMany(db, ids));
  }

  /** For other modules: who attended (checked in or walked in) which of the given activities. */
  async attendanceOf(db: Db, activityIds: number[]): Promise<Array<{ activityId: number; personId: number }>> {
    return activityIds.length ? repo.attendance(db, activityIds) : [];
  }

  async registrations(
    actor: Actor,
    id: number,
    f: { status?: string; q?: string; page: number; pageSize: number },
  ): Promise<{ items: Registration[]; total: number }> {
    if (!(await repo.findById(this.db, readScope(actor), id))) throw new AppError('NOT_FOUND', 'id');
    const { rows, total } = await repo.listRegistrations(this.db, id, f, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toRegistration), total };
  }
}
