import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_IMPORT_MAX_BYTES } from '../../../contracts/members.enums.js';
import { blindIndex } from '../../platform/crypto/field-cipher.js';
import { makeIdNumber } from '../../platform/validation/id-card.js';
import pg from 'pg';
import { createListenerClient } from '../../db/client.js';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { signInCitizen } from '../citizens/citizens.test-helpers.js';
import { MemberImports } from './imports.service.js';
import { cardToken } from './members.policy.js';

let t: TestEnv;
let street: Client;
let street2: Client;
let community: Client;
let unionA = { id: 0, name: '' };
let unionA2 = { id: 0, name: '' };
let unionB = { id: 0, name: '' };
let communityCode = '';
/** Every ID number and phone this file sends, to look for in the tables afterwards. */
const secrets: string[] = [];
let seq = 100;

function newId(birth = '19880512') {
  seq++;
  const id = makeIdNumber('510104', birth, String(seq).slice(-3));
  secrets.push(id);
  return id;
}
function newPhone() {
  seq++;
  const p = `1391234${String(seq).padStart(4, '0')}`;
  secrets.push(p);
  return p;
}

async function me(c: Client) {
  return (await c.get('/api/auth/me')).body as { orgId: number; scope: { orgPath: string; regionPath: string } };
}

async function unionsUnder(c: Client) {
  const path = (await me(c)).scope.orgPath;
  return (
    await sql<{ id: number; name: string }>`SELECT id, name FROM orgs WHERE path <@ ${path}::ltree AND type_code = 'union'
      AND level IN ('grassroots', 'community') AND status = 'active' ORDER BY id LIMIT 2`.execute(t.c.db)
  ).rows;
}

async function enrol(c: Client, orgId: number, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/members', { orgId, name: '张建国', idNumber: newId(), phone: newPhone(), ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; memberNo: string; personId: number; orgId: number; status: string };
}

/** A member list sent as the console sends it: multipart, one part "file"; the body a buffer or a stream of pieces. */
async function upload(c: Client, fileName: string, content: Buffer | Iterable<Buffer>, o: { lang?: string; type?: string } = {}) {
  const boundary = `----qh${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${o.type ?? 'text/csv'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const payload = Buffer.isBuffer(content) ? Buffer.concat([head, content, tail]) : Readable.from([head, ...content, tail]);
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/member-imports',
    payload,
    headers: {
      cookie: c.cookie,
      'x-csrf-token': c.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(o.lang ? { 'accept-language': o.lang } : {}),
    },
  });
  return { status: r.statusCode, body: r.json() };
}

const activeRows = async (personId: number) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members WHERE person_id = ${personId} AND status = 'active'`.execute(t.c.db)).rows[0]!.n;

beforeAll(async () => {
  t = await setupTestEnv();
  [street, street2, community] = (await Promise.all(['union.street', 'union.street2', 'union.community'].map((u) => t.as(u)))) as [Client, Client, Client];
  [unionA, unionA2] = (await unionsUnder(street)) as [typeof unionA, typeof unionA];
  [unionB] = (await unionsUnder(street2)) as [typeof unionB];
  communityCode = (await me(community)).scope.regionPath.split('.').pop()!;
});
afterAll(async () => {
  await t?.close();
});

