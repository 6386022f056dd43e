/** Activities and campaigns (C9): the console's activities, registrations, check-in and totals; the portal's list, registration, online join and rating. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, DateTimeString, Id, IdParam, Lit, Nullable, Obj, PageQuery, Paged, RegionCode, Text, Version, route, File } from './core.js';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  NEAR_LEVELS,
  TOTAL_DIMENSIONS,
  type ActivityStatus,
  type ActivityType,
  type NearLevel,
  type TotalDimension,
} from './activities.enums.js';

export { ACTIVITY_STATUSES, ACTIVITY_TYPES, NEAR_LEVELS, TOTAL_DIMENSIONS, type ActivityStatus, type ActivityType, type NearLevel, type TotalDimension };

const tags = ['activities'] as const;
const ptags = ['portal: activities'] as const;

export const REGISTRATION_STATUSES = ['pending', 'registered', 'waitlisted', 'cancelled', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const CHECK_IN_STATUSES = ['checked_in', 'already_checked_in', 'walk_in'] as const;

/** An Excel workbook answer (the totals export). */
/** A target group code (women, youth, elderly …). */
const Group = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });

// ───────────── Campaigns ─────────────

export const CampaignOut = Obj({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  ownerOrgId: Nullable(Type.Integer({ description: 'the owning organization; null for a platform-wide campaign' })),
  ownerOrgName: Nullable(Type.String()),
  activities: Type.Integer(),
  personTimes: Type.Integer(),
});
export type CampaignOut = Static<typeof CampaignOut>;
export const CampaignCreate = Obj({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', maxLength: 40 }),
  name: Text(100, 1),
  description: Type.Optional(Text(1000)),
  startsOn: Type.Optional(Nullable(DateString)),
  endsOn: Type.Optional(Nullable(DateString)),
  ownerOrgId: Type.Optional(Id),
});
export type CampaignCreate = Static<typeof CampaignCreate>;
export const CampaignPatch = Obj({
  name: Type.Optional(Text(100, 1)),
  description: Type.Optional(Text(1000)),
  startsOn: Type.Optional(Nullable(DateString)),
  endsOn: Type.Optional(Nullable(DateString)),
  ownerOrgId: Type.Optional(Id),
});
export type CampaignPatch = Static<typeof CampaignPatch>;

// ───────────── Activities ─────────────

const ActivityBase = {
  id: Type.Integer(),
  title: Type.String(),
  type: Type.String(),
  campaignId: Nullable(Type.Integer()),
  campaignName: Nullable(Type.String()),
  hostOrgId: Type.Integer(),
  hostOrgName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  description: Type.String(),
  venueName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  targetGroups: Type.Array(Type.String()),
  capacity: Type.Integer(),
  registeredCount: Type.Integer(),
  waitlistedCount: Type.Integer(),
  personTimes: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  regOpensAt: Type.String(),
  regClosesAt: Type.String(),
  needsApproval: Type.Boolean(),
  waitlistEnabled: Type.Boolean(),
  cancelHours: Type.Integer(),
  status: Type.String(),
};

