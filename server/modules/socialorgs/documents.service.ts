import { stat } from 'node:fs/promises';
import type { SocialOrgDetail, SorgDocument } from '../../../contracts/socialorgs.js';
import { DOCUMENT_FILE_MAX_BYTES } from '../../../contracts/socialorgs.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { hashedPath, safeFileName, storeByHash } from '../../platform/files/stored-files.js';
import { notify } from '../../platform/jobs/notify.js';
import { chinaToday } from '../../platform/time.js';
import { toDocument, type SorgRecords } from './records.service.js';
import { EXPIRY_WARNING_DAYS, addDays, detectDocumentType } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

/** The registry's documents: their expiry reminders, and their files stored by hash and downloaded (audited). */
export class SorgDocuments {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    /** Where document files are kept, content-addressed (DATA_DIR/files/socialorgs). */
    private readonly filesDir: string,
    private readonly records: SorgRecords,
  ) {}

  /**
   * Expiry reminders of the registry's documents, to the organization's own staff and to the mass organization that
   * keeps its record: 60, 30 and 7 days before the expiry date and on it, each once. Run by the job runner every six hours; a stage already sent is not sent again.
   */
  async sendDocumentReminders(today: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.documentsToRemind(trx, today, EXPIRY_WARNING_DAYS);
      for (const r of rows) {
        const kind = r.stage === 0 ? 'sorg.document_expired' : 'sorg.document_expiring';
        for (const orgId of new Set([r.org_id, r.keeper_org_id])) {
          await notify(trx, {
            kind,
            to: { orgId },
            params: { name: r.name, title: r.title, date: r.expires_on },
            link: '/social-orgs',
            eventKey: `${kind}:${r.id}:${r.stage}`,
          });
        }
        await repo.markReminded(trx, r.id, r.stage);
      }
      return rows.length;
    });
  }

  async addDocument(ctx: RequestContext, id: number, input: { kind: string; title: string; expiresOn?: string | null }): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.records.requireSorg(trx, ctx.actor, id, true);
      const docId = await repo.insertDocument(trx, { sorg_id: r.id, kind: input.kind, title: input.title.trim(), expires_on: input.expiresOn ?? null });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.document',
        objectType: 'social_org',
        objectId: id,
        detail: { documentId: docId, kind: input.kind },
      });
      return this.records.detail(trx, r);
    });
  }

  /**
   * Stores (or replaces) a document's file once by its SHA-256 under the files folder (DATA_DIR/files/socialorgs), after
   * checking its size and its type by magic bytes; the row keeps the reference. Staff of the keeping unit's tree only.
   */
  async uploadDocumentFile(ctx: RequestContext, id: number, documentId: number, input: { name: string; contentBase64: string }): Promise<SorgDocument> {
    const b64 = input.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new AppError('VALIDATION', 'file', { reason: 'invalid' });
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (data.length > DOCUMENT_FILE_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: DOCUMENT_FILE_MAX_BYTES });
    const type = detectDocumentType(data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file');
    return this.db.transaction().execute(async (trx) => {
      const r = await this.records.requireSorg(trx, ctx.actor, id, true);
      const d = await repo.findDocument(trx, r.id, documentId, true);
      if (!d) throw new AppError('NOT_FOUND', 'documentId');
      const { sha256 } = await storeByHash(this.filesDir, data);
      const name = safeFileName(input.name, `document.${type.ext}`);
      await repo.setDocumentFile(trx, d.id, { sha256, mime: type.mime, size: data.length, name, uploadedBy: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.document.file',
        objectType: 'social_org',
        objectId: r.id,
        detail: { documentId: d.id, mime: type.mime, size: data.length, replaced: d.file_sha256 !== null },
      });
      return toDocument((await repo.findDocument(trx, r.id, d.id))!, addDays(chinaToday(), EXPIRY_WARNING_DAYS));
    });
  }

  /** A document's file for download: the organization itself or staff whose region covers it (others 404); audited. */
  async documentFile(ctx: RequestContext, id: number, documentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    this.records.requireReader(ctx.actor);
    const r = await this.records.requireSorg(this.db, ctx.actor, id);
    const d = await repo.findDocument(this.db, r.id, documentId);
    if (!d || d.file_sha256 === null || d.file_mime === null) throw new AppError('NOT_FOUND', 'documentId');
    const file = hashedPath(this.filesDir, d.file_sha256);
    if (
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw new AppError('NOT_FOUND', 'documentId');
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'sorg.document.download', objectType: 'social_org', objectId: r.id, detail: { documentId: d.id } }),
      );
    return { path: file, mime: d.file_mime, name: d.file_name ?? 'document', size: d.file_size ?? 0 };
  }
}