describe('members: enrolment, search and scope', () => {
  it('enrols a member with tags; activeMembership reports the union; a second enrolment of the same person is refused', async () => {
    const idNumber = newId('19750101');
    const r = await street.post('/api/members', {
      orgId: unionA.id,
      name: '李秀英',
      idNumber,
      phone: newPhone(),
      tags: ['hardship', 'woman_worker'],
      hardshipLevel: 'deep',
      hardshipReviewOn: '2030-01-01',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      orgId: unionA.id,
      orgName: unionA.name,
      status: 'active',
      nameMasked: '李**',
      gender: 'male',
      birthYear: 1975,
      tags: ['hardship', 'woman_worker'],
      hardshipLevel: 'deep',
      source: 'staff',
    });
    expect(r.body.memberNo).toMatch(/^M[0-9]{10}$/);
    const m = await t.c.members.activeMembership(t.c.db, r.body.personId);
    expect(m).toMatchObject({ memberId: r.body.id, memberNo: r.body.memberNo, orgId: unionA.id, tags: ['hardship', 'woman_worker'] });
    expect(m!.orgPath.startsWith((await me(street)).scope.orgPath)).toBe(true);

    const again = await street.post('/api/members', { orgId: unionA2.id, name: '李秀英', idNumber });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('idNumber');
    // Hardship without its level names the field.
    const bad = await street.post('/api/members', { orgId: unionA.id, name: '王五', idNumber: newId(), tags: ['hardship'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('hardshipLevel');
  });

  it('finds members by number, name, ID number and phone (by POST), and exports the list', async () => {
    const phone = newPhone();
    const idNumber = newId('19920202');
    const a = await enrol(street, unionA.id, { name: '欧阳娜娜', idNumber, phone });
    const byNo = await street.get(`/api/members?q=${a.memberNo}`);
    expect(byNo.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const byName = await street.get(`/api/members?q=${encodeURIComponent('欧阳娜娜')}`);
    expect(byName.body.items.map((x: { id: number }) => x.id)).toContain(a.id);
    const byId = await street.post('/api/members/lookup', { idNumber });
    expect(byId.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const byPhone = await street.post('/api/members/lookup', { phone });
    expect(byPhone.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const detail = await street.get(`/api/members/${a.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((h: { event: string }) => h.event)).toEqual(['joined']);
    expect(detail.body.idNumberMasked).not.toContain(idNumber.slice(6, 14));
    const x = await street.get(`/api/members/export?orgId=${unionA.id}`);
    expect(x.status).toBe(200);
    expect(x.raw.subarray(0, 2).toString()).toBe('PK');
  });

  it("refuses the neighbouring street's union: enrolment, reads, lookups, tags, leaving, transfers (404 or empty)", async () => {
    const idNumber = newId();
    const a = await enrol(street, unionA.id, { idNumber });
    expect((await street2.post('/api/members', { orgId: unionA.id, name: '赵六', idNumber: newId() })).status).toBe(404);
    expect((await street2.get(`/api/members/${a.id}`)).status).toBe(404);
    expect((await street2.put(`/api/members/${a.id}/tags`, { tags: ['migrant_worker'] })).status).toBe(404);
    expect((await street2.post(`/api/members/${a.id}/leave`, { reason: '调离' })).status).toBe(404);
    expect((await street2.post('/api/member-transfers', { memberId: a.id, toOrgId: unionB.id })).status).toBe(404);
    expect((await street2.post('/api/members/lookup', { idNumber })).body.items).toEqual([]);
    expect((await street2.get(`/api/members?q=${a.memberNo}`)).body.items).toEqual([]);
    const all = (await street2.get('/api/members?pageSize=200')).body.items as Array<{ orgId: number }>;
    const streetUnits = new Set(
      (await sql<{ id: number }>`SELECT id FROM orgs WHERE path <@ ${(await me(street)).scope.orgPath}::ltree`.execute(t.c.db)).rows.map((r) => r.id),
    );
    expect(all.some((m) => streetUnits.has(m.orgId))).toBe(false);
  });

  it('records tag changes and leaving in the history', async () => {
    const a = await enrol(street, unionA.id);
    const tagged = await street.put(`/api/members/${a.id}/tags`, { tags: ['new_form'], newFormKind: 'courier' });
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(200);
    expect(tagged.body).toMatchObject({ tags: ['new_form'], newFormKind: 'courier' });
    const left = await street.post(`/api/members/${a.id}/leave`, { reason: '退休' });
    expect(left.body).toMatchObject({ status: 'left' });
    expect(left.body.leftOn).not.toBeNull();
    expect(await t.c.members.activeMembership(t.c.db, a.personId)).toBeNull();
    const events = (await street.get(`/api/members/${a.id}`)).body.history.map((h: { event: string }) => h.event);
    expect(events).toEqual(['joined', 'tags_changed', 'left']);
  });
});

describe('members: self-registration on the portal, confirmation, card', () => {
  it('a worker registers with real name and ID number, the union confirms, the card verifies', async () => {
    const phone = newPhone();
    const citizen = await signInCitizen(t, phone, { name: '王小明', regionCode: communityCode });
    const found = await citizen.get(`/api/portal/member-unions?q=${encodeURIComponent(unionA.name.slice(0, 4))}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((u: { id: number }) => u.id)).toContain(unionA.id);
    expect((await citizen.get(`/api/portal/member-unions/${unionA.id}`)).body.name).toBe(unionA.name);
    expect((await citizen.get('/api/portal/member-card')).status).toBe(404);

    const idNumber = newId('19960315');
    const hardship = await citizen.post('/api/portal/member-registrations', { orgId: unionA.id, name: '王小明', idNumber, tags: ['hardship'] });
    expect(hardship.status).toBe(400);
    const bad = await citizen.post('/api/portal/member-registrations', {
      orgId: unionA.id,
      name: '王小明',
      idNumber: idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('idNumber');
    const reg = await citizen.post('/api/portal/member-registrations', { orgId: unionA.id, name: '王小明', idNumber, tags: ['migrant_worker'] });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    expect(reg.body).toMatchObject({ member: null, registration: { status: 'pending', orgName: unionA.name } });
    expect((await citizen.post('/api/portal/member-registrations', { orgId: unionA2.id, name: '王小明', idNumber })).status).toBe(409);

    const queue = await street.get('/api/member-registrations?status=pending');
    const mine = (queue.body.items as Array<{ id: number; personId: number; name: string; idNumberMasked: string }>).find(
      (r) => r.personId === citizen.personId,
    )!;
    expect(mine).toMatchObject({ name: '王**' });
    expect(mine.idNumberMasked).not.toBe(idNumber);
    expect((await street2.get('/api/member-registrations?status=pending')).body.items.some((r: { id: number }) => r.id === mine.id)).toBe(false);
    expect((await street2.post(`/api/member-registrations/${mine.id}/confirm`, {})).status).toBe(404);
    const ok = await street.post(`/api/member-registrations/${mine.id}/confirm`, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    expect((await street.post(`/api/member-registrations/${mine.id}/confirm`, {})).status).toBe(409);

    const membership = await citizen.get('/api/portal/membership');
    expect(membership.body.member).toMatchObject({ orgId: unionA.id, status: 'active', tags: ['migrant_worker'], nameMasked: '王**' });
    const card = await citizen.get('/api/portal/member-card');
    expect(card.status).toBe(200);
    expect(card.body.token).toMatch(/^QHM1\.[0-9]+\.[0-9]+\.[A-Za-z0-9_-]{43}$/);
    expect(card.body.token).not.toContain(idNumber);
    expect(card.body.token).not.toContain(phone);
    // Staff of any union, or a provider, can verify it.
    const v = await street2.post('/api/member-cards/verify', { token: card.body.token });
    expect(v.body).toMatchObject({ valid: true, nameMasked: '王**', orgName: unionA.name, status: 'active', memberNo: membership.body.member.memberNo });
    const forged = card.body.token.replace(/\.(\d+)\./, (_: string, id: string) => `.${Number(id) + 1}.`);
    expect((await street2.post('/api/member-cards/verify', { token: forged })).body).toMatchObject({ valid: false, reason: 'bad_signature', nameMasked: null });
    const memberId = Number(card.body.token.split('.')[1]);
    const expired = cardToken(memberId, Math.floor(Date.now() / 1000) - 1, (p) => blindIndex(t.c.keyring, 'member.card', p));
    expect((await street2.post('/api/member-cards/verify', { token: expired })).body).toMatchObject({ valid: false, reason: 'expired' });
    expect((await citizen.post('/api/member-cards/verify', { token: card.body.token })).status).toBe(401);
    // A provider at its counter gets the same answer, and nothing else of the member.
    const provider = await t.as('provider.cinema');
    const atCounter = await provider.post('/api/member-cards/verify', { token: card.body.token });
    expect(atCounter.status, JSON.stringify(atCounter.body)).toBe(200);
    expect(atCounter.body).toEqual(v.body);
    expect((await provider.get(`/api/members?pageSize=1`)).status).toBe(403);
  });

  it('a 新就业形态 worker may join a street-level union; others may not', async () => {
    const streetOrg = (await me(street)).orgId;
    const c1 = await signInCitizen(t, newPhone(), { name: '刘骑手', regionCode: communityCode });
    const no = await c1.post('/api/portal/member-registrations', { orgId: streetOrg, name: '刘骑手', idNumber: newId('19990909') });
    expect(no.status).toBe(400);
    expect(no.body.error.field).toBe('orgId');
    const yes = await c1.post('/api/portal/member-registrations', {
      orgId: streetOrg,
      name: '刘骑手',
      idNumber: newId('19990909'),
      tags: ['new_form'],
      newFormKind: 'food_delivery',
    });
    expect(yes.status, JSON.stringify(yes.body)).toBe(201);
    const reg = (await street.get('/api/member-registrations?status=pending')).body.items.find((r: { personId: number }) => r.personId === c1.personId);
    const done = await street.post(`/api/member-registrations/${reg.id}/confirm`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await t.c.members.activeMembership(t.c.db, c1.personId)).toMatchObject({ orgId: streetOrg, tags: ['new_form'] });
  });
});

describe('members: transfer (会员关系转接)', () => {
  it('needs both unions; at no moment is the member in two unions or in none; history follows the member number', async () => {
    const a = await enrol(street, unionA.id, { tags: ['model_worker'] });
    const tr = await street.post('/api/member-transfers', { memberId: a.id, toOrgId: unionB.id, reason: '工作调动' });
    expect(tr.status, JSON.stringify(tr.body)).toBe(201);
    expect(tr.body).toMatchObject({ status: 'pending', fromConfirmed: false, toConfirmed: false, toOrgName: unionB.name });
    expect((await street.post('/api/member-transfers', { memberId: a.id, toOrgId: unionB.id })).status).toBe(409);
    // The receiving union sees it among its transfers; a union on neither side does not.
    expect((await street2.get('/api/member-transfers?status=pending')).body.items.some((x: { id: number }) => x.id === tr.body.id)).toBe(true);

    // Both sides confirm at the same moment while a reader counts the person's active memberships.
    let stop = false;
    const seen = new Set<number>();
    const reader = (async () => {
      while (!stop) seen.add(await activeRows(a.personId));
    })();
    const [s1, s2] = await Promise.all([
      street.post(`/api/member-transfers/${tr.body.id}/confirm`, {}),
      street2.post(`/api/member-transfers/${tr.body.id}/confirm`, {}),
    ]);
    stop = true;
    await reader;
    expect([s1.status, s2.status]).toEqual([200, 200]);
    expect(seen).toEqual(new Set([1]));
    const final = (await street.get(`/api/member-transfers?status=completed`)).body.items.find((x: { id: number }) => x.id === tr.body.id);
    expect(final).toMatchObject({ status: 'completed', fromConfirmed: true, toConfirmed: true });
    const now = await t.c.members.activeMembership(t.c.db, a.personId);
    expect(now).toMatchObject({ orgId: unionB.id, memberNo: a.memberNo, tags: ['model_worker'] });
    const rows = (
      await sql<{ org_id: number; status: string }>`SELECT org_id, status FROM union_members WHERE person_id = ${a.personId} ORDER BY id`.execute(t.c.db)
    ).rows;
    expect(rows).toEqual([
      { org_id: unionA.id, status: 'transferred_out' },
      { org_id: unionB.id, status: 'active' },
    ]);
    // The old row is gone from the sending union's active list and visible, as transferred out, to its staff.
    expect((await street.get(`/api/members/${a.id}`)).body.status).toBe('transferred_out');
    const hist = (await street2.get(`/api/members/${now!.memberId}`)).body.history.map((h: { event: string }) => h.event);
    expect(hist).toEqual(['joined', 'transferred_out', 'transferred_in']);
    expect((await street.post(`/api/member-transfers/${tr.body.id}/confirm`, {})).status).toBe(409);
  });

  it('under repeated concurrent confirmations a transfer completes exactly once', async () => {
    for (let i = 0; i < 3; i++) {
      const a = await enrol(street, unionA.id);
      const tr = (await street.post('/api/member-transfers', { memberId: a.id, toOrgId: unionB.id })).body as { id: number };
      const results = await Promise.all([street, street2, street, street2].map((c) => c.post(`/api/member-transfers/${tr.id}/confirm`, {})));
      expect(results.filter((r) => r.status === 200).length).toBe(2);
      expect(await activeRows(a.personId)).toBe(1);
      const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members WHERE person_id = ${a.personId}`.execute(t.c.db)).rows[0]!.n;
      expect(n).toBe(2);
    }
  });

  it('the database itself refuses a second active membership of a person', async () => {
    const a = await enrol(street, unionA.id);
    await expect(
      sql`INSERT INTO union_members (org_id, person_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path)
        SELECT ${unionB.id}, person_id, 'M0000000001', name_masked, gender, birth_year, joined_on, region_code, region_path FROM union_members WHERE id = ${a.id}`.execute(
        t.c.db,
      ),
    ).rejects.toThrow(/union_members_one_active/);
  });

  it('a refused transfer leaves the member where they were', async () => {
    const a = await enrol(street, unionA.id);
    const tr = (await street.post('/api/member-transfers', { memberId: a.id, toOrgId: unionB.id })).body as { id: number };
    const no = await street2.post(`/api/member-transfers/${tr.id}/reject`, { reason: '不符合条件' });
    expect(no.body.status).toBe('rejected');
    expect(await t.c.members.activeMembership(t.c.db, a.personId)).toMatchObject({ orgId: unionA.id });
  });
});

describe('members: import (导入)', () => {
  it('previews every kind of problem in the caller’s language, imports the valid rows in the background, and a re-run adds nothing', async () => {
    const elsewhere = newId('19800101');
    await enrol(street2, unionB.id, { idNumber: elsewhere });
    const ok1 = newId('19850505');
    const ok2 = newId('19860606');
    const badSum = ok1.slice(0, 17) + (ok1.endsWith('1') ? '2' : '1');
    const phone1 = newPhone();
    const csv = [
      '姓名,身份证号,手机,工会代码,入会日期',
      `陈一,${ok1},${phone1},${unionA.id},2024-03-01`,
      `陈二,${ok2},,${unionA2.id},`,
      `陈三,${badSum},,${unionA.id},`,
      `陈四,${ok1},,${unionA.id},`,
      `陈五,${elsewhere},,${unionA.id},`,
      `陈六,${newId('19870707')},,${unionB.id},`,
      `陈七,${newId('19880808')},12345,${unionA.id},`,
      `,${newId('19890909')},,${unionA.id},`,
    ].join('\n');
    const pre = await upload(street, '会员名单.csv', Buffer.from(csv));
    expect(pre.status, JSON.stringify(pre.body)).toBe(201);
    expect(pre.body).toMatchObject({ status: 'previewed', totalRows: 8, validRows: 2, errorRows: 6, inserted: 0 });
    const codes = (pre.body.problems as Array<{ row: number; field: string; code: string }>).map((p) => `${p.row}:${p.field}:${p.code}`);
    expect(codes).toEqual([
      '4:idNumber:id_checksum',
      '5:idNumber:duplicate_in_file',
      '6:idNumber:member_elsewhere',
      '7:unionCode:unknown_union',
      '8:phone:phone',
      '9:name:required',
    ]);
    expect(pre.body.problems[1].message).toContain('第 2 行');
    // Nothing written yet.
    expect((await street.post('/api/members/lookup', { idNumber: ok1 })).body.items).toEqual([]);
    const en = await street.get(`/api/member-imports/${pre.body.id}`, { headers: { 'accept-language': 'en' } });
    expect(en.body.problems[1].message).toContain('repeats row 2');
    expect((await street2.get(`/api/member-imports/${pre.body.id}`)).status).toBe(404);
    expect((await street2.post(`/api/member-imports/${pre.body.id}/commit`, {})).status).toBe(404);

    const go = await street.post(`/api/member-imports/${pre.body.id}/commit`, {});
    expect(go.status, JSON.stringify(go.body)).toBe(202);
    await t.c.members.imports.settled(pre.body.id);
    const done = await street.get(`/api/member-imports/${pre.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', inserted: 2, processed: 8 });
    const found = (await street.post('/api/members/lookup', { idNumber: ok1 })).body.items;
    expect(found).toMatchObject([{ orgId: unionA.id, source: 'import', joinedOn: '2024-03-01', nameMasked: '陈*' }]);
    expect((await street.post('/api/members/lookup', { phone: phone1 })).body.items.length).toBe(1);

    // The list is kept on disk, sealed: named by the import and its content, no ID number or phone readable in it.
    const sha = (await sql<{ sha: string }>`SELECT file_sha256 AS sha FROM member_imports WHERE id = ${pre.body.id}`.execute(t.c.db)).rows[0]!.sha;
    expect(sha).toBe(createHash('sha256').update(csv).digest('hex'));
    const onDisk = readFileSync(path.join(t.c.members.imports.filesDir, `${pre.body.id}-${sha}`));
    expect(onDisk.subarray(0, 4).toString()).toBe('QHS1');
    expect(onDisk.includes(Buffer.from(ok1))).toBe(false);
    expect(onDisk.includes(Buffer.from(phone1))).toBe(false);
    expect(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM member_imports WHERE id = ${pre.body.id} AND file_enc IS NULL`.execute(t.c.db)).rows[0]!.n,
    ).toBe(1);

    const errs = await street.get(`/api/member-imports/${pre.body.id}/errors`);
    expect(errs.status).toBe(200);
    expect(errs.raw.subarray(0, 2).toString()).toBe('PK');

    // The same file again: the two imported rows are already members of their unions; nothing is added.
    const again = await upload(street, '会员名单.csv', Buffer.from(csv));
    expect(again.body).toMatchObject({ validRows: 0, skipped: 2, errorRows: 6 });
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members`.execute(t.c.db)).rows[0]!.n;
    await street.post(`/api/member-imports/${again.body.id}/commit`, {});
    await t.c.members.imports.settled(again.body.id);
    expect((await street.get(`/api/member-imports/${again.body.id}`)).body).toMatchObject({ status: 'done', inserted: 0 });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members`.execute(t.c.db)).rows[0]!.n).toBe(before);
  });

  it('keeps the first 1,000 problems for the preview and counts them all', async () => {
    // One problem per row (the name is missing), each with its own ID number: a different birth day per row.
    const rows = Array.from(
      { length: 1_204 },
      (_, i) => `,${newId(new Date(Date.UTC(1990, 0, 1 + i)).toISOString().slice(0, 10).replaceAll('-', ''))},,${unionA.id},`,
    );
    const csv = ['姓名,身份证号,手机,工会代码,入会日期', ...rows].join('\n');
    const pre = await upload(street, '缺姓名.csv', Buffer.from(csv));
    expect(pre.status, JSON.stringify(pre.body).slice(0, 300)).toBe(201);
    expect(pre.body).toMatchObject({ totalRows: 1_204, errorRows: 1_204, problemsTotal: 1_204 });
    expect(pre.body.problems).toHaveLength(200);
  });

  it('an import left running by a process that stopped is taken up by one other process only, as its account, each row once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => newId(`1991${String(1 + (i % 12)).padStart(2, '0')}1${i % 10}`));
    const csv = ['姓名,身份证号,手机,工会代码,入会日期', ...ids.map((id, i) => `续${i},${id},,${unionA.id},`)].join('\n');
    const pre = await upload(street, '续传.csv', Buffer.from(csv));
    expect(pre.body).toMatchObject({ totalRows: 12, validRows: 12 });
    const id = pre.body.id as number;
    const accountId = (await sql<{ id: number }>`SELECT id FROM accounts WHERE username = 'union.street'`.execute(t.c.db)).rows[0]!.id;
    const actor = await t.c.sessions.actorOfAccount(t.c.db, accountId);
    expect(actor?.scope.orgPath).toBe((await me(street)).scope.orgPath);
    const runner = (batchRows: number) =>
      new MemberImports(t.c.db, t.c.audit, t.c.keyring, t.c.orgs, t.c.regions, t.c.people, t.c.sessions, t.c.members.imports.filesDir, {
        connect: () => createListenerClient(t.c.pool, 'test-import'),
        batchRows,
      });
    const state = async () =>
      (
        await sql<{ status: string; processed: number; inserted: number; skipped: number; attempts: number }>`
        SELECT status, processed, inserted, skipped, attempts FROM member_imports WHERE id = ${id}`.execute(t.c.db)
      ).rows[0]!;
    const written = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM union_members WHERE import_id = ${id}`.execute(t.c.db)).rows[0]!.n;

    // Process A commits and stops before its first batch: the import stays running, nothing written, no attempt spent.
    const a = runner(3);
    await a.commit({ actor: actor!, ip: '127.0.0.1', requestId: 'test' }, 'zh-CN', id);
    await a.stop();
    expect(await state()).toMatchObject({ status: 'running', processed: 0, inserted: 0, attempts: 0 });
    expect(await written()).toBe(0);

    // While another process holds the import, nobody else takes it.
    const holder = new pg.Client({ connectionString: t.dbUrl });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1, $2::int)', [0x51480001, id]);
    const b = runner(3);
    expect(await b.resume()).toBeGreaterThanOrEqual(1);
    await b.settled(id);
    expect(await state()).toMatchObject({ status: 'running', processed: 0 });
    await holder.end();

    // Free: B takes it up and imports every row, in four batches.
    await b.resume();
    await b.settled(id);
    expect(await state()).toMatchObject({ status: 'done', processed: 12, inserted: 12, skipped: 0, attempts: 1 });
    expect(await written()).toBe(12);
    const batches = (
      await sql<{ actor_name: string }>`SELECT actor_name FROM audit_log WHERE action = 'member.import.batch' AND object_id = ${String(id)}`.execute(t.c.db)
    ).rows;
    expect(batches.map((r) => r.actor_name)).toEqual(['union.street', 'union.street', 'union.street', 'union.street']);

    // A process that died after its last batch and before marking the import done: the rows are counted as the
    // import's own, once, and nothing is written twice.
    await sql`UPDATE member_imports SET status = 'running', finished_at = NULL WHERE id = ${id}`.execute(t.c.db);
    const c2 = runner(3);
    await c2.resume();
    await c2.settled(id);
    expect(await state()).toMatchObject({ status: 'done', processed: 12, inserted: 12, skipped: 0 });
    expect(await written()).toBe(12);
    expect((await street.get(`/api/member-imports/${id}`)).body).toMatchObject({ status: 'done', inserted: 12 });
  });

  it('with two batches written at once, the stored progress is at every moment the rows that have committed', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => newId(`1993${String(1 + (i % 12)).padStart(2, '0')}2${i % 8}`));
    const csv = ['姓名,身份证号,手机,工会代码', ...ids.map((id, i) => `并${i},${id},,${unionA.id}`)].join('\n');
    const pre = await upload(street, '并行.csv', Buffer.from(csv));
    expect(pre.body).toMatchObject({ totalRows: 40, validRows: 40 });
    const id = pre.body.id as number;
    const accountId = (await sql<{ id: number }>`SELECT id FROM accounts WHERE username = 'union.street'`.execute(t.c.db)).rows[0]!.id;
    const actor = await t.c.sessions.actorOfAccount(t.c.db, accountId);
    const runner = new MemberImports(t.c.db, t.c.audit, t.c.keyring, t.c.orgs, t.c.regions, t.c.people, t.c.sessions, t.c.members.imports.filesDir, {
      batchRows: 2,
      writers: 2,
    });
    await runner.commit({ actor: actor!, ip: '127.0.0.1', requestId: 'test' }, 'zh-CN', id);
    // Progress and rows read in one snapshot, again and again while the 20 batches commit in whatever order.
    const seen: Array<{ processed: number; inserted: number; n: number }> = [];
    let running = true;
    const settled = runner.settled(id).finally(() => (running = false));
    while (running) {
      seen.push(
        (
          await sql<{ processed: number; inserted: number; n: number }>`SELECT processed, inserted,
            (SELECT count(*)::int FROM union_members WHERE import_id = ${id}) AS n FROM member_imports WHERE id = ${id}`.execute(t.c.db)
        ).rows[0]!,
      );
    }
    await settled;
    expect(seen.length).toBeGreaterThan(1);
    for (const s of seen) {
      expect(s.inserted).toBe(s.n);
      expect(s.processed).toBe(s.n);
    }
    const done = (await street.get(`/api/member-imports/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', processed: 40, inserted: 40, skipped: 0 });
  });

  it('refuses a file without the required columns, naming them', async () => {
    const r = await upload(street2, 'x.csv', Buffer.from('姓名,手机\n张三,13900000000'));
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('file');
    expect(r.body.error.message).toContain('idNumber');
  });
});

describe('members: import upload (multipart)', () => {
  it('reads a list sent in small pieces (cut inside characters and quotes) and a workbook alike', async () => {
    const ids = [newId('19920101'), newId('19920202'), newId('19920303')];
    const csv = Buffer.from(
      [
        '\uFEFF姓名,身份证号,手机,工会代码,入会日期',
        `"林, 一",${ids[0]},,${unionA.id},`,
        `"林""二""",${ids[1]},,${unionA.id},`,
        `林三,${ids[2]},,${unionA.id},`,
      ].join('\r\n'),
    );
    const pieces = Array.from({ length: Math.ceil(csv.length / 7) }, (_, i) => csv.subarray(i * 7, i * 7 + 7));
    // Who may not import is refused before the upload is read.
    expect((await upload(community, '分段.csv', pieces)).status).toBe(403);
    const pre = await upload(street2, '分段.csv', pieces);
    expect(pre.status, JSON.stringify(pre.body)).toBe(201);
    expect(pre.body).toMatchObject({ fileName: '分段.csv', totalRows: 3, validRows: 0, errorRows: 3 });
    // street2's scope does not reach unionA: every row is refused for its union, none for its shape.
    expect(new Set((pre.body.problems as Array<{ code: string }>).map((p) => p.code))).toEqual(new Set(['unknown_union']));

    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号', '工会代码', '入会日期']);
    ws.addRow(['王一', newId('19930101'), String(unionA.id), new Date(Date.UTC(2023, 4, 6))]);
    ws.addRow(['王二', '123', String(unionA.id), null]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const wx = await upload(street2, '名单.xlsx', xlsx, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(wx.status, JSON.stringify(wx.body)).toBe(201);
    expect(wx.body).toMatchObject({ totalRows: 2, errorRows: 2 });
    expect((wx.body.problems as Array<{ row: number; code: string }>).map((p) => `${p.row}:${p.code}`)).toEqual([
      '2:unknown_union',
      '3:id_format',
      '3:unknown_union',
    ]);
  });

  it('refuses a list over 200 MB while it streams in, naming the field, in the caller’s language, and keeps nothing of it', async () => {
    const before = readdirSync(t.c.members.imports.filesDir);
    const line = Buffer.from(`林一,${newId('19940101')},,${unionA.id},\n`);
    const mb = Buffer.alloc(1024 * 1024, line.toString().repeat(Math.ceil((1024 * 1024) / line.length)));
    const head = Buffer.from('姓名,身份证号,手机,工会代码,入会日期\n');
    const pieces = function* () {
      yield head;
      for (let i = 0; i <= MEMBER_IMPORT_MAX_BYTES / mb.length; i++) yield mb;
    };
    const r = await upload(street2, 'big.csv', pieces(), { lang: 'en' });
    expect(r.status, JSON.stringify(r.body)).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'file' });
    expect(r.body.error.message).toBe('Field file must be at most 200 MB');
    expect(readdirSync(t.c.members.imports.filesDir).sort()).toEqual(before.sort());
    // Declared too long: refused before a byte of it is read.
    const declared = await t.app.inject({
      method: 'POST',
      url: '/api/member-imports',
      payload: 'x',
      headers: {
        cookie: street2.cookie,
        'x-csrf-token': street2.csrf,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(MEMBER_IMPORT_MAX_BYTES * 2),
      },
    });
    expect(declared.statusCode).toBe(413);
  }, 60_000);

  it('refuses a file that is neither a workbook nor text, and the old base64 body', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR')]);
    const r = await upload(street, 'members.csv', png, { type: 'text/csv' });
    expect(r.status, JSON.stringify(r.body)).toBe(415);
    expect(r.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'file' });
    const pdf = await upload(street, 'members.csv', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n'));
    expect(pdf.status).toBe(415);
    const empty = await upload(street, 'members.csv', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('file');
    const json = await street.post('/api/member-imports', { fileName: 'x.csv', contentBase64: Buffer.from('姓名,身份证号,工会代码\n').toString('base64') });
    expect(json.status).toBe(415);
  });
});

describe('members: personal data', () => {
  it('no plaintext ID number or phone in any table of the database: members, people, imports, jobs, idempotency keys, audit', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    // The scan below looks for the shapes this file's generators make: the people it wrote must be in the database,
    // found by the blind index of one of its ID numbers, or the scan would see nothing and pass.
    const written = secrets.filter((s) => s.length === 18);
    const indexed = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM people WHERE id_number_bidx = ANY(${written.map((s) => t.c.people.idNumberIndex(s))}::bytea[])`.execute(t.c.db);
    expect(indexed.rows[0]!.n).toBeGreaterThan(10);
    expect(written.every((s) => /^510104[0-9]{11}[0-9X]$/.test(s))).toBe(true);
    const tables = (
      await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`.execute(t.c.db)
    ).rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['union_members', 'member_imports', 'people', 'jobs', 'idempotency_keys', 'audit_log', 'benefit_claims']));
    // Every string shaped like one of this file's ID numbers (region 510104) or mobile numbers, in every row of every
    // table, must not be one of them.
    const known = new Set(secrets);
    for (const table of tables) {
      const found = (
        await sql<{
          v: string;
        }>`SELECT DISTINCT m[1] AS v FROM ${sql.table(table)} x CROSS JOIN LATERAL regexp_matches(row_to_json(x)::text, '(510104[0-9]{11}[0-9X]|1391234[0-9]{4})', 'g') m`.execute(
          t.c.db,
        )
      ).rows.map((r) => r.v);
      expect(
        found.filter((v) => known.has(v)),
        table,
      ).toEqual([]);
    }
  });
});
