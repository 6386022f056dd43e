/**
 * The job runner (ADR 0015): jobs are rows of `jobs`, enqueued in the caller's transaction (an outbox) and claimed by
 * any server process with FOR UPDATE SKIP LOCKED. Delayed jobs carry a later `run_at`; recurring jobs are enqueued
 * once per period under a dedupe key naming the period, so several processes schedule each period once. A failed job
 * is retried with exponential back-off; after `max_attempts` it is kept as `dead` for the system administrator.
 * Delivery is at least once (a process that dies mid-job leaves it to another after `locked_until`): handlers are
 * idempotent.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../../db/client.js';

export type JobRow = {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'running' | 'done' | 'dead';
  run_at: Date;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Date;
  finished_at: Date | null;
};

export type EnqueueOptions = {
  /** When the job may run first (default now). */
  runAt?: Date;
  /** One job per key, ever (kept while the job row is kept): a second enqueue with the key does nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
};

/** Writes a job in the caller's transaction; returns its id, or null when a job with the dedupe key exists. */
export async function enqueueJob(db: Db, kind: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO jobs (kind, payload, run_at, dedupe_key, max_attempts)
    VALUES (${kind}, ${JSON.stringify(payload)}::jsonb, ${opts.runAt ?? new Date()}, ${opts.dedupeKey ?? null}, ${opts.maxAttempts ?? 8})
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`.execute(db);
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

export type JobHandler = (payload: Record<string, unknown>, job: { id: number; attempts: number; kind: string }) => Promise<unknown>;

/** A job that asks to run again later without counting as a failure (e.g. a rate limit). */
export class RetryLater extends Error {
  constructor(
    readonly afterMs: number,
    reason = 'retry later',
  ) {
    super(reason);
  }
}

/** Back-off before the n-th retry: 2^n seconds times `baseMs`/1000, capped at an hour, with ±20 % jitter. */
export function backoffMs(attempts: number, baseMs: number): number {
  const raw = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

export type RunnerOptions = {
  /** How often an idle runner looks for due jobs. */
  pollMs?: number;
  /** Jobs claimed per look. */
  batch?: number;
  /** A claimed job is taken again by another runner when its runner has not finished it after this long. */
  leaseMs?: number;
  /** First retry delay; doubles each attempt. */
  backoffBaseMs?: number;
  /** Done jobs are deleted after this long (dead ones are kept until retried or removed by hand). */
  keepDoneMs?: number;
  onError?: (err: unknown) => void;
  name?: string;
};

type Recurring = { kind: string; everyMs: number; payload: Record<string, unknown> };

export class JobRunner {
  readonly name: string;
  private handlers = new Map<string, JobHandler>();
  private recurring: Recurring[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private readonly opts: Required<Omit<RunnerOptions, 'name'>>;

  constructor(
    private readonly db: Db,
    opts: RunnerOptions = {},
  ) {
    this.name = opts.name ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.opts = {
      pollMs: opts.pollMs ?? 1000,
      batch: opts.batch ?? 10,
      leaseMs: opts.leaseMs ?? 5 * 60_000,
      backoffBaseMs: opts.backoffBaseMs ?? 10_000,
      keepDoneMs: opts.keepDoneMs ?? 7 * 86_400_000,
      onError: opts.onError ?? ((err) => process.stderr.write(`jobs: ${err instanceof Error ? err.message : String(err)}\n`)),
    };
  }

  /** Registers the handler of a kind (one per kind). */
  handle(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} already has a handler`);
    this.handlers.set(kind, handler);
    return this;
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Runs `kind` once per period of `everyMs` (aligned to the epoch), whichever processes are running. */
  every(kind: string, everyMs: number, payload: Record<string, unknown> = {}): this {
    this.recurring.push({ kind, everyMs, payload });
    return this;
  }

  /** Enqueues this period's run of every recurring job (a no-op when another process already did). */
  async schedule(now = new Date()): Promise<void> {
    for (const r of this.recurring) {
      const slot = Math.floor(now.getTime() / r.everyMs);
      await enqueueJob(this.db, r.kind, { ...r.payload, slot }, { dedupeKey: `every:${r.kind}:${slot}`, maxAttempts: 3 });
    }
  }

  /** Claims up to `batch` due jobs of kinds this runner handles and runs them; returns how many ran. */
  async runOnce(now = new Date()): Promise<number> {
    const kinds = this.kinds();
    if (kinds.length === 0) return 0;
    const claimed = await sql<JobRow>`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${this.name},
        locked_until = ${new Date(now.getTime() + this.opts.leaseMs)}
      WHERE id IN (
        SELECT id FROM jobs
        WHERE kind = ANY(${kinds}::text[])
          AND ((status = 'pending' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now}))
        ORDER BY run_at, id LIMIT ${this.opts.batch} FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(this.db);
    const jobs = claimed.rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || Number(a.id) - Number(b.id));
    for (const job of jobs) await this.runJob(job);
    return jobs.length;
  }

  private async runJob(job: JobRow): Promise<void> {
    const id = Number(job.id);
    const handler = this.handlers.get(job.kind)!;
    try {
      await handler(job.payload, { id, attempts: job.attempts, kind: job.kind });
      await sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL, last_error = NULL
        WHERE id = ${id} AND locked_by = ${this.name}`.execute(this.db);
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      if (err instanceof RetryLater) {
        await sql`UPDATE jobs SET status = 'pending', attempts = attempts - 1, run_at = now() + make_interval(secs => ${err.afterMs / 1000}),
            locked_by = NULL, locked_until = NULL, last_error = ${message} WHERE id = ${id} AND locked_by = ${this.name}`.execute(this.db);
        return;
      }
      if (job.attempts >= job.max_attempts) {
        await sql`UPDATE jobs SET status = 'dead', finished_at = now(), locked_by = NULL, locked_until = NULL, last_error = ${message}
          WHERE id = ${id} AND locked_by = ${this.name}`.execute(this.db);
        this.opts.onError(new Error(`job ${id} (${job.kind}) is dead after ${job.attempts} attempts: ${message}`));
      } else {
        const delay = backoffMs(job.attempts, this.opts.backoffBaseMs);
        await sql`UPDATE jobs SET status = 'pending', run_at = now() + make_interval(secs => ${delay / 1000}),
            locked_by = NULL, locked_until = NULL, last_error = ${message} WHERE id = ${id} AND locked_by = ${this.name}`.execute(this.db);
      }
    }
  }

  /** Schedules, then runs due jobs until none is left (tests and the CLI); returns how many ran. */
  async drain(max = 1000): Promise<number> {
    await this.schedule();
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0 || total >= max) return total;
    }
  }

  /** Deletes done jobs older than the retention (dead ones stay). */
  async prune(): Promise<number> {
    const r = await sql`DELETE FROM jobs WHERE status = 'done' AND finished_at < now() - make_interval(secs => ${this.opts.keepDoneMs / 1000})`.execute(
      this.db,
    );
    return Number(r.numAffectedRows ?? 0);
  }

  /** Polls in the background until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    let ticks = 0;
    const tick = async () => {
      try {
        await this.schedule();
        if (ticks++ % 600 === 0) await this.prune();
        while (!this.stopped && (await this.runOnce()) > 0);
      } catch (err) {
        this.opts.onError(err);
      }
    };
    const loop = () => {
      if (this.stopped) return;
      this.running = tick().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs);
      });
    };
    loop();
  }

  /** Stops polling and waits for the job under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The queue as the system administrator sees it. */
