import { sql } from 'kysely';
import { prepared, type Database, type Db, type Tx } from '../../db/client.js';
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
  | { ok: false; rows: number; brokenAt: number; problem: 'edited' | 'missing' | 'reordered' | 'head_mismatch' | 'unlinked' };

const LINK_BATCH = 2000;
const SWEEP_MS = 500;
const NUDGE_MS = 15;

/**
 * The audit trail: append-only entries chained with HMAC-SM3 under a key kept outside the database (ADR 0007).
 * An entry is written inside the caller's transaction, so a failed audit write fails the business write, and the
 * entry commits or vanishes with it. Committed entries are then linked into the chain, in order, by a linker that
 * runs shortly after each append and on a sweep; business transactions never wait for one another on the chain.
 */
export class AuditTrail {
  private nudgeTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Writes one entry inside `trx` and queues it for linking; returns its sequence number. */
  async append(trx: Tx, who: AuditActor, entry: AuditEntry): Promise<number> {
    // One statement, one round trip: the entry and its place in the linking queue.
    const r = await sql<{ seq: number }>`${prepared}
      WITH entry AS (
        INSERT INTO audit_log (at, actor_id, actor_name, actor_roles, scope, action, object_type, object_id, result, ip, request_id, detail)
        VALUES (${new Date()}, ${who.actorId}, ${who.actorName}, ${who.actorRoles}, ${who.scope}, ${entry.action}, ${entry.objectType ?? ''},
                ${entry.objectId === undefined ? '' : String(entry.objectId)}, ${entry.result ?? 'ok'}, ${who.ip}, ${who.requestId},
                ${JSON.stringify(entry.detail ?? {})}::jsonb)
        RETURNING seq
      )
      INSERT INTO audit_queue (seq) SELECT seq FROM entry RETURNING seq`.execute(trx);
    const row = r.rows[0]!;
    this.nudge();
    return Number(row.seq);
  }

  /** Appends in a transaction of its own (denials, failed logins: no business write to join). */
  async appendStandalone(who: AuditActor, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute((trx) => this.append(trx, who, entry));
  }

