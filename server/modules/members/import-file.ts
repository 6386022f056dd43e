import { AppError } from '../../platform/errors.js';

/** One data row of a member list, as typed (trimmed); `row` is the spreadsheet's row number (header = 1). */
export type RawRow = { row: number; name: string | null; idNumber: string | null; phone: string | null; unionCode: string | null; joinedOn: string | null };

const HEADERS: Record<string, keyof Omit<RawRow, 'row'>> = {
  姓名: 'name',
  name: 'name',
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  idnumber: 'idNumber',
  id_number: 'idNumber',
  手机: 'phone',
  手机号: 'phone',
  手机号码: 'phone',
  phone: 'phone',
  工会代码: 'unionCode',
  工会编号: 'unionCode',
  unioncode: 'unionCode',
  union_code: 'unionCode',
  入会日期: 'joinedOn',
  joinedon: 'joinedOn',
  joined_on: 'joinedOn',
};
const REQUIRED = ['name', 'idNumber', 'unionCode'] as const;

/**
 * Splits CSV text into records (RFC 4180 quotes; CRLF or LF) as it arrives: `push` takes the next piece of text and
 * returns the records it completed, `end` the last one. A record never waits for more than its own line.
 */
export class CsvSplitter {
  private rec: string[] = [];
  private field = '';
  private quoted = false;
  /** A quote seen at the end of a piece inside a quoted field: an escaped quote or the field's end, told by the next piece. */
  private quoteAtEnd = false;
  /** A CR ended the last piece: an LF starting the next one belongs to it. */
  private crAtEnd = false;

  push(text: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (this.crAtEnd && text[0] === '\n') i = 1;
    this.crAtEnd = false;
    if (this.quoteAtEnd && text.length > 0) {
      this.quoteAtEnd = false;
      if (text[i] === '"') {
        this.field += '"';
        i++;
      } else this.quoted = false;
    }
    let start = i;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.quoted) {
        if (ch === 34) {
          this.field += text.slice(start, i);
          if (i + 1 === text.length) {
            this.quoteAtEnd = true;
            return out;
          }
          if (text.charCodeAt(i + 1) === 34) {
            this.field += '"';
            i++;
          } else this.quoted = false;
          start = i + 1;
        }
      } else if (ch === 34 && this.field === '' && start === i) {
        this.quoted = true;
        start = i + 1;
      } else if (ch === 44) {
        this.rec.push(this.field + text.slice(start, i));
        this.field = '';
        start = i + 1;
      } else if (ch === 10 || ch === 13) {
        this.rec.push(this.field + text.slice(start, i));
        out.push(this.rec);
        this.rec = [];
        this.field = '';
        if (ch === 13) {
          if (i + 1 === text.length) this.crAtEnd = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    this.field += text.slice(start);
    return out;
  }

  end(): string[][] {
    this.quoteAtEnd = false;
    if (this.field !== '' || this.rec.length > 0) {
      this.rec.push(this.field);
      this.field = '';
      const last = this.rec;
      this.rec = [];
      return [last];
    }
    return [];
  }
}

/** Splits CSV text into records (RFC 4180 quotes; CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const s = new CsvSplitter();
  return [...s.push(text), ...s.end()];
}

async function xlsxRecords(content: Buffer): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION', 'file', { reason: 'file_format' });
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const vals: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value;
      vals[col - 1] =
        v instanceof Date
          ? v.toISOString().slice(0, 10)
          : v === null || v === undefined
            ? ''
            : typeof v === 'object' && 'text' in v
              ? String(v.text)
              : String(v);
    });
    out[n - 1] = Array.from(vals, (x) => x ?? '');
  });
  return Array.from(out, (x) => x ?? []);
}

/** The kind of a member list, told by its first bytes (not its name): a zip (.xlsx) or UTF-8 text (CSV); else null. */
export function memberFileKind(head: Buffer): 'xlsx' | 'csv' | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.includes(0) || head.subarray(0, 5).toString('latin1') === '%PDF-') return null;
  try {
    // A multi-byte character cut at the end of the head is not an error: `stream` keeps it for a next call.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'csv';
  } catch {
    return null;
  }
}

function headerOf(rec: string[]): Array<keyof Omit<RawRow, 'row'> | null> {
  const header = rec.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()] ?? null);
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length > 0) throw new AppError('VALIDATION', 'file', { reason: 'columns', columns: missing.join(', ') });
  return header;
}

function rowOf(header: Array<keyof Omit<RawRow, 'row'> | null>, rec: string[], row: number): RawRow | null {
  if (rec.every((v) => v.trim() === '')) return null;
  const r: RawRow = { row, name: null, idNumber: null, phone: null, unionCode: null, joinedOn: null };
  header.forEach((h, k) => {
    if (h) {
      const v = (rec[k] ?? '').trim();
      r[h] = v === '' ? null : v;
    }
  });
  return r;
}

/**
 * The rows of an .xlsx or .csv member list, read as its bytes arrive: a CSV is never held whole (one line at a time);
 * a workbook is (its parser needs the whole zip). A list without the required columns is refused naming them.
 */
export async function* memberRows(chunks: AsyncIterable<Buffer>): AsyncGenerator<RawRow> {
  const it = chunks[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.length === 0) first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  let header: Array<keyof Omit<RawRow, 'row'> | null> | null = null;
  let n = 0;
  const take = function* (records: string[][]): Generator<RawRow> {
    for (const rec of records) {
      n++;
      if (!header) header = headerOf(rec);
      else {
        const r = rowOf(header, rec, n);
        if (r) yield r;
      }
    }
  };
  if (memberFileKind(head) === 'xlsx') {
    const parts = [head];
    for (let next = await it.next(); !next.done; next = await it.next()) parts.push(next.value);
    yield* take(await xlsxRecords(Buffer.concat(parts)));
  } else {
    const decoder = new TextDecoder('utf-8');
    const csv = new CsvSplitter();
    let next: IteratorResult<Buffer> = first;
    for (; !next.done; next = await it.next()) yield* take(csv.push(decoder.decode(next.value, { stream: true })));
    yield* take(csv.push(decoder.decode()));
    yield* take(csv.end());
  }
  if (!header) headerOf([]);
}
