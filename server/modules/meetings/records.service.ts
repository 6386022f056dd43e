import type { ItemBrief, Occurrence, OccurrenceBrief, Topic } from '../../../contracts/meetings.js';
import type { Db, Tx } from '../../db/client.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { isOverdue, isStalled, seriesScope } from './meetings.policy.js';
import * as repo from './meetings.repository.js';

export type Brief = Awaited<ReturnType<OrgsService['briefs']>> extends Map<number, infer B> ? B : never;

export const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

export function toOccurrenceBrief(o: repo.OccurrenceRow): OccurrenceBrief {
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

export function toTopic(t: repo.TopicRow, ref: (id: number) => { id: number; name: string }): Topic {
  return { id: t.id, title: t.title, note: t.note, org: ref(t.org_id), source: t.source, status: t.status, position: t.position };
}

/** What the use cases share: who manages a series, which organizations fit it, an item's brief and a meeting's detail. */
export class MeetingRecords {
  constructor(private readonly orgs: OrgsService) {}

  canManagePath(actor: Actor, secretariatPath: string): boolean {
    return actor.permissions.has('meeting.manage') && pathWithin(secretariatPath, actor.scope.orgPath);
  }

  /** A member organization fits a series when its region lies inside the series' region, or contains it (a city department at a district table). */
  checkParticipants(ids: number[], briefs: Map<number, Brief>, regionPath: string, field: string): void {
    ids.forEach((id, i) => {
      const b = briefs.get(id);
      if (!b || !b.active || !(pathWithin(b.regionPath, regionPath) || pathWithin(regionPath, b.regionPath))) throw new AppError('NOT_FOUND', `${field}.${i}`);
    });
  }

  toItemBrief(i: repo.ItemBriefRow, names: Map<number, Brief>, today: string, actor: Actor): ItemBrief {
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

  /** One meeting as the actor sees it: topics it may see, carried items, attendance, decisions with their items. */
  async occurrenceDetail(db: Db, actor: Actor, o: repo.OccurrenceRow): Promise<Occurrence> {
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

  /** Loads an occurrence for a secretariat write: out of sight is 404, visible but not the secretariat's is 403. */
  async managed(trx: Tx, actor: Actor, id: number): Promise<repo.OccurrenceRow> {
    const o = await repo.findOccurrence(trx, seriesScope(actor), id, true);
    if (!o) throw new AppError('NOT_FOUND', 'id');
    if (!this.canManagePath(actor, o.secretariat_path)) throw new AppError('FORBIDDEN');
    if (o.status === 'cancelled') throw new AppError('INVALID_STATE', 'status', { reason: 'cancelled' });
    return o;
  }
}
