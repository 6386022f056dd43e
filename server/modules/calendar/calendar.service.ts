import { sql } from 'kysely';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import {
  addWorkingDays,
  CalendarNotCoveredError,
  COMPUTABLE_YEARS,
  isProvisional,
  isWorkday,
  statutoryHolidays,
  workingDaysBetween,
  type CalendarData,
} from './working-days.js';

const CACHE_MS = 60_000;

export type CalendarDay = { date: string; kind: string; name: string; source: string };
export type ArrangementDay = { date: string; kind: 'holiday' | 'workday'; name: string };
/** A deadline and whether it lies in a year without an official arrangement (shown as 预计). */
export type Deadline = { due: string; provisional: boolean };

/**
 * Recomputes a module's open deadlines when a year's official arrangement is entered, inside the entering
 * transaction: `moveDeadline` gives a deadline's new date (the same number of working days from the same start).
 * Returns how many items moved. Modules register one at wiring time; the calendar never writes their tables.
 */
export type ArrangementListener = (trx: Tx, change: ArrangementChange) => Promise<{ kind: string; moved: number }>;

/** What a listener gets: the new deadline of an old one, and whether a date stays provisional once the arrangement is in. */
export type ArrangementChange = {
  ctx: RequestContext;
  year: number;
  moveDeadline: (from: string, due: string) => string;
  provisional: (date: string) => boolean;
};

/** The month (1–12) from which administrators are warned that next year has no official arrangement yet. */
const WARN_FROM_MONTH = 10;

/** The Chinese working-day calendar: shipped holidays and make-up days, plus administrator overrides. */
export class CalendarService {
  private cache: { at: number; data: CalendarData } | null = null;
  private readonly listeners: ArrangementListener[] = [];

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

  /** The n-th working day after `from`, marked provisional when it lies in a year without an official arrangement. */
  async deadline(from: string, n: number, db: Db = this.db): Promise<Deadline> {
    const cal = await this.data(db);
    const due = this.wrap(() => addWorkingDays(cal, from, n), 'from');
    return { due, provisional: isProvisional(cal, due) };
  }

  /** Whether a date lies in a year without an official arrangement (for marking stored deadlines 预计 on read). */
  async provisional(db: Db = this.db): Promise<(date: string) => boolean> {
    const cal = await this.data(db);
    return (date: string) => isProvisional(cal, date);
  }

  async isWorkday(date: string, db: Db = this.db): Promise<boolean> {
    const cal = await this.data(db);
    return this.wrap(() => isWorkday(cal, date), 'date');
  }

  /** The years with an official arrangement. */
  async years(): Promise<number[]> {
    return (await this.data()).years;
  }

  /**
   * What administrators must know today: the years with an official arrangement, and from October whether next
   * year is still provisional (a banner asks them to enter it once the State Council has published it).
   */
  async status(
    today: string,
  ): Promise<{ today: string; officialYears: number[]; thisYearOfficial: boolean; nextYear: number; nextYearOfficial: boolean; warn: boolean }> {
    const years = await this.years();
    const year = Number(today.slice(0, 4));
    const nextYearOfficial = years.includes(year + 1);
    return {
      today,
      officialYears: years,
      thisYearOfficial: years.includes(year),
      nextYear: year + 1,
      nextYearOfficial,
      warn: !years.includes(year) || (!nextYearOfficial && Number(today.slice(5, 7)) >= WARN_FROM_MONTH),
    };
  }

