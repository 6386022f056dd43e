import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  calendarFromReference,
  CalendarNotCoveredError,
  isWorkday,
  workingDaysBetween,
  workingHoursBetween,
  type CalendarReference,
} from './working-days.js';

const reference = JSON.parse(readFileSync(new URL('../../../data/reference/calendar-cn.json', import.meta.url), 'utf8')) as CalendarReference;
const cal = calendarFromReference(reference);
const at = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => at(local).toISOString();

describe('working days', () => {
  it('counts the 2025 National Day holiday and its make-up days', () => {
    expect(addWorkingDays(cal, '2025-09-30', 1)).toBe('2025-10-09');
    expect(isWorkday(cal, '2025-09-28')).toBe(true);
    expect(isWorkday(cal, '2025-10-11')).toBe(true);
    expect(isWorkday(cal, '2025-10-06')).toBe(false);
    expect(isWorkday(cal, '2026-01-01')).toBe(false);
    expect(workingDaysBetween(cal, '2025-09-30', '2025-10-09')).toBe(1);
  });

  it('counts a plain week: Monday to Friday, not Saturday or Sunday', () => {
    expect(['2025-11-17', '2025-11-21', '2025-11-22', '2025-11-23'].map((d) => isWorkday(cal, d))).toEqual([true, true, false, false]);
    expect(addWorkingDays(cal, '2025-11-21', 1)).toBe('2025-11-24');
  });

  it('counts a deadline across the 2026 Spring Festival', () => {
    // The data: 02-15 … 02-23 off, Saturdays 02-14 and 02-28 are make-up workdays.
    const days = new Map(reference.days.filter((d) => d.date.startsWith('2026-02')).map((d) => [d.date, d.kind]));
    for (let d = 15; d <= 23; d++) expect(days.get(`2026-02-${d}`)).toBe('holiday');
    expect([days.get('2026-02-14'), days.get('2026-02-28')]).toEqual(['workday', 'workday']);

    expect(addWorkingDays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(cal, '2026-02-14', 1)).toBe('2026-02-24');
    // 10 working days from Thursday 02-12: 13, 14, 24, 25, 26, 27, 28, 03-02, 03-03, 03-04.
    expect(addWorkingDays(cal, '2026-02-12', 10)).toBe('2026-03-04');
    expect(workingDaysBetween(cal, '2026-02-12', '2026-03-04')).toBe(10);
    expect(workingDaysBetween(cal, '2026-03-04', '2026-02-12')).toBe(-10);
  });

  it('gives the date itself for n = 0 on a workday, else the next workday', () => {
    expect(addWorkingDays(cal, '2025-10-09', 0)).toBe('2025-10-09');
    expect(addWorkingDays(cal, '2025-10-03', 0)).toBe('2025-10-09');
    expect(addWorkingDays(cal, '2025-09-27', 0)).toBe('2025-09-28');
  });

  it('has the official number of working days in 2025', () => {
    expect(workingDaysBetween(cal, '2024-12-31', '2025-12-31')).toBe(248);
  });

  it('refuses a year it does not cover instead of treating it as all workdays', () => {
    expect(() => isWorkday(cal, '2099-03-02')).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingDays(cal, '2099-03-02', 3)).toThrow(CalendarNotCoveredError);
    const last = Math.max(...cal.years);
    try {
      addWorkingDays(cal, `${last}-12-30`, 5);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarNotCoveredError);
      expect((err as CalendarNotCoveredError).year).toBe(last + 1);
    }
    expect(() => workingDaysBetween(cal, '2003-12-31', '2004-01-05')).toThrow(CalendarNotCoveredError);
    expect(() => addWorkingHours(cal, at('2099-03-02T09:00:00'), 1)).toThrow(CalendarNotCoveredError);
  });

  it('rejects malformed input', () => {
    expect(() => isWorkday(cal, '2025-02-30')).toThrow(RangeError);
    expect(() => isWorkday(cal, '2025-9-1')).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2025-09-01', -1)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, at('2025-09-01T09:00:00'), 1, { periods: [['13:00', '12:00']] })).toThrow(RangeError);
  });
});

describe('working hours (Asia/Shanghai, 09:00–12:00 and 13:30–17:30)', () => {
  it('skips the lunch break', () => {
    expect(addWorkingHours(cal, at('2025-09-25T11:00:00'), 2).toISOString()).toBe(iso('2025-09-25T14:30:00'));
    expect(workingHoursBetween(cal, at('2025-09-25T11:00:00'), at('2025-09-25T14:30:00'))).toBe(2);
    expect(addWorkingHours(cal, at('2025-09-25T09:00:00'), 3).toISOString()).toBe(iso('2025-09-25T12:00:00'));
    expect(addWorkingHours(cal, at('2025-09-25T12:30:00'), 0).toISOString()).toBe(iso('2025-09-25T13:30:00'));
  });

  it('skips a weekend', () => {
    expect(addWorkingHours(cal, at('2025-11-14T17:00:00'), 1).toISOString()).toBe(iso('2025-11-17T09:30:00'));
    expect(workingHoursBetween(cal, at('2025-11-14T16:00:00'), at('2025-11-17T10:00:00'))).toBe(2.5);
  });

  it('works on a make-up Sunday and skips a holiday', () => {
    // Saturday 09-27 is off, Sunday 09-28 is a make-up workday.
    expect(addWorkingHours(cal, at('2025-09-26T16:30:00'), 2).toISOString()).toBe(iso('2025-09-28T10:00:00'));
    // 10-01 … 10-08 are off.
    expect(addWorkingHours(cal, at('2025-09-30T17:00:00'), 1).toISOString()).toBe(iso('2025-10-09T09:30:00'));
    expect(workingHoursBetween(cal, at('2025-09-30T17:00:00'), at('2025-10-09T09:30:00'))).toBe(1);
    expect(workingHoursBetween(cal, at('2025-10-09T09:30:00'), at('2025-09-30T17:00:00'))).toBe(-1);
  });

  it('works across the 2026 Spring Festival and takes a custom schedule', () => {
    expect(addWorkingHours(cal, at('2026-02-14T16:00:00'), 3).toISOString()).toBe(iso('2026-02-24T10:30:00'));
    expect(workingHoursBetween(cal, at('2026-02-14T16:00:00'), at('2026-02-24T10:30:00'))).toBe(3);
    const allDay = { periods: [['08:00', '18:00']] as Array<[string, string]> };
    expect(addWorkingHours(cal, at('2026-02-13T17:00:00'), 2, allDay).toISOString()).toBe(iso('2026-02-14T09:00:00'));
  });

  it('treats instants by China time whatever the host time zone', () => {
    // 2025-10-08T23:30Z is 10-09 07:30 in China: a workday, before office hours.
    expect(addWorkingHours(cal, new Date('2025-10-08T23:30:00Z'), 1).toISOString()).toBe(iso('2025-10-09T10:00:00'));
  });
});
