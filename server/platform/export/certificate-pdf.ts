import { availableParallelism } from 'node:os';
import PDFDocument from 'pdfkit';
import { Piscina } from 'piscina';
import QRCode from 'qrcode';
import { cjkFont } from './pdf-font.js';

/** What differs between the platform's certificates (荣誉证书, 结业证书): the words, the colour and who signs. */
export type CertificatePage = {
  /** The spaced Chinese title, e.g. '荣 誉 证 书'. */
  title: string;
  /** The English line under it and the PDF's subject. */
  subtitle: string;
  colour: string;
  number: string;
  /** The line addressing the holder. */
  addressee: string;
  body: string;
  signer: string;
  signedOn: string;
  /** The portal address the QR code opens to verify the certificate. */
  verifyUrl: string;
};

let pool: Piscina<CertificatePage, Uint8Array> | null = null;

/**
 * A certificate, drawn on a worker thread: laying out and subsetting the CJK font takes tens of milliseconds of CPU
 * per page, which on the server's thread would hold up every other request. One thread, started at the first
 * certificate (its first page loads the font) and ended after a minute without work.
 */
export async function renderCertificatePdf(d: CertificatePage): Promise<Buffer> {
  pool ??= new Piscina<CertificatePage, Uint8Array>({
    filename: new URL('./pdf-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    idleTimeout: 60_000,
  });
  const out = await pool.run(d);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Certificates drawn on worker threads so far (diagnostics and tests). */
export function certificatesDrawnOffThread(): number {
  return pool?.completed ?? 0;
}

/** Ends the worker threads (a stopping server; a later certificate starts them again). */
export async function closeCertificatePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}

/** One A4 landscape certificate: border, title, addressee, text, signer and date, and the number beside a QR code that verifies it. */
export async function drawCertificatePdf(d: CertificatePage): Promise<Buffer> {
  const qr = await QRCode.toBuffer(d.verifyUrl, { type: 'png', width: 240, margin: 1, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `${d.title.replace(/ /g, '')} ${d.number}`, Author: d.signer, Subject: d.subtitle },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cn', cjkFont());
  doc.font('cn');
  doc
    .rect(30, 30, doc.page.width - 60, doc.page.height - 60)
    .lineWidth(3)
    .stroke(d.colour);
  doc.fillColor(d.colour).fontSize(40).text(d.title, 56, 80, { align: 'center' });
  doc.fillColor('#555').fontSize(11).text(d.subtitle, { align: 'center' });
  doc.fillColor('#000').moveDown(2).fontSize(20);
  doc.text(d.addressee, 96);
  doc.moveDown(0.8).fontSize(16);
  doc.text(d.body, 130, doc.y, { width: doc.page.width - 260 });
  doc.moveDown(3).fontSize(14);
  doc.text(d.signer, 0, doc.y, { align: 'right', width: doc.page.width - 120 });
  doc.text(d.signedOn, 0, doc.y, { align: 'right', width: doc.page.width - 120 });
  const qrSize = 110;
  doc.image(qr, 80, doc.page.height - 80 - qrSize, { width: qrSize });
  doc
    .fontSize(10)
    .fillColor('#333')
    .text(`证书编号 No.：${d.number}`, 80 + qrSize + 12, doc.page.height - 80 - 40);
  doc.text('扫码核验 Scan to verify', 80 + qrSize + 12, doc.page.height - 80 - 24);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
