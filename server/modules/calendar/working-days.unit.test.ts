import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, calendarFromReference, CalendarNotCoveredError, isWorkday, workingDaysBetween, workingHoursBetween } from './working-days.js';

const cal = calendarFromReference(JSON.parse(readFileSync('data/reference/calendar-cn.json', 'utf8')));
const at = (s: string) => new Date(`${s}+08:00`);

describe('working days', () => {
  it('counts the 2025 National Day holiday and its make-up days', () => {
    expect(addWorkingDays(cal, '2025-09-30', 1)).toBe('2025-10-09');
    expect(isWorkday(cal, '2025-09-28')).toBe(true);
    expect(isWorkday(cal, '2025-10-11')).toBe(true);
    expect(isWorkday(cal, '2026-01-01')).toBe(false);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-10')).toBe(2);
  });

  it('counts across the 2026 Spring Festival', () => {
    // 2026-02-15 … 02-23 off; 02-14 (Sat) and 02-28 (Sat) are make-up workdays.
    expect(isWorkday(cal, '2026-02-14')).toBe(true);
    expect(isWorkday(cal, '2026-02-16')).toBe(false);
    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkingDays(cal, '2026-02-12', 5)).toBe('2026-02-26');
  });

  it('gives the date itself for n = 0 on a workday, else the next workday', () => {
    expect(addWorkingDays(cal, '2025-10-09', 0)).toBe('2025-10-09');
    expect(addWorkingDays(cal, '2025-10-03', 0)).toBe('2025-10-09');
  });

  it('refuses a year it does not cover', () => {
    expect(() => addWorkingDays(cal, '2099-01-05', 1)).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingDays(cal, '2026-12-30', 5)).toThrow(CalendarNotCoveredError);
  });
});

describe('working hours', () => {
  it('skips the lunch break', () => {
    expect(addWorkingHours(cal, at('2025-09-30T11:00:00'), 2).toISOString()).toBe(at('2025-09-30T14:30:00').toISOString());
    expect(workingHoursBetween(cal, at('2025-09-30T11:00:00'), at('2025-09-30T14:30:00'))).toBe(2);
  });

  it('skips a weekend and a holiday', () => {
    // Friday 2025-09-26 16:30 + 2 h → Saturday 09-27 is a normal weekend, Sunday 09-28 is a make-up workday.
    expect(addWorkingHours(cal, at('2025-09-26T16:30:00'), 2).toISOString()).toBe(at('2025-09-28T10:00:00').toISOString());
    // 2025-09-30 17:00 + 1 h → the holiday runs to 10-08, next working hour is 10-09 09:30.
    expect(addWorkingHours(cal, at('2025-09-30T17:00:00'), 1).toISOString()).toBe(at('2025-10-09T09:30:00').toISOString());
    expect(workingHoursBetween(cal, at('2025-09-30T17:00:00'), at('2025-10-09T09:30:00'))).toBe(1);
  });
});