  /**
   * The days off and make-up workdays of one year: for a year with an official arrangement as entered, for a
   * provisional one the statutory holidays computed from the law (source 'statutory'); overrides win in both.
   */
  async year(year: number): Promise<{ year: number; covered: boolean; provisional: boolean; days: CalendarDay[] }> {
    const official = (await this.data()).years.includes(year);
    const stored = (
      await sql<CalendarDay>`
        SELECT coalesce(o.day, d.day)::text AS date, coalesce(o.kind, d.kind) AS kind,
               coalesce(o.reason, d.name) AS name, CASE WHEN o.day IS NOT NULL THEN 'override' ELSE 'reference' END AS source
        FROM calendar_days d FULL JOIN calendar_overrides o ON o.day = d.day
        WHERE extract(year FROM coalesce(o.day, d.day)) = ${year}
        ORDER BY 1`.execute(this.db)
    ).rows;
    if (official) return { year, covered: true, provisional: false, days: stored };
    const computable = year >= COMPUTABLE_YEARS.from && year <= COMPUTABLE_YEARS.to;
    const byDate = new Map<string, CalendarDay>(
      computable ? [...statutoryHolidays(year)].map(([date, name]) => [date, { date, kind: 'holiday', name, source: 'statutory' }]) : [],
    );
    // Reference rows of a year that is not declared official are ignored by the computation, overrides are not.
    for (const d of stored) if (d.source === 'override') byDate.set(d.date, d);
    const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
    return { year, covered: computable, provisional: true, days };
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

  /** Registers a module's recomputation of its open deadlines for when an official arrangement is entered. */
  onArrangement(listener: ArrangementListener): void {
    this.listeners.push(listener);
  }

  /**
   * Enters the official arrangement of a year (the State Council's notice: days off and make-up workdays) and
   * moves every open provisional deadline accordingly, in one audited transaction. With `dryRun` nothing is kept:
   * the answer says which days change against the provisional year and how many items would move.
   */
  async enterArrangement(
    ctx: RequestContext,
    year: number,
    input: { source: string; days: ArrangementDay[]; dryRun?: boolean },
  ): Promise<{
    year: number;
    changes: Array<ArrangementDay & { was: 'holiday' | 'workday' }>;
    moved: Array<{ kind: string; moved: number }>;
    applied: boolean;
  }> {
    if (year < COMPUTABLE_YEARS.from || year > COMPUTABLE_YEARS.to) throw new AppError('VALIDATION', 'year', { reason: 'invalid' });
    const seen = new Set<string>();
    input.days.forEach((d, i) => {
      if (!d.date.startsWith(`${year}-`)) throw new AppError('VALIDATION', `days.${i}.date`, { reason: 'invalid' });
      if (seen.has(d.date)) throw new AppError('VALIDATION', `days.${i}.date`, { reason: 'duplicate' });
      seen.add(d.date);
    });
    if (!input.days.some((d) => d.kind === 'holiday')) throw new AppError('VALIDATION', 'days', { reason: 'required' });
    const before = await this.data();
    const after: CalendarData = {
      years: [...new Set([...before.years, year])].sort((a, b) => a - b),
      holidays: new Set([...before.holidays].filter((d) => !d.startsWith(`${year}-`))),
      workdays: new Set([...before.workdays].filter((d) => !d.startsWith(`${year}-`))),
    };
    for (const d of input.days) (d.kind === 'holiday' ? after.holidays : after.workdays).add(d.date);
    // Overrides still win over the arrangement.
    const overrides = await this.db
      .selectFrom('calendar_overrides')
      .select([sql<string>`day::text`.as('day'), 'kind'])
      .where(sql`extract(year FROM day)`, '=', year)
      .execute();
    for (const o of overrides) {
      after.holidays.delete(o.day);
      after.workdays.delete(o.day);
      (o.kind === 'holiday' ? after.holidays : after.workdays).add(o.day);
    }
    const changes: Array<ArrangementDay & { was: 'holiday' | 'workday' }> = [];
    const names = new Map(input.days.map((d) => [d.date, d.name]));
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const was = isWorkday(before, date);
      const now = isWorkday(after, date);
      if (was !== now) changes.push({ date, kind: now ? 'workday' : 'holiday', name: names.get(date) ?? '', was: was ? 'workday' : 'holiday' });
    }
    const moveDeadline = (from: string, due: string): string => {
      if (due < from) return due;
      return addWorkingDays(after, from, workingDaysBetween(before, from, due));
    };
    let moved: Array<{ kind: string; moved: number }> = [];
    const rollback = new Error('dry run');
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('calendar_days')
          .where(sql`extract(year FROM day)`, '=', year)
          .execute();
        await trx
          .insertInto('calendar_days')
          .values(input.days.map((d) => ({ day: d.date, kind: d.kind, name: d.name, source: input.source })))
          .execute();
        await trx
          .insertInto('calendar_years')
          .values({ year, source: input.source })
          .onConflict((oc) => oc.column('year').doUpdateSet({ source: input.source }))
          .execute();
        moved = [];
        const provisional = (date: string) => isProvisional(after, date);
        for (const listener of this.listeners) moved.push(await listener(trx, { ctx, year, moveDeadline, provisional }));
        await this.audit.append(trx, actorOf(ctx), {
          action: 'calendar.enter_arrangement',
          objectType: 'calendar_year',
          objectId: year,
          detail: { source: input.source, days: input.days.length, changes: changes.length, moved },
        });
        if (input.dryRun) throw rollback;
      });
    } catch (err) {
      if (err !== rollback) throw err;
    }
    if (!input.dryRun) this.cache = null;
    return { year, changes, moved, applied: !input.dryRun };
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
