import { createHash } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { MemberImport } from '../../../contracts/members.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { decryptField } from '../../platform/crypto/field-cipher.js';
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
import { memberFileKind, memberRows, type RawRow } from './import-file.js';
import { MEMBER_IMPORT_MAX_BYTES } from '../../../contracts/members.enums.js';
import { safeFileName } from '../../platform/files/stored-files.js';
import { openSealedFile, sealFile } from './sealed-file.js';

/** Problems kept with an import for the preview; the error file lists every one. */
const STORED_PROBLEMS = 1000;
const BATCH = 2000;
/** Batches of one import written at once: the database's work on one overlaps its work on the other. */
const WRITERS = 2;
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
  raw: RawRow;
};
/** What a chunk of the file came to: its rows settled, the valid ones to write, the ones already members. */
type Chunk = { rows: number; valid: ValidRow[]; already: number; resumed: number };
type Scanned = {
  total: number;
  valid: number;
  already: number;
  errorRows: number;
  /** Sorted by row: the first STORED_PROBLEMS, or every one when asked for. */
  problems: Problem[];
  problemsTotal: number;
  /** The rows with a problem, when asked for (the error file). */
  badRows: RawRow[];
  /** The chunk callback asked to stop: the file was not read to its end. */
  stopped: boolean;
};
type ScanOptions = {
  /** The import whose own memberships (a resumed run) count as its rows, not as problems. */
  ownImport?: number;
  /** Valid rows looked up (and, in a run, written) together. */
  chunkRows: number;
  /** Each chunk, in file order; false stops the scan. */
  onChunk?: (chunk: Chunk) => Promise<boolean>;
  /** Keep every problem and the rows that have one, not only the first STORED_PROBLEMS. */
  keepAll?: boolean;
};

