import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { Programme, ProgrammeDetail, ProgrammeInput, VettingOrg } from '../../../contracts/honours.js';
import { FORWARDED_PAST, LEVEL_STAGE, checkCriteria, checkRules, evaluateRules, exceptionScope, programmeScope, type RuleResult } from './honours.policy.js';
import * as repo from './honours.repository.js';
import { LEVEL_COL, toMember, toProgramme, type HonourRecords } from './records.service.js';

/** Programmes with their quotas, composition rules, timetable and vetting departments. */
export class HonourProgrammes {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly regions: RegionsService,
    private readonly records: HonourRecords,
  ) {}

  /** Creates a programme of the caller's city-level organization with its quotas, rules and vetting departments. */
  async createProgramme(ctx: RequestContext, input: ProgrammeInput): Promise<Programme> {
    const actor = ctx.actor;
    const title = input.title.normalize('NFC').trim();
    if (!title) throw new AppError('VALIDATION', 'title', { reason: 'required' });
    const awardTitle = input.awardTitle.normalize('NFC').trim();
    if (!awardTitle) throw new AppError('VALIDATION', 'awardTitle', { reason: 'required' });
    checkCriteria(input.criteria);
    checkRules(input.rules);
    if (input.nominationTo < input.nominationFrom) throw new AppError('VALIDATION', 'nominationTo', { reason: 'date_order' });
    if (input.reviewTo < input.nominationTo) throw new AppError('VALIDATION', 'reviewTo', { reason: 'date_order' });
    if (input.announceOn < input.reviewTo) throw new AppError('VALIDATION', 'announceOn', { reason: 'date_order' });
    const kinds = [...new Set(input.kinds)];
    const districts = new Set<string>();
    for (const [i, q] of input.quotas.entries()) {
      const region = await this.regions.requireRegion(q.districtCode, `quotas.${i}.districtCode`);
      if (region.level !== 'district') throw new AppError('VALIDATION', `quotas.${i}.districtCode`, { reason: 'region_level' });
      if (districts.has(region.code)) throw new AppError('VALIDATION', `quotas.${i}.districtCode`, { reason: 'duplicate' });
      districts.add(region.code);
    }
    return this.db.transaction().execute(async (trx) => {
      const org = await repo.findOrg(trx, actor.orgId);
      if (!org || org.status !== 'active' || org.level !== 'city') throw new AppError('FORBIDDEN');
      const id = await repo.insertProgramme(trx, {
        org_id: org.id,
        title,
        award_title: awardTitle,
        year: input.year,
        kinds,
        criteria: input.criteria,
        documents: input.documents,
        rules: input.rules,
        allow_exception: input.allowException,
        nomination_from: input.nominationFrom,
        nomination_to: input.nominationTo,
        review_to: input.reviewTo,
        notice_days: input.noticeDays,
        announce_on: input.announceOn,
        created_by: actor.accountId || null,
      });
      for (const q of input.quotas) await repo.insertQuota(trx, { programme_id: id, district_code: q.districtCode, quota: q.quota });
      for (const [i, orgId] of [...new Set(input.vetterOrgIds)].entries()) {
        const v = await repo.findOrg(trx, orgId);
        if (!v || v.status !== 'active') throw new AppError('NOT_FOUND', `vetterOrgIds.${i}`);
        if (!v.is_partner) throw new AppError('VALIDATION', `vetterOrgIds.${i}`, { reason: 'invalid' });
        await repo.insertVetter(trx, id, orgId);
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.programme.create',
        objectType: 'honour_programme',
        objectId: id,
        detail: { year: input.year, quotas: input.quotas.length, rules: input.rules.length, vetters: input.vetterOrgIds.length },
      });
      // Re-read of the programme just created in this transaction.
      return toProgramme((await repo.findProgramme(trx, unscoped('checked'), id))!);
    });
  }

  /** Programmes of my organization's ancestors (to nominate and review) or of my subtree, and those I vet. */
  async listProgrammes(actor: Actor): Promise<Programme[]> {
    return (await repo.listProgrammes(this.db, programmeScope(actor))).map(toProgramme);
  }

  /**
   * One programme with its quotas, vetting departments and the composition of the caller's live list: the
   * nominations it holds plus those it already forwarded (at the city, the list held for decision).
   */
  async getProgramme(actor: Actor, id: number): Promise<ProgrammeDetail> {
    const p = await this.records.requireProgramme(this.db, actor, id);
    const level = await this.records.levelIn(this.db, actor, p);
    const [quotas, vetters] = await Promise.all([repo.listQuotas(this.db, id), repo.listVetters(this.db, id)]);
    let composition: RuleResult[] = [];
    if (level) {
      const stages = level === 'city' ? ['city', 'shortlisted', 'awarded'] : [LEVEL_STAGE[level], ...FORWARDED_PAST[level]].filter((s) => s !== 'rejected');
      const members = await repo.listMembers(this.db, id, LEVEL_COL[level], actor.scope.orgPath, stages);
      composition = evaluateRules(p.rules, members.map(toMember));
    }
    const exceptions = await repo.listExceptions(this.db, id, exceptionScope(actor));
    return {
      ...toProgramme(p),
      myLevel: level,
      quotas: quotas.map((q) => ({
        districtCode: q.district_code,
        districtName: q.district_name,
        quota: q.quota,
        streetUsed: q.street_used,
        districtUsed: q.district_used,
      })),
      vetters: vetters.map((v) => ({ orgId: v.id, name: v.name, typeCode: v.type_code })),
      composition,
      exceptions: exceptions.map((x) => ({
        id: x.id,
        orgName: x.org_name,
        reason: x.reason,
        nominationIds: x.nomination_ids.map(Number),
        createdAt: new Date(x.created_at).toISOString(),
      })),
    };
  }

  /** Partner departments that can be named as vetters from the caller's region. */
  async vettingOrgs(actor: Actor): Promise<VettingOrg[]> {
    return (await repo.listVettingOrgs(this.db, actor.scope.regionPath)).map((o) => ({ id: o.id, name: o.name, typeCode: o.type_code, level: o.level }));
  }
}