  /** Schedules a linking run soon after an append (its transaction commits in the meantime); the sweep catches stragglers. */
  private nudge(): void {
    if (this.stopped) return;
    if (!this.sweepTimer) {
      this.sweepTimer = setInterval(() => void this.linkQuietly(), SWEEP_MS);
      this.sweepTimer.unref();
    }
    if (this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      void this.linkQuietly();
    }, NUDGE_MS);
    this.nudgeTimer.unref();
  }

  private async linkQuietly(): Promise<void> {
    try {
      await this.linkPending();
    } catch (err) {
      this.onError(err);
    }
  }

  /**
   * Links every committed, queued entry into the chain, in sequence order, and returns how many it linked.
   * One linker at a time across all processes: the chain head row lock; a linker that finds it taken leaves the work to its holder.
   */
  async linkPending(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      // An idle process only reads: no transaction and no row lock unless something waits to be linked.
      const pending = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM audit_queue) AS any`.execute(this.db);
      if (!pending.rows[0]?.any) return 0;
      let total = 0;
      for (;;) {
        const n = await this.linkBatch();
        total += n;
        if (n < LINK_BATCH) return total;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async linkBatch(wait = false): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const head = wait
        ? await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx)
        : await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE SKIP LOCKED`.execute(trx);
      const h = head.rows[0];
      if (!h) return 0;
      // Each taken entry is fetched by its key (LATERAL … LIMIT 1 keeps the planner from turning this into a join that
      // hashes the whole log on every batch).
      const entries = await sql<ChainRow>`
        WITH taken AS (
          DELETE FROM audit_queue WHERE seq IN (SELECT seq FROM audit_queue ORDER BY seq LIMIT ${LINK_BATCH}) RETURNING seq
        )
        SELECT l.seq, l.at, l.actor_id, l.actor_name, l.actor_roles, l.scope, l.action, l.object_type, l.object_id,
               l.result, l.ip, l.request_id, l.detail
          FROM taken CROSS JOIN LATERAL (SELECT * FROM audit_log WHERE audit_log.seq = taken.seq LIMIT 1) l ORDER BY l.seq`.execute(trx);
      if (entries.rows.length === 0) return 0;
      let link = Number(h.seq);
      let prev: Buffer = Buffer.from(h.hash);
      const links: number[] = [];
      const seqs: number[] = [];
      const prevs: Buffer[] = [];
      const hashes: Buffer[] = [];
      for (const r of entries.rows) {
        const hash = hmacSm3(this.key, prev, Buffer.from(rowBytes({ ...r, seq: Number(r.seq), at: new Date(r.at) }), 'utf8'));
        link++;
        links.push(link);
        seqs.push(Number(r.seq));
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await sql`INSERT INTO audit_chain (link, entry_seq, prev_hash, hash)
        SELECT * FROM unnest(${links}::bigint[], ${seqs}::bigint[], ${prevs}::bytea[], ${hashes}::bytea[])`.execute(trx);
      await trx.updateTable('audit_head').set({ seq: link, hash: prev }).where('id', '=', 1).execute();
      return entries.rows.length;
    });
  }

  /** Stops the linker's timers and links what is committed, waiting for any other linker to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.nudgeTimer = this.sweepTimer = null;
    await this.flush();
  }

  /** Links everything committed so far, waiting for the head lock if another process holds it. */
  async flush(): Promise<void> {
    if (this.running) await this.running.catch(() => 0);
    while ((await this.linkBatch(true)) === LINK_BATCH);
  }

  /**
   * Links what is pending, then walks the whole chain and names the first broken link by the sequence number of its entry:
   * an edited entry or link, a missing entry or link, links out of order, a head that does not match, or an entry
   * that is in no link and not queued (written around the trail).
   */
  async verify(db: Db = this.db, batch = 5000): Promise<VerifyResult> {
    if (db === this.db) await this.flush();
    let prevHash = Buffer.alloc(32);
    let expected = 1;
    let rows = 0;
    let lastEntry = 0;
    for (;;) {
      const page = await db
        .selectFrom('audit_chain as c')
        .leftJoin('audit_log as l', 'l.seq', 'c.entry_seq')
        .select(['c.link', 'c.entry_seq', 'c.prev_hash', 'c.hash', 'l.seq', 'l.at', 'l.actor_id', 'l.actor_name', 'l.actor_roles', 'l.scope', 'l.action', 'l.object_type', 'l.object_id', 'l.result', 'l.ip', 'l.request_id', 'l.detail'])
        .where('c.link', '>=', expected)
        .orderBy('c.link')
        .limit(batch)
        .execute();
      if (page.length === 0) break;
      for (const r of page) {
        const link = Number(r.link);
        const entrySeq = Number(r.entry_seq);
        if (link !== expected) return { ok: false, rows, brokenAt: lastEntry + 1, problem: 'missing' };
        if (r.seq === null) return { ok: false, rows, brokenAt: entrySeq, problem: 'missing' };
        const recomputed = hmacSm3(this.key, prevHash, Buffer.from(rowBytes({ ...r, seq: entrySeq, at: new Date(r.at!) } as ChainRow), 'utf8'));
        if (!Buffer.from(r.prev_hash).equals(prevHash)) {
          return { ok: false, rows, brokenAt: entrySeq, problem: recomputed.equals(Buffer.from(r.hash)) ? 'reordered' : 'missing' };
        }
        if (!recomputed.equals(Buffer.from(r.hash))) return { ok: false, rows, brokenAt: entrySeq, problem: 'edited' };
        prevHash = Buffer.from(r.hash);
        lastEntry = entrySeq;
        expected = link + 1;
        rows++;
      }
    }
    const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head || Number(head.seq) !== expected - 1 || !Buffer.from(head.hash).equals(prevHash)) {
      return { ok: false, rows, brokenAt: lastEntry + 1, problem: 'head_mismatch' };
    }
    const stray = (await sql<{ seq: number | null }>`SELECT min(l.seq) AS seq FROM audit_log l
      WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_seq = l.seq)
        AND NOT EXISTS (SELECT 1 FROM audit_queue q WHERE q.seq = l.seq)`.execute(db)).rows[0]?.seq;
    if (stray !== null && stray !== undefined) return { ok: false, rows, brokenAt: Number(stray), problem: 'unlinked' };
    return { ok: true, rows, headSeq: expected - 1 };
  }
}
