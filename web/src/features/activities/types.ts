/** Shapes of the activities and volunteers API. */
export type Activity = {
  id: number;
  title: string;
  type: string;
  campaignId: number | null;
  campaignName: string | null;
  hostOrgId: number;
  hostOrgName: string;
  cohosts: Array<{ id: number; name: string }>;
  regionCode: string;
  regionName: string;
  description: string;
  venueBookingId: number | null;
  venueName: string | null;
  address: string | null;
  onlineUrl: string | null;
  targetGroups: string[];
  capacity: number;
  registeredCount: number;
  waitlistedCount: number;
  pendingCount: number;
  personTimes: number;
  startsAt: string;
  endsAt: string;
  regOpensAt: string;
  regClosesAt: string;
  needsApproval: boolean;
  waitlistEnabled: boolean;
  cancelHours: number;
  status: string;
  version: number;
  participation?: Record<string, number>;
  /** How participants rated it (detail only). */
  ratings?: { rated: number; satisfied: number; bad: number; satisfactionRate: number | null; levels: Record<string, number> };
};

export type Registration = {
  id: number;
  personName: string;
  phoneMasked: string | null;
  seq: number;
  status: string;
  position: number | null;
  checkedInAt: string | null;
  createdAt: string;
};

export type Campaign = { id: number; code: string; name: string; activities: number; personTimes: number };
export type CheckIn = {
  registrationId: number | null;
  personName: string;
  status: 'checked_in' | 'already_checked_in' | 'walk_in';
  activityId: number;
  personTimes: number;
};
export type Totals = {
  by: string;
  items: Array<{ key: string; label: string; activities: number; personTimes: number }>;
  total: { activities: number; personTimes: number };
};

export type Volunteer = {
  id: number;
  personId: number;
  name: string;
  phoneMasked: string | null;
  skills: string[];
  availability: string;
  regionName: string;
  status: string;
  confirmedHours: number;
};
export type Need = {
  id: number;
  orgId: number;
  orgName: string;
  activityId: number | null;
  activityTitle: string | null;
  role: string;
  description: string;
  headcount: number;
  confirmed: number;
  applied: number;
  startsAt: string;
  endsAt: string;
  status: string;
  regionName: string;
};
export type Application = {
  id: number;
  needId: number;
  volunteerId: number;
  name: string;
  phoneMasked: string | null;
  skills: string[];
  status: string;
  role: string;
  orgName: string;
  startsAt: string;
  endsAt: string;
};
export type HoursEntry = {
  id: number;
  volunteerId: number;
  volunteerName: string;
  needId: number | null;
  role: string | null;
  orgId: number;
  orgName: string;
  serviceDate: string;
  hours: number;
  content: string;
  status: string;
  recordedBy: string | null;
  confirmedBy: string | null;
};

export const ACTIVITY_TYPES = ['lecture', 'culture_sports', 'training', 'volunteer_service', 'youth_social', 'online'] as const;
