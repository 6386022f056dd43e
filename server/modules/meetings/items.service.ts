import type { Item, ItemBrief } from '../../../contracts/meetings.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import { STALLED_DAYS, canDo, itemScope, supervisionScope, type ItemAction } from './meetings.policy.js';
import * as repo from './meetings.repository.js';
import { iso, type MeetingRecords } from './records.service.js';

/** Supervised action items (督办): lists, the supervision queue, one item, and its steps (response, progress, extension, submission, review). */
export class ActionItems {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly records: MeetingRecords,
  ) {}

  private async briefs(db: Db, actor: Actor, rows: repo.ItemBriefRow[]): Promise<ItemBrief[]> {
    const names = await this.orgs.briefs(
      db,
      rows.map((r) => r.lead_org_id),
    );
    const today = chinaToday();
    return rows.map((r) => this.records.toItemBrief(r, names, today, actor));
  }

  async listItems(actor: Actor, f: { status?: string; open?: boolean }): Promise<ItemBrief[]> {
    return this.briefs(this.db, actor, await repo.listItems(this.db, itemScope(actor), f));
  }

  /** The supervision queue of the actor's level: see `repo.supervision`. */
  async supervision(actor: Actor, opts: { limit?: number } = {}): Promise<ItemBrief[]> {
    const rows = await repo.supervision(this.db, supervisionScope(actor), {
      regionPath: actor.scope.regionPath,
      today: chinaToday(),
      stalledBefore: new Date(Date.now() - STALLED_DAYS * 86_400_000),
      limit: opts.limit ?? 200,
    });
    return this.briefs(this.db, actor, rows);
  }

  private async itemDetail(db: Db, actor: Actor, i: repo.ItemRow): Promise<Item> {
    const [orgs, events] = await Promise.all([repo.listItemOrgs(db, [i.id]), repo.listEvents(db, i.id)]);
    const names = await this.orgs.briefs(db, orgs.map((o) => o.org_id).concat(i.lead_org_id));
    const mine = orgs.find((o) => pathWithin(o.org_path, actor.scope.orgPath));
    return {
      ...this.records.toItemBrief(i, names, chinaToday(), actor),
      expectedResult: i.expected_result,
      coOrgs: orgs.filter((o) => o.role === 'co').map((o) => ({ id: o.org_id, name: names.get(o.org_id)?.name ?? '' })),
      occurrenceId: i.occurrence_id,
      decision: i.decision_text,
      extensionTo: i.extension_to,
      extensionReason: i.extension_reason,
      evidence: i.evidence,
      myRole: mine ? (orgs.some((o) => o.role === 'lead' && pathWithin(o.org_path, actor.scope.orgPath)) ? 'lead' : 'co') : null,
      canManage: this.records.canManagePath(actor, i.secretariat_path),
      events: events.map((e) => ({ kind: e.kind, actorName: e.actor_name, orgName: e.org_name, note: e.note, at: iso(e.at)! })),
      version: i.version,
    };
  }

  async getItem(actor: Actor, id: number): Promise<Item> {
    const i = await repo.findItem(this.db, itemScope(actor), id);
    if (!i) throw new AppError('NOT_FOUND', 'id');
    return this.itemDetail(this.db, actor, i);
  }

  /**
   * One step of an item: who may take it (the lead, lead or co-organization, or the secretariat), from which states,
   * the change it makes, an event with actor and time, and the audit entry — in one transaction.
   */
  private async step(
    ctx: RequestContext,
    id: number,
    action: ItemAction,
    who: 'lead' | 'party' | 'secretariat',
    version: number | undefined,
    change: (
      i: repo.ItemRow,
    ) =>
      | Promise<{ set: Parameters<typeof repo.updateItem>[3]; kind: string; note: string }>
      | { set: Parameters<typeof repo.updateItem>[3]; kind: string; note: string },
  ): Promise<Item> {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const i = await repo.findItem(trx, itemScope(actor), id, true);
      if (!i) throw new AppError('NOT_FOUND', 'id');
      if (who === 'secretariat') {
        if (!this.records.canManagePath(actor, i.secretariat_path)) throw new AppError('FORBIDDEN');
      } else {
        const orgs = await repo.listItemOrgs(trx, [i.id]);
        const fits = orgs.some((o) => (who === 'party' || o.role === 'lead') && pathWithin(o.org_path, actor.scope.orgPath));
        if (!actor.permissions.has('meeting.take_part') || !fits) throw new AppError('FORBIDDEN');
      }
      if (version !== undefined && version !== i.version) throw new AppError('STALE_VERSION', 'version');
      if (!canDo(action, i.status)) throw new AppError('INVALID_STATE', 'status', { reason: i.status });
      const c = await change(i);
      await repo.updateItem(trx, id, undefined, c.set);
      await repo.insertEvent(trx, {
        item_id: id,
        kind: c.kind,
        actor_id: actor.accountId || null,
        actor_name: actor.displayName,
        org_name: actor.orgName,
        note: c.note,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: `meeting.item.${c.kind}`,
        objectType: 'action_item',
        objectId: id,
        detail: { from: i.status, to: c.set.status ?? i.status },
      });
      return this.itemDetail(trx, actor, (await repo.findItem(trx, unscoped('checked'), id))!);
    });
  }

  respond(ctx: RequestContext, id: number, input: { accept: boolean; note?: string; version: number }): Promise<Item> {
    if (!input.accept && !input.note?.trim()) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.step(ctx, id, input.accept ? 'accept' : 'clarification', 'lead', input.version, () => ({
      set: { status: input.accept ? 'accepted' : 'clarification' },
      kind: input.accept ? 'accepted' : 'clarification',
      note: (input.note ?? '').trim(),
    }));
  }

  clarify(ctx: RequestContext, id: number, input: { note: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'clarify', 'secretariat', input.version, () => ({ set: { status: 'assigned' }, kind: 'clarified', note: input.note.trim() }));
  }

  progress(ctx: RequestContext, id: number, input: { note: string }): Promise<Item> {
    return this.step(ctx, id, 'progress', 'party', undefined, () => ({ set: {}, kind: 'progress', note: input.note.trim() }));
  }

  requestExtension(ctx: RequestContext, id: number, input: { to: string; reason: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'extension', 'lead', input.version, (i) => {
      if (input.to <= i.due_on) throw new AppError('VALIDATION', 'to', { reason: 'not_later', date: i.due_on });
      if (i.extension_to) throw new AppError('INVALID_STATE', 'to', { reason: 'extension_pending' });
      return {
        set: { extension_to: input.to, extension_reason: input.reason.trim() },
        kind: 'extension_requested',
        note: `${input.to} ${input.reason.trim()}`,
      };
    });
  }

  decideExtension(ctx: RequestContext, id: number, input: { grant: boolean; note?: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'extension_decision', 'secretariat', input.version, (i) => {
      if (!i.extension_to) throw new AppError('INVALID_STATE', 'grant', { reason: 'no_extension' });
      return {
        set: { ...(input.grant ? { due_on: i.extension_to } : {}), extension_to: null, extension_reason: '' },
        kind: input.grant ? 'extension_granted' : 'extension_refused',
        note: `${i.extension_to} ${(input.note ?? '').trim()}`.trim(),
      };
    });
  }

  submit(ctx: RequestContext, id: number, input: { evidence: string; version: number }): Promise<Item> {
    return this.step(ctx, id, 'submit', 'lead', input.version, () => ({
      set: { status: 'submitted', evidence: input.evidence.trim() },
      kind: 'submitted',
      note: input.evidence.trim(),
    }));
  }

  review(ctx: RequestContext, id: number, input: { close: boolean; note?: string; version: number }): Promise<Item> {
    if (!input.close && !input.note?.trim()) throw new AppError('VALIDATION', 'note', { reason: 'required' });
    return this.step(ctx, id, input.close ? 'close' : 'return', 'secretariat', input.version, () => ({
      set: input.close ? { status: 'closed', closed_at: new Date() } : { status: 'accepted' },
      kind: input.close ? 'closed' : 'returned',
      note: (input.note ?? '').trim(),
    }));
  }
}
