import type { ProjectBrief } from '../../../contracts/projects.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { attendanceZh, renderPackPdf } from './meeting-pack.js';
import { seriesScope } from './meetings.policy.js';
import * as repo from './meetings.repository.js';
import type { MeetingRecords } from './records.service.js';

/** HH:MM of an instant in China time. */
const chinaClock = (d: Date): string => new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/** The meeting pack (会议材料) as a PDF. */
export class MeetingPack {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly records: MeetingRecords,
  ) {}

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
      this.records.occurrenceDetail(this.db, actor, o),
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
}
