import type { MergeBody, MergeResult } from '../../../contracts/orgs.js';
import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';
import { readdressQueuedToOrg } from '../../platform/jobs/notify.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { OrgReassignment } from '../../platform/repath.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import * as repo from './orgs.repository.js';
import type { OrgsService } from './orgs.service.js';
import * as staffRepo from './staff.repository.js';

/** A module that holds rows of organizations: it moves the merged unit's rows to the survivor inside the merge's transaction. */
export type OrgRowOwner = { reassignOrg: (trx: Tx, m: OrgReassignment) => Promise<Record<string, number>> };

class DryRun extends Error {
  constructor(readonly result: MergeResult) {
    super('dry run');
  }
}

/**
 * Merges one organization into another of the same type (e.g. two streets after a reorganisation), in one audited
 * transaction: units below it, its leadership and staff, and — through each owning module's service — members,
 * accounts, venues, bookings, requests, ratings, disputes, activities and campaigns, volunteers, honours, meetings and
 * projects, benefits, social organizations, the service catalogue, talent programmes and cultural societies move to
 * the survivor, as do notifications still queued for it. The merged unit stays (status merged, merged_into) so its
 * history reads; history and audit rows keep pointing at it.
 */
export class OrgMergeService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly owners: Record<string, OrgRowOwner>,
  ) {}

  async merge(ctx: RequestContext, input: MergeBody): Promise<MergeResult> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const from = await this.orgs.requireWritable(trx, ctx.actor, input.fromId, 'fromId');
        const into = await this.orgs.requireWritable(trx, ctx.actor, input.intoId, 'intoId');
        if (from.id === into.id) throw new AppError('VALIDATION', 'intoId', { reason: 'merge_into_self' });
        if (from.typeCode !== into.typeCode) throw new AppError('VALIDATION', 'intoId', { reason: 'parent_type' });
        if (from.status !== 'active') throw new AppError('INVALID_STATE', 'fromId');
        if (into.status !== 'active') throw new AppError('INVALID_STATE', 'intoId');
        // The survivor cannot lie inside the merged unit, and an account cannot merge away its own unit or one above it.
        if (pathWithin(into.path, from.path)) throw new AppError('VALIDATION', 'intoId', { reason: 'merge_into_self' });
        if (pathWithin(ctx.actor.scope.orgPath, from.path)) throw new AppError('VALIDATION', 'fromId', { reason: 'own_org' });
        // Both were just found writable in this transaction: lock them for the merge.
        await repo.findById(trx, unscoped('checked'), from.id, true);
        await repo.findById(trx, unscoped('checked'), into.id, true);

        const moved: Record<string, number> = {};
        const add = (r: Record<string, number>) => {
          for (const [k, v] of Object.entries(r)) moved[k] = (moved[k] ?? 0) + v;
        };
        const children = await repo.childrenOf(trx, from.id);
        let units = 0;
        for (const c of children) units += await repo.moveSubtree(trx, c.id, c.path, into.path, into.id);
        moved.units_below = units;
        const m: OrgReassignment = { fromId: from.id, toId: into.id, fromPath: from.path, toPath: into.path, fromName: from.name, toName: into.name };
        add(await staffRepo.reassignOrg(trx, m));
        for (const owner of Object.values(this.owners)) add(await owner.reassignOrg(trx, m));
        add({ notifications_queued: await readdressQueuedToOrg(trx, from.id, into.id) });
        await repo.markMerged(trx, from.id, into.id);
        const list = Object.entries(moved)
          .map(([kind, count]) => ({ kind, count }))
          .sort((a, b) => a.kind.localeCompare(b.kind));
        const result: MergeResult = { applied: !input.dryRun, from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, moved: list };
        if (input.dryRun) throw new DryRun({ ...result, applied: false });
        await repo.insertHistory(trx, from.id, 'merge', { into: into.id, intoName: into.name }, ctx.actor.accountId);
        await repo.insertHistory(trx, into.id, 'absorb', { from: from.id, fromName: from.name, moved }, ctx.actor.accountId);
        await this.audit.append(trx, actorOf(ctx), { action: 'org.merge', objectType: 'org', objectId: from.id, detail: { into: into.id, moved } });
        return result;
      });
    } catch (err) {
      if (err instanceof DryRun) return err.result;
      throw err;
    }
  }
}
