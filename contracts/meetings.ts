/** Joint meetings (联席会议) and supervised action items (督办事项): series, occurrences, agenda, minutes, decisions. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Lit, Nullable, Obj, Ok, Text, route, File } from './core.js';
import { ATTENDANCE, CADENCES } from './meetings.enums.js';

export { ATTENDANCE, CADENCES };

const tags = ['meetings'] as const;

export const ITEM_STATUSES = ['assigned', 'clarification', 'accepted', 'submitted', 'closed'] as const;

const OrgRef = Obj({ id: Type.Integer(), name: Type.String() });

export const Series = Obj({
  id: Type.Integer(),
  title: Type.String(),
  level: Type.String(),
  cadence: Type.String(),
  convenor: Type.String(),
  secretariat: OrgRef,
  regionCode: Type.String(),
  anchorDay: Type.Integer(),
  anchorMonth: Type.Integer(),
  startTime: Type.String(),
  durationMinutes: Type.Integer(),
  topicDeadlineDays: Type.Integer(),
  members: Type.Array(OrgRef),
  nextDay: Nullable(Type.String()),
  canManage: Type.Boolean(),
});
export type Series = Static<typeof Series>;

export const OccurrenceBrief = Obj({
  id: Type.Integer(),
  seriesId: Type.Integer(),
  seriesTitle: Type.String(),
  plannedDay: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
  venue: Type.String(),
  agendaPublished: Type.Boolean(),
});
export type OccurrenceBrief = Static<typeof OccurrenceBrief>;

export const ItemBrief = Obj({
  id: Type.Integer(),
  title: Type.String(),
  leadOrg: OrgRef,
  dueOn: Type.String(),
  status: Type.String(),
  overdue: Type.Boolean(),
  stalled: Type.Boolean(),
  escalated: Type.Boolean(),
  seriesTitle: Type.String(),
});
export type ItemBrief = Static<typeof ItemBrief>;

export const Topic = Obj({
  id: Type.Integer(),
  title: Type.String(),
  note: Type.String(),
  org: OrgRef,
  source: Type.String(),
  status: Type.String(),
  position: Nullable(Type.Integer()),
});
export type Topic = Static<typeof Topic>;

export const Occurrence = Obj({
  ...OccurrenceBrief.properties,
  topicDeadline: Type.String(),
  minutes: Type.String(),
  canManage: Type.Boolean(),
  canPropose: Type.Boolean(),
  topics: Type.Array(Topic),
  /** Open action items of the series due before this meeting, overdue ones first: carried on the agenda. */
  carriedItems: Type.Array(ItemBrief),
  attendance: Type.Array(Obj({ org: OrgRef, status: Nullable(Type.String()), delegateName: Type.String() })),
  decisions: Type.Array(Obj({ id: Type.Integer(), text: Type.String(), items: Type.Array(ItemBrief) })),
  version: Type.Integer(),
});
export type Occurrence = Static<typeof Occurrence>;

export const ItemEvent = Obj({ kind: Type.String(), actorName: Type.String(), orgName: Type.String(), note: Type.String(), at: Type.String() });
export const Item = Obj({
  ...ItemBrief.properties,
  expectedResult: Type.String(),
  coOrgs: Type.Array(OrgRef),
  occurrenceId: Type.Integer(),
  decision: Type.String(),
  extensionTo: Nullable(Type.String()),
  extensionReason: Type.String(),
  evidence: Type.String(),
  myRole: Nullable(Type.String()),
  canManage: Type.Boolean(),
  events: Type.Array(ItemEvent),
  version: Type.Integer(),
});
export type Item = Static<typeof Item>;

export const SeriesInput = Obj({
  title: Text(100, 1),
  cadence: Lit(CADENCES),
  convenor: Text(100, 1),
  anchorDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
  anchorMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  startTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5 })),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 600 })),
  topicDeadlineDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
  memberOrgIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
});
export type SeriesInput = Static<typeof SeriesInput>;

