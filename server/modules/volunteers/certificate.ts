import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/**
 * WOFF 1.0 to a plain SFNT font: the tables are zlib-inflated once, so each PDF only subsets (tens of
 * milliseconds) instead of re-inflating the whole CJK font (tens of seconds).
 */
export function woffToSfnt(w: Buffer): Buffer {
  if (w.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font');
  const flavor = w.readUInt32BE(4);
  const numTables = w.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const offset = w.readUInt32BE(o + 4);
    const compLength = w.readUInt32BE(o + 8);
    const origLength = w.readUInt32BE(o + 12);
    const raw = w.subarray(offset, offset + compLength);
    tables.push({ tag: w.readUInt32BE(o), checksum: w.readUInt32BE(o + 16), data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw) });
  }
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const o = 12 + i * 16;
    head.writeUInt32BE(t.tag, o);
    head.writeUInt32BE(t.checksum, o + 4);
    head.writeUInt32BE(offset, o + 8);
    head.writeUInt32BE(t.data.length, o + 12);
    const pad = (4 - (t.data.length % 4)) % 4;
    parts.push(t.data, Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  return Buffer.concat(parts);
}

let fontCache: Buffer | null = null;
/** Noto Sans SC (simplified Chinese subset) shipped by npm, embedded and subset into each PDF: no system font is used. */
function font(): Buffer {
  fontCache ??= woffToSfnt(readFileSync(require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff')));
  return fontCache;
}

export type CertificateData = {
  number: string;
  volunteerName: string;
  idNumberMasked: string | null;
  recordingOrgs: string[];
  certifyingOrg: string;
  entries: Array<{ date: string; org: string; content: string; hours: number }>;
  totalHours: number;
  firstDate: string | null;
  lastDate: string | null;
  issuedOn: string;
};

const fmtHours = (h: number) => (Math.round(h * 100) / 100).toFixed(2).replace(/\.?0+$/, '');

/**
 * The certificate of volunteer service hours with the content the national rules require (志愿服务记录与证明出具办法):
 * the volunteer's name and masked ID number, who recorded and who certifies, the service periods and hours,
 * the date of issue and the certificate number.
 */
export async function renderCertificate(d: CertificateData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `志愿服务记录证明 ${d.number}`, Author: d.certifyingOrg, Subject: 'Volunteer service record certificate' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', font());
  doc.font('cn');
  doc.fontSize(22).text('志愿服务记录证明', { align: 'center' });
  doc.moveDown(0.2).fontSize(10).fillColor('#555').text('Certificate of Volunteer Service Record', { align: 'center' });
  doc.moveDown(0.5).text(`证明编号 Certificate No.：${d.number}`, { align: 'right' });
  doc.fillColor('#000').moveDown(1).fontSize(12);
  doc.text(`志愿者姓名：${d.volunteerName}`);
  doc.text(`公民身份号码：${d.idNumberMasked ?? '未登记'}`);
  doc.text(`记录单位：${d.recordingOrgs.join('、')}`);
  doc.text(`证明出具单位：${d.certifyingOrg}`);
  doc.text(`服务时间：${d.firstDate ?? '—'} 至 ${d.lastDate ?? '—'}`);
  doc.text(`累计志愿服务时长：${fmtHours(d.totalHours)} 小时`);
  doc.moveDown(1).fontSize(13).text('志愿服务记录明细');
  doc.moveDown(0.3).fontSize(10);
  const cols = [56, 140, 330, 480];
  const header = ['服务日期', '记录单位', '服务内容', '时长（小时）'];
  const row = (cells: string[]) => {
    const y = doc.y;
    cells.forEach((c, i) => doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? 540) - cols[i]! - 6 }));
    doc.x = 56;
    doc.moveDown(0.4);
  };
  row(header);
  for (const e of d.entries) {
    if (doc.y > 740) doc.addPage().font('cn').fontSize(10);
    row([e.date, e.org, e.content, fmtHours(e.hours)]);
  }
  doc.moveDown(1).fontSize(11);
  doc.text('兹证明以上志愿服务记录由记录单位如实记录，经本单位核实，情况属实。', 56);
  doc.moveDown(1.5);
  doc.text(`证明出具单位（盖章）：${d.certifyingOrg}`, { align: 'right' });
  doc.text(`出具日期：${d.issuedOn}`, { align: 'right' });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
