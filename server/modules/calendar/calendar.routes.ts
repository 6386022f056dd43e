import type { App } from '../../app.js';
import type { Container } from '../../container.js';
import { calendar } from '../../../contracts/calendar.js';
import { AppError } from '../../platform/errors.js';
import { contractRoute } from '../../platform/http/contract.js';
import { ctx } from '../../platform/http/plugin.js';
import { chinaToday } from '../../platform/time.js';
import { arrangementFromIcs } from './official.js';

export function registerCalendarRoutes(app: App, c: Container): void {
  app.route({
    ...contractRoute(calendar.year),
    config: { signedIn: true },
    handler: async (req) => ({ ...(await c.calendar.year(req.params.year)), years: await c.calendar.years() }),
  });
  app.route({
    ...contractRoute(calendar.addWorkingDays),
    config: { signedIn: true },
    handler: async (req) => {
      const d = await c.calendar.deadline(req.query.from, req.query.days);
      return { from: req.query.from, days: req.query.days, result: d.due, provisional: d.provisional };
    },
  });
  app.route({
    ...contractRoute(calendar.setOverride),
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      await c.calendar.setOverride(ctx(req), req.params.day, req.body.kind, req.body.reason);
      return { ok: true };
    },
  });
  app.route({
    ...contractRoute(calendar.status),
    config: { signedIn: true },
    handler: async () => c.calendar.status(chinaToday()),
  });
  app.route({
    ...contractRoute(calendar.enterArrangement),
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      const { source, ics, dryRun } = req.body;
      if (!req.body.days === !ics) throw new AppError('VALIDATION', req.body.days ? 'ics' : 'days', { reason: 'required' });
      const days = req.body.days ?? arrangementFromIcs(ics!, req.params.year);
      const r = await c.calendar.enterArrangement(ctx(req), req.params.year, { source: source.trim(), days, dryRun });
      return { ...r, days };
    },
  });
  app.route({
    ...contractRoute(calendar.removeOverride),
    config: { permission: 'calendar.write' },
    handler: async (req) => {
      await c.calendar.removeOverride(ctx(req), req.params.day);
      return { ok: true };
    },
  });
}