export const ItemInput = Obj({
  title: Text(200, 1),
  expectedResult: Text(1000, 1),
  leadOrgId: Id,
  coOrgIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  dueOn: Type.Optional(DateString),
  dueWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type ItemInput = Static<typeof ItemInput>;

const Note = Text(2000);
const V = { version: Type.Integer({ minimum: 1 }) };

const Count = Type.Integer({ minimum: 0 });
export const Figures = Obj({
  held: Count,
  heldByCadence: Type.Array(Obj({ level: Type.String(), cadence: Type.String(), held: Count })),
  decisions: Count,
  items: Obj({ open: Count, overdue: Count, closedOnTime: Count, closedLate: Count }),
  /**
   * The items by lead organization: on-time rate = closed on time / closed (0..1, 3 decimals; null when none closed).
   * Lowest rate first (nulls last), then name; at most 50 rows.
   */
  byLeadOrg: Type.Array(
    Obj({
      orgId: Type.Integer(),
      orgName: Type.String(),
      open: Count,
      overdue: Count,
      closedOnTime: Count,
      closedLate: Count,
      onTimeRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    }),
    { maxItems: 50 },
  ),
  projects: Obj({ on_time: Count, at_risk: Count, late: Count, done: Count }),
});
export type Figures = Static<typeof Figures>;

const FeedPath = Obj({ path: Nullable(Type.String()) });

export const meetings = {
  participants: route({
    method: 'GET',
    url: '/meeting-participants',
    tags,
    summary: 'Organizations and departments of my level that can sit at a meeting, lead an item or co-host a project',
    response: Type.Array(Obj({ id: Type.Integer(), name: Type.String(), typeCode: Type.String() })),
  }),
  listSeries: route({
    method: 'GET',
    url: '/meeting-series',
    tags,
    summary: 'Meeting series I run, take part in, or of my region',
    response: Type.Array(Series),
  }),
  createSeries: route({
    method: 'POST',
    url: '/meeting-series',
    tags,
    summary: 'Create a series run by my organization (the secretariat) at its level',
    body: SeriesInput,
    response: Series,
    status: 201,
  }),
  getSeries: route({
    method: 'GET',
    url: '/meeting-series/:id',
    tags,
    summary: 'A series and its occurrences',
    params: IdParam,
    response: Obj({ series: Series, occurrences: Type.Array(OccurrenceBrief) }),
  }),
  generate: route({
    method: 'POST',
    url: '/meeting-series/:id/occurrences',
    tags,
    summary: 'Schedule occurrences from the cadence between two dates (a non-working day moves to the next working day), or one ad-hoc day',
    params: IdParam,
    body: Obj({ from: Type.Optional(DateString), to: Type.Optional(DateString), day: Type.Optional(DateString) }),
    response: Type.Array(OccurrenceBrief),
    status: 201,
  }),
  listOccurrences: route({
    method: 'GET',
    url: '/meeting-occurrences',
    tags,
    summary: 'Meetings I can see in a date window',
    querystring: Obj({ from: DateString, to: DateString }),
    response: Type.Array(OccurrenceBrief),
  }),
  getOccurrence: route({
    method: 'GET',
    url: '/meeting-occurrences/:id',
    tags,
    summary: 'One meeting: agenda, carried items, attendance, minutes, decisions',
    params: IdParam,
    response: Occurrence,
  }),
  bookRoom: route({
    method: 'PUT',
    url: '/meeting-occurrences/:id/room',
    tags,
    summary: 'Book a venue room for the meeting (conflicts like any booking)',
    params: IdParam,
    body: Obj({ roomId: Id }),
    response: OccurrenceBrief,
  }),
  proposeTopic: route({
    method: 'POST',
    url: '/meeting-occurrences/:id/topics',
    tags,
    summary: 'Propose an agenda topic (members until the deadline; the secretariat any time)',
    params: IdParam,
    body: Obj({ title: Text(200, 1), note: Type.Optional(Text(2000)) }),
    response: Topic,
    status: 201,
  }),
  setAgenda: route({
    method: 'PUT',
    url: '/meeting-occurrences/:id/agenda',
    tags,
    summary: 'Order the accepted topics (the others are declined) and optionally publish the agenda',
    params: IdParam,
    body: Obj({ order: Type.Array(Id, { maxItems: 100 }), publish: Type.Boolean(), ...V }),
    response: Occurrence,
  }),
  setAttendance: route({
    method: 'PUT',
    url: '/meeting-occurrences/:id/attendance',
    tags,
    summary: 'Record attendance of member organizations',
    params: IdParam,
    body: Obj({ rows: Type.Array(Obj({ orgId: Id, status: Lit(ATTENDANCE), delegateName: Type.Optional(Text(50)) }), { maxItems: 200 }) }),
    response: Occurrence,
  }),
  setMinutes: route({
    method: 'PUT',
    url: '/meeting-occurrences/:id/minutes',
    tags,
    summary: 'Record the minutes; held marks the meeting as held',
    params: IdParam,
    body: Obj({ minutes: Text(20000), held: Type.Boolean(), ...V }),
    response: Occurrence,
  }),
  addDecision: route({
    method: 'POST',
    url: '/meeting-occurrences/:id/decisions',
    tags,
    summary: 'Record a decision and the action items it gives to lead organizations',
    params: IdParam,
    body: Obj({ text: Text(2000, 1), items: Type.Array(ItemInput, { maxItems: 20 }) }),
    response: Occurrence,
    status: 201,
  }),
  listItems: route({
    method: 'GET',
    url: '/action-items',
    tags,
    summary: 'Action items my organization leads or co-handles (or of my scope), open first',
    querystring: Obj({ status: Type.Optional(Lit(ITEM_STATUSES)), open: Type.Optional(Type.Boolean()) }),
    response: Type.Array(ItemBrief),
  }),
  supervision: route({
    method: 'GET',
    url: '/action-items/supervision',
    tags,
    summary: "Supervision queue: open items of my level's series, and overdue or stalled items from the levels below; overdue first",
    response: Type.Array(ItemBrief),
  }),
  getItem: route({ method: 'GET', url: '/action-items/:id', tags, summary: 'An action item with its events', params: IdParam, response: Item }),
  respond: route({
    method: 'POST',
    url: '/action-items/:id/respond',
    tags,
    summary: 'The lead accepts the item or asks for clarification',
    params: IdParam,
    body: Obj({ accept: Type.Boolean(), note: Type.Optional(Note), ...V }),
    response: Item,
  }),
  clarify: route({
    method: 'POST',
    url: '/action-items/:id/clarify',
    tags,
    summary: 'The secretariat answers a request for clarification',
    params: IdParam,
    body: Obj({ note: Text(2000, 1), ...V }),
    response: Item,
  }),
  progress: route({
    method: 'POST',
    url: '/action-items/:id/progress',
    tags,
    summary: 'Lead or co-organization reports progress',
    params: IdParam,
    body: Obj({ note: Text(2000, 1) }),
    response: Item,
  }),
  requestExtension: route({
    method: 'POST',
    url: '/action-items/:id/extension',
    tags,
    summary: 'The lead asks for a later deadline',
    params: IdParam,
    body: Obj({ to: DateString, reason: Text(1000, 1), ...V }),
    response: Item,
  }),
  decideExtension: route({
    method: 'POST',
    url: '/action-items/:id/extension/decision',
    tags,
    summary: 'The secretariat grants or refuses the extension',
    params: IdParam,
    body: Obj({ grant: Type.Boolean(), note: Type.Optional(Note), ...V }),
    response: Item,
  }),
  submit: route({
    method: 'POST',
    url: '/action-items/:id/submit',
    tags,
    summary: 'The lead reports completion with evidence',
    params: IdParam,
    body: Obj({ evidence: Text(2000, 1), ...V }),
    response: Item,
  }),
  review: route({
    method: 'POST',
    url: '/action-items/:id/review',
    tags,
    summary: 'The secretariat closes the item or returns it',
    params: IdParam,
    body: Obj({ close: Type.Boolean(), note: Type.Optional(Note), ...V }),
    response: Item,
  }),
  figures: route({
    method: 'GET',
    url: '/meeting-figures',
    tags,
    summary:
      'Meetings held per level and cadence, decisions, action items open, overdue and closed on time or late (in all and per lead organization, with its on-time rate), projects by health: counted from the records in my scope',
    response: Figures,
  }),
  pack: route({
    method: 'GET',
    url: '/meeting-occurrences/:id/pack.pdf',
    tags,
    summary: 'The meeting pack (会议材料) as one PDF: agenda, carried and overdue items, the previous decisions, attendance, projects (audited)',
    params: IdParam,
    response: File,
  }),
  getFeed: route({
    method: 'GET',
    url: '/meeting-feed',
    tags,
    summary: "My organization's secret iCalendar address of its meetings (null when none)",
    response: FeedPath,
  }),
  makeFeed: route({
    method: 'POST',
    url: '/meeting-feed',
    tags,
    summary: "Create my organization's iCalendar address of its meetings, or replace it (rotate: the old address stops working)",
    body: Obj({ rotate: Type.Optional(Type.Boolean()) }),
    response: Obj({ path: Type.String() }),
  }),
  revokeFeed: route({
    method: 'DELETE',
    url: '/meeting-feed',
    tags,
    summary: "Revoke my organization's iCalendar address: it answers 404 from now on",
    response: Ok,
  }),
};
