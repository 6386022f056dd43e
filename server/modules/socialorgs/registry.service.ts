import type { SocialOrgDetail, SocialOrgInput } from '../../../contracts/socialorgs.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { stale, toSorg, type SorgRecords } from './records.service.js';
import { EXPIRY_WARNING_DAYS, creditCodeFitsRegType, isSorgStaff, sorgReadScope } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

/** The registry: social organizations read in scope, registered (with their partner unit and contact) and edited. */
export class SorgRegistry {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly records: SorgRecords,
  ) {}

  async list(actor: Actor, f: { q?: string; domain?: string; expiring?: boolean; page: number; pageSize: number }) {
    const { rows, total } = await repo.listSorgs(
      this.db,
      sorgReadScope(actor),
      { ...f, q: f.q?.trim() || undefined, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
      chinaToday(),
      EXPIRY_WARNING_DAYS,
    );
    return { items: rows.map(toSorg), total, page: f.page, pageSize: f.pageSize };
  }

  async get(actor: Actor, id: number): Promise<SocialOrgDetail> {
    return this.records.detail(this.db, await this.records.requireSorg(this.db, actor, id));
  }

  async mine(actor: Actor): Promise<SocialOrgDetail> {
    const r = isSorgStaff(actor) ? await repo.findSorgByOrg(this.db, actor.orgId, chinaToday(), EXPIRY_WARNING_DAYS) : undefined;
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.records.detail(this.db, r);
  }

  private async checkAreas(db: Db, actor: Actor, codes: string[]): Promise<string[]> {
    const out = [...new Set(codes)];
    for (const [i, code] of out.entries()) {
      const region = await this.regions.requireRegion(code, `serviceAreas.${i}`, db);
      if (!pathWithin(region.path, actor.scope.regionPath)) throw new AppError('VALIDATION', `serviceAreas.${i}`, { reason: 'outside_scope' });
    }
    return out;
  }

  async register(ctx: RequestContext, input: SocialOrgInput): Promise<SocialOrgDetail> {
    const cc = validateCreditCode(input.creditCode);
    if (!cc.ok) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code' });
    if (!creditCodeFitsRegType(cc.value, input.regType)) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code_type' });
    if (input.registeredOn > chinaToday()) throw new AppError('VALIDATION', 'registeredOn', { reason: 'future' });
    return this.db.transaction().execute(async (trx) => {
      const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
      if (!pathWithin(region.path, ctx.actor.scope.regionPath)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
      if (await repo.creditCodeTaken(trx, cc.value)) throw new AppError('CONFLICT', 'creditCode', { reason: 'duplicate' });
      const areas = await this.checkAreas(trx, ctx.actor, input.serviceAreas);
      const org = await this.orgs.createPartnerRootIn(trx, ctx, { typeCode: 'social_org', name: input.name, regionCode: region.code, creditCode: cc.value });
      let contact: { id: number; phoneMasked: string | null } | null = null;
      if (input.contact) {
        const p = await this.people.createIn(trx as Tx, ctx, { name: input.contact.name, phone: input.contact.phone, regionCode: region.code });
        contact = { id: p.id, phoneMasked: p.phoneMasked };
      }
      const id = await repo.insertSorg(trx, {
        org_id: org.id,
        name: input.name.trim(),
        credit_code: cc.value,
        reg_type: input.regType,
        authority: input.authority.trim(),
        registered_on: input.registeredOn,
        domain: input.domain,
        region_code: region.code,
        region_path: region.path,
        region_name: region.name,
        service_areas: areas,
        rating: input.rating ?? null,
        status: 'active',
        contact_person_id: contact?.id ?? null,
        contact_name_masked: input.contact ? maskName(input.contact.name.trim()) : null,
        contact_phone_masked: contact?.phoneMasked ?? null,
        keeper_org_id: ctx.actor.orgId,
        keeper_path: ctx.actor.scope.orgPath,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.register',
        objectType: 'social_org',
        objectId: id,
        detail: { orgId: org.id, regType: input.regType },
      });
      return this.records.detail(trx, await this.records.requireSorg(trx, ctx.actor, id, true));
    });
  }

  async update(
    ctx: RequestContext,
    id: number,
    input: { version: number; rating?: string | null; status?: string; serviceAreas?: string[] },
  ): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.records.requireSorg(trx, ctx.actor, id, true, 'id', true);
      const set: Parameters<typeof repo.updateSorg>[3] = {};
      if (input.rating !== undefined) set.rating = input.rating;
      if (input.status !== undefined) set.status = input.status;
      if (input.serviceAreas !== undefined) set.service_areas = await this.checkAreas(trx, ctx.actor, input.serviceAreas);
      if (!(await repo.updateSorg(trx, r.id, input.version, set))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.update',
        objectType: 'social_org',
        objectId: id,
        detail: { rating: input.rating, status: input.status, areas: input.serviceAreas?.length },
      });
      return this.records.detail(trx, await this.records.requireSorg(trx, ctx.actor, id, true));
    });
  }
}
