import type {
  Application,
  HoursEntry,
  HoursRecord,
  MyVolunteer,
  Need,
  NeedCreate,
  Volunteer,
  VolunteerDetail,
  VolunteerSignUp,
} from '../../../contracts/volunteers.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { renderCertificate } from './certificate.js';
import { certificateNumber, hoursScope, hoursWriteScope, needScope, needWriteScope, openNeedScope, validHours, volunteerScope } from './volunteers.policy.js';
import * as repo from './volunteers.repository.js';
import { chinaDate } from '../../platform/time.js';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toVolunteer = (r: repo.VolunteerRow): Volunteer => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  phoneMasked: r.phone_masked,
  skills: r.skills,
  availability: r.availability,
  regionCode: r.region_code,
  regionName: r.region_name,
  status: r.status,
  confirmedHours: r.confirmed_hours,
  createdAt: iso(r.created_at)!,
});
const toNeed = (r: repo.NeedRow): Need => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  regionCode: r.region_code,
  regionName: r.region_name,
  activityId: r.activity_id,
  activityTitle: r.activity_title,
  venueId: r.venue_id,
  role: r.role,
  description: r.description,
  headcount: r.headcount,
  confirmed: r.confirmed,
  applied: r.applied,
  startsAt: iso(r.starts_at)!,
  endsAt: iso(r.ends_at)!,
  status: r.status,
});
const toApplication = (r: repo.ApplicationRow): Application => ({
  id: r.id,
  needId: r.need_id,
  volunteerId: r.volunteer_id,
  name: r.name,
  phoneMasked: r.phone_masked,
  skills: r.skills,
  status: r.status,
  role: r.role,
  orgName: r.org_name,
  startsAt: iso(r.starts_at)!,
  endsAt: iso(r.ends_at)!,
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
});

const toHours = (r: repo.HoursRow): HoursEntry => ({
  id: r.id,
  volunteerId: r.volunteer_id,
  volunteerName: r.volunteer_name,
  needId: r.need_id,
  role: r.role,
  orgId: r.org_id,
  orgName: r.org_name,
  serviceDate: r.service_date,
  hours: r.hours,
  content: r.content,
  status: r.status,
  recordedBy: r.recorded_by_name,
  confirmedBy: r.confirmed_by_name,
  confirmedAt: iso(r.confirmed_at),
});
registerNotificationKind({
  kind: 'volunteer.hours_confirmed',
  module: 'volunteers',
  audience: 'citizen',
  defaults: ['in_app'],
  text: (p) => `您${p.date}的志愿服务时长${p.hours}小时已确认`,
});

/**
 * Volunteers (C10): profiles on person records, needs posted by activities or venues, applications confirmed by the
 * organizer, hours recorded after the service and confirmed by a second staff member, certificates as PDF.
 */
