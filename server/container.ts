import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import { createDatabase, createPool, type Database } from './db/client.js';
import { AuditLogService } from './modules/audit/audit.service.js';
import { AccountsService } from './modules/accounts/accounts.service.js';
import { AuthService } from './modules/accounts/auth.service.js';
import { CalendarService } from './modules/calendar/calendar.service.js';
import { OrgsService } from './modules/orgs/orgs.service.js';
import { StaffService } from './modules/orgs/staff.service.js';
import { PeopleService } from './modules/people/people.service.js';
import { RatingsService } from './modules/ratings/ratings.service.js';
import { RegionsService } from './modules/regions/regions.service.js';
import { Open311Service } from './modules/requests/open311.service.js';
import { RequestsService } from './modules/requests/requests.service.js';
import { DisputesService } from './modules/disputes/disputes.service.js';
import { ActivitiesService } from './modules/activities/activities.service.js';
import { CitizensService } from './modules/citizens/citizens.service.js';
import { citizenCookieName, DemoSmsSender, UnconfiguredSmsSender } from './modules/citizens/citizens.policy.js';
import { VolunteersService } from './modules/volunteers/volunteers.service.js';
import { VenuesService } from './modules/venues/venues.service.js';
import { DashboardService } from './modules/dashboard/dashboard.service.js';
import { HonoursService } from './modules/honours/honours.service.js';
import { AuditTrail } from './platform/audit/audit.js';
import { SessionStore } from './platform/auth/sessions.js';
import { generateKeyMaterial, parseKeyring, type Keyring } from './platform/crypto/keyring.js';

export type Container = {
  config: Config;
  pool: pg.Pool;
  db: Database;
  keyring: Keyring;
  audit: AuditTrail;
  auditLog: AuditLogService;
  sessions: SessionStore;
  regions: RegionsService;
  calendar: CalendarService;
  orgs: OrgsService;
  staff: StaffService;
  people: PeopleService;
  accounts: AccountsService;
  auth: AuthService;
  requests: RequestsService;
  open311: Open311Service;
  disputes: DisputesService;
  citizens: CitizensService;
  activities: ActivitiesService;
  volunteers: VolunteersService;
  venues: VenuesService;
  ratings: RatingsService;
  dashboard: DashboardService;
  honours: HonoursService;
  close: () => Promise<void>;
};

type KeySpec = { dataKeys: string; activeKeyId: number; blindIndexKey: string; auditKey: string };

/** Keys come from configuration; only the embedded demo generates its own into the data directory. */
export function loadKeyring(config: Config): Keyring {
  let spec: KeySpec;
  const k = config.keys;
  if (k.dataKeys && k.activeKeyId && k.blindIndexKey && k.auditKey) {
    spec = { dataKeys: k.dataKeys, activeKeyId: k.activeKeyId, blindIndexKey: k.blindIndexKey, auditKey: k.auditKey };
  } else if (config.mode !== 'production') {
    const file = path.join(config.dataDir, 'keys.json');
    if (existsSync(file)) {
      spec = JSON.parse(readFileSync(file, 'utf8')) as KeySpec;
    } else {
      spec = generateKeyMaterial();
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(spec, null, 2), { mode: 0o600 });
    }
  } else {
    throw new ConfigError(['encryption keys are required in production mode']);
  }
  const parsed = parseKeyring(spec);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return parsed.keyring;
}

export function createContainer(config: Config, databaseUrl: string, keyring: Keyring = loadKeyring(config)): Container {
  const pool = createPool(databaseUrl, config.databasePoolMax);
  return createContainerOn(config, pool, createDatabase(pool), keyring);
}

/**
 * The services over a given database handle. The demo loader passes one that holds a single transaction, and no
 * anchoring: a chain head anchored outside the database before the commit would not match it after a rollback.
 */
export function createContainerOn(config: Config, pool: pg.Pool, db: Database, keyring: Keyring, opts: { anchorAudit?: boolean } = {}): Container {
  const audit = new AuditTrail(db, keyring.auditKey, (err) => process.stderr.write(`audit linker: ${err instanceof Error ? err.message : String(err)}\n`), {
    anchorDir: opts.anchorAudit === false ? null : path.join(config.dataDir, 'audit-anchors'),
    anchorEveryMs: config.auditAnchorSeconds * 1000,
  });
  const sessions = new SessionStore(db, {
    idleMinutes: config.session.idleMinutes,
    absoluteHours: config.session.absoluteHours,
    passwordMaxAgeDays: config.passwordMaxAgeDays,
  });
  const auditLog = new AuditLogService(db, audit);
  const regions = new RegionsService(db, audit);
  const calendar = new CalendarService(db, audit);
  const venues = new VenuesService(db, audit, calendar, path.join(config.dataDir, 'files', 'venues'));
  const orgs = new OrgsService(db, audit, regions);
  const people = new PeopleService(db, audit, keyring, regions);
  const staff = new StaffService(db, audit, orgs, people);
  const accounts = new AccountsService(db, audit, orgs, sessions, config);
  const auth = new AuthService(db, audit, sessions, config);
  const ratings = new RatingsService(db, audit, calendar);
  const requests = new RequestsService(db, audit, keyring, regions, people, calendar, ratings, path.join(config.dataDir, 'files'));
  // Only demo mode writes one-time codes to the log (and says so at start); test mode shows them to the caller alone.
  const sms =
    config.mode === 'production'
      ? new UnconfiguredSmsSender()
      : new DemoSmsSender((line) => config.mode === 'demo' && config.logLevel !== 'silent' && process.stdout.write(`${line}\n`));
  const citizens = new CitizensService(db, audit, keyring, people, regions, sms, config, citizenCookieName(config.session.secureCookie));
  const activities = new ActivitiesService(db, audit, orgs, regions, people, citizens, venues, ratings);
  const dashboard = new DashboardService(db, audit, config.dataDir);
  const volunteers = new VolunteersService(db, audit, orgs, regions, people, citizens, activities);
  return {
    config,
    pool,
    db,
    keyring,
    audit,
    auditLog,
    sessions,
    regions,
    calendar,
    orgs,
    staff,
    people,
    accounts,
    auth,
    requests,
    open311: new Open311Service(db, audit, requests),
    disputes: new DisputesService(db, audit, keyring, regions, people, requests),
    ratings,
    citizens,
    activities,
    volunteers,
    venues,
    dashboard,
    honours: new HonoursService(db, audit, regions, people, calendar, citizens),
    close: async () => {
      await dashboard.stopFolding();
      await audit.stop();
      await db.destroy();
    },
  };
}
