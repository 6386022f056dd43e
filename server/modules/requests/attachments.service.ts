import type { Database, Tx } from '../../db/client.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { hashedPath, safeFileName, storeByHash } from '../../platform/files/stored-files.js';
import { ATTACHMENT_LIMITS, detectFileType, requireTransition } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { Attachment } from '../../../contracts/requests.js';
import type { RequestActions } from './actions.service.js';
import { toAttachment, type RequestRecords } from './records.service.js';

/** Files of a request: checked by size and magic bytes, stored once by SHA-256, attached by staff or the requester, read back in scope. */
export class RequestAttachments {
  constructor(
    private readonly db: Database,
    /** Where attachments are stored, content-addressed (DATA_DIR/files). */
    private readonly filesDir: string,
    private readonly records: RequestRecords,
    private readonly actions: RequestActions,
  ) {}

  /** Stores a file once by its SHA-256 after checking its size and its type by magic bytes. */
  private async storeFile(data: Buffer): Promise<{ sha256: string; mime: string; size: number }> {
    // A JSON body can mimic the shape of a file part: only bytes read from a multipart upload count.
    if (!Buffer.isBuffer(data) || data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (data.length > ATTACHMENT_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: ATTACHMENT_LIMITS.maxBytes });
    const type = detectFileType(data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file');
    const { sha256 } = await storeByHash(this.filesDir, data);
    return { sha256, mime: type.mime, size: data.length };
  }

  /** Checks and stores a file and records it on the request, inside the given transaction. */
  async attach(trx: Tx, row: repo.RequestRow, file: { name: string; data: Buffer }, source: 'staff' | 'citizen', uploadedBy: number | null): Promise<number> {
    if (typeof file.name !== 'string') throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if ((await repo.listAttachments(trx, row.id)).length >= ATTACHMENT_LIMITS.perRequest)
      throw new AppError('VALIDATION', 'file', { reason: 'maximum', limit: ATTACHMENT_LIMITS.perRequest });
    const stored = await this.storeFile(file.data);
    // Control characters, quotes and backslashes never reach a Content-Disposition header.
    const name = safeFileName(file.name, 'file');
    return repo.insertAttachment(trx, {
      request_id: row.id,
      sha256: stored.sha256,
      size: stored.size,
      mime: stored.mime,
      name,
      source,
      uploaded_by: uploadedBy,
    });
  }

  /** Staff attach a file to a request they handle or co-handle. */
  async addAttachment(ctx: RequestContext, id: number, file: { name: string; data: Buffer }): Promise<Attachment> {
    let attId = 0;
    const scopes = { ...this.records.scopes(ctx.actor, true) };
    await this.actions.step(
      ctx,
      id,
      undefined,
      (trx) => repo.findById(trx, scopes, id, true),
      async (trx, row) => {
        const rule = requireTransition('attachment', row.status, row.primary_access);
        attId = await this.attach(trx, row, file, 'staff', ctx.actor.accountId);
        return { kind: 'attachment', set: {}, note: file.name.slice(0, 200), public: rule.public };
      },
    );
    return toAttachment((await repo.findAttachment(this.db, id, attId))!);
  }

  /** A file of a request the actor can read: its stored path, type and name. */
  async attachmentFile(actor: Actor, id: number, attachmentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    const row = await repo.findById(this.db, this.records.scopes(actor), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    const a = await repo.findAttachment(this.db, id, attachmentId);
    if (!a) throw new AppError('NOT_FOUND', 'attachmentId');
    return { path: hashedPath(this.filesDir, a.sha256), mime: a.mime, name: a.name, size: a.size };
  }
}
