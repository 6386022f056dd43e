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

/** Splits CSV text into records (RFC 4180 quotes; CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let rec: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      rec.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rec.push(field);
      out.push(rec);
      rec = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || rec.length > 0) {
    rec.push(field);
    out.push(rec);
  }
  return out;
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

/** Reads an .xlsx or .csv member list into rows; a file without the required columns is refused naming them. */
export async function parseMemberFile(fileName: string, content: Buffer): Promise<RawRow[]> {
  const isXlsx = /\.xlsx$/i.test(fileName) || (content[0] === 0x50 && content[1] === 0x4b);
  const records = isXlsx ? await xlsxRecords(content) : parseCsv(content.toString('utf8').replace(/^\uFEFF/, ''));
  const header = (records[0] ?? []).map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()] ?? null);
  const missing = REQUIRED.filter((r) => !header.includes(r));
  if (missing.length > 0) throw new AppError('VALIDATION', 'file', { reason: 'columns', columns: missing.join(', ') });
  const rows: RawRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.every((v) => v.trim() === '')) continue;
    const r: RawRow = { row: i + 1, name: null, idNumber: null, phone: null, unionCode: null, joinedOn: null };
    header.forEach((h, k) => {
      if (h) {
        const v = (rec[k] ?? '').trim();
        r[h] = v === '' ? null : v;
      }
    });
    rows.push(r);
  }
  return rows;
}
