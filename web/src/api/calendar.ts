import type { calendar } from '@contracts/calendar';
import { endpoint } from './endpoint';

type C = typeof calendar;

export const calendarApi = {
  year: endpoint<C['year']>('GET /calendar/:year'),
  addWorkingDays: endpoint<C['addWorkingDays']>('GET /calendar/add-working-days'),
  setOverride: endpoint<C['setOverride']>('PUT /calendar/overrides/:day'),
  removeOverride: endpoint<C['removeOverride']>('DELETE /calendar/overrides/:day'),
  status: endpoint<C['status']>('GET /calendar/status'),
  enterArrangement: endpoint<C['enterArrangement']>('POST /calendar/years/:year/arrangement'),
};
