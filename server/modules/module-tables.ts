/**
 * Which module owns which tables: the data behind the module map of docs/ARCHITECTURE.md, checked by
 * `server/test/boundaries.unit.test.ts`. A module's SQL names its own tables, the shared reference tables, and
 * nothing else: other modules' data comes through their service.
 */
export const MODULE_TABLES: Record<string, readonly string[]> = {
  platform: [
    'sessions',
    'rate_limit_buckets',
    'idempotency_keys',
    'instance_settings',
    'access_grants',
    'audit_log',
    'audit_chain',
    'audit_head',
    'audit_queue',
    'audit_alarm',
    'audit_integrity',
    'jobs',
    'auth_generation',
  ],
  regions: ['regions', 'functional_zones', 'functional_zone_streets'],
  calendar: ['calendar_years', 'calendar_days', 'calendar_overrides'],
  orgs: ['orgs', 'org_history', 'org_types', 'leadership_members', 'staff_members', 'staff_programmes', 'cadre_exchanges'],
  people: ['people'],
  accounts: ['accounts', 'account_roles', 'roles', 'password_history'],
  audit: [],
  requests: ['request_categories', 'request_routing_rules', 'requests', 'request_events', 'request_attachments', 'open311_api_keys'],
  ratings: ['ratings', 'rating_rectifications', 'rating_appeals'],
  disputes: ['dispute_cases', 'dispute_workers', 'dispute_claims', 'dispute_invitations', 'dispute_sessions', 'dispute_events'],
  venues: [
    'venue_types',
    'venues',
    'venue_cobuilders',
    'venue_service_areas',
    'venue_rooms',
    'venue_hours',
    'venue_hour_exceptions',
    'venue_photos',
    'venue_projects',
    'venue_booking_series',
    'venue_bookings',
    'venue_feeds',
    'venue_org_quotas',
  ],
  citizens: ['citizen_otps', 'citizen_sessions'],
  activities: ['campaigns', 'activities', 'activity_cohosts', 'activity_registrations', 'activity_participations'],
  volunteers: ['volunteers', 'volunteer_needs', 'volunteer_applications', 'volunteer_hours', 'volunteer_certificates'],
  honours: [
    'honour_programmes',
    'honour_quotas',
    'honour_vetters',
    'honour_nominations',
    'honour_vettings',
    'honour_objections',
    'honour_exceptions',
    'honour_events',
    'honour_awards',
  ],
  health: [],
  notifications: ['notifications', 'notification_preferences', 'notification_emails'],
  members: ['union_members', 'union_member_history', 'member_registrations', 'member_transfers', 'member_imports'],
  benefits: ['benefit_offers', 'benefit_quota_slices', 'benefit_member_counts', 'benefit_claims', 'benefit_usage', 'benefit_api_keys'],
  meetings: [
    'meeting_series',
    'meeting_members',
    'meeting_occurrences',
    'meeting_topics',
    'meeting_attendance',
    'meeting_decisions',
    'action_items',
    'action_item_orgs',
    'action_item_events',
    'projects',
    'project_hosts',
    'project_milestones',
    'project_reports',
    'meeting_feeds',
  ],
  oidc: ['oidc_bindings', 'oidc_logins'],
  socialorgs: [
    'sorg_orgs',
    'sorg_documents',
    'sorg_memberships',
    'sorg_incubations',
    'sorg_calls',
    'sorg_reviewers',
    'sorg_applications',
    'sorg_declarations',
    'sorg_scores',
    'sorg_projects',
    'sorg_milestones',
    'sorg_project_activities',
  ],
  catalogue: ['cat_brands', 'cat_services', 'cat_service_venues'],
  talent: ['talent_programmes', 'talent_sessions', 'talent_enrolments', 'talent_certificates'],
  societies: ['cultural_societies', 'cultural_society_members', 'cultural_society_activities', 'cultural_society_works'],
  webhooks: ['webhook_subscriptions', 'webhook_events', 'webhook_deliveries'],
  dashboard: ['dashboard_sources', 'dashboard_rollup', 'dashboard_delta', 'dashboard_current', 'annual_reports'],
};

/** Reference tables every module may read (names and paths of areas, the kinds of organization). */
export const SHARED_READ_TABLES: readonly string[] = ['regions', 'org_types'];

/**
 * Modules that read every table by design: the dashboard's figure definitions and drill-downs (ADR 0008) and the
 * audit module's reader of the platform's trail.
 */
export const READS_EVERYTHING: readonly string[] = ['dashboard'];

/**
 * Foreign tables named by a module's SQL before the rule was checked: each is debt, to move behind the owner's
 * service or a read view. The list only shrinks — the test fails for a new foreign table and for an entry no
 * longer needed.
 */
export const KNOWN_FOREIGN_TABLES: Record<string, readonly string[]> = {
  accounts: ['orgs'],
  activities: ['orgs', 'people'],
  audit: ['audit_log'],
  disputes: ['accounts', 'orgs'],
  honours: ['accounts', 'orgs'],
  orgs: ['accounts', 'people'],
  ratings: ['accounts', 'orgs'],
  requests: ['access_grants', 'accounts', 'orgs', 'people', 'venues'],
  venues: ['orgs'],
  volunteers: ['accounts', 'activities', 'orgs', 'people'],
};