export const Activity = Obj({
  ...ActivityBase,
  cohosts: Type.Array(Obj({ id: Type.Integer(), name: Type.String() })),
  venueBookingId: Nullable(Type.Integer()),
  onlineUrl: Nullable(Type.String()),
  pendingCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Activity = Static<typeof Activity>;

export const RatingSummary = Obj({
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  bad: Type.Integer(),
  satisfactionRate: Nullable(Type.Number()),
  levels: Type.Record(Type.String(), Type.Integer()),
});
export type RatingSummary = Static<typeof RatingSummary>;
/** One activity with its participation by kind and how participants rated it. */
export const ActivityDetail = Type.Composite([Activity, Obj({ participation: Type.Record(Type.String(), Type.Integer()), ratings: RatingSummary })], {
  additionalProperties: false,
});
export type ActivityDetail = Static<typeof ActivityDetail>;

/** The portal's view of an activity: no counts of other people beyond places left, no internal fields. */
export const PublicActivity = Obj({
  ...ActivityBase,
  placesLeft: Type.Integer(),
  registrationOpen: Type.Boolean(),
  mine: Nullable(Obj({ id: Type.Integer(), status: Type.String(), position: Nullable(Type.Integer()) })),
});
export type PublicActivity = Static<typeof PublicActivity>;

export const Registration = Obj({
  id: Type.Integer(),
  activityId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  seq: Type.Integer(),
  status: Type.String(),
  position: Nullable(Type.Integer()),
  checkedInAt: Nullable(Type.String()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  promotedAt: Nullable(Type.String()),
});
export type Registration = Static<typeof Registration>;

/** A citizen's registration: only a registered place carries a check-in code; `canRate` once attended, begun and not yet rated. */
export const MyRegistration = Obj({
  id: Type.Integer(),
  activityId: Type.Integer(),
  title: Type.String(),
  type: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  venueName: Nullable(Type.String()),
  status: Type.String(),
  activityStatus: Type.String(),
  position: Nullable(Type.Integer()),
  code: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
  canCancel: Type.Boolean(),
  rating: Nullable(Obj({ level: Type.Integer(), label: Type.String(), comment: Type.String() })),
  canRate: Type.Boolean(),
});
export type MyRegistration = Static<typeof MyRegistration>;

export const CheckInResult = Obj({
  registrationId: Nullable(Type.Integer()),
  personName: Type.String(),
  status: Lit(CHECK_IN_STATUSES),
  activityId: Type.Integer(),
  personTimes: Type.Integer(),
});
export type CheckInResult = Static<typeof CheckInResult>;

const editable = {
  title: Text(120, 1),
  campaignId: Type.Optional(Nullable(Id)),
  cohostOrgIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  regionCode: Type.Optional(RegionCode),
  description: Type.Optional(Text(4000)),
  venueName: Type.Optional(Nullable(Text(120, 1))),
  address: Type.Optional(Nullable(Text(200))),
  onlineUrl: Type.Optional(Nullable(Text(500, 1))),
  targetGroups: Type.Optional(Type.Array(Group, { maxItems: 12 })),
  capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  startsAt: DateTimeString,
  endsAt: DateTimeString,
  regOpensAt: DateTimeString,
  regClosesAt: DateTimeString,
  needsApproval: Type.Optional(Type.Boolean()),
  waitlistEnabled: Type.Optional(Type.Boolean()),
  cancelHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
};

/** A new activity (a draft); `roomId` books a room through the venues module for the activity's time. */
export const ActivityCreate = Obj({ ...editable, type: Lit(ACTIVITY_TYPES), hostOrgId: Id, roomId: Type.Optional(Nullable(Id)) });
export type ActivityCreate = Static<typeof ActivityCreate>;
/** An edit: any editable field, with the version read. */
export const ActivityUpdate = Type.Composite([Type.Partial(Obj(editable)), Obj({ version: Version })], { additionalProperties: false });
export type ActivityUpdate = Static<typeof ActivityUpdate>;

export const ActivityListQuery = Obj({
  ...PageQuery,
  q: Type.Optional(Text(100)),
  type: Type.Optional(Lit(ACTIVITY_TYPES)),
  status: Type.Optional(Lit(ACTIVITY_STATUSES)),
  campaignId: Type.Optional(Id),
  regionCode: Type.Optional(RegionCode),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  sort: Type.Optional(Lit(['starts', 'created', 'title'] as const)),
  order: Type.Optional(Lit(['asc', 'desc'] as const)),
});
export type ActivityListQuery = Static<typeof ActivityListQuery>;

export const TotalsQuery = Obj({ by: Lit(TOTAL_DIMENSIONS), from: Type.Optional(DateString), to: Type.Optional(DateString), campaignId: Type.Optional(Id) });
export type TotalsQuery = Static<typeof TotalsQuery>;
export const Totals = Obj({
  by: Type.String(),
  items: Type.Array(Obj({ key: Type.String(), label: Type.String(), activities: Type.Integer(), personTimes: Type.Integer() })),
  total: Obj({ activities: Type.Integer(), personTimes: Type.Integer() }),
});
export type Totals = Static<typeof Totals>;

const VersionBody = Obj({ version: Version });

export const activities = {
  // ───────────── Campaigns ─────────────
  campaigns: route({
    method: 'GET',
    url: '/campaigns',
    tags,
    summary: 'Campaigns with their published activities and person-times',
    response: Obj({ items: Type.Array(CampaignOut) }),
  }),
  createCampaign: route({
    method: 'POST',
    url: '/campaigns',
    tags,
    summary: 'Start a campaign owned by an organization I may write (mine when ownerOrgId is absent)',
    body: CampaignCreate,
    response: CampaignOut,
    status: 201,
  }),
  updateCampaign: route({
    method: 'PATCH',
    url: '/campaigns/:id',
    tags,
    summary: 'Edit a campaign owned in my subtree: name, description, period, or hand it to another organization I may write',
    params: IdParam,
    body: CampaignPatch,
    response: CampaignOut,
  }),

  // ───────────── Activities ─────────────
  list: route({
    method: 'GET',
    url: '/activities',
    tags,
    summary: 'Activities hosted or co-hosted in my scope',
    querystring: ActivityListQuery,
    response: Paged(Activity),
  }),
  totals: route({
    method: 'GET',
    url: '/activities/totals',
    tags,
    summary: 'Activities and person-times by campaign, organization, district or month',
    querystring: TotalsQuery,
    response: Totals,
  }),
  /** A file: the page links to its path. */
  exportTotals: route({
    method: 'GET',
    url: '/activities/totals/export',
    tags,
    summary: 'The totals as an Excel workbook (audited)',
    querystring: TotalsQuery,
    response: File,
  }),
  create: route({ method: 'POST', url: '/activities', tags, summary: 'Create an activity (draft)', body: ActivityCreate, response: Activity, status: 201 }),
  get: route({
    method: 'GET',
    url: '/activities/:id',
    tags,
    summary: 'One activity with its participation and ratings',
    params: IdParam,
    response: ActivityDetail,
  }),
  update: route({
    method: 'PATCH',
    url: '/activities/:id',
    tags,
    summary: 'Edit an activity (host only; optimistic version)',
    params: IdParam,
    body: ActivityUpdate,
    response: Activity,
  }),
  publish: route({
    method: 'POST',
    url: '/activities/:id/publish',
    tags,
    summary: 'Publish a draft activity (host only)',
    params: IdParam,
    body: VersionBody,
    response: Activity,
  }),
  cancel: route({
    method: 'POST',
    url: '/activities/:id/cancel',
    tags,
    summary: 'Cancel an activity (host only)',
    params: IdParam,
    body: VersionBody,
    response: Activity,
  }),
  registrations: route({
    method: 'GET',
    url: '/activities/:id/registrations',
    tags,
    summary: 'Registrations of an activity in arrival order, with the waitlist',
    params: IdParam,
    querystring: Obj({ ...PageQuery, status: Type.Optional(Lit(REGISTRATION_STATUSES)), q: Type.Optional(Text(40)) }),
    response: Paged(Registration),
  }),
  decide: route({
    method: 'POST',
    url: '/activities/:id/registrations/:registrationId/decision',
    tags,
    summary: 'Approve or reject a pending registration',
    params: Obj({ id: Id, registrationId: Id }),
    body: Obj({ decision: Lit(['approve', 'reject'] as const) }),
    response: Registration,
  }),
  checkIn: route({
    method: 'POST',
    url: '/activities/check-in',
    tags,
    summary: 'Check a registration in by its code (scanned or typed)',
    body: Obj({ code: Text(40, 1) }),
    response: CheckInResult,
  }),
  walkIn: route({
    method: 'POST',
    url: '/activities/:id/walk-ins',
    tags,
    summary: 'Record a walk-in by phone',
    params: IdParam,
    body: Obj({ phone: Type.String({ minLength: 5, maxLength: 20 }), name: Type.Optional(Text(40, 1)) }),
    response: CheckInResult,
  }),

  // ───────────── Portal (the list and an activity are public: the routes file marks them `security: []`) ─────────────
  portalList: route({
    method: 'GET',
    url: '/portal/activities',
    tags: ptags,
    summary: 'Published, upcoming activities; near my community, street or district when signed in',
    querystring: Obj({ ...PageQuery, near: Type.Optional(Lit(NEAR_LEVELS)), q: Type.Optional(Text(100)), type: Type.Optional(Lit(ACTIVITY_TYPES)) }),
    response: Paged(PublicActivity),
  }),
  portalGet: route({
    method: 'GET',
    url: '/portal/activities/:id',
    tags: ptags,
    summary: 'A published activity, with my registration when signed in',
    params: IdParam,
    response: PublicActivity,
  }),
  register: route({
    method: 'POST',
    url: '/portal/activities/:id/registrations',
    tags: ptags,
    summary: 'Register for an activity (registered, waitlisted or pending approval)',
    params: IdParam,
    body: Obj({}),
    response: MyRegistration,
    status: 201,
  }),
  join: route({
    method: 'POST',
    url: '/portal/activities/:id/join',
    tags: ptags,
    summary: 'Join an online activity: records the participation and returns the link',
    params: IdParam,
    body: Obj({}),
    response: Obj({ url: Type.String(), counted: Type.Boolean() }),
  }),
  mine: route({
    method: 'GET',
    url: '/portal/me/registrations',
    tags: ptags,
    summary: 'My registrations with check-in codes',
    response: Obj({ items: Type.Array(MyRegistration) }),
  }),
  cancelMine: route({
    method: 'POST',
    url: '/portal/me/registrations/:id/cancel',
    tags: ptags,
    summary: 'Cancel my registration; the first waitlisted is promoted',
    params: IdParam,
    body: Obj({}),
    response: Obj({ cancelled: Type.Boolean(), promotedRegistrationId: Nullable(Type.Integer()) }),
  }),
  rateMine: route({
    method: 'POST',
    url: '/portal/me/registrations/:id/rating',
    tags: ptags,
    summary: 'Rate an activity I took part in, once: 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意',
    params: IdParam,
    body: Obj({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(1000)) }),
    response: Obj({ level: Type.Integer(), label: Type.String() }),
    status: 201,
  }),
};
