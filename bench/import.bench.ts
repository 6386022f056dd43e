// npm run bench:import [-- --rows 1000000]: member import through the real import path (preview, then the background
// commit: validation, SM4, blind index, people and memberships, audit) beside a plain script doing the same
// validation and encryption and then COPYing the same rows (people, memberships, their history), and a plain COPY of
// the unprotected rows for reference.
// npm run bench:import -- --http [--rows 1000000]: the same list sent to a running server (server/main.ts, demo mode) as
// the console sends it (multipart upload, preview, commit, polling), with the time and the server process's peak RSS.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { copyRows } from '../server/db/seed/city.js';
import { PERMISSIONS, type Actor } from '../server/platform/auth/actor.js';
import { blindIndex, encryptField } from '../server/platform/crypto/field-cipher.js';
import { SERVER_NODE_FLAGS, tuneHeap } from '../server/platform/heap.js';
import { maskIdNumber, maskName, maskPhone } from '../server/platform/crypto/masking.js';
import { makeIdNumber, validateIdNumber } from '../server/platform/validation/id-card.js';
import { validatePhone } from '../server/platform/validation/phone.js';
import { parseCsv } from '../server/modules/members/import-file.js';
import { benchDatabase, benchServer, procMemory } from './harness.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, http: { type: 'boolean', default: false } } });
const N = Number(values.rows);
// The import path runs in this process here: with the heap settings the server starts with.
tuneHeap();
const server = await benchServer('bench-import', 55640);
const { dataDir, adminUrl } = server;
if (values.http) {
  await httpBench(adminUrl);
  await server.stop();
  process.exit(0);
}
const dbName = `qunhub_bench_import_${Date.now()}`;
const { c } = await benchDatabase(server, dbName);

