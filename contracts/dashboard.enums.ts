/** The dashboard's cards, tables and rates: one list each for the server's schemas and the web's page. */
export const CARD_KEYS = [
  'units',
  'members',
  'socialWorkers',
  'leaders',
  'requests',
  'responseRate',
  'resolutionRate',
  'onTimeRate',
  'satisfactionRate',
  'disputes',
  'disputesMediated',
  'venues',
  'coverageGaps',
  'volunteers',
  'volunteerHours',
  'activities',
  'personTimes',
  'benefitClaims',
  'benefitPersonTimes',
  'socialOrgs',
] as const;
export type CardKey = (typeof CARD_KEYS)[number];
export const TABLE_KEYS = [
  'unitsByType',
  'unitsByLevel',
  'membersByGender',
  'socialWorkers',
  'leadership',
  'requestsByStatus',
  'requestsByCategory',
  'requestsByDistrict',
  'ratingsByLevel',
  'disputesByOutcome',
  'venuesByType',
  'venuesByModelLevel',
  'coverageGaps',
  'activitiesByCampaign',
  'volunteersByStatus',
  'benefitClaimsByKind',
  'benefitClaimsByDistrict',
  'benefitPersonTimesBySource',
  'socialOrgsByDomain',
] as const;
export type TableKey = (typeof TABLE_KEYS)[number];
/** The rates among the cards; each is null when its base is zero. */
export const RATE_KEYS = ['responseRate', 'resolutionRate', 'onTimeRate', 'satisfactionRate'] as const;

/** The monthly trend series of the dashboard. */
export const TREND_METRICS = ['requests_status', 'disputes', 'activities', 'person_times', 'volunteer_hours', 'members_joined'] as const;
