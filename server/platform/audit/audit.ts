import { sql } from 'kysely';
import type { Database, Db, Tx } from '../../db/client.js';
import type { RequestContext } from '../auth/actor.js';
import { hmacSm3 } from '../crypto/sm.js';

export type AuditEntry = {
  action: string;
  objectType?: string;
  objectId?: string | number;
  result?: 'ok' | 'denied' | 'failed';
  /** Never personal data: ids, masked values and field names only. */
  detail?: Record<string, unknown>;
};

export type AuditActor = {
  actorId: number | null;
  actorName: string | null;
  actorRoles: string;
  scope: string;
  ip: string | null;
  requestId: string | null;
};

type ChainRow = {
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  actor_roles: string;
  scope: string;
  action: string;
  object_type: string;
  object_id: string;
  result: string;
  ip: string | null;
  request_id: string | null;
  detail: unknown;
};

/** JSON with sorted keys, so a row hashes the same after a jsonb round trip. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function rowBytes(r: ChainRow): string {
  return canonical([
    r.seq,
    r.at.toISOString(),
    r.actor_id,
    r.actor_name,
    r.actor_roles,
    r.scope,
    r.action,
    r.object_type,
    r.object_id,
    r.result,
    r.ip,
    r.request_id,
    r.detail ?? {},
  ]);
}

export function actorOf(ctx: RequestContext | null, ip?: string, requestId?: string): AuditActor {
  if (!ctx) return { actorId: null, actorName: null, actorRoles: '', scope: '', ip: ip ?? null, requestId: requestId ?? null };
  return {
    actorId: ctx.actor.accountId,
    actorName: ctx.actor.username,
    actorRoles: ctx.actor.roles.join(','),
    scope: ctx.actor.scope.crossType ? `region:${ctx.actor.scope.regionPath}` : `org:${ctx.actor.scope.orgPath}`,
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
}

export type VerifyResult =
  | { ok: true; rows: number; headSeq: number }
  | { ok: false; rows: number; brokenAt: number; problem: 'edited' | 'missing' | 'reordered' | 'head_mismatch' };

/**
 * The audit trail: append-only rows chained with HMAC-SM3 under a key kept outside the database.
 * Appends run inside the caller's transaction, so a failed audit write fails the business write.
 */
export class AuditTrail {
  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
  ) {}

  /** Appends one row inside `trx`; the chain head row lock serialises appends and keeps sequence numbers gapless. */
  async append(trx: Tx, who: AuditActor, entry: AuditEntry): Promise<number> {
    const head = await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx);
    const h = head.rows[0];
    if (!h) throw new Error('audit head missing');
    const row: ChainRow = {
      seq: Number(h.seq) + 1,
      at: new Date(),
      actor_id: who.actorId,
      actor_name: who.actorName,
      actor_roles: who.actorRoles,
      scope: who.scope,
      action: entry.action,
      object_type: entry.objectType ?? '',
      object_id: entry.objectId === undefined ? '' : String(entry.objectId),
      result: entry.result ?? 'ok',
      ip: who.ip,
      request_id: who.requestId,
      detail: JSON.parse(JSON.stringify(entry.detail ?? {})) as unknown,
    };
    const hash = hmacSm3(this.key, h.hash, Buffer.from(rowBytes(row), 'utf8'));
    await trx
      .insertInto('audit_log')
      .values({ ...row, detail: JSON.stringify(row.detail), prev_hash: h.hash, hash })
      .execute();
    await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
    return row.seq;
  }

  /** Appends in a transaction of its own (denials, failed logins: no business write to join). */
  async appendStandalone(who: AuditActor, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute((trx) => this.append(trx, who, entry));
  }

  /** Walks the whole chain and names the first broken link. */
  async verify(db: Db = this.db, batch = 5000): Promise<VerifyResult> {
    let prevHash = Buffer.alloc(32);
    let expected = 1;
    let rows = 0;
    for (;;) {
      const page = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', expected)
        .orderBy('seq')
        .limit(batch)
        .execute();
      if (page.length === 0) break;
      for (const r of page) {
        const seq = Number(r.seq);
        if (seq !== expected) return { ok: false, rows, brokenAt: expected, problem: 'missing' };
        const recomputed = hmacSm3(this.key, prevHash, Buffer.from(rowBytes({ ...r, seq, at: new Date(r.at) } as ChainRow), 'utf8'));
        if (!Buffer.from(r.prev_hash).equals(prevHash)) {
          return { ok: false, rows, brokenAt: seq, problem: recomputed.equals(Buffer.from(r.hash)) ? 'reordered' : 'missing' };
        }
        if (!recomputed.equals(Buffer.from(r.hash))) {
          return { ok: false, rows, brokenAt: seq, problem: 'edited' };
        }
        prevHash = Buffer.from(r.hash);
        expected = seq + 1;
        rows++;
      }
    }
    const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head || Number(head.seq) !== expected - 1 || !Buffer.from(head.hash).equals(prevHash)) {
      return { ok: false, rows, brokenAt: expected, problem: 'head_mismatch' };
    }
    return { ok: true, rows, headSeq: expected - 1 };
  }
}
