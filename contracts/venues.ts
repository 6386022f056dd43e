/**
 * Positions (阵地) routes: the venue type catalogue, the venue registry (rooms, hours, hosted projects, photos,
 * per-organization quotas), the shared booking ledger, iCalendar feeds, coverage and the portal's public directory.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Ok, PageQuery, Paged, RegionCode, Text, TypeCode, route, File } from './core.js';
import { MODEL_LEVELS } from './venues.enums.js';

export { MODEL_LEVELS };

const tags = ['venues'] as const;
const portalTags = ['portal'] as const;

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Tag = Text(40, 1);

// ───────────── Venue types ─────────────

export const TypeCodeParam = Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', maxLength: 32 });
export const VenueTypeItem = Obj({
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  hasModelLevel: Type.Boolean(),
  expected: Type.Boolean(),
  sort: Type.Integer(),
  active: Type.Boolean(),
  venues: Type.Integer({ description: 'active venues of this type (platform-wide)' }),
});
export type VenueTypeItem = Static<typeof VenueTypeItem>;
/** An active venue type as pickers and the portal show it. */
export const VenueType = Obj({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), hasModelLevel: Type.Boolean(), expected: Type.Boolean() });
export type VenueType = Static<typeof VenueType>;
const VenueTypeList = Obj({ items: Type.Array(VenueType) });
const TypeFields = {
  nameZh: Text(40, 1),
  nameEn: Text(80, 1),
  hasModelLevel: Type.Optional(Type.Boolean()),
  expected: Type.Optional(Type.Boolean({ description: 'every community is expected to be served by one (a coverage gap otherwise)' })),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
};
export const NewVenueType = Obj({ code: TypeCodeParam, ...TypeFields });
export type NewVenueType = Static<typeof NewVenueType>;
export const VenueTypePatch = Obj({
  nameZh: Type.Optional(Text(40, 1)),
  nameEn: Type.Optional(Text(80, 1)),
  hasModelLevel: Type.Optional(Type.Boolean()),
  expected: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  active: Type.Optional(Type.Boolean({ description: 'false: no new venue of this type; existing venues keep it' })),
});
export type VenueTypePatch = Static<typeof VenueTypePatch>;

// ───────────── Venues ─────────────

const ModelLevel = Lit(MODEL_LEVELS);

const Cobuilder = Obj({ orgId: Type.Integer(), name: Type.String(), typeCode: Type.String() });
export const Venue = Obj({
  id: Type.Integer(),
  typeCode: Type.String(),
  modelLevel: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  managingOrgId: Type.Integer(),
  managingOrgName: Type.String(),
  accessibility: Type.Array(Type.String()),
  accessibilityNote: Type.String(),
  description: Type.String(),
  openOnHolidays: Type.Boolean(),
  monthlyQuotaHours: Nullable(Type.Integer()),
  approvalRequired: Type.Boolean(),
  status: Type.String(),
  version: Type.Integer(),
  roomCount: Type.Integer(),
  cobuilders: Type.Array(Cobuilder),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Venue = Static<typeof Venue>;
export const Room = Obj({ id: Type.Integer(), name: Type.String(), capacity: Type.Integer(), facilities: Type.Array(Type.String()), status: Type.String() });
export type Room = Static<typeof Room>;
/** Weekly opening hours, China time. */
export const Weekly = Obj({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), opens: Time, closes: Time });
export type Weekly = Static<typeof Weekly>;
export const HoursException = Obj({
  day: Type.String(),
  closed: Type.Boolean(),
  opens: Nullable(Type.String()),
  closes: Nullable(Type.String()),
  note: Type.String(),
});
export type HoursException = Static<typeof HoursException>;
export const Hours = Obj({ weekly: Type.Array(Weekly), exceptions: Type.Array(HoursException) });
export type Hours = Static<typeof Hours>;
/** A hosted service project (入驻). */
export const VenueProject = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  service: Type.String(),
  schedule: Type.String(),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
});
export type VenueProject = Static<typeof VenueProject>;
export const VenuePhoto = Obj({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer(), uploadedAt: Type.String() });
export type VenuePhoto = Static<typeof VenuePhoto>;
export const VenueDetail = Type.Composite(
  [
    Venue,
    Obj({
      rooms: Type.Array(Room),
      projects: Type.Array(VenueProject),
      photos: Type.Array(VenuePhoto),
      serviceAreas: Type.Array(Obj({ code: Type.String(), name: Type.String() })),
      weekly: Type.Array(Weekly),
      exceptions: Type.Array(HoursException),
      canWrite: Type.Boolean(),
      canBookDirectly: Type.Boolean(),
    }),
  ],
  { additionalProperties: false },
);
export type VenueDetail = Static<typeof VenueDetail>;

