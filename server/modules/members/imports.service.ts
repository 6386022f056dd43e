import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { MemberImport } from '../../../contracts/members.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { decryptField, encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import { renderMessage, type Lang } from '../../platform/i18n.js';
import { pathWithin } from '../../platform/scope.js';
import { chinaToday } from '../../platform/time.js';
import { validateIdNumber } from '../../platform/validation/id-card.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { Org, OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import * as repo from './members.repository.js';
import { STAFF_LEVELS } from './records.service.js';
import { parseMemberFile, type RawRow } from './import-file.js';

/** Problems kept with an import for the preview; the error file lists every one. */
const STORED_PROBLEMS = 1000;
const BATCH = 2000;
/** Runs of one import that may end in an error before it is marked failed. */
const MAX_ATTEMPTS = 5;
/** First key of the advisory locks that say which process runs an import (the second is the import's id). */
const LOCK_CLASS = 0x51480001;

type Problem = { row: number; field: string; code: string; params?: Record<string, string | number> };
type ValidRow = {
  row: number;
  name: string;
  idNumber: string;
  idBidx: Buffer;
  gender: string;
  birthDate: string;
  phone: string | null;
  org: Org;
  joinedOn: string;
  personId: number | null;
};
type Checked = { total: number; valid: ValidRow[]; already: number; resumed: number; problems: Problem[]; errorRows: Set<number>; rows: RawRow[] };

export type ImportRunnerOptions = {
  /** A connection of its own per running import, holding the import's advisory lock; none: imports are not resumed. */
  connect?: () => pg.Client;
  /** Rows written per transaction. */
  batchRows?: number;
};

/**
 * Member imports (导入): a file is checked row by row before anything is written (the preview), kept encrypted,
 * then its valid rows are imported in the background in batches — people created through the people module
 * (SM4, blind index, masking), memberships inserted so that a person already active anywhere is skipped — with
 * progress stored on the import for the console to poll.
 *
 * Nothing committed is lost with a process: the process that runs an import holds a PostgreSQL advisory lock on a
 * connection of its own. When the process stops (after the batch under way) or dies (its connection closes), the lock
 * is free, and `resume()` — at start and every minute, in every process — takes up each running import nobody holds,
 * as the account that committed it, from where its committed batches end: rows written by the import are counted
 * as its own, never twice.
 */
