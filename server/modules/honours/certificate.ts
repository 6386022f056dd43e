import { renderCertificatePdf } from '../../platform/export/certificate-pdf.js';

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
export function renderHonourCertificate(d: HonourCertificate): Promise<Buffer> {
  return renderCertificatePdf({
    title: '荣 誉 证 书',
    subtitle: 'Certificate of Honour',
    colour: '#b71c1c',
    number: d.number,
    addressee: `${d.name}（${d.unitName}）：`,
    body: `在${d.programmeTitle}中，经推荐、评审、征求意见和公示，被授予“${d.awardTitle}”荣誉称号。特发此证，以资鼓励。`,
    signer: d.awardingOrg,
    signedOn: d.awardedOn,
    verifyUrl: d.verifyUrl,
  });
}
