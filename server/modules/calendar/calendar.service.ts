import { sql } from 'kysely';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { addWorkingDays, CalendarNotCoveredError, isWorkday, type CalendarData } from './working-days.js';

const CACHE_MS = 60_000;

export type CalendarDay = { date: string; kind: string; name: string; source: string };

/** The Chinese working-day calendar: shipped holidays and make-up days, plus administrator overrides. */
export class CalendarService {
  private cache: { at: number; data: CalendarData } | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The effective calendar; overrides win over the reference data. Cached briefly per process; a caller inside a
   * transaction passes it, so a reload never takes a second connection.
   */
  async data(db: Db = this.db): Promise<CalendarData> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.data;
    const years = (await db.selectFrom('calendar_years').select('year').orderBy('year').execute()).map((r) => r.year);
    const days = (
      await sql<{ day: string; kind: string }>`
        SELECT coalesce(o.day, d.day)::text AS day, coalesce(o.kind, d.kind) AS kind
        FROM calendar_days d FULL JOIN calendar_overrides o ON o.day = d.day`.execute(db)
    ).rows;
    const data: CalendarData = {
      years,
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
      workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
    };
    this.cache = { at: Date.now(), data };
    return data;
  }

  private wrap<T>(fn: () => T, field: string): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof CalendarNotCoveredError) throw new AppError('CALENDAR_NOT_COVERED', field, { year: err.year });
      throw err;
    }
  }

  async addWorkingDays(from: string, n: number, db: Db = this.db): Promise<string> {
    const cal = await this.data(db);
    return this.wrap(() => addWorkingDays(cal, from, n), 'from');
  }

  async isWorkday(date: string, db: Db = this.db): Promise<boolean> {
    const cal = await this.data(db);
    return this.wrap(() => isWorkday(cal, date), 'date');
  }

  async years(): Promise<number[]> {
    return (await this.data()).years;
  }

  /** The holidays, make-up days and overrides of one year, and whether the calendar covers it. */
  async year(year: number): Promise<{ year: number; covered: boolean; days: CalendarDay[] }> {
    const covered = (await this.data()).years.includes(year);
    const days = (
      await sql<CalendarDay>`
        SELECT coalesce(o.day, d.day)::text AS date, coalesce(o.kind, d.kind) AS kind,
               coalesce(o.reason, d.name) AS name, CASE WHEN o.day IS NOT NULL THEN 'override' ELSE 'reference' END AS source
        FROM calendar_days d FULL JOIN calendar_overrides o ON o.day = d.day
        WHERE extract(year FROM coalesce(o.day, d.day)) = ${year}
        ORDER BY 1`.execute(this.db)
    ).rows;
    return { year, covered, days };
  }

  async setOverride(ctx: RequestContext, day: string, kind: 'holiday' | 'workday', reason: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('calendar_overrides')
        .values({ day, kind, reason, created_by: ctx.actor.accountId })
        .onConflict((oc) => oc.column('day').doUpdateSet({ kind, reason, created_by: ctx.actor.accountId, created_at: sql`now()` }))
        .execute();
      await this.audit.append(trx, actorOf(ctx), { action: 'calendar.override', objectType: 'calendar_day', objectId: day, detail: { kind } });
    });
    this.cache = null;
  }

  /**
   * Declares a year covered once its official arrangement has been entered as overrides (the shipped data
   * lags the State Council notice by a release); until then deadlines in that year are refused.
   */
  async declareYear(ctx: RequestContext, year: number, source: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('calendar_years').values({ year, source }).onConflict((oc) => oc.column('year').doUpdateSet({ source })).execute();
      await this.audit.append(trx, actorOf(ctx), { action: 'calendar.declare_year', objectType: 'calendar_year', objectId: year, detail: { source } });
    });
    this.cache = null;
  }

  async removeOverride(ctx: RequestContext, day: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('calendar_overrides').where('day', '=', day).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'day');
      await this.audit.append(trx, actorOf(ctx), { action: 'calendar.override_remove', objectType: 'calendar_day', objectId: day });
    });
    this.cache = null;
  }
}
