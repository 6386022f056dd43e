import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { prepared, type Database, type Db, type Tx } from '../../db/client.js';
import type { RequestContext } from '../auth/actor.js';
import { hmacSm3 } from '../crypto/sm.js';
import { AnchorFile, type Anchor } from './anchor.js';

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

/** What an entry's MAC covers: everything the application writes, and a random nonce; number and time are the database's. */
type EntryContent = Omit<ChainRow, 'seq' | 'at'>;

/** HMAC-SM3 of an entry's content under the audit key, computed when the entry is written (ADR 0010). */
export function entryMac(key: Buffer, nonce: Buffer, e: EntryContent): Buffer {
  const content = canonical([
    e.actor_id,
    e.actor_name,
    e.actor_roles,
    e.scope,
    e.action,
    e.object_type,
    e.object_id,
    e.result,
    e.ip,
    e.request_id,
    e.detail ?? {},
  ]);
  return hmacSm3(key, 'qunhub.audit.entry.v1\0', nonce, Buffer.from(content, 'utf8'));
}

function macHolds(key: Buffer, r: EntryContent & { nonce: Buffer | null; mac: Buffer | null }): boolean {
  if (!r.nonce || !r.mac) return false;
  const expected = entryMac(key, Buffer.from(r.nonce), r);
  const mac = Buffer.from(r.mac);
  return mac.length === expected.length && timingSafeEqual(mac, expected);
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

export type VerifyProblem = 'edited' | 'missing' | 'reordered' | 'head_mismatch' | 'unlinked' | 'forged' | 'truncated' | 'anchor_mismatch' | 'anchor_invalid';

export type VerifyResult =
  | { ok: true; rows: number; headSeq: number; anchoredLink: number | null; alarms: number }
  | { ok: false; rows: number; brokenAt: number; problem: VerifyProblem; anchoredLink: number | null; alarms: number };

export type AuditAlarm = { id: number; at: string; kind: string; entrySeq: number | null; detail: string };

export type AuditTrailOptions = {
  /** Where the signed chain head is written (one file per database); null: no anchor (ADR 0010). */
  anchorDir?: string | null;
  /** The least time between two anchor writes while the linker runs; flush and stop always write one. */
  anchorEveryMs?: number;
};

const LINK_BATCH = 2000;
const SWEEP_MS = 500;
const NUDGE_MS = 15;

type QueuedRow = ChainRow & { queued: number; chained: boolean; nonce: Buffer | null; mac: Buffer | null; present: boolean };
type Head = { link: number; entrySeq: number; hash: Buffer };

/**
 * The audit trail: append-only entries chained with HMAC-SM3 under a key kept outside the database (ADR 0007, 0010).
 * An entry is written inside the caller's transaction with a MAC over its content, so a failed audit write fails the
 * business write, and the entry commits or vanishes with it. Committed entries are then linked into the chain, in
 * order, by a linker that runs shortly after each append and on a sweep; it refuses an entry whose MAC fails and
 * records an alarm. The chain head is anchored at intervals in a signed file outside the database.
 */
export class AuditTrail {
  private nudgeTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;
  private macFromSeq: number | null = null;
  private database: string | null = null;
  private readonly anchors: AnchorFile | null;
  private readonly anchorEveryMs: number;
  private lastHead: Head | null = null;
  private anchoredLink = 0;
  private lastAnchorAt = 0;
  private anchoring: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    private readonly onError: (err: unknown) => void = () => {},
    opts: AuditTrailOptions = {},
  ) {
    this.anchors = opts.anchorDir ? new AnchorFile(opts.anchorDir, key) : null;
    this.anchorEveryMs = opts.anchorEveryMs ?? 10_000;
  }

  /** Writes one entry inside `trx` and queues it for linking; returns its sequence number. */
  async append(trx: Tx, who: AuditActor, entry: AuditEntry): Promise<number> {
    const detailJson = JSON.stringify(entry.detail ?? {});
    // The MAC covers the detail as it reads back from jsonb (undefined members dropped, dates as strings).
    const content: EntryContent = {
      actor_id: who.actorId ?? null,
      actor_name: who.actorName ?? null,
      actor_roles: who.actorRoles ?? '',
      scope: who.scope ?? '',
      action: entry.action,
      object_type: entry.objectType ?? '',
      object_id: entry.objectId === undefined ? '' : String(entry.objectId),
      result: entry.result ?? 'ok',
      ip: who.ip ?? null,
      request_id: who.requestId ?? null,
      detail: JSON.parse(detailJson) as unknown,
    };
    const nonce = randomBytes(16);
    const mac = entryMac(this.key, nonce, content);
    // One statement, one round trip: the entry and its place in the linking queue. The database numbers and stamps it.
    const r = await sql<{ seq: number }>`${prepared}
      WITH entry AS (
        INSERT INTO audit_log (actor_id, actor_name, actor_roles, scope, action, object_type, object_id, result, ip, request_id, detail, nonce, mac)
        VALUES (${content.actor_id}, ${content.actor_name}, ${content.actor_roles}, ${content.scope}, ${content.action}, ${content.object_type},
                ${content.object_id}, ${content.result}, ${content.ip}, ${content.request_id}, ${detailJson}::jsonb, ${nonce}, ${mac})
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
      await this.anchor(false);
    } catch (err) {
      this.onError(err);
    }
  }

  /**
   * Links every committed, queued entry into the chain, in sequence order, and returns how many it took off the queue.
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

  private async mustCarryMac(db: Db, seq: number): Promise<boolean> {
    if (this.macFromSeq === null) {
      const r = await sql<{ s: number }>`SELECT mac_from_seq AS s FROM audit_integrity WHERE id = 1`.execute(db);
      this.macFromSeq = Number(r.rows[0]?.s ?? 0);
    }
    return seq >= this.macFromSeq;
  }

  /** Links one batch; an entry whose MAC fails is taken off the queue unlinked and recorded as an alarm. Returns how many it took. */
  private async linkBatch(wait = false): Promise<number> {
    const refused: number[] = [];
    const taken = await this.db.transaction().execute(async (trx) => {
      const head = await sql<{ seq: number; hash: Buffer }>`SELECT seq, hash FROM audit_head_lock(${wait})`.execute(trx);
      const h = head.rows[0];
      if (!h) return 0;
      // Each queued entry is fetched by its key (LATERAL … LIMIT 1 keeps the planner from turning this into a join that
      // hashes the whole log on every batch).
      const entries = await sql<QueuedRow>`
        SELECT q.seq AS queued, l.seq IS NOT NULL AS present, c.entry_seq IS NOT NULL AS chained,
               l.seq, l.at, l.actor_id, l.actor_name, l.actor_roles, l.scope, l.action, l.object_type, l.object_id,
               l.result, l.ip, l.request_id, l.detail, l.nonce, l.mac
          FROM (SELECT seq FROM audit_queue ORDER BY seq LIMIT ${LINK_BATCH}) q
          LEFT JOIN LATERAL (SELECT * FROM audit_log WHERE audit_log.seq = q.seq LIMIT 1) l ON true
          LEFT JOIN LATERAL (SELECT entry_seq FROM audit_chain WHERE audit_chain.entry_seq = q.seq LIMIT 1) c ON true
         ORDER BY q.seq`.execute(trx);
      if (entries.rows.length === 0) return 0;
      let link = Number(h.seq);
      let prev: Buffer = Buffer.from(h.hash);
      const take: number[] = [];
      const links: number[] = [];
      const seqs: number[] = [];
      const prevs: Buffer[] = [];
      const hashes: Buffer[] = [];
      for (const r of entries.rows) {
        take.push(Number(r.queued));
        // A queue row naming no entry, or one already chained, is not an entry to link (and not the linker's to judge).
        if (!r.present || r.chained) continue;
        const seq = Number(r.seq);
        if ((await this.mustCarryMac(trx, seq)) && !macHolds(this.key, r)) {
          refused.push(seq);
          continue;
        }
        const hash = hmacSm3(this.key, prev, Buffer.from(rowBytes({ ...r, seq, at: new Date(r.at) }), 'utf8'));
        link++;
        links.push(link);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await sql`SELECT audit_link(${take}::bigint[], ${links}::bigint[], ${seqs}::bigint[], ${prevs}::bytea[], ${hashes}::bytea[])`.execute(trx);
      for (const seq of refused) {
        await sql`INSERT INTO audit_alarm (kind, entry_seq, detail) VALUES ('bad_mac', ${seq}, ${JSON.stringify({ reason: 'the entry MAC does not match its content' })}::jsonb)`.execute(
          trx,
        );
      }
      if (links.length > 0) this.lastHead = { link, entrySeq: seqs[seqs.length - 1]!, hash: prev };
      return take.length;
    });
    for (const seq of refused) {
      this.onError(
        new Error(
          `ALARM: refused to chain audit entry ${seq}: its MAC does not match its content (written without the audit key, or altered); recorded in audit_alarm`,
        ),
      );
    }
    return taken;
  }

  private async databaseName(db: Db): Promise<string> {
    if (this.database === null) this.database = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(db)).rows[0]!.d;
    return this.database;
  }

  /**
   * Writes the signed chain head this process last linked to the anchor file, at most every `anchorEveryMs` unless forced.
   * It never moves the anchor back, and it leaves it alone, raising an alarm, when the chain no longer holds the anchored link.
   */
  private async anchor(force: boolean): Promise<void> {
    if (!this.anchors || !this.lastHead || this.lastHead.link <= this.anchoredLink) return;
    if (!force && Date.now() - this.lastAnchorAt < this.anchorEveryMs) return;
    if (this.anchoring) return this.anchoring;
    this.anchoring = (async () => {
      const head = this.lastHead!;
      const database = await this.databaseName(this.db);
      const current = await this.anchors!.read(database);
      if (current.state === 'ok') {
        if (current.anchor.link >= head.link) {
          this.anchoredLink = head.link;
          return;
        }
        const at = await sql<{ hash: Buffer }>`SELECT hash FROM audit_chain WHERE link = ${current.anchor.link}`.execute(this.db);
        const held = at.rows[0] && Buffer.from(at.rows[0].hash).toString('hex') === current.anchor.hash;
        if (!held) {
          await this.raiseAnchorAlarm(current.anchor, 'the chain no longer holds the anchored link');
          return;
        }
      } else if (current.state === 'invalid') {
        await this.raiseAnchorAlarm(null, 'the anchor file does not carry a valid signature');
        return;
      }
      await this.anchors!.write(database, head);
      this.anchoredLink = head.link;
      this.lastAnchorAt = Date.now();
    })().finally(() => {
      this.anchoring = null;
    });
    return this.anchoring;
  }

  private async raiseAnchorAlarm(anchor: Anchor | null, reason: string): Promise<void> {
    // Raised once per process: the anchor stays as it is, for audit verify and the operator to judge.
    this.anchoredLink = Number.MAX_SAFE_INTEGER;
    await sql`INSERT INTO audit_alarm (kind, entry_seq, detail) VALUES ('anchor_mismatch', ${anchor?.entrySeq ?? null}, ${JSON.stringify({ reason, link: anchor?.link ?? null })}::jsonb)`.execute(
      this.db,
    );
    this.onError(new Error(`ALARM: the audit chain anchor was left unchanged: ${reason}; recorded in audit_alarm`));
  }

  /** Stops the linker's timers and links what is committed, waiting for any other linker to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.nudgeTimer = this.sweepTimer = null;
    await this.flush();
  }

  /** Links everything committed so far, waiting for the head lock if another process holds it, and anchors the head. */
  async flush(): Promise<void> {
    if (this.running) await this.running.catch(() => 0);
    while ((await this.linkBatch(true)) === LINK_BATCH);
    await this.anchor(true);
  }

  /** The integrity alarms (refused entries, a chain below its anchor), newest first. */
  async alarms(limit = 100): Promise<AuditAlarm[]> {
    const rows = await this.db.selectFrom('audit_alarm').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      entrySeq: r.entry_seq === null ? null : Number(r.entry_seq),
      detail: JSON.stringify(r.detail),
    }));
  }

  /**
   * Links what is pending, then walks the whole chain and names the first broken link by the sequence number of its entry:
   * an edited entry or link, a missing entry or link, links out of order, a head that does not match, a chain cut back
   * below the signed anchor outside the database, an entry whose MAC fails (forged), or an entry with a valid MAC that is
   * in no link and not queued (written around the trail, or taken off the queue).
   */
  async verify(db: Db = this.db, batch = 5000): Promise<VerifyResult> {
    if (db === this.db) await this.flush();
    const alarms = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_alarm`.execute(db)).rows[0]!.n);
    const anchorRead = this.anchors ? await this.anchors.read(await this.databaseName(db)) : ({ state: 'none' } as const);
    const anchor = anchorRead.state === 'ok' ? anchorRead.anchor : null;
    const anchoredLink = anchor ? anchor.link : null;
    const fail = (brokenAt: number, problem: VerifyProblem, rows: number): VerifyResult => ({ ok: false, rows, brokenAt, problem, anchoredLink, alarms });
    if (anchorRead.state === 'invalid') return fail(0, 'anchor_invalid', 0);
    let prevHash = Buffer.alloc(32);
    let expected = 1;
    let rows = 0;
    let lastEntry = 0;
    let hashAtAnchor: Buffer | null = null;
    for (;;) {
      const page = await db
        .selectFrom('audit_chain as c')
        .leftJoin('audit_log as l', 'l.seq', 'c.entry_seq')
        .select([
          'c.link',
          'c.entry_seq',
          'c.prev_hash',
          'c.hash',
          'l.seq',
          'l.at',
          'l.actor_id',
          'l.actor_name',
          'l.actor_roles',
          'l.scope',
          'l.action',
          'l.object_type',
          'l.object_id',
          'l.result',
          'l.ip',
          'l.request_id',
          'l.detail',
        ])
        .where('c.link', '>=', expected)
        .orderBy('c.link')
        .limit(batch)
        .execute();
      if (page.length === 0) break;
      for (const r of page) {
        const link = Number(r.link);
        const entrySeq = Number(r.entry_seq);
        if (link !== expected) return fail(lastEntry + 1, 'missing', rows);
        if (r.seq === null) return fail(entrySeq, 'missing', rows);
        const recomputed = hmacSm3(this.key, prevHash, Buffer.from(rowBytes({ ...r, seq: entrySeq, at: new Date(r.at!) } as ChainRow), 'utf8'));
        if (!Buffer.from(r.prev_hash).equals(prevHash)) return fail(entrySeq, recomputed.equals(Buffer.from(r.hash)) ? 'reordered' : 'missing', rows);
        if (!recomputed.equals(Buffer.from(r.hash))) return fail(entrySeq, 'edited', rows);
        prevHash = Buffer.from(r.hash);
        if (anchor && link === anchor.link) hashAtAnchor = prevHash;
        lastEntry = entrySeq;
        expected = link + 1;
        rows++;
      }
    }
    const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head || Number(head.seq) !== expected - 1 || !Buffer.from(head.hash).equals(prevHash)) return fail(lastEntry + 1, 'head_mismatch', rows);
    if (anchor) {
      // The chain (and its head) were cut back below the head recorded outside the database.
      if (anchor.link > expected - 1) return fail(anchor.entrySeq, 'truncated', rows);
      if (!hashAtAnchor || hashAtAnchor.toString('hex') !== anchor.hash) return fail(anchor.entrySeq, 'anchor_mismatch', rows);
    }
    const strays = await sql<ChainRow & { nonce: Buffer | null; mac: Buffer | null; queued: boolean }>`
      SELECT l.*, EXISTS (SELECT 1 FROM audit_queue q WHERE q.seq = l.seq) AS queued FROM audit_log l
       WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_seq = l.seq)
       ORDER BY l.seq LIMIT 1000`.execute(db);
    for (const s of strays.rows) {
      const seq = Number(s.seq);
      const needsMac = await this.mustCarryMac(db, seq);
      if (needsMac && !macHolds(this.key, s)) return fail(seq, 'forged', rows);
      if (!s.queued) return fail(seq, 'unlinked', rows);
    }
    return { ok: true, rows, headSeq: expected - 1, anchoredLink, alarms };
  }
}
