import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type Client, type TestEnv } from '../../test/harness.js';
import { makeIdNumber } from '../../platform/validation/id-card.js';

let t: TestEnv;
let community: Client;
let communityRegion: string;
const logLines: string[] = [];

const ID = makeIdNumber('510104', '19900307', '123');
const ID_FULLWIDTH = ID.replace(/[0-9]/g, (d: string) => String.fromCharCode(0xff10 + Number(d))).toLowerCase();

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logLines.push(chunk.toString('utf8')));
  t = await setupTestEnv({ LOG_LEVEL: 'info', LOG_REQUESTS: 'true' }, { logStream: stream });
  community = await t.as('union.community');
  communityRegion = (
    await t.c.db
      .selectFrom('accounts')
      .innerJoin('orgs', 'orgs.id', 'accounts.org_id')
      .select('orgs.region_code')
      .where('username', '=', 'union.community')
      .executeTakeFirstOrThrow()
  ).region_code;
});
afterAll(async () => t.close());

describe('people and personal data', () => {
  it('stores a person with the ID number normalised, encrypted and masked', async () => {
    const r = await community.post('/api/people', {
      name: '𠮷田·阿依古丽',
      idNumber: ID_FULLWIDTH,
      phone: '138 1234 5678',
      regionCode: communityRegion,
      groups: ['woman'],
    });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('𠮷田·阿依古丽');
    expect(r.body.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(r.body.idNumberMasked).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(r.body.phoneMasked).toBe('138****5678');
    expect(r.body.gender).toBe(Number(ID[16]) % 2 === 1 ? 'male' : 'female');
    expect(r.body.birthDate).toBe('1990-03-07');
    const dup = await community.post('/api/people', { name: '重复', idNumber: ID, regionCode: communityRegion });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('idNumber');
    const found = await community.post('/api/people/lookup', { idNumber: ID_FULLWIDTH });
    expect(found.body.items).toHaveLength(1);
    const byPhone = await community.post('/api/people/lookup', { phone: '13812345678' });
    expect(byPhone.body.items).toHaveLength(1);
  });

  it('refuses a wrong check digit, an impossible birth date and a bad phone, naming the field', async () => {
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const a = await community.post('/api/people', { name: '甲', idNumber: wrongCheck, regionCode: communityRegion });
    expect(a.status).toBe(400);
    expect(a.body.error.field).toBe('idNumber');
    expect(a.body.error.message).toContain('idNumber');
    const b = await community.post('/api/people', { name: '乙', idNumber: makeIdNumber('510104', '19990230', '123'), regionCode: communityRegion });
    expect(b.status).toBe(400);
    const c = await community.post('/api/people', { name: '丙', phone: '12345', regionCode: communityRegion });
    expect(c.status).toBe(400);
    expect(c.body.error.field).toBe('phone');
  });

  it('reveals a field only with a purpose, and audits who saw it and why', async () => {
    const p = (await community.post('/api/people/lookup', { idNumber: ID })).body.items[0];
    const noPurpose = await community.post(`/api/people/${p.id}/reveal`, { field: 'idNumber' });
    expect(noPurpose.status).toBe(400);
    const r = await community.post(`/api/people/${p.id}/reveal`, { field: 'idNumber', purpose: '核实身份办理困难帮扶' });
    expect(r.status).toBe(200);
    expect(r.body.value).toBe(ID);
    const audit = await t.c.db
      .selectFrom('audit_log')
      .select(['detail', 'actor_name'])
      .where('action', '=', 'person.reveal')
      .where('object_id', '=', String(p.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.detail)).toContain('核实身份办理困难帮扶');
    expect(JSON.stringify(audit[0]!.detail)).not.toContain(ID);
  });

  it('refuses a community worker of another community on every people endpoint', async () => {
    const p = (await community.post('/api/people/lookup', { idNumber: ID })).body.items[0];
    const stranger = await t.as('union.street2');
    for (const r of [
      await stranger.get(`/api/people/${p.id}`),
      await stranger.patch(`/api/people/${p.id}`, { name: '改名' }),
      await stranger.post(`/api/people/${p.id}/reveal`, { field: 'idNumber', purpose: '越权查看' }),
    ]) {
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(ID);
    }
    const list = await stranger.post('/api/people/lookup', { idNumber: ID });
    expect(list.body.items).toHaveLength(0);
  });

  it('detects swapped ciphertexts: the reveal fails with an integrity error and is audited', async () => {
    const a = (await community.post('/api/people', { name: '甲', idNumber: makeIdNumber('510104', '19850101', '231'), regionCode: communityRegion })).body;
    const b = (await community.post('/api/people', { name: '乙', idNumber: makeIdNumber('510104', '19850202', '232'), regionCode: communityRegion })).body;
    await sql`UPDATE people SET id_number_enc = (SELECT id_number_enc FROM people WHERE id = ${b.id}) WHERE id = ${a.id}`.execute(t.c.db);
    const r = await community.post(`/api/people/${a.id}/reveal`, { field: 'idNumber', purpose: '核对' });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTEGRITY');
    const failed = await t.c.db.selectFrom('audit_log').select('seq').where('action', '=', 'person.reveal').where('result', '=', 'failed').execute();
    expect(failed.length).toBe(1);
  });

  it('keeps no plaintext ID number or phone in any table or in the server log', async () => {
    const tables = (
      await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'bytea', 'character varying')`.execute(t.c.db)
    ).rows;
    const idPattern = /\d{17}[\dX]/;
    for (const col of tables) {
      const hits = await sql<{ v: string }>`SELECT ${sql.ref(col.column_name)}::text AS v FROM ${sql.table(col.table_name)}
        WHERE ${sql.ref(col.column_name)}::text ~ '[0-9]{17}[0-9X]' OR ${sql.ref(col.column_name)}::text ~ '1[3-9][0-9]{9}' LIMIT 1`.execute(t.c.db);
      const v = hits.rows[0]?.v ?? '';
      // bytea renders as hex (\x…) and digests (a migration's checksum) are hex, whose digits can look like numbers:
      // only non-hex text counts.
      if (v && !v.startsWith('\\x') && !/^[0-9a-f]{32,}$/.test(v)) expect.fail(`${col.table_name}.${col.column_name} holds ${v.slice(0, 30)}`);
    }
    const log = logLines.join('');
    expect(log).toContain('incoming request');
    expect(idPattern.test(log)).toBe(false);
    expect(/1[3-9]\d{9}/.test(log.replace(/"(reqId|requestId|time|responseTime)":[^,}]+/g, ''))).toBe(false);
  });
});
