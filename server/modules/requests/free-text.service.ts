import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { FieldIntegrityError } from '../../platform/crypto/field-cipher.js';
import { protectText, revealText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import * as repo from './requests.repository.js';
import type { RevealedText } from '../../../contracts/requests.js';
import type { RequestRecords } from './records.service.js';

/** Protected free text: descriptions, replies, call-back and step notes stored masked with their ciphertext, and the audited reveal. */
export class RequestText {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly ratings: RatingsService,
    private readonly records: RequestRecords,
  ) {}

  /** The masked form and the ciphertext of one free-text column of a request (or `id:version` of an event). */
  protect(column: 'description' | 'reply' | 'callback_note' | 'note', rowId: string, text: string) {
    return protectText(this.keyring, text, { table: column === 'note' ? 'request_events' : 'requests', column, rowId });
  }

  /** A request change with its free text (reply, call-back note) masked and encrypted. */
  protectSet(id: number, set: repo.RequestSet): repo.RequestSet {
    const out = { ...set };
    if (set.reply !== undefined) {
      const p = this.protect('reply', String(id), set.reply);
      Object.assign(out, { reply: p.masked, reply_enc: p.enc });
    }
    if (set.callback_note !== undefined) {
      const p = this.protect('callback_note', String(id), set.callback_note);
      Object.assign(out, { callback_note: p.masked, callback_note_enc: p.enc });
    }
    return out;
  }

  /** Appends a step with its note masked and encrypted (bound to request and version). */
  async insertEvent(trx: Db, e: Omit<repo.NewEvent, 'note_enc'>): Promise<void> {
    const p = this.protect('note', `${e.request_id}:${e.version}`, e.note);
    await repo.insertEvent(trx, { ...e, note: p.masked, note_enc: p.enc });
  }

  /** For a step another part of the module wrote in SQL (an Open311 update): masks and encrypts its note, in the caller's transaction. */
  async protectStepIn(trx: Db, requestId: number, version: number): Promise<void> {
    const e = await repo.findEventNote(trx, requestId, version);
    if (!e || e.note_enc || e.note === '') return;
    const p = this.protect('note', `${requestId}:${version}`, e.note);
    await repo.setEventNote(trx, e.id, p.masked, p.enc!);
  }

  /**
   * The full free text of a request in the actor's scope — description, reply, call-back note and step notes — for a
   * stated purpose, recorded in the audit trail. A ciphertext that fails its check is audited and refused.
   */
  async reveal(ctx: RequestContext, id: number, purpose: string): Promise<RevealedText> {
    if (!ctx.actor.permissions.has('request.read')) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, await this.records.readScopes(ctx.actor), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    const [secrets, events] = await Promise.all([repo.findTextSecrets(this.db, id), repo.listEventSecrets(this.db, id)]);
    if (!secrets) throw new AppError('NOT_FOUND', 'id');
    const at = (column: string, rowId = String(id)) => ({ table: column === 'note' ? 'request_events' : 'requests', column, rowId });
    let out;
    try {
      out = {
        description: revealText(this.keyring, secrets.description, secrets.description_enc, at('description')) ?? '',
        reply: revealText(this.keyring, secrets.reply, secrets.reply_enc, at('reply')),
        callbackNote: revealText(this.keyring, secrets.callback_note, secrets.callback_note_enc, at('callback_note')),
        ratingComment: await this.ratings.revealComment(this.db, 'request', id),
        notes: events
          .filter((e) => e.note !== '')
          .map((e) => ({ version: e.version, note: revealText(this.keyring, e.note, e.note_enc, at('note', `${id}:${e.version}`)) ?? '' })),
      };
    } catch (err) {
      if (err instanceof FieldIntegrityError) {
        await this.audit.appendStandalone(actorOf(ctx), {
          action: 'request.reveal',
          objectType: 'request',
          objectId: id,
          result: 'failed',
          detail: { integrity: false },
        });
        throw new AppError('INTEGRITY', 'id');
      }
      throw err;
    }
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'request.reveal', objectType: 'request', objectId: id, detail: { purpose } }));
    return out;
  }

  /**
   * Masks and encrypts free text stored before it was protected (migration 0081), in batches; answers how many
   * requests and steps it changed. Run at start; safe to run again and from several processes at once.
   */
  async protectStoredText(batch = 500): Promise<{ requests: number; events: number }> {
    let requests = 0;
    let events = 0;
    for (;;) {
      const n = await this.db.transaction().execute(async (trx) => {
        const rows = await repo.listUnprotectedRequests(trx, batch);
        for (const r of rows) {
          const set: Parameters<typeof repo.setProtectedText>[2] = {};
          if (!r.description_enc) {
            const p = this.protect('description', String(r.id), r.description);
            if (p.enc) Object.assign(set, { description: p.masked, description_enc: p.enc });
          }
          if (!r.reply_enc && r.reply) {
            const p = this.protect('reply', String(r.id), r.reply);
            Object.assign(set, { reply: p.masked, reply_enc: p.enc });
          }
          if (!r.callback_note_enc && r.callback_note) {
            const p = this.protect('callback_note', String(r.id), r.callback_note);
            Object.assign(set, { callback_note: p.masked, callback_note_enc: p.enc });
          }
          await repo.setProtectedText(trx, r.id, set);
        }
        return rows.length;
      });
      requests += n;
      if (n < batch) break;
    }
    for (;;) {
      const n = await this.db.transaction().execute(async (trx) => {
        const rows = await repo.listUnprotectedEvents(trx, batch);
        for (const e of rows) {
          const p = this.protect('note', `${e.request_id}:${e.version}`, e.note);
          await repo.setEventNote(trx, e.id, p.masked, p.enc!);
        }
        return rows.length;
      });
      events += n;
      if (n < batch) break;
    }
    return { requests, events };
  }
}
