/** Calendar routes: the working-day calendar, its overrides, and the official arrangement of a year. */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Obj, Ok, Text, route } from './core.js';

const tags = ['calendar'] as const;

export const DayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
export type DayKind = Static<typeof DayKind>;
export const CalendarDay = Obj({ date: Type.String(), kind: DayKind, name: Type.String(), source: Type.String() });
export type CalendarDay = Static<typeof CalendarDay>;
export const CalendarYear = Obj({
  year: Type.Integer(),
  covered: Type.Boolean(),
  provisional: Type.Boolean(),
  years: Type.Array(Type.Integer()),
  days: Type.Array(CalendarDay),
});
export type CalendarYear = Static<typeof CalendarYear>;
export const CalendarStatus = Obj({
  today: Type.String(),
  officialYears: Type.Array(Type.Integer()),
  thisYearOfficial: Type.Boolean(),
  nextYear: Type.Integer(),
  nextYearOfficial: Type.Boolean(),
  warn: Type.Boolean(),
});
export type CalendarStatus = Static<typeof CalendarStatus>;
export const ArrangementDay = Obj({ date: DateString, kind: DayKind, name: Text(40) });
export type ArrangementDay = Static<typeof ArrangementDay>;
export const ArrangementResult = Obj({
  year: Type.Integer(),
  applied: Type.Boolean(),
  days: Type.Array(ArrangementDay),
  changes: Type.Array(Obj({ date: Type.String(), kind: Type.String(), name: Type.String(), was: Type.String() })),
  moved: Type.Array(Obj({ kind: Type.String(), moved: Type.Integer() })),
});
export type ArrangementResult = Static<typeof ArrangementResult>;

export const calendar = {
  year: route({
    method: 'GET',
    url: '/calendar/:year',
    tags,
    summary: 'Holidays, make-up workdays and overrides of a year',
    params: Obj({ year: Type.Integer({ minimum: 1990, maximum: 2100 }) }),
    response: CalendarYear,
  }),
  addWorkingDays: route({
    method: 'GET',
    url: '/calendar/add-working-days',
    tags,
    summary: 'The n-th working day after a date; provisional when it lies in a year without an official arrangement',
    querystring: Obj({ from: DateString, days: Type.Integer({ minimum: 0, maximum: 3650 }) }),
    response: Obj({ from: Type.String(), days: Type.Integer(), result: Type.String(), provisional: Type.Boolean() }),
  }),
  setOverride: route({
    method: 'PUT',
    url: '/calendar/overrides/:day',
    tags,
    summary: 'Mark a day as holiday or workday, overriding the reference calendar',
    params: Obj({ day: DateString }),
    body: Obj({ kind: DayKind, reason: Text(100, 1) }),
    response: Ok,
  }),
  removeOverride: route({
    method: 'DELETE',
    url: '/calendar/overrides/:day',
    tags,
    summary: 'Remove an override: the day follows the reference calendar again',
    params: Obj({ day: DateString }),
    response: Ok,
  }),
  status: route({
    method: 'GET',
    url: '/calendar/status',
    tags,
    summary: 'Which years have an official arrangement; from October, whether next year is still provisional',
    response: CalendarStatus,
  }),
  enterArrangement: route({
    method: 'POST',
    url: '/calendar/years/:year/arrangement',
    tags,
    summary: "Enter a year's official holiday arrangement (days or an .ics file); moves open provisional deadlines",
    description:
      'With dryRun the arrangement is checked and nothing is kept: the answer lists the days that differ from the provisional year and how many open items would move.',
    params: Obj({ year: Type.Integer({ minimum: 1901, maximum: 2099 }) }),
    body: Obj({
      source: Text(200, 2),
      days: Type.Optional(Type.Array(ArrangementDay, { maxItems: 366 })),
      ics: Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000 })),
      dryRun: Type.Optional(Type.Boolean()),
    }),
    response: ArrangementResult,
  }),
};
