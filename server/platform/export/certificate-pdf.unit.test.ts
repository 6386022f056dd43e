import { afterAll, describe, expect, it } from 'vitest';
import { certificatesDrawnOffThread, closeCertificatePool, drawCertificatePdf, renderCertificatePdf, type CertificatePage } from './certificate-pdf.js';

const page: CertificatePage = {
  title: '荣 誉 证 书',
  subtitle: 'Certificate of Honour',
  colour: '#b71c1c',
  number: 'RY-TEST-000001',
  addressee: '张建国（测试单位）：',
  body: '在测试评选中被授予“优秀工会工作者”荣誉称号。特发此证，以资鼓励。',
  signer: '测试市总工会',
  signedOn: '2025年5月1日',
  verifyUrl: 'https://example.cn/portal/honours/verify?n=RY-TEST-000001',
};

afterAll(closeCertificatePool);

describe('certificates drawn on a worker thread', () => {
  it('answers a PDF from the worker, the same page the server thread would draw, and several at once', async () => {
    const before = certificatesDrawnOffThread();
    const [a, b] = await Promise.all([renderCertificatePdf(page), renderCertificatePdf({ ...page, number: 'RY-TEST-000002' })]);
    expect(certificatesDrawnOffThread() - before).toBe(2);
    expect(Buffer.isBuffer(a)).toBe(true);
    for (const pdf of [a, b]) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    }
    // The same drawing on this thread: same size within what the creation date and the number change.
    const here = await drawCertificatePdf(page);
    expect(Math.abs(here.length - a.length)).toBeLessThan(200);
  }, 60_000);

  it('starts again after being closed', async () => {
    await closeCertificatePool();
    const pdf = await renderCertificatePdf(page);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(certificatesDrawnOffThread()).toBe(1);
  }, 60_000);
});