export type ImportRunnerOptions = {
  /** A connection of its own per running import, holding the import's advisory lock; none: imports are not resumed. */
  connect?: () => pg.Client;
  /** Rows written per transaction. */
  batchRows?: number;
  /** Transactions that write batches of one import at once. */
  writers?: number;
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
  private readonly writers: number;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly sessions: SessionStore,
    /** Where uploaded lists are kept, sealed (DATA_DIR/files/member-imports). */
    readonly filesDir: string,
    private readonly opts: ImportRunnerOptions = {},
  ) {
    this.batchRows = opts.batchRows ?? BATCH;
    this.writers = opts.writers ?? WRITERS;
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

  /**
   * Reads the rows once, in order, and finds every row's problems; rows whose person is already a member of the same
   * union are counted, not errors. Valid rows are looked up in chunks and handed to `onChunk`, so that no more than a
   * chunk of them is held at a time; only the ID numbers seen (for duplicates) grow with the file.
   */
  private async scan(db: Db, ctx: RequestContext, rows: AsyncIterable<RawRow>, opts: ScanOptions): Promise<Scanned> {
    let problems: Problem[] = [];
    let problemsTotal = 0;
    const byRow = (a: Problem, b: Problem) => a.row - b.row;
    const add = (row: number, field: string, code: string, params?: Record<string, string | number>) => {
      problems.push({ row, field, code, ...(params ? { params } : {}) });
      problemsTotal++;
      // Problems arrive nearly in row order (a lookup's come one chunk late): the first ones are kept, sorted.
      if (!opts.keepAll && problems.length >= 2 * STORED_PROBLEMS) problems = problems.sort(byRow).slice(0, STORED_PROBLEMS);
    };
    const unions = new Map<string, Org | null>();
    // Keyed by a number, not the ID string: a million strings sliced from the file's text would keep all of it alive.
    const seen = new Map<number, number>();
    const badRows: RawRow[] = [];
    let candidates: ValidRow[] = [];
    let settled = 0;
    let total = 0;
    let valid = 0;
    let already = 0;
    let errorRows = 0;
    const today = chinaToday();
    const flush = async (): Promise<boolean> => {
      const chunk: Chunk = { rows: settled, valid: [], already: 0, resumed: 0 };
      if (candidates.length === 0) {
        settled = 0;
        return opts.onChunk ? opts.onChunk(chunk) : true;
      }
      const persons = await this.people.personIdsByIdIndex(
        db,
        candidates.map((c) => c.idBidx),
      );
      for (const c of candidates) c.personId = persons.get(c.idBidx.toString('hex')) ?? null;
      const active = await repo.activeOrgsOfPersons(
        db,
        candidates.flatMap((c) => (c.personId ? [c.personId] : [])),
      );
      for (const c of candidates) {
        const at = c.personId ? active.get(c.personId) : undefined;
        if (at === undefined) chunk.valid.push(c);
        else if (opts.ownImport !== undefined && at.importId === opts.ownImport) chunk.resumed++;
        else if (at.orgId === c.org.id) chunk.already++;
        else {
          add(c.row, 'idNumber', 'member_elsewhere');
          errorRows++;
          if (opts.keepAll) badRows.push(c.raw);
        }
      }
      valid += chunk.valid.length;
      already += chunk.already;
      candidates = [];
      settled = 0;
      return opts.onChunk ? opts.onChunk(chunk) : true;
    };
    for await (const r of rows) {
      total++;
      settled++;
      let bad = false;
      const problem = (field: string, code: string, params?: Record<string, string | number>) => {
        add(r.row, field, code, params);
        bad = true;
      };
      for (const f of ['name', 'idNumber', 'unionCode'] as const) if (!r[f]) problem(f, 'required');
      const id = r.idNumber ? validateIdNumber(r.idNumber) : null;
      if (id && !id.ok) problem('idNumber', `id_${id.reason}`);
      let phone: string | null = null;
      if (r.phone) {
        const p = validatePhone(r.phone);
        if (p.ok) phone = p.value;
        else problem('phone', 'phone');
      }
      const org = r.unionCode ? await this.unionOf(db, ctx, r.unionCode, unions) : null;
      if (r.unionCode && !org) problem('unionCode', 'unknown_union');
      let joinedOn = today;
      if (r.joinedOn) {
        if (/^\d{4}-\d{2}-\d{2}$/.test(r.joinedOn) && r.joinedOn <= today && !Number.isNaN(Date.parse(r.joinedOn))) joinedOn = r.joinedOn;
        else problem('joinedOn', 'invalid');
      }
      if (id?.ok) {
        const key = idKey(id.value);
        const first = seen.get(key);
        if (first !== undefined) problem('idNumber', 'duplicate_in_file', { row: first });
        else seen.set(key, r.row);
      }
      if (bad) {
        errorRows++;
        if (opts.keepAll) badRows.push(r);
      } else if (id?.ok && org) {
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
          raw: r,
        });
        if (candidates.length >= opts.chunkRows && !(await flush()))
          return { total, valid, already, errorRows, problems, problemsTotal, badRows, stopped: true };
      }
    }
    if (!(await flush())) return { total, valid, already, errorRows, problems, problemsTotal, badRows, stopped: true };
    problems.sort(byRow);
    badRows.sort((a, b) => a.row - b.row);
    return { total, valid, already, errorRows, problems: opts.keepAll ? problems : problems.slice(0, STORED_PROBLEMS), problemsTotal, badRows, stopped: false };
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

  /** Where an import's file is kept, sealed: named by the import and its content, so that nothing else shares the name. */
  private fileAt(id: number, sha256: string): string {
    return path.join(this.filesDir, `${id}-${sha256}`);
  }

  /**
   * Takes an uploaded member list as it streams in, sealed to disk (never whole in memory), then reads it back once to
   * find every row's problems; nothing is written but the import and its file.
   */
  async preview(ctx: RequestContext, lang: Lang, upload: { fileName: string; content: AsyncIterable<Buffer> }): Promise<MemberImport> {
    const id = await repo.reserveImportId(this.db);
    const hash = createHash('sha256');
    let bytes = 0;
    let sha256 = '';
    const inspect = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MEMBER_IMPORT_MAX_BYTES)
        throw new AppError('PAYLOAD_TOO_LARGE', 'file', { reason: 'maximum', limit: `${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB` });
      hash.update(chunk);
    };
    const { path: file } = await sealFile(
      this.keyring,
      fileAad(id),
      headChecked(upload.content),
      this.filesDir,
      () => path.basename(this.fileAt(id, (sha256 = hash.digest('hex')))),
      inspect,
    );
    try {
      if (bytes === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
      const scanned = await this.scan(this.db, ctx, memberRows(openSealedFile(this.keyring, fileAad(id), file)), { chunkRows: BATCH });
      const fileName = safeFileName(upload.fileName, 'members.csv').slice(0, 120);
      await this.db.transaction().execute(async (trx) => {
        await repo.insertImport(trx, {
          id,
          org_id: ctx.actor.orgId,
          org_path: ctx.actor.scope.orgPath,
          account_id: ctx.actor.accountId,
          file_name: fileName,
          file_sha256: sha256,
          total_rows: scanned.total,
          valid_rows: scanned.valid,
          error_rows: scanned.errorRows,
          skipped: scanned.already,
          problems: scanned.problems,
          problems_total: scanned.problemsTotal,
        });
        await this.audit.append(trx, actorOf(ctx), {
          action: 'member.import.preview',
          objectType: 'member_import',
          objectId: id,
          detail: { rows: scanned.total, errors: scanned.errorRows, bytes },
        });
      });
    } catch (err) {
      await unlink(file).catch(() => undefined);
      throw err;
    }
    return this.get(ctx, lang, id);
  }

  async get(ctx: RequestContext, lang: Lang, id: number): Promise<MemberImport> {
    const r = await repo.findImport(this.db, ctx.actor.scope.orgPath, id);
    if (!r || (r.account_id !== ctx.actor.accountId && r.org_id !== ctx.actor.orgId)) throw new AppError('NOT_FOUND', 'id');
    return this.toDto(r, lang);
  }

  /** The plaintext of an import's file: sealed on disk, or (imports previewed before files moved to disk) in its row. */
  private async fileOf(id: number, sha256: string): Promise<AsyncIterable<Buffer>> {
    const enc = await repo.importFile(this.db, id);
    if (enc) {
      const content = Buffer.from(decryptField(this.keyring, enc, { table: 'member_imports', column: 'file_enc', rowId: String(id) }), 'base64');
      return (async function* () {
        yield content;
      })();
    }
    const file = this.fileAt(id, sha256);
    const there = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!there) throw new AppError('INVALID_STATE', 'id', { reason: 'decided' });
    return openSealedFile(this.keyring, fileAad(id), file);
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
    const writing = new Set<Promise<void>>();
    try {
      let ctx = committed;
      if (!ctx) {
        const actor = started.account_id ? await this.sessions.actorOfAccount(this.db, started.account_id) : null;
        if (!actor) throw new ImportStop('the account that committed the import is no longer active');
        ctx = { actor, ip: '127.0.0.1', requestId: `member-import-${id}` };
      }
      const regions = new Map<string, string>();
      const today = chinaToday();
      const runCtx = ctx;
      // Batches are written by up to `writers` transactions at once while the next is read, checked and encrypted: the
      // database and this process work at the same time. Each transaction adds its own batch to the stored progress,
      // so what the console shows is what has committed, whatever order the batches commit in.
      const write = async (chunk: Chunk): Promise<boolean> => {
        if (this.stopping || lockLost()) return false;
        const batch = chunk.valid;
        for (const o of new Set(batch.map((v) => v.org))) {
          if (!regions.has(o.regionCode)) regions.set(o.regionCode, (await this.regions.requireRegion(o.regionCode, 'unionCode')).path);
        }
        const fresh = batch.filter((b) => b.personId === null);
        const people = await this.people.prepareMany(
          this.db,
          runCtx,
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
        fresh.forEach((b, k) => (b.personId = people.ids[k]!));
        const members = batch.map((b) => ({
          person_id: b.personId!,
          name_masked: maskName(b.name.normalize('NFC').trim()),
          gender: b.gender,
          birth_year: Number(b.birthDate.slice(0, 4)),
          org_id: b.org.id,
          org_path: b.org.path,
          region_code: b.org.regionCode,
          region_path: regions.get(b.org.regionCode)!,
          joined_on: b.joinedOn,
        }));
        // A failed batch stays in the set: the next wait, or the last, rejects with its error.
        while (writing.size >= this.writers) await Promise.race(writing);
        if (this.stopping || lockLost()) return false;
        const done = { processed: chunk.rows, inserted: chunk.resumed, skipped: chunk.already };
        const batchWrite: Promise<void> = this.db
          .transaction()
          .execute(async (trx) => {
            if (batch.length > 0) {
              await this.people.insertPreparedIn(trx, runCtx, people);
              const n = await repo.insertImportedMembers(trx, id, members, runCtx.actor.accountId, today);
              done.inserted += n;
              done.skipped += batch.length - n;
              await this.audit.append(trx, actorOf(runCtx), {
                action: 'member.import.batch',
                objectType: 'member_import',
                objectId: id,
                detail: { rows: batch.length, inserted: n },
              });
            }
            await repo.addImportProgress(trx, id, done);
          })
          .then(() => void writing.delete(batchWrite));
        batchWrite.catch(() => undefined);
        writing.add(batchWrite);
        return true;
      };
      const scanned = await this.scan(this.db, ctx, memberRows(await this.fileOf(id, started.file_sha256)), {
        ownImport: id,
        chunkRows: this.batchRows,
        onChunk: write,
      });
      await Promise.all(writing);
      if (scanned.stopped) {
        await repo.pauseImport(this.db, id);
        return;
      }
      await repo.finishImport(this.db, id, 'done', { error_rows: scanned.errorRows, problems: scanned.problems });
    } catch (err) {
      // Batches still being written end (commit or roll back) before the import is marked.
      await Promise.allSettled(writing);
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
    const checked = await this.scan(this.db, ctx, memberRows(await this.fileOf(id, r.file_sha256)), { chunkRows: BATCH, keepAll: true });
    const byRow = new Map<number, string[]>();
    for (const p of checked.problems)
      byRow.set(p.row, [...(byRow.get(p.row) ?? []), renderMessage(lang, 'VALIDATION', p.field, { reason: p.code, ...(p.params ?? {}) })]);
    const bad = checked.badRows;
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

/**
 * A valid ID number as one exact integer: its check character follows from the first 17 digits, and those are a region
 * (6 digits), a birth date (days since 1800, under 2^17) and an order code (3 digits), 47 bits in all.
 */
function idKey(idNumber: string): number {
  const days =
    (Date.UTC(Number(idNumber.slice(6, 10)), Number(idNumber.slice(10, 12)) - 1, Number(idNumber.slice(12, 14))) - Date.UTC(1800, 0, 1)) / 86_400_000;
  return (Number(idNumber.slice(0, 6)) * 1000 + Number(idNumber.slice(14, 17))) * 131_072 + days;
}

/** The associated data a sealed import file is bound to: moved to another import, it no longer opens. */
const fileAad = (id: number) => ({ table: 'member_imports', column: 'file', rowId: String(id) });

/** Passes the bytes on once their first 4 KB (or the whole file, if shorter) are a workbook or UTF-8 text. */
async function* headChecked(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer[] | null = [];
  let n = 0;
  const check = (parts: Buffer[]) => {
    if (n > 0 && !memberFileKind(Buffer.concat(parts))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file');
  };
  for await (const chunk of source) {
    if (!head) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    n += chunk.length;
    if (n >= 4096) {
      check(head);
      yield* head;
      head = null;
    }
  }
  if (head) {
    check(head);
    yield* head;
  }
}

/** An import that cannot go on, whatever the number of attempts. */
class ImportStop extends Error {}
