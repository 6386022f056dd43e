import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Figures, Item, ItemBrief, ItemInput, Occurrence, OccurrenceBrief, Series, SeriesInput, Topic } from '../../../contracts/meetings.js';
import type { ProjectBrief } from '../../../contracts/projects.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import {
  MAX_GENERATED,
  STALLED_DAYS,
  canDo,
  chinaInstant,
  isOverdue,
  isStalled,
  itemScope,
  nominalDays,
  ownSeries,
  supervisionScope,
  seriesScope,
  type Cadence,
  type ItemAction,
} from './meetings.policy.js';
import { attendanceZh, renderPackPdf } from './meeting-pack.js';
import * as repo from './meetings.repository.js';

type Brief = Awaited<ReturnType<OrgsService['briefs']>> extends Map<number, infer B> ? B : never;

/** Rows of the on-time rate per lead organization in the figures. */
const LEAD_ORG_ROWS = 50;
/** Lowest on-time rate first, organizations with nothing closed (null) last. */
const rateOrder = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);
const byName = new Intl.Collator('zh-CN');

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
/** HH:MM of an instant in China time. */
const chinaClock = (d: Date): string => new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
export const feedPath = (token: string): string => `/api/meeting-feeds/${token}.ics`;

/**
 * Joint meetings (联席会议) and supervised action items (督办): series per level run by a secretariat, occurrences on
 * working days, agenda with carried items, attendance, minutes, decisions → items tracked until closed.
 * One transaction per use case, with its events and its audit entry.
 */
