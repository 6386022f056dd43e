import type { OccurrenceBrief, Series, SeriesInput } from '../../../contracts/meetings.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { MAX_GENERATED, chinaInstant, nominalDays, seriesScope, type Cadence } from './meetings.policy.js';
import * as repo from './meetings.repository.js';
import { toOccurrenceBrief, type MeetingRecords } from './records.service.js';

/** Series per level run by a secretariat, and their occurrences scheduled from the cadence on working days. */
export class MeetingSeriesPlanning {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly calendar: CalendarService,
    private readonly records: MeetingRecords,
  ) {}

  /** Organizations of the actor's level in its region (mass organizations and partner departments), for pickers. */
  async participants(actor: Actor): Promise<Array<{ id: number; name: string; typeCode: string }>> {
    const mine = (await this.orgs.briefs(this.db, [actor.scope.orgId])).get(actor.scope.orgId);
    const level = mine?.level === 'district' ? 'district' : 'city';
    const { items } = await this.orgs.list(actor, { level, status: 'active', page: 1, pageSize: 500, sort: 'name', desc: false });
    return items.filter((o) => o.typeCode !== 'coordination').map((o) => ({ id: o.id, name: o.name, typeCode: o.typeCode }));
  }

  private async toSeries(db: Db, actor: Actor, rows: repo.SeriesRow[]): Promise<Series[]> {
    const members = await repo.listMembers(
      db,
      rows.map((r) => r.id),
    );
    const names = await this.orgs.briefs(db, [...rows.map((r) => r.secretariat_org_id), ...members.map((m) => m.org_id)]);
    const ref = (id: number) => ({ id, name: names.get(id)?.name ?? '' });
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      level: r.level,
      cadence: r.cadence,
      convenor: r.convenor,
      secretariat: ref(r.secretariat_org_id),
      regionCode: r.region_code,
      anchorDay: r.anchor_day,
      anchorMonth: r.anchor_month,
      startTime: r.start_time,
      durationMinutes: r.duration_minutes,
      topicDeadlineDays: r.topic_deadline_days,
      members: members.filter((m) => m.series_id === r.id).map((m) => ref(m.org_id)),
      nextDay: r.next_day,
      canManage: this.records.canManagePath(actor, r.secretariat_path),
    }));
  }

  async listSeries(actor: Actor): Promise<Series[]> {
    return this.toSeries(this.db, actor, await repo.listSeries(this.db, seriesScope(actor), chinaToday()));
  }

  async getSeries(actor: Actor, id: number): Promise<{ series: Series; occurrences: OccurrenceBrief[] }> {
    const rows = await repo.listSeries(this.db, seriesScope(actor), chinaToday(), id);
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'id');
    const [series] = await this.toSeries(this.db, actor, rows);
    const occ = await repo.listOccurrences(this.db, unscoped('checked'), { seriesId: id });
    return { series: series!, occurrences: occ.map(toOccurrenceBrief) };
  }

  /** A series run by the actor's organization (the secretariat) at its level (city or district). */
  async createSeries(ctx: RequestContext, input: SeriesInput): Promise<Series> {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const ids = [...new Set(input.memberOrgIds)];
      const briefs = await this.orgs.briefs(trx, [actor.scope.orgId, ...ids]);
      const sec = briefs.get(actor.scope.orgId);
      if (!sec || (sec.level !== 'city' && sec.level !== 'district')) throw new AppError('VALIDATION', 'level', { reason: 'region_level' });
      this.records.checkParticipants(input.memberOrgIds, briefs, sec.regionPath, 'memberOrgIds');
      const id = await repo.insertSeries(trx, {
        title: input.title.trim(),
        level: sec.level,
        cadence: input.cadence,
        convenor: input.convenor.trim(),
        secretariat_org_id: sec.id,
        secretariat_path: sec.path,
        region_code: sec.regionCode,
        region_path: sec.regionPath,
        anchor_day: input.anchorDay ?? 10,
        anchor_month: input.anchorMonth ?? 1,
        start_time: input.startTime ?? '09:30',
        duration_minutes: input.durationMinutes ?? 120,
        topic_deadline_days: input.topicDeadlineDays ?? 5,
        created_by: actor.accountId || null,
      });
      await repo.insertMembers(
        trx,
        id,
        ids.map((m) => ({ org_id: m, org_path: briefs.get(m)!.path })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.series.create',
        objectType: 'meeting_series',
        objectId: id,
        detail: { cadence: input.cadence, level: sec.level, members: ids.length },
      });
      const rows = await repo.listSeries(trx, unscoped('checked'), chinaToday(), id);
      return (await this.toSeries(trx, actor, rows))[0]!;
    });
  }

  /** The first working day on or after a date. */
  private async workingDayFrom(day: string, db: Db): Promise<string> {
    return (await this.calendar.isWorkday(day, db)) ? day : this.calendar.addWorkingDays(day, 1, db);
  }

  /** The n-th working day before a date (the topic deadline). */
  private async workingDaysBefore(day: string, n: number, db: Db): Promise<string> {
    let d = day;
    let left = n;
    while (left > 0) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      if (await this.calendar.isWorkday(d, db)) left--;
    }
    return d;
  }

  /**
   * Schedules occurrences from the cadence in [from, to] (each nominal date on a non-working day moves to the next
   * working day; a make-up working day counts), or one ad-hoc day. Days already scheduled are skipped.
   */
  async generate(ctx: RequestContext, seriesId: number, input: { from?: string; to?: string; day?: string }): Promise<OccurrenceBrief[]> {
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const s = (await repo.listSeries(trx, seriesScope(ctx.actor), chinaToday(), seriesId))[0];
      if (!s) throw new AppError('NOT_FOUND', 'id');
      if (!this.records.canManagePath(ctx.actor, s.secretariat_path)) throw new AppError('FORBIDDEN');
      let nominal: string[];
      if (input.day) nominal = [input.day];
      else {
        if (!input.from) throw new AppError('VALIDATION', 'from', { reason: 'required' });
        if (!input.to) throw new AppError('VALIDATION', 'to', { reason: 'required' });
        if (input.to < input.from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
        nominal = nominalDays(s.cadence as Cadence, s.anchor_day, s.anchor_month, input.from, input.to);
        if (s.cadence === 'ad_hoc') throw new AppError('VALIDATION', 'day', { reason: 'required' });
      }
      if (nominal.length > MAX_GENERATED) throw new AppError('VALIDATION', 'to', { reason: 'too_many' });
      const ids: number[] = [];
      for (const n of nominal) {
        const day = await this.workingDayFrom(n, trx);
        const start = chinaInstant(day, s.start_time);
        const id = await repo.insertOccurrence(trx, {
          series_id: s.id,
          planned_day: day,
          starts_at: start,
          ends_at: new Date(start.getTime() + s.duration_minutes * 60_000),
          topic_deadline: await this.workingDaysBefore(day, s.topic_deadline_days, trx),
        });
        if (id !== null) ids.push(id);
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.occurrence.schedule',
        objectType: 'meeting_series',
        objectId: s.id,
        detail: { scheduled: ids.length, nominal: nominal.length },
      });
      return (ids.length ? await repo.listOccurrences(trx, unscoped('checked'), { ids }) : []).map(toOccurrenceBrief);
    });
  }

  async listOccurrences(actor: Actor, from: string, to: string): Promise<OccurrenceBrief[]> {
    if (to < from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    return (await repo.listOccurrences(this.db, seriesScope(actor), { from, to })).map(toOccurrenceBrief);
  }
}
