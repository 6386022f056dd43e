import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './requests.repository.js';
import type { ApiKey, IssuedApiKey } from '../../../contracts/requests.js';
import { iso } from './records.service.js';

/** The keys of Open311 clients: issued once (only the hash kept), listed, revoked, checked on a submission. */
export class Open311ApiKeys {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** Issues a key for an Open311 client; the key itself is returned once and only its hash is kept. */
  async issueApiKey(ctx: RequestContext, name: string): Promise<IssuedApiKey> {
    const key = `qh_${randomBytes(24).toString('base64url')}`;
    const prefix = key.slice(0, 10);
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertApiKey(trx, {
        name: name.trim(),
        key_hash: createHash('sha256').update(key).digest(),
        key_prefix: prefix,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'open311_key.issue',
        objectType: 'open311_key',
        objectId: id,
        detail: { name: name.trim(), prefix },
      });
      return { id, name: name.trim(), key, prefix };
    });
  }

  async apiKeys(): Promise<ApiKey[]> {
    return (await repo.listApiKeys(this.db)).map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.key_prefix,
      createdAt: new Date(k.created_at).toISOString(),
      lastUsedAt: iso(k.last_used_at),
      revokedAt: iso(k.revoked_at),
    }));
  }

  async revokeApiKey(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.revokeApiKey(trx, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'open311_key.revoke', objectType: 'open311_key', objectId: id });
    });
  }

  /** The api_key of an Open311 submission must be a live key. */
  async requireApiKey(key: string | undefined): Promise<{ id: number; name: string }> {
    if (!key) throw new AppError('FORBIDDEN', 'api_key', { reason: 'required' });
    const k = await repo.useApiKey(this.db, createHash('sha256').update(key).digest());
    if (!k) throw new AppError('FORBIDDEN', 'api_key', { reason: 'invalid' });
    return k;
  }
}
