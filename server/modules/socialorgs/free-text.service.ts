import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { FieldIntegrityError } from '../../platform/crypto/field-cipher.js';
import { revealText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import type { SorgApplications } from './applications.service.js';
import type { SorgProjects } from './projects.service.js';
import type { SorgRecords } from './records.service.js';
import * as repo from './socialorgs.repository.js';

/** Protected free text: stored text masked and encrypted after the fact, and the full text revealed for a purpose (audited). */
export class SorgText {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly records: SorgRecords,
    private readonly projects: SorgProjects,
    private readonly applications: SorgApplications,
  ) {}

  /**
   * Masks and encrypts free text stored before it was protected (migration 0220), in batches; answers how many
   * values it changed. Run at start; safe to run again and from several processes at once.
   */
  async protectStoredText(batch = 500): Promise<number> {
    let n = 0;
    for (const c of repo.PROTECTED_TEXT) {
      for (;;) {
        const done = await this.db.transaction().execute(async (trx) => {
          const rows = await repo.listUnprotectedText(trx, c, batch);
          for (const r of rows) await this.records.storeText(trx, c.table, r.row_id, r.text);
          return rows.length;
        });
        n += done;
        if (done < batch) break;
      }
    }
    return n;
  }

  private async reveal<T>(ctx: RequestContext, objectType: string, objectId: number, purpose: string, read: () => Promise<T>): Promise<T> {
    let out: T;
    try {
      out = await read();
    } catch (err) {
      if (err instanceof FieldIntegrityError) {
        await this.audit.appendStandalone(actorOf(ctx), { action: 'sorg.reveal', objectType, objectId, result: 'failed', detail: { integrity: false } });
        throw new AppError('INTEGRITY', 'id');
      }
      throw err;
    }
    await this.db.transaction().execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'sorg.reveal', objectType, objectId, detail: { purpose } }));
    return out;
  }

  private async revealed(table: repo.ProtectedColumn['table'], where: RawBuilder<SqlBool>) {
    const c = this.records.textColumn(table);
    return (await repo.protectedTextOf(this.db, c, where)).map((r) => ({
      rowId: r.row_id,
      text: revealText(this.keyring, r.text, r.enc, { table: c.table, column: c.column, rowId: r.row_id }) ?? '',
    }));
  }

  /** A project's milestone reports and evaluation note in full (identifiers unmasked), for a stated purpose (audited). */
  async revealProject(
    ctx: RequestContext,
    id: number,
    purpose: string,
  ): Promise<{ milestones: Array<{ id: number; report: string }>; evaluationNote: string | null }> {
    const p = await this.projects.requireProject(this.db, ctx.actor, id);
    return this.reveal(ctx, 'sorg_project', p.id, purpose, async () => {
      const ms = await this.revealed('sorg_milestones', sql<SqlBool>`project_id = ${p.id}`);
      const ev = await this.revealed('sorg_projects', sql<SqlBool>`id = ${p.id}`);
      return {
        milestones: ms.map((m) => ({ id: Number(m.rowId), report: m.text })).sort((a, b) => a.id - b.id),
        evaluationNote: p.evaluation_note === null ? null : (ev[0]?.text ?? ''),
      };
    });
  }

  /** An application's proposal and the panel's declaration notes in full, for a stated purpose (audited). */
  async revealApplication(ctx: RequestContext, id: number, purpose: string): Promise<{ proposal: string; notes: Array<{ accountId: number; note: string }> }> {
    const { a } = await this.applications.requireApplication(this.db, ctx.actor, id);
    return this.reveal(ctx, 'sorg_application', a.id, purpose, async () => {
      const [prop] = await this.revealed('sorg_applications', sql<SqlBool>`id = ${a.id}`);
      const notes = await this.revealed('sorg_declarations', sql<SqlBool>`application_id = ${a.id} AND note <> ''`);
      return { proposal: prop?.text ?? '', notes: notes.map((n) => ({ accountId: Number(n.rowId.split(':')[1]), note: n.text })) };
    });
  }
}
