import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { cjkFont } from '../../platform/export/pdf-font.js';

export type HonourCertificate = {
  number: string;
  name: string;
  unitName: string;
  awardTitle: string;
  programmeTitle: string;
  year: number;
  awardingOrg: string;
  awardedOn: string;
  /** The portal address the QR code opens to verify the certificate. */
  verifyUrl: string;
};

/** The honour certificate (荣誉证书): the honoured person or collective, the award, the number and a QR code that verifies it. */
export async function renderHonourCertificate(d: HonourCertificate): Promise<Buffer> {
  const qr = await QRCode.toBuffer(d.verifyUrl, { type: 'png', width: 240, margin: 1, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: `荣誉证书 ${d.number}`, Author: d.awardingOrg, Subject: 'Certificate of honour' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', cjkFont());
  doc.font('cn');
  doc.rect(30, 30, doc.page.width - 60, doc.page.height - 60).lineWidth(3).stroke('#b71c1c');
  doc.fillColor('#b71c1c').fontSize(40).text('荣 誉 证 书', 56, 80, { align: 'center' });
  doc.fillColor('#555').fontSize(11).text('Certificate of Honour', { align: 'center' });
  doc.fillColor('#000').moveDown(2).fontSize(20);
  doc.text(`${d.name}（${d.unitName}）：`, 96);
  doc.moveDown(0.8).fontSize(16);
  doc.text(`在${d.programmeTitle}中，经推荐、评审、征求意见和公示，被授予“${d.awardTitle}”荣誉称号。特发此证，以资鼓励。`, 130, doc.y, { width: doc.page.width - 260 });
  doc.moveDown(3).fontSize(14);
  doc.text(d.awardingOrg, 0, doc.y, { align: 'right', width: doc.page.width - 120 });
  doc.text(d.awardedOn, 0, doc.y, { align: 'right', width: doc.page.width - 120 });
  const qrSize = 110;
  doc.image(qr, 80, doc.page.height - 80 - qrSize, { width: qrSize });
  doc.fontSize(10).fillColor('#333').text(`证书编号 No.：${d.number}`, 80 + qrSize + 12, doc.page.height - 80 - 40);
  doc.text('扫码核验 Scan to verify', 80 + qrSize + 12, doc.page.height - 80 - 24);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