export class MemberImports {
  private readonly running = new Map<number, Promise<void>>();
  private stopping = false;
  private readonly batchRows: number;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly sessions: SessionStore,
    private readonly opts: ImportRunnerOptions = {},
  ) {
    this.batchRows = opts.batchRows ?? BATCH;
  }

  private async unionOf(db: Db, ctx: RequestContext, code: string, cache: Map<string, Org | null>): Promise<Org | null> {
    if (cache.has(code)) return cache.get(code)!;
    let org: Org | null = /^[0-9]{1,15}$/.test(code) ? await this.orgs.findPublic(db, Number(code)) : null;
    if (!/^[0-9]{1,15}$/.test(code))
      org = (await this.orgs.searchPublic('union', code, STAFF_LEVELS, 5)).find((o) => o.creditCode === code.toUpperCase()) ?? null;
    if (org && (org.typeCode !== 'union' || !STAFF_LEVELS.includes(org.level) || !pathWithin(org.path, ctx.actor.scope.orgPath))) org = null;
    cache.set(code, org);
    return org;
  }

  /** Every row's problems; rows whose person is already a member of the same union are counted, not errors. */
  private async check(db: Db, ctx: RequestContext, rows: RawRow[], ownImport: number | null = null): Promise<Checked> {
    const problems: Problem[] = [];
    const errorRows = new Set<number>();
    const add = (row: number, field: string, code: string, params?: Record<string, string | number>) => {
      problems.push({ row, field, code, ...(params ? { params } : {}) });
      errorRows.add(row);
    };
    const unions = new Map<string, Org | null>();
    const seen = new Map<string, number>();
    const candidates: ValidRow[] = [];
    const today = chinaToday();
    for (const r of rows) {
      let bad = false;
      for (const f of ['name', 'idNumber', 'unionCode'] as const) {
        if (!r[f]) {
          add(r.row, f, 'required');
          bad = true;
        }
      }
      const id = r.idNumber ? validateIdNumber(r.idNumber) : null;
      if (id && !id.ok) {
        add(r.row, 'idNumber', `id_${id.reason}`);
        bad = true;
      }
      let phone: string | null = null;
      if (r.phone) {
        const p = validatePhone(r.phone);
        if (p.ok) phone = p.value;
        else {
          add(r.row, 'phone', 'phone');
          bad = true;
        }
      }
      const org = r.unionCode ? await this.unionOf(db, ctx, r.unionCode, unions) : null;
      if (r.unionCode && !org) {
        add(r.row, 'unionCode', 'unknown_union');
        bad = true;
      }
      let joinedOn = today;
      if (r.joinedOn) {
        if (/^\d{4}-\d{2}-\d{2}$/.test(r.joinedOn) && r.joinedOn <= today && !Number.isNaN(Date.parse(r.joinedOn))) joinedOn = r.joinedOn;
        else {
          add(r.row, 'joinedOn', 'invalid');
          bad = true;
        }
      }
      if (id?.ok) {
        const first = seen.get(id.value);
        if (first !== undefined) {
          add(r.row, 'idNumber', 'duplicate_in_file', { row: first });
          bad = true;
        } else seen.set(id.value, r.row);
      }
      if (!bad && id?.ok && org) {
        candidates.push({
          row: r.row,
          name: r.name!,
          idNumber: id.value,
          idBidx: this.people.idNumberIndex(id.value),
          gender: id.gender,
          birthDate: id.birthDate,
          phone,
          org,
          joinedOn,
          personId: null,
        });
      }
    }
    // Already people? Already members, here or elsewhere?
    const valid: ValidRow[] = [];
    let already = 0;
    let resumed = 0;
    for (let i = 0; i < candidates.length; i += 5000) {
      const chunk = candidates.slice(i, i + 5000);
      const persons = await this.people.personIdsByIdIndex(
        db,
        chunk.map((c) => c.idBidx),
      );
      for (const c of chunk) c.personId = persons.get(c.idBidx.toString('hex')) ?? null;
      const active = await repo.activeOrgsOfPersons(
        db,
        chunk.flatMap((c) => (c.personId ? [c.personId] : [])),
      );
      for (const c of chunk) {
        const at = c.personId ? active.get(c.personId) : undefined;
        if (at === undefined) valid.push(c);
        else if (ownImport !== null && at.importId === ownImport) resumed++;
        else if (at.orgId === c.org.id) already++;
        else add(c.row, 'idNumber', 'member_elsewhere');
      }
    }
    problems.sort((a, b) => a.row - b.row);
    return { total: rows.length, valid, already, resumed, problems, errorRows, rows };
  }

  private toDto(r: repo.ImportRow, lang: Lang): MemberImport {
    return {
      id: r.id,
      fileName: r.file_name,
      status: r.status,
      totalRows: r.total_rows,
      validRows: r.valid_rows,
      errorRows: r.error_rows,
      processed: r.processed,
      inserted: r.inserted,
      skipped: r.skipped,
      problems: r.problems.slice(0, 200).map((p) => ({
        row: p.row,
        field: p.field,
        code: p.code,
        message: renderMessage(lang, 'VALIDATION', p.field, { reason: p.code, ...(p.params ?? {}) }),
      })),
      problemsTotal: r.problems_total,
      createdAt: new Date(r.created_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    };
  }

  async preview(ctx: RequestContext, lang: Lang, fileName: string, content: Buffer): Promise<MemberImport> {
    const rows = await parseMemberFile(fileName, content);
    const checked = await this.check(this.db, ctx, rows);
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertImport(trx, {
        org_id: ctx.actor.orgId,
        org_path: ctx.actor.scope.orgPath,
        account_id: ctx.actor.accountId,
        file_name: fileName,
        file_sha256: createHash('sha256').update(content).digest('hex'),
        total_rows: checked.total,
        valid_rows: checked.valid.length,
        error_rows: checked.errorRows.size,
        skipped: checked.already,
        problems: checked.problems.slice(0, STORED_PROBLEMS),
        problems_total: checked.problems.length,
      });
      await repo.setImportFile(
        trx,
        id,
        encryptField(this.keyring, content.toString('base64'), { table: 'member_imports', column: 'file_enc', rowId: String(id) }),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'member.import.preview',
        objectType: 'member_import',
        objectId: id,
        detail: { rows: checked.total, errors: checked.errorRows.size },
      });
      return id;
    });
    return this.get(ctx, lang, id);
  }

  async get(ctx: RequestContext, lang: Lang, id: number): Promise<MemberImport> {
    const r = await repo.findImport(this.db, ctx.actor.scope.orgPath, id);
    if (!r || (r.account_id !== ctx.actor.accountId && r.org_id !== ctx.actor.orgId)) throw new AppError('NOT_FOUND', 'id');
    return this.toDto(r, lang);
  }

  private async fileOf(id: number): Promise<Buffer> {
    const enc = await repo.importFile(this.db, id);
    if (!enc) throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
    return Buffer.from(decryptField(this.keyring, enc, { table: 'member_imports', column: 'file_enc', rowId: String(id) }), 'base64');
  }

  /** Starts the background import of the valid rows; the job goes on whether or not anyone polls it. */
  async commit(ctx: RequestContext, lang: Lang, id: number): Promise<MemberImport> {
    await this.db.transaction().execute(async (trx) => {
      const r = await repo.findImport(trx, ctx.actor.scope.orgPath, id, true);
      if (!r || (r.account_id !== ctx.actor.accountId && r.org_id !== ctx.actor.orgId)) throw new AppError('NOT_FOUND', 'id');
      if (r.status !== 'previewed') throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
      await repo.startImport(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'member.import.commit', objectType: 'member_import', objectId: id });
    });
    this.launch(id, ctx);
    return this.get(ctx, lang, id);
  }

  /** For tests and the bench: resolves when this process's run of the import has ended. */
  async settled(id: number): Promise<void> {
    await this.running.get(id);
  }

  /** Runs the import in this process: as the committing request's actor, or (resumed) as the account that committed it. */
  private launch(id: number, ctx?: RequestContext): void {
    if (this.stopping || this.running.has(id)) return;
    const job = this.runLocked(id, ctx).finally(() => this.running.delete(id));
    this.running.set(id, job);
  }

  /** Takes up every running import that no process holds (after a stop, a crash or a lost connection). */
  async resume(): Promise<number> {
    if (!this.opts.connect || this.stopping) return 0;
    const ids = (await repo.runningImports(this.db)).filter((id) => !this.running.has(id));
    for (const id of ids) this.launch(id);
    return ids.length;
  }

  /** Lets each running import finish the batch under way and stop; another process, or this one restarted, resumes it. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Runs the import while holding its advisory lock (without a connection factory: in this process, unlocked). */
  private async runLocked(id: number, ctx?: RequestContext): Promise<void> {
    if (!this.opts.connect) return this.run(id, () => false, ctx);
    const lock = this.opts.connect();
    // Once the lock's connection is gone another process may take the import: this run stops before its next batch.
    let lost = false;
    lock.on('error', () => (lost = true));
    lock.on('end', () => (lost = true));
    try {
      await lock.connect();
      const got = (await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2::int) AS ok', [LOCK_CLASS, id])).rows[0]?.ok;
      if (got) await this.run(id, () => lost, ctx);
    } catch (err) {
      process.stderr.write(`member import ${id}: ${err instanceof Error ? err.message : 'error'}\n`);
    } finally {
      await lock.end().catch(() => undefined);
    }
  }

  private async run(id: number, lockLost: () => boolean, committed?: RequestContext): Promise<void> {
    const started = await repo.beginImportRun(this.db, id);
    if (!started) return;
    try {
      let ctx = committed;
      if (!ctx) {
        const actor = started.account_id ? await this.sessions.actorOfAccount(this.db, started.account_id) : null;
        if (!actor) throw new ImportStop('the account that committed the import is no longer active');
        ctx = { actor, ip: '127.0.0.1', requestId: `member-import-${id}` };
      }
      const rows = await parseMemberFile('file', await this.fileOf(id));
      const checked = await this.check(this.db, ctx, rows, id);
      const regions = new Map<string, string>();
      for (const o of new Set(checked.valid.map((v) => v.org))) {
        if (!regions.has(o.regionCode)) regions.set(o.regionCode, (await this.regions.requireRegion(o.regionCode, 'unionCode')).path);
      }
      const today = chinaToday();
      let processed = checked.total - checked.valid.length;
      let inserted = checked.resumed;
      let skipped = checked.already;
      for (let i = 0; i < checked.valid.length; i += this.batchRows) {
        if (this.stopping || lockLost()) {
          await repo.pauseImport(this.db, id);
          return;
        }
        const batch = checked.valid.slice(i, i + this.batchRows);
        await this.db.transaction().execute(async (trx) => {
          const fresh = batch.filter((b) => b.personId === null);
          const ids = await this.people.createManyIn(
            trx,
            ctx,
            fresh.map((b) => ({
              name: b.name,
              idNumber: b.idNumber,
              idBidx: b.idBidx,
              gender: b.gender,
              birthDate: b.birthDate,
              phone: b.phone,
              regionCode: b.org.regionCode,
              regionPath: regions.get(b.org.regionCode)!,
            })),
          );
          fresh.forEach((b, k) => (b.personId = ids[k]!));
          const n = await repo.insertImportedMembers(
            trx,
            id,
            batch.map((b) => ({
              person_id: b.personId!,
              name_masked: maskName(b.name.normalize('NFC').trim()),
              gender: b.gender,
              birth_year: Number(b.birthDate.slice(0, 4)),
              org_id: b.org.id,
              org_path: b.org.path,
              region_code: b.org.regionCode,
              region_path: regions.get(b.org.regionCode)!,
              joined_on: b.joinedOn,
            })),
            ctx.actor.accountId,
            today,
          );
          inserted += n;
          skipped += batch.length - n;
          processed += batch.length;
          await repo.importProgress(trx, id, processed, inserted, skipped);
          await this.audit.append(trx, actorOf(ctx), {
            action: 'member.import.batch',
            objectType: 'member_import',
            objectId: id,
            detail: { rows: batch.length, inserted: n },
          });
        });
      }
      await repo.finishImport(this.db, id, 'done', { error_rows: checked.errorRows.size, problems: checked.problems.slice(0, STORED_PROBLEMS) });
    } catch (err) {
      const message = err instanceof Error ? err.message : 'error';
      process.stderr.write(`member import ${id}: ${message}\n`);
      // A lost connection or a restarting database is retried by resume(); an import that cannot succeed stops.
      const final = err instanceof ImportStop || started.attempts >= MAX_ATTEMPTS || !this.opts.connect;
      await repo.importError(this.db, id, message.slice(0, 500), final).catch(() => undefined);
    }
  }

  /** The rows with problems and their reasons, in the caller's language, as a workbook (audited). */
  async errorFile(ctx: RequestContext, lang: Lang, id: number): Promise<Buffer> {
    const r = await repo.findImport(this.db, ctx.actor.scope.orgPath, id);
    if (!r || (r.account_id !== ctx.actor.accountId && r.org_id !== ctx.actor.orgId)) throw new AppError('NOT_FOUND', 'id');
    const rows = await parseMemberFile(r.file_name, await this.fileOf(id));
    const checked = await this.check(this.db, ctx, rows);
    const byRow = new Map<number, string[]>();
    for (const p of checked.problems)
      byRow.set(p.row, [...(byRow.get(p.row) ?? []), renderMessage(lang, 'VALIDATION', p.field, { reason: p.code, ...(p.params ?? {}) })]);
    const bad = rows.filter((x) => byRow.has(x.row));
    const buf = await toXlsx(
      'errors',
      [
        { header: '行号 Row', value: (x: RawRow) => x.row, width: 8 },
        { header: '姓名 Name', value: (x) => x.name, width: 12 },
        { header: '身份证号 ID number', value: (x) => x.idNumber, width: 22 },
        { header: '手机 Phone', value: (x) => x.phone, width: 16 },
        { header: '工会代码 Union code', value: (x) => x.unionCode, width: 22 },
        { header: '入会日期 Joined', value: (x) => x.joinedOn, width: 12 },
        { header: '问题 Problems', value: (x) => byRow.get(x.row)!.join('; '), width: 60 },
      ],
      bad,
      `QunHub import errors for ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'member.import.errors', objectType: 'member_import', objectId: id, detail: { rows: bad.length } }),
      );
    return buf;
  }
}

/** An import that cannot go on, whatever the number of attempts. */
class ImportStop extends Error {}
