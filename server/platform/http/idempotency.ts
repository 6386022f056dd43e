import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { transactionWrap, type Database, type Tx } from '../../db/client.js';
import { AppError } from '../errors.js';

/** How long a key answers with its first answer; afterwards the same key starts a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A key whose write committed but whose answer was never stored (the process died in between) is answered from the write after this. */
const ANSWER_GRACE_MS = 2_000;
const PURGE_EVERY_MS = 10 * 60_000;
const STORE_RETRY_MS = 500;
const STORE_RETRIES = 120;

type Claim = {
  owner: string;
  key: string;
  route: string;
  fingerprint: string;
  successStatus: number;
  /** pending: no transaction yet; claimed: the key row is written in the request's transaction; finished: answered. */
  state: 'pending' | 'claimed' | 'finished';
};

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
  interface FastifyContextConfig {
    /** How the route's answer follows from what its first transaction returned, when the handler reshapes it. */
    idempotentAnswer?: (result: never) => unknown;
  }
}

type Stored = { route: string; fingerprint: string; status_code: number | null; response_body: unknown; success_status: number | null; late: boolean };

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Who a key belongs to: the staff account, the citizen's session, or the anonymous portal (then the body binds it). */
function ownerOf(req: FastifyRequest, citizenCookie: string | null): string {
  if (req.actor) return `a:${req.actor.accountId}`;
  const citizen = citizenCookie ? req.cookies[citizenCookie] : undefined;
  return citizen ? `c:${sha256(citizen).slice(0, 32)}` : 'p';
}

/** The request a key stands for: method, path with its parameters and query, and body (files by their bytes). */
function fingerprintOf(req: FastifyRequest): string {
  const body = JSON.stringify(req.body ?? null, (_k, v: unknown) => {
    if (Buffer.isBuffer(v)) return sha256(v);
    if (v && typeof v === 'object' && 'toBuffer' in v) return { file: (v as { filename?: string }).filename ?? '' };
    return v;
  });
  return sha256(`${req.method} ${req.url}\n${body}`);
}

