/** Volunteers (C10): profiles, needs and applications, hours recorded and confirmed by a second person, certificates; the portal's sign-up. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, DateTimeString, Id, IdParam, Lit, Nullable, Obj, PageQuery, Paged, RegionCode, Text, route, File } from './core.js';
import { HOURS_STATUSES, type HoursStatus } from './volunteers.enums.js';

export { HOURS_STATUSES, type HoursStatus };

const tags = ['volunteers'] as const;
const ptags = ['portal: volunteers'] as const;

export const NEED_STATUSES = ['open', 'closed'] as const;

const Skill = Type.String({ minLength: 1, maxLength: 20 });
const Decision = Obj({ decision: Lit(['confirm', 'reject'] as const) });

export const Volunteer = Obj({
  id: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  availability: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  confirmedHours: Type.Number(),
  createdAt: Type.String(),
});
export type Volunteer = Static<typeof Volunteer>;

export const Need = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  activityId: Nullable(Type.Integer()),
  activityTitle: Nullable(Type.String()),
  venueId: Nullable(Type.Integer()),
  role: Type.String(),
  description: Type.String(),
  headcount: Type.Integer(),
  confirmed: Type.Integer(),
  applied: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
});
export type Need = Static<typeof Need>;

export const Application = Obj({
  id: Type.Integer(),
  needId: Type.Integer(),
  volunteerId: Type.Integer(),
  name: Type.String(),
  phoneMasked: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  status: Type.String(),
  role: Type.String(),
  orgName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});
export type Application = Static<typeof Application>;

export const HoursEntry = Obj({
  id: Type.Integer(),
  volunteerId: Type.Integer(),
  volunteerName: Type.String(),
  needId: Nullable(Type.Integer()),
  role: Nullable(Type.String()),
  orgId: Type.Integer(),
  orgName: Type.String(),
  serviceDate: Type.String(),
  hours: Type.Number(),
  content: Type.String(),
  status: Type.String(),
  recordedBy: Nullable(Type.String()),
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
});
export type HoursEntry = Static<typeof HoursEntry>;

export const VolunteerDetail = Type.Composite([Volunteer, Obj({ hours: Type.Array(HoursEntry), applications: Type.Array(Application) })], {
  additionalProperties: false,
});
export type VolunteerDetail = Static<typeof VolunteerDetail>;

/** The citizen's own profile (null before signing up), ledger, applications and the organizations that can certify their hours. */
export const MyVolunteer = Obj({
  volunteer: Nullable(Volunteer),
  hours: Type.Array(HoursEntry),
  applications: Type.Array(Application),
  certifiers: Type.Array(Obj({ orgId: Type.Integer(), orgName: Type.String() })),
});
export type MyVolunteer = Static<typeof MyVolunteer>;

export const NeedCreate = Obj({
  orgId: Id,
  activityId: Type.Optional(Nullable(Id)),
  venueId: Type.Optional(Nullable(Id)),
  regionCode: Type.Optional(RegionCode),
  role: Text(60, 1),
  description: Type.Optional(Text(1000)),
  headcount: Type.Integer({ minimum: 1, maximum: 10_000 }),
  startsAt: DateTimeString,
  endsAt: DateTimeString,
});
export type NeedCreate = Static<typeof NeedCreate>;

export const HoursRecord = Obj({
  volunteerId: Id,
  needId: Type.Optional(Nullable(Id)),
  orgId: Type.Optional(Id),
  serviceDate: DateString,
  hours: Type.Number({ exclusiveMinimum: 0, maximum: 24 }),
  content: Text(200, 1),
});
export type HoursRecord = Static<typeof HoursRecord>;

export const VolunteerSignUp = Obj({ skills: Type.Array(Skill, { maxItems: 12 }), availability: Text(200), regionCode: Type.Optional(RegionCode) });
export type VolunteerSignUp = Static<typeof VolunteerSignUp>;

