import type ExcelJSModule from 'exceljs';

export type Column<T> = { header: string; value: (row: T) => string | number | boolean | null; width?: number };

/** Exports never carry more rows than this; a larger export is a separate, approved job. */
export const EXPORT_ROW_LIMIT = 10_000;

/** A cell that a spreadsheet would read as a formula is prefixed with a quote (CSV/formula injection). */
export function neutralise(v: string | number | boolean | null): string | number | boolean | null {
  if (typeof v !== 'string') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One worksheet with a header row, a frozen header, a watermark line naming who exported it and when. */
export async function toXlsx<T>(sheet: string, columns: Column<T>[], rows: T[], watermark: string): Promise<Buffer> {
  // Loaded on the first export, not at start: it is the heaviest module the server has, and a restart should be quick.
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'QunHub';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([neutralise(watermark)]);
  ws.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => neutralise(c.value(r))));
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
