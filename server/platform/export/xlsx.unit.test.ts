import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralise, toXlsx } from './xlsx.js';

describe('Excel export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const v of ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", '-1+1', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(v)).toBe(`'${v}`);
    expect(neutralise('锦江区总工会')).toBe('锦江区总工会');
    expect(neutralise(42)).toBe(42);
  });

  it('writes a workbook a real parser reads back, with the watermark and header', async () => {
    const buf = await toXlsx(
      'orgs',
      [{ header: '名称', value: (r: { n: string }) => r.n }],
      [{ n: '=1+1' }, { n: '春熙路街道总工会' }],
      'exported by union.street',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('exported by union.street');
    expect(ws.getCell('A2').value).toBe('名称');
    expect(ws.getCell('A3').value).toBe("'=1+1");
    expect(ws.getCell('A4').value).toBe('春熙路街道总工会');
  });
});