export const volunteers = {
  list: route({
    method: 'GET',
    url: '/volunteers',
    tags,
    summary: 'Volunteers registered in my region scope',
    querystring: Obj({ ...PageQuery, q: Type.Optional(Text(40)), skill: Type.Optional(Skill), regionCode: Type.Optional(RegionCode) }),
    response: Paged(Volunteer),
  }),
  get: route({
    method: 'GET',
    url: '/volunteers/:id',
    tags,
    summary: 'A volunteer with the hours and applications in my scope',
    params: IdParam,
    response: VolunteerDetail,
  }),
  /** A file: the page links to its path. */
  certificate: route({
    method: 'GET',
    url: '/volunteers/:id/certificate',
    tags,
    summary: 'Certificate of service hours (PDF) issued by an organization of my tree',
    params: IdParam,
    querystring: Obj({ orgId: Id }),
    response: File,
  }),

  // ───────────── Needs and applications ─────────────
  needs: route({
    method: 'GET',
    url: '/volunteer-needs',
    tags,
    summary: 'Needs posted by organizations in my scope',
    querystring: Obj({ ...PageQuery, status: Type.Optional(Lit(NEED_STATUSES)), activityId: Type.Optional(Id), q: Type.Optional(Text(60)) }),
    response: Paged(Need),
  }),
  createNeed: route({
    method: 'POST',
    url: '/volunteer-needs',
    tags,
    summary: 'Post a need: roles with a headcount and times, for an activity, a venue or the organization',
    body: NeedCreate,
    response: Need,
    status: 201,
  }),
  closeNeed: route({
    method: 'POST',
    url: '/volunteer-needs/:id/close',
    tags,
    summary: 'Close an open need',
    params: IdParam,
    body: Obj({}),
    response: Need,
  }),
  applications: route({
    method: 'GET',
    url: '/volunteer-needs/:id/applications',
    tags,
    summary: 'Applications to a need',
    params: IdParam,
    response: Obj({ items: Type.Array(Application) }),
  }),
  decideApplication: route({
    method: 'POST',
    url: '/volunteer-applications/:id/decision',
    tags,
    summary: 'Confirm (within the headcount) or reject an application',
    params: IdParam,
    body: Decision,
    response: Application,
  }),

  // ───────────── Hours ─────────────
  hours: route({
    method: 'GET',
    url: '/volunteer-hours',
    tags,
    summary: 'Hours recorded by organizations in my scope',
    querystring: Obj({ status: Type.Optional(Lit(HOURS_STATUSES)), volunteerId: Type.Optional(Id) }),
    response: Obj({ items: Type.Array(HoursEntry) }),
  }),
  recordHours: route({
    method: 'POST',
    url: '/volunteer-hours',
    tags,
    summary: 'Record service hours after the service (confirmed later by a second staff member)',
    body: HoursRecord,
    response: HoursEntry,
    status: 201,
  }),
  decideHours: route({
    method: 'POST',
    url: '/volunteer-hours/:id/decision',
    tags,
    summary: 'Confirm or reject recorded hours (not by the person who recorded them)',
    params: IdParam,
    body: Decision,
    response: HoursEntry,
  }),

  // ───────────── Portal (the open needs are public: the routes file marks them `security: []`) ─────────────
  portalMe: route({
    method: 'GET',
    url: '/portal/volunteers/me',
    tags: ptags,
    summary: 'My volunteer profile, applications and hours ledger',
    response: MyVolunteer,
  }),
  portalSignUp: route({
    method: 'PUT',
    url: '/portal/volunteers/me',
    tags: ptags,
    summary: 'Sign up as a volunteer, or update my skills and availability',
    body: VolunteerSignUp,
    response: MyVolunteer,
  }),
  portalNeeds: route({
    method: 'GET',
    url: '/portal/volunteer-needs',
    tags: ptags,
    summary: 'Open, upcoming needs a volunteer can apply to',
    querystring: Obj({ ...PageQuery }),
    response: Paged(Need),
  }),
  portalApply: route({
    method: 'POST',
    url: '/portal/volunteer-needs/:id/apply',
    tags: ptags,
    summary: 'Apply to a need as a signed-up volunteer',
    params: IdParam,
    body: Obj({}),
    response: Application,
    status: 201,
  }),
  /** A file: the page links to its path. */
  portalCertificate: route({
    method: 'GET',
    url: '/portal/volunteers/me/certificate',
    tags: ptags,
    summary: 'My certificate of service hours (PDF) from an organization that recorded them',
    querystring: Obj({ orgId: Id }),
    response: File,
  }),
};
