/** Talent programmes (人才培养): programmes of courses held as activity sessions, enrolment, attendance, assessment, certificates. */
import { Type, type Static } from '@sinclair/typebox';
import { DateTimeString, Id, IdParam, Lit, Nullable, Obj, Text, Version, route, File } from './core.js';
import { ELIGIBILITIES, PROGRAMME_KINDS } from './talent.enums.js';

export { ELIGIBILITIES, PROGRAMME_KINDS };

const tags = ['talent'] as const;
const ptags = ['portal: talent'] as const;

export const ENROLMENT_STATUSES = ['enrolled', 'completed', 'failed'] as const;

export const Programme = Obj({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  districtCode: Nullable(Type.String()),
  districtName: Nullable(Type.String()),
  name: Type.String(),
  kind: Lit(PROGRAMME_KINDS),
  description: Type.String(),
  eligibility: Lit(ELIGIBILITIES),
  requiredSessions: Type.Integer(),
  capacity: Type.Integer(),
  status: Type.String(),
  enrolled: Type.Integer(),
  completed: Type.Integer(),
  sessionCount: Type.Integer(),
  version: Type.Integer(),
});
export type Programme = Static<typeof Programme>;

export const Session = Obj({
  id: Type.Integer(),
  course: Type.String(),
  activityId: Type.Integer(),
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  venueName: Nullable(Type.String()),
  attended: Type.Integer(),
});
export type Session = Static<typeof Session>;

export const Enrolment = Obj({
  id: Type.Integer(),
  programmeId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  source: Type.String(),
  status: Lit(ENROLMENT_STATUSES),
  score: Nullable(Type.Integer()),
  /** Session ids the person attended (checked in or walked in at the session's activity). */
  attendedSessionIds: Type.Array(Type.Integer()),
  certificateNumber: Nullable(Type.String()),
  enrolledAt: Type.String(),
  version: Type.Integer(),
});
export type Enrolment = Static<typeof Enrolment>;

export const ProgrammeDetail = Obj({ ...Programme.properties, sessions: Type.Array(Session) });
export type ProgrammeDetail = Static<typeof ProgrammeDetail>;

const Figure = Obj({ key: Type.String(), name: Type.String(), enrolled: Type.Integer(), completed: Type.Integer() });
export const Summary = Obj({
  programmes: Type.Integer(),
  enrolled: Type.Integer(),
  completed: Type.Integer(),
  byDistrict: Type.Array(Figure),
  byOrg: Type.Array(Figure),
  byProgramme: Type.Array(Figure),
});
export type Summary = Static<typeof Summary>;

/** A month, YYYY-MM: the bounds of the figures' period. */
export const Month = Type.String({ pattern: '^[12][0-9]{3}-(0[1-9]|1[0-2])$', maxLength: 7 });

/** The period of the figures, on the enrolment date (China time), both months included; absent: unbounded. */
export const FiguresQuery = Obj({ from: Type.Optional(Month), to: Type.Optional(Month) });
export type FiguresQuery = Static<typeof FiguresQuery>;

/**
 * The figures of the caller's scope, counted in the database: programmes in scope (any date); enrolments made in the
 * period; completed = enrolments assessed as passed (status `completed`); certificates issued for those enrolments.
 */
export const Figures = Obj({
  totals: Obj({ programmes: Type.Integer(), enrolled: Type.Integer(), completed: Type.Integer(), certificates: Type.Integer() }),
  /** By the district of the programme's organization; `code` null: city-level programmes (市本级). */
  byDistrict: Type.Array(Obj({ code: Nullable(Type.String()), name: Type.String(), enrolled: Type.Integer(), completed: Type.Integer() })),
  /** The 50 organizations with the most enrolments. */
  byOrg: Type.Array(Obj({ orgId: Type.Integer(), orgName: Type.String(), programmes: Type.Integer(), enrolled: Type.Integer(), completed: Type.Integer() })),
});
export type Figures = Static<typeof Figures>;

