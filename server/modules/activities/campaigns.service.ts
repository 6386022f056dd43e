import type { CampaignCreate, CampaignOut, CampaignPatch } from '../../../contracts/activities.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { orgScope } from '../../platform/scope.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import * as repo from './activities.repository.js';

/** Campaigns (each owned by an organization): the ones the actor sees, creation and edits. */
export class ActivityCampaigns {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
  ) {}

  /** Campaigns the actor sees: platform-wide ones, those owned at or above its organization, and those in its scope. */
  async campaigns(actor: Actor): Promise<CampaignOut[]> {
    return (await repo.listCampaigns(this.db, orgScope(actor, 'c.owner_org_path', 'c.owner_region_path'), actor.scope.orgPath)).map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      description: c.description,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      ownerOrgId: c.owner_org_id,
      ownerOrgName: c.owner_org_name,
      activities: c.activities,
      personTimes: c.person_times,
    }));
  }

  /**
   * Creates a campaign owned by an organization the actor may write (its own when none is named): a street's
   * campaign reaches that street's activities, never the city's.
   */
  async createCampaign(ctx: RequestContext, input: CampaignCreate): Promise<CampaignOut> {
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'body.endsOn', { reason: 'after_start' });
    const id = await this.db.transaction().execute(async (trx) => {
      const owner = await this.orgs.requireWritable(trx, ctx.actor, input.ownerOrgId ?? ctx.actor.orgId, 'body.ownerOrgId');
      const ownerRegion = await this.regions.requireRegion(owner.regionCode, 'body.ownerOrgId', trx);
      const id = await repo.insertCampaign(trx, {
        code: input.code,
        name: input.name.trim(),
        description: input.description ?? '',
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        owner_org_id: owner.id,
        owner_org_path: owner.path,
        owner_region_path: ownerRegion.path,
        owner_cross_type: ctx.actor.scope.crossType,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'campaign.create', objectType: 'campaign', objectId: id, detail: { ownerOrgId: owner.id } });
      return id;
    });
    return (await this.campaigns(ctx.actor)).find((c) => c.id === id)!;
  }

  /** Edits a campaign owned in my subtree; a new owner must be an organization I may write. */
  async updateCampaign(ctx: RequestContext, id: number, input: CampaignPatch): Promise<CampaignOut> {
    await this.db.transaction().execute(async (trx) => {
      const c = await repo.findOwnedCampaign(trx, id, ctx.actor.scope.orgPath);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      const startsOn = input.startsOn !== undefined ? input.startsOn : c.starts_on;
      const endsOn = input.endsOn !== undefined ? input.endsOn : c.ends_on;
      if (startsOn && endsOn && endsOn < startsOn) throw new AppError('VALIDATION', 'body.endsOn', { reason: 'after_start' });
      const set: Parameters<typeof repo.updateCampaign>[2] = {};
      if (input.name !== undefined) {
        set.name = input.name.trim();
        if (!set.name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
      }
      if (input.description !== undefined) set.description = input.description;
      if (input.startsOn !== undefined) set.starts_on = input.startsOn;
      if (input.endsOn !== undefined) set.ends_on = input.endsOn;
      if (input.ownerOrgId !== undefined) {
        const owner = await this.orgs.requireWritable(trx, ctx.actor, input.ownerOrgId, 'body.ownerOrgId');
        const region = await this.regions.requireRegion(owner.regionCode, 'body.ownerOrgId', trx);
        Object.assign(set, { owner_org_id: owner.id, owner_org_path: owner.path, owner_region_path: region.path });
      }
      await repo.updateCampaign(trx, id, set);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'campaign.update',
        objectType: 'campaign',
        objectId: id,
        detail: { fields: Object.keys(input), ownerOrgId: input.ownerOrgId },
      });
    });
    const out = (await this.campaigns(ctx.actor)).find((c) => c.id === id);
    if (!out) throw new AppError('NOT_FOUND', 'id');
    return out;
  }
}
