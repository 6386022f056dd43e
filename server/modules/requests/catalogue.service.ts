import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { RegionsService } from '../regions/regions.service.js';
import { validateFieldDefs } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { Category, CategoryCreate, CategoryUpdate, RoutingRule } from '../../../contracts/requests.js';
import { unscoped } from '../../platform/scope.js';
import { toCategory, type RequestRecords } from './records.service.js';

/** The category catalogue (fields, SLA days, duplicate window) and the routing rules that name a category's unit per region. */
export class RequestCatalogue {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly regions: RegionsService,
    private readonly records: RequestRecords,
  ) {}

  async categories(activeOnly = true): Promise<Category[]> {
    return (await repo.listCategories(this.db, activeOnly)).map(toCategory);
  }

  /** Adds a category to the catalogue (administrators). */
  async createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
    validateFieldDefs(input.fields ?? []);
    return this.db.transaction().execute(async (trx) => {
      if (input.parentId && !(await repo.findCategory(trx, { id: input.parentId }))) throw new AppError('NOT_FOUND', 'parentId');
      const id = await repo.insertCategory(trx, {
        parent_id: input.parentId ?? null,
        code: input.code,
        name_zh: input.nameZh.trim(),
        name_en: input.nameEn.trim(),
        description: input.description?.trim() ?? '',
        description_en: input.descriptionEn?.trim() ?? '',
        fields: JSON.stringify(input.fields ?? []),
        default_org_type: input.defaultOrgType ?? null,
        start_level: input.startLevel ?? 'community',
        sla_accept_days: input.slaAcceptDays,
        sla_response_days: input.slaResponseDays,
        sla_resolve_days: input.slaResolveDays,
        sort: input.sort ?? 100,
        duplicate_days: input.duplicateDays ?? 30,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_category.create',
        objectType: 'request_category',
        objectId: id,
        detail: { code: input.code },
      });
      return toCategory((await repo.findCategory(trx, { id }))!);
    });
  }

  /** Edits a category (optimistic: the version read). */
  async updateCategory(ctx: RequestContext, id: number, input: CategoryUpdate): Promise<Category> {
    if (input.fields) validateFieldDefs(input.fields);
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.findCategory(trx, { id }, true);
      if (!before) throw new AppError('NOT_FOUND', 'id');
      if (input.parentId === id) throw new AppError('VALIDATION', 'parentId', { reason: 'cycle' });
      const set: Parameters<typeof repo.updateCategory>[3] = {};
      if (input.parentId !== undefined) set.parent_id = input.parentId;
      if (input.nameZh !== undefined) set.name_zh = input.nameZh.trim();
      if (input.nameEn !== undefined) set.name_en = input.nameEn.trim();
      if (input.description !== undefined) set.description = input.description.trim();
      if (input.descriptionEn !== undefined) set.description_en = input.descriptionEn.trim();
      if (input.fields !== undefined) set.fields = JSON.stringify(input.fields);
      if (input.defaultOrgType !== undefined) set.default_org_type = input.defaultOrgType;
      if (input.startLevel !== undefined) set.start_level = input.startLevel;
      if (input.slaAcceptDays !== undefined) set.sla_accept_days = input.slaAcceptDays;
      if (input.slaResponseDays !== undefined) set.sla_response_days = input.slaResponseDays;
      if (input.slaResolveDays !== undefined) set.sla_resolve_days = input.slaResolveDays;
      if (input.sort !== undefined) set.sort = input.sort;
      if (input.duplicateDays !== undefined) set.duplicate_days = input.duplicateDays;
      if (input.active !== undefined) set.active = input.active;
      if (!(await repo.updateCategory(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_category.update',
        objectType: 'request_category',
        objectId: id,
        detail: { fields: Object.keys(set) },
      });
      return toCategory((await repo.findCategory(trx, { id }))!);
    });
  }

  async rules(categoryCode?: string): Promise<RoutingRule[]> {
    let categoryId: number | null = null;
    if (categoryCode) categoryId = (await this.records.requireCategory(this.db, categoryCode, 'category')).id;
    return (await repo.listRules(this.db, categoryId)).map((r) => ({
      id: r.id,
      categoryCode: r.category_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      orgId: r.org_id,
      orgName: r.org_name,
    }));
  }

  /** Sets the unit that handles a category within a region subtree (replacing an earlier rule for the same pair). */
  async setRule(ctx: RequestContext, input: { categoryCode: string; regionCode: string; orgId: number }): Promise<{ id: number }> {
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    return this.db.transaction().execute(async (trx) => {
      const cat = await this.records.requireCategory(trx, input.categoryCode, 'categoryCode');
      const org = await repo.findOrg(trx, input.orgId, unscoped('directory'));
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      const id = await repo.upsertRule(trx, {
        category_id: cat.id,
        region_code: region.code,
        region_path: region.path,
        org_id: org.id,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_rule.set',
        objectType: 'request_rule',
        objectId: id,
        detail: { category: cat.code, regionCode: region.code, orgId: org.id },
      });
      return { id };
    });
  }

  async deleteRule(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.deleteRule(trx, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'request_rule.delete', objectType: 'request_rule', objectId: id });
    });
  }
}
