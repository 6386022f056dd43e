import { Type } from '@sinclair/typebox';
import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { ctx } from '../../platform/http/plugin.js';
import { DateString, Obj, Ok, Text, withErrors } from '../../platform/http/schemas.js';

const Day = Obj({ date: Type.String(), kind: Type.String(), name: Type.String(), source: Type.String() });

export function registerCalendarRoutes(app: App, c: Container): void {
  const tags = ['calendar'];
  app.get('/calendar/:year', {
    schema: {
      tags,
      summary: 'Holidays, make-up workdays and overrides of a year',
      params: Obj({ year: Type.Integer({ minimum: 1990, maximum: 2100 }) }),
      response: withErrors({ 200: Obj({ year: Type.Integer(), covered: Type.Boolean(), years: Type.Array(Type.Integer()), days: Type.Array(Day) }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ ...(await c.calendar.year(req.params.year)), years: await c.calendar.years() }),
  });
  app.get('/calendar/add-working-days', {
    schema: {
      tags,
      summary: 'The n-th working day after a date (422 for a year the calendar does not cover)',
      querystring: Obj({ from: DateString, days: Type.Integer({ minimum: 0, maximum: 3650 }) }),
      response: withErrors({ 200: Obj({ from: Type.String(), days: Type.Integer(), result: Type.String() }) }),
    },
    config: { signedIn: true },
    handler: async (req) => ({ from: req.query.from, days: req.query.days, result: await c.calendar.addWorkingDays(req.query.from, req.query.days) }),
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
  app.put('/calendar/years/:year', {
    schema: {
      tags,
      summary: 'Declare a year covered after entering its official holiday arrangement as overrides',
      params: Obj({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
      body: Obj({ source: Text(200, 2) }),
      response: withErrors({ 200: Ok }),
    },
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      await c.calendar.declareYear(ctx(req), req.params.year, req.body.source);
      return { ok: true };
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
