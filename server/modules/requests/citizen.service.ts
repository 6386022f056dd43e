import { sql, type SqlBool } from 'kysely';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { blindIndex } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import { chinaToday, open311Status, overdueSql } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { Attachment, PortalRating, PortalView } from '../../../contracts/requests.js';
import type { RequestAttachments } from './attachments.service.js';
import type { RequestText } from './free-text.service.js';
import { toAttachment, type Meta } from './records.service.js';

/** The requester's side, by number and phone (no account): the public view, the rating, added information and files. */
export class RequesterSide {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly ratings: RatingsService,
    private readonly text: RequestText,
    private readonly attachments: RequestAttachments,
  ) {}

  private phoneBidx(phone: string): Buffer {
    const v = validatePhone(phone);
    if (!v.ok) throw new AppError('VALIDATION', 'phone', { reason: 'phone' });
    return blindIndex(this.keyring, 'request.phone', v.value);
  }

  /** What the requester sees by number and phone: status, public steps, the reply, the rating. */
  async portalView(number: string, phone: string): Promise<PortalView> {
    const r = await repo.findByNumberAndPhone(this.db, number, this.phoneBidx(phone), overdueSql(chinaToday()));
    if (!r) throw new AppError('NOT_FOUND', 'number');
    const [events, rating] = await Promise.all([repo.listEvents(this.db, r.id, true), this.ratings.forSubject(this.db, 'request', r.id)]);
    return {
      number: r.number,
      status: r.status,
      statusNotes: open311Status(r.status).notes,
      categoryName: r.category_name,
      handlerOrgName: r.org_name,
      submittedAt: new Date(r.submitted_at).toISOString(),
      resolveDue: r.resolve_due,
      dueProvisional: r.due_provisional,
      reply: r.reply,
      events: events.map((e) => ({ kind: e.kind, note: e.note, at: new Date(e.at).toISOString() })),
      rating: rating ? { level: rating.level, label: rating.label, comment: rating.comment } : null,
      canRate: r.status === 'closed' && !rating,
    };
  }

  /** One rating per closed request, by the requester (number and phone), through the ratings component; a bad review opens a rectification. */
  async rate(meta: Meta, number: string, input: { phone: string; level: number; comment?: string }): Promise<PortalRating> {
    const bidx = this.phoneBidx(input.phone);
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status !== 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const who = actorOf(null, meta.ip, meta.requestId);
      const { rating } = await this.ratings.rate(trx, who, {
        subjectType: 'request',
        subjectId: r.id,
        orgId: r.org_id,
        level: input.level,
        comment: input.comment,
      });
      const version = await repo.updateRequest(trx, r.id, {});
      await this.text.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'rate',
        actor_id: null,
        org_id: null,
        target_org_id: null,
        note: rating.label,
        public: true,
      });
      return { level: rating.level, label: rating.label };
    });
  }

  /** The requester adds information to an open request (number and phone); staff and the requester see it. */
  async addInfo(meta: Meta, number: string, input: { phone: string; text: string }): Promise<{ version: number }> {
    const bidx = this.phoneBidx(input.phone);
    const text = input.text.normalize('NFC').trim();
    if (!text) throw new AppError('VALIDATION', 'text', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status === 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const version = await repo.updateRequest(trx, r.id, {});
      await this.text.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'info',
        actor_id: null,
        org_id: null,
        target_org_id: null,
        note: text,
        public: true,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'request.info',
        objectType: 'request',
        objectId: r.id,
        detail: { version },
      });
      return { version };
    });
  }

  /** The requester attaches a file to an open request (number and phone). */
  async addPublicAttachment(meta: Meta, number: string, phone: string, file: { name: string; data: Buffer }): Promise<Attachment> {
    const bidx = this.phoneBidx(phone);
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status === 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const attId = await this.attachments.attach(trx, r, file, 'citizen', null);
      const version = await repo.updateRequest(trx, r.id, {});
      await this.text.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'attachment',
        actor_id: null,
        org_id: null,
        target_org_id: null,
        note: file.name.slice(0, 200),
        public: true,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'request.attachment',
        objectType: 'request',
        objectId: r.id,
        detail: { attachmentId: attId },
      });
      return toAttachment((await repo.findAttachment(trx, r.id, attId))!);
    });
  }
}
