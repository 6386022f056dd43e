import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { AppError } from '../../platform/errors.js';
import { ctx } from '../../platform/http/plugin.js';
import { chinaToday } from '../../platform/time.js';
import { arrangementFromIcs } from './official.js';
import { DateString, Obj, Ok, Text, withErrors } from '../../platform/http/schemas.js';

const Day = Obj({ date: Type.String(), kind: Type.String(), name: Type.String(), source: Type.String() });

export function registerCalendarRoutes(app: App, c: Container): void {
  const tags = ['calendar'];
  app.get('/calendar/:year', {
    schema: {
      tags,
      summary: 'Holidays, make-up workdays and overrides of a year',
      params: Obj({ year: Type.Integer({ minimum: 1990, maximum: 2100 }) }),
      response: withErrors({ 200: Obj({ year: Type.Integer(), covered: Type.Boolean(), provisional: Type.Boolean(), years: Type.Array(Type.Integer()), days: Type.Array(Day) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ ...(await c.calendar.year(req.params.year)), years: await c.calendar.years() }),
  });
  app.get('/calendar/add-working-days', {
    schema: {
      tags,
      summary: 'The n-th working day after a date; provisional when it lies in a year without an official arrangement',
      querystring: Obj({ from: DateString, days: Type.Integer({ minimum: 0, maximum: 3650 }) }),
      response: withErrors({ 200: Obj({ from: Type.String(), days: Type.Integer(), result: Type.String(), provisional: Type.Boolean() }) }),
    },
    config: { signedIn: true },
    handler: async (req) => {
      const d = await c.calendar.deadline(req.query.from, req.query.days);
      return { from: req.query.from, days: req.query.days, result: d.due, provisional: d.provisional };
    },
  });
  app.put('/calendar/overrides/:day', {
    schema: {
      tags,
      summary: 'Mark a day as holiday or workday, overriding the reference calendar',
      params: Obj({ day: DateString }),
      body: Obj({ kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), reason: Text(100, 1) }),
      response: withErrors({ 200: Ok }),
    },
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      await c.calendar.setOverride(ctx(req), req.params.day, req.body.kind, req.body.reason);
      return { ok: true };
    },
  });
  app.get('/calendar/status', {
    schema: {
      tags,
      summary: 'Which years have an official arrangement; from October, whether next year is still provisional',
      response: withErrors({
        200: Obj({ today: Type.String(), officialYears: Type.Array(Type.Integer()), thisYearOfficial: Type.Boolean(), nextYear: Type.Integer(), nextYearOfficial: Type.Boolean(), warn: Type.Boolean() }),
      }),
    },
    config: { signedIn: true },
    handler: async () => c.calendar.status(chinaToday()),
  });
  const ArrangementDaySchema = Obj({ date: DateString, kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Text(40) });
  app.post('/calendar/years/:year/arrangement', {
    schema: {
      tags,
      summary: "Enter a year's official holiday arrangement (days or an .ics file); moves open provisional deadlines",
      description:
        'With dryRun the arrangement is checked and nothing is kept: the answer lists the days that differ from the provisional year and how many open items would move.',
      params: Obj({ year: Type.Integer({ minimum: 1901, maximum: 2099 }) }),
      body: Obj({
        source: Text(200, 2),
        days: Type.Optional(Type.Array(ArrangementDaySchema, { maxItems: 366 })),
        ics: Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000 })),
        dryRun: Type.Optional(Type.Boolean()),
      }),
      response: withErrors({
        200: Obj({
          year: Type.Integer(),
          applied: Type.Boolean(),
          days: Type.Array(ArrangementDaySchema),
          changes: Type.Array(Obj({ date: Type.String(), kind: Type.String(), name: Type.String(), was: Type.String() })),
          moved: Type.Array(Obj({ kind: Type.String(), moved: Type.Integer() })),
        }),
      }),
    },
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      const { source, ics, dryRun } = req.body;
      if (!req.body.days === !ics) throw new AppError('VALIDATION', req.body.days ? 'ics' : 'days', { reason: 'required' });
      const days = req.body.days ?? arrangementFromIcs(ics!, req.params.year);
      const r = await c.calendar.enterArrangement(ctx(req), req.params.year, { source: source.trim(), days, dryRun });
      return { ...r, days };
    },
  });
  app.delete('/calendar/overrides/:day', {
    schema: { tags, params: Obj({ day: DateString }), response: withErrors({ 200: Ok }) },
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      await c.calendar.removeOverride(ctx(req), req.params.day);
      return { ok: true };
    },
  });
}
