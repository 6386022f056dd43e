import type { ItemInput, Occurrence, OccurrenceBrief, Topic } from '../../../contracts/meetings.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { seriesScope } from './meetings.policy.js';
import * as repo from './meetings.repository.js';
import { iso, toOccurrenceBrief, toTopic, type MeetingRecords } from './records.service.js';

/** One meeting and its proceedings: the room, topics and agenda, attendance, minutes, decisions with the action items they give. */
export class MeetingProceedings {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly calendar: CalendarService,
    private readonly venues: VenuesService,
    private readonly records: MeetingRecords,
  ) {}

  async getOccurrence(actor: Actor, id: number): Promise<Occurrence> {
    const o = await repo.findOccurrence(this.db, seriesScope(actor), id);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    return this.records.occurrenceDetail(this.db, actor, o);
  }

  /** Books a venue room for the meeting's time in the secretariat's name, through the venues module (no double booking). */
  async bookRoom(ctx: RequestContext, id: number, roomId: number): Promise<OccurrenceBrief> {
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const o = await this.records.managed(trx, ctx.actor, id);
      const b = await this.venues.bookIn(trx, ctx, {
        roomId,
        start: iso(o.starts_at)!,
        end: iso(o.ends_at)!,
        purpose: o.series_title,
        orgId: o.secretariat_org_id,
      });
      const booking = b.booking!;
      await repo.bumpOccurrence(trx, id, { room_id: roomId, booking_id: booking.id, venue_label: `${booking.venueName} ${booking.roomName}` });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.occurrence.room',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { roomId, bookingId: booking.id, status: booking.status },
      });
      return toOccurrenceBrief((await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  /** A member proposes a topic until the series' deadline; the secretariat may add one any time. */
  async proposeTopic(ctx: RequestContext, id: number, input: { title: string; note?: string }): Promise<Topic> {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findOccurrence(trx, seriesScope(actor), id);
      if (!o) throw new AppError('NOT_FOUND', 'id');
      const manage = this.records.canManagePath(actor, o.secretariat_path);
      if (!manage) {
        const members = await repo.listMembers(trx, [o.series_id]);
        if (!actor.permissions.has('meeting.take_part') || !members.some((m) => pathWithin(m.org_path, actor.scope.orgPath))) throw new AppError('FORBIDDEN');
        if (chinaToday() > o.topic_deadline) throw new AppError('INVALID_STATE', 'id', { reason: 'topic_deadline', date: o.topic_deadline });
      }
      if (o.status !== 'scheduled') throw new AppError('INVALID_STATE', 'status', { reason: o.status });
      const t = await repo.insertTopic(trx, {
        occurrence_id: id,
        org_id: actor.scope.orgId,
        title: input.title.trim(),
        note: (input.note ?? '').trim(),
        source: manage ? 'secretariat' : 'proposal',
        created_by: actor.accountId || null,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.topic.propose',
        objectType: 'meeting_topic',
        objectId: t.id,
        detail: { occurrenceId: id },
      });
      return toTopic(t, () => ({ id: actor.scope.orgId, name: actor.orgName }));
    });
  }

  async setAgenda(ctx: RequestContext, id: number, input: { order: number[]; publish: boolean; version: number }): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const o = await this.records.managed(trx, ctx.actor, id);
      if (o.version !== input.version) throw new AppError('STALE_VERSION', 'version');
      const order = [...new Set(input.order)];
      const topics = await repo.listTopics(trx, id);
      order.forEach((t, i) => {
        if (!topics.some((x) => x.id === t)) throw new AppError('NOT_FOUND', `order.${i}`);
      });
      await repo.orderTopics(trx, id, order);
      await repo.bumpOccurrence(trx, id, input.publish ? { agenda_published_at: new Date() } : {}, input.version);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.agenda.set',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { topics: order.length, publish: input.publish },
      });
      return this.records.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  async setAttendance(
    ctx: RequestContext,
    id: number,
    rows: Array<{ orgId: number; status: 'present' | 'absent' | 'delegate'; delegateName?: string }>,
  ): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const o = await this.records.managed(trx, ctx.actor, id);
      const members = await repo.listMembers(trx, [o.series_id]);
      rows.forEach((r, i) => {
        if (!members.some((m) => m.org_id === r.orgId)) throw new AppError('VALIDATION', `rows.${i}.orgId`, { reason: 'not_member' });
        if (r.status === 'delegate' && !r.delegateName?.trim()) throw new AppError('VALIDATION', `rows.${i}.delegateName`, { reason: 'required' });
      });
      await repo.upsertAttendance(
        trx,
        id,
        rows.map((r) => ({ org_id: r.orgId, status: r.status, delegate_name: r.status === 'delegate' ? r.delegateName!.trim() : '' })),
      );
      await repo.bumpOccurrence(trx, id, {});
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.attendance.set',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { rows: rows.length },
      });
      return this.records.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  async setMinutes(ctx: RequestContext, id: number, input: { minutes: string; held: boolean; version: number }): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const o = await this.records.managed(trx, ctx.actor, id);
      if (input.held && o.planned_day > chinaToday()) throw new AppError('VALIDATION', 'held', { reason: 'future' });
      if (!(await repo.bumpOccurrence(trx, id, { minutes: input.minutes, ...(input.held ? { status: 'held' } : {}) }, input.version)))
        throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.minutes.set',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { held: input.held, length: input.minutes.length },
      });
      return this.records.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  /** A decision and the action items it gives: each with a lead, co-organizations and a deadline (a date or working days from the meeting). */
  async addDecision(ctx: RequestContext, id: number, input: { text: string; items: ItemInput[] }): Promise<Occurrence> {
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const o = await this.records.managed(trx, ctx.actor, id);
      const orgIds = input.items.flatMap((i) => [i.leadOrgId, ...(i.coOrgIds ?? [])]);
      const briefs = await this.orgs.briefs(trx, orgIds);
      const dues: string[] = [];
      for (const [k, it] of input.items.entries()) {
        this.records.checkParticipants([it.leadOrgId], briefs, o.region_path, `items.${k}.leadOrgId`);
        this.records.checkParticipants(it.coOrgIds ?? [], briefs, o.region_path, `items.${k}.coOrgIds`);
        if (!it.dueOn === !it.dueWorkingDays) throw new AppError('VALIDATION', `items.${k}.dueOn`, { reason: 'required' });
        const due = it.dueOn ?? (await this.calendar.addWorkingDays(o.planned_day, it.dueWorkingDays!, trx));
        if (due < o.planned_day) throw new AppError('VALIDATION', `items.${k}.dueOn`, { reason: 'date_order' });
        dues.push(due);
      }
      const decisionId = await repo.insertDecision(trx, id, input.text.trim(), ctx.actor.accountId || null);
      const itemIds: number[] = [];
      for (const [k, it] of input.items.entries()) {
        const itemId = await repo.insertItem(trx, {
          decision_id: decisionId,
          series_id: o.series_id,
          secretariat_path: o.secretariat_path,
          region_path: o.region_path,
          title: it.title.trim(),
          expected_result: it.expectedResult.trim(),
          lead_org_id: it.leadOrgId,
          due_on: dues[k]!,
          created_by: ctx.actor.accountId || null,
        });
        const co = [...new Set(it.coOrgIds ?? [])].filter((c) => c !== it.leadOrgId);
        await repo.insertItemOrgs(trx, itemId, [
          { org_id: it.leadOrgId, org_path: briefs.get(it.leadOrgId)!.path, role: 'lead' },
          ...co.map((c) => ({ org_id: c, org_path: briefs.get(c)!.path, role: 'co' as const })),
        ]);
        await repo.insertEvent(trx, {
          item_id: itemId,
          kind: 'created',
          actor_id: ctx.actor.accountId || null,
          actor_name: ctx.actor.displayName,
          org_name: ctx.actor.orgName,
          note: `${o.series_title} ${o.planned_day}`,
        });
        itemIds.push(itemId);
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.decision.add',
        objectType: 'meeting_decision',
        objectId: decisionId,
        detail: { occurrenceId: id, items: itemIds },
      });
      return this.records.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }
}