function successStatusOf(req: FastifyRequest): number {
  const response = (req.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  const codes = Object.keys(response)
    .map(Number)
    .filter((n) => n >= 200 && n < 300)
    .sort();
  return codes[0] ?? 200;
}

/**
 * The answer a route gave for what its write returned: the route's `idempotentAnswer` (when its handler reshapes the
 * service's result) or the result itself, if it fits the route's success schema; otherwise undefined.
 */
function answerFromWrite(req: FastifyRequest, reply: FastifyReply, status: number, result: unknown): unknown {
  if (result === null || result === undefined) return undefined;
  const shape = req.routeOptions.config.idempotentAnswer;
  try {
    const answer = shape ? shape(result as never) : result;
    reply.serializeInput(answer as Record<string, unknown>, String(status));
    return answer;
  } catch {
    return undefined;
  }
}

/** Ends the request's claim on its first transaction (an error answer; a denial audited afterwards must not take the key). */
export function finishIdempotentWrite(req: FastifyRequest): void {
  if (req.idempotency) req.idempotency.state = 'finished';
}

/**
 * Idempotency-Key on every POST (staff, citizen portal, anonymous portal): the key row is written inside the first
 * transaction the request opens, together with that transaction's result, so it commits or vanishes with the write.
 * A second request with the key waits on the first's row lock: it replays the answer if the first committed and runs
 * afresh if the first died (its transaction rolled back). Keys expire after 24 hours.
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Database; citizenCookie: string | null }): void {
  app.decorateRequest('idempotency', null);
  let lastPurge = 0;

  const lookup = async (owner: string, key: string): Promise<Stored | undefined> =>
    (
      await sql<Stored>`SELECT route, fingerprint, status_code, response_body, success_status,
          committed_at < now() - make_interval(secs => ${ANSWER_GRACE_MS / 1000}) AS late
        FROM idempotency_keys
        WHERE owner = ${owner} AND key = ${key} AND created_at > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`.execute(deps.db)
    ).rows[0];

  const replay = async (reply: FastifyReply, status: number, body: unknown) => {
    reply.header('idempotent-replayed', 'true');
    await reply.code(status).send(body);
    return reply;
  };

  const claimIn =
    (claim: Claim) =>
    async <T>(trx: Tx, run: () => Promise<T>): Promise<T> => {
      if (claim.state !== 'pending') return run();
      // Waits here while another request holds the same key uncommitted; takes over a key older than the TTL.
      const taken = await sql`INSERT INTO idempotency_keys (owner, key, route, fingerprint, success_status)
        VALUES (${claim.owner}, ${claim.key}, ${claim.route}, ${claim.fingerprint}, ${claim.successStatus})
        ON CONFLICT (owner, key) DO UPDATE SET route = EXCLUDED.route, fingerprint = EXCLUDED.fingerprint,
          success_status = EXCLUDED.success_status, status_code = NULL, response_body = NULL, committed_at = NULL, created_at = now()
        WHERE idempotency_keys.created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
        RETURNING 1`.execute(trx);
      if (taken.rows.length === 0) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
      claim.state = 'claimed';
      const result = await run();
      let json: string | null;
      try {
        json = JSON.stringify(result ?? null);
      } catch {
        json = null;
      }
      await sql`UPDATE idempotency_keys SET response_body = ${json}::jsonb, committed_at = clock_timestamp()
      WHERE owner = ${claim.owner} AND key = ${claim.key}`.execute(trx);
      return result;
    };

  app.addHook('preHandler', (req, reply, done) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined) return done();
    if (typeof key !== 'string' || key.length < 8 || key.length > 128 || !/^[A-Za-z0-9_\-:.]+$/.test(key)) {
      return done(new AppError('VALIDATION', 'Idempotency-Key', { reason: 'pattern' }));
    }
    const claim: Claim = {
      owner: ownerOf(req, deps.citizenCookie),
      key,
      route: `${req.method} ${req.routeOptions.url}`,
      fingerprint: fingerprintOf(req),
      successStatus: successStatusOf(req),
      state: 'pending',
    };
    if (Date.now() - lastPurge > PURGE_EVERY_MS) {
      lastPurge = Date.now();
      void sql`DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`
        .execute(deps.db)
        .catch(() => (lastPurge = 0));
    }
    (async () => {
      let prior = await lookup(claim.owner, key);
      // Committed a moment ago and about to be answered: wait for the answer rather than report it in progress.
      for (let i = 0; prior && prior.status_code === null && !prior.late && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 100));
        prior = await lookup(claim.owner, key);
      }
      return prior;
    })().then(
      async (prior) => {
        if (!prior) {
          req.idempotency = claim;
          // The rest of the request runs with the claim, which its first transaction takes.
          return transactionWrap.run({ wrap: claimIn(claim) }, done);
        }
        if (prior.route !== claim.route || (prior.fingerprint !== '' && prior.fingerprint !== claim.fingerprint)) {
          return done(new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key'));
        }
        if (prior.status_code !== null) return replay(reply, prior.status_code, prior.response_body);
        // The write committed but its answer was lost with the process: answer from what the write returned.
        if (prior.late) {
          const status = prior.success_status ?? 200;
          const answer = answerFromWrite(req, reply, status, prior.response_body);
          if (answer !== undefined) return replay(reply, status, answer);
          return done(new AppError('IDEMPOTENCY_ANSWER_LOST'));
        }
        done(new AppError('IDEMPOTENCY_IN_PROGRESS'));
      },
      (err: unknown) => done(err as Error),
    );
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    const claimed = claim.state === 'claimed';
    claim.state = 'finished';
    if (claimed && reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      // The write has committed; while the database is away (a restart) the answer is stored as soon as it is back.
      const status = reply.statusCode;
      const store = () =>
        sql`UPDATE idempotency_keys SET status_code = ${status}, response_body = ${payload}::jsonb
          WHERE owner = ${claim.owner} AND key = ${claim.key} AND status_code IS NULL`.execute(deps.db);
      await store().catch(() => {
        let tries = 0;
        const again = setInterval(() => {
          if (++tries > STORE_RETRIES) return clearInterval(again);
          store().then(
            () => clearInterval(again),
            () => {},
          );
        }, STORE_RETRY_MS);
        again.unref();
      });
    }
    return payload;
  });
}