export const ProgrammeInput = Obj({
  orgId: Id,
  name: Text(100, 1),
  kind: Lit(PROGRAMME_KINDS),
  description: Type.Optional(Text(2000)),
  eligibility: Lit(ELIGIBILITIES),
  requiredSessions: Type.Integer({ minimum: 0, maximum: 200 }),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
export type ProgrammeInput = Static<typeof ProgrammeInput>;

export const SessionInput = Obj({
  course: Text(100, 1),
  startsAt: DateTimeString,
  endsAt: DateTimeString,
  venueName: Text(100, 1),
  address: Type.Optional(Text(200)),
});
export type SessionInput = Static<typeof SessionInput>;

export const MyEnrolment = Obj({
  id: Type.Integer(),
  programmeId: Type.Integer(),
  programmeName: Type.String(),
  orgName: Type.String(),
  status: Lit(ENROLMENT_STATUSES),
  score: Nullable(Type.Integer()),
  attended: Type.Integer(),
  sessionCount: Type.Integer(),
  requiredSessions: Type.Integer(),
  certificateNumber: Nullable(Type.String()),
});
export type MyEnrolment = Static<typeof MyEnrolment>;

export const PublicProgramme = Obj({
  id: Type.Integer(),
  name: Type.String(),
  kind: Lit(PROGRAMME_KINDS),
  orgName: Type.String(),
  description: Type.String(),
  eligibility: Lit(ELIGIBILITIES),
  requiredSessions: Type.Integer(),
  sessions: Type.Array(Obj({ course: Type.String(), startsAt: Type.String(), endsAt: Type.String(), venueName: Nullable(Type.String()) })),
});
export type PublicProgramme = Static<typeof PublicProgramme>;

export const Verification = Obj({
  valid: Type.Boolean(),
  number: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  programmeName: Type.Optional(Type.String()),
  orgName: Type.Optional(Type.String()),
  issuedOn: Type.Optional(Type.String()),
});
export type Verification = Static<typeof Verification>;

const ProgId = Obj({ id: Id });

export const talent = {
  list: route({
    method: 'GET',
    url: '/talent-programmes',
    tags,
    summary: 'Talent programmes of my organization subtree',
    response: Obj({ items: Type.Array(Programme) }),
  }),
  summary: route({
    method: 'GET',
    url: '/talent-programmes/summary',
    tags,
    summary: 'Enrolled and completed, by district, organization and programme',
    response: Summary,
  }),
  figures: route({
    method: 'GET',
    url: '/talent/figures',
    tags,
    summary: 'Programmes, enrolled, completed and certificates of my scope, by district and organization (top 50), for a period of enrolment months',
    querystring: FiguresQuery,
    response: Figures,
  }),
  create: route({
    method: 'POST',
    url: '/talent-programmes',
    tags,
    summary: 'Create a programme owned by an organization of my subtree',
    body: ProgrammeInput,
    response: Programme,
    status: 201,
  }),
  get: route({ method: 'GET', url: '/talent-programmes/:id', tags, summary: 'One programme with its sessions', params: IdParam, response: ProgrammeDetail }),
  setStatus: route({
    method: 'POST',
    url: '/talent-programmes/:id/status',
    tags,
    summary: 'Open or close enrolment',
    params: IdParam,
    body: Obj({ status: Lit(['open', 'closed'] as const), version: Version }),
    response: Programme,
  }),
  addSession: route({
    method: 'POST',
    url: '/talent-programmes/:id/sessions',
    tags,
    summary: 'Add a course session: a training activity of the programme’s organization, published for check-in',
    params: IdParam,
    body: SessionInput,
    response: Session,
    status: 201,
  }),
  enrolments: route({
    method: 'GET',
    url: '/talent-programmes/:id/enrolments',
    tags,
    summary: 'Enrolments with attendance',
    params: IdParam,
    response: Obj({ items: Type.Array(Enrolment) }),
  }),
  enrol: route({
    method: 'POST',
    url: '/talent-programmes/:id/enrolments',
    tags,
    summary: 'Enrol a person of my region (eligibility checked on their gender and birth date)',
    params: IdParam,
    body: Obj({ personId: Id }),
    response: Enrolment,
    status: 201,
  }),
  attend: route({
    method: 'POST',
    url: '/talent-enrolments/:id/attendance',
    tags,
    summary: 'Check the enrolled person in at a session (through the activity’s check-in)',
    params: IdParam,
    body: Obj({ sessionId: Id }),
    response: Enrolment,
  }),
  assess: route({
    method: 'POST',
    url: '/talent-enrolments/:id/assessment',
    tags,
    summary: 'Record the assessment: a pass completes the enrolment (the required sessions attended)',
    params: IdParam,
    body: Obj({ score: Type.Integer({ minimum: 0, maximum: 100 }), passed: Type.Boolean(), version: Version }),
    response: Enrolment,
  }),
  certificate: route({
    method: 'GET',
    url: '/talent-enrolments/:id/certificate',
    tags,
    summary: 'The completion certificate (PDF) with its number and verification QR code',
    params: IdParam,
    response: File,
  }),

  portalList: route({
    method: 'GET',
    url: '/portal/talent-programmes',
    tags: ptags,
    summary: 'Programmes open for enrolment',
    response: Obj({ items: Type.Array(PublicProgramme) }),
  }),
  portalEnrol: route({
    method: 'POST',
    url: '/portal/talent-programmes/:id/enrolments',
    tags: ptags,
    summary: 'Enrol myself',
    params: ProgId,
    body: Obj({}),
    response: MyEnrolment,
    status: 201,
  }),
  portalMine: route({
    method: 'GET',
    url: '/portal/talent/me',
    tags: ptags,
    summary: 'My enrolments, attendance and certificates',
    response: Obj({ items: Type.Array(MyEnrolment) }),
  }),
  portalCertificate: route({
    method: 'GET',
    url: '/portal/talent/enrolments/:id/certificate',
    tags: ptags,
    summary: 'My completion certificate (PDF)',
    params: IdParam,
    response: File,
  }),
  verify: route({
    method: 'GET',
    url: '/portal/talent/verify',
    tags: ptags,
    summary: 'Verify a certificate by the number and token its QR code carries',
    querystring: Obj({ no: Type.String({ maxLength: 30 }), t: Type.String({ maxLength: 64 }) }),
    response: Verification,
  }),
};
