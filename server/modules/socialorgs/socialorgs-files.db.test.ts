import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../platform/validation/credit-code.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';

let t: TestEnv;
let dataDir = '';
let city: Client;
let street: Client;
let street2: Client;
let sorgA: Client;
let sorgId = 0;
let documentId = 0;

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
// A minimal PDF: what matters is its first bytes, "%PDF-".
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

async function audited(action: string, objectId: number) {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND object_id = ${String(objectId)}`.execute(t.c.db))
    .rows[0]!.n;
}
const fileUrl = (id = sorgId, doc = documentId) => `/api/social-orgs/${id}/documents/${doc}/file`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'qh-sorg-files-'));
  t = await setupTestEnv({ DATA_DIR: dataDir });
  [city, street, street2, sorgA] = (await Promise.all(['union.city', 'union.street', 'union.street2', 'sorg.a'].map((u) => t.as(u)))) as [
    Client,
    Client,
    Client,
    Client,
  ];
  const me = (await street.get('/api/auth/me')).body as { scope: { regionPath: string } };
  const streetCode = me.scope.regionPath.split('.').pop()!;
  const reg = await city.post('/api/social-orgs', {
    name: '测试证照文件社工中心',
    creditCode: makeCreditCode('52510104MJ7100001'),
    regType: 'social_service',
    authority: '锦江区民政局',
    registeredOn: day(-200),
    domain: 'community',
    regionCode: streetCode,
    serviceAreas: [streetCode],
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  sorgId = reg.body.id;
  const doc = await city.post(`/api/social-orgs/${sorgId}/documents`, { kind: 'registration', title: '登记证书', expiresOn: day(300) });
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  documentId = doc.body.documents.find((d: { title: string }) => d.title === '登记证书').id;
  expect(doc.body.documents.find((d: { id: number }) => d.id === documentId).file).toBeNull();
});
afterAll(async () => {
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('document files of social organizations', () => {
  it('stores a PDF under the data directory by its SHA-256, shows it on the document, and downloads it audited', async () => {
    const up = await city.put(fileUrl(), { name: '../登记证书 "扫描".pdf', contentBase64: pdf.toString('base64') });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.file).toMatchObject({ mime: 'application/pdf', size: pdf.length, name: '登记证书 _扫描_.pdf' });
    const row = (await sql<{ file_sha256: string }>`SELECT file_sha256 FROM sorg_documents WHERE id = ${documentId}`.execute(t.c.db)).rows[0]!;
    const onDisk = path.join(dataDir, 'files', 'socialorgs', row.file_sha256.slice(0, 2), row.file_sha256);
    expect(existsSync(onDisk)).toBe(true);
    expect(readFileSync(onDisk).equals(pdf)).toBe(true);
    expect(await audited('sorg.document.file', sorgId)).toBe(1);
    // The detail lists the file with the document.
    const detail = (await street.get(`/api/social-orgs/${sorgId}`)).body;
    expect(detail.documents.find((d: { id: number }) => d.id === documentId).file.name).toBe('登记证书 _扫描_.pdf');

    // Staff whose region covers the organization download it; each download is audited.
    const get = await street.get(fileUrl());
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('application/pdf');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(String(get.headers['content-disposition'])).toContain(encodeURIComponent('登记证书 _扫描_.pdf'));
    expect(get.raw.equals(pdf)).toBe(true);
    expect(await audited('sorg.document.download', sorgId)).toBe(1);
  });

  it('refuses a file whose bytes are not PDF or an image, naming the field, whatever its name says', async () => {
    const fake = await city.put(fileUrl(), { name: 'certificate.pdf', contentBase64: Buffer.from('MZ\x90\x00 not a pdf at all', 'latin1').toString('base64') });
    expect(fake.status).toBe(415);
    expect(fake.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    const notBase64 = await city.put(fileUrl(), { name: 'x.pdf', contentBase64: '%%%%' });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.error).toMatchObject({ code: 'VALIDATION', field: 'file' });
    // A PNG is accepted and replaces the PDF.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
    const ok = await city.put(fileUrl(), { name: 'scan.png', contentBase64: png.toString('base64') });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.file).toMatchObject({ mime: 'image/png', name: 'scan.png' });
  });

  it('refuses the neighbouring unit and other organizations with a 404, and a document of another organization', async () => {
    const before = await audited('sorg.document.download', sorgId);
    expect((await street2.get(fileUrl())).status).toBe(404);
    expect((await street2.put(fileUrl(), { name: 'x.pdf', contentBase64: pdf.toString('base64') })).status).toBe(404);
    // Another social organization's staff do not see this one's files.
    expect((await sorgA.get(fileUrl())).status).toBe(404);
    expect(await audited('sorg.document.download', sorgId)).toBe(before);
    // A document id of another organization under this organization's id is not found.
    const other = (await city.get('/api/social-orgs?q=益工')).body.items[0];
    const otherDoc = (await city.get(`/api/social-orgs/${other.id}`)).body.documents[0];
    expect((await city.put(fileUrl(sorgId, otherDoc.id), { name: 'x.pdf', contentBase64: pdf.toString('base64') })).status).toBe(404);
    expect((await city.get(fileUrl(sorgId, otherDoc.id))).status).toBe(404);
  });

  it('lets the organization itself download its own files', async () => {
    const mine = (await sorgA.get('/api/social-orgs/mine')).body;
    const doc = mine.documents[0];
    const keeper = (await city.get(`/api/social-orgs/${mine.id}`)).status === 200 ? city : street;
    const up = await keeper.put(fileUrl(mine.id, doc.id), { name: '年检.pdf', contentBase64: pdf.toString('base64') });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const get = await sorgA.get(fileUrl(mine.id, doc.id));
    expect(get.status).toBe(200);
    expect(get.raw.equals(pdf)).toBe(true);
  });
});
