import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { notify } from '../../platform/jobs/notify.js';
import type { ArrangementChange, CalendarService } from '../calendar/calendar.service.js';
import { dueSoonSql, overdueSql } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { RequestText } from './free-text.service.js';

/** Working-day SLA: the due dates of a new request, their move when a year's official arrangement is entered, the reminders. */
export class RequestDeadlines {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    private readonly text: RequestText,
  ) {}

  /**
   * The reminder job (every few minutes on the job runner): each open request overdue or due by the next working day
   * sends its unit one notification per stage and due date, whatever the number of runs or server processes.
   */
  async sendReminders(today: string): Promise<number> {
    const next = await this.calendar.addWorkingDays(today, 1);
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.reminderCandidates(trx, overdueSql(today), dueSoonSql(today, next));
      for (const r of rows) {
        const [stage, due] = !r.accepted ? ['accept', r.accept_due] : !r.responded ? ['response', r.response_due] : ['resolve', r.resolve_due];
        const kind = r.overdue ? 'request.overdue' : 'request.due_soon';
        await notify(trx, {
          kind,
          to: { orgId: r.org_id },
          params: { number: r.number, due },
          link: `/requests/${r.id}`,
          eventKey: `${kind}:${r.id}:${stage}:${due}`,
        });
      }
      return rows.length;
    });
  }

  /** Accept, first-response and resolve due dates, counted in Chinese working days (调休 included) from the submission date. */
  async dueDates(submittedOn: string, cat: { slaAcceptDays: number; slaResponseDays: number; slaResolveDays: number }) {
    const [accept, response, resolve] = await Promise.all(
      [cat.slaAcceptDays, cat.slaResponseDays, cat.slaResolveDays].map((n) => this.calendar.deadline(submittedOn, n)),
    );
    return {
      accept: accept!.due,
      response: response!.due,
      resolve: resolve!.due,
      provisional: accept!.provisional || response!.provisional || resolve!.provisional,
    };
  }

  /**
   * When a year's official holiday arrangement is entered, every open request whose deadlines were provisional
   * keeps the same number of working days from its submission date under the official calendar; a moved deadline
   * is a public step of the request (the requester sees it) and an audit entry.
   */
  async moveProvisionalDeadlines(trx: Tx, change: ArrangementChange): Promise<{ kind: string; moved: number }> {
    const rows = await repo.listProvisionalDeadlines(trx);
    let moved = 0;
    for (const r of rows) {
      const next = {
        accept_due: change.moveDeadline(r.submitted_on, r.accept_due),
        response_due: change.moveDeadline(r.submitted_on, r.response_due),
        resolve_due: change.moveDeadline(r.submitted_on, r.resolve_due),
      };
      const stillProvisional = [next.accept_due, next.response_due, next.resolve_due].some(change.provisional);
      const changed = next.accept_due !== r.accept_due || next.response_due !== r.response_due || next.resolve_due !== r.resolve_due;
      if (!changed) {
        if (!stillProvisional) await repo.settleDeadlines(trx, r.id);
        continue;
      }
      const version = await repo.updateRequest(trx, r.id, { ...next, due_provisional: stillProvisional });
      const note = `按国务院办公厅公布的${change.year}年节假日安排，办结时限由 ${r.resolve_due} 调整为 ${next.resolve_due}（受理 ${next.accept_due}，答复 ${next.response_due}）。`;
      await this.text.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'deadline',
        actor_id: change.ctx.actor.accountId,
        org_id: null,
        target_org_id: null,
        note,
        public: true,
      });
      await this.audit.append(trx, actorOf(change.ctx), {
        action: 'request.deadline_move',
        objectType: 'request',
        objectId: r.id,
        detail: { year: change.year, from: { accept: r.accept_due, response: r.response_due, resolve: r.resolve_due }, to: next },
      });
      moved++;
    }
    return { kind: 'request', moved };
  }
}