export class VolunteersService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: MergeTx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
    private readonly activities: ActivitiesService,
  ) {}

  async list(
    actor: Actor,
    f: { q?: string; skill?: string; regionCode?: string; page: number; pageSize: number },
  ): Promise<{ items: Volunteer[]; total: number }> {
    const regionPath = f.regionCode ? (await this.regions.requireRegion(f.regionCode, 'query.regionCode')).path : undefined;
    const { rows, total } = await repo.listVolunteers(
      this.db,
      volunteerScope(actor),
      { q: f.q, skill: f.skill, regionPath },
      f.pageSize,
      (f.page - 1) * f.pageSize,
    );
    return { items: rows.map(toVolunteer), total };
  }

  async get(actor: Actor, id: number): Promise<VolunteerDetail> {
    const v = await repo.findVolunteer(this.db, volunteerScope(actor), { id });
    if (!v) throw new AppError('NOT_FOUND', 'id');
    const hours = await repo.listHours(this.db, hoursScope(actor), { volunteerId: id });
    const applications = await repo.listApplications(this.db, needScope(actor), { volunteerId: id });
    return { ...toVolunteer(v), hours: hours.map(toHours), applications: applications.map(toApplication) };
  }

  // ───────────── Needs and applications ─────────────

  async listNeeds(
    actor: Actor,
    f: { status?: string; activityId?: number; q?: string; page: number; pageSize: number },
  ): Promise<{ items: Need[]; total: number }> {
    const { rows, total } = await repo.listNeeds(this.db, needScope(actor), f, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toNeed), total };
  }

  /** Posts a need for an activity (hosted in scope), a venue, or the organization itself. */
  async createNeed(ctx: RequestContext, input: NeedCreate): Promise<Need> {
    if (new Date(input.endsAt) <= new Date(input.startsAt)) throw new AppError('VALIDATION', 'body.endsAt', { reason: 'after_start' });
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, input.orgId, 'body.orgId');
      const orgRegion = await this.regions.requireRegion(org.regionCode, 'body.orgId', trx);
      let region = orgRegion;
      if (input.activityId) {
        const a = await this.activities.requireVisible(trx, ctx.actor, input.activityId, 'body.activityId');
        region = await this.regions.requireRegion(a.regionCode, 'body.activityId', trx);
      } else if (input.regionCode) {
        region = await this.regions.requireRegion(input.regionCode, 'body.regionCode', trx);
        if (!pathWithin(region.path, orgRegion.path)) throw new AppError('VALIDATION', 'body.regionCode', { reason: 'outside_scope' });
      }
      const id = await repo.insertNeed(trx, {
        org_id: org.id,
        org_path: org.path,
        region_code: region.code,
        region_path: region.path,
        activity_id: input.activityId ?? null,
        venue_id: input.venueId ?? null,
        role: input.role.trim(),
        description: input.description ?? '',
        headcount: input.headcount,
        starts_at: new Date(input.startsAt),
        ends_at: new Date(input.endsAt),
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'volunteer.need.create',
        objectType: 'volunteer_need',
        objectId: id,
        detail: { orgId: org.id, activityId: input.activityId ?? null },
      });
      return toNeed((await repo.findNeed(trx, needScope(ctx.actor), id))!);
    });
  }

  async closeNeed(ctx: RequestContext, id: number): Promise<Need> {
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.findNeed(trx, needWriteScope(ctx.actor), id, true);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      if (n.status !== 'open') throw new AppError('INVALID_STATE', 'status', { reason: n.status });
      await repo.closeNeed(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'volunteer.need.close', objectType: 'volunteer_need', objectId: id });
      return toNeed((await repo.findNeed(trx, needScope(ctx.actor), id))!);
    });
  }

  async applications(actor: Actor, needId: number): Promise<Application[]> {
    if (!(await repo.findNeed(this.db, needScope(actor), needId))) throw new AppError('NOT_FOUND', 'id');
    return (await repo.listApplications(this.db, unscoped('checked'), { needId })).map(toApplication);
  }

  /** The organizer confirms (within the headcount) or rejects an application. */
  async decideApplication(ctx: RequestContext, id: number, decision: 'confirm' | 'reject'): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const app = await repo.findApplication(trx, id);
      const n = app ? await repo.findNeed(trx, needWriteScope(ctx.actor), app.need_id, true) : undefined;
      if (!app || !n) throw new AppError('NOT_FOUND', 'id');
      const fresh = (await repo.findApplication(trx, id))!;
      if (fresh.status !== 'applied') throw new AppError('INVALID_STATE', 'status', { reason: fresh.status });
      if (decision === 'confirm' && n.confirmed >= n.headcount) throw new AppError('INVALID_STATE', 'headcount', { reason: 'full' });
      await repo.setApplicationStatus(trx, id, decision === 'confirm' ? 'confirmed' : 'rejected');
      await this.audit.append(trx, actorOf(ctx), {
        action: `volunteer.application.${decision}`,
        objectType: 'volunteer_application',
        objectId: id,
        detail: { needId: n.id },
      });
      return toApplication((await repo.findApplication(trx, id))!);
    });
  }

  // ───────────── Hours ─────────────

  /**
   * The organizer records hours after the service: for a need, only a confirmed volunteer; otherwise any volunteer
   * in scope, under an organization of the actor's own tree.
   */
  async recordHours(ctx: RequestContext, input: HoursRecord): Promise<HoursEntry> {
    if (!validHours(input.hours)) throw new AppError('VALIDATION', 'body.hours', { reason: 'invalid' });
    if (input.serviceDate > chinaDate(new Date())) throw new AppError('VALIDATION', 'body.serviceDate', { reason: 'future' });
    return this.db.transaction().execute(async (trx) => {
      const v = await repo.findVolunteer(trx, volunteerScope(ctx.actor), { id: input.volunteerId });
      let orgId = input.orgId;
      let orgPath: string;
      if (input.needId) {
        const n = await repo.findNeed(trx, needWriteScope(ctx.actor), input.needId);
        if (!n) throw new AppError('NOT_FOUND', 'body.needId');
        if (!(await repo.hasConfirmedApplication(trx, n.id, input.volunteerId)))
          throw new AppError('INVALID_STATE', 'body.volunteerId', { reason: 'not_confirmed' });
        if (input.serviceDate < chinaDate(new Date(n.starts_at))) throw new AppError('VALIDATION', 'body.serviceDate', { reason: 'before_need' });
        const org = await this.orgs.requireWritable(trx, ctx.actor, n.org_id, 'body.needId');
        orgId = org.id;
        orgPath = org.path;
      } else {
        if (!v) throw new AppError('NOT_FOUND', 'body.volunteerId');
        if (!orgId) throw new AppError('VALIDATION', 'body.orgId', { reason: 'required' });
        orgPath = (await this.orgs.requireWritable(trx, ctx.actor, orgId, 'body.orgId')).path;
      }
      const id = await repo.insertHours(trx, {
        volunteer_id: input.volunteerId,
        need_id: input.needId ?? null,
        org_id: orgId,
        org_path: orgPath,
        service_date: input.serviceDate,
        hours: input.hours,
        content: input.content.trim(),
        recorded_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'volunteer.hours.record',
        objectType: 'volunteer_hours',
        objectId: id,
        detail: { volunteerId: input.volunteerId, hours: input.hours },
      });
      return toHours((await repo.findHours(trx, hoursScope(ctx.actor), id))!);
    });
  }

  async listHours(actor: Actor, f: { status?: string; volunteerId?: number }): Promise<HoursEntry[]> {
    return (await repo.listHours(this.db, hoursScope(actor), { status: f.status || undefined, volunteerId: f.volunteerId || undefined }, 500)).map(toHours);
  }

  /** A second staff member of the recording organization's tree confirms or rejects recorded hours. */
  async decideHours(ctx: RequestContext, id: number, decision: 'confirm' | 'reject'): Promise<HoursEntry> {
    return this.db.transaction().execute(async (trx) => {
      const h = await repo.findHours(trx, hoursWriteScope(ctx.actor), id, true);
      if (!h) throw new AppError('NOT_FOUND', 'id');
      if (h.status !== 'recorded') throw new AppError('INVALID_STATE', 'status', { reason: h.status });
      if (h.recorded_by === ctx.actor.accountId) throw new AppError('FORBIDDEN', 'id', { reason: 'same_person' });
      await repo.decideHours(trx, id, decision === 'confirm' ? 'confirmed' : 'rejected', ctx.actor.accountId);
      if (decision === 'confirm') {
        const v = (await repo.findVolunteer(trx, unscoped('checked'), { id: h.volunteer_id }))!;
        await notify(trx, {
          kind: 'volunteer.hours_confirmed',
          to: { personId: Number(v.person_id) },
          params: { hours: h.hours, date: h.service_date },
          link: '/portal/volunteers',
          eventKey: `volunteer.hours_confirmed:${id}`,
        });
      }
      await this.audit.append(trx, actorOf(ctx), { action: `volunteer.hours.${decision}`, objectType: 'volunteer_hours', objectId: id });
      return toHours((await repo.findHours(trx, hoursScope(ctx.actor), id))!);
    });
  }

  // ───────────── Certificates ─────────────

  /**
   * Issues a certificate of the confirmed hours recorded by the certifying organization and the units below it.
   * The number is registered; the issue is audited.
   */
  private async issue(
    actorForAudit: Parameters<typeof actorOf>,
    volunteerId: number,
    certifying: { id: number; name: string; path: string },
  ): Promise<{ pdf: Buffer; number: string }> {
    return this.db.transaction().execute(async (trx) => {
      const v = (await repo.findVolunteer(trx, unscoped('checked'), { id: volunteerId }))!;
      const entries = await repo.listHours(trx, unscoped('checked'), { volunteerId, status: 'confirmed', underOrgPath: certifying.path }, 10_000);
      if (entries.length === 0) throw new AppError('INVALID_STATE', 'orgId', { reason: 'no_hours' });
      const total = entries.reduce((s, e) => s + e.hours, 0);
      const id = await repo.nextCertificateId(trx);
      const now = new Date();
      const number = certificateNumber(Number(chinaDate(now).slice(0, 4)), id);
      await repo.insertCertificate(trx, { id, number, volunteer_id: volunteerId, org_id: certifying.id, total_hours: total });
      const person = await this.people.requireVisible(trx, (await this.citizens.portalContext({ ip: '', requestId: '' }, trx)).actor, v.person_id);
      const sorted = [...entries].sort((a, b) => a.service_date.localeCompare(b.service_date) || a.id - b.id);
      const pdf = await renderCertificate({
        number,
        volunteerName: person.name,
        idNumberMasked: person.idNumberMasked,
        recordingOrgs: [...new Set(sorted.map((e) => e.org_name))],
        certifyingOrg: certifying.name,
        entries: sorted.map((e) => ({ date: e.service_date, org: e.org_name, content: e.role ? `${e.role}：${e.content}` : e.content, hours: e.hours })),
        totalHours: total,
        firstDate: sorted[0]?.service_date ?? null,
        lastDate: sorted.at(-1)?.service_date ?? null,
        issuedOn: chinaDate(now),
      });
      await this.audit.append(trx, actorOf(...actorForAudit), {
        action: 'volunteer.certificate.issue',
        objectType: 'volunteer_certificate',
        objectId: id,
        detail: { volunteerId, orgId: certifying.id, number },
      });
      return { pdf, number };
    });
  }

  /** Staff issue a certificate in the name of an organization of their own tree, for a volunteer in scope. */
  async certificate(ctx: RequestContext, volunteerId: number, orgId: number) {
    const v = await repo.findVolunteer(this.db, volunteerScope(ctx.actor), { id: volunteerId });
    if (!v) throw new AppError('NOT_FOUND', 'id');
    const org = await this.orgs.requireWritable(this.db, ctx.actor, orgId, 'query.orgId');
    return this.issue([ctx], volunteerId, org);
  }

  // ───────────── Portal ─────────────

  async myProfile(citizen: Citizen): Promise<MyVolunteer> {
    const v = await repo.findVolunteer(this.db, unscoped('portal'), { personId: citizen.personId });
    if (!v) return { volunteer: null, hours: [], applications: [], certifiers: [] };
    const hours = await repo.listHours(this.db, unscoped('portal'), { volunteerId: v.id });
    const applications = await repo.listApplications(this.db, unscoped('portal'), { volunteerId: v.id });
    const certifiers = new Map<number, string>();
    for (const h of hours) if (h.status === 'confirmed') certifiers.set(h.org_id, h.org_name);
    return {
      volunteer: toVolunteer(v),
      hours: hours.map(toHours),
      applications: applications.map(toApplication),
      certifiers: [...certifiers].map(([id, name]) => ({ orgId: id, orgName: name })),
    };
  }

  /** Sign-up or update of the citizen's own volunteer profile; the region defaults to their community. */
  async signUp(meta: Meta, citizen: Citizen, input: VolunteerSignUp): Promise<MyVolunteer> {
    const region = await this.regions.requireRegion(input.regionCode ?? citizen.regionCode, 'body.regionCode');
    await this.db.transaction().execute(async (trx) => {
      const id = await repo.upsertVolunteer(trx, {
        person_id: citizen.personId,
        skills: [...new Set(input.skills.map((s) => s.trim()).filter(Boolean))],
        availability: input.availability.trim(),
        region_code: region.code,
        region_path: region.path,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'volunteer.sign_up',
        objectType: 'volunteer',
        objectId: id,
        detail: { personId: citizen.personId },
      });
    });
    return this.myProfile(citizen);
  }

  async openNeeds(f: { page: number; pageSize: number }): Promise<{ items: Need[]; total: number }> {
    const { rows, total } = await repo.listNeeds(this.db, unscoped('portal'), { status: 'open', upcoming: true }, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toNeed), total };
  }

  async apply(meta: Meta, citizen: Citizen, needId: number): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const v = await repo.findVolunteer(trx, unscoped('portal'), { personId: citizen.personId });
      if (!v) throw new AppError('INVALID_STATE', 'volunteer', { reason: 'not_volunteer' });
      const n = await repo.findNeed(trx, openNeedScope, needId);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      const id = await repo.insertApplication(trx, needId, v.id);
      if (!id) throw new AppError('CONFLICT', 'id', { reason: 'already_applied' });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'volunteer.apply',
        objectType: 'volunteer_application',
        objectId: id,
        detail: { needId },
      });
      return toApplication((await repo.findApplication(trx, id))!);
    });
  }

  /** The citizen's own certificate from an organization that recorded confirmed hours for them. */
  async myCertificate(meta: Meta, citizen: Citizen, orgId: number) {
    const v = await repo.findVolunteer(this.db, unscoped('portal'), { personId: citizen.personId });
    if (!v) throw new AppError('NOT_FOUND', 'volunteer');
    const city = (await this.citizens.portalContext(meta)).actor;
    const org = await this.orgs.requireReadable(this.db, city, orgId, 'query.orgId');
    return this.issue([null, meta.ip, meta.requestId], v.id, org);
  }
}
