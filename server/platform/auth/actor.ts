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
