import type { Booking, BookingRequest, BookResult, Occurrence } from '../../../contracts/venues.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { pathWithin } from '../../platform/scope.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import { requireVenue } from './registry.service.js';
import * as repo from './venues.repository.js';
import {
  BOOKING_LIMITS,
  bookingOwnerScope,
  chinaLabel,
  chinaLocal,
  chinaMonth,
  directBooker,
  iso,
  openingVerdict,
  readScope,
  writeScope,
  type OpeningRules,
} from './venues.policy.js';

/** A booking as other modules make it: the route's fields, and the activity it is made for. */
export type BookInput = BookingRequest & { activityId?: number | null };

export const toBooking = (b: repo.BookingRow): Booking => ({
  id: b.id,
  venueId: b.venue_id,
  venueName: b.venue_name,
  roomId: b.room_id,
  roomName: b.room_name,
  orgId: b.org_id,
  orgName: b.org_name,
  start: iso(b.starts_at),
  end: iso(b.ends_at),
  status: b.status,
  purpose: b.purpose,
  activityId: b.activity_id,
  seriesId: b.series_id,
  decisionNote: b.decision_note,
  createdAt: iso(b.created_at),
});

type Refusal = { kind: 'conflict'; holder: string; from: Date; to: Date } | { kind: 'refused'; reason: string; params: Record<string, string | number> };

for (const [kind, text] of [
  ['venue.booking.confirmed', '场地预约已批准：{venue} {room} {from}'],
  ['venue.booking.rejected', '场地预约未获批准：{venue} {room} {from}'],
  ['venue.booking.cancelled', '场地预约已取消：{venue} {room} {from}'],
] as const) {
  registerNotificationKind({
    kind,
    module: 'venues',
    audience: 'staff',
    defaults: ['in_app'],
    text: (p) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? '')),
  });
}

/** Tells the booking organization what became of its booking (in the transaction that changed it). */
async function notifyBooking(
  trx: Tx,
  b: { id: number; org_id: number; venue_id: number; venue_name: string; room_name: string; starts_at: Date | string },
  status: 'confirmed' | 'rejected' | 'cancelled',
): Promise<void> {
  await notify(trx, {
    kind: `venue.booking.${status}`,
    to: { orgId: Number(b.org_id) },
    params: { venue: b.venue_name, room: b.room_name, from: chinaLabel(new Date(b.starts_at)) },
    link: `/venues/${b.venue_id}`,
    eventKey: `venue.booking.${status}:${b.id}`,
  });
}