const VenueFields = {
  modelLevel: Type.Optional(Nullable(ModelLevel)),
  name: Text(120, 1),
  address: Type.Optional(Text(200)),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  cobuilderOrgIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
  serviceAreaCodes: Type.Optional(Type.Array(RegionCode, { maxItems: 200 })),
  accessibility: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  accessibilityNote: Type.Optional(Text(500)),
  description: Type.Optional(Text(2000)),
  openOnHolidays: Type.Optional(Type.Boolean()),
  monthlyQuotaHours: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 744 }))),
  approvalRequired: Type.Optional(Type.Boolean()),
};
export const NewVenue = Obj({ typeCode: TypeCode, regionCode: RegionCode, managingOrgId: Id, ...VenueFields });
export type NewVenue = Static<typeof NewVenue>;
export const VenuePatch = Obj({ version: Type.Integer({ minimum: 1 }), ...VenueFields, name: Type.Optional(Text(120, 1)) });
export type VenuePatch = Static<typeof VenuePatch>;

export const VENUE_SORTS = ['name', 'type', 'region', 'created'] as const;
const ListFilter = {
  type: Type.Optional(TypeCode),
  regionCode: Type.Optional(RegionCode),
  orgId: Type.Optional(Id),
  q: Type.Optional(Text(100)),
  sort: Type.Optional(Lit(VENUE_SORTS)),
  order: Type.Optional(Lit(['asc', 'desc'] as const)),
};
export const VenueListQuery = Obj({ ...PageQuery, ...ListFilter });
export type VenueListQuery = Static<typeof VenueListQuery>;
export const VenueExportQuery = Type.Omit(VenueListQuery, ['page', 'pageSize'], { additionalProperties: false });
export type VenueExportQuery = Static<typeof VenueExportQuery>;

export const HoursInput = Obj({
  weekly: Type.Array(Weekly, { maxItems: 28 }),
  exceptions: Type.Array(
    Obj({
      day: DateString,
      closed: Type.Boolean(),
      opens: Type.Optional(Nullable(Time)),
      closes: Type.Optional(Nullable(Time)),
      note: Type.Optional(Text(200)),
    }),
    { maxItems: 400 },
  ),
});
export type HoursInput = Static<typeof HoursInput>;
export const NewRoom = Obj({
  name: Text(80, 1),
  capacity: Type.Integer({ minimum: 1, maximum: 10000 }),
  facilities: Type.Optional(Type.Array(Tag, { maxItems: 30 })),
});
export type NewRoom = Static<typeof NewRoom>;
export const RoomPatch = Obj({
  name: Type.Optional(Text(80, 1)),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  facilities: Type.Optional(Type.Array(Tag, { maxItems: 30 })),
  status: Type.Optional(Lit(['active', 'archived'] as const)),
});
export type RoomPatch = Static<typeof RoomPatch>;
export const NewProject = Obj({
  orgId: Id,
  service: Text(120, 1),
  schedule: Type.Optional(Text(200)),
  startsOn: DateString,
  endsOn: Type.Optional(Nullable(DateString)),
});
export type NewProject = Static<typeof NewProject>;

/** A multipart file part as the route receives it: the name, with the bytes kept out of enumeration (and so out of logs and the NUL scan). */
export type UploadedFile = { name: string; data: Buffer };
const FilePart = Type.Unsafe<UploadedFile>({ type: 'object', description: 'the photo (multipart part named "file"): JPEG, PNG or WebP, at most 8 MB' });

export const OrgQuota = Obj({ orgId: Id, orgName: Type.String(), monthlyHours: Type.Integer() });
export type OrgQuota = Static<typeof OrgQuota>;
export const VenueQuotas = Obj({ monthlyQuotaHours: Type.Union([Type.Integer(), Type.Null()]), approvalRequired: Type.Boolean(), orgs: Type.Array(OrgQuota) });
export type VenueQuotas = Static<typeof VenueQuotas>;

// ───────────── Bookings ─────────────

