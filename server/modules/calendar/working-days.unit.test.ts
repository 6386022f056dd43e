import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  calendarFromReference,
  CalendarNotCoveredError,
  isProvisional,
  isWorkday,
  statutoryHolidays,
  workingDaysBetween,
  workingHoursBetween,
} from './working-days.js';
import { officialArrangements } from './official.js';

const reference = officialArrangements();
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

  it('computes a year without an official arrangement from the law: statutory holidays and weekends, no 调休', () => {
    const last = Math.max(...cal.years);
    const next = last + 1;
    expect(isProvisional(cal, `${next}-03-02`)).toBe(true);
    expect(isProvisional(cal, `${last}-03-02`)).toBe(false);
    // 2031: 元旦 Wednesday; 春节 除夕 01-22 … 初三 01-25 (Saturday) given back on Monday 01-27; 中秋 falls on 国庆 10-01,
    // so 10-01 … 10-03, the weekend, and Monday 10-06 given back.
    const y2031 = { ...cal, years: cal.years.filter((y) => y < 2031) };
    expect(isWorkday(y2031, '2031-01-01')).toBe(false);
    expect(['2031-01-22', '2031-01-23', '2031-01-24', '2031-01-27'].map((d) => isWorkday(y2031, d))).toEqual([false, false, false, false]);
    expect(isWorkday(y2031, '2031-01-28')).toBe(true);
    expect(addWorkingDays(y2031, '2031-09-30', 1)).toBe('2031-10-07');
    expect(isProvisional(y2031, '2031-10-07')).toBe(true);
    // A deadline from the last official year into the next is computed, not refused.
    expect(addWorkingDays(cal, `${last}-12-30`, 5) > `${last}-12-31`).toBe(true);
    expect(() => addWorkingHours(cal, at(`${next}-03-02T09:00:00`), 1)).not.toThrow();
  });

  it('refuses only years it cannot compute', () => {
    expect(() => isWorkday(cal, '2101-03-02')).toThrow(CalendarNotCoveredError);
    expect(() => statutoryHolidays(1900)).toThrow(CalendarNotCoveredError);
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

describe('statutory holidays computed from the law, against the official arrangements', () => {
  const official = calendarFromReference(reference);
  const rest = (date: string) => official.holidays.has(date) || (!official.workdays.has(date) && [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()));
  // The State Council extended the 2020 Spring Festival (国办发明电〔2020〕1号) with no make-up days.
  const EXTENSIONS = ['2020-01-30', '2020-01-31'];
  const weekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

  for (let year = 2019; year <= 2026; year++) {
    it(`${year}: every computed statutory day is a day off; every other weekday off is balanced by a make-up workday (调休)`, () => {
      const computed = statutoryHolidays(year);
      for (const date of computed.keys()) expect(rest(date), `${date} ${computed.get(date)}`).toBe(true);
      // Weekdays off that the law does not give are 调休 bridges; each is paid back by a weekend make-up workday.
      const bridges = [...official.holidays].filter((d) => d.startsWith(`${year}-`) && !weekend(d) && !computed.has(d) && !EXTENSIONS.includes(d));
      const makeUps = [...official.workdays].filter((d) => d.startsWith(`${year}-`));
      const crossYear =
        [...official.workdays].filter((d) => d.startsWith(`${year - 1}-12`)).length +
        [...official.holidays].filter((d) => d.startsWith(`${year + 1}-01-0`) && !weekend(d)).length;
      expect(Math.abs(bridges.length - makeUps.length)).toBeLessThanOrEqual(crossYear);
    });
  }

  it('follows the rules in force each year: 4 days of 春节 and 2 of 劳动节 from 2025, 3 and 1 before', () => {
    const count = (year: number, name: string) => [...statutoryHolidays(year).values()].filter((n) => n === name).length;
    // 2024: 初一 02-10 is a Saturday, 初二 a Sunday: three days and two given back (补假).
    expect([...statutoryHolidays(2024)].filter(([, n]) => n === '春节').map(([d]) => d)).toEqual([
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    expect(count(2025, '春节')).toBe(4);
    expect(count(2025, '劳动节')).toBe(2);
    expect(count(2023, '劳动节')).toBe(1);
    expect(statutoryHolidays(2027).get('2027-02-05')).toBe('春节');
  });
});