export class MeetingsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly calendar: CalendarService,
    private readonly venues: VenuesService,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  private canManagePath(actor: Actor, secretariatPath: string): boolean {
    return actor.permissions.has('meeting.manage') && pathWithin(secretariatPath, actor.scope.orgPath);
  }

  /** A member organization fits a series when its region lies inside the series' region, or contains it (a city department at a district table). */
  private checkParticipants(ids: number[], briefs: Map<number, Brief>, regionPath: string, field: string): void {
    ids.forEach((id, i) => {
      const b = briefs.get(id);
      if (!b || !b.active || !(pathWithin(b.regionPath, regionPath) || pathWithin(regionPath, b.regionPath))) throw new AppError('NOT_FOUND', `${field}.${i}`);
    });
  }

  /** Organizations of the actor's level in its region (mass organizations and partner departments), for pickers. */
  async participants(actor: Actor): Promise<Array<{ id: number; name: string; typeCode: string }>> {
    const mine = (await this.orgs.briefs(this.db, [actor.scope.orgId])).get(actor.scope.orgId);
    const level = mine?.level === 'district' ? 'district' : 'city';
    const { items } = await this.orgs.list(actor, { level, status: 'active', page: 1, pageSize: 500, sort: 'name', desc: false });
    return items.filter((o) => o.typeCode !== 'coordination').map((o) => ({ id: o.id, name: o.name, typeCode: o.typeCode }));
  }

  // Series.

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
      canManage: this.canManagePath(actor, r.secretariat_path),
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
      this.checkParticipants(input.memberOrgIds, briefs, sec.regionPath, 'memberOrgIds');
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
      if (!this.canManagePath(ctx.actor, s.secretariat_path)) throw new AppError('FORBIDDEN');
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

  // One occurrence.

  private async occurrenceDetail(db: Db, actor: Actor, o: repo.OccurrenceRow): Promise<Occurrence> {
    const today = chinaToday();
    const canManage = this.canManagePath(actor, o.secretariat_path);
    const [members, topics, attendance, decisions, carried] = await Promise.all([
      repo.listMembers(db, [o.series_id]),
      repo.listTopics(db, o.id),
      repo.listAttendance(db, o.id),
      repo.listDecisions(db, o.id),
      repo.listItems(db, unscoped('checked'), { carriedFor: { seriesId: o.series_id, day: o.planned_day, occurrenceId: o.id } }),
    ]);
    const decided = decisions.length ? await repo.listItems(db, unscoped('checked'), { decisionIds: decisions.map((d) => d.id) }) : [];
    const isMember = members.some((m) => pathWithin(m.org_path, actor.scope.orgPath));
    const names = await this.orgs.briefs(db, [
      ...members.map((m) => m.org_id),
      ...topics.map((t) => t.org_id),
      ...carried.map((i) => i.lead_org_id),
      ...decided.map((i) => i.lead_org_id),
    ]);
    const ref = (id: number) => ({ id, name: names.get(id)?.name ?? '' });
    const published = o.agenda_published_at !== null;
    const ownTopic = (t: repo.TopicRow) => {
      const p = names.get(t.org_id)?.path;
      return p !== undefined && pathWithin(p, actor.scope.orgPath);
    };
    const visibleTopics = topics.filter((t) => canManage || (published && t.status === 'accepted') || ownTopic(t));
    const brief = (i: repo.ItemRow) => this.toItemBrief(i, names, today, actor);
    return {
      ...toOccurrenceBrief(o),
      topicDeadline: o.topic_deadline,
      minutes: o.minutes,
      canManage,
      canPropose: o.status === 'scheduled' && (canManage || (actor.permissions.has('meeting.take_part') && isMember && today <= o.topic_deadline)),
      topics: visibleTopics.map((t) => toTopic(t, ref)),
      carriedItems: [...carried]
        .sort((a, b) => Number(isOverdue(b.status, b.due_on, today)) - Number(isOverdue(a.status, a.due_on, today)) || a.due_on.localeCompare(b.due_on))
        .map(brief),
      attendance: members.map((m) => {
        const a = attendance.find((x) => x.org_id === m.org_id);
        return { org: ref(m.org_id), status: a?.status ?? null, delegateName: a?.delegate_name ?? '' };
      }),
      decisions: decisions.map((d) => ({ id: d.id, text: d.text, items: decided.filter((i) => i.decision_id === d.id).map(brief) })),
      version: o.version,
    };
  }

  async getOccurrence(actor: Actor, id: number): Promise<Occurrence> {
    const o = await repo.findOccurrence(this.db, seriesScope(actor), id);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    return this.occurrenceDetail(this.db, actor, o);
  }

  /** Loads an occurrence for a secretariat write: out of sight is 404, visible but not the secretariat's is 403. */
  private async managed(trx: Tx, actor: Actor, id: number): Promise<repo.OccurrenceRow> {
    const o = await repo.findOccurrence(trx, seriesScope(actor), id, true);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    if (!this.canManagePath(actor, o.secretariat_path)) throw new AppError('FORBIDDEN');
    if (o.status === 'cancelled') throw new AppError('INVALID_STATE', 'status', { reason: 'cancelled' });
    return o;
  }

  /** Books a venue room for the meeting's time in the secretariat's name, through the venues module (no double booking). */
  async bookRoom(ctx: RequestContext, id: number, roomId: number): Promise<OccurrenceBrief> {
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const o = await this.managed(trx, ctx.actor, id);
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
      const manage = this.canManagePath(actor, o.secretariat_path);
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
      const o = await this.managed(trx, ctx.actor, id);
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
      return this.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  async setAttendance(
    ctx: RequestContext,
    id: number,
    rows: Array<{ orgId: number; status: 'present' | 'absent' | 'delegate'; delegateName?: string }>,
  ): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const o = await this.managed(trx, ctx.actor, id);
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
      return this.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  async setMinutes(ctx: RequestContext, id: number, input: { minutes: string; held: boolean; version: number }): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const o = await this.managed(trx, ctx.actor, id);
      if (input.held && o.planned_day > chinaToday()) throw new AppError('VALIDATION', 'held', { reason: 'future' });
      if (!(await repo.bumpOccurrence(trx, id, { minutes: input.minutes, ...(input.held ? { status: 'held' } : {}) }, input.version)))
        throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.minutes.set',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { held: input.held, length: input.minutes.length },
      });
      return this.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  /** A decision and the action items it gives: each with a lead, co-organizations and a deadline (a date or working days from the meeting). */
  async addDecision(ctx: RequestContext, id: number, input: { text: string; items: ItemInput[] }): Promise<Occurrence> {
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const o = await this.managed(trx, ctx.actor, id);
      const orgIds = input.items.flatMap((i) => [i.leadOrgId, ...(i.coOrgIds ?? [])]);
      const briefs = await this.orgs.briefs(trx, orgIds);
      const dues: string[] = [];
      for (const [k, it] of input.items.entries()) {
        this.checkParticipants([it.leadOrgId], briefs, o.region_path, `items.${k}.leadOrgId`);
        this.checkParticipants(it.coOrgIds ?? [], briefs, o.region_path, `items.${k}.coOrgIds`);
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
      return this.occurrenceDetail(trx, ctx.actor, (await repo.findOccurrence(trx, unscoped('checked'), id))!);
    });
  }

  // Meeting pack.

  /**
   * The printable pack (会议材料) of a meeting I can see: its agenda (the accepted topics once published, all topics for
   * the secretariat), the open and overdue items carried to it, the previous meeting's decisions with their items,
   * attendance, and the projects of the series' level that are not done. The download is audited.
   */
  async pack(ctx: RequestContext, id: number, projectsOf: (level: 'city' | 'district') => Promise<ProjectBrief[]>): Promise<{ pdf: Buffer; filename: string }> {
    const actor = ctx.actor;
    const o = await repo.findOccurrence(this.db, seriesScope(actor), id);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    const [detail, series, prev] = await Promise.all([
      this.occurrenceDetail(this.db, actor, o),
      repo.listSeries(this.db, unscoped('checked'), chinaToday(), o.series_id),
      repo.previousOccurrence(this.db, o.series_id, o.planned_day),
    ]);
    const s = series[0]!;
    const prevDecisions = prev ? await repo.listDecisions(this.db, prev.id) : [];
    const prevItems = prevDecisions.length ? await repo.listItems(this.db, unscoped('checked'), { decisionIds: prevDecisions.map((d) => d.id) }) : [];
    const names = await this.orgs.briefs(this.db, [s.secretariat_org_id, ...prevItems.map((i) => i.lead_org_id)]);
    const projects = (await projectsOf(s.level === 'district' ? 'district' : 'city')).filter((p) => p.health !== 'done');
    const rank = { late: 0, at_risk: 1, on_time: 2, done: 3 } as const;
    projects.sort((a, b) => rank[a.health] - rank[b.health] || a.endsOn.localeCompare(b.endsOn));
    const agenda = detail.topics
      .filter((t) => t.status === 'accepted' || (detail.canManage && !detail.agendaPublished && t.status === 'proposed'))
      .sort((a, b) => (a.position ?? 999) - (b.position ?? 999) || a.id - b.id);
    const pdf = await renderPackPdf({
      title: `${o.series_title} ${o.planned_day}`,
      when: `${o.planned_day} ${chinaClock(o.starts_at)}–${chinaClock(o.ends_at)}`,
      venue: o.venue_label,
      convenor: s.convenor,
      secretariat: names.get(s.secretariat_org_id)?.name ?? '',
      agenda: agenda.map((t) => ({ title: t.title, org: t.org.name, note: t.note })),
      carried: detail.carriedItems.map((i) => ({ title: i.title, lead: i.leadOrg.name, dueOn: i.dueOn, status: i.status, overdue: i.overdue })),
      previous: prev
        ? {
            day: prev.planned_day,
            decisions: prevDecisions.map((d) => ({
              text: d.text,
              items: prevItems
                .filter((i) => i.decision_id === d.id)
                .map((i) => ({ title: i.title, lead: names.get(i.lead_org_id)?.name ?? '', dueOn: i.due_on, status: i.status })),
            })),
          }
        : null,
      attendance: detail.attendance.map((a) => ({ org: a.org.name, status: attendanceZh(a.status, a.delegateName) })),
      projects: projects.slice(0, 60).map((p) => ({ title: p.title, lead: p.leadOrg.name, progress: p.progress, health: p.health, endsOn: p.endsOn })),
      printedBy: `${actor.orgName} ${actor.displayName}`,
      printedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    });
    await this.db.transaction().execute((trx) =>
      this.audit.append(trx, actorOf(ctx), {
        action: 'meeting.pack.export',
        objectType: 'meeting_occurrence',
        objectId: id,
        detail: { carried: detail.carriedItems.length, topics: agenda.length },
      }),
    );
    return { pdf, filename: `meeting-pack-${o.planned_day}-${id}.pdf` };
  }

  // Figures.

  /**
   * The coordination figures of my scope, counted from the rows: meetings held, decisions, items by state (in all and
   * per lead organization with its on-time rate, lowest first), projects by health.
   */
  async figures(actor: Actor, projectCounts: () => Promise<Figures['projects']>): Promise<Figures> {
    const today = chinaToday();
    const [m, i, byLead, projects] = await Promise.all([
      repo.meetingFigures(this.db, seriesScope(actor)),
      repo.itemFigures(this.db, itemScope(actor), today),
      repo.itemFiguresByLeadOrg(this.db, itemScope(actor), today, LEAD_ORG_ROWS),
      projectCounts(),
    ]);
    const names = await this.orgs.briefs(
      this.db,
      byLead.map((r) => r.lead_org_id),
    );
    const byLeadOrg = byLead
      .map((r) => ({
        orgId: r.lead_org_id,
        orgName: names.get(r.lead_org_id)?.name ?? '',
        open: r.open,
        overdue: r.overdue,
        closedOnTime: r.closed_on_time,
        closedLate: r.closed_late,
        onTimeRate: r.on_time_rate,
      }))
      .sort((a, b) => rateOrder(a.onTimeRate, b.onTimeRate) || byName.compare(a.orgName, b.orgName) || a.orgId - b.orgId)
      .slice(0, LEAD_ORG_ROWS);
    return {
      held: m.byCadence.reduce((a, r) => a + r.held, 0),
      heldByCadence: m.byCadence,
      decisions: m.decisions,
      items: { open: i.open, overdue: i.overdue, closedOnTime: i.closed_on_time, closedLate: i.closed_late },
      byLeadOrg,
      projects,
    };
  }

  // iCalendar feed.

  async getFeed(actor: Actor): Promise<{ path: string | null }> {
    const token = await repo.findFeed(this.db, actor.scope.orgId);
    return { path: token ? feedPath(token) : null };
  }

  /** My organization's feed address: the existing one, or a new token (rotate replaces it, so the old address stops working). */
  async makeFeed(ctx: RequestContext, rotate: boolean): Promise<{ path: string }> {
    return this.db.transaction().execute(async (trx) => {
      const orgId = ctx.actor.scope.orgId;
      const existing = await repo.findFeed(trx, orgId);
      if (existing && !rotate) return { path: feedPath(existing) };
      const token = randomBytes(24).toString('base64url');
      await repo.upsertFeed(trx, orgId, token, ctx.actor.accountId || null);
      await this.audit.append(trx, actorOf(ctx), { action: existing ? 'meeting.feed.rotate' : 'meeting.feed.create', objectType: 'org', objectId: orgId });
      return { path: feedPath(token) };
    });
  }

  async revokeFeed(ctx: RequestContext): Promise<{ ok: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const orgId = ctx.actor.scope.orgId;
      if (!(await repo.deleteFeed(trx, orgId))) throw new AppError('NOT_FOUND', 'token');
      await this.audit.append(trx, actorOf(ctx), { action: 'meeting.feed.revoke', objectType: 'org', objectId: orgId });
      return { ok: true };
    });
  }

  /**
   * The iCalendar text of a feed token: the meetings (from 90 days ago on, not cancelled) of the series the token's
   * organization runs or sits in, as of its place in the tree now; null for an unknown token or an archived organization.
   */
  async feedText(token: string): Promise<string | null> {
    const orgId = await repo.feedByToken(this.db, token);
    if (orgId === undefined) return null;
    const org = (await this.orgs.briefs(this.db, [orgId])).get(orgId);
    if (!org?.active) return null;
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const rows = (await repo.listOccurrences(this.db, ownSeries(org.path), { from })).filter((o) => o.status !== 'cancelled');
    const cal = ical({ name: `${org.name} 联席会议`, prodId: { company: 'QunHub', product: 'meetings', language: 'ZH' }, timezone: 'Asia/Shanghai' });
    for (const o of rows) {
      cal.createEvent({
        id: `meeting-occurrence-${o.id}@qunhub`,
        start: new Date(o.starts_at),
        end: new Date(o.ends_at),
        summary: o.series_title,
        ...(o.venue_label ? { location: o.venue_label } : {}),
        description: `议题申报截止 Topics until ${o.topic_deadline}${o.status === 'held' ? ' · 已召开 held' : ''}`,
      });
    }
    return cal.toString();
  }

  // Action items.

  private toItemBrief(i: repo.ItemBriefRow, names: Map<number, Brief>, today: string, actor: Actor): ItemBrief {
    const overdue = isOverdue(i.status, i.due_on, today);
    const stalled = isStalled(i.status, new Date(i.last_activity_at), new Date());
    return {
      id: i.id,
      title: i.title,
      leadOrg: { id: i.lead_org_id, name: names.get(i.lead_org_id)?.name ?? '' },
      dueOn: i.due_on,
      status: i.status,
      overdue,
      stalled,
      // Escalated: overdue or stalled and shown to a level above the series' own (the region above).
      escalated: (overdue || stalled) && i.region_path !== actor.scope.regionPath,
      seriesTitle: i.series_title,
    };
  }

  private async briefs(db: Db, actor: Actor, rows: repo.ItemBriefRow[]): Promise<ItemBrief[]> {
    const names = await this.orgs.briefs(
      db,
      rows.map((r) => r.lead_org_id),
    );
    const today = chinaToday();
    return rows.map((r) => this.toItemBrief(r, names, today, actor));
  }

  async listItems(actor: Actor, f: { status?: string; open?: boolean }): Promise<ItemBrief[]> {
    return this.briefs(this.db, actor, await repo.listItems(this.db, itemScope(actor), f));
  }

  /** The supervision queue of the actor's level: see `repo.supervision`. */
  async supervision(actor: Actor, opts: { limit?: number } = {}): Promise<ItemBrief[]> {
    const rows = await repo.supervision(this.db, supervisionScope(actor), {
      regionPath: actor.scope.regionPath,
      today: chinaToday(),
      stalledBefore: new Date(Date.now() - STALLED_DAYS * 86_400_000),
      limit: opts.limit ?? 200,
    });
    return this.briefs(this.db, actor, rows);
  }

  private async itemDetail(db: Db, actor: Actor, i: repo.ItemRow): Promise<Item> {
    const [orgs, events] = await Promise.all([repo.listItemOrgs(db, [i.id]), repo.listEvents(db, i.id)]);
    const names = await this.orgs.briefs(db, orgs.map((o) => o.org_id).concat(i.lead_org_id));
    const mine = orgs.find((o) => pathWithin(o.org_path, actor.scope.orgPath));
    return {
      ...this.toItemBrief(i, names, chinaToday(), actor),
      expectedResult: i.expected_result,
      coOrgs: orgs.filter((o) => o.role === 'co').map((o) => ({ id: o.org_id, name: names.get(o.org_id)?.name ?? '' })),
      occurrenceId: i.occurrence_id,
      decision: i.decision_text,
      extensionTo: i.extension_to,
      extensionReason: i.extension_reason,
      evidence: i.evidence,
      myRole: mine ? (orgs.some((o) => o.role === 'lead' && pathWithin(o.org_path, actor.scope.orgPath)) ? 'lead' : 'co') : null,
      canManage: this.canManagePath(actor, i.secretariat_path),
      events: events.map((e) => ({ kind: e.kind, actorName: e.actor_name, orgName: e.org_name, note: e.note, at: iso(e.at)! })),
      version: i.version,
    };
  }

  async getItem(actor: Actor, id: number): Promise<Item> {
    const i = await repo.findItem(this.db, itemScope(actor), id);
    if (!i) throw new AppError('NOT_FOUND', 'id');
    return this.itemDetail(this.db, actor, i);
  }

  /**
   * One step of an item: who may take it (the lead, lead or co-organization, or the secretariat), from which states,
   * the change it makes, an event with actor and time, and the audit entry — in one transaction.
   */
  private async step(
    ctx: RequestContext,
    id: number,
    action: ItemAction,
    who: 'lead' | 'party' | 'secretariat',
    version: number | undefined,
    change: (
      i: repo.ItemRow,
    ) =>
      | Promise<{ set: Parameters<typeof repo.updateItem>[3]; kind: string; note: string }>
      | { set: Parameters<typeof repo.updateItem>[3]; kind: string; note: string },
  ): Promise<Item> {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const i = await repo.findItem(trx, itemScope(actor), id, true);
      if (!i) throw new AppError('NOT_FOUND', 'id');
      if (who === 'secretariat') {
        if (!this.canManagePath(actor, i.secretariat_path)) throw new AppError('FORBIDDEN');
      } else {
        const orgs = await repo.listItemOrgs(trx, [i.id]);
        const fits = orgs.some((o) => (who === 'party' || o.role === 'lead') && pathWithin(o.org_path, actor.scope.orgPath));
        if (!actor.permissions.has('meeting.take_part') || !fits) throw new AppError('FORBIDDEN');
      }
      if (version !== undefined && version !== i.version) throw new AppError('STALE_VERSION', 'version');
      if (!canDo(action, i.status)) throw new AppError('INVALID_STATE', 'status', { reason: i.status });
      const c = await change(i);
      await repo.updateItem(trx, id, undefined, c.set);
      await repo.insertEvent(trx, {
        item_id: id,
        kind: c.kind,
        actor_id: actor.accountId || null,
        actor_name: actor.displayName,
        org_name: actor.orgName,
        note: c.note,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: `meeting.item.${c.kind}`,
        objectType: 'action_item',
        objectId: id,
        detail: { from: i.status, to: c.set.status ?? i.status },
      });
      return this.itemDetail(trx, actor, (await repo.findItem(trx, unscoped('checked'), id))!);
    });
  }

  respond(ctx: RequestContext, id: number, input: { accept: boolean; note?: string; version: number }): Promise<Item> {
    if (!input.accept && !input.note?.trim()) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.step(ctx, id, input.accept ? 'accept' : 'clarification', 'lead', input.version, () => ({
      set: { status: input.accept ? 'accepted' : 'clarification' },
      kind: input.accept ? 'accepted' : 'clarification',
      note: (input.note ?? '').trim(),
    }));
  }

  clarify(ctx: RequestContext, id: number, input: { note: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'clarify', 'secretariat', input.version, () => ({ set: { status: 'assigned' }, kind: 'clarified', note: input.note.trim() }));
  }

  progress(ctx: RequestContext, id: number, input: { note: string }): Promise<Item> {
    return this.step(ctx, id, 'progress', 'party', undefined, () => ({ set: {}, kind: 'progress', note: input.note.trim() }));
  }

  requestExtension(ctx: RequestContext, id: number, input: { to: string; reason: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'extension', 'lead', input.version, (i) => {
      if (input.to <= i.due_on) throw new AppError('VALIDATION', 'to', { reason: 'not_later', date: i.due_on });
      if (i.extension_to) throw new AppError('INVALID_STATE', 'to', { reason: 'extension_pending' });
      return {
        set: { extension_to: input.to, extension_reason: input.reason.trim() },
        kind: 'extension_requested',
        note: `${input.to} ${input.reason.trim()}`,
      };
    });
  }

  decideExtension(ctx: RequestContext, id: number, input: { grant: boolean; note?: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'extension_decision', 'secretariat', input.version, (i) => {
      if (!i.extension_to) throw new AppError('INVALID_STATE', 'grant', { reason: 'no_extension' });
      return {
        set: { ...(input.grant ? { due_on: i.extension_to } : {}), extension_to: null, extension_reason: '' },
        kind: input.grant ? 'extension_granted' : 'extension_refused',
        note: `${i.extension_to} ${(input.note ?? '').trim()}`.trim(),
      };
    });
  }

  submit(ctx: RequestContext, id: number, input: { evidence: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'submit', 'lead', input.version, () => ({
      set: { status: 'submitted', evidence: input.evidence.trim() },
      kind: 'submitted',
      note: input.evidence.trim(),
    }));
  }

  review(ctx: RequestContext, id: number, input: { close: boolean; note?: string; version: number }): Promise<Item> {
    if (!input.close && !input.note?.trim()) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.step(ctx, id, input.close ? 'close' : 'return', 'secretariat', input.version, () => ({
      set: input.close ? { status: 'closed', closed_at: new Date() } : { status: 'accepted' },
      kind: input.close ? 'closed' : 'returned',
      note: (input.note ?? '').trim(),
    }));
  }
}

function toOccurrenceBrief(o: repo.OccurrenceRow): OccurrenceBrief {
  return {
    id: o.id,
    seriesId: o.series_id,
    seriesTitle: o.series_title,
    plannedDay: o.planned_day,
    startsAt: iso(o.starts_at)!,
    endsAt: iso(o.ends_at)!,
    status: o.status,
    venue: o.venue_label,
    agendaPublished: o.agenda_published_at !== null,
  };
}

function toTopic(t: repo.TopicRow, ref: (id: number) => { id: number; name: string }): Topic {
  return { id: t.id, title: t.title, note: t.note, org: ref(t.org_id), source: t.source, status: t.status, position: t.position };
}
