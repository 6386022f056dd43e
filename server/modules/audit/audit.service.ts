import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditAlarm, type AuditTrail, type VerifyResult } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { likeEscape } from '../../platform/sql-text.js';

export type AuditQuery = {
  actor?: string;
  action?: string;
  result?: string;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

/** Reading and verifying the audit trail: the audit administrator's whole job, and itself audited. */
export class AuditLogService {
  constructor(
    private readonly db: Database,
    private readonly trail: AuditTrail,
  ) {}

  async list(ctx: RequestContext, q: AuditQuery) {
    let query = this.db.selectFrom('audit_log');
    if (q.actor) query = query.where('actor_name', '=', q.actor);
    if (q.action) query = query.where('action', 'like', `${likeEscape(q.action)}%`);
    if (q.result) query = query.where('result', '=', q.result);
    if (q.objectType) query = query.where('object_type', '=', q.objectType);
    if (q.objectId) query = query.where('object_id', '=', q.objectId);
    if (q.from) query = query.where('at', '>=', sql<Date>`${q.from}::date`);
    if (q.to) query = query.where('at', '<', sql<Date>`${q.to}::date + 1`);
    const rows = await query
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await this.trail.appendStandalone(actorOf(ctx), { action: 'audit.read', detail: { page: q.page } });
    return {
      total,
      items: rows.map((r) => ({
        seq: Number(r.seq),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: r.actor_name,
        actorRoles: r.actor_roles,
        scope: r.scope,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        result: r.result,
        ip: r.ip,
        requestId: r.request_id,
        detail: JSON.stringify(r.detail),
      })),
    };
  }

  async verify(ctx: RequestContext): Promise<VerifyResult> {
    const result = await this.trail.verify();
    await this.trail.appendStandalone(actorOf(ctx), { action: 'audit.verify', result: result.ok ? 'ok' : 'failed', detail: result });
    return result;
  }

  /** The integrity alarms, newest first; reading them is audited like reading the trail. */
  async alarms(ctx: RequestContext): Promise<AuditAlarm[]> {
    const items = await this.trail.alarms();
    await this.trail.appendStandalone(actorOf(ctx), { action: 'audit.alarms', detail: { count: items.length } });
    return items;
  }
}
