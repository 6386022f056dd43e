import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { notify } from '../../platform/jobs/notify.js';
import { noScope, unscoped } from '../../platform/scope.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import { chinaToday, overdueSql, primaryWriteScope, requireTransition, strictlyBelow, type ActionKind } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { ActionResult } from '../../../contracts/requests.js';
import type { RequestText } from './free-text.service.js';
import type { RequestRecords } from './records.service.js';

/** The notification a step sends to the unit it concerns, if any. */
function stepNotification(kind: string, id: number, number: string, version: number, orgId: number, targetOrgId: number | undefined) {
  const base = { params: { number }, link: `/requests/${id}`, eventKey: `request.${kind}:${id}:${version}` };
  if (targetOrgId && ['transfer', 'dispatch', 'return', 'escalate'].includes(kind)) return { ...base, kind: 'request.assigned', to: { orgId: targetOrgId } };
  if (targetOrgId && kind === 'co_handler') return { ...base, kind: 'request.co_handler', to: { orgId: targetOrgId } };
  if (kind === 'supervise') return { ...base, kind: 'request.supervised', to: { orgId } };
  return null;
}

/** The handling steps on a request: accept to close, hand-overs, co-handlers, supervision and take-over, call-back, duplicates. */
export class RequestActions {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    private readonly records: RequestRecords,
    private readonly text: RequestText,
  ) {}

  /**
   * One step on a request: the row is locked, the version checked when sent, the change written with the next
   * version, the event and the audit row appended, all in one transaction.
   */
  async step(
    ctx: RequestContext,
    id: number,
    version: number | undefined,
    load: (trx: Tx) => Promise<repo.RequestRow | undefined>,
    apply: (trx: Tx, row: repo.RequestRow) => Promise<{ kind: string; set: repo.RequestSet; targetOrgId?: number; note: string; public: boolean }>,
  ): Promise<ActionResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await load(trx);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      if (version !== undefined && version !== row.version) throw new AppError('STALE_VERSION', 'version');
      const change = await apply(trx, row);
      const newVersion = await repo.updateRequest(trx, id, this.text.protectSet(id, change.set));
      await this.text.insertEvent(trx, {
        request_id: id,
        version: newVersion,
        kind: change.kind,
        actor_id: ctx.actor.accountId,
        org_id: ctx.actor.orgId,
        target_org_id: change.targetOrgId ?? null,
        note: change.note,
        public: change.public,
      });
      const status = change.set.status ?? row.status;
      await this.audit.append(trx, actorOf(ctx), {
        action: `request.${change.kind}`,
        objectType: 'request',
        objectId: id,
        detail: { version: newVersion, status, ...(change.targetOrgId ? { orgId: change.targetOrgId } : {}) },
      });
      const n = stepNotification(change.kind, id, row.number, newVersion, row.org_id, change.targetOrgId);
      if (n) await notify(trx, n);
      const orgId = change.set.org_id ?? row.org_id;
      // The new handler came out of this transaction's step (the request's parent unit, the step's target, or my own unit).
      const target = orgId === row.org_id ? { name: row.org_name, path: row.org_path } : await repo.findOrg(trx, orgId, unscoped('directory'));
      const orgName = target?.name ?? '';
      const hook = { subject: `request:${id}`, orgPaths: [row.org_path, target?.path ?? ''] };
      const data = { id, number: row.number, status, previousStatus: row.status, step: change.kind, orgId, version: newVersion };
      if (status !== row.status) await publishWebhookEvent(trx, { type: 'request.status_changed', ...hook, data });
      if (change.kind === 'close') await publishWebhookEvent(trx, { type: 'request.closed', ...hook, data });
      return { id, number: row.number, status, version: newVersion, handlerOrgId: orgId, handlerOrgName: orgName };
    });
  }

  private lockVisible(ctx: RequestContext, id: number) {
    return (trx: Tx) => repo.findById(trx, this.records.scopes(ctx.actor, true), id, true);
  }

  /** accept, respond, note, return, escalate, resolve, close. */
  async act(ctx: RequestContext, id: number, kind: ActionKind, input: { version?: number; note?: string; reply?: string }): Promise<ActionResult> {
    const note = input.note?.trim() ?? '';
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (_trx, row) => {
      const rule = requireTransition(kind, row.status, row.primary_access);
      const now = new Date();
      const set: repo.RequestSet = rule.to ? { status: rule.to } : {};
      let targetOrgId: number | undefined;
      if ((kind === 'respond' || kind === 'note' || kind === 'return' || kind === 'escalate') && !note)
        throw new AppError('VALIDATION', 'note', { reason: 'required' });
      switch (kind) {
        case 'accept':
          if (!row.accepted_at) set.accepted_at = now;
          break;
        case 'respond':
          if (!row.responded_at) set.responded_at = now;
          break;
        case 'return':
        case 'escalate':
          if (!row.org_parent_id) throw new AppError('VALIDATION', 'id', { reason: 'no_parent' });
          set.org_id = row.org_parent_id;
          targetOrgId = row.org_parent_id;
          break;
        case 'resolve': {
          const reply = input.reply?.trim() ?? '';
          if (!reply) throw new AppError('VALIDATION', 'reply', { reason: 'required' });
          set.reply = reply;
          set.resolved_at = now;
          if (!row.responded_at) set.responded_at = now;
          return { kind, set, note: reply, public: rule.public };
        }
        case 'close':
          set.closed_at = now;
          break;
        case 'note':
          break;
      }
      return { kind, set, targetOrgId, note, public: rule.public };
    });
  }

  /** Hands the request to another unit: `transfer` to any active unit ("not ours"), `dispatch` to a unit in my subtree. */
  async reassign(
    ctx: RequestContext,
    id: number,
    kind: 'transfer' | 'dispatch',
    input: { orgId: number; version: number; note: string },
  ): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition(kind, row.status, row.primary_access);
      const target = await repo.findOrg(trx, input.orgId, kind === 'dispatch' ? primaryWriteScope(ctx.actor) : unscoped('directory'));
      if (!target || target.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      if (target.id === row.org_id) throw new AppError('VALIDATION', 'orgId', { reason: 'invalid' });
      return { kind, set: { status: rule.to!, org_id: target.id }, targetOrgId: target.id, note: input.note.trim(), public: rule.public };
    });
  }

  /** Invites a co-handler (协办): that organization gets access to this one request. */
  async addCoHandler(ctx: RequestContext, id: number, input: { orgId: number; version?: number; note?: string }): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition('co_handler', row.status, row.primary_access);
      const org = await repo.findOrg(trx, input.orgId, unscoped('directory'));
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      if (org.id === row.org_id) throw new AppError('VALIDATION', 'orgId', { reason: 'invalid' });
      if (!(await repo.insertGrant(trx, { org_id: org.id, object_id: String(id), granted_by: ctx.actor.accountId }))) {
        throw new AppError('CONFLICT', 'orgId', { reason: 'duplicate' });
      }
      return { kind: 'co_handler', set: {}, targetOrgId: org.id, note: input.note?.trim() ?? '', public: rule.public };
    });
  }

  /** The level above comments on an overdue (or any open) request of a unit below it and may set a new resolve deadline. */
  async supervise(ctx: RequestContext, id: number, input: { note: string; resolveDue?: string; version?: number }): Promise<ActionResult> {
    const load = (trx: Tx) => repo.findById(trx, { primary: strictlyBelow(ctx.actor), grant: noScope, overdue: overdueSql(chinaToday()) }, id, true);
    return this.step(ctx, id, input.version, load, async (trx, row) => {
      const rule = requireTransition('supervise', row.status, true);
      const set: repo.RequestSet = {};
      if (input.resolveDue) {
        if (input.resolveDue < chinaToday()) throw new AppError('VALIDATION', 'resolveDue', { reason: 'date_order' });
        await this.calendar.isWorkday(input.resolveDue, trx);
        set.resolve_due = input.resolveDue;
        set.due_provisional = (await this.calendar.provisional(trx))(input.resolveDue);
      }
      return { kind: 'supervise', set, note: input.note.trim(), public: rule.public };
    });
  }

  /** The supervising level above takes the request over: its own organization becomes the primary handler. */
  async takeOver(ctx: RequestContext, id: number, input: { note: string; version?: number }): Promise<ActionResult> {
    const load = (trx: Tx) => repo.findById(trx, { primary: strictlyBelow(ctx.actor), grant: noScope, overdue: overdueSql(chinaToday()) }, id, true);
    return this.step(ctx, id, input.version, load, async (_trx, row) => {
      const rule = requireTransition('take_over', row.status, true);
      const set: repo.RequestSet = { org_id: ctx.actor.orgId };
      if (row.status === 'returned') set.status = 'dispatched';
      return { kind: 'take_over', set, targetOrgId: ctx.actor.orgId, note: input.note.trim(), public: rule.public };
    });
  }

  /** The call-back (回访) of a closed request, by the primary handler: once, with whether the requester was reached. */
  async callback(ctx: RequestContext, id: number, input: { note: string; reached: boolean; version?: number }): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (_trx, row) => {
      const rule = requireTransition('callback', row.status, row.primary_access);
      if (row.callback_at) throw new AppError('CONFLICT', 'id', { reason: 'duplicate' });
      const note = input.note.normalize('NFC').trim();
      if (!note) throw new AppError('VALIDATION', 'note', { reason: 'required' });
      return { kind: 'callback', set: { callback_at: new Date(), callback_note: note, callback_reached: input.reached }, note, public: rule.public };
    });
  }

  /** Links a request as a duplicate of an earlier one the actor can read. */
  async linkDuplicate(ctx: RequestContext, id: number, input: { ofId: number; version?: number }): Promise<ActionResult> {
    const scopes = await this.records.readScopes(ctx.actor);
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition('duplicate', row.status, row.primary_access);
      if (input.ofId === id) throw new AppError('VALIDATION', 'ofId', { reason: 'invalid' });
      const of = await repo.findById(trx, scopes, input.ofId);
      if (!of) throw new AppError('NOT_FOUND', 'ofId');
      if (of.duplicate_of === id) throw new AppError('VALIDATION', 'ofId', { reason: 'cycle' });
      return { kind: 'duplicate', set: { duplicate_of: of.id }, note: of.number, public: rule.public };
    });
  }
}
