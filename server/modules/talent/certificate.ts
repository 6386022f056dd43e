import { renderCertificatePdf } from '../../platform/export/certificate-pdf.js';

export type TalentCertificate = {
  number: string;
  name: string;
  programmeName: string;
  courses: string[];
  attended: number;
  score: number;
  issuingOrg: string;
  issuedOn: string;
  /** The portal address the QR code opens to verify the certificate. */
  verifyUrl: string;
};

/** The completion certificate (结业证书) of a talent programme: who, which programme and courses, the number and a QR code that verifies it. */
export function renderTalentCertificate(d: TalentCertificate): Promise<Buffer> {
  const courses = d.courses.length ? `《${d.courses.join('》《')}》等课程` : '规定课程';
  return renderCertificatePdf({
    title: '结 业 证 书',
    subtitle: 'Certificate of Completion',
    colour: '#1f4e79',
    number: d.number,
    addressee: `${d.name}：`,
    body: `参加“${d.programmeName}”学习，完成${courses}，出勤 ${d.attended} 次，考核成绩 ${d.score} 分，准予结业。特发此证。`,
    signer: d.issuingOrg,
    signedOn: d.issuedOn,
    verifyUrl: d.verifyUrl,
  });
}
