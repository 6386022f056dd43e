import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import type { PeopleService } from '../people/people.service.js';
import type { Award, CertificateCheck } from '../../../contracts/honours.js';
import { renderHonourCertificate } from './certificate.js';
import { certificateNumber, chinaToday, nominationScope, programmeAwardsScope, visiblePersonAwardsScope } from './honours.policy.js';
import * as repo from './honours.repository.js';
import { toAward, verifyUrl, type HonourRecords } from './records.service.js';

/** Announcement of the final list, awards with numbered certificates and their verification, a person's honours. */
export class HonourAwards {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly people: PeopleService,
    private readonly records: HonourRecords,
  ) {}

  /**
   * Announces the final list once the notice period is over and every objection has an outcome: a nominee with
   * an upheld objection is rejected, every other shortlisted nominee is awarded a numbered certificate and the
   * honour enters the person's or organization's record.
   */
  async announce(ctx: RequestContext, programmeId: number) {
    const actor = ctx.actor;
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const p = await this.records.requireProgramme(trx, actor, programmeId, true);
      if ((await this.records.levelIn(trx, actor, p)) !== 'city' || !actor.permissions.has('honour.manage')) throw new AppError('FORBIDDEN');
      if (p.status !== 'notice') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      if (today <= p.notice_to!) throw new AppError('INVALID_STATE', 'id', { reason: 'notice_running', date: p.notice_to! });
      if ((await repo.countOpenObjections(trx, p.id)) > 0) throw new AppError('INVALID_STATE', 'id', { reason: 'objections_open' });
      // The programme was found under the caller's scope and the caller checked as its awarding unit: its whole shortlist.
      const shortlisted = await repo.listNominations(trx, unscoped('checked'), p.id, { stage: 'shortlisted' });
      const objections = await repo.listObjections(
        trx,
        shortlisted.map((n) => n.id),
      );
      const upheld = new Set(objections.filter((o) => o.status === 'upheld').map((o) => Number(o.nomination_id)));
      const awarded: number[] = [];
      for (const n of shortlisted) {
        if (upheld.has(n.id)) {
          await repo.setStage(trx, [n.id], { stage: 'rejected', decision_note: 'objection upheld' });
          await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'reject', actor_id: actor.accountId, org_id: actor.orgId, note: 'objection upheld' }]);
          continue;
        }
        const number = certificateNumber(p.year, await repo.nextCertificateSeq(trx));
        await repo.insertAward(trx, {
          nomination_id: n.id,
          programme_id: p.id,
          number,
          verify_token: randomBytes(18).toString('base64url'),
          person_id: n.person_id,
          credit_code: n.credit_code,
          awarded_on: today,
        });
        await repo.setStage(trx, [n.id], { stage: 'awarded' });
        await repo.insertEvents(trx, [{ nomination_id: n.id, kind: 'award', actor_id: actor.accountId, org_id: actor.orgId, note: number }]);
        awarded.push(n.id);
      }
      await repo.setProgramme(trx, p.id, { status: 'announced', announced_at: new Date() });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.announce',
        objectType: 'honour_programme',
        objectId: p.id,
        detail: { awarded: awarded.length, rejected: upheld.size },
      });
      return { status: 'announced', awarded: awarded.length, rejected: upheld.size };
    });
  }

  /** The awards of a programme the caller sees (its chain's nominations). */
  async listAwards(actor: Actor, programmeId: number): Promise<Award[]> {
    await this.records.requireProgramme(this.db, actor, programmeId);
    const rows = await repo.listAwardsOf(this.db, programmeAwardsScope(actor, programmeId));
    return rows.map(toAward);
  }

  /** The certificate PDF of an award, with the QR code of its portal verification address; audited. */
  async certificate(ctx: RequestContext, awardId: number, origin: string): Promise<{ pdf: Buffer; number: string }> {
    const a = await repo.findAward(this.db, nominationScope(ctx.actor), awardId);
    if (!a) throw new AppError('NOT_FOUND', 'id');
    const pdf = await renderHonourCertificate({
      number: a.number,
      name: a.name,
      unitName: a.unit_name,
      awardTitle: a.award_title,
      programmeTitle: a.programme_title,
      year: a.year,
      awardingOrg: a.org_name,
      awardedOn: a.awarded_on,
      verifyUrl: verifyUrl(origin, a.number, a.verify_token),
    });
    await this.audit.appendStandalone(actorOf(ctx), { action: 'honour.certificate', objectType: 'honour_award', objectId: a.id, detail: { number: a.number } });
    return { pdf, number: a.number };
  }

  /** The honours on a person's record, for staff who may see the person. */
  async personHonours(actor: Actor, personId: number): Promise<Award[]> {
    await this.people.requireVisible(this.db, actor, personId, 'id');
    return (await repo.listAwardsOf(this.db, visiblePersonAwardsScope(personId))).map(toAward);
  }

  /** Verifies a certificate by its number and the token its QR code carries; the answer names no personal field beyond the name. */
  async verify(number: string, token: string): Promise<CertificateCheck> {
    const a = await repo.findAwardByNumber(this.db, number);
    if (!a || !sameToken(a.verify_token, token)) return { valid: false as const };
    return {
      valid: true as const,
      number: a.number,
      name: a.name,
      unitName: a.unit_name,
      awardTitle: a.award_title,
      programmeTitle: a.programme_title,
      year: a.year,
      orgName: a.org_name,
      awardedOn: a.awarded_on,
    };
  }
}

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}