export async function jobCounts(db: Db): Promise<{ kind: string; status: string; count: number }[]> {
  const r = await sql<{
    kind: string;
    status: string;
    count: string;
  }>`SELECT kind, status, count(*) AS count FROM jobs GROUP BY kind, status ORDER BY kind, status`.execute(db);
  return r.rows.map((x) => ({ kind: x.kind, status: x.status, count: Number(x.count) }));
}

export async function deadJobs(db: Db, page: number, pageSize: number): Promise<{ items: JobRow[]; total: number }> {
  const items =
    await sql<JobRow>`SELECT * FROM jobs WHERE status = 'dead' ORDER BY finished_at DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(
      db,
    );
  const total = await sql<{ n: string }>`SELECT count(*) AS n FROM jobs WHERE status = 'dead'`.execute(db);
  return { items: items.rows, total: Number(total.rows[0]!.n) };
}

/** Sends a dead job back to the queue with a fresh set of attempts; false when no dead job has the id. */
export async function retryDeadJob(db: Db, id: number): Promise<boolean> {
  const r = await sql`UPDATE jobs SET status = 'pending', attempts = 0, run_at = now(), finished_at = NULL WHERE id = ${id} AND status = 'dead'`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Makes a pending job with this dedupe key due now (a job that waited for another, woken when that one finished). */
export async function wakeJob(db: Db, dedupeKey: string): Promise<void> {
  await sql`UPDATE jobs SET run_at = now() WHERE dedupe_key = ${dedupeKey} AND status = 'pending' AND run_at > now()`.execute(db);
}
