import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createContainer, loadKeyring, type Container } from './container.js';
import { openDatabase, prepareDatabase, type DatabaseUrls } from './db/roles.js';
import { loadReferenceData } from './db/reference.js';
import { generateKeyMaterial } from './platform/crypto/keyring.js';

const USAGE = `qunhub — QunHub administration

  npm run qunhub -- audit verify              verify the HMAC-SM3 chain of the audit trail up to its signed anchor under
                                              DATA_DIR; names the first broken link and lists integrity alarms
  npm run qunhub -- db migrate [--city 5101]  apply pending migrations and load the reference data of a prefecture-level
                                              city (4-digit code; default QUNHUB_CITY, else 5101 Chengdu)
  npm run qunhub -- stats verify              recompute every dashboard figure from the records and compare it with its rollup
  npm run qunhub -- keys generate             print a fresh key set for production configuration
  npm run qunhub -- admin bootstrap --username NAME --org ORG_ID
                                              create a system, security or audit administrator (--role sys_admin|sec_admin|audit_admin)
                                              with a one-time password that must be changed at first sign-in

Uses DATABASE_URL (DATABASE_MIGRATION_URL for db migrate), or the embedded PostgreSQL under DATA_DIR (./data)
that npm start created.`;

async function withContainer<T>(config: Config, fn: (c: Container, urls: DatabaseUrls) => Promise<T>): Promise<T> {
  const urls = await openDatabase(config, { create: false });
  const c = createContainer(config, urls.appUrl, loadKeyring(config));
  try {
    return await fn(c, urls);
  } finally {
    await c.close();
    if (urls.embedded) await urls.embedded.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const [area, action, ...rest] = argv;
  if (area === 'keys' && action === 'generate') {
    const k = generateKeyMaterial();
    process.stdout.write(
      `QUNHUB_DATA_KEYS=${k.dataKeys}\nQUNHUB_ACTIVE_KEY_ID=${k.activeKeyId}\nQUNHUB_BLIND_INDEX_KEY=${k.blindIndexKey}\nQUNHUB_AUDIT_KEY=${k.auditKey}\n`,
    );
    return 0;
  }
  const config = loadConfig();
  if (area === 'audit' && action === 'verify') {
    return withContainer(config, async (c) => {
      const r = await c.audit.verify();
      const anchor = r.anchoredLink === null ? 'no anchor yet under DATA_DIR/audit-anchors' : `anchored up to link ${r.anchoredLink}`;
      if (r.ok) {
        process.stdout.write(`audit chain OK: ${r.rows} rows, head at seq ${r.headSeq}; ${anchor}\n`);
      } else {
        process.stdout.write(`audit chain BROKEN: first broken link at seq ${r.brokenAt} (${r.problem}); ${r.rows} rows verified before it; ${anchor}\n`);
      }
      if (r.alarms > 0) {
        process.stdout.write(`ALARMS: ${r.alarms} integrity alarm(s) recorded:\n`);
        for (const a of await c.audit.alarms(20)) process.stdout.write(`  ${a.at} ${a.kind} entry ${a.entrySeq ?? '-'} ${a.detail}\n`);
      }
      return r.ok && r.alarms === 0 ? 0 : 1;
    });
  }
  if (area === 'stats' && action === 'verify') {
    return withContainer(config, async (c) => {
      const r = await c.dashboard.verify();
      process.stdout.write(`  figure               rows   city rollup    recomputed   mismatches\n`);
      for (const m of r.metrics) {
        process.stdout.write(
          `  ${m.metric.padEnd(18)} ${String(m.rows).padStart(6)} ${String(m.cityTotal.rollup).padStart(13)} ${String(m.cityTotal.recomputed).padStart(13)}   ${m.mismatches.length}\n`,
        );
        for (const x of m.mismatches.slice(0, 10)) {
          process.stdout.write(
            `    ${x.dim} district=${x.district} street=${x.street} month=${x.month || '-'}: rollup ${x.rollup} ≠ recomputed ${x.recomputed}\n`,
          );
        }
      }
      process.stdout.write(r.ok ? 'stats OK: every rollup equals its recomputation\n' : 'stats MISMATCH\n');
      return r.ok ? 0 : 1;
    });
  }
  if (area === 'db' && action === 'migrate') {
    const { values } = parseArgs({ args: rest, options: { city: { type: 'string', default: config.city } } });
    const city = values.city!;
    if (!/^[1-8][0-9]{3}$/.test(city)) {
      process.stderr.write(`--city must be the 4-digit code of a prefecture-level city, e.g. 5101 for Chengdu or 4401 for Guangzhou (got "${city}")\n`);
      return 2;
    }
    return withContainer(config, async (c, urls) => {
      const applied: string[] = [];
      const prepared = await prepareDatabase(urls, (m) => {
        applied.push(m);
        process.stdout.write(`${m}\n`);
      });
      for (const w of prepared.warnings) process.stderr.write(`WARNING: ${w}\n`);
      const ref = await loadReferenceData(c.db, city);
      process.stdout.write(`${applied.length} migrations applied; ${ref.regions} regions of city ${city} and ${ref.calendarDays} calendar days loaded\n`);
      return 0;
    });
  }
  if (area === 'admin' && action === 'bootstrap') {
    const { values } = parseArgs({
      args: rest,
      options: { username: { type: 'string' }, org: { type: 'string' }, role: { type: 'string', default: 'sys_admin' } },
    });
    if (!values.username || !values.org || !['sys_admin', 'sec_admin', 'audit_admin'].includes(values.role ?? '')) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return withContainer(config, async (c) => {
      const password = `Qh-${randomBytes(12).toString('base64url')}1a`;
      const hash = await c.accounts.hash(password);
      await c.db.transaction().execute(async (trx) => {
        const id = await c.accounts.insertIn(trx, {
          username: values.username!,
          displayName: values.username!,
          orgId: Number(values.org),
          passwordHash: hash,
          mustChange: true,
        });
        const admin = (await trx.selectFrom('roles').select('admin_kind').where('code', '=', values.role!).executeTakeFirstOrThrow()).admin_kind;
        await trx.insertInto('account_roles').values({ account_id: id, role_code: values.role!, admin_kind: admin }).execute();
        await c.audit.append(
          trx,
          { actorId: null, actorName: 'cli', actorRoles: '', scope: '', ip: null, requestId: 'cli' },
          { action: 'account.bootstrap', objectType: 'account', objectId: id, detail: { role: values.role } },
        );
      });
      process.stdout.write(`created ${values.username} (${values.role}); one-time password: ${password}\n`);
      return 0;
    });
  }
  process.stdout.write(`${USAGE}\n`);
  return area ? 2 : 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`qunhub: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