export const Booking = Obj({
  id: Type.Integer(),
  venueId: Type.Integer(),
  venueName: Type.String(),
  roomId: Type.Integer(),
  roomName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  start: Type.String(),
  end: Type.String(),
  status: Type.String(),
  purpose: Type.String(),
  activityId: Nullable(Type.Integer()),
  seriesId: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Booking = Static<typeof Booking>;
const BookingList = Obj({ items: Type.Array(Booking) });
export const Occurrence = Obj({
  start: Type.String(),
  end: Type.String(),
  bookingId: Nullable(Type.Integer()),
  status: Lit(['confirmed', 'pending', 'conflict', 'refused'] as const),
  message: Nullable(Type.String()),
  holder: Nullable(Type.String()),
});
export type Occurrence = Static<typeof Occurrence>;
export const BookResult = Obj({ booking: Nullable(Booking), seriesId: Nullable(Type.Integer()), occurrences: Type.Array(Occurrence) });
export type BookResult = Static<typeof BookResult>;
export const BookingRequest = Obj({
  roomId: Id,
  start: Instant,
  end: Instant,
  purpose: Text(200, 1),
  orgId: Type.Optional(Id),
  repeatWeeklyUntil: Type.Optional(DateString),
});
export type BookingRequest = Static<typeof BookingRequest>;
const DecisionNote = Obj({ note: Type.Optional(Text(200)) });

// ───────────── iCalendar feeds ─────────────

export const FeedRequest = Obj({ kind: Lit(['venue', 'org'] as const), venueId: Type.Optional(Id), rotate: Type.Optional(Type.Boolean()) });
export type FeedRequest = Static<typeof FeedRequest>;
export const FeedAddress = Obj({ token: Type.String(), path: Type.String() });
export type FeedAddress = Static<typeof FeedAddress>;

// ───────────── Coverage ─────────────

export const CoverageRow = Obj({
  code: Type.String(),
  name: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
  types: Type.Record(Type.String(), Type.Integer()),
  venues: Type.Integer(),
  orgs: Type.Integer(),
  missing: Type.Array(Type.String()),
});
export type CoverageRow = Static<typeof CoverageRow>;
export const CoveragePage = Type.Composite([Paged(CoverageRow), Obj({ expectedTypes: Type.Array(Type.String()) })], { additionalProperties: false });
export type CoveragePage = Static<typeof CoveragePage>;
export const CoverageSummary = Obj({
  communities: Type.Integer(),
  fullyCovered: Type.Integer(),
  types: Type.Array(
    Obj({
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      expected: Type.Boolean(),
      covered: Type.Integer(),
      missing: Type.Integer(),
    }),
  ),
});
export type CoverageSummary = Static<typeof CoverageSummary>;
export const CommunityCoverage = Obj({
  code: Type.String(),
  name: Type.String(),
  venues: Type.Array(
    Obj({
      id: Type.Integer(),
      name: Type.String(),
      typeCode: Type.String(),
      regionCode: Type.String(),
      orgs: Type.Array(Obj({ orgId: Type.Integer(), name: Type.String(), role: Lit(['manager', 'cobuilder'] as const) })),
    }),
  ),
});
export type CommunityCoverage = Static<typeof CommunityCoverage>;

// ───────────── Portal ─────────────

export const PublicVenue = Obj({
  id: Type.Integer(),
  typeCode: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  streetName: Nullable(Type.String()),
  address: Type.String(),
  accessibility: Type.Array(Type.String()),
  openOnHolidays: Type.Boolean(),
  weekly: Type.Array(Weekly),
});
export type PublicVenue = Static<typeof PublicVenue>;

export const venues = {
  // ───────────── Venue type catalogue ─────────────
  types: route({
    method: 'GET',
    url: '/venue-types',
    tags,
    summary: 'The active venue types, in catalogue order',
    response: VenueTypeList,
  }),
  typeCatalogue: route({
    method: 'GET',
    url: '/venue-types/catalogue',
    tags,
    summary: 'Every venue type, retired ones included, with how many venues use it',
    response: Obj({ items: Type.Array(VenueTypeItem) }),
  }),
  addType: route({
    method: 'POST',
    url: '/venue-types',
    tags,
    summary: 'Add a kind of position (e.g. 职工服务中心) to the venue type catalogue',
    body: NewVenueType,
    response: VenueTypeItem,
    status: 201,
  }),
  updateType: route({
    method: 'PATCH',
    url: '/venue-types/:code',
    tags,
    summary: 'Rename, reorder or retire a venue type',
    params: Obj({ code: TypeCodeParam }),
    body: VenueTypePatch,
    response: VenueTypeItem,
  }),

  // ───────────── Venues ─────────────
  list: route({
    method: 'GET',
    url: '/venues',
    tags,
    summary: 'Venues in my region subtree, managed or co-built by my organization; filtered, sorted, paged',
    querystring: VenueListQuery,
    response: Paged(Venue),
  }),
  /** A file download: the web uses its path as a link. */
  export: route({
    method: 'GET',
    url: '/venues/export',
    tags,
    summary: 'The filtered venue list as an Excel workbook (at most 10,000 rows; audited)',
    querystring: VenueExportQuery,
    response: File,
  }),
  get: route({
    method: 'GET',
    url: '/venues/:id',
    tags,
    summary: 'One venue with its rooms, hosted projects, photos, service areas and opening hours',
    params: IdParam,
    response: VenueDetail,
  }),
  create: route({
    method: 'POST',
    url: '/venues',
    tags,
    summary: 'Register a venue managed by a unit in my subtree',
    body: NewVenue,
    response: Venue,
    status: 201,
  }),
  update: route({
    method: 'PATCH',
    url: '/venues/:id',
    tags,
    summary: 'Edit a venue I manage (send the version you read)',
    params: IdParam,
    body: VenuePatch,
    response: Venue,
  }),
  archive: route({ method: 'POST', url: '/venues/:id/archive', tags, summary: 'Archive a venue I manage', params: IdParam, response: Ok }),
  setHours: route({
    method: 'PUT',
    url: '/venues/:id/hours',
    tags,
    summary: 'Replace the weekly opening hours and dated exceptions (China time)',
    params: IdParam,
    body: HoursInput,
    response: Hours,
  }),
  addRoom: route({
    method: 'POST',
    url: '/venues/:id/rooms',
    tags,
    summary: 'Add a room to a venue I manage',
    params: IdParam,
    body: NewRoom,
    response: Room,
    status: 201,
  }),
  updateRoom: route({
    method: 'PATCH',
    url: '/venue-rooms/:id',
    tags,
    summary: 'Edit or archive a room of a venue I manage',
    params: IdParam,
    body: RoomPatch,
    response: Room,
  }),
  addProject: route({
    method: 'POST',
    url: '/venues/:id/projects',
    tags,
    summary: 'Record a hosted service project (入驻): an organization offering a service here',
    params: IdParam,
    body: NewProject,
    response: VenueProject,
    status: 201,
  }),
  removeProject: route({ method: 'DELETE', url: '/venue-projects/:id', tags, summary: 'Remove a hosted service project', params: IdParam, response: Ok }),
  /** A file download: the web uses its path as an image source. */
  photo: route({
    method: 'GET',
    url: '/venues/:id/photos/:photoId',
    tags,
    summary: 'A photo of a venue I can read',
    params: Obj({ id: Id, photoId: Id }),
    response: File,
  }),
  /** Multipart: the routes file adds `consumes: ['multipart/form-data']`; the web posts a FormData to its path. */
  addPhoto: route({
    method: 'POST',
    url: '/venues/:id/photos',
    tags,
    summary: 'Add a photo (multipart, part "file": JPEG, PNG or WebP, checked by magic bytes)',
    params: IdParam,
    body: Obj({ file: FilePart }),
    response: VenuePhoto,
    status: 201,
  }),
  quotas: route({
    method: 'GET',
    url: '/venues/:id/quotas',
    tags,
    summary: "A venue's booking rules: approval needed, the general monthly quota and each organization's own quota",
    params: IdParam,
    response: VenueQuotas,
  }),
  setQuotas: route({
    method: 'PUT',
    url: '/venues/:id/quotas',
    tags,
    summary: "Replace the organizations' own monthly quotas at a venue I manage (hours per calendar month; 0 = may not book)",
    params: IdParam,
    body: Obj({ orgs: Type.Array(Obj({ orgId: Id, monthlyHours: Type.Integer({ minimum: 0, maximum: 744 }) }), { maxItems: 200 }) }),
    response: VenueQuotas,
  }),

  // ───────────── Bookings ─────────────
  bookings: route({
    method: 'GET',
    url: '/venues/:id/bookings',
    tags,
    summary: 'Bookings of a venue (or one room) in a window of at most 62 days',
    params: IdParam,
    querystring: Obj({ from: Instant, to: Instant, roomId: Type.Optional(Id), includePending: Type.Optional(Type.Boolean()) }),
    response: BookingList,
  }),
  book: route({
    method: 'POST',
    url: '/venue-bookings',
    tags,
    summary: 'Book a room: confirmed for the manager and co-builders, a request for others; a weekly series reports each conflicting occurrence',
    body: BookingRequest,
    response: BookResult,
    status: 201,
  }),
  myBookings: route({
    method: 'GET',
    url: '/venue-bookings/mine',
    tags,
    summary: 'Bookings held by my organization and units below it',
    querystring: Obj({ from: Instant, to: Instant }),
    response: BookingList,
  }),
  inbox: route({
    method: 'GET',
    url: '/venue-bookings/inbox',
    tags,
    summary: 'Booking requests awaiting my decision (venues I manage)',
    querystring: Obj({ ...PageQuery }),
    response: Paged(Booking),
  }),
  cancel: route({
    method: 'POST',
    url: '/venue-bookings/:id/cancel',
    tags,
    summary: 'Cancel a booking of my organization (or, with a reason, one at a venue I manage)',
    params: IdParam,
    body: Obj({ reason: Type.Optional(Text(200)) }),
    response: Booking,
  }),
  approve: route({
    method: 'POST',
    url: '/venue-bookings/:id/approve',
    tags,
    summary: 'Approve a booking request at a venue I manage',
    params: IdParam,
    body: DecisionNote,
    response: Booking,
  }),
  reject: route({
    method: 'POST',
    url: '/venue-bookings/:id/reject',
    tags,
    summary: 'Reject a booking request at a venue I manage',
    params: IdParam,
    body: DecisionNote,
    response: Booking,
  }),
  cancelByVenue: route({
    method: 'POST',
    url: '/venue-bookings/:id/cancel-by-venue',
    tags,
    summary: "The venue's staff cancel a booking; the reason is shown to the booking organization",
    params: IdParam,
    body: Obj({ reason: Text(200, 1) }),
    response: Ok,
  }),

  // ───────────── iCalendar ─────────────
  feedToken: route({
    method: 'POST',
    url: '/venue-feeds',
    tags,
    summary: 'The secret iCalendar address of a venue I can read, or of my organization (rotate: replace it)',
    body: FeedRequest,
    response: FeedAddress,
  }),
  /** Public (the routes file marks it `security: []`): text/calendar, the address carries its token. */
  feed: route({
    method: 'GET',
    url: '/venue-feeds/:file',
    tags,
    summary: 'iCalendar feed (the address carries its unguessable token)',
    params: Obj({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{32,64}\\.ics$', maxLength: 70 }) }),
    response: Type.String(),
  }),

  // ───────────── Coverage ─────────────
  coverage: route({
    method: 'GET',
    url: '/venue-coverage',
    tags,
    summary: 'Community × venue type matrix of my region subtree (gapsOnly: communities missing an expected type)',
    querystring: Obj({ ...PageQuery, regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode), gapsOnly: Type.Optional(Type.Boolean()) }),
    response: CoveragePage,
  }),
  coverageSummary: route({
    method: 'GET',
    url: '/venue-coverage/summary',
    tags,
    summary: 'Per venue type: the communities of my region subtree it serves and misses',
    querystring: Obj({ regionCode: Type.Optional(RegionCode) }),
    response: CoverageSummary,
  }),
  /** A file download: the web uses its path as a link. */
  exportGaps: route({
    method: 'GET',
    url: '/venue-coverage/gaps/export',
    tags,
    summary: 'The coverage gaps as an Excel workbook (audited)',
    querystring: Obj({ regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode) }),
    response: File,
  }),
  coverageOf: route({
    method: 'GET',
    url: '/venue-coverage/:code',
    tags,
    summary: 'The venues serving one community, with their managing and co-building organizations',
    params: Obj({ code: RegionCode }),
    response: CommunityCoverage,
  }),

  // ───────────── Portal (public: the routes file marks them `security: []`) ─────────────
  portalList: route({
    method: 'GET',
    url: '/portal/venues',
    tags: portalTags,
    summary: 'Venues near me: the public directory by district, street or community, with opening hours',
    querystring: Obj({ ...PageQuery, regionCode: Type.Optional(RegionCode), type: Type.Optional(TypeCode), q: Type.Optional(Text(100)) }),
    response: Paged(PublicVenue),
  }),
  portalTypes: route({
    method: 'GET',
    url: '/portal/venue-types',
    tags: portalTags,
    summary: 'The active venue types, for the public directory',
    response: VenueTypeList,
  }),
};
