import PDFDocument from 'pdfkit';
import { cjkFont } from '../../platform/export/pdf-font.js';

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
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `志愿服务记录证明 ${d.number}`, Author: d.certifyingOrg, Subject: 'Volunteer service record certificate' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', cjkFont());
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
