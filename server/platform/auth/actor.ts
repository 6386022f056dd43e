/** Every permission a role can grant. Routes name one; the role × endpoint matrix test reads this list. */
export const PERMISSIONS = [
  'org.read',
  'org.write',
  'people.read',
  'people.write',
  'people.reveal',
  'staff.read',
  'staff.write',
  'region.write',
  'calendar.write',
  /** Adds organization types and staff programmes (configurable catalogues). */
  'catalog.write',
  'account.read',
  'account.write',
  'account.unlock',
  'role.grant',
  'audit.read',
  /** Reads across organization types within the region subtree (coordination office, administrators). */
  'scope.cross_type',
  /** Reads the requests (诉求) handled in my subtree or granted to my organization as co-handler. */
  'request.read',
  /** Enters requests on behalf of callers and acts on them: accept, respond, note, return, escalate, resolve, close. */
  'request.handle',
  /** Dispatches, transfers and invites co-handlers (主办/协办). */
  'request.dispatch',
  /** Reads the supervision (督办) queue of overdue requests below my organization and supervises them. */
  'request.supervise',
  /** Edits the request category catalogue (派单目录) and its routing rules. */
  'category.write',
  /** Reads ratings (好差评), rectifications, appeals and the satisfaction indices of my scope. */
  'rating.read',
  /** Completes rectifications of bad reviews (with the call-back) and appeals untrue ones. */
  'rating.handle',
  /** Decides appeals of bad reviews given to units below my organization. */
  'rating.review',
  /** Issues and revokes API keys of the Open311 intake. */
  'apikey.write',
  /** Reads activities (活动) hosted or co-hosted in my subtree, their registrations and totals. */
  'activity.read',
  /** Creates, edits, publishes and cancels activities; decides registrations. */
  'activity.write',
  /** Checks participants in by code and records walk-ins. */
  'activity.checkin',
  /** Reads volunteers, needs, applications and hours of my scope. */
  'volunteer.read',
  /** Posts needs, confirms applications, records and confirms hours, issues certificates. */
  'volunteer.write',
  /** Reads labour-dispute cases (劳动纠纷) opened in my subtree and their figures. */
  'dispute.read',
  /** Opens dispute cases (union, women's federation), invites partner agencies, records steps and outcomes. */
  'dispute.manage',
  /** Partner agency staff: acts on the dispute cases my organization is invited to, and only while invited. */
  'dispute.partner',
  /** Reads venues (阵地) in my region subtree or co-built by my organization, their rooms, bookings and coverage. */
  'venue.read',
  /** Registers and edits venues managed in my subtree: rooms, hours, co-builders, hosted projects, photos. */
  'venue.write',
  /** Books rooms for my organization (directly as co-builder, else as a request) and cancels its bookings. */
  'venue.book',
  /** Approves or rejects booking requests at venues managed in my subtree. */
  'venue.approve',
  /** Reads the dashboard (数据驾驶舱) figures of my region subtree. */
  'dashboard.read',
  /** Uploads the deployment's approved district map (GeoJSON) for the dashboard. */
  'dashboard.map',
  /** Reads honour programmes (评选表彰) and the nominations my level holds or was forwarded. */
  'honour.read',
  /** Nominates persons or collectives to a programme of my organization's tree (from street level down). */
  'honour.nominate',
  /** Reviews the nominations at my level: forwards within the district quota or returns with a reason. */
  'honour.review',
  /** Runs programmes of my organization: quotas, rules, vetting, decisions, notice, objections, announcement. */
  'honour.manage',
  /** Vetting department staff: gives an opinion on the nominees my organization is asked about. */
  'honour.vet',
  /** Reads the job runner's queue and its dead jobs (system administrator). */
  'jobs.read',
  /** Sends a dead job back to the queue. */
  'jobs.retry',
  /** Reads the union member registry (会员) of my subtree: lists, lookups, exports, transfers, imports. */
  'member.read',
  /** Enrols members, confirms self-registrations and transfers, edits tags, imports member lists. */
  'member.write',
  /** Verifies an electronic member card (staff and benefit providers). */
  'member.verify',
  /** Reads the joint meetings, action items (督办) and projects my organization takes part in, or of my region when cross-type. */
  'meeting.read',
  /** Secretariat (联席办): series, occurrences, agenda, minutes, decisions, items' extensions and closure, projects. */
  'meeting.manage',
  /** Member organization or department staff: proposes topics, answers and reports on its items and project milestones. */
  'meeting.take_part',
  /** Reads the social organizations (社会组织) of my region, calls for proposals of my tree and their projects. */
  'sorg.read',
  /** Registers social organizations, runs calls, panels, awards, contracts, milestone acceptance and evaluation. */
  'sorg.manage',
  /** Sits on review panels: declares conflicts of interest and scores the applications of calls I am named on. */
  'sorg.review',
  /** Social organization staff: my organization's own record, applications, projects and milestone reports. */
  'sorg.self',
  /** Reads the service catalogue (服务目录) and brands of my tree. */
  'catalogue.read',
  /** Edits the services my tree provides and the brands it owns. */
  'catalogue.write',
  /** Edits the venue type catalogue (kinds of position, e.g. 职工服务中心): system administrator. */
  'venue.type.write',
  /** Reads talent programmes (人才培养) of my organization subtree, their sessions, enrolments and figures. */
  'talent.read',
  /** Runs talent programmes of my subtree: sessions, enrolment, attendance, assessment, certificates. */
  'talent.manage',
  /** Reads mass cultural societies (群众性文化文艺社团) sponsored in my organization subtree. */
  'society.read',
  /** Registers societies of my subtree, their members, the activities they run and their performances and works. */
  'society.manage',
  /** Binds and unbinds a staff account to a subject of the configured OpenID Connect provider (security administrator). */
  'account.oidc',
  /** Reads benefit offers (普惠项目) published in my subtree, their claims and person-times. */
  'benefit.read',
  /** Publishes, pauses, extends and adds quota to offers of my subtree; draws lotteries; reviews applications. */
  'benefit.manage',
  /** Provider staff: sees my organization's offers and vouchers, redeems vouchers, issues usage-report keys. */
  'benefit.redeem',
  /** Subscribes receivers of other systems to the events of my subtree (signed outbound webhooks), pauses, resends. */
  'webhook.manage',
  /** Approves that a webhook subscription receives personal fields (a request's contact name and phone) in full (security administrator). */
  'webhook.approve_personal',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Scope = {
  /** ltree path of the account's organization: the organization subtree it may act on. */
  orgPath: string;
  /** ltree path of that organization's region: the region subtree it may act on. */
  regionPath: string;
  crossType: boolean;
  orgId: number;
};

export type Actor = {
  accountId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  orgTypeCode: string;
  roles: string[];
  adminKind: 'system' | 'security' | 'audit' | null;
  permissions: ReadonlySet<Permission>;
  scope: Scope;
  mustChangePassword: boolean;
};

/** What every service call carries: who acts, from where, for the audit trail and messages. */
export type RequestContext = {
  actor: Actor;
  ip: string;
  requestId: string;
};

export function hasPermission(actor: Actor, p: Permission): boolean {
  return actor.permissions.has(p);
}

/**
 * The context a citizen's portal write runs under: no account, no permission, the city's region scope; audited as
 * the portal. `cityRegionPath` is the region path of the city the platform serves.
 */
export function portalContext(meta: { ip: string; requestId: string }, cityRegionPath: string): RequestContext {
  return {
    ip: meta.ip,
    requestId: meta.requestId,
    actor: {
      accountId: 0,
      username: 'portal',
      displayName: 'portal',
      orgId: 0,
      orgName: '',
      orgTypeCode: '',
      roles: [],
      adminKind: null,
      permissions: new Set(),
      scope: { orgPath: '0', regionPath: cityRegionPath, crossType: true, orgId: 0 },
      mustChangePassword: false,
    },
  };
}