// A street union and two grassroots unions below it, one for each path.
const region = (
  await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'street' ORDER BY code LIMIT 1`.execute(c.db)
).rows[0]!;
const unit = async (name: string, level: string, parentPath: string | null) => {
  const r = await c.db
    .insertInto('orgs')
    .values({
      type_code: 'union',
      parent_id: parentPath ? Number(parentPath.split('.').pop()) : null,
      path: '0',
      name,
      level,
      region_code: region.code,
      region_path: region.path,
      district_code: region.path.split('.')[1] ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const p = parentPath ? `${parentPath}.${r.id}` : String(r.id);
  await c.db.updateTable('orgs').set({ path: p }).where('id', '=', r.id).execute();
  return { id: r.id, path: p };
};
const streetUnion = await unit('测试街道总工会', 'street', null);
const unionA = await unit('测试甲公司工会', 'grassroots', streetUnion.path);
const unionB = await unit('测试乙公司工会', 'grassroots', streetUnion.path);
const actor: Actor = {
  accountId: 0,
  username: 'bench',
  displayName: 'bench',
  orgId: streetUnion.id,
  orgName: '',
  orgTypeCode: 'union',
  roles: ['org_admin'],
  adminKind: null,
  permissions: new Set(PERMISSIONS),
  scope: { orgPath: streetUnion.path, regionPath: region.path, crossType: false, orgId: streetUnion.id },
  mustChangePassword: false,
};
const ctx = { actor, ip: '127.0.0.1', requestId: 'bench' };

/** N distinct valid ID numbers (district prefix, birth day, order code), a phone each, the union's code. */
function csvFor(prefix: string, unionId: number): Buffer {
  const lines = ['姓名,身份证号,手机,工会代码'];
  const base = Date.UTC(1965, 0, 1);
  for (let i = 0; i < N; i++) {
    const d = new Date(base + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    lines.push(`职工${i % 997},${makeIdNumber(prefix, d, String(i % 1000).padStart(3, '0'))},1${3 + (i % 7)}${String(i).padStart(9, '0')},${unionId}`);
  }
  return Buffer.from(lines.join('\n'));
}
const fileA = path.join(dataDir, `members-${N}-a.csv`);
const fileB = path.join(dataDir, `members-${N}-b.csv`);
writeFileSync(fileA, csvFor('510104', unionA.id));
writeFileSync(fileB, csvFor('510105', unionB.id));
process.stdout.write(`generated ${N.toLocaleString('en')} rows twice (${(readFileSync(fileA).length / 1e6).toFixed(1)} MB each)\n`);

// ── 1. The real import path, with the process's resident memory sampled.
let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
const pre = await c.members.imports.preview(ctx, 'zh-CN', { fileName: 'members-a.csv', content: createReadStream(fileA) });
const tPreview = performance.now() - t1;
await c.members.imports.commit(ctx, 'zh-CN', pre.id);
await c.members.imports.settled(pre.id);
const product = performance.now() - t1;
clearInterval(sampler);
const done = await c.members.imports.get(ctx, 'zh-CN', pre.id);
if (done.status !== 'done' || done.inserted !== N) throw new Error(`import ended ${done.status} with ${done.inserted} of ${N}`);

// ── 2. Plain script: the same validation, SM4 and blind index, then COPY.
const t2 = performance.now();
const records = parseCsv(readFileSync(fileB, 'utf8')).slice(1);
const ids = (
  await sql<{ id: number }>`SELECT setval(pg_get_serial_sequence('people', 'id'), nextval(pg_get_serial_sequence('people', 'id')) + ${N}) - ${N} AS id`.execute(
    c.db,
  )
).rows[0]!.id;
const seen = new Set<string>();
const people: unknown[][] = [];
const members: unknown[][] = [];
records.forEach((r, k) => {
  const [name, rawId, rawPhone] = r as [string, string, string];
  const v = validateIdNumber(rawId);
  const p = validatePhone(rawPhone);
  if (!v.ok || !p.ok || seen.has(v.value)) return;
  seen.add(v.value);
  const id = ids + k + 1;
  const rowId = String(id);
  people.push([
    id,
    name,
    v.gender,
    v.birthDate,
    encryptField(c.keyring, v.value, { table: 'people', column: 'id_number', rowId }),
    blindIndex(c.keyring, 'person.id_number', v.value),
    maskIdNumber(v.value),
    encryptField(c.keyring, p.value, { table: 'people', column: 'phone', rowId }),
    blindIndex(c.keyring, 'person.phone', p.value),
    maskPhone(p.value),
    '{worker}',
    region.code,
    region.path,
    region.path.split('.')[1],
  ]);
  members.push([
    id,
    `B${String(k).padStart(10, '0')}`.replace('B', 'M'),
    maskName(name),
    v.gender,
    Number(v.birthDate.slice(0, 4)),
    unionB.id,
    unionB.path,
    region.code,
    region.path,
    '2026-01-01',
    'import',
  ]);
});
const tCrypto = performance.now() - t2;
const hex = (b: Buffer) => `\\x${b.toString('hex')}`;
await copyRows(
  c.pool,
  'people',
  [
    'id',
    'name',
    'gender',
    'birth_date',
    'id_number_enc',
    'id_number_bidx',
    'id_number_masked',
    'phone_enc',
    'phone_bidx',
    'phone_masked',
    'groups',
    'region_code',
    'region_path',
    'district_code',
  ],
  people.map((r) => r.map((x) => (Buffer.isBuffer(x) ? hex(x) : x))),
  people.length,
);
const tPeople = performance.now() - t2 - tCrypto;
await copyRows(
  c.pool,
  'union_members',
  ['person_id', 'member_no', 'name_masked', 'gender', 'birth_year', 'org_id', 'org_path', 'region_code', 'region_path', 'joined_on', 'source'],
  members,
  members.length,
);
// The import also writes each membership's first history entry: the same rows, in one statement.
await sql`INSERT INTO union_member_history (member_id, person_id, event, org_id, on_date, detail)
  SELECT id, person_id, 'imported', org_id, current_date, '{}' FROM union_members WHERE org_id = ${unionB.id}`.execute(c.db);
const plain = performance.now() - t2;
const tMembers = plain - tCrypto - tPeople;

// ── 3. Plain COPY of the unprotected rows, for reference.
await sql`CREATE UNLOGGED TABLE bench_plain_members (name text, id_number text, phone text, org_id bigint)`.execute(c.db);
const t3 = performance.now();
await copyRows(
  c.pool,
  'bench_plain_members',
  ['name', 'id_number', 'phone', 'org_id'],
  records.map((r) => [r[0], r[1], r[2], unionB.id]),
  records.length,
);
const raw = performance.now() - t3;

const rate = (ms: number) => Math.round(N / (ms / 1000));
process.stdout.write(
  [
    `rows: ${N.toLocaleString('en')}`,
    `import path (preview ${(tPreview / 1000).toFixed(1)} s + background commit): ${(product / 1000).toFixed(1)} s, ${rate(product).toLocaleString('en')} rows/s`,
    `plain script (validate + SM4 + blind index + COPY + history):  ${(plain / 1000).toFixed(1)} s, ${rate(plain).toLocaleString('en')} rows/s`,
    `  of which validation + SM4 + blind index ${(tCrypto / 1000).toFixed(1)} s, COPY people ${(tPeople / 1000).toFixed(1)} s, COPY memberships and their history ${(tMembers / 1000).toFixed(1)} s`,
    `ratio import path / plain script: ${(plain / product).toFixed(2)}× (target ≥ 0.7×)`,
    `plain COPY of unprotected rows (reference): ${(raw / 1000).toFixed(1)} s, ${rate(raw).toLocaleString('en')} rows/s`,
    `process RSS: ${Math.round(rssBefore / 1e6)} MB before, peak ${Math.round(rssPeak / 1e6)} MB during the import path (target < 500 MB)`,
    '',
  ].join('\n'),
);
await c.close();
const drop = new pg.Client({ connectionString: adminUrl });
await drop.connect();
await drop.query(`DROP DATABASE ${dbName}`);
await drop.end();
await server.stop();

/** The console's path through HTTP: the server started as `npm start` would, over a database of its own. */
async function httpBench(adminUrl: string): Promise<void> {
  const name = `qunhub_bench_http_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = adminUrl.replace(/\/postgres$/, `/${name}`);
  const dir = path.join(dataDir, `http-${Date.now()}`);
  mkdirSync(path.join(dir, 'web'), { recursive: true });
  writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html><title>QunHub</title>');
  const port = 55800 + Math.floor(Math.random() * 100);
  const base = `http://127.0.0.1:${port}`;
  const start = async () => {
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        QUNHUB_MODE: 'demo',
        DATABASE_URL: dbUrl,
        DATA_DIR: path.join(dir, 'data'),
        WEB_DIST_DIR: path.join(dir, 'web'),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return child;
      if (child.exitCode !== null || i > 3000) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // The first start loads the demo data in the server's process; the one measured starts over the loaded database.
  const first = await start();
  first.kill('SIGTERM');
  await once(first, 'exit');
  const server = await start();
  try {
    const idle = procMemory(server.pid!).rss;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'union.street', password: (await import('../server/db/seed/demo.js')).DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const session = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const union = (
      await db.query<{ id: number }>(`SELECT o.id FROM orgs o JOIN accounts a ON a.username = 'union.street' JOIN orgs s ON s.id = a.org_id
        WHERE o.path <@ s.path AND o.type_code = 'union' AND o.level IN ('grassroots', 'community') AND o.status = 'active' ORDER BY o.id LIMIT 1`)
    ).rows[0]!.id;
    await db.end();

    // The list is written to disk a line at a time and sent from there: the bench holds none of it either.
    const file = path.join(dir, `members-${N}.csv`);
    const out = createWriteStream(file);
    out.write('姓名,身份证号,手机,工会代码\n');
    const base0 = Date.UTC(1965, 0, 1);
    for (let i = 0; i < N; i++) {
      const d = new Date(base0 + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      if (!out.write(`职工${i % 997},${makeIdNumber('510106', d, String(i % 1000).padStart(3, '0'))},1${3 + (i % 7)}${String(i).padStart(9, '0')},${union}\n`))
        await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const bytes = statSync(file).size;
    process.stdout.write(`generated ${N.toLocaleString('en')} rows (${(bytes / 1e6).toFixed(1)} MB); server idle RSS ${Math.round(idle / 1e6)} MB\n`);

    let peak = idle;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, procMemory(server.pid!).rss);
      } catch {
        // The server has gone; the error below says so.
      }
    }, 100);
    const t0 = performance.now();
    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), `members-${N}.csv`);
    const pre = await fetch(`${base}/api/member-imports`, { method: 'POST', headers: session, body: form });
    const preview = (await pre.json()) as { id: number; totalRows: number; validRows: number; errorRows: number };
    if (pre.status !== 201) throw new Error(`upload refused: ${pre.status} ${JSON.stringify(preview).slice(0, 300)}`);
    const tPreview = performance.now() - t0;
    const peakPreview = peak;
    const go = await fetch(`${base}/api/member-imports/${preview.id}/commit`, {
      method: 'POST',
      headers: { ...session, 'content-type': 'application/json' },
      body: '{}',
    });
    if (go.status !== 202) throw new Error(`commit refused: ${go.status}`);
    let state = { status: 'running', processed: 0, inserted: 0, skipped: 0 };
    while (state.status === 'running') {
      await new Promise((r) => setTimeout(r, 1000));
      state = (await (await fetch(`${base}/api/member-imports/${preview.id}`, { headers: session })).json()) as typeof state;
    }
    const total = performance.now() - t0;
    clearInterval(sampler);
    const hwm = procMemory(server.pid!).hwm;
    if (state.status !== 'done' || state.inserted !== N) throw new Error(`import ended ${state.status} with ${state.inserted} of ${N}`);
    process.stdout.write(
      [
        `HTTP multipart upload + preview of ${N.toLocaleString('en')} rows: ${(tPreview / 1000).toFixed(1)} s (${preview.validRows.toLocaleString('en')} valid, ${preview.errorRows} with problems)`,
        `commit (background, polled): ${((total - tPreview) / 1000).toFixed(1)} s; upload to done ${(total / 1000).toFixed(1)} s, ${Math.round(N / (total / 1000)).toLocaleString('en')} rows/s`,
        `server RSS: idle ${Math.round(idle / 1e6)} MB, peak during upload + preview ${Math.round(peakPreview / 1e6)} MB, peak overall ${Math.round(peak / 1e6)} MB (VmHWM ${Math.round(hwm / 1e6)} MB; target < 500 MB)`,
        '',
      ].join('\n'),
    );
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
    const drop = new pg.Client({ connectionString: adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await drop.end();
  }
}
