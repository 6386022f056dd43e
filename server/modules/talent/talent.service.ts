import { randomBytes } from 'node:crypto';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type {
  Enrolment,
  Figures,
  FiguresQuery,
  MyEnrolment,
  Programme,
  ProgrammeDetail,
  ProgrammeInput,
  PublicProgramme,
  Session,
  SessionInput,
  Summary,
  Verification,
} from '../../../contracts/talent.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { renderTalentCertificate } from './certificate.js';
import { canPass, certificateNumber, ineligibility, readScope, writeScope } from './talent.policy.js';
import * as repo from './talent.repository.js';

/** The portal address a certificate's QR code opens. */
export const verifyUrl = (origin: string, number: string, token: string): string =>
  `${origin}/portal/talent/verify?no=${encodeURIComponent(number)}&t=${encodeURIComponent(token)}`;

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/**
 * Talent programmes (人才培养: 成都工匠学院, 蓉城巾帼学院, youth talent services): an organization's programme of courses
 * held as sessions — each a training activity, so attendance is the activities check-in — enrolment with
 * eligibility (women, youth, open) read from the people service, assessment and completion, numbered certificates
 * with a QR verification, and the figures by district, organization and programme.
 */
export class TalentService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly citizens: CitizensService,
    private readonly activities: ActivitiesService,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  private async city(db: Db = this.db): Promise<Actor> {
    return (await this.citizens.portalContext({ ip: '', requestId: '' }, db)).actor;
  }

  private async toProgramme(db: Db, r: repo.ProgrammeRow, city: Actor): Promise<Programme> {
    const org = await this.orgs.requireReadable(db, city, r.org_id, 'orgId');
    const district = r.district_code ? await this.regions.requireRegion(r.district_code, 'districtCode', db) : null;
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: org.name,
      districtCode: r.district_code,
      districtName: district?.name ?? null,
      name: r.name,
      kind: r.kind as Programme['kind'],
      description: r.description,
      eligibility: r.eligibility as Programme['eligibility'],
      requiredSessions: r.required_sessions,
      capacity: r.capacity,
      status: r.status,
      enrolled: r.enrolled,
      completed: r.completed,
      sessionCount: r.session_count,
      version: r.version,
    };
  }

  private async requireProgramme(db: Db, actor: Actor, id: number, write = false, field = 'id'): Promise<repo.ProgrammeRow> {
    const p = await repo.findProgramme(db, write ? writeScope(actor) : readScope(actor), id, write);
    if (!p) throw new AppError('NOT_FOUND', field);
    return p;
  }

  async list(actor: Actor): Promise<Programme[]> {
    const city = await this.city();
    return Promise.all((await repo.listProgrammes(this.db, readScope(actor))).map((r) => this.toProgramme(this.db, r, city)));
  }

  /** Enrolled and completed in the actor's scope, by district (city-level programmes: 市本级), organization and programme. */
  async summary(actor: Actor): Promise<Summary> {
    const items = await this.list(actor);
    const group = (key: (p: Programme) => [string, string]) => {
      const m = new Map<string, Summary['byOrg'][number]>();
      for (const p of items) {
        const [k, name] = key(p);
        const g = m.get(k) ?? { key: k, name, enrolled: 0, completed: 0 };
        g.enrolled += p.enrolled;
        g.completed += p.completed;
        m.set(k, g);
      }
      return [...m.values()].sort((a, b) => b.enrolled - a.enrolled || a.key.localeCompare(b.key));
    };
    return {
      programmes: items.length,
      enrolled: items.reduce((s, p) => s + p.enrolled, 0),
      completed: items.reduce((s, p) => s + p.completed, 0),
      byDistrict: group((p) => [p.districtCode ?? 'city', p.districtName ?? '市本级']),
      byOrg: group((p) => [String(p.orgId), p.orgName]),
      byProgramme: group((p) => [String(p.id), p.name]),
    };
  }

  /**
   * The figures of the actor's scope (the list's scope, applied in SQL): programmes, enrolments of the period, completed
   * and certificates, by district (names from the regions service; city-level programmes: 市本级) and by organization.
   */
  async figures(actor: Actor, q: FiguresQuery): Promise<Figures> {
    if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION', 'query.to', { reason: 'before_from' });
    const rows = await repo.figures(this.db, readScope(actor), q);
    const names = await this.orgs.namesOf(
      this.db,
      rows.byOrg.map((r) => r.org_id),
    );
    const byDistrict: Figures['byDistrict'] = [];
    for (const r of rows.byDistrict) {
      const name = r.district_code ? (await this.regions.requireRegion(r.district_code, 'districtCode')).name : '市本级';
      byDistrict.push({ code: r.district_code, name, enrolled: r.enrolled, completed: r.completed });
    }
    return {
      totals: rows.totals,
      byDistrict,
      byOrg: rows.byOrg.map((r) => ({
        orgId: r.org_id,
        orgName: names.get(r.org_id) ?? String(r.org_id),
        programmes: r.programmes,
        enrolled: r.enrolled,
        completed: r.completed,
      })),
    };
  }

  async get(actor: Actor, id: number): Promise<ProgrammeDetail> {
    const p = await this.requireProgramme(this.db, actor, id);
    const city = await this.city();
    return { ...(await this.toProgramme(this.db, p, city)), sessions: await this.sessionsOf(this.db, p.id, city) };
  }

  private async sessionsOf(db: Db, programmeId: number, city: Actor): Promise<Session[]> {
    const sessions = await repo.listSessions(db, programmeId);
    const attendance = await this.activities.attendanceOf(
      db,
      sessions.map((s) => s.activity_id),
    );
    const out: Session[] = [];
    for (const s of sessions) {
      const a = await this.activities.requireVisible(db, city, s.activity_id);
      out.push({
        id: s.id,
        course: s.course,
        activityId: s.activity_id,
        title: a.title,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        venueName: a.venueName,
        attended: attendance.filter((x) => x.activityId === s.activity_id).length,
      });
    }
    return out;
  }

  async create(ctx: RequestContext, input: ProgrammeInput): Promise<Programme> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.orgs.requireWritable(trx, ctx.actor, input.orgId, 'body.orgId');
      const region = await this.regions.requireRegion(org.regionCode, 'body.orgId', trx);
      let district: { code: string; level: string; parentCode: string | null } | null = region;
      while (district && district.level !== 'district')
        district = district.parentCode ? await this.regions.requireRegion(district.parentCode, 'body.orgId', trx) : null;
      const id = await repo.insertProgramme(trx, {
        org_id: org.id,
        org_path: org.path,
        region_path: region.path,
        district_code: district?.code ?? null,
        name: input.name.normalize('NFC').trim(),
        kind: input.kind,
        description: (input.description ?? '').trim(),
        eligibility: input.eligibility,
        required_sessions: input.requiredSessions,
        capacity: input.capacity ?? 100,
        created_by: ctx.actor.accountId || null,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'talent.programme.create',
        objectType: 'talent_programme',
        objectId: id,
        detail: { orgId: org.id, kind: input.kind, eligibility: input.eligibility },
      });
      return this.toProgramme(trx, (await repo.findProgramme(trx, unscoped('checked'), id))!, await this.city(trx));
    });
  }

  async setStatus(ctx: RequestContext, id: number, status: 'open' | 'closed', version: number): Promise<Programme> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireProgramme(trx, ctx.actor, id, true);
      if (!(await repo.setProgrammeStatus(trx, id, version, status))) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), { action: 'talent.programme.status', objectType: 'talent_programme', objectId: id, detail: { status } });
      return this.toProgramme(trx, (await repo.findProgramme(trx, unscoped('checked'), id))!, await this.city(trx));
    });
  }

  /** A course session is a training activity of the programme's organization, created and published in the same transaction. */
  async addSession(ctx: RequestContext, id: number, input: SessionInput): Promise<Session> {
    const starts = new Date(input.startsAt);
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, ctx.actor, id, true);
      const course = input.course.normalize('NFC').trim();
      const a = await this.activities.createIn(
        trx,
        ctx,
        {
          title: `${p.name}·${course}`.slice(0, 100),
          type: 'training',
          hostOrgId: p.org_id,
          description: `${p.name}：${course}`,
          venueName: input.venueName.trim(),
          address: input.address?.trim() || null,
          capacity: p.capacity,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          regOpensAt: new Date(starts.getTime() - 14 * 86_400_000).toISOString(),
          regClosesAt: starts.toISOString(),
          needsApproval: true,
          waitlistEnabled: false,
        },
        { publish: true },
      );
      const sid = await repo.insertSession(trx, { programme_id: p.id, course, activity_id: a.id });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'talent.session.add',
        objectType: 'talent_programme',
        objectId: p.id,
        detail: { sessionId: sid, activityId: a.id },
      });
      return { id: sid, course, activityId: a.id, title: a.title, startsAt: a.startsAt, endsAt: a.endsAt, venueName: a.venueName, attended: 0 };
    });
  }

  private async toEnrolments(db: Db, rows: repo.EnrolmentRow[], programmeId: number): Promise<Enrolment[]> {
    const sessions = await repo.listSessions(db, programmeId);
    const attendance = await this.activities.attendanceOf(
      db,
      sessions.map((s) => s.activity_id),
    );
    const city = await this.city(db);
    const out: Enrolment[] = [];
    for (const e of rows) {
      const person = await this.people.requireVisible(db, city, e.person_id);
      const attended = new Set(attendance.filter((x) => x.personId === e.person_id).map((x) => x.activityId));
      out.push({
        id: e.id,
        programmeId: e.programme_id,
        personId: e.person_id,
        personName: person.name,
        phoneMasked: person.phoneMasked,
        source: e.source,
        status: e.status,
        score: e.score,
        attendedSessionIds: sessions.filter((s) => attended.has(s.activity_id)).map((s) => s.id),
        certificateNumber: e.certificate_number,
        enrolledAt: new Date(e.enrolled_at).toISOString(),
        version: e.version,
      });
    }
    return out;
  }

  async enrolments(actor: Actor, id: number): Promise<Enrolment[]> {
    await this.requireProgramme(this.db, actor, id);
    return this.toEnrolments(this.db, await repo.listEnrolments(this.db, id), id);
  }

  /** Locks the programme, checks it is open, has room and the person is eligible, and enrols. */
  private async enrolIn(
    trx: Db,
    p: repo.ProgrammeRow,
    person: { id: number; gender: string | null; birthDate: string | null },
    source: 'staff' | 'portal',
    field: string,
  ): Promise<number> {
    if (p.status !== 'open') throw new AppError('INVALID_STATE', 'status', { reason: p.status });
    const why = ineligibility(p.eligibility, person, chinaToday());
    if (why) throw new AppError('VALIDATION', field, { reason: why });
    if (p.enrolled >= p.capacity) throw new AppError('INVALID_STATE', 'capacity', { reason: 'full' });
    const id = await repo.insertEnrolment(trx, { programme_id: p.id, person_id: person.id, source });
    if (!id) throw new AppError('CONFLICT', field, { reason: 'already_enrolled' });
    return id;
  }

  async enrol(ctx: RequestContext, programmeId: number, personId: number): Promise<Enrolment> {
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProgramme(trx, ctx.actor, programmeId, true);
      const person = await this.people.requireVisible(trx, ctx.actor, personId, 'body.personId');
      const id = await this.enrolIn(trx, p, person, 'staff', 'body.personId');
      await this.audit.append(trx, actorOf(ctx), { action: 'talent.enrol', objectType: 'talent_enrolment', objectId: id, detail: { programmeId, personId } });
      return (await this.toEnrolments(trx, [(await repo.findEnrolment(trx, id))!], programmeId))[0]!;
    });
  }

  private async requireEnrolment(trx: Db, actor: Actor, id: number): Promise<{ e: repo.EnrolmentRow; p: repo.ProgrammeRow }> {
    const e = await repo.findEnrolment(trx, id, true);
    const p = e ? await repo.findProgramme(trx, writeScope(actor), e.programme_id) : undefined;
    if (!e || !p) throw new AppError('NOT_FOUND', 'id');
    return { e, p };
  }

  /** Attendance is the session activity's check-in of the enrolled person. */
  async attend(ctx: RequestContext, enrolmentId: number, sessionId: number): Promise<Enrolment> {
    return this.db.transaction().execute(async (trx) => {
      const { e, p } = await this.requireEnrolment(trx, ctx.actor, enrolmentId);
      const s = (await repo.listSessions(trx, p.id)).find((x) => x.id === sessionId);
      if (!s) throw new AppError('NOT_FOUND', 'body.sessionId');
      await this.activities.checkInPersonIn(trx, ctx, s.activity_id, e.person_id, 'body.sessionId');
      await this.audit.append(trx, actorOf(ctx), { action: 'talent.attend', objectType: 'talent_enrolment', objectId: e.id, detail: { sessionId } });
      return (await this.toEnrolments(trx, [(await repo.findEnrolment(trx, e.id))!], p.id))[0]!;
    });
  }

  /** The assessment: a pass completes the enrolment when the required sessions were attended; a fail is kept with its score. */
  async assess(ctx: RequestContext, enrolmentId: number, input: { score: number; passed: boolean; version: number }): Promise<Enrolment> {
    return this.db.transaction().execute(async (trx) => {
      const { e, p } = await this.requireEnrolment(trx, ctx.actor, enrolmentId);
      if (e.status !== 'enrolled') throw new AppError('INVALID_STATE', 'status', { reason: e.status });
      const [view] = await this.toEnrolments(trx, [e], p.id);
      if (input.passed && !canPass(view!.attendedSessionIds.length, p.required_sessions)) {
        throw new AppError('INVALID_STATE', 'attendance', { reason: 'not_enough_sessions', min: p.required_sessions });
      }
      if (!(await repo.assess(trx, e.id, input.version, input.passed ? 'completed' : 'failed', input.score))) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), { action: 'talent.assess', objectType: 'talent_enrolment', objectId: e.id, detail: { passed: input.passed } });
      return (await this.toEnrolments(trx, [(await repo.findEnrolment(trx, e.id))!], p.id))[0]!;
    });
  }

  /** The certificate of a completed enrolment: numbered and registered at the first issue, the same number after; audited. */
  private async issue(
    auditActor: Parameters<typeof actorOf>,
    e: repo.EnrolmentRow,
    p: repo.ProgrammeRow,
    origin: string,
  ): Promise<{ pdf: Buffer; number: string }> {
    if (e.status !== 'completed') throw new AppError('INVALID_STATE', 'status', { reason: e.status });
    return this.db.transaction().execute(async (trx) => {
      let cert = await repo.findCertificate(trx, { enrolmentId: e.id });
      if (!cert) {
        const id = await repo.nextCertificateId(trx);
        const today = chinaToday();
        cert = {
          id,
          enrolment_id: e.id,
          number: certificateNumber(Number(today.slice(0, 4)), id),
          verify_token: randomBytes(18).toString('base64url'),
          issued_on: today,
        };
        await repo.insertCertificate(trx, cert);
      }
      const city = await this.city(trx);
      const person = await this.people.requireVisible(trx, city, e.person_id);
      const org = await this.orgs.requireReadable(trx, city, p.org_id);
      const [view] = await this.toEnrolments(trx, [e], p.id);
      const courses = [...new Set((await repo.listSessions(trx, p.id)).filter((s) => view!.attendedSessionIds.includes(s.id)).map((s) => s.course))];
      const pdf = await renderTalentCertificate({
        number: cert.number,
        name: person.name,
        programmeName: p.name,
        courses,
        attended: view!.attendedSessionIds.length,
        score: e.score ?? 0,
        issuingOrg: org.name,
        issuedOn: cert.issued_on,
        verifyUrl: verifyUrl(origin, cert.number, cert.verify_token),
      });
      await this.audit.append(trx, actorOf(...auditActor), {
        action: 'talent.certificate',
        objectType: 'talent_certificate',
        objectId: cert.id,
        detail: { number: cert.number },
      });
      return { pdf, number: cert.number };
    });
  }

  async certificate(ctx: RequestContext, enrolmentId: number, origin: string) {
    const e = await repo.findEnrolment(this.db, enrolmentId);
    const p = e ? await repo.findProgramme(this.db, readScope(ctx.actor), e.programme_id) : undefined;
    if (!e || !p) throw new AppError('NOT_FOUND', 'id');
    return this.issue([ctx], e, p, origin);
  }

  async verify(number: string, token: string): Promise<Verification> {
    const c = await repo.findCertificate(this.db, { number });
    if (!c || !sameToken(c.verify_token, token)) return { valid: false };
    const e = (await repo.findEnrolment(this.db, c.enrolment_id))!;
    const p = (await repo.findProgramme(this.db, unscoped('token'), e.programme_id))!;
    const city = await this.city();
    const person = await this.people.requireVisible(this.db, city, e.person_id);
    const org = await this.orgs.requireReadable(this.db, city, p.org_id);
    return { valid: true, number: c.number, name: person.name, programmeName: p.name, orgName: org.name, issuedOn: c.issued_on };
  }

  // ───────────── Portal ─────────────

  async openProgrammes(): Promise<PublicProgramme[]> {
    const city = await this.city();
    const out: PublicProgramme[] = [];
    for (const r of await repo.openProgrammes(this.db)) {
      const p = await this.toProgramme(this.db, r, city);
      const sessions = await this.sessionsOf(this.db, r.id, city);
      out.push({
        id: p.id,
        name: p.name,
        kind: p.kind,
        orgName: p.orgName,
        description: p.description,
        eligibility: p.eligibility,
        requiredSessions: p.requiredSessions,
        sessions: sessions.map((s) => ({ course: s.course, startsAt: s.startsAt, endsAt: s.endsAt, venueName: s.venueName })),
      });
    }
    return out;
  }

  async mine(citizen: Citizen): Promise<MyEnrolment[]> {
    const city = await this.city();
    const out: MyEnrolment[] = [];
    for (const e of await repo.listEnrolmentsOfPerson(this.db, citizen.personId)) {
      const p = (await repo.findProgramme(this.db, unscoped('checked'), e.programme_id))!;
      const [view] = await this.toEnrolments(this.db, [e], p.id);
      const org = await this.orgs.requireReadable(this.db, city, p.org_id);
      out.push({
        id: e.id,
        programmeId: p.id,
        programmeName: p.name,
        orgName: org.name,
        status: e.status,
        score: e.score,
        attended: view!.attendedSessionIds.length,
        sessionCount: p.session_count,
        requiredSessions: p.required_sessions,
        certificateNumber: e.certificate_number,
      });
    }
    return out;
  }

  async enrolMine(meta: Meta, citizen: Citizen, programmeId: number): Promise<MyEnrolment> {
    const id = await this.db.transaction().execute(async (trx) => {
      const p = await repo.findProgramme(trx, unscoped('portal'), programmeId, true);
      if (!p) throw new AppError('NOT_FOUND', 'id');
      const person = await this.people.requireVisible(trx, await this.city(trx), citizen.personId);
      const eid = await this.enrolIn(trx, p, person, 'portal', 'id');
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'talent.enrol',
        objectType: 'talent_enrolment',
        objectId: eid,
        detail: { programmeId, source: 'portal' },
      });
      return eid;
    });
    return (await this.mine(citizen)).find((x) => x.id === id)!;
  }

  async myCertificate(meta: Meta, citizen: Citizen, enrolmentId: number, origin: string) {
    const e = await repo.findEnrolment(this.db, enrolmentId);
    if (!e || e.person_id !== citizen.personId) throw new AppError('NOT_FOUND', 'id');
    const p = (await repo.findProgramme(this.db, unscoped('checked'), e.programme_id))!;
    return this.issue([null, meta.ip, meta.requestId], e, p, origin);
  }
}