/** The shared booking ledger: booking (single or weekly), the venue's and the booker's lists, cancellation and approval. */
export class VenueBookings {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
  ) {}

  /** Tries one occurrence: hours, quota, then the exclusion constraint. */
  private async tryOccurrence(
    db: Db,
    actor: Actor,
    room: repo.RoomRow & { venue: repo.VenueRow },
    org: repo.OrgLite,
    direct: boolean,
    quota: number | null,
    rules: OpeningRules,
    holidays: Set<string>,
    start: Date,
    end: Date,
    purpose: string,
    activityId: number | null,
    seriesId: number | null,
  ): Promise<{ status: 'confirmed' | 'pending'; row: repo.BookingRow } | Refusal> {
    const verdict = openingVerdict(rules, (d) => holidays.has(d), start, end);
    if (verdict === 'closed_day') return { kind: 'refused', reason: 'venue_closed', params: { day: chinaLocal(start).day } };
    if (verdict === 'outside_hours') return { kind: 'refused', reason: 'outside_hours', params: {} };
    const v = room.venue;
    const status = direct ? 'confirmed' : 'pending';
    const row = await repo.insertBooking(
      db,
      {
        venue_id: v.id,
        room_id: room.id,
        org_id: org.id,
        org_path: org.path,
        start,
        end,
        status,
        purpose,
        activity_id: activityId,
        series_id: seriesId,
        created_by: actor.accountId || null,
      },
      { venue: v.name, room: room.name, org: org.name },
    );
    if (row === null) {
      const holder = await repo.findOverlap(db, room.id, start, end);
      return { kind: 'conflict', holder: holder?.org_name ?? '?', from: holder?.starts_at ?? start, to: holder?.ends_at ?? end };
    }
    // The quota is checked after the insert, so refused overlaps never queue on the quota lock.
    if (quota !== null) {
      const month = chinaMonth(chinaLocal(start).day);
      await repo.lockQuota(db, v.id, org.id);
      const used = await repo.bookedHours(db, v.id, org.id, month.from, month.to);
      if (used > quota + 1e-9) {
        await repo.deleteBooking(db, row.id);
        return { kind: 'refused', reason: 'quota', params: { limit: quota } };
      }
    }
    return { status, row };
  }

  /**
   * Books a room inside the caller's transaction (for activities and other modules). A co-building or managing
   * organization's booking is confirmed; another organization's is a pending request. An overlap with a
   * confirmed booking is a CONFLICT naming the holder and time. Call it before appending the caller's own
   * audit row: the booking waits on competing bookings of the room, and the audit head is taken last.
   */
  async bookIn(db: Tx, ctx: RequestContext, input: BookInput): Promise<BookResult> {
    const actor = ctx.actor;
    const start = new Date(input.start);
    const end = new Date(input.end);
    if (Number.isNaN(start.getTime())) throw new AppError('VALIDATION', 'start', { reason: 'format', format: 'date-time' });
    if (Number.isNaN(end.getTime())) throw new AppError('VALIDATION', 'end', { reason: 'format', format: 'date-time' });
    if (end <= start || chinaLocal(start).day !== chinaLocal(new Date(end.getTime() - 1)).day)
      throw new AppError('VALIDATION', 'end', { reason: 'range_order' });
    if (start.getTime() < Date.now() - 60_000) throw new AppError('VALIDATION', 'start', { reason: 'past' });
    const context = await repo.findBookingContext(db, readScope(actor), input.roomId, input.orgId ?? actor.scope.orgId);
    if (!context || context.room.status !== 'active' || context.room.venue.status !== 'active') throw new AppError('NOT_FOUND', 'roomId');
    const { room, org } = context;
    if (!org || !pathWithin(org.path, actor.scope.orgPath)) throw new AppError('NOT_FOUND', 'orgId');
    if (org.status !== 'active') throw new AppError('VALIDATION', 'orgId', { reason: 'archived' });
    const direct = !room.venue.approval_required || directBooker(org.path, room.venue.managing_org_path, context.cobuilderPaths);
    // The managing organization books without a quota; another's own quota at this venue replaces the venue's general figure.
    const quota = org.id === room.venue.managing_org_id ? null : (context.orgQuotaHours ?? room.venue.monthly_quota_hours);

    const starts: Date[] = [start];
    if (input.repeatWeeklyUntil) {
      if (input.repeatWeeklyUntil < chinaLocal(start).day) throw new AppError('VALIDATION', 'repeatWeeklyUntil', { reason: 'date_order' });
      const week = 7 * 86_400_000;
      for (let t = start.getTime() + week; chinaLocal(new Date(t)).day <= input.repeatWeeklyUntil; t += week) {
        starts.push(new Date(t));
        if (starts.length > BOOKING_LIMITS.maxOccurrences)
          throw new AppError('VALIDATION', 'repeatWeeklyUntil', { reason: 'maxItems', limit: BOOKING_LIMITS.maxOccurrences });
      }
    }
    const rules: OpeningRules = { weekly: context.weekly, exceptions: context.exceptions, openOnHolidays: room.venue.open_on_holidays };
    const cal = await this.calendar.data(db);
    const seriesId =
      starts.length > 1
        ? await repo.insertSeries(db, { room_id: room.id, org_id: org.id, until_day: input.repeatWeeklyUntil!, created_by: actor.accountId })
        : null;
    const duration = end.getTime() - start.getTime();
    const occurrences: Occurrence[] = [];
    let first: repo.BookingRow | null = null;
    for (const s of starts) {
      const e = new Date(s.getTime() + duration);
      const r = await this.tryOccurrence(
        db,
        actor,
        room,
        org,
        direct,
        quota,
        rules,
        cal.holidays,
        s,
        e,
        input.purpose.trim(),
        input.activityId ?? null,
        seriesId,
      );
      if ('row' in r) {
        first ??= r.row;
        occurrences.push({ start: iso(s), end: iso(e), bookingId: r.row.id, status: r.status, message: null, holder: null });
      } else if (r.kind === 'conflict') {
        const params = { reason: 'booking_overlap', holder: r.holder, from: chinaLabel(r.from), to: chinaLabel(r.to) };
        if (starts.length === 1) throw new AppError('CONFLICT', 'start', params);
        occurrences.push({
          start: iso(s),
          end: iso(e),
          bookingId: null,
          status: 'conflict',
          message: `booking_overlap`,
          holder: `${r.holder} ${params.from}–${params.to.slice(11)}`,
        });
      } else {
        if (starts.length === 1) throw new AppError('VALIDATION', r.reason === 'quota' ? 'orgId' : 'start', { reason: r.reason, ...r.params });
        occurrences.push({ start: iso(s), end: iso(e), bookingId: null, status: 'refused', message: r.reason, holder: null });
      }
    }
    return { booking: first ? toBooking(first) : null, seriesId, occurrences };
  }

  /** Books a room in a transaction of its own (see `bookIn`), audited. */
  async book(ctx: RequestContext, input: BookInput): Promise<BookResult> {
    // The holiday calendar is read (and cached) before the transaction takes its connection: never two at once.
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const result = await this.bookIn(trx, ctx, input);
      const made = result.occurrences.filter((o) => o.bookingId !== null);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.book',
        objectType: 'venue_booking',
        objectId: result.booking?.id,
        detail: { roomId: input.roomId, made: made.length, refused: result.occurrences.length - made.length, seriesId: result.seriesId },
      });
      return result;
    });
  }

  /** Bookings of a venue (or one room) in a time window. */
  async bookings(actor: Actor, venueId: number, f: { roomId?: number; from: string; to: string; includePending: boolean }): Promise<Booking[]> {
    await requireVenue(this.db, actor, venueId, false);
    const from = new Date(f.from);
    const to = new Date(f.to);
    if (!(to > from)) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    if (to.getTime() - from.getTime() > 62 * 86_400_000) throw new AppError('VALIDATION', 'to', { reason: 'window', limit: 62 });
    const rows = await repo.listBookings(this.db, readScope(actor), {
      venueId,
      roomId: f.roomId,
      from,
      to,
      statuses: f.includePending ? ['confirmed', 'pending'] : ['confirmed'],
    });
    return rows.map(toBooking);
  }

  /** Bookings held by my organization (and units below it) from a date on. */
  async myBookings(actor: Actor, f: { from: string; to: string }): Promise<Booking[]> {
    const from = new Date(f.from);
    const to = new Date(f.to);
    if (!(to > from)) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    const rows = await repo.listBookings(this.db, bookingOwnerScope(actor), { from, to, statuses: ['confirmed', 'pending', 'rejected', 'cancelled'] });
    return rows.map(toBooking);
  }

  private async requireBooking(db: Db, actor: Actor, id: number): Promise<repo.BookingRow & { org_path: string; managing_org_path: string }> {
    const b = await repo.findBooking(db, readScope(actor), id, true);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    return b;
  }

  /** Cancels a booking: by its organization (or one above it) or by the venue's manager; past bookings stay. */
  async cancel(ctx: RequestContext, id: number, reason?: string): Promise<Booking> {
    return this.db.transaction().execute(async (trx) => {
      const b = await this.requireBooking(trx, ctx.actor, id);
      if (!pathWithin(b.org_path, ctx.actor.scope.orgPath) && !pathWithin(b.managing_org_path, ctx.actor.scope.orgPath)) throw new AppError('FORBIDDEN');
      if (b.status !== 'confirmed' && b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
      if (new Date(b.ends_at) <= new Date()) throw new AppError('INVALID_STATE', 'id');
      // The venue's staff cancelling another organization's booking tell the booker why.
      const byVenue = !pathWithin(b.org_path, ctx.actor.scope.orgPath);
      if (byVenue && !reason?.trim()) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
      await repo.setBookingStatus(trx, id, 'cancelled', byVenue ? ctx.actor.accountId : null, reason?.trim() || null);
      await notifyBooking(trx, b, 'cancelled');
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.booking.cancel', objectType: 'venue_booking', objectId: id, detail: { byVenue } });
      return toBooking((await repo.findBooking(trx, readScope(ctx.actor), id))!);
    });
  }

  /** The venue's staff cancel a booking at a venue they manage; the booker sees the reason on its bookings. */
  async cancelByVenue(ctx: RequestContext, id: number, reason: string): Promise<{ ok: boolean }> {
    const note = reason.trim();
    if (!note) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const b = await repo.findBooking(trx, writeScope(ctx.actor), id, true);
      if (!b) throw new AppError('NOT_FOUND', 'id');
      if (b.status !== 'confirmed' && b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
      if (new Date(b.ends_at) <= new Date()) throw new AppError('INVALID_STATE', 'id');
      await repo.setBookingStatus(trx, id, 'cancelled', ctx.actor.accountId, note);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.booking.cancel', objectType: 'venue_booking', objectId: id, detail: { byVenue: true } });
      return { ok: true };
    });
  }

  /** Cancels a booking made with an activity inside the caller's transaction (the activity was cancelled). */
  async cancelIn(db: Tx, ctx: RequestContext, id: number): Promise<void> {
    const b = await this.requireBooking(db, ctx.actor, id);
    if (b.status === 'confirmed' || b.status === 'pending') await repo.setBookingStatus(db, id, 'cancelled', null, null);
  }

  /** Booking requests awaiting the decision of venues I manage. */
  async inbox(actor: Actor, page: number, pageSize: number): Promise<{ items: Booking[]; total: number }> {
    const { rows, total } = await repo.listPending(this.db, writeScope(actor), pageSize, (page - 1) * pageSize);
    return { items: rows.map(toBooking), total };
  }

  /** The manager approves (the exclusion constraint may still refuse it) or rejects a booking request. */
  async decide(ctx: RequestContext, id: number, approve: boolean, note?: string): Promise<Booking> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const b = await this.requireBooking(trx, ctx.actor, id);
        if (!pathWithin(b.managing_org_path, ctx.actor.scope.orgPath)) throw new AppError('FORBIDDEN');
        if (b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
        await repo.setBookingStatus(trx, id, approve ? 'confirmed' : 'rejected', ctx.actor.accountId, note?.trim() || null);
        await notifyBooking(trx, b, approve ? 'confirmed' : 'rejected');
        if (approve)
          await publishWebhookEvent(trx, {
            type: 'booking.confirmed',
            subject: `booking:${id}`,
            orgPaths: [b.org_path, b.managing_org_path],
            data: {
              id,
              venueId: Number(b.venue_id),
              roomId: Number(b.room_id),
              orgId: Number(b.org_id),
              startsAt: new Date(b.starts_at).toISOString(),
              endsAt: new Date(b.ends_at).toISOString(),
            },
          });
        await this.audit.append(trx, actorOf(ctx), {
          action: approve ? 'venue.booking.approve' : 'venue.booking.reject',
          objectType: 'venue_booking',
          objectId: id,
        });
        return toBooking((await repo.findBooking(trx, readScope(ctx.actor), id))!);
      });
    } catch (err) {
      if ((err as { code?: string }).code !== '23P01') throw err;
      const b = (await repo.findBooking(this.db, readScope(ctx.actor), id))!;
      const holder = await repo.findOverlap(this.db, b.room_id, new Date(b.starts_at), new Date(b.ends_at), id);
      throw new AppError('CONFLICT', 'id', {
        reason: 'booking_overlap',
        holder: holder?.org_name ?? '?',
        from: chinaLabel(holder?.starts_at ?? b.starts_at),
        to: chinaLabel(holder?.ends_at ?? b.ends_at),
      });
    }
  }
}
