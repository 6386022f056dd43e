import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { NoticeSummary, PublicNotice } from '../../../contracts/honours.js';
import { chinaToday, levelOf, nominationScope } from './honours.policy.js';
import * as repo from './honours.repository.js';
import type { HonourRecords } from './records.service.js';

/** Public notice of the shortlist on the portal, citizens' objections and their outcome. */
export class HonourNotice {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    private readonly citizens: CitizensService,
    private readonly records: HonourRecords,
  ) {}

  /** Publishes the shortlist on the portal for the programme's number of working days, from today. */
  async publishNotice(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const p = await this.records.requireProgramme(trx, actor, programmeId, true);
      if ((await this.records.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'open') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const shortlisted = await repo.listMembers(trx, p.id, 'city_path', actor.scope.orgPath, ['shortlisted']);
      if (shortlisted.length === 0) throw new AppError('INVALID_STATE', 'id', { reason: 'nothing_shortlisted' });
      // Published today; the period holds notice_days full working days, counted from the first working day on or after today.
      const firstWorkday = await this.calendar.addWorkingDays(today, 0, trx);
      const noticeTo = await this.calendar.addWorkingDays(firstWorkday, p.notice_days - 1, trx);
      await repo.setProgramme(trx, p.id, { status: 'notice', notice_from: today, notice_to: noticeTo });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.notice.publish',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { nominees: shortlisted.length, noticeFrom: today, noticeTo },
      });
      return { status: 'notice', noticeFrom: today, noticeTo };
    });
  }

  /** The awarding unit records the outcome of a citizen's objection after investigating it. */
  async decideObjection(ctx: RequestContext, objectionId: number, input: { status: 'upheld' | 'dismissed'; outcome: string }) {
    const actor = ctx.actor;
    const outcome = input.outcome.normalize('NFC').trim();
    if (!outcome) throw new AppError('VALIDATION', 'outcome', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const o = await repo.findObjection(trx, objectionId);
      const n = o ? await repo.findNomination(trx, nominationScope(actor), o.nomination_id) : undefined;
      if (!o || !n) throw new AppError('NOT_FOUND', 'id');
      if (levelOf(actor.scope.orgPath, n) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (o.status !== 'open') throw new AppError('INVALID_STATE', 'status', { status: o.status });
      await repo.decideObjection(trx, o.id, { status: input.status, outcome, decided_by: actor.accountId });
      await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'objection_decided', actor_id: actor.accountId, org_id: actor.orgId, note: input.status }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.objection.decide',
        objectType: 'honour_objection',
        objectId: o.id,
        detail: { nominationId: n.id, status: input.status },
      });
      return { id: o.id, status: input.status };
    });
  }

  /** Programmes on public notice or announced: titles and counts only. */
  async publicNotices(): Promise<NoticeSummary[]> {
    const today = chinaToday();
    return (await repo.listNotices(this.db)).map((r) => ({
      id: r.id,
      title: r.title,
      awardTitle: r.award_title,
      year: r.year,
      orgName: r.org_name,
      status: r.status,
      noticeFrom: r.notice_from,
      noticeTo: r.notice_to,
      open: r.status === 'notice' && today >= r.notice_from && today <= r.notice_to,
      nominees: r.nominees,
    }));
  }

  /** One public notice: names, units, positions and short deeds — no ID number, phone, address or record id of a person. */
  async publicNotice(id: number): Promise<PublicNotice> {
    const notice = (await this.publicNotices()).find((r) => r.id === id);
    if (!notice) throw new AppError('NOT_FOUND', 'id');
    const nominees = await repo.listPublicNominees(this.db, id, notice.status === 'notice' ? ['shortlisted'] : ['awarded']);
    return {
      ...notice,
      nominees: nominees.map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        unitName: n.unit_name,
        position: n.position,
        deeds: n.deeds,
        districtName: n.district_name,
      })),
    };
  }

  /** A signed-in citizen (phone and one-time code) lodges an objection with evidence during the notice window. */
  async lodgeObjection(meta: Meta, citizen: Citizen, nominationId: number, input: { evidence: string }) {
    const evidence = input.evidence.normalize('NFC').trim();
    if (Array.from(evidence).length < 10) throw new AppError('VALIDATION', 'evidence', { reason: 'minLength', limit: 10 });
    const n = await repo.findPublicNominee(this.db, nominationId);
    if (!n || n.stage !== 'shortlisted') throw new AppError('NOT_FOUND', 'id');
    const notice = (await this.publicNotices()).find((r) => r.id === n.programme_id);
    if (!notice?.open) throw new AppError('INVALID_STATE', 'id', { reason: 'notice_closed' });
    const portal = await this.citizens.portalContext(meta);
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertObjection(trx, { nomination_id: nominationId, person_id: citizen.personId, evidence });
      await repo.insertEvents(trx, [{ nomination_id: nominationId, kind: 'objection', actor_id: null, org_id: null, note: '' }]);
      await this.audit.append(trx, actorOf(portal), {
        action: 'honour.objection.lodge',
        objectType: 'honour_objection',
        objectId: id,
        detail: { nominationId, personId: citizen.personId },
      });
      return { id, status: 'open' };
    });
  }
}
