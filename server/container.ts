import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import { createDatabase, createListenerClient, createPool, type Database } from './db/client.js';
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
import { AnnualReportService } from './modules/dashboard/annual-report.service.js';
import { DashboardService } from './modules/dashboard/dashboard.service.js';
import { HonoursService } from './modules/honours/honours.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { SmtpMailer } from './modules/notifications/email-sender.js';
import { GatewaySmsSender, HttpSmsGateway } from './modules/notifications/sms-gateway.js';
import { SmsOutbox } from './modules/notifications/sms-outbox.js';
import { JobRunner } from './platform/jobs/jobs.js';
import { chinaToday } from './platform/time.js';
import { MembersService } from './modules/members/members.service.js';
import { MeetingsService } from './modules/meetings/meetings.service.js';
import { ProjectsService } from './modules/meetings/projects.service.js';
import { SocialOrgsService } from './modules/socialorgs/socialorgs.service.js';
import { CatalogueService } from './modules/catalogue/catalogue.service.js';
import { OrgMergeService } from './modules/orgs/merge.service.js';
import { TalentService } from './modules/talent/talent.service.js';
import { SocietiesService } from './modules/societies/societies.service.js';
import { OidcService } from './modules/oidc/oidc.service.js';
import { BenefitsService } from './modules/benefits/benefits.service.js';
import { WebhooksService } from './modules/webhooks/webhooks.service.js';
import { AuditTrail } from './platform/audit/audit.js';
import { SessionStore } from './platform/auth/sessions.js';
import { closeCertificatePool } from './platform/export/certificate-pdf.js';
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
  /** The annual report (C16), made by the job runner and kept under DATA_DIR/files/reports. */
  annualReports: AnnualReportService;
  honours: HonoursService;
  notifications: NotificationsService;
  smsOutbox: SmsOutbox;
  /** The job runner: started by main.ts, drained by tests (ADR 0015). */
  jobs: JobRunner;
  members: MembersService;
  meetings: MeetingsService;
  projects: ProjectsService;
  socialorgs: SocialOrgsService;
  catalogue: CatalogueService;
  orgMerge: OrgMergeService;
  talent: TalentService;
  societies: SocietiesService;
  oidc: OidcService;
  benefits: BenefitsService;
  webhooks: WebhooksService;
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
export function createContainerOn(
  config: Config,
  pool: pg.Pool,
  db: Database,
  keyring: Keyring,
  opts: { anchorAudit?: boolean; actorCache?: boolean } = {},
): Container {
  const audit = new AuditTrail(db, keyring.auditKey, (err) => process.stderr.write(`audit linker: ${err instanceof Error ? err.message : String(err)}\n`), {
    anchorDir: opts.anchorAudit === false ? null : path.join(config.dataDir, 'audit-anchors'),
    anchorEveryMs: config.auditAnchorSeconds * 1000,
  });
  // A container over one transaction (the demo load) keeps no actors: what it reads may never commit.
  const sessions = new SessionStore(
    db,
    { idleMinutes: config.session.idleMinutes, absoluteHours: config.session.absoluteHours, passwordMaxAgeDays: config.passwordMaxAgeDays },
    opts.actorCache === false || db.isTransaction ? {} : { connect: () => createListenerClient(pool, 'qunhub-auth') },
  );
  const auditLog = new AuditLogService(db, audit);
  const regions = new RegionsService(db, audit);
  const calendar = new CalendarService(db, audit);
  const venues = new VenuesService(db, audit, calendar, path.join(config.dataDir, 'files', 'venues'));
  const orgs = new OrgsService(db, audit, regions);
  const people = new PeopleService(db, audit, keyring, regions);
  const staff = new StaffService(db, audit, orgs, people);
  const accounts = new AccountsService(db, audit, orgs, sessions, config, keyring);
  const auth = new AuthService(db, audit, sessions, config);
  const ratings = new RatingsService(db, audit, calendar, keyring);
  const requests = new RequestsService(db, audit, keyring, regions, people, calendar, ratings, path.join(config.dataDir, 'files'));
  // Only demo mode writes one-time codes to the log (and says so at start); test mode shows them to the caller alone.
  const smsGateway = config.smsGateway ? new HttpSmsGateway(config.smsGateway) : null;
  const sms = smsGateway
    ? new GatewaySmsSender(smsGateway)
    : config.mode === 'production'
      ? new UnconfiguredSmsSender()
      : new DemoSmsSender((line) => config.mode === 'demo' && config.logLevel !== 'silent' && process.stdout.write(`${line}\n`));
  const citizens = new CitizensService(db, audit, keyring, people, regions, sms, config, citizenCookieName(config.session.secureCookie));
  const activities = new ActivitiesService(db, audit, orgs, regions, people, citizens, venues, ratings);
  const dashboard = new DashboardService(db, audit, config.dataDir);
  const volunteers = new VolunteersService(db, audit, orgs, regions, people, citizens, activities);
  const jobs = new JobRunner(db, { onError: (err) => process.stderr.write(`jobs: ${err instanceof Error ? err.message : String(err)}\n`) });
  const mailer = config.smtp ? new SmtpMailer(config.smtp) : null;
  const smsOutbox = new SmsOutbox(keyring, smsGateway);
  smsOutbox.register(jobs);
  const notifications = new NotificationsService(db, audit, accounts, { sms: smsOutbox.enabled, email: mailer !== null }, mailer, {
    outbox: smsOutbox,
    people,
  });
  notifications.register(jobs);
  const annualReports = new AnnualReportService(db, audit, dashboard, path.join(config.dataDir, 'files', 'reports'));
  annualReports.register(jobs);
  jobs.handle('requests.reminders', () => requests.sendReminders(chinaToday())).every('requests.reminders', 10 * 60_000);
  const disputes = new DisputesService(db, audit, keyring, regions, people, requests);
  const honours = new HonoursService(db, audit, regions, people, calendar, citizens);
  // Imports resume in whichever process is free to take them (not over the demo loader's single transaction).
  const members = new MembersService(
    db,
    audit,
    keyring,
    orgs,
    regions,
    people,
    citizens,
    sessions,
    path.join(config.dataDir, 'files', 'member-imports'),
    db.isTransaction ? {} : { connect: () => createListenerClient(pool, 'qunhub-import') },
  );
  jobs.handle('members.import_resume', async () => void (await members.imports.resume())).every('members.import_resume', 60_000);
  const meetings = new MeetingsService(db, audit, orgs, calendar, venues);
  const projects = new ProjectsService(db, audit, orgs);
  const socialorgs = new SocialOrgsService(db, audit, orgs, regions, people, accounts, activities, keyring, path.join(config.dataDir, 'files', 'socialorgs'));
  jobs.handle('socialorgs.document_reminders', () => socialorgs.sendDocumentReminders(chinaToday())).every('socialorgs.document_reminders', 6 * 3_600_000);
  const catalogue = new CatalogueService(db, audit, orgs, venues, activities);
  const talent = new TalentService(db, audit, orgs, regions, people, citizens, activities);
  const societies = new SocietiesService(db, audit, orgs, regions, people, citizens, activities);
  const benefits = new BenefitsService(db, audit, orgs, regions, members, ratings);
  const webhooks = new WebhooksService(db, audit, keyring, orgs, config);
  webhooks.register(jobs);
  orgs.registerPathCopiers(venues, activities, volunteers, honours, benefits, catalogue, meetings, projects, socialorgs, talent, societies, webhooks);
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
    disputes,
    ratings,
    citizens,
    activities,
    volunteers,
    venues,
    dashboard,
    annualReports,
    notifications,
    smsOutbox,
    jobs,
    meetings,
    projects,
    socialorgs,
    catalogue,
    honours,
    orgMerge: new OrgMergeService(db, audit, orgs, {
      accounts,
      people,
      members,
      venues,
      activities,
      volunteers,
      requests,
      ratings,
      disputes,
      honours,
      meetings,
      projects,
      benefits,
      socialorgs,
      catalogue,
      talent,
      societies,
    }),
    talent,
    societies,
    oidc: new OidcService(db, audit, accounts, auth, citizens, config),
    members,
    benefits,
    webhooks,
    close: async () => {
      await members.imports.stop();
      await jobs.stop();
      await closeCertificatePool();
      await dashboard.stopFolding();
      await audit.stop();
      await sessions.stop();
      await db.destroy();
    },
  };
}
