// The worker thread of `renderCertificatePdf` (piscina): the TypeScript sources are loaded through tsx, as the server's.
import { register } from 'tsx/esm/api';

register();
const { drawCertificatePdf } = await import('./certificate-pdf.ts');

/** Draws one certificate; the bytes go back to the server's thread without a copy. */
export default async function draw(page) {
  const pdf = await drawCertificatePdf(page);
  const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return bytes;
}
